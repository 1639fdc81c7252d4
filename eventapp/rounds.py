"""Table rounds as a service: who is in the room, the day's plan, the round people sit in now.

validate -> plan (off the event loop) -> write (store, one transaction) -> emit. A round starts by itself when a
session with `new_round` starts (never again when the facilitator jumps back to it), or by hand in the panel. The
plan is re-made only for rounds that have not started, and only when the roster changed, starting from the stored
plan so few people move. A started round never changes, except that a late arrival sits down at a table with room
and a leaver leaves their table.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Mapping
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pickle import PicklingError

from nicegui import Event, run

from .domain import seating
from .domain.exercises import ROLES, Exercise
from .domain.rotation import Metrics, Person, Plan, roles_for, solve, table_sizes
from .domain.seating import Attendee
from .facilitation import Facilitation
from .live import Live, RunView
from .store import Store
from .store.rounds import PlayedRound, RoundsStore, StoredPlan

log = logging.getLogger(__name__)

TIME_BUDGET = 1.0
"""Seconds of search the solver gets (it stops early at the lower bounds; its hard cap is three times this)."""


@dataclass(frozen=True, kw_only=True, slots=True)
class RoundOutcome:
    """What the facilitator is told: `key` is a translation key with `values`; `warnings` are (key, values) pairs."""

    ok: bool
    key: str
    values: Mapping[str, object] = field(default_factory=dict)
    warnings: tuple[tuple[str, Mapping[str, object]], ...] = ()


@dataclass(frozen=True, kw_only=True, slots=True)
class Seat:
    """What one phone sees of the current round: its own table and nothing of any other table."""

    round_number: int
    table: int
    """The physical table number, from 1."""
    role: str
    """A role id from `ROLES`, or '' when the exercise uses no roles."""
    mates: tuple[str, ...]
    """The table mates' first names ('' for a mate who gave no name)."""
    partners: tuple[str, ...] = ()
    """In a pairs exercise: the first names of the one or two people this person works with."""


