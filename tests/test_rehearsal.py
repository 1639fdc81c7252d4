"""A rehearsal on the real services and a real database: a facilitator alone runs the day, and simulated people join,
answer, ask, vote, sit at tables and pledge at a human pace, through the same validation as phones.

Human time is a clock the test moves on by hand (`HumanClock`), so a day's pace runs in milliseconds; one test runs
the real event-loop timers at a high speed.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import heapq
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest
from nicegui import core

from eventapp.domain import pledges as pledge_rules
from eventapp.domain import pulse as pulse_rules
from eventapp.domain.rehearsal import ANSWER, JOIN, PLEDGE, cast
from eventapp.facilitation import Facilitation
from eventapp.joining import Joining
from eventapp.live import Live
from eventapp.loading import require_agenda
from eventapp.pacing import LoopScheduler
from eventapp.pledging import Pledging
from eventapp.pulse import PulseService
from eventapp.questions import Questions
from eventapp.rehearsal import Rehearsal, RehearsalRefused, Room, prepare
from eventapp.rounds import Rounds
from eventapp.settings import Settings
from eventapp.store import Store
from eventapp.store.pledges import PledgeStore
from eventapp.store.pulse import PulseStore
from eventapp.store.questions import QuestionStore
from eventapp.store.rounds import RoundsStore

AGENDA = require_agenda(Path(__file__).resolve().parents[1] / 'agenda' / 'kickoff.toml')
T0 = dt.datetime(2027, 1, 14, 7, 30, tzinfo=dt.UTC)


class HumanClock:
    """Human seconds a test moves on by hand: what the rehearsal plans runs when the clock passes its time."""

    def __init__(self) -> None:
        self.now = 0.0
        self._queue: list[tuple[float, int, Callable[[], None]]] = []
        self._count = 0

    def later(self, seconds: float, action: Callable[[], None]) -> None:
        heapq.heappush(self._queue, (self.now + seconds, self._count, action))
        self._count += 1

    def cancel(self) -> None:
        self._queue.clear()

    def advance(self, seconds: float) -> None:
        end = self.now + seconds
        while self._queue and self._queue[0][0] <= end:
            self.now, _, action = heapq.heappop(self._queue)
            action()
        self.now = end

    @property
    def pending(self) -> int:
        return len(self._queue)


class Day:
    """One rehearsal: the app's services on one database file, N simulated people, a human clock."""

    def __init__(self, path: Path, *, count: int = 30, seed: int | None = 11) -> None:
        self.store = Store.open(path)
        self.seed = prepare(self.store, count=count, seed=seed)
        live = Live(lambda: T0)
        joining = Joining(agenda=AGENDA, store=self.store, live=live)
        facilitation = Facilitation(agenda=AGENDA, store=self.store, live=live)
        self.room = Room(
            live=live,
            joining=joining,
            facilitation=facilitation,
            pulses=PulseService(
                agenda=AGENDA, store=PulseStore(self.store.db), live=live, facilitation=facilitation, joining=joining
            ),
            questions=Questions.on(self.store.db, facilitation),
            pledging=Pledging(agenda=AGENDA, store=PledgeStore(self.store.db), clock=live.clock),
            rounds=Rounds(
                store=self.store,
                rounds=RoundsStore(self.store.db),
                live=live,
                facilitation=facilitation,
                cards={},
                seed=7,
                time_budget=0.2,
            ),
        )
        self.people = cast(count, AGENDA.departments, seed=self.seed)
        self.clock = HumanClock()
        self.rehearsal = Rehearsal(self.room, self.people, seed=self.seed, scheduler=self.clock)

    def go_to(self, session_id: str) -> None:
        assert self.room.facilitation.act('jump', index=AGENDA.index_of(session_id)).ok

    def facilitate(self) -> None:
        """The facilitator rehearses alone: people arrive, two sessions with a pulse, then the commitment session."""
        self.rehearsal.start()
        self.clock.advance(JOIN[1])
        assert self.room.facilitation.act('start').ok
        self.clock.advance(15 * 60)
        self.go_to('kundehistorien')
        assert self.room.pulses.open().ok
        self.clock.advance(ANSWER[1])
        assert self.room.pulses.close().ok
        self.go_to('forpliktelse')
        self.clock.advance(max(PLEDGE[1], 25 * 60))

    def close(self) -> None:
        self.rehearsal.stop()
        self.store.close()


