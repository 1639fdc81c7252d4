"""The three surfaces as a person uses them, on NiceGUI's simulated user (no browser)."""

import re

from nicegui.testing import User

from .conftest import FACILITATOR, SCREEN


async def event_code(user: User) -> str:
    await user.open(f'/screen?k={SCREEN}')
    label = next(iter(user.find(marker='event-code').elements))
    return re.search(r'[A-Z0-9]{5}', label.text).group(0)


async def join(phone: User, code: str, name: str = 'Kari', department: str = 'Salg') -> None:
    await phone.open(f'/j/{code}')
    phone.find(marker='name-input').type(name)
    phone.find(marker='department-select').click()
    phone.find(department).click()
    phone.find(marker='join-submit').click()
    await phone.should_see(f'Hei, {name}!' if name else 'Hei, og velkommen!')


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
    user.find(marker='code-input').type('WRONG')
    user.find(marker='code-submit').click()
    await user.should_see('Koden stemmer ikke')
    user.find(marker='code-input').clear().type(code.lower())
    user.find(marker='code-submit').click()
    await user.should_see('Bli med')
    await user.should_see('Avdeling')


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
    await screen.should_see('Velkommen – derfor er vi her i dag')
    await screen.should_see('Neste: Kunden som nesten gikk')
    panel.find(marker='primary').click()
    await phone.should_see('Kunden som nesten gikk')
    await screen.should_see('Kunden som nesten gikk')
    panel.find(marker='previous').click()
    await phone.should_see('Velkommen – derfor er vi her i dag')


async def test_join_refuses_a_forged_department_and_keeps_nothing(create_user) -> None:
    screen, phone = create_user(), create_user()
    code = await event_code(screen)
    await phone.open(f'/j/{code}')
    phone.find(marker='name-input').type('x' * 41)
    phone.find(marker='join-submit').click()
    await phone.should_see('Navnet er for langt')
    select = next(iter(phone.find(marker='department-select').elements))
    select.options.append('Hackers')  # a forged option: the server must still refuse it
    select.value = 'Hackers'
    phone.find(marker='name-input').clear().type('Ola')
    phone.find(marker='join-submit').click()
    await phone.should_see('Velg en avdeling fra listen.')
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
