"""`eventapp rotate`: plan table rounds from a CSV of people, offline, and print or write the plan as JSON.

    eventapp rotate PEOPLE.csv --rounds R [--seed S] [--played PLAYED.json --previous PLAN.json] [--out PLAN.json]

PEOPLE.csv has the columns id, name, department, leader (yes/no). The output is
`{"rounds": [[["id", ...], ...], ...], "metrics": {...}}`; a table's position in its round is its physical table
number and `[]` marks a table number not used in that round. Bad input gives a message on stderr and exit code 2.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path

from eventapp.domain.rotation import Person, Round, solve

COLUMNS = ('id', 'name', 'department', 'leader')
YES = {'yes', 'y', 'true', '1', 'ja', 'j', 'x'}
NO = {'no', 'n', 'false', '0', 'nei', ''}


class InputError(Exception):
    """Bad input the user can fix; the message says what and where."""


def main(argv: list[str] | None = None) -> int:
    """Run the command; returns the exit code (0 ok, 2 bad input)."""
    parser = argparse.ArgumentParser(
        prog='eventapp rotate',
        description='Plan table rounds so that people keep meeting new colleagues.',
    )
    parser.add_argument('people', type=Path, metavar='PEOPLE.csv', help='columns: id, name, department, leader')
    parser.add_argument('--rounds', type=int, required=True, metavar='R', help='number of rounds in all')
    parser.add_argument('--seed', type=int, default=0, metavar='S', help='same seed, same plan (default 0)')
    parser.add_argument('--played', type=Path, metavar='PLAYED.json', help='rounds already played, kept as they are')
    parser.add_argument('--previous', type=Path, metavar='PLAN.json', help='the earlier plan, to move few people')
    parser.add_argument('--out', type=Path, metavar='PLAN.json', help='write the plan here instead of stdout')
    args = parser.parse_args(argv)
    try:
        if args.rounds < 1:
            raise InputError(f'--rounds must be at least 1, got {args.rounds}.')
        people = read_people(args.people)
        played = read_rounds(args.played, '--played') if args.played else []
        previous = read_rounds(args.previous, '--previous') if args.previous else None
        plan = solve(people, args.rounds, seed=args.seed, played=played, previous=previous)
    except (InputError, ValueError) as error:
        print(f'eventapp rotate: error: {error}', file=sys.stderr)
        return 2
    text = json.dumps(
        {'rounds': [[list(table) for table in round_] for round_ in plan.rounds], 'metrics': plan.metrics.as_dict()},
        ensure_ascii=False,
        indent=2,
    )
    if args.out:
        args.out.write_text(text + '\n', encoding='utf-8')
    else:
        print(text)
    return 0


def read_people(path: Path) -> list[Person]:
    """Read PEOPLE.csv (comma or semicolon separated, as spreadsheets write it), checking every row."""
    try:
        text = path.read_text(encoding='utf-8-sig')
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f'cannot read {path}: {error}') from error
    first = text.splitlines()[0] if text.strip() else ''
    delimiter = ';' if first.count(';') > first.count(',') else ','
    reader = csv.reader(text.splitlines(), delimiter=delimiter)
    header = [h.strip().lower() for h in next(reader, [])]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise InputError(f'{path}: missing column(s) {", ".join(missing)}; expected the header {",".join(COLUMNS)}.')
    at = {c: header.index(c) for c in COLUMNS}
    people: list[Person] = []
    seen: dict[str, int] = {}
    for line, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            raise InputError(f'{path}:{line}: expected {len(header)} fields, found {len(row)}.')
        person_id = row[at['id']].strip()
        if not person_id:
            raise InputError(f'{path}:{line}: empty id.')
        if person_id in seen:
            raise InputError(f'{path}:{line}: duplicate id {person_id!r} (first on line {seen[person_id]}).')
        seen[person_id] = line
        flag = row[at['leader']].strip().lower()
        if flag not in YES | NO:
            raise InputError(f'{path}:{line}: leader must be yes or no, got {row[at["leader"]]!r}.')
        people.append(
            Person(
                id=person_id,
                name=row[at['name']].strip(),
                department=row[at['department']].strip(),
                leader=flag in YES,
            )
        )
    if len(people) < 3:
        raise InputError(f'{path}: a table round needs at least 3 people, found {len(people)}.')
    return people


def read_rounds(path: Path, option: str) -> list[Round]:
    """Read rounds from a plan file (`{"rounds": [...]}`, or just the list), checking the shape."""
    try:
        data = json.loads(path.read_text(encoding='utf-8'))
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f'{option}: cannot read {path}: {error}') from error
    except json.JSONDecodeError as error:
        raise InputError(f'{option}: {path} is not valid JSON: {error}') from error
    rounds = data.get('rounds') if isinstance(data, dict) else data
    shape_ok = isinstance(rounds, list) and all(
        isinstance(round_, list)
        and all(isinstance(table, list) and all(isinstance(x, str) for x in table) for table in round_)
        for round_ in rounds
    )
    if not shape_ok:
        raise InputError(f'{option}: {path} must hold {{"rounds": [[["id", ...], ...], ...]}}.')
    return [tuple(tuple(table) for table in round_) for round_ in rounds]


if __name__ == '__main__':
    sys.exit(main())
