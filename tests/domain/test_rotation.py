"""Property tests for the table-round solver: valid seating, determinism, new people every round, fair re-plans."""

from __future__ import annotations

import random
from collections import Counter
from itertools import combinations

import pytest

from eventapp.domain.rotation import Person, Plan, Round, evaluate, roles_for, solve, table_sizes

DEPARTMENTS = ['Sales'] * 6 + ['Operations'] * 4 + ['R&D'] * 3 + ['HR'] + ['Finance'] * 2
FAST = 0.25  # seconds of search budget: enough for these sizes, keeps the file quick


def crowd(n: int, seed: int = 1, prefix: str = 'p', leaders: float = 0.05) -> list[Person]:
    """n people with uneven departments and about 5 % leaders, like a real kickoff."""
    rng = random.Random(seed)
    return [
        Person(id=f'{prefix}{i}', name=f'Name {i}', department=rng.choice(DEPARTMENTS), leader=rng.random() < leaders)
        for i in range(n)
    ]


def seated(round_: Round) -> list[str]:
    return [x for table in round_ for x in table]


def repeated_pairs(rounds: tuple[Round, ...]) -> int:
    met = Counter(pair for round_ in rounds for table in round_ for pair in combinations(sorted(table), 2))
    return sum(c - 1 for c in met.values())


def assert_valid(plan: Plan, people: list[Person], rounds: int) -> None:
    ids = sorted(p.id for p in people)
    assert len(plan.rounds) == rounds
    for round_ in plan.rounds:
        assert sorted(seated(round_)) == ids, 'everyone present sits exactly once per round'
        assert sorted(len(t) for t in round_ if t) == sorted(table_sizes(len(people)))


@pytest.mark.parametrize('n', range(3, 42))
def test_table_sizes_hold_three_to_five_and_as_many_fours_as_possible(n: int) -> None:
    sizes = table_sizes(n)
    assert sum(sizes) == n
    assert all(3 <= s <= 5 for s in sizes)
    if n > 5:
        assert Counter(sizes)[4] == len(sizes) - {0: 0, 1: 1, 2: 2, 3: 1}[n % 4]


@pytest.mark.parametrize('n', [-1, 0, 1, 2])
def test_table_sizes_refuse_fewer_than_three(n: int) -> None:
    with pytest.raises(ValueError, match='at least 3 people'):
        table_sizes(n)


@pytest.mark.parametrize('n', [3, 4, 5, 6, 7, 9, 10, 13, 17, 22, 26, 33, 51, 75])
@pytest.mark.parametrize('seed', [0, 1])
def test_everyone_sits_once_per_round_at_tables_of_three_to_five(n: int, seed: int) -> None:
    people = crowd(n, seed)
    plan = solve(people, 4, seed=seed, time_budget=0.05)
    assert_valid(plan, people, 4)


@pytest.mark.parametrize(('n', 'rounds'), [(12, 3), (23, 4), (40, 5)])
def test_same_seed_gives_the_same_plan(n: int, rounds: int) -> None:
    people = crowd(n)
    first = solve(people, rounds, seed=7, time_budget=FAST)
    again = solve(people, rounds, seed=7, time_budget=FAST)
    assert first.rounds == again.rounds
    assert first.metrics.as_dict() | {'seconds': 0} == again.metrics.as_dict() | {'seconds': 0}


@pytest.mark.parametrize(
    ('n', 'rounds'),
    [(16, 5), (20, 4), (20, 5), (24, 5), (25, 5), (29, 6), (32, 8), (33, 7), (37, 8), (44, 9), (48, 6), (64, 5)]
    + [(n, 4) for n in range(14, 80, 5)],
)
def test_nobody_meets_anyone_twice_while_that_is_possible(n: int, rounds: int) -> None:
    for seed in (0, 1):
        people = crowd(n, seed)
        plan = solve(people, rounds, seed=seed, time_budget=FAST)
        assert repeated_pairs(plan.rounds) == plan.metrics.repeated_pairs == 0
        assert plan.metrics.new_people_met_min >= 2 * rounds  # every table mate is someone new


def test_sixteen_people_meet_everyone_in_five_rounds() -> None:
    """The social golfer 4-4-5: the affine plane AG(2, 4), everyone meets all 15 others exactly once."""
    plan = solve(crowd(16), 5, time_budget=FAST)
    assert plan.metrics.repeated_pairs == 0
    assert plan.metrics.new_people_met_min == 15


def test_thirty_two_people_over_ten_rounds_repeat_at_most_nineteen_pairs() -> None:
    plan = solve(crowd(32), 10, time_budget=FAST)
    assert_valid(plan, crowd(32), 10)
    assert plan.metrics.repeated_pairs <= 19


def test_repeats_forced_by_too_few_tables_are_reported_as_the_lower_bound() -> None:
    """17 people sit at 4 tables: in round 2 the table of 5 must hold two who met in round 1."""
    plan = solve(crowd(17), 2, time_budget=FAST)
    assert plan.metrics.repeated_pairs == plan.metrics.repeated_pairs_lower_bound == 1


def test_leaders_never_share_a_table_while_they_fit_one_per_table() -> None:
    people = [Person(id=f'p{i}', department=DEPARTMENTS[i % 16], leader=i % 5 == 0) for i in range(48)]  # 10 leaders
    plan = solve(people, 6, time_budget=FAST)
    for round_ in plan.rounds:
        assert all(sum(x in {f'p{i}' for i in range(0, 48, 5)} for x in table) <= 1 for table in round_)
    assert plan.metrics.leader_pairs == plan.metrics.leader_pairs_lower_bound == 0


