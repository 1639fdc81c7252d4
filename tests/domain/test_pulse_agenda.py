"""An agenda may set its own pulse (for the day or one session, 3 to 5 statements) and auto-open; mistakes in it
come back as precise problems with their line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from eventapp.domain.agenda import PulseSettings, PulseStatement
from eventapp.domain.agenda_rules import build_agenda
from eventapp.loading import load_agenda

from .test_agenda_rules import good

ROOT = Path(__file__).resolve().parents[2]


def statements(n: int) -> list[dict[str, Any]]:
    return [{'id': f's{i}', 'text': f'Påstand {i}', 'low': 'Lite', 'high': 'Mye'} for i in range(n)]


def errors(raw: dict[str, Any]) -> list[tuple[str, str]]:
    agenda, problems = build_agenda(raw)
    found = [(p.path, p.message) for p in problems if p.is_error]
    assert (agenda is None) == bool(found)
    return found


def test_without_a_pulse_table_the_day_uses_the_default_set_and_opens_by_hand() -> None:
    agenda, _ = build_agenda(good())

    assert agenda.pulse == PulseSettings()
    assert agenda.pulse.word and not agenda.pulse.auto_open
    assert all(s.pulse_statements == () for s in agenda.sessions)


def test_the_event_and_a_session_can_set_their_own_statements_and_auto_open() -> None:
    raw = good()
    raw['pulse'] = {'auto_open': True, 'word': False, 'statements': statements(3)}
    raw['sessions'][0]['pulse_statements'] = statements(5)

    agenda, problems = build_agenda(raw)

    assert problems == []
    assert agenda.pulse.auto_open and not agenda.pulse.word
    assert agenda.pulse.statements[0] == PulseStatement(id='s0', text='Påstand 0', low='Lite', high='Mye')
    assert len(agenda.sessions[0].pulse_statements) == 5


@pytest.mark.parametrize(
    ('pulse', 'path', 'message'),
    [
        ({'statements': statements(2)}, 'pulse.statements', 'has 2 statements'),
        ({'statements': statements(6)}, 'pulse.statements', 'has 6 statements'),
        ({'statements': [*statements(3), statements(1)[0]]}, 'pulse.statements[3].id', "'s0' is used twice"),
        ({'statements': [{'id': 'a', 'text': '', 'low': 'x', 'high': 'y'}, *statements(2)]}, 'pulse.statements[0].text',
         'must not be empty'),
        ({'statements': [{'id': 'a', 'text': 'T', 'high': 'y'}, *statements(2)]}, 'pulse.statements[0].low',
         'is missing'),
        ({'statements': [{'id': 'a', 'text': 'T', 'low': 'x', 'high': 'y', 'scale': 7}, *statements(2)]},
         'pulse.statements[0].scale', "unknown key 'scale'"),
        ({'auto_open': 'yes'}, 'pulse.auto_open', 'must be true or false'),
        ({'autoopen': True}, 'pulse.autoopen', "unknown key 'autoopen'"),
        ({'statements': 'energy'}, 'pulse.statements', 'must be a list of tables'),
    ],
)  # fmt: skip
def test_bad_event_pulse_settings_are_errors(pulse: dict[str, Any], path: str, message: str) -> None:
    raw = good()
    raw['pulse'] = pulse

    assert (path, message) in errors(raw)


def test_a_session_set_of_the_wrong_size_is_an_error_at_that_session() -> None:
    raw = good()
    raw['sessions'][3]['pulse_statements'] = statements(1)

    assert errors(raw) == [('sessions[3].pulse_statements', 'has 1 statements')]


def test_a_pulse_that_is_not_a_table_is_an_error() -> None:
    raw = good()
    raw['pulse'] = True

    assert errors(raw) == [('pulse', 'must be a table')]


def test_errors_in_a_session_pulse_set_point_at_their_line(tmp_path: Path) -> None:
    text = (ROOT / 'agenda' / 'kickoff.toml').read_text(encoding='utf-8')
    text += '\n[[sessions]]\nid = "ekstra"\ntitle = "Ekstra"\nkind = "learning"\nminutes = 5\nbeat = "close"\n'
    text += 'energy = 3\n'
    for i in range(3):
        text += f'\n  [[sessions.pulse_statements]]\n  id = "p{i}"\n  text = "Påstand"\n  low = "Lite"\n'
        text += '  high = 9\n' if i == 1 else '  high = "Mye"\n'
    path = tmp_path / 'day.toml'
    path.write_text(text, encoding='utf-8')

    load = load_agenda(path)

    (error,) = load.errors
    assert error.path.endswith('.pulse_statements[1].high') and error.message == 'must be text'
    line = load.line_of(load.problems.index(error))
    assert text.splitlines()[line - 1] == '  high = 9'


@pytest.mark.parametrize('name', ['kickoff.toml', 'kickoff-en.toml'])
def test_the_samples_show_the_pulse_settings(name: str) -> None:
    load = load_agenda(ROOT / 'agenda' / name)

    assert load.ok
    assert '[pulse]' in (ROOT / 'agenda' / name).read_text(encoding='utf-8')
