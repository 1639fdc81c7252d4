"""`eventapp run --rehearse N` from the command line: bounded, and never in a database that holds a real day."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

from eventapp.joining import Joining
from eventapp.live import Live
from eventapp.loading import require_agenda
from eventapp.settings import DEFAULT_AGENDA, ROOT
from eventapp.store import Store


def eventapp(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, '-m', 'eventapp', *args], cwd=ROOT, capture_output=True, text=True, timeout=60, check=False
    )


def test_a_rehearsal_is_bounded(tmp_path: Path) -> None:
    for args in (['--rehearse', '5000'], ['--rehearse', '-1'], ['--rehearse', '5', '--rehearse-speed', '0']):
        result = eventapp('run', *args, '--data', str(tmp_path / 'data'), '--port', '1')
        assert result.returncode == 2, args
        assert '1 to 1000 participants' in result.stderr
    assert not (tmp_path / 'data').exists()


def test_a_real_day_is_never_rehearsed_in(tmp_path: Path) -> None:
    real = tmp_path / 'kickoff-2027.db'
    store = Store.open(real)
    joining = Joining(
        agenda=require_agenda(DEFAULT_AGENDA), store=store, live=Live(lambda: dt.datetime(2027, 1, 14, tzinfo=dt.UTC))
    )
    joining.join('a-real-phone', code=joining.code, name='Kari', department='Salg', language='nb')
    store.close()

    result = eventapp('run', '--rehearse', '5', '--db', str(real), '--data', str(tmp_path), '--port', '1')

    assert result.returncode == 1
    assert 'holds a real day; nothing started' in result.stderr
    assert 'Traceback' not in result.stderr
    store = Store.open(real)
    assert not store.is_rehearsal() and store.participant_count() == 1
    store.close()
