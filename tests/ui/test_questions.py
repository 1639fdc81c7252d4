"""Anonymous questions as people use them, on NiceGUI's simulated users: phones ask and vote, the facilitator
moderates, the big screen follows."""

from __future__ import annotations

import asyncio
import secrets

from nicegui import ui
from nicegui.testing import User

from eventapp.ui import questions_panel
from eventapp.ui.questions_screen import ROW_HEIGHT

from .conftest import FACILITATOR, SCREEN, until
from .test_pages import event_code, join

TOKEN_A, TOKEN_B = 'a1' * 16, 'b2' * 16
COALESCED = 45
"""Retries (0.1 s each) for what a phone sees of other phones' actions: phone lists follow new questions about a
second after the last update and vote counts about three seconds after (ui/questions.py VOTES_INTERVAL)."""


def section(user: User) -> ui.element:
    """The phone's question section: one element (questions_phone.js) whose props say what the phone shows."""
    return next(iter(user.find(marker='questions').elements))


async def phone(create_user, code: str, name: str, token: str, mine: list | None = None) -> User:
    """A joined phone whose browser storage has reported its vote token (and its own questions, if any)."""
    user = create_user()
    await join(user, code, name=name)
    user.find(marker='questions').trigger('restore', {'token': token, 'mine': mine or []})
    return user


def send(user: User, text: str, submission: str | None = None) -> None:
    """Type a question (it stays in the browser) and tap Send: the component's `ask` event, with the submission id
    the phone's storage holds (a fresh one for each question, the same one for a replay)."""
    user.find(marker='questions').trigger('ask', {'text': text, 'submission': submission or secrets.token_hex(16)})


async def ask(user: User, text: str) -> None:
    """Send and wait for the server's answer (as the phone does: Send waits while "Sending ...")."""
    seq = section(user).props['status']['seq']
    send(user, text)
    await until(lambda: section(user).props['status']['seq'] > seq)


def tap_vote(user: User, question_id: int) -> None:
    """Tap the vote button of a listed question: the `vote` event names the question the row showed."""
    user.find(marker='questions').trigger('vote', {'id': question_id})


def listed(user: User) -> list[str]:
    return [q['text'] for q in section(user).props['items']]


async def lists(user: User, texts: list[str]) -> None:
    """Wait until the phone lists these questions in this order (its list follows the room about once a second)."""
    for _ in range(COALESCED):
        if listed(user) == texts:
            return
        await asyncio.sleep(0.1)
    assert listed(user) == texts


async def open_panel_and_screen(create_user) -> tuple[User, User]:
    screen, panel = create_user(), create_user()
    await screen.open(f'/screen?k={SCREEN}')
    await panel.open(f'/facilitator?k={FACILITATOR}')
    panel.find(marker='view-questions').click()
    await screen.should_see('Spørsmål fra salen')
    return screen, panel


async def test_ask_shows_sent_keeps_it_in_my_list_and_on_every_surface(create_user) -> None:
    screen, panel = await open_panel_and_screen(create_user)
    kari = await phone(create_user, await event_code(create_user()), 'Kari', TOKEN_A)
    await kari.should_see('Spør anonymt')
    await kari.should_see('Ingen spørsmål ennå. Vær den første!')
    await kari.should_not_see('Dine spørsmål')  # nothing asked from this phone yet
    send(kari, 'Hvorfor flytter vi  kontoret?')
    await kari.should_see('Sendt! Takk for spørsmålet.')
    await kari.should_see('Dine spørsmål')
    await kari.should_see('Lagret bare på denne telefonen, ikke hos oss.')
    await kari.should_see('Synlig for alle')
    confirmed = section(kari).props['confirmed']  # the browser keeps it in its own list and clears the box
    assert (confirmed['id'], confirmed['text']) == (1, 'Hvorfor flytter vi kontoret?')
    await screen.should_see('Hvorfor flytter vi kontoret?')
    await screen.should_see('1 spørsmål')
    await panel.should_see('Venter 0 · Synlige 1 · Skjult 0 · Besvart 0')
    await kari.should_see('Hvorfor flytter vi kontoret?', retries=COALESCED)  # the room's list, within a second


async def test_refusals_are_clear_messages_and_store_nothing(create_user) -> None:
    screen, _ = await open_panel_and_screen(create_user)
    kari = await phone(create_user, await event_code(create_user()), 'Kari', TOKEN_A)
    send(kari, '   ')
    await kari.should_see('Skriv et spørsmål først.')
    assert section(kari).props['status']['ok'] is False
    send(kari, 'x' * 281)
    await kari.should_see('Litt for langt: høyst 280 tegn.')
    assert section(kari).props.get('confirmed') is None  # nothing to keep: the box keeps the text
    for n in range(3):
        await ask(kari, f'Spørsmål nummer {n}')
        await kari.should_see('Sendt! Takk for spørsmålet.')
    await ask(kari, 'Et fjerde på samme minutt')
    await kari.should_see('Vent et minutt og prøv igjen.')
    await screen.should_see('3 spørsmål')
    await screen.should_not_see('Et fjerde på samme minutt')


