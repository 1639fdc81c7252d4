"""The three surfaces as a person uses them, on NiceGUI's simulated user (no browser)."""

import re

from nicegui.testing import User

from .conftest import FACILITATOR, SCREEN, until


async def event_code(user: User) -> str:
    await user.open(f'/screen?k={SCREEN}')
    label = next(iter(user.find(marker='event-code').elements))
    return re.search(r'[A-Z0-9]{5}', label.text).group(0)


async def join(phone: User, code: str, name: str = 'Kari', department: str = 'Salg') -> None:
    await phone.open(f'/j/{code}')
    send_join(phone, name, department)
    await phone.should_see(f'Hei, {name}!' if name else 'Hei, og velkommen!')


def send_join(phone: User, name: str, department: str) -> None:
    """Type a name, pick a department in the phone's own list, tap Join: join_form.js's one `join` event."""
    phone.find(marker='join-form').trigger('join', {'name': name, 'department': department})


def send_code(phone: User, code: str) -> None:
    """Type the code and tap Continue: join_form.js's `code` event."""
    phone.find(marker='join-form').trigger('code', {'code': code})


def now_view(phone: User):
    """The joined phone's "now" view: one element (phone_now.js) whose props say what the phone shows."""
    assert phone.client
    return next(e for e in phone.client.elements.values() if 'now' in e._markers)


async def test_facilitator_and_screen_refuse_a_wrong_secret(user: User) -> None:
    await user.open('/facilitator?k=wrong')
    await user.should_see('Denne lenken gir ikke tilgang')
    await user.should_not_see('Start dagen')
    await user.open('/screen')
    await user.should_see('Denne lenken gir ikke tilgang')
    await user.should_not_see('Kode:')


async def test_screen_welcomes_before_the_start(user: User) -> None:
    await user.open(f'/screen?k={SCREEN}')
    await user.should_see('Velkommen! Skann koden og bli med.')
    await user.should_see('Vi starter torsdag 14. januar 2027 kl. 09.00')
    await user.should_see('kickoff.test')
    await user.should_see('0 med på mobilen')


async def test_phone_needs_the_event_code(user: User) -> None:
    code = await event_code(user)
    await user.open('/')
    await user.should_see('Skriv inn koden fra storskjermen')
    send_code(user, 'WRONG')
    await user.should_see('Koden stemmer ikke')
    await user.should_not_see('Avdeling')
    send_code(user, f' {code.lower()} ')  # as typed on a phone: lower case, a stray space
    await user.should_see('Bli med')
    await user.should_see('Avdeling')
    await user.should_not_see('Koden stemmer ikke')
    send_join(user, 'Kari', 'Salg')
    await user.should_see('Hei, Kari!')


async def test_join_and_follow_the_facilitator_live(create_user) -> None:
    screen, panel, phone = create_user(), create_user(), create_user()
    code = await event_code(screen)
    await join(phone, code)
    await phone.should_see('Vi starter kl. 09.00')
    await screen.should_see('1 med på mobilen')
    await panel.open(f'/facilitator?k={FACILITATOR}')
    await panel.should_see('1 med på mobilen')
    panel.find(marker='primary').click()
    await panel.should_see('Dagen er i gang!')
    await phone.should_see('Velkommen – derfor er vi her i dag')
    await phone.should_see('Neste: Kunden som nesten gikk')
    await phone.should_not_see('Vi starter kl. 09.00')
    await screen.should_see('Velkommen – derfor er vi her i dag')
    await screen.should_see('Neste: Kunden som nesten gikk')
    panel.find(marker='primary').click()
    await phone.should_see('Kunden som nesten gikk')
    await screen.should_see('Kunden som nesten gikk')
    panel.find(marker='previous').click()
    await phone.should_see('Velkommen – derfor er vi her i dag')


