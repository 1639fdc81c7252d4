"""The server's health on the facilitator panel and at /healthz, in the real app on NiceGUI's simulated user."""

from nicegui.testing import User

from .conftest import FACILITATOR, SCREEN, until
from .test_pages import event_code, join


def figure(user: User, marker: str) -> str:
    return next(iter(user.find(marker=marker).elements)).text


async def test_the_panel_shows_phones_joined_and_load_in_plain_words(create_user) -> None:
    panel, screen, phone = create_user(), create_user(), create_user()
    await panel.open(f'/facilitator?k={FACILITATOR}')
    await panel.should_see('Serveren')
    await panel.should_see('Alt i orden')
    await panel.should_see('Mobiler tilkoblet')
    assert figure(panel, 'health-phones') == '0'
    assert figure(panel, 'health-joined') == '0'
    assert figure(panel, 'health-memory').endswith(' MB')

    code = await event_code(screen)
    await join(phone, code, name='Kari')
    await until(lambda: figure(panel, 'health-joined') == '1', timeout=10)  # the panel's timer, every few seconds
    assert figure(panel, 'health-joined') == '1'
    assert figure(panel, 'health-phones') == '1'
    assert 'ms' in figure(panel, 'health-lag')


async def test_healthz_answers_a_venue_check_without_names_codes_or_secrets(create_user) -> None:
    screen, phone = create_user(), create_user()
    code = await event_code(screen)
    await join(phone, code, name='Kari', department='Salg')

    response = await phone.http_client.get('/healthz')
    assert response.status_code == 200
    body = response.json()
    assert body['ok'] is True
    assert body['joined'] == 1
    assert body['connected']['phone'] == 1
    assert body['connected']['screen'] == 1
    assert body['database_ok'] is True
    for private in (code, 'Kari', 'Salg', FACILITATOR, SCREEN):
        assert private not in response.text

    head = await phone.http_client.head('/healthz')
    assert head.status_code == 200
    assert head.content == b''
