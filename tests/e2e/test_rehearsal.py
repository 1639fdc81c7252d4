"""Rehearsal mode end to end: `eventapp run --rehearse 20` fills the room with simulated people, no phone needed.

The facilitator opens the big screen and the panel; both say it is a rehearsal; the joined count rises to 20 on its
own; at the commitment session the simulated people pledge and the wall fills. A fast pace flag compresses their
human minutes so the test takes seconds.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from .conftest import EventServer

BANNER = 'Øving – ikke ekte data'
SPEED = '10'
"""Ten times a human pace: the 20 arrive over about 25 seconds, so the count is seen rising."""


@pytest.fixture
def rehearsal(tmp_path: Path, browser) -> Iterator[EventServer]:
    """Started after the browser, so the first look at the screen comes while people are still arriving."""
    server = EventServer(tmp_path, extra=('--rehearse', '20', '--rehearse-seed', '3', '--rehearse-speed', SPEED))
    server.start()
    yield server
    server.stop()


def joined(text: str) -> int:
    return int(re.search(r'\d+', text).group(0))


def test_the_room_fills_by_itself_and_every_surface_says_rehearsal(
    rehearsal: EventServer, desktop, phone_context, artifacts: Path, tmp_path: Path
) -> None:
    screen = desktop(1920, 1080).new_page()
    screen.goto(rehearsal.screen_url)
    expect(screen.get_by_test_id('rehearsal')).to_have_text(BANNER)
    first = joined(screen.get_by_test_id('joined').inner_text())
    assert first < 20, 'people are still arriving when the screen opens'
    expect(screen.get_by_test_id('joined')).to_have_text('20 med på mobilen', timeout=60_000)
    screen.screenshot(path=artifacts / 'rehearsal-screen-welcome.png')
    assert (tmp_path / 'kickoff-2027-rehearsal.db').exists()
    assert not (tmp_path / 'kickoff-2027.db').exists(), "the real day's file stays untouched"

    panel = desktop(1440, 900).new_page()
    panel.goto(rehearsal.facilitator_url)
    expect(panel.get_by_test_id('rehearsal')).to_have_text(BANNER)
    expect(panel.get_by_test_id('joined')).to_have_text('20 med på mobilen')
    panel.get_by_test_id('primary').click()
    expect(screen.get_by_test_id('session-title')).to_have_text('Velkommen – derfor er vi her i dag')
    screen.screenshot(path=artifacts / 'rehearsal-screen-session.png')

    panel.get_by_test_id('jump-forpliktelse').click()
    panel.get_by_test_id('view-wall').click()
    expect(screen.get_by_test_id('wall')).to_be_visible()
    expect(screen.get_by_test_id('wall-cards').locator('[data-testid^=wall-card-]').nth(2)).to_be_visible(
        timeout=60_000
    )
    screen.screenshot(path=artifacts / 'rehearsal-screen-wall.png')
    panel.screenshot(path=artifacts / 'rehearsal-panel.png', full_page=False)

    phone = phone_context().new_page()
    phone.goto(rehearsal.join_url())
    expect(phone.get_by_test_id('rehearsal')).to_have_text(BANNER)
    expect(phone.get_by_test_id('name-input')).to_be_visible()
    phone.screenshot(path=artifacts / 'rehearsal-phone.png')
    expect(screen.get_by_test_id('joined')).to_have_text('20 med på mobilen')  # looking is not joining
