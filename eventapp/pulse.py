"""The mini pulse as a service: validate (domain) -> write (store) -> emit (its own events).

The facilitator opens a session's pulse (or it opens by itself when a pulse session ends, if the agenda says so),
closes it, and reveals the results. Phones answer while it is open: one response per phone, changeable until it
closes. Everything a phone sends is checked here; a refused answer stores nothing.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from nicegui import Event

from .domain import pulse as rules
from .domain import run
from .domain.agenda import Agenda, PulseStatement, Session
from .domain.participants import clean_text
from .domain.pulse import EnergyPoint, Pulse, SafetyFlag, SessionResult
from .domain.words import WORD_MAX, normalise
from .facilitation import Facilitation
from .joining import Joining
from .live import Live, RunView
from .store.pulse import NEW, PulseStore

log = logging.getLogger(__name__)


@dataclass(frozen=True, kw_only=True, slots=True)
class PulseOutcome:
    """What the facilitator or phone is told: `key` is a translation key."""

    ok: bool
    key: str


@dataclass(frozen=True, kw_only=True, slots=True)
class Participation:
    """How many joined phones answered the session's pulse."""

    session_id: str
    answered: int
    joined: int

    @property
    def share(self) -> float:
        return rules.participation(self.answered, self.joined)


class PulseService:
    """Opens, closes and reveals pulses and takes the phones' answers. The store holds the truth; this keeps the
    pulses (a few a day) and their answer counts in memory so pages read without SQL."""

    def __init__(
        self, *, agenda: Agenda, store: PulseStore, live: Live, facilitation: Facilitation, joining: Joining
    ) -> None:
        self.agenda = agenda
        self.store = store
        self.live = live
        self.facilitation = facilitation
        self.joining = joining
        self.changed: Event[Pulse] = Event()
        """A pulse opened, closed or was revealed; carries it. Phones listen to this one only."""
        self.answered: Event[Participation] = Event()
        """A phone answered the open pulse for the first time; carries the participation (screen and panel)."""
        self._pulses: dict[str, Pulse] = {p.session_id: p for p in store.pulses()}
        self._current: Pulse | None = next(reversed(self._pulses.values()), None)
        self._counts: dict[str, int] = {sid: store.count(sid) for sid in self._pulses}
        self._position = self._position_of(facilitation.view())
        live.run_changed.subscribe(self._on_run_changed)

    # --- reading ----------------------------------------------------------------------------------

    @property
    def current(self) -> Pulse | None:
        """The pulse the room sees: the one opened last."""
        return self._current

    def session(self, session_id: str) -> Session:
        return self.agenda.sessions[self.agenda.index_of(session_id)]  # type: ignore[index]

    def statements(self, session_id: str, lang: str) -> tuple[PulseStatement, ...]:
        """The statements as a phone in `lang` shows them (agenda sets as written, the default set translated)."""
        return rules.statements_for(self.agenda, self.session(session_id), lang)

    def has_pulse(self, session_id: str) -> bool:
        """Whether the session's pulse was opened already (a pulse opens once)."""
        return session_id in self._pulses

    def participation(self, session_id: str) -> Participation:
        return Participation(session_id=session_id, answered=self._counts.get(session_id, 0), joined=self.joining.count)

    def response(self, session_id: str, participant_id: str) -> tuple[dict[str, int], str] | None:
        return self.store.response(session_id, participant_id)

    def responses(self, session_id: str) -> dict[str, tuple[dict[str, int], str]]:
        """Every phone's own response by participant id, read once for all phones' forms (one query, not one each)."""
        return self.store.responses(session_id)

    def result(self, session_id: str) -> SessionResult | None:
        """A closed pulse's results with the change from earlier sessions; None while it is open or unknown."""
        return next((r for r in self.store.results(self.agenda) if r.session_id == session_id), None)

    def results(self) -> list[SessionResult]:
        return self.store.results(self.agenda)

    def energy_curve(self, *, revealed_only: bool) -> tuple[EnergyPoint, ...]:
        """Planned and measured energy; the big screen shows only revealed pulses, the panel every closed one."""
        statuses = (rules.REVEALED,) if revealed_only else (rules.CLOSED, rules.REVEALED)
        return self.store.energy_curve(self.agenda, statuses=statuses)

    def safety_flags(self) -> tuple[SafetyFlag, ...]:
        return self.store.safety_flags(self.agenda)

    def word_frequencies(self, session_id: str) -> dict[str, int] | None:
        """The closed pulse's one-word answers for the cloud; None while open or when too few answered."""
        pulse = self._pulses.get(session_id)
        if pulse is None or pulse.status == rules.OPEN or not pulse.word:
            return None
        return self.store.word_frequencies(session_id)

    # --- the facilitator --------------------------------------------------------------------------

    def open(self, session_id: str | None = None) -> PulseOutcome:
        """Open the pulse for a session (by default the one running now). A pulse opens once; one at a time."""
        if session_id is None:
            state = self.facilitation.state
            if state.phase != run.RUNNING:
                return PulseOutcome(ok=False, key='pulse.no_session')
            session_id = self.agenda.sessions[state.index].id
        if self.agenda.index_of(session_id) is None:
            return PulseOutcome(ok=False, key='pulse.unknown_session')
        session = self.session(session_id)
        if not rules.pulse_allowed(session):
            return PulseOutcome(ok=False, key='pulse.on_break')
        existing = self._pulses.get(session_id)
        if existing is not None:
            return PulseOutcome(ok=False, key='pulse.already_open' if existing.status == rules.OPEN else 'pulse.done')
        if self._current is not None and self._current.status == rules.OPEN:
            return PulseOutcome(ok=False, key='pulse.other_open')
        statements = rules.statements_for(self.agenda, session, self.agenda.event.language)
        now = self.live.clock()
        if not self.store.open(session_id, statements, word=self.agenda.pulse.word, now=now):
            return PulseOutcome(ok=False, key='pulse.done')
        pulse = Pulse(session_id=session_id, statements=statements, word=self.agenda.pulse.word, opened_at=now)
        self._remember(pulse)
        self._counts[session_id] = 0
        log.info('pulse opened for %s', session_id)
        return PulseOutcome(ok=True, key='pulse.opened')

    def close(self) -> PulseOutcome:
        """Close the open pulse: answers are final, late phones are told it closed."""
        pulse = self._current
        if pulse is None:
            return PulseOutcome(ok=False, key='pulse.none')
        if pulse.status != rules.OPEN or not self.store.close(pulse.session_id, self.live.clock()):
            return PulseOutcome(ok=False, key='pulse.already_closed')
        self._reload(pulse.session_id)
        log.info('pulse closed for %s with %s answers', pulse.session_id, self._counts.get(pulse.session_id, 0))
        return PulseOutcome(ok=True, key='pulse.closed')

    def reveal(self) -> PulseOutcome:
        """Show the closed pulse's results on the big screen (never while open, so early answers don't steer)."""
        pulse = self._current
        if pulse is None:
            return PulseOutcome(ok=False, key='pulse.none')
        if pulse.status == rules.OPEN:
            return PulseOutcome(ok=False, key='pulse.close_first')
        if not self.store.reveal(pulse.session_id, self.live.clock()):
            return PulseOutcome(ok=False, key='pulse.already_revealed')
        self._reload(pulse.session_id)
        return PulseOutcome(ok=True, key='pulse.revealed')

    # --- the phones -------------------------------------------------------------------------------

    async def durable(self) -> None:
        """Return once the pulse answers made so far are on disk: they are committed relaxed and made durable in groups
        (store/durability.py); a page awaits this before it acknowledges."""
        await self.store.durable()

    def answer(self, participant_id: str, session_id: str, values: dict[str, object], word: str = '') -> PulseOutcome:
        """Store one phone's response, or refuse it and store nothing: an unknown phone or pulse, a closed pulse,
        a value off the scale, a statement missing or made up, or a word that is not one word."""
        pulse = self._pulses.get(session_id)
        if pulse is None:
            return PulseOutcome(ok=False, key='pulse.unknown')
        if pulse.status != rules.OPEN:
            return PulseOutcome(ok=False, key='pulse.is_closed')
        answers = rules.clean_answers(values, pulse.statement_ids)
        word = clean_text(word or '') if pulse.word else ''
        if answers is None or len(word) > WORD_MAX or len(word.split()) > 1:
            return PulseOutcome(ok=False, key='pulse.invalid')
        if self.joining.participant(participant_id) is None:
            return PulseOutcome(ok=False, key='pulse.not_joined')
        saved = self.store.save_response(session_id, participant_id, answers, normalise(word), self.live.clock())
        if saved is None:
            return PulseOutcome(ok=False, key='pulse.is_closed')
        if saved == NEW:
            self._counts[session_id] = self._counts.get(session_id, 0) + 1
            self.answered.emit(self.participation(session_id))
        return PulseOutcome(ok=True, key='pulse.saved')

    # --- the agenda -------------------------------------------------------------------------------

    def _on_run_changed(self, view: RunView) -> None:
        """When the day moves on from a pulse session and the agenda asks for it, open that session's pulse."""
        before, self._position = self._position, self._position_of(view)
        if not self.agenda.pulse.auto_open or not 0 <= before < self._position:
            return
        ended = self.agenda.sessions[before]
        if not ended.pulse or ended.id in self._pulses:
            return
        if self._current is not None and self._current.status == rules.OPEN:
            self.close()
        outcome = self.open(ended.id)
        log.info('pulse auto-open for %s: %s', ended.id, outcome.key)

    def _position_of(self, view: RunView) -> int:
        """Where the day is: -1 before, the session's index while running, one past the last when finished."""
        if view.state.phase == run.FINISHED:
            return len(self.agenda.sessions)
        return view.state.index if view.state.phase == run.RUNNING else -1

    def _reload(self, session_id: str) -> None:
        pulse = next(p for p in self.store.pulses() if p.session_id == session_id)
        self._remember(pulse)

    def _remember(self, pulse: Pulse) -> None:
        self._pulses[pulse.session_id] = pulse
        self._current = pulse
        self.changed.emit(pulse)
