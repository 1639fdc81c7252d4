"""Rehearsal mode: simulated participants inside the server, so a facilitator can rehearse the whole day alone.

`eventapp run --rehearse N` casts N people (domain/rehearsal.py) who join, answer pulses, ask and vote, sit at the
table rounds and pledge, at a human pace. They act only through the services' public methods, the same
validate -> write -> emit path a phone's click takes, so every screen shows them exactly as it would show a room,
and whatever the services refuse is refused for them too. Timing runs on the event loop's own timers (never a
sleep, never a thread); `speed` compresses human seconds for tests and demos. The database is marked as a
rehearsal, so every surface says so and the export leaves it out unless asked.
"""

from __future__ import annotations

import logging
import secrets
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .domain import rehearsal as cast_rules
from .domain.participants import JoinError
from .domain.pledges import PledgeError, event_end
from .domain.pulse import OPEN, Pulse
from .domain.questions import VISIBLE, QuestionError
from .domain.rehearsal import Persona, chooser, delay
from .domain.run import FINISHED, RUNNING
from .facilitation import Facilitation
from .joining import Joining
from .live import Live, RunView
from .pacing import LoopScheduler, Scheduler
from .pledging import Pledging
from .pulse import PulseOutcome, PulseService
from .questions import Change, Questions
from .rounds import Rounds
from .store import Store

log = logging.getLogger(__name__)


class RehearsalRefused(RuntimeError):
    """The database holds a real day: rehearsal participants must never be mixed into it."""


@dataclass(frozen=True, kw_only=True, slots=True)
class Room:
    """The services a phone's actions go through; the rehearsal touches nothing else."""

    live: Live
    joining: Joining
    facilitation: Facilitation
    pulses: PulseService
    questions: Questions
    pledging: Pledging
    rounds: Rounds


