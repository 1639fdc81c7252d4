"""Shared messages in real Chromium: a run change reaches every phone of a language as one `shared` message that
shared_props.js writes into the "now" view, and a phone that missed it while its socket was down catches up when it
reconnects, without a reload."""

from __future__ import annotations

import json

from playwright.sync_api import Page, expect

from .conftest import EventServer
from .helpers import join

FIRST = 'Velkommen – derfor er vi her i dag'
SECOND = 'Kunden som nesten gikk'
THIRD = 'Tre mål for 2027'


def record_messages(phone: Page) -> list[tuple[str, str]]:
    """Every Socket.IO event the phone's websocket receives from now on, as (event name, its data as JSON text)."""
    received: list[tuple[str, str]] = []

    def on_socket(socket) -> None:
        def on_frame(payload) -> None:
            if isinstance(payload, str) and payload.startswith('42'):
                name, *data = json.loads(payload[2:])
                received.append((name, json.dumps(data, ensure_ascii=False)))

        socket.on('framereceived', on_frame)

    phone.on('websocket', on_socket)
    return received


def test_a_run_change_reaches_each_language_as_one_shared_message(server: EventServer, desktop, phone_context) -> None:
    phones = []
    for name, lang in (('Kari', 'nb'), ('Ola', 'en')):
        phone = phone_context().new_page()
        received = record_messages(phone)
        join(phone, server.join_url(), name, 'Salg')
        if lang == 'en':
            phone.get_by_test_id('switch-language').click()
            expect(phone.get_by_test_id('greeting')).to_have_text(f'Hi, {name}!')
        phones.append((phone, received))
    panel = desktop(1440, 900).new_page()
    panel.goto(server.facilitator_url)
    panel.get_by_test_id('primary').click()
    expect(panel.get_by_test_id('feedback')).to_have_text('Dagen er i gang!')

    for phone, received in phones:
        expect(phone.get_by_test_id('session-title')).to_have_text(FIRST)
        expect(phone.get_by_test_id('beat')).not_to_be_empty()
        carrying = [name for name, data in received if FIRST in data]
        assert carrying == ['shared'], f'the session came in {carrying}, not in one shared message'
    nb_frame = next(frame for name, frame in phones[0][1] if name == 'shared' and 'now:nb' in frame)
    en_frame = next(frame for name, frame in phones[1][1] if name == 'shared' and 'now:en' in frame)
    assert 'Åpning' in nb_frame and 'Opening' in en_frame  # each language its own words


def test_a_phone_that_missed_a_run_change_catches_up_on_reconnect(server: EventServer, desktop, phone_context) -> None:
    phone, witness = phone_context().new_page(), phone_context().new_page()
    wifi = {'up': True}

    def through_wifi(socket) -> None:  # every websocket the phone opens goes through here
        if wifi['up']:
            socket.connect_to_server()
        else:
            socket.close()

    phone.route_web_socket('**/_nicegui_ws/**', through_wifi)
    join(phone, server.join_url(), 'Kari', 'Salg')
    join(witness, server.join_url(), 'Ola', 'Drift')
    panel = desktop(1440, 900).new_page()
    panel.goto(server.facilitator_url)
    panel.get_by_test_id('primary').click()
    expect(phone.get_by_test_id('session-title')).to_have_text(FIRST)
    phone.evaluate('window.sameDocument = true')

    wifi['up'] = False  # the phone's Wi-Fi drops: its socket closes, and every reconnect attempt fails
    phone.evaluate('window.socket.io.engine.close()')
    panel.get_by_test_id('primary').click()
    panel.get_by_test_id('primary').click()
    expect(witness.get_by_test_id('session-title')).to_have_text(THIRD)
    expect(phone.get_by_test_id('session-title')).to_have_text(FIRST)  # it cannot know yet

    wifi['up'] = True  # and comes back: socket.io-client reconnects by itself
    expect(phone.get_by_test_id('session-title')).to_have_text(THIRD, timeout=15_000)
    assert phone.evaluate('window.sameDocument') is True, 'caught up without a reload'

    panel.get_by_test_id('primary').click()  # and follows the next change as before
    for each in (phone, witness):
        expect(each.get_by_test_id('session-title')).to_have_text('Pause')


def test_a_phone_with_its_own_pledge_leaves_the_shared_pledge_form(server: EventServer, desktop, phone_context) -> None:
    """The commitment session brings every phone the form with its own defaults, in one shared message; once a phone
    saved its pledge the form is its own: moving on hides the others' forms and keeps this one."""
    kari, ola = phone_context().new_page(), phone_context().new_page()
    received = record_messages(ola)
    join(kari, server.join_url(), 'Kari', 'Salg')
    join(ola, server.join_url(), 'Ola', 'Drift')
    panel = desktop(1440, 900).new_page()
    panel.goto(server.facilitator_url)
    panel.get_by_test_id('primary').click()
    panel.get_by_test_id('jump-forpliktelse').click()
    for phone, name in ((kari, 'Kari'), (ola, 'Ola')):
        expect(phone.get_by_test_id('pledge-name')).to_have_value(name)
        expect(phone.get_by_test_id('pledge-deadline')).to_have_value('2027-01-17T16:00')
    assert any(name == 'shared' and '"pledge:nb"' in data and '"form"' in data for name, data in received)

    kari.get_by_test_id('pledge-text').fill('Ringe tre kunder før fredag')
    kari.get_by_test_id('pledge-goal').get_by_text('1. Kundetillit').click()
    kari.get_by_test_id('pledge-save').click()
    expect(kari.get_by_test_id('pledge-status')).to_have_text('Lagret! Løftet ditt er med.')

    panel.get_by_test_id('jump-mini-retro').click()  # the day moves on past the commitment sessions
    expect(ola.get_by_test_id('pledge')).to_be_hidden()
    expect(kari.get_by_test_id('pledge-text')).to_have_value('Ringe tre kunder før fredag')
    expect(kari.get_by_test_id('pledge-save')).to_be_visible()


