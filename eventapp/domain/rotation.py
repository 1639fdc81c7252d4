"""Table rounds: seat the present people at tables of 3 to 5 for several rounds so that they keep meeting new people.

Objectives, in order: no pair shares a table twice, leaders spread (one per table while they fit), departments
mixed, and in a re-plan as few people as possible change table number. Played rounds never change.

Determinism: the search is budgeted by a count of evaluated moves (`time_budget` seconds times a rate calibrated
to be well below what one slow core does), so a seed always gives the same plan on any machine. The wall clock is
only a safety cap at three times the budget, which normally never triggers (if it does, the plan is still valid,
just searched less). The search lives in `rotation_search.py`.
"""

from __future__ import annotations

import dataclasses
import math
import random
import time
import zlib
from collections.abc import Sequence
from dataclasses import dataclass

from eventapp.domain import rotation_design as design
from eventapp.domain import rotation_search as search

Round = tuple[tuple[str, ...], ...]
"""Tables in physical table order, each a tuple of person ids; an empty tuple is a table number not used."""

EVALS_PER_SECOND = 200_000
"""Move evaluations granted per second of `time_budget`; one core does several times more, hence a safe margin."""

MAX_ROUNDS = 200


@dataclass(frozen=True, kw_only=True, slots=True)
class Person:
    """A present participant: departments and the leader flag steer the mix, the name is only carried along."""

    id: str
    name: str = ''
    department: str = ''
    leader: bool = False


@dataclass(frozen=True, kw_only=True, slots=True)
class Metrics:
    """How good a plan is, each figure next to the lower bound that shows the distance to the optimum.

    Pair counts are over every round of the plan (played and planned) among the people on the current roster.
    A pair sitting together c times adds c - 1 to `repeated_pairs`. Moves compare the planned rounds with the
    previous plan: a person present in both whose table number differs; arrivals never count as moved.
    """

    repeated_pairs: int = 0
    repeated_pairs_lower_bound: int = 0
    same_department_pairs: int = 0
    same_department_lower_bound: int = 0
    leader_pairs: int = 0
    leader_pairs_lower_bound: int = 0
    moved_seats: int = 0
    unavoidable_moves: int = 0
    new_people_met_min: int = 0
    new_people_met_mean: float = 0.0
    seconds: float = 0.0

    def as_dict(self) -> dict[str, int | float]:
        return dataclasses.asdict(self)


@dataclass(frozen=True, kw_only=True, slots=True)
class Plan:
    """Every round of the day (played ones unchanged) and how good the plan is."""

    rounds: tuple[Round, ...]
    metrics: Metrics


def table_sizes(n: int) -> list[int]:
    """Table sizes for n people: as many tables of 4 as possible, never a table of 1 or 2.

    n mod 4 = 1 gives one table of 5, 2 gives two tables of 3, 3 gives one table of 3; 3 to 5 people sit at one.
    """
    if n < 3:
        raise ValueError(f'A table round needs at least 3 people, got {n}.')
    if n <= 5:
        return [n]
    tables, rest = divmod(n, 4)
    if rest == 0:
        return [4] * tables
    if rest == 1:
        return [5] + [4] * (tables - 1)
    if rest == 2:
        return [4] * (tables - 1) + [3, 3]
    return [4] * tables + [3]


