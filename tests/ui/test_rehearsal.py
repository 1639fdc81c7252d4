"""A rehearsal's database makes every surface say so, and the panel asks before it downloads a rehearsal's export."""

import io
import json
import zipfile
from pathlib import Path

import pytest
from nicegui.testing import User

from eventapp.store import Store

from .conftest import FACILITATOR, SCREEN
from .test_pages import event_code, join

BANNER = 'Øving – ikke ekte data'


@pytest.fixture
def rehearsal_db(app_env: Path) -> Path:
    """The database remembers it is a rehearsal (set before the app is built from it)."""
    store = Store.open(app_env)
    store.mark_rehearsal()
    store.close()
    return app_env


async def test_every_surface_says_it_is_a_rehearsal(rehearsal_db: Path, create_user) -> None:
    screen, panel, phone = create_user(), create_user(), create_user()
    await screen.open(f'/screen?k={SCREEN}')
    await screen.should_see(BANNER)
    await panel.open(f'/facilitator?k={FACILITATOR}')
    await panel.should_see(BANNER)
    code = await event_code(screen)
    await phone.open(f'/j/{code}')
    await phone.should_see(BANNER)  # before joining
    await join(phone, code)
    await phone.should_see(BANNER)  # and after


async def test_an_english_phone_reads_it_in_english(rehearsal_db: Path, user: User) -> None:
    await user.open('/?lang=en')
    await user.should_see('Rehearsal – not real data')


async def test_the_real_day_says_nothing_of_the_kind(user: User) -> None:
    await user.open(f'/screen?k={SCREEN}')
    await user.should_see('Velkommen! Skann koden og bli med.')
    await user.should_not_see(BANNER)
    await user.open(f'/facilitator?k={FACILITATOR}')
    await user.should_not_see(BANNER)


async def test_the_panel_asks_before_it_downloads_a_rehearsal(rehearsal_db: Path, user: User) -> None:
    await user.open(f'/facilitator?k={FACILITATOR}')
    user.find(marker='export-download').click()
    await user.should_see('Dette er en øving med simulerte deltakere')
    user.find(marker='cancel-export-rehearsal').click()
    await user.should_not_see('Dette er en øving med simulerte deltakere')

    user.find(marker='export-download').click()
    await user.should_see('Last ned øvingen')
    user.find(marker='confirm-export-rehearsal').click()
    response = await user.download.next()
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        (name,) = [n for n in archive.namelist() if n.endswith('followup.json')]
        assert '-rehearsal-' in name
        assert json.loads(archive.read(name))['rehearsal'] is True


async def test_the_real_day_downloads_without_asking(user: User) -> None:
    await user.open(f'/facilitator?k={FACILITATOR}')
    user.find(marker='export-download').click()
    response = await user.download.next()
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        (name,) = [n for n in archive.namelist() if n.endswith('followup.json')]
        assert 'rehearsal' not in json.loads(archive.read(name))
