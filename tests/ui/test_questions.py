"""Anonymous questions as people use them, on NiceGUI's simulated users: phones ask and vote, the facilitator
moderates, the big screen follows."""

from __future__ import annotations

from nicegui.testing import User

from eventapp.ui.questions_screen import ROW_HEIGHT

from .conftest import FACILITATOR, SCREEN
from .test_pages import event_code, join

TOKEN_A, TOKEN_B = 'a1' * 16, 'b2' * 16
COALESCED = 20
"""Retries (0.1 s each) for what a phone sees of other phones' actions: phone lists update about once a second."""


async def phone(create_user, code: str, name: str, token: str) -> User:
    """A joined phone whose browser storage (the questions device) has reported its vote token."""
    user = create_user()
    await join(user, code, name=name)
    user.find(marker='q-device').trigger('restore', {'token': token, 'mine': []})
    return user


async def ask(user: User, text: str) -> None:
    user.find(marker='q-input').clear().type(text)
    user.find(marker='q-send').click()


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
    kari.find(marker='q-input').type('Hvorfor flytter vi  kontoret?')
    await kari.should_see('28/280')
    kari.find(marker='q-send').click()
    await kari.should_see('Sendt! Takk for spørsmålet.')
    await kari.should_see('Lagret bare på denne telefonen, ikke hos oss.')
    await kari.should_see('Synlig for alle')
    assert kari.find(marker='q-input').elements.pop().value == ''
    await screen.should_see('Hvorfor flytter vi kontoret?')
    await screen.should_see('1 spørsmål')
    await panel.should_see('Venter 0 · Synlige 1 · Skjult 0 · Besvart 0')


async def test_refusals_are_clear_messages_and_store_nothing(create_user) -> None:
    screen, _ = await open_panel_and_screen(create_user)
    kari = await phone(create_user, await event_code(create_user()), 'Kari', TOKEN_A)
    kari.find(marker='q-send').click()
    await kari.should_see('Skriv et spørsmål først.')
    await ask(kari, 'x' * 281)
    await kari.should_see('281/280')
    await kari.should_see('Litt for langt: høyst 280 tegn.')
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
    kari.find(marker='q-input').type('Bare én gang')
    kari.find(marker='q-send').trigger('click', submission)
    await kari.should_see('Sendt! Takk for spørsmålet.')
    kari.find(marker='q-input').type('Bare én gang')  # the message arrives again, text and all
    kari.find(marker='q-send').trigger('click', submission)
    await kari.should_see('Det spørsmålet er allerede sendt.')
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

    ola.find(marker='q-vote-1').click()
    await ola.should_see('▲ 1')
    await screen.should_see('stemme')
    assert (screen_rank(screen, 'Første spørsmål'), screen_rank(screen, 'Andre spørsmål')) == (0, 1)
    button = ola.find(marker='q-vote-1').elements.pop()
    assert 'q-vote--on' in button.classes and button.props['aria-pressed'] == 'true'

    ola.find(marker='q-vote-1').click()  # a second tap takes the vote back
    await screen.should_see('stemmer')
    assert button.text == '▲ 0' and button.props['aria-pressed'] == 'false'
    assert (screen_rank(screen, 'Andre spørsmål'), screen_rank(screen, 'Første spørsmål')) == (0, 1)


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
    await panel.should_see('Venter 1 · Synlige 0')
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
