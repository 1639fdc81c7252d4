"""Each `user` test gets a fresh database and fixed secrets, set before the app's main file runs."""

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
