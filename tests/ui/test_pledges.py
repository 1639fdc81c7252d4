"""Pledges on NiceGUI's simulated users: the form appears on demand, saves, the wall shows it, closing locks it."""

from nicegui.testing import User
from nicegui.testing.user_interaction import UserInteraction

from .conftest import FACILITATOR, SCREEN
from .test_pages import event_code, join


def form(phone: User):
    """The phone's pledge section: one element (pledge_form.js) whose props say what the phone shows."""
    assert phone.client
    return next(e for e in phone.client.elements.values() if 'pledge' in e._markers)  # shown or not


def calendar(phone: User) -> None:
    """Tap the calendar button: the component's `calendar` event."""
    UserInteraction(phone, {form(phone)}, None).trigger('calendar')


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
    element = form(phone)  # built once with the page, shows nothing until the day asks for pledges
    assert element.props['mode'] == ''
    await panel.open(f'/facilitator?k={FACILITATOR}')
    panel.find(marker='view-wall').click()
    await screen.should_see('Løftene våre')
    await phone.should_see('Min første handling innen 72 timer')
    assert form(phone) is element and element.props['mode'] == 'form'
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

    await phone.should_see('Legg i kalenderen min')
    calendar(phone)
    response = await phone.download.next()
    assert b'BEGIN:VCALENDAR' in response.content and b'Ringe' in response.content

    panel.find(marker='close-pledging').click()
    await phone.should_see('Løftene er stengt. Her er ditt:')
    await phone.should_see('<i>Ringe</i> tre kunder')
    await phone.should_not_see('Oppdater løftet')
    assert form(phone) is element and element.props['mode'] == 'closed'
    await phone.should_see('Frist: søndag 17. januar 2027 kl. 16.00')
    await phone.should_see('Legg i kalenderen min')
    calendar(phone)  # the calendar file stays on offer with the read-only pledge
    assert b'BEGIN:VCALENDAR' in (await phone.download.next()).content

    save(phone, 'For sent', '1. Kundetillit')  # a stale form sending after the close changes nothing
    await phone.should_see('<i>Ringe</i> tre kunder')
    await screen.should_not_see('For sent')


async def test_the_commitment_session_brings_the_form_and_a_pledge_stays(create_user) -> None:
    screen, panel, kari, ola = create_user(), create_user(), create_user(), create_user()
    code = await event_code(screen)
    await join(kari, code)
    await join(ola, code, name='Ola')
    await panel.open(f'/facilitator?k={FACILITATOR}')
    panel.find(marker='primary').click()
    panel.find(marker='jump-forpliktelse').click()
    await kari.should_see('Lagre løftet')
    await ola.should_see('Lagre løftet')
    assert form(ola).props['initial']['name'] == 'Ola'
    save(kari, 'Ringe tre kunder', '1. Kundetillit')
    await kari.should_see('Lagret! Løftet ditt er med.')

    panel.find(marker='jump-mini-retro').click()  # the day moves on: the form leaves, a pledge made stays editable
    await ola.should_not_see('Lagre løftet')
    assert form(ola).props['mode'] == ''
    await kari.should_see('Oppdater løftet')
    await kari.should_see('Legg i kalenderen min')

    panel.find(marker='close-pledging').click()  # read-only for the phone that pledged, nothing for the other
    await kari.should_see('Løftene er stengt. Her er ditt:')
    await kari.should_see('Ringe tre kunder')
    await kari.should_see('Mål 1 · Kundetillit')
    await kari.should_not_see('Oppdater løftet')
    assert form(ola).props['mode'] == ''
    await ola.should_not_see('Løftene er stengt. Her er ditt:')

    await kari.open(f'/j/{code}')  # the page opened anew after the close shows the pledge read-only at once
    await kari.should_see('Ringe tre kunder')
    assert form(kari).props['mode'] == 'closed'


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
