"""`eventapp rotate`: a facilitator plans table rounds from a CSV, and re-plans after people come and go."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from eventapp.rotation_cli import main

DEPARTMENTS = ['Sales', 'Sales', 'Operations', 'R&D', 'HR']


def write_people(path: Path, n: int, prefix: str = 'p', start: int = 0) -> Path:
    lines = ['id,name,department,leader']
    lines += [
        f'{prefix}{i},Person {i},{DEPARTMENTS[i % 5]},{"yes" if i % 10 == 0 else "no"}' for i in range(start, start + n)
    ]
    path.write_text('\n'.join(lines) + '\n', encoding='utf-8')
    return path


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_plans_rounds_for_everyone_in_the_csv(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    people = write_people(tmp_path / 'people.csv', 22)
    code, out, err = run([str(people), '--rounds', '3', '--seed', '4'], capsys)
    assert code == 0, err
    plan = json.loads(out)
    assert len(plan['rounds']) == 3
    for round_ in plan['rounds']:
        assert sorted(x for table in round_ for x in table) == sorted(f'p{i}' for i in range(22))
        assert sorted(len(table) for table in round_) == [3, 3, 4, 4, 4, 4]
    assert plan['metrics']['repeated_pairs'] == 0
    assert {'same_department_pairs', 'same_department_lower_bound', 'new_people_met_min'} <= set(plan['metrics'])


def test_same_seed_same_plan_written_to_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    people = write_people(tmp_path / 'people.csv', 13)
    for name in ('a.json', 'b.json'):
        assert run([str(people), '--rounds', '2', '--seed', '9', '--out', str(tmp_path / name)], capsys)[0] == 0
    first = json.loads((tmp_path / 'a.json').read_text(encoding='utf-8'))
    second = json.loads((tmp_path / 'b.json').read_text(encoding='utf-8'))
    assert first['rounds'] == second['rounds']


def test_replan_keeps_played_rounds_and_seats_the_new_roster(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_people(tmp_path / 'people.csv', 40)
    assert run([str(tmp_path / 'people.csv'), '--rounds', '4', '--out', str(tmp_path / 'plan.json')], capsys)[0] == 0
    plan = json.loads((tmp_path / 'plan.json').read_text(encoding='utf-8'))
    (tmp_path / 'played.json').write_text(json.dumps({'rounds': plan['rounds'][:2]}), encoding='utf-8')
    # p0 and p1 leave, two late arrivals join
    roster = (tmp_path / 'people.csv').read_text(encoding='utf-8').splitlines()
    roster = [line for line in roster if not line.startswith(('p0,', 'p1,'))] + ['late1,Late,Sales,no', 'late2,,HR,']
    (tmp_path / 'now.csv').write_text('\n'.join(roster) + '\n', encoding='utf-8')
    argv = [str(tmp_path / 'now.csv'), '--rounds', '4', '--played', str(tmp_path / 'played.json')]
    code, out, err = run([*argv, '--previous', str(tmp_path / 'plan.json')], capsys)
    assert code == 0, err
    replan = json.loads(out)
    assert replan['rounds'][:2] == plan['rounds'][:2]
    expected = sorted([f'p{i}' for i in range(2, 40)] + ['late1', 'late2'])
    for round_ in replan['rounds'][2:]:
        assert sorted(x for table in round_ for x in table) == expected
    metrics = replan['metrics']
    assert metrics['repeated_pairs'] == 0
    assert metrics['moved_seats'] <= metrics['unavoidable_moves'] + 4


def test_semicolon_csv_from_a_spreadsheet_is_read(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / 'people.csv'
    path.write_text('\ufeffID;Name;Department;Leader\na;Ada;Sales;ja\nb;Bo;HR;nei\nc;Cy;HR;no\n', encoding='utf-8')
    code, out, _ = run([str(path), '--rounds', '1'], capsys)
    assert code == 0
    assert json.loads(out)['rounds'] == [[['a', 'b', 'c']]]


@pytest.mark.parametrize(
    ('content', 'message'),
    [
        ('id,name,department\na,A,Sales\n', 'missing column(s) leader'),
        ('id,name,department,leader\na,A,Sales,no\nb,B,HR\n', ':3: expected 4 fields'),
        ('id,name,department,leader\na,A,Sales,no\n,B,HR,no\nc,C,HR,no\n', ':3: empty id'),
        ('id,name,department,leader\na,A,Sales,no\nb,B,HR,no\na,C,HR,no\n', "duplicate id 'a' (first on line 2)"),
        ('id,name,department,leader\na,A,Sales,maybe\nb,B,HR,no\nc,C,HR,no\n', 'leader must be yes or no'),
        ('id,name,department,leader\na,A,Sales,no\nb,B,HR,no\n', 'at least 3 people, found 2'),
        ('', 'missing column(s) id, name, department, leader'),
    ],
)
def test_bad_csv_gives_a_clear_error_and_exit_code_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, message: str
) -> None:
    path = tmp_path / 'people.csv'
    path.write_text(content, encoding='utf-8')
    code, out, err = run([str(path), '--rounds', '2'], capsys)
    assert code == 2
    assert out == ''
    assert message in err


def test_rounds_below_one_are_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run([str(write_people(tmp_path / 'people.csv', 8)), '--rounds', '0'], capsys)
    assert code == 2
    assert '--rounds must be at least 1' in err


def test_missing_people_file_is_reported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run([str(tmp_path / 'nowhere.csv'), '--rounds', '2'], capsys)
    assert code == 2
    assert 'cannot read' in err


@pytest.mark.parametrize(
    ('content', 'message'),
    [
        ('{"rounds": [[["p0", "p1"', 'is not valid JSON'),
        ('{"rounds": [["p0", "p1"]]}', 'must hold'),
        ('{"rounds": [[["p0", "p1", "p2", "p0"]]]}', 'seats someone twice'),
        ('{"rounds": [[["p0"]], [["p1"]], [["p2"]]]}', 'already played'),
    ],
)
def test_bad_played_or_previous_json_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, message: str
) -> None:
    people = write_people(tmp_path / 'people.csv', 8)
    (tmp_path / 'played.json').write_text(content, encoding='utf-8')
    code, _, err = run([str(people), '--rounds', '2', '--played', str(tmp_path / 'played.json')], capsys)
    assert code == 2
    assert message in err


def test_runs_as_a_module(tmp_path: Path) -> None:
    people = write_people(tmp_path / 'people.csv', 9)
    done = subprocess.run(
        [sys.executable, '-m', 'eventapp.rotation_cli', str(people), '--rounds', '2'],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert len(json.loads(done.stdout)['rounds']) == 2
