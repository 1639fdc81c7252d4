"""Pledges on NiceGUI's simulated users: the form appears on demand, saves, the wall shows it, closing locks it."""

from nicegui.testing import User

from .conftest import FACILITATOR, SCREEN
from .test_pages import event_code, join


async def test_a_phone_pledges_and_the_wall_and_panel_follow(create_user) -> None:
    screen, panel, phone = create_user(), create_user(), create_user()
    code = await event_code(screen)
    await join(phone, code)
    await phone.should_not_see('Min første handling innen 72 timer')
    await panel.open(f'/facilitator?k={FACILITATOR}')
    panel.find(marker='view-wall').click()
    await screen.should_see('Løftene våre')
    await phone.should_see('Min første handling innen 72 timer')

    phone.find(marker='pledge-save').click()
    await phone.should_see('Skriv hva du skal gjøre.')
    phone.find(marker='pledge-text').type('<i>Ringe</i> tre kunder')
    phone.find(marker='pledge-goal').click()
    phone.find('2. Kvalitet kunden merker').click()
    phone.find(marker='pledge-save').click()
    await phone.should_see('Lagret! Løftet ditt er med.')
    await screen.should_see('<i>Ringe</i> tre kunder')
    await screen.should_see('Kari')
    await panel.should_see('1 løfter · 1 på veggen')

    phone.find(marker='pledge-calendar').click()
    response = await phone.download.next()
    assert b'BEGIN:VCALENDAR' in response.content and b'Ringe' in response.content

    panel.find(marker='close-pledging').click()
    await phone.should_see('Løftene er stengt. Her er ditt:')
    await phone.should_not_see('Oppdater løftet')


async def test_the_facilitator_can_hide_a_card(create_user) -> None:
    screen, panel, phone = create_user(), create_user(), create_user()
    code = await event_code(screen)
    await join(phone, code, name='Åse')
    await panel.open(f'/facilitator?k={FACILITATOR}')
    panel.find(marker='view-wall').click()
    await phone.should_see('Min første handling innen 72 timer')
    phone.find(marker='pledge-text').type('Noe upassende')
    phone.find(marker='pledge-goal').click()
    phone.find('1. Kundetillit').click()
    phone.find(marker='pledge-save').click()
    await screen.should_see('Noe upassende')

    panel.find(marker='hide-1').click()

    await screen.should_not_see('Noe upassende')
    await panel.should_see('Vis igjen')


async def test_the_goals_view_shows_every_kpi(user: User) -> None:
    await user.open(f'/facilitator?k={FACILITATOR}')
    user.find(marker='view-goals').click()
    await user.open(f'/screen?k={SCREEN}')
    await user.should_see('Tre mål for året')
    await user.should_see('Løsningstid i support (timer)')
    await user.should_see('ukentlig · Teamleder kundeservice · Servicedesk')
