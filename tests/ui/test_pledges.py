"""Pledges on NiceGUI's simulated users: the form appears on demand, saves, the wall shows it, closing locks it."""

from nicegui.testing import User
from nicegui.testing.user_interaction import UserInteraction

from .conftest import FACILITATOR, SCREEN
from .test_pages import event_code, join


def form(phone: User):
    """The phone's pledge form: one element (pledge_form.js) whose props say what the phone shows."""
    assert phone.client
    return next(e for e in phone.client.elements.values() if 'pledge-form' in e._markers)  # visible or not


def save(phone: User, text: str = '', goal: str = '') -> None:
    """Type the first action, tap a goal by its label, Save: the component's `save` event with the fields the
    browser sends (the rest as the form started)."""
    props = form(phone).props
    goal_id = next((g['id'] for g in props['goals'] if g['label'] == goal), '')
    fields = {**props['initial'], 'text': text, 'goal': goal_id}
    UserInteraction(phone, {form(phone)}, None).trigger('save', fields)  # also a stale, hidden form's Save


async def test_a_phone_pledges_and_the_wall_and_panel_follow(create_user) -> None:
    screen, panel, phone = create_user(), create_user(), create_user()
    code = await event_code(screen)
    await join(phone, code)
    await phone.should_not_see('Min første handling innen 72 timer')
    element = form(phone)  # built once with the page, hidden until the day asks for pledges
    assert not element.visible and element.props['open'] is False
    await panel.open(f'/facilitator?k={FACILITATOR}')
    panel.find(marker='view-wall').click()
    await screen.should_see('Løftene våre')
    await phone.should_see('Min første handling innen 72 timer')
    assert form(phone) is element and element.visible
    assert [g['label'] for g in element.props['goals']][1] == '2. Kvalitet kunden merker'
    assert element.props['initial']['name'] == 'Kari' and element.props['initial']['wall'] == 'named'
    assert element.props['latest'] == element.props['initial']['deadline']  # the latest allowed, to start with

    save(phone)
    await phone.should_see('Skriv hva du skal gjøre.')
    assert element.props['status']['ok'] is False and element.props['saved'] is False
    await phone.should_see('Lagre løftet')
    seq = element.props['status']['seq']
    save(phone, '<i>Ringe</i> tre kunder', '2. Kvalitet kunden merker')
    await phone.should_see('Lagret! Løftet ditt er med.')
    assert element.props['status'] == {'text': 'Lagret! Løftet ditt er med.', 'ok': True, 'seq': seq + 1}
    await phone.should_see('Oppdater løftet')
    await screen.should_see('<i>Ringe</i> tre kunder')
    await screen.should_see('Kari')
    await panel.should_see('1 løfter · 1 på veggen')

    phone.find(marker='pledge-calendar').click()
    response = await phone.download.next()
    assert b'BEGIN:VCALENDAR' in response.content and b'Ringe' in response.content

    panel.find(marker='close-pledging').click()
    await phone.should_see('Løftene er stengt. Her er ditt:')
    await phone.should_see('<i>Ringe</i> tre kunder')
    await phone.should_not_see('Oppdater løftet')
    assert form(phone) is element and not element.visible and element.props['open'] is False
    phone.find(marker='pledge-calendar').click()  # the calendar file stays on offer with the read-only pledge
    assert b'BEGIN:VCALENDAR' in (await phone.download.next()).content

    save(phone, 'For sent', '1. Kundetillit')  # a stale form sending after the close changes nothing
    await phone.should_see('<i>Ringe</i> tre kunder')
    await screen.should_not_see('For sent')


async def test_the_facilitator_can_hide_a_card(create_user) -> None:
    screen, panel, phone = create_user(), create_user(), create_user()
    code = await event_code(screen)
    await join(phone, code, name='Åse')
    await panel.open(f'/facilitator?k={FACILITATOR}')
    panel.find(marker='view-wall').click()
    await phone.should_see('Min første handling innen 72 timer')
    save(phone, 'Noe upassende', '1. Kundetillit')
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
