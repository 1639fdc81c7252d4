"""Benchmark of the table-round solver against random and greedy baselines, run in the same process.

    .venv/bin/python tests/bench/rotation.py [--quick]

Prints one markdown table per metric, each with its lower bound, and writes them to tests/bench/results/rotation.md.
Seeded instances (N people / rounds) with uneven departments and about 5 % leaders; re-plan cases drop 5 % of the
people and add 5 % new ones after round 2. Time is measured without tracemalloc, peak memory in a second run with it.
"""

from __future__ import annotations

import argparse
import platform
import random
import resource
import sys
import time
import tracemalloc
from collections.abc import Callable, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from eventapp.domain.rotation import Person, Plan, Round, evaluate, solve, table_sizes

INSTANCES = [(16, 5), (20, 4), (23, 5), (24, 5), (32, 8), (32, 10), (45, 6), (48, 6), (64, 5), (100, 5), (101, 5)]
INSTANCES += [(200, 5), (300, 4), (302, 4), (600, 4), (599, 4)]
REPLANS = [(24, 5), (48, 6), (100, 5), (101, 5), (300, 4), (600, 4)]
SHARES = [0.30, 0.22, 0.15, 0.12, 0.08, 0.06, 0.04, 0.03]
"""Department shares: uneven, like a real company (sales large, a few small staff functions)."""
RESULTS = Path(__file__).resolve().parent / 'results' / 'rotation.md'


def crowd(n: int, seed: int, prefix: str = 'p') -> list[Person]:
    """n people, departments drawn with uneven shares, about 5 % leaders (at least one)."""
    rng = random.Random(seed)
    names = [f'D{i}' for i in range(len(SHARES))]
    people = [
        Person(id=f'{prefix}{i}', department=rng.choices(names, SHARES)[0], leader=rng.random() < 0.05)
        for i in range(n)
    ]
    if not any(p.leader for p in people):
        people[0] = Person(id=people[0].id, department=people[0].department, leader=True)
    return people


def random_plan(people: Sequence[Person], rounds: int, seed: int, played: Sequence[Round] = ()) -> tuple[Round, ...]:
    """Baseline: shuffle everyone into the table sizes, independently each round."""
    rng = random.Random(seed)
    sizes = table_sizes(len(people))
    out = list(played)
    for _ in range(rounds - len(played)):
        ids = [p.id for p in people]
        rng.shuffle(ids)
        tables, at = [], 0
        for size in sizes:
            tables.append(tuple(ids[at : at + size]))
            at += size
        out.append(tuple(tables))
    return tuple(out)


def greedy_plan(people: Sequence[Person], rounds: int, seed: int, played: Sequence[Round] = ()) -> tuple[Round, ...]:
    """Baseline: round by round, each person (random order) takes the open seat with the fewest old acquaintances,
    then the fewest leaders, then the fewest colleagues: what a careful person with a spreadsheet would do."""
    rng = random.Random(seed)
    sizes = table_sizes(len(people))
    by_id = {p.id: p for p in people}
    met: set[tuple[str, str]] = set()
    for round_ in played:
        for table in round_:
            met.update((a, b) for a in table for b in table if a != b)
    out = list(played)
    for _ in range(rounds - len(played)):
        order = [p.id for p in people]
        rng.shuffle(order)
        tables: list[list[str]] = [[] for _ in sizes]
        for x in order:
            p = by_id[x]
            best = min(
                (t for t in range(len(sizes)) if len(tables[t]) < sizes[t]),
                key=lambda t: (
                    sum((x, y) in met for y in tables[t]),
                    sum(p.leader and by_id[y].leader for y in tables[t]),
                    sum(p.department == by_id[y].department for y in tables[t]),
                    len(tables[t]),
                ),
            )
            tables[best].append(x)
        for table in tables:
            met.update((a, b) for a in table for b in table if a != b)
        out.append(tuple(tuple(t) for t in tables))
    return tuple(out)


def measured(run: Callable[[], Plan]) -> tuple[Plan, float, float]:
    """The plan, seconds (plain run) and peak MB of Python allocations (second run under tracemalloc)."""
    started = time.perf_counter()
    plan = run()
    seconds = time.perf_counter() - started
    tracemalloc.start()
    again = run()
    peak = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.stop()
    assert again.rounds == plan.rounds, 'the solver must be deterministic'
    return plan, seconds, peak