@pytest.fixture
async def days(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[Callable[..., Day]]:
    """Fresh days on files in tmp_path; the app's loop is the test's loop, so async handlers run as in the app."""
    monkeypatch.setattr(core, 'loop', asyncio.get_running_loop())
    opened: list[Day] = []

    def make(name: str = 'rehearsal.db', **options: object) -> Day:
        day = Day(tmp_path / name, **options)  # type: ignore[arg-type]
        opened.append(day)
        return day

    yield make
    await asyncio.sleep(0)  # let the run-of-show handlers started by the last jump finish
    for day in opened:
        day.close()


async def test_people_arrive_over_minutes_not_all_at_once(days) -> None:
    day = days(count=40)
    day.rehearsal.start()
    assert day.room.joining.count == 0
    day.clock.advance(JOIN[0] - 0.01)
    assert day.room.joining.count == 0, 'nobody before the lower bound'
    day.clock.advance(60)
    assert 0 < day.room.joining.count < 40, 'some after a minute, not everyone'
    day.clock.advance(JOIN[1])
    assert day.room.joining.count == 40
    assert day.clock.pending == 0, 'before the day starts, nothing else is planned'

    stored = {a.id: a for a in day.store.attendees()}
    for person in day.people:
        joined = stored[person.id]
        assert (joined.name, joined.department, joined.leader) == (person.name, person.department, person.leader)
    assert 1 <= sum(a.leader for a in stored.values()) <= 4


async def test_they_sit_at_the_table_rounds_like_anyone_else(days) -> None:
    day = days(count=13)
    day.rehearsal.start()
    day.clock.advance(JOIN[1])
    outcome = await day.room.rounds.start_round()
    assert outcome.ok
    seats = [day.room.rounds.seat(p.id) for p in day.people]
    assert all(seat is not None for seat in seats)
    assert sorted({seat.table for seat in seats if seat}) == [1, 2, 3]


async def test_the_room_answers_asks_votes_and_pledges_through_the_services(days) -> None:
    day = days(count=40)
    day.facilitate()
    done = day.rehearsal.done
    assert done['join'] == 40

    pulses = PulseStore(day.store.db)
    answered = pulses.count('kundehistorien')
    assert 40 * 0.6 <= answered < 40, 'most answer, not everyone'
    assert done['answer'] == answered
    for person in day.people:
        response = pulses.response('kundehistorien', person.id)
        if response is not None:
            values, word = response
            assert pulse_rules.clean_answers(values, list(values)) == values
            assert word and ' ' not in word
    curve = {p.session_id: p.measured for p in pulses.energy_curve(AGENDA)}
    assert 2.5 <= curve['kundehistorien'] <= 4.5, 'near the planned energy of 4'

    asked = QuestionStore(day.store.db).questions()
    assert 2 <= len(asked) <= 15
    assert done['ask'] == len(asked)
    assert sum(q.votes for q in asked) == done['vote'] > 0

    made = PledgeStore(day.store.db).pledges()
    assert 40 * 0.75 <= len(made) <= 40
    assert done['pledge'] == len(made)
    goals = {g.id for g in AGENDA.goals}
    assert {p.goal_id for p in made} <= goals and len({p.goal_id for p in made}) > 1
    assert all(p.deadline <= pledge_rules.latest_deadline(AGENDA) for p in made)
    assert {p.wall for p in made} >= {pledge_rules.NAMED, pledge_rules.ANONYMOUS}
    assert day.rehearsal.refused['error'] == 0


async def test_what_the_services_refuse_is_refused_for_them_too(days) -> None:
    day = days(count=30)
    day.rehearsal.start()
    day.clock.advance(JOIN[1])
    assert day.room.facilitation.act('start').ok
    day.go_to('kundehistorien')
    assert day.room.pulses.open().ok
    day.clock.advance(ANSWER[0] + 6)
    early = PulseStore(day.store.db).count('kundehistorien')
    assert day.room.pulses.close().ok
    day.clock.advance(ANSWER[1])
    assert PulseStore(day.store.db).count('kundehistorien') == early, 'a closed pulse takes no answer'
    assert day.rehearsal.refused['pulse.is_closed'] > 0

    day.room.pledging.close_pledging()
    day.go_to('forpliktelse')
    day.clock.advance(PLEDGE[1])
    assert PledgeStore(day.store.db).pledges() == []
    assert day.rehearsal.refused['pledge.closed'] > 0


async def test_the_same_seed_gives_the_same_day(days) -> None:
    def record(day: Day) -> tuple:
        pulses = PulseStore(day.store.db)
        return (
            [(a.id, a.name, a.department, a.leader) for a in sorted(day.store.attendees(), key=lambda a: a.id)],
            [pulses.response('kundehistorien', p.id) for p in day.people],
            sorted((q.text, q.votes) for q in QuestionStore(day.store.db).questions()),
            sorted(
                (p.participant_id, p.text, p.goal_id, p.deadline, p.wall) for p in PledgeStore(day.store.db).pledges()
            ),
        )

    first, second, other = days('a.db', seed=5), days('b.db', seed=5), days('c.db', seed=6)
    for day in (first, second, other):
        day.facilitate()
    assert record(first) == record(second)
    assert record(first) != record(other)


async def test_a_restarted_rehearsal_has_its_people_back_at_once(days, tmp_path: Path) -> None:
    day = days('same.db', count=20, seed=None)
    day.rehearsal.start()
    day.clock.advance(JOIN[1])
    day.close()

    again = days('same.db', count=20, seed=None)
    assert again.seed == day.seed, 'the seed is kept in the database'
    again.rehearsal.start()
    assert again.room.joining.count == 20
    assert again.clock.pending == 0, 'nobody joins twice'
    assert len(again.rehearsal.joined) == 20


async def test_a_real_day_is_never_rehearsed_in(tmp_path: Path) -> None:
    store = Store.open(tmp_path / 'kickoff-2027.db')
    joining = Joining(agenda=AGENDA, store=store, live=Live(lambda: T0))
    joining.join('real-phone', code=joining.code, name='Kari', department='Salg', language='nb')
    with pytest.raises(RehearsalRefused):
        prepare(store, count=10, seed=1)
    assert not store.is_rehearsal()
    store.close()


def test_a_rehearsal_gets_its_own_file_unless_told_otherwise() -> None:
    assert Settings(data_dir=Path('data')).db_path('kickoff-2027') == Path('data/kickoff-2027.db')
    assert Settings(rehearse=20).db_path('kickoff-2027') == Path('data/kickoff-2027-rehearsal.db')
    assert Settings(rehearse=20, db=Path('x.db')).db_path('kickoff-2027') == Path('x.db')


async def test_on_the_event_loop_they_arrive_fast_when_asked_and_stop_cleanly(days) -> None:
    day = days(count=12)
    scheduler = LoopScheduler(speed=2000)  # four human minutes in about 0.12 s
    rehearsal = Rehearsal(day.room, day.people, seed=day.seed, scheduler=scheduler)
    rehearsal.start()
    assert scheduler.pending == 12
    async with asyncio.timeout(10):
        while day.room.joining.count < 12:
            await asyncio.sleep(0.01)

    assert day.room.facilitation.act('start').ok
    day.go_to('forpliktelse')
    assert scheduler.pending > 0, 'pledges are planned'
    rehearsal.stop()
    assert scheduler.pending == 0
    assert day.room.pulses.open().ok
    assert scheduler.pending == 0, 'after stop nobody reacts to the room any more'