async def test_a_replayed_send_makes_one_question(create_user) -> None:
    screen, _ = await open_panel_and_screen(create_user)
    kari = await phone(create_user, await event_code(create_user()), 'Kari', TOKEN_A)
    submission = 'c3' * 16
    send(kari, 'Bare én gang', submission)
    await kari.should_see('Sendt! Takk for spørsmålet.')
    seq = section(kari).props['status']['seq']
    send(kari, 'Bare én gang', submission)  # the message arrives again, text and all
    await kari.should_see('Det spørsmålet er allerede sendt.')
    assert section(kari).props['status']['seq'] == seq + 1
    assert section(kari).props['confirmed']['id'] == 1  # the stored question, confirmed again
    await screen.should_see('1 spørsmål')


def screen_rank(screen: User, text: str) -> int:
    """Where a question stands on the big screen: rows are moved by rank (translateY of rank x row height)."""
    board = screen.find(marker='q-board').elements.pop()
    for row in board.default_slot.children:
        if any(getattr(child, 'text', None) == text for child in row.default_slot.children):
            return int(row.style['transform'].removeprefix('translateY(').removesuffix('px)')) // ROW_HEIGHT
    raise AssertionError(f'{text!r} is not on the big screen')


async def test_vote_once_withdraw_and_the_screen_reorders(create_user) -> None:
    screen, _ = await open_panel_and_screen(create_user)
    code = await event_code(create_user())
    kari = await phone(create_user, code, 'Kari', TOKEN_A)
    ola = await phone(create_user, code, 'Ola', TOKEN_B)
    await ask(kari, 'Første spørsmål')  # question 1
    await kari.should_see('Sendt!')
    await ask(kari, 'Andre spørsmål')  # question 2
    await kari.should_see('Sendt!')
    await ola.should_see('Andre spørsmål', retries=COALESCED)
    assert (screen_rank(screen, 'Andre spørsmål'), screen_rank(screen, 'Første spørsmål')) == (0, 1)  # newest first

    tap_vote(ola, 1)
    await ola.should_see('▲ 1')  # at once on this phone, not with the next flush
    assert tuple(section(ola).props['voted']) == (1,)
    await screen.should_see('stemme')
    assert (screen_rank(screen, 'Første spørsmål'), screen_rank(screen, 'Andre spørsmål')) == (0, 1)
    await kari.should_see('▲ 1', retries=COALESCED)
    assert tuple(section(kari).props['voted']) == ()

    tap_vote(ola, 1)  # a second tap takes the vote back
    await screen.should_see('stemmer')
    await until(lambda: tuple(section(ola).props['voted']) == ())  # the phone's answer follows the disk flush
    assert [q['votes'] for q in section(ola).props['items'] if q['id'] == 1] == [0]
    assert (screen_rank(screen, 'Andre spørsmål'), screen_rank(screen, 'Første spørsmål')) == (0, 1)


async def test_sorting_by_newest_and_a_vote_on_a_question_that_left(create_user) -> None:
    _, panel = await open_panel_and_screen(create_user)
    code = await event_code(create_user())
    kari = await phone(create_user, code, 'Kari', TOKEN_A)
    for text in ('Første spørsmål', 'Andre spørsmål', 'Tredje spørsmål'):
        await ask(kari, text)
        await kari.should_see('Sendt!')
    await kari.should_see('Tredje spørsmål', retries=COALESCED)
    tap_vote(kari, 1)
    await kari.should_see('▲ 1')
    await lists(kari, ['Første spørsmål', 'Tredje spørsmål', 'Andre spørsmål'])  # re-ordered with the next flush
    kari.find(marker='questions').trigger('sort', {'sort': 'new'})
    await kari.should_see('Tredje spørsmål')
    assert section(kari).props['sort'] == 'new'
    assert listed(kari) == ['Tredje spørsmål', 'Andre spørsmål', 'Første spørsmål']
    assert tuple(section(kari).props['voted']) == (1,)

    panel.find(marker='q-hide-2').click()
    panel.find(marker='q-hide-confirm').click()
    await panel.should_see('Skjult fra alle skjermer.')
    await kari.should_not_see('Andre spørsmål')  # moderation reaches phones at once
    tap_vote(kari, 2)  # the row still showed it when the finger came down
    await kari.should_see('Det spørsmålet tar ikke imot stemmer nå.')
    assert listed(kari) == ['Tredje spørsmål', 'Første spørsmål']


