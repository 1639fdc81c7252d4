"""The command line as a facilitator uses it, in a real subprocess."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def eventapp(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, '-m', 'eventapp', *args], cwd=cwd, capture_output=True, text=True, timeout=60
    )


def test_check_accepts_both_samples() -> None:
    result = eventapp('check', 'agenda/kickoff.toml', 'agenda/kickoff-en.toml')
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count('OK: 23 sessions, 3 goals, 0 warnings') == 2


def test_check_lists_every_problem_with_its_line_and_fails(tmp_path: Path) -> None:
    bad = tmp_path / 'bad.toml'
    text = (ROOT / 'agenda' / 'kickoff.toml').read_text()
    text = text.replace('minutes = 15', 'minutes = 0', 1).replace('timezone = "Europe/Oslo"', 'timezone = "Oslo"')
    bad.write_text(text)
    result = eventapp('check', str(bad))
    assert result.returncode == 1
    assert 'sessions[0].minutes' in result.stdout
    assert 'event.timezone' in result.stdout
    assert '2 errors' in result.stdout
    assert f'{bad}:' in result.stdout


def test_run_refuses_an_invalid_agenda_and_starts_nothing(tmp_path: Path) -> None:
    bad = tmp_path / 'bad.toml'
    bad.write_text('[event]\ntitle = ""\n')
    result = eventapp('run', '--agenda', str(bad), '--data', str(tmp_path / 'data'), '--port', '1')
    assert result.returncode == 1
    assert 'nothing started' in result.stderr
    assert 'error' in result.stderr
    assert not (tmp_path / 'data').exists()


def test_check_of_a_missing_file_says_so(tmp_path: Path) -> None:
    result = eventapp('check', str(tmp_path / 'nope.toml'))
    assert result.returncode == 1
    assert 'nope.toml' in result.stdout
    assert 'Traceback' not in result.stdout + result.stderr
