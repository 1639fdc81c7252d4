"""The pulse as people use it: the facilitator opens it, phones answer and change their answer, the big screen shows
participation only, then the results after close and reveal; the panel flags low safety with the method's advice."""

from __future__ import annotations

from nicegui.testing import User

from .conftest import FACILITATOR, SCREEN, until
from .test_pages import event_code, join

FIRST = 'Velkommen – derfor er vi her i dag'
STATEMENTS = ('energy', 'relevance', 'learning', 'safety')


def form(phone: User):
    """The phone's pulse form: one element (pulse_form.js) whose props say what the phone shows."""
    assert phone.client
    return next(e for e in phone.client.elements.values() if 'pulse-form' in e._markers)  # visible or not


def send(phone: User, values: dict[str, int], word: str = '') -> None:
    """Tap a number on each statement's row of five (taps stay in the browser), then Send: the component's
    `answer` event, with the arguments the browser sends."""
    props = form(phone).props
    chosen = {s['id']: values.get(s['id']) for s in props['statements']}
    phone.find(marker='pulse-form').trigger('answer', {'session': props['session'], 'values': chosen, 'word': word})


async def answer(phone: User, values: tuple[int, int, int, int], word: str = '') -> None:
    send(phone, dict(zip(STATEMENTS, values, strict=True)), word)
    await phone.should_see('Lagret. Du kan endre til pulsen stenger.')


async def start_day(panel: User) -> None:
    await panel.open(f'/facilitator?k={FACILITATOR}')
    panel.find(marker='primary').click()
    await panel.should_see('Dagen er i gang!')


async def test_open_answer_change_close_and_reveal(create_user) -> None:
    screen, panel, phone, late = create_user(), create_user(), create_user(), create_user()
    code = await event_code(screen)
    await join(phone, code, name='Kari')
    await start_day(panel)
    await phone.should_not_see('Hvor mye energi har du nå?')
    element = form(phone)  # built once with the page, empty until a pulse opens
    assert element.props['open'] is False and not element.props['note']
    panel.find(marker='view-pulse').click()
    await screen.should_see('Ingen puls ennå')

    panel.find(marker='pulse-open').click()
    await panel.should_see('Pulsen er åpen på mobilene.')
    await phone.should_see(f'Kort puls: {FIRST}')
    await phone.should_see('Jeg kunne spurt eller vært uenig her uten risiko.')
    await screen.should_see('0 av 1')
    send(phone, {})
    await phone.should_see('Velg et tall på hver linje først.')
    assert form(phone).props['status']['ok'] is False
    assert form(phone).props['saved'] is None
    await screen.should_see('0 av 1')

    await answer(phone, (4, 5, 3, 4), 'Inspirerende')
    await screen.should_see('1 av 1')
    await screen.should_not_see('Snitt')  # no results while open
    await panel.should_see(f'Åpen: «{FIRST}» · 1 av 1 har svart')

    assert form(phone).props['saved'] == {
        'values': {'energy': 4, 'relevance': 5, 'learning': 3, 'safety': 4},
        'word': 'Inspirerende',
    }
    seq = form(phone).props['status']['seq']
    send(phone, {'energy': 2, 'relevance': 5, 'learning': 3, 'safety': 4}, 'Inspirerende')
    await until(lambda: form(phone).props['status']['seq'] == seq + 1)  # a fresh answer from the server
    await phone.should_see('Lagret. Du kan endre til pulsen stenger.')
    assert form(phone).props['saved']['values']['energy'] == 2
    await phone.should_see('Endre svar')
    await screen.should_see('1 av 1')

    panel.find(marker='pulse-close').click()
    await panel.should_see('Pulsen er stengt. Svarene er låst.')
    await phone.should_see(f'Pulsen etter «{FIRST}» er stengt. Takk!')
    await phone.should_not_see('Hvor mye energi har du nå?')
    assert form(phone) is element and element.props['open'] is False  # the same element, only its props changed
    await screen.should_see('Pulsen er stengt · 1 svar')
    await join(late, code, name='Per', department='Drift')
    await late.should_see(f'Pulsen etter «{FIRST}» er stengt. Takk!')
    await late.should_not_see('Hvor mye energi har du nå?')

    panel.find(marker='pulse-reveal').click()
    await panel.should_see('Resultatene er klare.', retries=5)
    await screen.should_see('For få svar til å vise (1). Vi viser resultater fra 5 svar.')
    await screen.should_not_see('Snitt')


async def test_a_phone_that_reloads_during_the_pulse_sees_its_answer_then_the_closed_note(create_user) -> None:
    screen, panel, kari, ola = create_user(), create_user(), create_user(), create_user()
    code = await event_code(screen)
    await join(kari, code, name='Kari')
    await join(ola, code, name='Ola')
    await start_day(panel)
    panel.find(marker='pulse-open').click()
    await kari.should_see(f'Kort puls: {FIRST}')
    await answer(kari, (4, 5, 3, 4), 'Inspirerende')

    await kari.open(f'/j/{code}')  # the phone reloads: a new page while the pulse is open

    await kari.should_see(f'Kort puls: {FIRST}')
    await kari.should_see('Lagret. Du kan endre til pulsen stenger.')
    await kari.should_see('Endre svar')
    assert form(kari).props['saved'] == {
        'values': {'energy': 4, 'relevance': 5, 'learning': 3, 'safety': 4},
        'word': 'inspirerende',  # as stored (words are kept in lower case for the cloud)
    }
    await ola.should_see('Send')  # the other phone's form is its own: nothing saved
    assert form(ola).props['saved'] is None
    await ola.should_not_see('Lagret. Du kan endre til pulsen stenger.')

    panel.find(marker='pulse-close').click()
    for phone in (kari, ola):
        await phone.should_see(f'Pulsen etter «{FIRST}» er stengt. Takk!')
        await phone.should_not_see('Endre svar')
        await phone.should_not_see('Hvor mye energi har du nå?')
    panel.find(marker='pulse-reveal').click()
    await kari.should_not_see(f'Pulsen etter «{FIRST}» er stengt. Takk!')  # the note goes once results are out


