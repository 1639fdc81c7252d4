"""Table rounds through the day: the facilitator starts rounds (or the agenda does), people arrive late and leave.

Real store on a fresh file, the sample agenda, the real solver (in a thread: no process pool outside the app).
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from nicegui import core

from eventapp.domain import seating
from eventapp.domain.participants import Participant
from eventapp.facilitation import Facilitation
from eventapp.live import Live
from eventapp.loading import require_agenda
from eventapp.rounds import Rounds
from eventapp.store import Store
from eventapp.store.rounds import RoundsStore

AGENDA = require_agenda(Path(__file__).resolve().parents[1] / 'agenda' / 'kickoff.toml')
NEW_ROUND = [i for i, s in enumerate(AGENDA.sessions) if s.new_round]
DEPARTMENTS = AGENDA.departments
T0 = dt.datetime(2027, 1, 14, 8, 0, tzinfo=dt.UTC)


class World:
    """One event: store, live events, run of show and the rounds service, on one database file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.store = Store.open(path)
        self.live = Live(lambda: T0)
        self.facilitation = Facilitation(agenda=AGENDA, store=self.store, live=self.live)
        self.rounds = Rounds(
            store=self.store,
            rounds=RoundsStore(self.store.db),
            live=self.live,
            facilitation=self.facilitation,
            cards={},
            seed=7,
            time_budget=0.2,
        )

    def join(self, *ids: str) -> None:
        for pid in ids:
            number = int(pid[1:])
            self.store.save_participant(
                Participant(id=pid, name=f'N{number} Nordmann', department=DEPARTMENTS[number % len(DEPARTMENTS)]), T0
            )
            self.live.joined.emit(number)

    def tables(self) -> list[set[str]]:
        assert self.rounds.current is not None
        return [set(table) for table in self.rounds.current.tables]


async def told_after(world: World, action) -> object:
    """What the rounds told the facilitator after `action` (subscribed first: a fresh plan starts without waiting)."""
    waiter = asyncio.create_task(asyncio.wait_for(world.rounds.told.emitted(), 10))
    await asyncio.sleep(0)  # one turn of the loop: the waiter subscribes
    action()
    return await waiter


def people(n: int, start: int = 0) -> list[str]:
    return [f'p{i}' for i in range(start, start + n)]


