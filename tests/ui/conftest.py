"""Each `user` test gets a fresh database and fixed secrets, set before the app's main file runs."""

import asyncio
import time
from pathlib import Path

import pytest

FACILITATOR = 'test-facilitator-secret'
SCREEN = 'test-screen-key'


@pytest.fixture(autouse=True)
def app_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    db = tmp_path / 'event.db'
    monkeypatch.setenv('EVENTAPP_DB', str(db))
    monkeypatch.setenv('EVENTAPP_FACILITATOR_SECRET', FACILITATOR)
    monkeypatch.setenv('EVENTAPP_SCREEN_KEY', SCREEN)
    monkeypatch.setenv('EVENTAPP_PUBLIC_URL', 'http://kickoff.test')
    monkeypatch.delenv('EVENTAPP_AGENDA', raising=False)
    return db


async def until(condition, timeout: float = 5.0) -> None:
    """Wait for a condition the page reaches by itself (e.g. an answer that follows a commit and a disk flush)."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, 'condition not met in time'
        await asyncio.sleep(0.05)