def solve(
    people: Sequence[Person],
    rounds: int,
    *,
    seed: int = 0,
    played: Sequence[Round] = (),
    previous: Sequence[Round] | None = None,
    time_budget: float = 1.0,
    tables: int | None = None,
) -> Plan:
    """Plan `rounds` rounds in all: `played` ones are kept, the rest are planned for `people` (the roster now).

    With `previous` (the earlier full plan) the planned rounds start from it, so few people change table number.
    Raises ValueError for bad input (too few people, duplicate ids, rounds out of range, too many people for
    `tables`, a person twice in one played round).
    """
    started = time.perf_counter()
    _validate(people, rounds, played, tables)
    n = len(people)
    index = {p.id: i for i, p in enumerate(people)}
    dept_ids: dict[str, int] = {}
    dept = [dept_ids.setdefault(p.department, len(dept_ids)) if p.department else -1 - i for i, p in enumerate(people)]
    leader = [p.leader for p in people]
    rng = random.Random(seed)
    meet = [bytearray(n) for _ in range(n)]
    for played_round in played:
        for table in played_round:
            members = [index[x] for x in table if x in index]
            for i, a in enumerate(members):
                for b in members[i + 1 :]:
                    meet[a][b] += 1
                    meet[b][a] += 1
    remaining = rounds - len(played)
    if remaining == 0:
        kept = tuple(_as_round(r) for r in played)
        return Plan(rounds=kept, metrics=_timed(evaluate(people, kept, played=played, previous=previous), started))

    sizes = _sizes(n, tables)
    fresh = design.construct(n=n, sizes=sizes, rounds=remaining, order=_grid_order(people, dept, sizes, rng), rng=rng)
    planned: list[search.Tables] = []
    prev_seats: list[list[int] | None] = []
    seen = [bytearray(row) for row in meet] if previous is not None else meet  # meetings while rebalancing
    for k in range(remaining):
        g = len(played) + k
        if previous is not None and g < len(previous):
            tables_k, seats = _rebalance(previous[g], index, sizes, fresh[k], seen, dept, leader, tables)
            planned.append(tables_k)
            prev_seats.append(seats)
        else:
            planned.append(fresh[k])
            prev_seats.append(None)

    engine = search.Engine(n=n, dept=dept, leader=leader, meet=meet, rounds=planned, prev=prev_seats, rng=rng)
    target = _target_cost(n, sizes, remaining, dept, leader, planned, prev_seats)
    budget = int(max(0.0, time_budget) * EVALS_PER_SECOND)
    engine.search(budget, target, deadline=started + 3 * max(time_budget, 0.05))

    ids = [p.id for p in people]
    new_rounds = tuple(tuple(tuple(ids[p] for p in sorted(members)) for members in tbls) for tbls in engine.rounds)
    full = tuple(_as_round(r) for r in played) + new_rounds
    return Plan(rounds=full, metrics=_timed(evaluate(people, full, played=played, previous=previous), started))