class Rounds:
    """The table rounds of one event. The store holds the truth; this keeps the roster and rounds for reading."""

    def __init__(
        self,
        *,
        store: Store,
        rounds: RoundsStore,
        live: Live,
        facilitation: Facilitation,
        cards: Mapping[str, Exercise],
        seed: int | None = None,
        time_budget: float = TIME_BUDGET,
    ) -> None:
        self.store = store
        self.rounds = rounds
        self.live = live
        self.facilitation = facilitation
        self.agenda = facilitation.agenda
        self.cards = cards
        self.time_budget = time_budget
        self.seed = seed if seed is not None else int(store.ensure_meta('rounds_seed', _new_seed))
        self.changed: Event[int] = Event()
        """A round started, or someone sat down at or left a table; carries the current round's number."""
        self.roster_changed: Event[int] = Event()
        """Someone joined, was checked in or out, or marked as leader; carries the number present."""
        self.told: Event[RoundOutcome] = Event()
        """A round started (or could not start) by itself; carries what the facilitator should read."""
        self._played = rounds.played()
        self._plan = rounds.plan()
        self._people: dict[str, Attendee] = {}
        self._present_count = 0
        self._reload()
        self._busy = False
        self._seats: tuple[object, dict[str, int]] = ((), {})
        live.run_changed.subscribe(self._on_run_changed)
        live.joined.subscribe(self._on_joined)

    @classmethod
    def on(cls, store: Store, *, live: Live, facilitation: Facilitation) -> Rounds:
        """The rounds of the event in `store`, with the exercise cards from exercises/ (checked at `run`)."""
        from .cards import load_cards

        return cls(
            store=store, rounds=RoundsStore(store.db), live=live, facilitation=facilitation, cards=load_cards().cards
        )

    # --- reading ----------------------------------------------------------------------------------

    @property
    def planned_rounds(self) -> int:
        """Rounds in the day: one per agenda session with `new_round`, at least one, more if started by hand."""
        return max(1, sum(s.new_round for s in self.agenda.sessions), len(self._played))

    @property
    def planning(self) -> bool:
        """A round is being planned right now (the panel's start button waits)."""
        return self._busy

    @property
    def current(self) -> PlayedRound | None:
        """The round people sit in now: the one started last."""
        return self._played[-1] if self._played else None

    @property
    def played(self) -> tuple[PlayedRound, ...]:
        """The rounds started so far, in order."""
        return tuple(self._played)

    @property
    def plan(self) -> StoredPlan | None:
        """The day's plan as last made (its metrics are what the panel shows)."""
        return self._plan

    @property
    def metrics(self) -> Metrics | None:
        return self._plan.metrics if self._plan else None

    @property
    def present(self) -> list[Attendee]:
        return [a for a in self._people.values() if a.present]

    @property
    def present_count(self) -> int:
        """How many are present, kept as people join and check in or out (counting them was O(phones) per join)."""
        return self._present_count

    def person(self, participant_id: str) -> Attendee | None:
        return self._people.get(participant_id)

    def search(self, query: str, limit: int = 8) -> tuple[list[Attendee], int]:
        """People whose name contains the query (any case), alphabetically, at most `limit`; and how many match."""
        needle = query.strip().casefold()
        found = [a for a in self._people.values() if needle in a.name.casefold()]
        found.sort(key=lambda a: (a.name.casefold(), a.id))
        return found[:limit], len(found)

    def exercise(self) -> Exercise | None:
        """The card of the session running now, if it names one."""
        state = self.facilitation.state
        if state.phase != 'running' or not 0 <= state.index < len(self.agenda.sessions):
            return None
        return self.cards.get(self.agenda.sessions[state.index].exercise)

    def seat(self, participant_id: str) -> Seat | None:
        """Where this person sits in the current round, their role and their table mates; None if not seated."""
        current, person = self.current, self._people.get(participant_id)
        if current is None or person is None or not person.present:
            return None
        t = self._tables_by_person(current.tables).get(participant_id)
        if t is None:
            return None
        here = [x for x in current.tables[t] if x in self._people and self._people[x].present]
        roles, pairs = seat_rules(self.exercise())
        role = roles_for(current.number - 1, here, roles).get(participant_id, '')
        partners = seating.partners(participant_id, here) if pairs else ()
        return Seat(
            round_number=current.number,
            table=t + 1,
            role=role,
            mates=tuple(self._first(x) for x in here if x != participant_id),
            partners=tuple(self._first(x) for x in partners),
        )

    def table_map(self) -> list[tuple[int, list[str]]]:
        """Every used table of the current round with the first names of the people present at it."""
        if self.current is None:
            return []
        result = []
        for t, table in enumerate(self.current.tables):
            names = [self._first(x) for x in table if x in self._people and self._people[x].present]
            if names:
                result.append((t + 1, names))
        return result

    def finder(self) -> list[tuple[str, int]]:
        """Display names alphabetically with their table number ("find your table"); people without a name skip."""
        if self.current is None:
            return []
        rows = [
            (self._people[x].name, t + 1)
            for t, table in enumerate(self.current.tables)
            for x in table
            if x in self._people and self._people[x].present and self._people[x].name
        ]
        return sorted(rows, key=lambda row: (row[0].casefold(), row[1]))

    def too_many_leaders(self) -> tuple[str, Mapping[str, object]] | None:
        """A warning when more leaders are present than there are tables: two will share a table."""
        present = self.present
        leaders = sum(a.leader for a in present)
        if self.current is not None:
            tables = sum(1 for t in self.current.tables if t)
        else:
            tables = len(table_sizes(len(present))) if len(present) >= seating.MIN_TABLE else 1
        return ('rounds.too_many_leaders', {'leaders': leaders, 'tables': tables}) if leaders > tables else None

    # --- acting -----------------------------------------------------------------------------------

    async def start_round(self, *, session_id: str | None = None) -> RoundOutcome:
        """Start the next round for the people present now: plan (or re-plan) off the loop, store, emit."""
        if self._busy:
            return RoundOutcome(ok=False, key='rounds.busy')
        people = self.present
        if len(people) < seating.MIN_TABLE:
            return RoundOutcome(ok=False, key='rounds.too_few', values={'count': len(people)})
        self._busy = True
        try:
            number = len(self._played) + 1
            plan = self._plan
            roster = frozenset(a.id for a in people)
            played = tuple(r.tables for r in self._played)
            stale = plan is None or plan.roster != roster or plan.rounds[: number - 1] != played
            if stale or len(plan.rounds) < number:
                persons = [Person(id=a.id, name=a.name, department=a.department, leader=a.leader) for a in people]
                try:
                    solved = await plan_off_loop(
                        persons,
                        self._horizon(len(people), number),
                        seed=self.seed,
                        played=played,
                        previous=plan.rounds if plan else None,
                        time_budget=self.time_budget,
                    )
                except Exception:
                    log.exception('planning round %s failed', number)
                    return RoundOutcome(ok=False, key='rounds.plan_failed')
                plan = StoredPlan(seed=self.seed, roster=roster, rounds=solved.rounds, metrics=solved.metrics)
            if session_id is None:
                session_id = self._session_now()
            started = PlayedRound(
                number=number, session_id=session_id, tables=plan.rounds[number - 1], started_at=self.live.clock()
            )
            self.rounds.start(plan, started)
            self._plan = plan
            self._played.append(started)
            log.info('table round %s started: %s people, %s s to plan', number, len(people), plan.metrics.seconds)
        finally:
            self._busy = False
        self._seat_arrivals()  # anyone checked in while the plan was made sits down now
        self.changed.emit(number)
        tables = sum(1 for t in started.tables if t)
        warning = self.too_many_leaders()
        return RoundOutcome(
            ok=True,
            key='rounds.started',
            values={'number': number, 'tables': tables, 'seconds': f'{plan.metrics.seconds:.1f}'},
            warnings=(warning,) if warning else (),
        )

    def check_in(self, participant_id: str) -> RoundOutcome:
        """The person is in the room; during a round they sit down at a table with room, nobody else moves."""
        if not self.store.set_present(participant_id, True):
            return RoundOutcome(ok=False, key='rounds.unknown_person')
        self._reload()
        name = self._people[participant_id].name
        seated, no_room = self._seat_arrivals()
        self.roster_changed.emit(self.present_count)
        if participant_id in no_room:
            return RoundOutcome(ok=True, key='rounds.checked_in', values={'name': name}, warnings=(_no_room(name),))
        seat = self.seat(participant_id)  # newly seated, or back at the table they left
        if seat is not None and participant_id not in seated:
            self.changed.emit(seat.round_number)
        if seat is not None:
            values = {'name': name, 'table': seat.table}
            return RoundOutcome(ok=True, key='rounds.checked_in_seated', values=values)
        return RoundOutcome(ok=True, key='rounds.checked_in', values={'name': name})

    def check_out(self, participant_id: str) -> RoundOutcome:
        """The person left: they leave their table now and are not planned into later rounds."""
        if not self.store.set_present(participant_id, False):
            return RoundOutcome(ok=False, key='rounds.unknown_person')
        self._reload()
        self.roster_changed.emit(self.present_count)
        warnings = []
        if self.current and seating.table_of(participant_id, self.current.tables) is not None:
            self.changed.emit(self.current.number)
            present = {a.id for a in self.present}
            for t in seating.small_tables(self.current.tables, present):
                warnings.append(('rounds.table_small', {'table': t + 1}))
        name = self._people[participant_id].name
        return RoundOutcome(ok=True, key='rounds.checked_out', values={'name': name}, warnings=tuple(warnings))

    def set_leader(self, participant_id: str, leader: bool) -> RoundOutcome:
        """Mark a leader or ambassador; later rounds spread them over the tables (one per table while they fit)."""
        if not self.store.set_leader(participant_id, leader):
            return RoundOutcome(ok=False, key='rounds.unknown_person')
        self._reload()
        self.roster_changed.emit(self.present_count)
        warning = self.too_many_leaders()
        key = 'rounds.leader_on' if leader else 'rounds.leader_off'
        values = {'name': self._people[participant_id].name}
        return RoundOutcome(ok=True, key=key, values=values, warnings=(warning,) if warning else ())

    # --- listening --------------------------------------------------------------------------------

    async def _on_run_changed(self, view: RunView) -> None:
        """A session with `new_round` started: start its round, once (jumping back to it does nothing)."""
        state = view.state
        if state.phase != 'running' or not 0 <= state.index < len(self.agenda.sessions):
            return
        session = self.agenda.sessions[state.index]
        if not session.new_round or any(r.session_id == session.id for r in self._played):
            return
        outcome = await self.start_round(session_id=session.id)
        self.told.emit(outcome)

    def _on_joined(self, count: int) -> None:
        """A phone joined (it is present): during a round it sits down at once. A first join adds one person; only a
        changed join re-reads the roster (re-reading all at every join was O(phones) per join in a join storm)."""
        newest = self.store.newest_attendee() if count == len(self._people) + 1 else None
        if newest is not None and newest.id not in self._people:
            self._people[newest.id] = newest
            self._present_count += newest.present
        else:
            self._reload()
        self._seat_arrivals()
        self.roster_changed.emit(self.present_count)

    # --- helpers ----------------------------------------------------------------------------------

    def _reload(self) -> None:
        self._people = {a.id: a for a in self.store.attendees()}
        self._present_count = sum(1 for a in self._people.values() if a.present)

    def _seat_arrivals(self) -> tuple[dict[str, int], list[str]]:
        """Seat every present person missing from the current round; returns who sat where, and who found no room."""
        current = self.current
        if current is None or self._busy:
            return {}, []
        present = {a.id for a in self.present}
        tables, seated, no_room = current.tables, {}, []
        department = {x: a.department for x, a in self._people.items()}
        for person in sorted(present - {x for table in tables for x in table}):
            met = seating.meetings(person, [r.tables for r in self._played])
            t = seating.seat_late(person, tables, present=present, met=met, department=department)
            if t is None:
                no_room.append(person)
                continue
            tables = seating.with_seated(tables, person, t)
            seated[person] = t
        if seated:
            self.rounds.reseat(current.number, tables)
            self._played[-1] = PlayedRound(
                number=current.number, session_id=current.session_id, tables=tables, started_at=current.started_at
            )
            self.changed.emit(current.number)
        return seated, no_room

    def _horizon(self, present: int, number: int) -> int:
        """How many rounds to plan now: the day's rounds, but only as far as they can be free of repeated pairs
        (3 x rounds <= present - 1). Later rounds are planned when they start, with the played ones fixed, so the
        repeats that cannot be avoided fall on the last rounds, not on the next one."""
        return max(number, min(self.planned_rounds, max(1, (present - 1) // 3)))

    def _session_now(self) -> str:
        state = self.facilitation.state
        running = state.phase == 'running' and 0 <= state.index < len(self.agenda.sessions)
        return self.agenda.sessions[state.index].id if running else ''

    def _tables_by_person(self, tables) -> dict[str, int]:
        """Person -> table index of the current round, rebuilt only when the round's tables change. Every phone asks
        for its seat on each round change: a scan of all tables per phone made that O(phones²) per late arrival."""
        if self._seats[0] is not tables:
            self._seats = (tables, {x: t for t, table in enumerate(tables) for x in table})
        return self._seats[1]

    def _first(self, participant_id: str) -> str:
        return seating.first_name(self._people[participant_id].name)


def seat_rules(card: Exercise | None) -> tuple[tuple[str, ...], bool]:
    """What of the session's card a seat depends on: the roles that go round (the four default ones without a card),
    and whether people work in pairs."""
    return (card.roles if card else ROLES, bool(card and card.format == 'pairs'))


async def plan_off_loop(people: list[Person], rounds: int, **options: object) -> Plan:
    """Solve in NiceGUI's process pool, so no phone waits; in a thread where there is no pool (no running app, as in
    service tests) or it failed (a broken pool, a platform without process support)."""
    if run.process_pool is not None:
        try:
            plan = await run.cpu_bound(solve, people, rounds, **options)  # type: ignore[arg-type]
        except (BrokenProcessPool, PicklingError, OSError) as error:
            log.warning('process pool unavailable (%s); planning in a thread', error)
        else:
            if plan is not None:
                return plan
    plan = await run.io_bound(solve, people, rounds, **options)  # type: ignore[arg-type]
    if plan is None:
        raise RuntimeError('the app is stopping')
    return plan


def _no_room(name: str) -> tuple[str, Mapping[str, object]]:
    return ('rounds.no_room', {'name': name})


def _new_seed() -> str:
    return str(secrets.randbelow(2**31))
