"""Reading an agenda file: a facilitator sees file, line, what is wrong and how to fix it, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventapp.domain.agenda_rules import KPI_KEYS, Problem
from eventapp.loading import AgendaError, format_problem, load_agenda, require_agenda

GOOD = """\
vision = \"\"\"Kundene stoler på oss.
minutes = 999 is inside a string and not a key\"\"\"
departments = [
  "Salg",
  "Kundeservice",
]

[event]
id = "kickoff-test"
title = "Kickoff"
date = "2027-01-14"
start = "09:00"
end = "12:00"
timezone = "Europe/Oslo"
language = "nb"

[[goals]]
id = "kundetillit"
title = "Kundetillit"

  [[goals.kpis]]
  name = "Kundesamtaler"
  unit = "samtaler/dag"
  baseline = 5
  target_30 = 7
  target_90 = 8
  frequency = "daglig"
  owner = "Salgsleder"
  source = "CRM"

[[goals]]
id = "kvalitet"
title = "Kvalitet"

  [[goals.kpis]]
  name = "Løsningstid"
  unit = "timer"
  baseline = 26
  target_30 = 20
  target_90 = 16
  frequency = "ukentlig"
  owner = "Teamleder"
  source = "Servicedesk"

  [[goals.kpis]]
  name = "Gjenåpnede saker"
  unit = "prosent"
  baseline = 12
  target_30 = 10
  target_90 = 8
  frequency = "ukentlig"
  owner = "Teamleder"
  source = "Servicedesk"

[[sessions]]
id = "apning"
title = "Åpning"
kind = "opening"
minutes = 20
beat = "opening"
energy = 4

[[sessions]]
id = "vendepunkt"
title = "Vendepunkt"
kind = "turning_point"
minutes = 30
beat = "turning_point"
energy = 4

[[sessions]]
id = "forpliktelse"
title = "Min første handling"
kind = "commitment"
minutes = 20
beat = "commitment"
energy = 3
pulse = true
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / 'kickoff.toml'
    path.write_text(text, encoding='utf-8')
    return path


def line_of(text: str, fragment: str, nth: int = 0) -> int:
    """1-based number of the nth line containing fragment, so tests don't hard-code line numbers."""
    hits = [i for i, line in enumerate(text.splitlines(), start=1) if fragment in line]
    return hits[nth]


def test_a_good_file_loads_and_reports_ok(tmp_path: Path) -> None:
    load = load_agenda(write(tmp_path, GOOD))

    assert load.ok
    assert load.agenda is not None
    assert load.agenda.event.id == 'kickoff-test'
    assert load.agenda.departments == ('Salg', 'Kundeservice')
    assert [len(g.kpis) for g in load.agenda.goals] == [1, 2]
    assert load.problems == ()
    assert load.report() == 'OK: 3 sessions, 2 goals, 0 warnings'
    assert require_agenda(load.path) == load.agenda


@pytest.mark.parametrize(
    ('old', 'new', 'path', 'line_fragment', 'nth'),
    [
        ('minutes = 30', 'minutes = 0', 'sessions[1].minutes', 'minutes = 0', 0),
        ('timezone = "Europe/Oslo"', 'timezone = "Europe/Olso"', 'event.timezone', 'timezone =', 0),
        # KPIs are numbered per goal: the second goal's second KPI
        (
            'target_90 = 8\n  frequency = "ukentlig"',
            'target_90 = "8"\n  frequency = "ukentlig"',
            'goals[1].kpis[1].target_90',
            'target_90 = "8"',
            0,
        ),
        ('energy = 3\npulse', 'energy = 3\npuls', 'sessions[2].puls', 'puls = true', 0),
        ('  "Kundeservice",', '  "Salg",', 'departments[1]', 'departments = [', 0),
        # a missing key points at its table's header
        ('id = "vendepunkt"\n', '', 'sessions[1].id', '[[sessions]]', 1),
        ('  name = "Gjenåpnede saker"\n', '', 'goals[1].kpis[1].name', '[[goals.kpis]]', 2),
    ],
)
def test_each_error_points_at_its_line(
    tmp_path: Path, old: str, new: str, path: str, line_fragment: str, nth: int
) -> None:
    assert old in GOOD
    text = GOOD.replace(old, new, 1)

    load = load_agenda(write(tmp_path, text))

    assert not load.ok and load.agenda is None
    assert [p.path for p in load.errors] == [path]
    assert load.line_of(load.problems.index(load.errors[0])) == line_of(text, line_fragment, nth)