def evaluate(
    people: Sequence[Person],
    rounds: Sequence[Round],
    *,
    played: Sequence[Round] = (),
    previous: Sequence[Round] | None = None,
) -> Metrics:
    """Measure a full plan (`rounds` includes the played ones, which are its first len(played) rounds).

    Lower bounds: repeats from counting (a person cannot meet more distinct people than there are) or the repeats
    already played. Same-department and leader pairs: per planned round, each kind spread evenly over that round's
    tables (capacity ignored, so a true bound). For departments also a counting bound, the larger one wins: a
    person with s seat-mates over the day, in a department of d among n, meets at least s - (n - d) colleagues,
    less one per repeated meeting; it holds for every plan with at most as many repeated pairs as this one, which
    is what the solver compares, since repeats come first. Moves: table sizes matched to what is left of the
    previous tables (see `rotation_search.forced_moves`).
    """
    by_id = {p.id: p for p in people}
    played_n = len(played)
    meet: dict[tuple[str, str], int] = {}
    seated: dict[str, int] = {}
    same = lead = same_lb = lead_lb = 0
    everyone: set[str] = set()
    for r, round_ in enumerate(rounds):
        round_same = round_lead = 0
        present = [x for table in round_ for x in table if x in by_id]
        everyone.update(x for table in round_ for x in table)
        for table in round_:
            members = sorted(x for x in table if x in by_id)
            for x in members:
                seated[x] = seated.get(x, 0) + len(members) - 1
            for i, a in enumerate(members):
                for b in members[i + 1 :]:
                    meet[(a, b)] = meet.get((a, b), 0) + 1
                    if by_id[a].department and by_id[a].department == by_id[b].department:
                        round_same += 1
                    if by_id[a].leader and by_id[b].leader:
                        round_lead += 1
        same += round_same
        lead += round_lead
        if r < played_n:
            same_lb += round_same
            lead_lb += round_lead
        else:
            used = sum(1 for table in round_ if table)
            kinds: dict[str, int] = {}
            for x in present:
                if by_id[x].department:
                    kinds[by_id[x].department] = kinds.get(by_id[x].department, 0) + 1
            same_lb += sum(search.spread_pairs(c, used) for c in kinds.values())
            lead_lb += search.spread_pairs(sum(by_id[x].leader for x in present), used)
    repeats = sum(c - 1 for c in meet.values() if c > 1)
    played_ids = {x for round_ in played for table in round_ for x in table if x in by_id}
    played_repeats = _played_repeats(played, by_id)
    excess = sum(max(0, seated[x] - (len(everyone) - 1)) for x in seated)
    met = {x: 0 for x in by_id if x in seated or x in played_ids}
    for a, b in meet:
        met[a] += 1
        met[b] += 1
    sizes_by_dept: dict[str, int] = {}
    for x in seated:
        if by_id[x].department:
            sizes_by_dept[by_id[x].department] = sizes_by_dept.get(by_id[x].department, 0) + 1
    forced_same = sum(
        max(0, seated[x] - (len(seated) - sizes_by_dept[by_id[x].department])) for x in seated if by_id[x].department
    )
    same_lb = max(same_lb, math.ceil((forced_same - 2 * repeats) / 2))
    moved, unavoidable = _moves(rounds[played_n:], previous[played_n:] if previous else (), by_id)
    return Metrics(
        repeated_pairs=repeats,
        repeated_pairs_lower_bound=max(played_repeats + _pigeonhole(rounds, played_n, by_id), math.ceil(excess / 2)),
        same_department_pairs=same,
        same_department_lower_bound=same_lb,
        leader_pairs=lead,
        leader_pairs_lower_bound=lead_lb,
        moved_seats=moved,
        unavoidable_moves=unavoidable,
        new_people_met_min=min(met.values(), default=0),
        new_people_met_mean=round(sum(met.values()) / len(met), 2) if met else 0.0,
    )


def roles_for(round_index: int, table: Sequence[str], roles: Sequence[str]) -> dict[str, str]:
    """Roles at one table in one round, rotating so that a person's role changes from round to round.

    Rule: each person wants role (crc32(id) + round_index) mod len(roles), i.e. the next role each round from a
    personal starting point. In table order, a person takes the wanted role if free, else the next free one
    cyclically. With more people than roles the surplus people get '' (no role this round).
    """
    if not roles:
        return {x: '' for x in table}
    free = list(range(len(roles)))
    result: dict[str, str] = {}
    for person in table:
        if not free:
            result[person] = ''
            continue
        want = (zlib.crc32(person.encode()) + round_index) % len(roles)
        pick = min(free, key=lambda r: (r - want) % len(roles))
        free.remove(pick)
        result[person] = roles[pick]
    return result


def _validate(people: Sequence[Person], rounds: int, played: Sequence[Round], tables: int | None) -> None:
    seen: set[str] = set()
    for p in people:
        if p.id in seen:
            raise ValueError(f'Duplicate person id {p.id!r}.')
        seen.add(p.id)
    if len(people) < 3:
        raise ValueError(f'A table round needs at least 3 people, got {len(people)}.')
    if not 1 <= rounds <= MAX_ROUNDS:
        raise ValueError(f'The number of rounds must be between 1 and {MAX_ROUNDS}, got {rounds}.')
    if len(played) > rounds:
        raise ValueError(f'{len(played)} rounds are already played, more than the {rounds} rounds in all.')
    for r, round_ in enumerate(played, start=1):
        ids = [x for table in round_ for x in table]
        if len(ids) != len(set(ids)):
            raise ValueError(f'Played round {r} seats someone twice.')
    if tables is not None:
        _sizes(len(people), tables)