def test_the_room_s_questions_reach_each_sort_order_as_one_shared_message(
    server: EventServer, desktop, phone_context
) -> None:
    """A question and a vote reach the phones listing by votes and by time on two channels; the asker's and the
    voter's own answers still come at once, in their own updates."""
    asker, newest = phone_context().new_page(), phone_context().new_page()
    received = record_messages(newest)
    join(asker, server.join_url(), 'Kari', 'Salg')
    join(newest, server.join_url(), 'Ola', 'Drift')
    newest.get_by_test_id('q-sort').get_by_text('Nyeste').click()

    asker.get_by_test_id('q-input').fill('Hva betyr målene for kundeservice?')
    asker.get_by_test_id('q-send').click()
    expect(asker.get_by_test_id('q-status')).to_have_text('Sendt! Takk for spørsmålet.')
    for phone in (asker, newest):
        expect(phone.get_by_test_id('q-list')).to_contain_text('Hva betyr målene for kundeservice?')
    carrying = [name for name, data in received if 'Hva betyr målene' in data]
    assert carrying == ['shared'] and any('"questions:new"' in data for _, data in received)

    newest.get_by_test_id('q-list').get_by_role('button').first.click()  # an upvote: pressed at once on this phone
    expect(newest.get_by_test_id('q-list').get_by_role('button').first).to_have_attribute('aria-pressed', 'true')
    expect(asker.get_by_test_id('q-list')).to_contain_text('▲ 1')  # and the room's count follows


def test_a_phone_that_lost_its_saved_answer_and_the_pulse_closing_ends_on_the_closed_note(
    server: EventServer, desktop, phone_context
) -> None:
    """Send reaches the server, but "Saved" and the pulse closing are lost in a Wi-Fi drop. After the reconnect
    NiceGUI replays "Saved" (the form as it was then); the phone must still end on what is true now: closed."""
    phone = phone_context().new_page()
    wifi = {'down': False}
    sockets = []

    def through_wifi(socket) -> None:
        server_side = socket.connect_to_server()
        server_side.on_message(lambda message: None if wifi['down'] else socket.send(message))
        sockets.append(socket)

    phone.route_web_socket('**/_nicegui_ws/**', through_wifi)
    join(phone, server.join_url(), 'Kari', 'Salg')
    screen = desktop(1920, 1080).new_page()
    screen.goto(server.screen_url)
    panel = desktop(1440, 900).new_page()
    panel.goto(server.facilitator_url)
    panel.get_by_test_id('primary').click()
    panel.get_by_test_id('view-pulse').click()
    panel.get_by_test_id('pulse-open').click()
    form = phone.get_by_test_id('pulse-form')
    for statement in ('energy', 'relevance', 'learning', 'safety'):
        form.get_by_test_id(f'scale-{statement}').get_by_role('button', name='4', exact=True).click()

    phone.evaluate('window.sameDocument = true')
    wifi['down'] = True  # from here the phone hears nothing, though what it sends still arrives
    phone.get_by_test_id('pulse-send').click()
    expect(screen.get_by_test_id('pulse-answered')).to_have_text('1 av 1')
    panel.get_by_test_id('pulse-close').click()
    expect(panel.get_by_test_id('pulse-feedback')).to_contain_text('stengt')
    expect(phone.get_by_test_id('pulse-send')).to_be_visible()  # it cannot know yet

    wifi['down'] = False
    sockets[-1].close()  # the dead connection ends; socket.io-client reconnects by itself
    expect(phone.get_by_test_id('pulse-note')).to_contain_text('er stengt. Takk!', timeout=15_000)
    expect(phone.get_by_test_id('pulse-send')).to_have_count(0)
    assert phone.evaluate('window.sameDocument') is True, 'caught up without a reload'


def test_the_exercise_card_leaves_every_phone_in_one_message_and_the_tables_stay(
    server: EventServer, desktop, phone_context
) -> None:
    """Seated for the customer case, the room moves on to its debrief: the card's texts go in one shared message per
    language, and each phone keeps its own table (nothing of its own was sent again)."""
    phones = [phone_context().new_page() for _ in range(4)]
    received = record_messages(phones[0])
    for phone, name in zip(phones, ('Kari', 'Ola', 'Per', 'Åse'), strict=True):
        join(phone, server.join_url(), name, 'Salg')
    panel = desktop(1440, 900).new_page()
    panel.goto(server.facilitator_url)
    panel.get_by_test_id('jump-ovelse-kundecase').click()
    for phone in phones:
        expect(phone.get_by_test_id('exercise-title')).to_have_text('Kundecase ved bordet')
    table = phones[0].get_by_test_id('table').inner_text()
    before = len(received)

    panel.get_by_test_id('jump-debrief-kundecase').click()
    for phone in phones:
        expect(phone.get_by_test_id('exercise-title')).to_have_count(0)
        expect(phone.get_by_test_id('table')).to_be_visible()
    expect(phones[0].get_by_test_id('table')).to_have_text(table)
    later = received[before:]
    assert any(name == 'shared' and '"round:nb"' in data for name, data in later)
    assert not any(name == 'update' and 'Bord' in data for name, data in later), 'the seat was sent again'