@pytest.fixture
async def world(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[World]:
    """The app's loop is this test's loop, so events' async handlers run as they do in the app."""
    monkeypatch.setattr(core, 'loop', asyncio.get_running_loop())
    w = World(tmp_path / 'event.db')
    yield w
    w.store.close()


async def test_a_round_seats_everyone_present_once_at_tables_of_three_to_five(world: World) -> None:
    world.join(*people(14))
    outcome = await world.rounds.start_round()
    assert outcome.ok and outcome.key == 'rounds.started' and outcome.values['number'] == 1
    seated = [x for table in world.tables() for x in table]
    assert sorted(seated) == sorted(people(14))
    assert all(3 <= len(table) <= 5 for table in world.tables() if table)
    seat = world.rounds.seat('p0')
    assert seat is not None and seat.round_number == 1 and len(seat.mates) in (2, 3, 4)
    assert seat.role in ('timekeeper', 'scribe', 'presenter', 'challenger')


async def test_fewer_than_three_present_is_refused_and_nothing_is_stored(world: World) -> None:
    world.join('p1', 'p2')
    outcome = await world.rounds.start_round()
    assert not outcome.ok and outcome.key == 'rounds.too_few' and outcome.values == {'count': 2}
    assert world.rounds.current is None
    assert RoundsStore(world.store.db).played() == [] and RoundsStore(world.store.db).plan() is None


async def test_a_new_round_session_starts_its_round_and_jumping_back_does_not_restart_it(world: World) -> None:
    world.join(*people(12))
    told = await told_after(world, lambda: world.facilitation.act('jump', index=NEW_ROUND[0]))
    assert told.ok, told
    assert world.rounds.current is not None and world.rounds.current.number == 1
    first = world.rounds.current.tables
    assert world.rounds.current.session_id == AGENDA.sessions[NEW_ROUND[0]].id

    world.facilitation.act('next')
    world.facilitation.act('jump', index=NEW_ROUND[0])  # back to the session that started round 1
    await asyncio.sleep(0)  # let any (wrongly) scheduled start run
    assert not world.rounds.planning
    assert world.rounds.current.number == 1 and world.rounds.current.tables == first

    told = await told_after(world, lambda: world.facilitation.act('jump', index=NEW_ROUND[1]))
    assert told.ok and world.rounds.current.number == 2


async def test_a_second_round_gives_everyone_new_table_mates(world: World) -> None:
    world.join(*people(16))
    await world.rounds.start_round()
    first = {x: world.rounds.seat(x).mates for x in people(16)}
    await world.rounds.start_round()
    for x in people(16):
        assert not set(world.rounds.seat(x).mates) & set(first[x]), x


async def test_a_late_arrival_during_a_round_sits_down_and_nobody_moves(world: World) -> None:
    world.join(*people(12))
    await world.rounds.start_round()
    before = world.tables()
    world.join('p12')  # joining during the round is arriving late
    after = world.tables()
    changed = [t for t, (b, a) in enumerate(zip(before, after, strict=True)) if b != a]
    assert len(changed) == 1 and after[changed[0]] == before[changed[0]] | {'p12'}
    assert len(after[changed[0]]) == 5
    assert world.rounds.seat('p12').table == changed[0] + 1


async def test_check_in_during_a_round_says_where_the_person_sits(world: World) -> None:
    world.join(*people(12))
    world.rounds.check_out('p3')
    await world.rounds.start_round()
    assert 'p3' not in {x for table in world.tables() for x in table}
    outcome = world.rounds.check_in('p3')
    assert outcome.ok and outcome.key == 'rounds.checked_in_seated'
    assert outcome.values['table'] == world.rounds.seat('p3').table


async def test_a_leaver_leaves_the_table_and_a_small_table_warns(world: World) -> None:
    world.join(*people(12))
    await world.rounds.start_round()
    table = next(t for t in world.tables() if 'p0' in t)
    mate = sorted(table - {'p0'})[0]
    world.rounds.check_out('p0')
    assert world.rounds.seat('p0') is None
    assert 'N0' not in {n for _, names in world.rounds.table_map() for n in names}
    outcome = world.rounds.check_out(mate)
    number = world.rounds.seat(sorted(table - {'p0', mate})[0]).table
    assert outcome.warnings == (('rounds.table_small', {'table': number}),)


async def test_a_roster_change_replans_later_rounds_and_keeps_the_played_one(world: World) -> None:
    world.join(*people(20))
    await world.rounds.start_round()
    played = world.rounds.current.tables
    planned_second = RoundsStore(world.store.db).plan().rounds[1]
    world.rounds.check_out('p5')
    world.join('p20')  # seated in round 1 as a late arrival
    played_now = world.rounds.current.tables
    await world.rounds.start_round()
    plan = RoundsStore(world.store.db).plan()
    assert plan.rounds[0] == played_now  # the played round (with the late arrival) is kept as it was played
    assert {x for t in played for x in t} <= {x for t in played_now for x in t}
    second = plan.rounds[1]
    assert 'p5' not in {x for t in second for x in t} and 'p20' in {x for t in second for x in t}
    moved = sum(
        1
        for x in people(21)
        if x not in ('p5', 'p20')
        and seating.table_of(x, second) != seating.table_of(x, planned_second)
        and seating.table_of(x, planned_second) is not None
    )
    assert moved <= 4  # re-planning from the stored plan: few people change table
    assert plan.metrics.repeated_pairs == 0


async def test_the_plan_survives_a_restart(world: World) -> None:
    world.join(*people(9))
    await world.rounds.start_round()
    tables = world.rounds.current.tables
    again = World(world.path)
    assert again.rounds.current.tables == tables and again.rounds.metrics == world.rounds.metrics
    again.store.close()


async def test_more_leaders_than_tables_warns(world: World) -> None:
    world.join(*people(8))
    world.rounds.set_leader('p0', True)
    world.rounds.set_leader('p1', True)
    outcome = world.rounds.set_leader('p2', True)
    assert outcome.ok and outcome.warnings == (('rounds.too_many_leaders', {'leaders': 3, 'tables': 2}),)
    assert world.rounds.set_leader('nobody', True).key == 'rounds.unknown_person'


async def test_the_count_of_people_present_follows_joins_and_checks_in_and_out(world: World) -> None:
    """The panel's "N present" comes from a count kept as people come and go, never from a scan per join."""
    counts: list[int] = []
    world.rounds.roster_changed.subscribe(counts.append)
    for joined, pid in enumerate(people(5), start=1):  # as the app tells it: the number joined so far
        world.store.save_participant(Participant(id=pid, name=f'{pid} Nordmann', department=DEPARTMENTS[0]), T0)
        world.live.joined.emit(joined)
    assert counts == [1, 2, 3, 4, 5] and world.rounds.present_count == 5
    world.rounds.check_out('p1')
    assert counts[-1] == world.rounds.present_count == len(world.rounds.present) == 4
    world.join('p1')  # the same phone joins again (a reload): still one person
    world.rounds.check_in('p1')
    assert counts[-1] == world.rounds.present_count == len(world.rounds.present) == 5