async def test_phones_follow_a_pause_and_the_end_each_in_its_own_language(create_user) -> None:
    screen, panel, kari, nora = create_user(), create_user(), create_user(), create_user()
    code = await event_code(screen)
    await join(kari, code, name='Kari')
    await nora.open(f'/j/{code}?lang=en')
    send_join(nora, 'Nora', 'Drift')
    await nora.should_see('Hi, Nora!')
    await nora.should_see('We start at 09:00')
    await panel.open(f'/facilitator?k={FACILITATOR}')
    panel.find(marker='primary').click()
    await kari.should_see('Neste: Kunden som nesten gikk')
    await nora.should_see('Next: Kunden som nesten gikk')
    assert now_view(kari).props['running'] is True

    panel.find(marker='pause').click()
    await panel.should_see('Pause. Nedtellingen står stille.')
    await until(lambda: now_view(kari).props['running'] is False)  # the countdown stands still and says 'Pause'
    assert now_view(nora).props['paused'] == 'Paused'
    panel.find(marker='pause').click()
    await panel.should_see('Vi fortsetter.')
    await until(lambda: now_view(kari).props['running'] is True)  # phones follow in steps, just after the panel

    panel.find(marker='jump-avslutning').click()
    await kari.should_see('Avslutning')
    panel.find(marker='primary').click()
    panel.find(marker='confirm-yes').click()
    await panel.should_see('Dagen er ferdig')
    await kari.should_see('Takk for i dag!')
    await nora.should_see('Thank you for today!')
    await kari.should_not_see('Avslutning')
    await kari.should_see('Hei, Kari!')


async def test_join_refuses_a_forged_department_and_keeps_nothing(create_user) -> None:
    screen, phone = create_user(), create_user()
    code = await event_code(screen)
    await phone.open(f'/j/{code}')
    send_join(phone, 'x' * 41, 'Salg')
    await phone.should_see('Navnet er for langt')
    send_join(phone, 'Ola', 'Hackers')  # a forged option: the server must still refuse it
    await phone.should_see('Velg en avdeling fra listen.')
    await phone.should_not_see('Navnet er for langt')
    await phone.should_not_see('Hei, Ola!')
    await screen.should_see('0 med på mobilen')


async def test_phone_switches_language(user: User) -> None:
    code = await event_code(user)
    await join(user, code, name='Nora')
    user.find(marker='switch-language').click()
    await user.should_see('Hi, Nora!')
    await user.should_see('We start at 09:00')


async def test_panel_pauses_extends_and_confirms_the_end(user: User) -> None:
    await user.open(f'/facilitator?k={FACILITATOR}')
    assert not next(iter(user.find(marker='pause').elements)).enabled  # nothing to pause before the start
    user.find(marker='primary').click()
    await user.should_see('Økt 1 av 23')
    user.find(marker='pause').click()
    await user.should_see('Pause. Nedtellingen står stille.')
    user.find(marker='pause').click()
    await user.should_see('Vi fortsetter.')
    user.find(marker='extend').click()
    await user.should_see('Forlenget med 5 minutter.')
    user.find(marker='jump-avslutning').click()
    await user.should_see('Økt 23 av 23')
    user.find(marker='primary').click()
    await user.should_see('Avslutte dagen nå?')
    user.find(marker='confirm-yes').click()
    await user.should_see('Dagen er ferdig')
    assert not next(iter(user.find(marker='primary').elements)).enabled


async def test_the_now_view_sends_its_greeting_and_fixed_words_once(create_user) -> None:
    """After the first time, a session switch sends the phone only what changed; NiceGUI's browser code keeps the
    greeting and the fixed words (`preserved_props`). The element itself still has them all."""
    screen, panel, phone = create_user(), create_user(), create_user()
    code = await event_code(screen)
    await join(phone, code)
    view = now_view(phone)
    view._to_dict()  # what the browser got first (the page, or the view's first update): everything
    await panel.open(f'/facilitator?k={FACILITATOR}')
    panel.find(marker='primary').click()
    await phone.should_see('Velkommen – derfor er vi her i dag')
    sent = view._to_dict()
    assert sent['props']['title'] == 'Velkommen – derfor er vi her i dag'
    fixed = {'before', 'finished', 'soon', 'over', 'paused', 'greeting', 'data-testid'}
    assert fixed.isdisjoint(sent['props'])
    assert fixed <= set(sent['preserved_props'])
    assert view.props['greeting'] == 'Hei, Kari!'
    await phone.should_see('Hei, Kari!')