async def test_a_phone_shows_its_earlier_questions_and_votes_from_its_storage(create_user) -> None:
    """A browser whose storage holds a vote token and its own questions (say, after its cookie was cleared) gets its
    votes and its questions' states back: the list it was built with does not pin a token of the server's own."""
    code = await event_code(create_user())
    kari = await phone(create_user, code, 'Kari', TOKEN_A)
    await ask(kari, 'Hvorfor flytter vi kontoret?')
    await kari.should_see('Hvorfor flytter vi kontoret?', retries=COALESCED)
    tap_vote(kari, 1)
    await kari.should_see('▲ 1')

    again = await phone(
        create_user, code, 'Kari igjen', TOKEN_A, mine=[{'id': 1, 'text': 'Hvorfor flytter vi kontoret?'}]
    )
    await again.should_see('Synlig for alle')
    assert tuple(section(again).props['voted']) == (1,)
    assert section(again).props.get('token') is None  # its own token stands
    tap_vote(again, 1)  # the same browser: a tap takes its vote back instead of voting twice
    await again.should_see('▲ 0')


async def test_each_moderation_action(create_user) -> None:
    screen, panel = await open_panel_and_screen(create_user)
    code = await event_code(create_user())
    kari = await phone(create_user, code, 'Kari', TOKEN_A)
    ola = await phone(create_user, code, 'Ola', TOKEN_B)

    mode = panel.find(marker='q-mode').elements.pop()
    with panel.client:
        mode.set_value('approval')  # the simulated user cannot click a toggle's option; this is what the click does
    await panel.should_see('Nye spørsmål venter på godkjenning.')
    await ask(kari, 'Kan vi få hjemmekontor på fredager?')
    await kari.should_see('Sendt! Det vises når ordstyrer har sett på det.')
    await kari.should_see('Venter på godkjenning')
    await panel.should_see('Venter 1 · Synlige 0', retries=COALESCED)  # new questions reach the panel with the feed
    await screen.should_not_see('Kan vi få hjemmekontor på fredager?')
    await ola.should_not_see('Kan vi få hjemmekontor på fredager?')

    panel.find(marker='q-approve-1').click()
    await panel.should_see('Godkjent – synlig for alle.')
    await screen.should_see('Kan vi få hjemmekontor på fredager?')
    await ola.should_see('Kan vi få hjemmekontor på fredager?', retries=COALESCED)
    await kari.should_see('Synlig for alle', retries=COALESCED)

    panel.find(marker='q-screen-1').click()
    await panel.should_see('Vises stort på storskjermen.')
    await screen.should_see('Vi svarer nå på:')

    panel.find(marker='q-answer-1').click()
    await panel.should_see('Merket som besvart.')
    await kari.should_see('Besvart')

    panel.find(marker='q-hide-1').click()
    panel.find(marker='q-reason').type('Tas opp i HR-møtet')
    panel.find(marker='q-hide-confirm').click()
    await panel.should_see('Skjult fra alle skjermer.')
    await screen.should_not_see('Kan vi få hjemmekontor på fredager?')
    await screen.should_see('1 skjult av ordstyrer')
    await ola.should_not_see('Kan vi få hjemmekontor på fredager?')
    await kari.should_see('Skjult av ordstyrer: Tas opp i HR-møtet')
    await kari.should_see('Dine spørsmål')  # the asker still follows it


async def test_the_word_list_holds_a_match_in_open_mode(create_user) -> None:
    screen, panel = await open_panel_and_screen(create_user)
    kari = await phone(create_user, await event_code(create_user()), 'Kari', TOKEN_A)
    panel.find(marker='q-words').clear().type('budsjett\nkutt*')
    panel.find(marker='q-words-save').click()
    await panel.should_see('Ordlisten er lagret (2 ord).')
    await ask(kari, 'Blir det kutt i reisebudsjettet?')
    await kari.should_see('Venter på godkjenning')
    await ask(kari, 'Når er lunsj?')
    await screen.should_see('Når er lunsj?')
    await screen.should_not_see('Blir det kutt i reisebudsjettet?')


async def test_the_panel_keeps_existing_rows_and_lists_a_bounded_number(create_user, monkeypatch) -> None:
    """A new question adds one row (the others keep their elements); past the bound the panel says how many it leaves
    out, and the counts still count every question."""
    monkeypatch.setattr(questions_panel, 'ROWS_PER_GROUP', 2)
    _screen, panel = await open_panel_and_screen(create_user)
    kari = await phone(create_user, await event_code(create_user()), 'Kari', TOKEN_A)
    for text in ('Første spørsmål?', 'Andre spørsmål?'):
        await ask(kari, text)
    await panel.should_see('Andre spørsmål?', retries=COALESCED)
    first = panel.find(content='Første spørsmål?').elements
    second = panel.find(content='Andre spørsmål?').elements
    await ask(kari, 'Tredje spørsmål?')
    await panel.should_see('Tredje spørsmål?', retries=COALESCED)
    await panel.should_see('1 til står ikke i lista (tallene over tar dem med).')
    await panel.should_see('Venter 0 · Synlige 3')
    await panel.should_not_see('Første spørsmål?')  # three visible, none with votes: the oldest is left out
    assert first and all(label.is_deleted for label in first)
    assert panel.find(content='Andre spørsmål?').elements == second  # kept, not made again
    assert not any(label.is_deleted for label in second)