def _sizes(n: int, tables: int | None) -> list[int]:
    """Table sizes for n people within `tables` physical tables (fewer, larger tables when needed, at most 5)."""
    sizes = table_sizes(n)
    if tables is None or len(sizes) <= tables:
        return sizes
    if tables < 1 or n > 5 * tables:
        raise ValueError(f'{n} people do not fit at {tables} tables of at most 5; add tables or split the room.')
    q, rest = divmod(n, tables)
    return [q + 1] * rest + [q] * (tables - rest)


def _grid_order(people: Sequence[Person], dept: list[int], sizes: list[int], rng: random.Random) -> list[int]:
    """The people row by row for the construction's grid, packing each department into as few rows as possible.

    People in one row never meet, so a department kept in one row has no same-department pairs. Leaders go to
    row 0 first (they never meet each other while they fit); then departments, largest first, each into the
    fullest row it fits in, or split over the emptiest rows when it fits nowhere.
    """
    capacity = [sum(1 for size in sizes if size > i) for i in range(max(sizes))]
    rows: list[list[int]] = [[] for _ in capacity]
    leaders = [i for i, p in enumerate(people) if p.leader]
    rng.shuffle(leaders)
    for i in leaders:
        row = 0 if len(rows[0]) < capacity[0] else max(range(len(rows)), key=lambda r: capacity[r] - len(rows[r]))
        rows[row].append(i)
    groups: dict[int, list[int]] = {}
    for i, p in enumerate(people):
        if not p.leader:
            groups.setdefault(dept[i] if dept[i] >= 0 else -1, []).append(i)
    for key in sorted(groups, key=lambda d: (-len(groups[d]) if d >= 0 else 0, d)):
        members = groups[key]
        rng.shuffle(members)
        while members:
            free = [capacity[r] - len(rows[r]) for r in range(len(rows))]
            fits = [r for r in range(len(rows)) if free[r] >= len(members)]
            row = min(fits, key=lambda r: (free[r], r)) if fits else max(range(len(rows)), key=lambda r: (free[r], -r))
            take = min(free[row], len(members))
            rows[row] += members[:take]
            members = members[take:]
    return [i for row in rows for i in row]


def _rebalance(
    before: Round,
    index: dict[str, int],
    sizes: list[int],
    fallback: search.Tables,
    meet: list[bytearray],
    dept: list[int],
    leader: list[bool],
    tables: int | None,
) -> tuple[search.Tables, list[int]]:
    """Start a planned round from the previous plan's round: drop leavers, move the fewest, seat arrivals.

    Returns the tables (by physical number) and each person's previous table number (-1 if new).
    """
    n = len(index)
    positions = max(len(before), len(sizes))
    if tables is not None:
        positions = min(positions, max(tables, len(sizes)))
    prev_seat = [-1] * n
    current: search.Tables = [[] for _ in range(positions)]
    pool: list[int] = []
    for t, table in enumerate(before):
        for x in table:
            if x in index:
                prev_seat[index[x]] = t
                (current[t] if t < positions else pool).append(index[x])
    _, target = search.forced_moves([len(c) for c in current], sizes)
    for t, members in enumerate(current):
        while len(members) > target[t]:
            pool.append(members.pop())
    known = {p for members in current for p in members} | set(pool)
    pool += [p for members in fallback for p in members if p not in known]
    received = [False] * positions
    for p in pool:  # greedy: the open seat where p meets nobody again and mixes best
        # tables of equal size that took nobody yet may trade target sizes: the spare seat goes where it fits best
        spare: dict[int, int] = {}
        for t in range(positions):
            size = len(current[t])
            if not received[t] and (size not in spare or target[t] > target[spare[size]]):
                spare[size] = t
        options = []
        for t in range(positions):
            if len(current[t]) < target[t]:
                options.append((t, t))
            elif not received[t] and len(current[t]) in spare and target[spare[len(current[t])]] > len(current[t]):
                options.append((t, spare[len(current[t])]))
        _, t, u = min(
            (
                sum(meet[p][x] for x in current[t]) * search.W_REPEAT
                + sum(leader[p] and leader[x] for x in current[t]) * search.W_LEADER
                + sum(dept[p] == dept[x] for x in current[t]),
                t,
                u,
            )
            for t, u in options
        )
        target[t], target[u] = target[u], target[t]
        current[t].append(p)
        received[t] = True
    for members in current:  # later rounds must see these meetings too
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                meet[a][b] += 1
                meet[b][a] += 1
    return current, prev_seat