@pytest.mark.parametrize(('n', 'rounds'), [(48, 4), (60, 5), (101, 4)])
def test_departments_are_mixed_down_to_the_lower_bound(n: int, rounds: int) -> None:
    plan = solve(crowd(n, 3), rounds, time_budget=FAST)
    assert plan.metrics.same_department_lower_bound > 0
    assert plan.metrics.same_department_pairs <= plan.metrics.same_department_lower_bound * 1.05


def test_a_replan_keeps_played_rounds_drops_leavers_and_seats_arrivals() -> None:
    people = crowd(60)
    first = solve(people, 5, seed=2, time_budget=FAST)
    rng = random.Random(4)
    leavers = {p.id for p in rng.sample(people, 3)}
    roster = [p for p in people if p.id not in leavers] + crowd(4, 9, prefix='late')
    plan = solve(roster, 5, seed=2, played=first.rounds[:2], previous=first.rounds, time_budget=FAST)
    assert plan.rounds[:2] == first.rounds[:2]
    for round_ in plan.rounds[2:]:
        assert sorted(seated(round_)) == sorted(p.id for p in roster)
        assert all(3 <= len(t) <= 5 for t in round_ if t)
    assert plan.metrics.repeated_pairs == 0, 'pairs from played rounds count as met'
    seats = 3 * len(roster)
    m = plan.metrics
    assert m.unavoidable_moves <= m.moved_seats <= m.unavoidable_moves + 0.05 * (seats - m.unavoidable_moves)


def test_a_late_arrival_is_seated_without_moving_anyone() -> None:
    people = crowd(40)
    first = solve(people, 4, time_budget=FAST)
    roster = [*people, Person(id='late', department='Sales')]
    plan = solve(roster, 4, played=first.rounds[:1], previous=first.rounds, time_budget=FAST)
    assert plan.metrics.unavoidable_moves == plan.metrics.moved_seats == 0
    assert all('late' in seated(round_) for round_ in plan.rounds[1:])


def test_replanning_with_no_rounds_left_returns_the_played_rounds() -> None:
    people = crowd(12)
    first = solve(people, 2, time_budget=0.05)
    assert solve(people, 2, played=first.rounds).rounds == first.rounds


def test_a_physical_table_limit_makes_fewer_larger_tables() -> None:
    people = crowd(30)
    plan = solve(people, 3, tables=6, time_budget=0.05)
    assert all(len(round_) == 6 and all(len(t) == 5 for t in round_) for round_ in plan.rounds)


@pytest.mark.parametrize(
    ('people', 'rounds', 'kwargs', 'message'),
    [
        (crowd(2), 2, {}, 'at least 3 people'),
        ([Person(id='a'), Person(id='a'), Person(id='b')], 2, {}, 'Duplicate person id'),
        (crowd(8), 0, {}, 'between 1 and'),
        (crowd(8), 1, {'played': [(('p0', 'p1', 'p2', 'p3'), ('p4', 'p5', 'p6', 'p7'))] * 2}, 'already played'),
        (crowd(8), 2, {'played': [(('p0', 'p1', 'p2', 'p0'),)]}, 'seats someone twice'),
        (crowd(31), 2, {'tables': 6}, 'do not fit at 6 tables'),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(people, rounds, kwargs, message) -> None:
    with pytest.raises(ValueError, match=message):
        solve(people, rounds, **kwargs)


def test_evaluate_counts_repeats_departments_and_moves() -> None:
    people = [Person(id=x, department='A' if x in 'abc' else 'B', leader=x in 'ad') for x in 'abcdefgh']
    previous = ((('a', 'b', 'c', 'd'), ('e', 'f', 'g', 'h')),) * 2
    rounds = (previous[0], (('a', 'b', 'e', 'f'), ('c', 'd', 'g', 'h')))
    m = evaluate(people, rounds, played=previous[:1], previous=previous)
    assert m.repeated_pairs == 4  # a-b, c-d, e-f and g-h meet again
    assert m.moved_seats == 4  # c and d moved to table 1, e and f to table 0
    assert m.unavoidable_moves == 0
    assert m.same_department_pairs == (3 + 6) + (2 + 3)
    assert m.leader_pairs == 1  # a and d, in the first round
    assert m.new_people_met_min == 5  # a: b, c, d, then e, f


def test_roles_rotate_so_people_get_different_roles() -> None:
    roles = ['timekeeper', 'scribe', 'presenter', 'challenger']
    plan = solve(crowd(40), 4, time_budget=FAST)
    got: dict[str, list[str]] = {}
    for r, round_ in enumerate(plan.rounds):
        for table in round_:
            assigned = roles_for(r, table, roles)
            assert sorted(assigned) == sorted(table)
            taken = [role for role in assigned.values() if role]
            assert len(taken) == len(set(taken)) == min(len(table), len(roles))
            for person, role in assigned.items():
                got.setdefault(person, []).append(role)
    changed = sum(len(set(r)) >= 3 for r in got.values())
    assert changed >= 0.8 * len(got)
    assert roles_for(0, ['a', 'b', 'c', 'd', 'e'], roles)['e'] in {'', *roles}
    assert roles_for(2, ['a', 'b'], roles) == roles_for(2, ['a', 'b'], roles)