def test_an_empty_kpi_table_is_reported_key_by_key_at_its_header(tmp_path: Path) -> None:
    text = GOOD.replace('  name = "Kundesamtaler"', '\n  [[goals.kpis]]\n  name = "Kundesamtaler"', 1)

    load = load_agenda(write(tmp_path, text))

    assert [p.path for p in load.errors] == [f'goals[0].kpis[0].{key}' for key in KPI_KEYS]
    assert set(load.lines) == {line_of(text, '[[goals.kpis]]')}


def test_a_warning_about_all_sessions_points_at_the_first_session(tmp_path: Path) -> None:
    text = GOOD.replace('beat = "commitment"', 'beat = "close"')

    load = load_agenda(write(tmp_path, text))

    assert load.ok
    assert [(p.severity, p.path) for p in load.problems] == [('warning', 'sessions')]
    assert load.lines == (line_of(text, '[[sessions]]'),)
    assert load.report().splitlines()[-1] == 'OK: 3 sessions, 2 goals, 1 warning'


def test_report_lists_errors_first_then_warnings_and_a_summary(tmp_path: Path) -> None:
    text = GOOD.replace('end = "12:00"', 'end = "10:00"').replace('energy = 4', 'energy = 9')
    path = write(tmp_path, text)

    load = load_agenda(path)
    rows = load.report().splitlines()

    energy_line = line_of(text, 'energy = 9')
    assert rows[0] == (
        f'{path}:{energy_line}: error: sessions[0].energy: must be a whole number from 1 to 5 '
        '(hint: write e.g. energy = 2)'
    )
    assert rows[1].startswith(f'{path}:{line_of(text, "energy = 9", 1)}: error: sessions[1].energy: ')
    assert len(rows) == 3
    assert rows[2] == '2 errors, 0 warnings'


def test_an_overrun_is_reported_at_the_end_line(tmp_path: Path) -> None:
    text = GOOD.replace('end = "12:00"', 'end = "10:00"')
    path = write(tmp_path, text)

    load = load_agenda(path)

    assert load.ok
    assert load.report().splitlines() == [
        f'{path}:{line_of(text, "end = ")}: warning: event.end: sessions add up to 70 minutes, '
        '10 more than the planned day of 60 (hint: shorten or drop sessions, or set end later)',
        'OK: 3 sessions, 2 goals, 1 warning',
    ]


def test_a_toml_syntax_error_is_one_error_with_its_line(tmp_path: Path) -> None:
    text = GOOD.replace('start = "09:00"', 'start = 09:00')

    load = load_agenda(write(tmp_path, text))

    assert not load.ok
    assert len(load.problems) == 1
    assert load.problems[0].message == 'not valid TOML: Expected newline or end of document after a statement'
    assert load.lines == (line_of(text, 'start = 09:00'),)
    assert load.report().splitlines()[-1] == '1 error, 0 warnings'


def test_an_unterminated_string_points_at_the_last_line(tmp_path: Path) -> None:
    text = GOOD + 'notes = "no end\n'

    load = load_agenda(write(tmp_path, text))

    assert [p.severity for p in load.problems] == ['error']
    assert load.lines == (len(text.splitlines()),)


def test_a_missing_file_is_a_clear_error_not_a_traceback(tmp_path: Path) -> None:
    path = tmp_path / 'agenda' / 'nope.toml'

    load = load_agenda(path)

    assert not load.ok
    assert load.report().splitlines()[0] == (
        f'{path}: error: file not found (hint: check the path, e.g. agenda/kickoff.toml)'
    )
    with pytest.raises(AgendaError) as raised:
        require_agenda(path)
    assert raised.value.load.path == path
    assert 'file not found' in str(raised.value)


def test_require_agenda_raises_with_the_full_report(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD.replace('language = "nb"', 'language = "sv"'))

    with pytest.raises(AgendaError) as raised:
        require_agenda(path)

    assert raised.value.load.agenda is None
    assert 'event.language' in str(raised.value)
    assert str(raised.value).endswith('1 error, 0 warnings')


@pytest.mark.parametrize(
    ('line', 'expected'),
    [
        (42, 'agenda/kickoff.toml:42: error: sessions[3].minutes: must be a whole number (hint: write 20)'),
        (None, 'agenda/kickoff.toml: error: sessions[3].minutes: must be a whole number (hint: write 20)'),
    ],
)
def test_format_problem_reads_like_a_compiler_message(line: int | None, expected: str) -> None:
    problem = Problem(severity='error', path='sessions[3].minutes', message='must be a whole number', hint='write 20')

    assert format_problem(Path('agenda/kickoff.toml'), problem, line) == expected