async def room_of_five(create_user) -> tuple[User, User, list[User]]:
    """A big screen, a panel and five joined phones, with the day started: the smallest room that shows results."""
    screen, panel = create_user(), create_user()
    phones = [create_user() for _ in range(5)]
    code = await event_code(screen)
    for i, phone in enumerate(phones):
        await join(phone, code, name=f'P{i}')
    await start_day(panel)
    return screen, panel, phones


async def test_five_phones_reveal_bars_means_and_a_word_cloud(create_user) -> None:
    screen, panel, phones = await room_of_five(create_user)
    panel.find(marker='view-pulse').click()
    panel.find(marker='pulse-open').click()
    for phone, energy in zip(phones, (5, 4, 4, 3, 4), strict=True):
        await phone.should_see('Hvor mye energi har du nå?')
        await answer(phone, (energy, 4, 4, 5), 'Motiverende')
    await screen.should_see('5 av 5')
    panel.find(marker='pulse-close').click()
    await screen.should_see('Resultatene kommer straks.')
    await screen.should_not_see('Snitt')
    panel.find(marker='pulse-reveal').click()

    await screen.should_see('Snitt')
    await screen.should_see('4,0')  # energy and the three others' means
    await screen.should_see('5,0')
    await screen.should_see(marker='pulse-cloud', retries=50)
    panel.find(marker='view-energy').click()
    await screen.should_see('Dagens energi')
    await screen.should_see('Planlagt')


async def test_a_phone_in_english_gets_the_english_statements(create_user) -> None:
    screen, panel, phone = create_user(), create_user(), create_user()
    code = await event_code(screen)
    await join(phone, code, name='Nora')
    phone.find(marker='switch-language').click()
    await phone.should_see('Hi, Nora!')
    await start_day(panel)
    panel.find(marker='pulse-open').click()

    await phone.should_see('How much energy do you have right now?')
    await phone.should_see('I could ask or disagree here without risk.')


async def test_a_break_gets_no_pulse_and_the_panel_says_so(user: User) -> None:
    await start_day(user)
    user.find(marker='jump-pause-formiddag').click()
    await user.should_see('Økt 4 av 23')

    user.find(marker='pulse-open').click()

    await user.should_see('Pauser får ingen puls – la folk ta pausen i fred.')
    await user.should_see('Ingen puls er åpnet ennå.')


async def test_low_safety_is_flagged_on_the_panel_with_the_methods_advice(create_user) -> None:
    _screen, panel, phones = await room_of_five(create_user)
    await panel.should_see('Ingen varsler. Tryggheten holder seg.')
    panel.find(marker='pulse-open').click()
    for phone in phones:
        await phone.should_see('Hvor mye energi har du nå?')
        await answer(phone, (3, 3, 3, 2))
    await panel.should_see('Ingen varsler. Tryggheten holder seg.')  # not while open

    panel.find(marker='pulse-close').click()

    await panel.should_see(f'«{FIRST}»: trygghet 2,0 – under 3,5.')
    await panel.should_see('→ Del i mindre grupper: bord på fire, og la alle få ordet.')
    await panel.should_see('→ La lederen stille åpne spørsmål og takke for uenighet.')


async def test_screen_key_is_still_required_for_the_pulse_views(user: User) -> None:
    await user.open(f'/screen?k={SCREEN}x')
    await user.should_not_see('Ingen puls ennå')


async def test_saved_only_after_the_answer_is_flushed_to_disk(create_user, monkeypatch) -> None:
    """The answer is committed relaxed; "saved" waits for the disk flush that covers it (store/durability.py)."""
    import threading

    from eventapp.store import durability

    panel, phone = create_user(), create_user()
    await join(phone, await event_code(create_user()), name='Kari')
    await start_day(panel)
    panel.find(marker='pulse-open').click()
    await phone.should_see(f'Kort puls: {FIRST}')
    release = threading.Event()
    original = durability.WalFlusher.flush
    monkeypatch.setattr(durability.WalFlusher, 'flush', lambda self: (release.wait(5), original(self)))
    seq = form(phone).props['status']['seq']
    send(phone, dict(zip(STATEMENTS, (4, 4, 4, 4), strict=True)))
    await panel.should_see('1 av 1 har svart')  # committed: the room sees the count ...
    assert form(phone).props['status']['seq'] == seq  # ... but the phone is not told "saved" before the flush
    release.set()
    await until(lambda: form(phone).props['status']['seq'] == seq + 1)
    assert form(phone).props['status']['text'] == 'Lagret. Du kan endre til pulsen stenger.'