class Rehearsal:
    """N simulated participants reacting to what the facilitator does. Each person's choices come from the seed
    and their own id, so the same seed gives the same answers whatever the order things happen in."""

    def __init__(self, room: Room, people: Sequence[Persona], *, seed: int, scheduler: Scheduler) -> None:
        self.room, self.people, self.seed, self.scheduler = room, tuple(people), seed, scheduler
        self.agenda = room.facilitation.agenda
        self.joined: set[str] = set()
        self.done: Counter[str] = Counter()
        """Actions the services accepted, by kind (join, leader, answer, ask, vote, pledge)."""
        self.refused: Counter[str] = Counter()
        """Actions the services refused, by message key (a pulse closed before someone answered, a rate limit)."""
        self._asked: Counter[str] = Counter()
        self._pulses: set[str] = set()
        self._questions: set[int] = set()
        self._pledging: set[str] = set()
        self._session = -1
        self._started = False

    @classmethod
    def of(cls, room: Room, *, count: int, seed: int, speed: float = 1.0) -> Rehearsal:
        """`count` people cast from the agenda's departments and language, on the event loop's timers."""
        agenda = room.facilitation.agenda
        people = cast_rules.cast(count, agenda.departments, seed=seed, event_language=agenda.event.language)
        return cls(room, people, seed=seed, scheduler=LoopScheduler(speed))

    # --- lifecycle --------------------------------------------------------------------------------

    def start(self) -> None:
        """People who joined before (a restarted rehearsal) are back at once; the others arrive over a few minutes."""
        if self._started:
            return
        self._started = True
        room = self.room
        room.live.run_changed.subscribe(self._on_run_changed)
        room.pulses.changed.subscribe(self._on_pulse)
        room.questions.changed.subscribe(self._on_questions)
        state = room.facilitation.state
        self._session = state.index if state.phase == RUNNING else -1
        if room.pulses.current is not None:
            self._pulses.add(room.pulses.current.session_id)
        self._questions.update(q.id for q in room.questions.board.questions if q.state == VISIBLE)
        for person in self.people:
            if room.joining.participant(person.id) is not None:
                self.joined.add(person.id)
                self._catch_up(person)
            else:
                self._plan(person, 'join', cast_rules.JOIN, lambda p=person: self._join(p))
        log.info('rehearsal: %s simulated participants, seed %s', len(self.people), self.seed)

    def stop(self) -> None:
        """Cancel what has not happened yet and stop listening (the app is shutting down)."""
        self.scheduler.cancel()
        room = self.room
        room.live.run_changed.unsubscribe(self._on_run_changed)
        room.pulses.changed.unsubscribe(self._on_pulse)
        room.questions.changed.unsubscribe(self._on_questions)
        self._started = False

    # --- what the room does -----------------------------------------------------------------------

    def _on_run_changed(self, view: RunView) -> None:
        state = view.state
        if state.phase == FINISHED and self._session != len(self.agenda.sessions):
            self._session = len(self.agenda.sessions)
            self._everyone(self._maybe_pledge)  # phones show the pledge form after the day too
        if state.phase != RUNNING or state.index == self._session or state.index >= len(self.agenda.sessions):
            return
        self._session = state.index
        session = self.agenda.sessions[state.index]
        if session.kind != 'break':
            for person in self._here():
                self._maybe_ask(person, session.id, session.minutes)
        if self._pledge_time():
            self._everyone(self._maybe_pledge)

    def _on_pulse(self, pulse: Pulse) -> None:
        if pulse.status != OPEN or pulse.session_id in self._pulses:
            return
        self._pulses.add(pulse.session_id)
        self._everyone(lambda person: self._maybe_answer(person, pulse.session_id))

    def _on_questions(self, change: Change) -> None:
        for question in change.board.questions:
            if question.state == VISIBLE and question.id not in self._questions:
                self._questions.add(question.id)
                for person in self._here():
                    if chooser(self.seed, person, 'vote', question.id).random() < cast_rules.VOTE_SHARE * person.keen:
                        self._plan(person, ('vote', question.id), cast_rules.VOTE, self._vote(person, question.id))

    def _catch_up(self, person: Persona) -> None:
        """A person who just arrived does what the room is doing: answers the open pulse, pledges if it is time."""
        pulse = self.room.pulses.current
        if pulse is not None and pulse.status == OPEN:
            self._maybe_answer(person, pulse.session_id)
        if self._pledge_time():
            self._maybe_pledge(person)

    # --- one person's decisions ---------------------------------------------------------------------

    def _maybe_answer(self, person: Persona, session_id: str) -> None:
        if self.room.pulses.response(session_id, person.id) is not None:
            return
        if cast_rules.answers(chooser(self.seed, person, 'answers', session_id), person):
            self._plan(person, ('answer', session_id), cast_rules.ANSWER, lambda: self._answer(person, session_id))

    def _maybe_ask(self, person: Persona, session_id: str, minutes: int) -> None:
        if self._asked[person.id] >= cast_rules.ASKS_PER_DAY:
            return
        if chooser(self.seed, person, 'asks', session_id).random() < cast_rules.ASK_SHARE * person.keen:
            self._asked[person.id] += 1
            limit = minutes * 60 * 0.8
            self._plan(person, ('ask', session_id), cast_rules.ASK, lambda: self._ask(person, session_id), limit=limit)

    def _maybe_pledge(self, person: Persona) -> None:
        if person.id in self._pledging or self.room.pledging.own(person.id) is not None:
            return
        self._pledging.add(person.id)
        if chooser(self.seed, person, 'pledges').random() < cast_rules.PLEDGE_SHARE:
            self._plan(person, 'pledge', cast_rules.PLEDGE, lambda: self._pledge(person))

    # --- one person's actions, through the services -----------------------------------------------

    def _join(self, person: Persona) -> None:
        joining = self.room.joining
        try:
            joining.join(
                person.id, code=joining.code, name=person.name, department=person.department, language=person.language
            )
        except JoinError as refused:
            self.refused[refused.key] += 1
            return
        self.joined.add(person.id)
        self.done['join'] += 1
        if person.leader and self.room.rounds.set_leader(person.id, True).ok:
            self.done['leader'] += 1
        self._catch_up(person)

    def _answer(self, person: Persona, session_id: str) -> None:
        pulse = self.room.pulses.current
        if pulse is None or pulse.session_id != session_id:
            self.refused['pulse.is_closed'] += 1
            return
        rng = chooser(self.seed, person, 'answer', session_id)
        planned = self.agenda.sessions[self.agenda.index_of(session_id) or 0].energy
        values = cast_rules.pulse_values(rng, pulse.statement_ids, planned_energy=planned)
        said = cast_rules.word(rng, person.language, values.get('energy', planned)) if pulse.word else ''
        self._count(self.room.pulses.answer(person.id, session_id, dict(values), said), 'answer')

    def _ask(self, person: Persona, session_id: str) -> None:
        if self.room.facilitation.state.phase == FINISHED:
            return
        text = cast_rules.question(chooser(self.seed, person, 'question', session_id), person, self.agenda.goals)
        try:
            self.room.questions.ask(person.id, text, f'{person.id}/{session_id}')
        except QuestionError as refused:
            self.refused[refused.key] += 1
            return
        self.done['ask'] += 1

    def _vote(self, person: Persona, question_id: int) -> Callable[[], None]:
        def vote() -> None:
            try:
                self.room.questions.vote(person.id, question_id, up=True)
            except QuestionError as refused:
                self.refused[refused.key] += 1
                return
            self.done['vote'] += 1

        return vote

    def _pledge(self, person: Persona) -> None:
        pledging = self.room.pledging
        now = self.room.live.clock()
        choice = cast_rules.pledge(
            chooser(self.seed, person, 'pledge'), person, self.agenda, end=event_end(self.agenda), now=now
        )
        try:
            pledging.save(
                person.id,
                text=choice.text,
                goal_id=choice.goal_id,
                deadline=choice.deadline,
                name=choice.name,
                wall=choice.wall,
            )
        except PledgeError as refused:
            self.refused[refused.key] += 1
            return
        self.done['pledge'] += 1

    # --- helpers ----------------------------------------------------------------------------------

    def _plan(
        self,
        person: Persona,
        what: object,
        bounds: tuple[float, float],
        action: Callable[[], None],
        *,
        limit: float | None = None,
    ) -> None:
        seconds = delay(chooser(self.seed, person, 'when', what), bounds, limit=limit)
        self.scheduler.later(seconds, lambda: self._safely(action))

    def _safely(self, action: Callable[[], None]) -> None:
        """One simulated person's fault must never stop the rehearsal (or the server)."""
        try:
            action()
        except Exception:
            log.exception('rehearsal action failed')
            self.refused['error'] += 1

    def _count(self, outcome: PulseOutcome, kind: str) -> None:
        if outcome.ok:
            self.done[kind] += 1
        else:
            self.refused[outcome.key] += 1

    def _here(self) -> list[Persona]:
        return [p for p in self.people if p.id in self.joined]

    def _everyone(self, act: Callable[[Persona], None]) -> None:
        for person in self._here():
            act(person)

    def _pledge_time(self) -> bool:
        """When a phone shows the pledge form by itself: a commitment session, or after the day."""
        state = self.room.facilitation.state
        if state.phase == FINISHED:
            return True
        if state.phase != RUNNING or not 0 <= state.index < len(self.agenda.sessions):
            return False
        session = self.agenda.sessions[state.index]
        return session.kind == 'commitment' or session.beat == 'commitment'


def prepare(store: Store, *, count: int, seed: int | None) -> int:
    """Mark the database as a rehearsal and return the seed (the given one, else the one kept from an earlier start,
    so a restarted rehearsal has the same people). Refuses a database that holds a real day."""
    if not store.is_rehearsal() and store.participant_count() > 0:
        raise RehearsalRefused('this database holds a real day; a rehearsal needs its own file')
    if not 0 < count <= cast_rules.MAX_PARTICIPANTS:
        raise ValueError(f'a rehearsal has 1 to {cast_rules.MAX_PARTICIPANTS} participants')
    store.mark_rehearsal()
    if seed is not None:
        store.set_meta('rehearsal_seed', str(seed))
        return seed
    return int(store.ensure_meta('rehearsal_seed', lambda: str(secrets.randbelow(1_000_000))))