def ratio(value: float, base: float) -> str:
    return '-' if base == 0 else f'{value / base:.2f}'


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--quick', action='store_true', help='only instances up to 100 people')
    args = parser.parse_args(argv)
    instances = [(n, r) for n, r in INSTANCES if not args.quick or n <= 101]
    replans = [(n, r) for n, r in REPLANS if not args.quick or n <= 101]
    rows = []
    for n, rounds in instances:
        people = crowd(n, seed=n * 100 + rounds)
        plan, seconds, peak = measured(lambda people=people, rounds=rounds: solve(people, rounds, seed=1))
        started = time.perf_counter()
        greedy = evaluate(people, greedy_plan(people, rounds, seed=1))
        greedy_seconds = time.perf_counter() - started
        rand = evaluate(people, random_plan(people, rounds, seed=1))
        rows.append((f'{n}/{rounds}', plan.metrics, seconds, peak, greedy, greedy_seconds, rand))
        print(f'{n}/{rounds}: {seconds:.2f} s', file=sys.stderr, flush=True)
    replan_rows = []
    for n, rounds in replans:
        people = crowd(n, seed=n * 100 + rounds)
        first = solve(people, rounds, seed=1)
        rng = random.Random(n)
        k = max(1, round(0.05 * n))
        gone = {p.id for p in rng.sample(people, k)}
        roster = [p for p in people if p.id not in gone] + crowd(k, seed=n + 7, prefix='new')
        played = first.rounds[:2]
        plan, seconds, peak = measured(
            lambda roster=roster, rounds=rounds, played=played, first=first: solve(
                roster, rounds, seed=1, played=played, previous=first.rounds
            )
        )
        greedy = evaluate(roster, greedy_plan(roster, rounds, 1, played), played=played, previous=first.rounds)
        replan_rows.append((f'{n}/{rounds} -{k} +{k}', plan.metrics, seconds, peak, greedy, (rounds - 2) * len(roster)))
        print(f're-plan {n}/{rounds}: {seconds:.2f} s', file=sys.stderr, flush=True)
    text = report(rows, replan_rows)
    print(text)
    if not args.quick:  # the stored results are always the full suite
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(text, encoding='utf-8')
    return 0


def report(rows: list, replan_rows: list) -> str:
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    out = [
        '# Table-round solver benchmark',
        '',
        f'`.venv/bin/python tests/bench/rotation.py` on Python {platform.python_version()}, {platform.machine()}, '
        f'one core; process peak RSS {maxrss:.0f} MB (includes the baselines).',
        'Instances: N people / rounds, seeded; uneven departments, about 5 % leaders. Solver seed 1, default budget.',
        'Baselines in the same process: random (shuffle each round), greedy (each person takes the open seat with',
        'the fewest old acquaintances, then leaders, then colleagues). LB = lower bound (see `rotation.evaluate`).',
        '',
        '## Repeated pairs (target 0; 32/10 at most 19)',
        '',
        '| N/rounds | LB | solver | greedy | random |',
        '|---|---:|---:|---:|---:|',
    ]
    for name, m, _s, _p, g, _gs, r in rows:
        out.append(
            f'| {name} | {m.repeated_pairs_lower_bound} | {m.repeated_pairs} | {g.repeated_pairs} '
            f'| {r.repeated_pairs} |'
        )
    out += [
        '',
        '## Same-department pairs (target: at LB for N >= 45, within 25 % of it below)',
        '',
        '| N/rounds | LB | solver | solver/LB | greedy | random | solver/greedy | solver/random |',
        '|---|---:|---:|---:|---:|---:|---:|---:|',
    ]
    for name, m, _s, _p, g, _gs, r in rows:
        lb, v = m.same_department_lower_bound, m.same_department_pairs
        out.append(
            f'| {name} | {lb} | {v} | {ratio(v, lb)} | {g.same_department_pairs} | {r.same_department_pairs} '
            f'| {ratio(v, g.same_department_pairs)} | {ratio(v, r.same_department_pairs)} |'
        )
    out += [
        '',
        '## Leader pairs (target 0 where leaders fit one per table)',
        '',
        '| N/rounds | LB | solver | greedy | random |',
        '|---|---:|---:|---:|---:|',
    ]
    for name, m, _s, _p, g, _gs, r in rows:
        out.append(
            f'| {name} | {m.leader_pairs_lower_bound} | {m.leader_pairs} | {g.leader_pairs} | {r.leader_pairs} |'
        )
    out += [
        '',
        '## New people met per person, min / mean (upper bound: 3 x rounds, fewer at tables of 3)',
        '',
        '| N/rounds | solver | greedy | random |',
        '|---|---:|---:|---:|',
    ]
    for name, m, _s, _p, g, _gs, r in rows:
        out.append(
            f'| {name} | {m.new_people_met_min} / {m.new_people_met_mean} | {g.new_people_met_min} / '
            f'{g.new_people_met_mean} | {r.new_people_met_min} / {r.new_people_met_mean} |'
        )
    out += [
        '',
        '## Time and memory (target: 1 s for N <= 100, 5 s for N = 600; 300 MB)',
        '',
        '| N/rounds | solver s | solver peak MB | greedy s |',
        '|---|---:|---:|---:|',
    ]
    for name, _m, s, p, _g, gs, _r in rows:
        out.append(f'| {name} | {s:.2f} | {p:.1f} | {gs:.2f} |')
    out += [
        '',
        '## Re-plans after round 2: 5 % leave, 5 % arrive (target: moves <= unavoidable + 5 % of the rest; 0.5 s)',
        '',
        '| case | moved | unavoidable | limit | repeats (LB) | same-dept (LB) | greedy repeats | greedy moved '
        '| s | peak MB |',
        '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ]
    for name, m, s, p, g, seats in replan_rows:
        limit = m.unavoidable_moves + 0.05 * (seats - m.unavoidable_moves)
        out.append(
            f'| {name} | {m.moved_seats} | {m.unavoidable_moves} | {limit:.0f} | {m.repeated_pairs} '
            f'({m.repeated_pairs_lower_bound}) | {m.same_department_pairs} ({m.same_department_lower_bound}) '
            f'| {g.repeated_pairs} | {g.moved_seats} | {s:.2f} | {p:.1f} |'
        )
    return '\n'.join(out) + '\n'


if __name__ == '__main__':
    sys.exit(main())