def _target_cost(
    n: int,
    sizes: list[int],
    remaining: int,
    dept: list[int],
    leader: list[bool],
    planned: list[search.Tables],
    prev: list[list[int] | None],
) -> int:
    """The cost at which the search can stop: every part at its lower bound (so easy cases finish early)."""
    counts: dict[int, int] = {}
    for d in dept:
        if d >= 0:
            counts[d] = counts.get(d, 0) + 1
    tables_used = len(sizes)
    same = remaining * sum(search.spread_pairs(c, tables_used) for c in counts.values())
    lead = remaining * search.spread_pairs(sum(leader), tables_used)
    moves = 0
    for k, seats in enumerate(prev):
        if seats is not None:
            positions = len(planned[k])
            counts_t = [0] * positions
            for p in range(n):
                if 0 <= seats[p] < positions:
                    counts_t[seats[p]] += 1
            moves += search.forced_moves(counts_t, sizes)[0] + sum(1 for p in range(n) if seats[p] >= positions)
    return search.W_LEADER * lead + search.W_DEPT * same + search.W_MOVE * moves


def _moves(planned: Sequence[Round], previous: Sequence[Round], by_id: dict[str, Person]) -> tuple[int, int]:
    moved = unavoidable = 0
    for new, old in zip(planned, previous, strict=False):
        new_seat = {x: t for t, table in enumerate(new) for x in table}
        old_seat = {x: t for t, table in enumerate(old) for x in table if x in by_id and x in new_seat}
        moved += sum(1 for x, t in old_seat.items() if new_seat[x] != t)
        positions = max(len(new), len(old))
        counts = [0] * positions
        for t in old_seat.values():
            counts[t] += 1
        forced, _ = search.forced_moves(counts, [len(table) for table in new if table])
        unavoidable += forced
    return moved, unavoidable


def _pigeonhole(rounds: Sequence[Round], start: int, by_id: dict[str, Person]) -> int:
    """Repeats forced in rounds `start`.. by their previous round: a table of s people drawn from T earlier tables
    holds at least spread_pairs(s, T) pairs who sat together there (e.g. a table of 5 when there are 4 tables)."""
    forced = 0
    for r in range(max(1, start), len(rounds)):
        before = {x for table in rounds[r - 1] for x in table if x in by_id}
        used = sum(1 for table in rounds[r - 1] if table)
        for table in rounds[r]:
            forced += search.spread_pairs(sum(1 for x in table if x in before), used)
    return forced


def _played_repeats(played: Sequence[Round], by_id: dict[str, Person]) -> int:
    meet: dict[tuple[str, str], int] = {}
    for round_ in played:
        for table in round_:
            members = sorted(x for x in table if x in by_id)
            for i, a in enumerate(members):
                for b in members[i + 1 :]:
                    meet[(a, b)] = meet.get((a, b), 0) + 1
    return sum(c - 1 for c in meet.values() if c > 1)


def _as_round(round_: Round) -> Round:
    return tuple(tuple(table) for table in round_)


def _timed(metrics: Metrics, started: float) -> Metrics:
    return dataclasses.replace(metrics, seconds=round(time.perf_counter() - started, 3))
