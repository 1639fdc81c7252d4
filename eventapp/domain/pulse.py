"""The mini pulse after a session: its statements, and what the answers may show.

Pure: answers come in as plain values, results go out as dataclasses. The method measures energy and psychological
safety with a short pulse after every session and adjusts the format on what it hears; this module says what to ask,
what the room said (never below a group of MIN_GROUP), how the day's energy runs against the plan, and when the
room's sense of safety needs the facilitator's attention.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .agenda import Agenda, PulseStatement, Session

SCALE: tuple[int, ...] = (1, 2, 3, 4, 5)
MIN_GROUP = 5
"""No distribution, mean or word is shown for fewer answers than this: a small group must not be identifiable."""
SAFETY_FLOOR = 3.5
SAFETY_DROP = 0.5
ENERGY, SAFETY = 'energy', 'safety'
WORD_MAX = 30

SAFETY_ADVICE: tuple[str, ...] = ('pulse.advice.small_groups', 'pulse.advice.anonymous', 'pulse.advice.open_questions')
"""The method's advice when safety is low (translation keys): smaller groups of four where everyone gets the word,
anonymous questions to lower the threshold, and a leader who asks open questions and thanks people for disagreeing."""

_DEFAULTS: dict[str, tuple[tuple[str, str, str, str], ...]] = {
    'nb': (
        (ENERGY, 'Hvor mye energi har du nå?', 'Tom', 'Full'),
        ('relevance', 'Hvor nyttig var dette for jobben din?', 'Lite', 'Svært'),
        ('learning', 'Lærte du noe du kan bruke?', 'Nei', 'Mye'),
        (SAFETY, 'Jeg kunne spurt eller vært uenig her uten risiko.', 'Uenig', 'Enig'),
    ),
    'en': (
        (ENERGY, 'How much energy do you have right now?', 'Empty', 'Full'),
        ('relevance', 'How useful was this for your work?', 'Little', 'Very'),
        ('learning', 'Did you learn something you can use?', 'No', 'A lot'),
        (SAFETY, 'I could ask or disagree here without risk.', 'Disagree', 'Agree'),
    ),
}


OPEN, CLOSED, REVEALED = 'open', 'closed', 'revealed'


@dataclass(frozen=True, kw_only=True, slots=True)
class Pulse:
    """One session's pulse: what it asked (in the event's language) and where it is in open -> closed -> revealed."""

    session_id: str
    statements: tuple[PulseStatement, ...]
    word: bool
    opened_at: dt.datetime
    closed_at: dt.datetime | None = None
    revealed_at: dt.datetime | None = None

    @property
    def status(self) -> str:
        if self.revealed_at is not None:
            return REVEALED
        return OPEN if self.closed_at is None else CLOSED

    @property
    def statement_ids(self) -> tuple[str, ...]:
        return tuple(s.id for s in self.statements)


def default_statements(lang: str) -> tuple[PulseStatement, ...]:
    """The default set: energy, relevance, learning and psychological safety, in the phone's language."""
    rows = _DEFAULTS.get(lang, _DEFAULTS['nb'])
    return tuple(PulseStatement(id=id_, text=text, low=low, high=high) for id_, text, low, high in rows)


def statements_for(agenda: Agenda, session: Session, lang: str) -> tuple[PulseStatement, ...]:
    """What a session's pulse asks: the session's own set, else the event's, else the default set in `lang`.
    Sets from the agenda are written in the facilitator's language and shown as written."""
    return session.pulse_statements or agenda.pulse.statements or default_statements(lang)


def pulse_allowed(session: Session) -> bool:
    """Sessions flagged for a pulse get one; any other session may too, except a break (unless it is flagged)."""
    return session.pulse or session.kind != 'break'


def clean_answers(values: Mapping[str, object], statement_ids: Sequence[str]) -> dict[str, int] | None:
    """The answers if every statement has a whole number on the scale and nothing else was sent; else None."""
    if set(values) != set(statement_ids):
        return None
    cleaned: dict[str, int] = {}
    for key, value in values.items():
        if isinstance(value, bool) or not isinstance(value, int) or value not in SCALE:
            return None
        cleaned[key] = value
    return cleaned


@dataclass(frozen=True, kw_only=True, slots=True)
class StatementResult:
    """One statement's answers. `distribution` and `mean` are None when too few answered to show them."""

    id: str
    count: int
    distribution: tuple[int, ...] | None
    mean: float | None
    change: float | None
    """The mean minus the previous shown mean of the same statement earlier in the day; None when there is none."""

    @property
    def shown(self) -> bool:
        return self.mean is not None


@dataclass(frozen=True, kw_only=True, slots=True)
class SessionResult:
    session_id: str
    responses: int
    statements: tuple[StatementResult, ...]

    @property
    def shown(self) -> bool:
        return self.responses >= MIN_GROUP

    def statement(self, statement_id: str) -> StatementResult | None:
        return next((s for s in self.statements if s.id == statement_id), None)


def summarise(
    session_id: str,
    statement_ids: Sequence[str],
    answers: Sequence[Mapping[str, int]],
    previous: Sequence[SessionResult] = (),
) -> SessionResult:
    """Distribution, mean and change per statement; `previous` are earlier sessions' results in day order."""
    results = []
    for statement_id in statement_ids:
        values = [a[statement_id] for a in answers if a.get(statement_id) in SCALE]
        shown = len(values) >= MIN_GROUP
        mean = round(sum(values) / len(values), 2) if shown else None
        before = previous_mean(statement_id, previous)
        results.append(
            StatementResult(
                id=statement_id,
                count=len(values),
                distribution=tuple(values.count(v) for v in SCALE) if shown else None,
                mean=mean,
                change=round(mean - before, 2) if mean is not None and before is not None else None,
            )
        )
    return SessionResult(session_id=session_id, responses=len(answers), statements=tuple(results))


def previous_mean(statement_id: str, previous: Sequence[SessionResult]) -> float | None:
    """The latest shown mean of a statement among earlier sessions (a session with too few answers is skipped)."""
    for result in reversed(previous):
        statement = result.statement(statement_id)
        if statement is not None and statement.mean is not None:
            return statement.mean
    return None


def participation(answered: int, joined: int) -> float:
    """Share of joined phones that answered, 0 to 1 (a phone that answered then left still counts)."""
    if joined <= 0:
        return 0.0
    return min(1.0, answered / joined)


@dataclass(frozen=True, kw_only=True, slots=True)
class EnergyPoint:
    """One session on the energy curve: planned energy from the agenda and the room's measured mean (or None)."""

    session_id: str
    title: str
    beat: str
    start_minute: int
    minutes: int
    planned: int
    measured: float | None
    responses: int


def energy_curve(agenda: Agenda, results: Mapping[str, SessionResult]) -> tuple[EnergyPoint, ...]:
    """Every session in day order with its planned energy and, where a pulse was shown, the measured mean energy."""
    points, at = [], 0
    for session in agenda.sessions:
        result = results.get(session.id)
        energy = result.statement(ENERGY) if result else None
        points.append(
            EnergyPoint(
                session_id=session.id,
                title=session.title,
                beat=session.beat,
                start_minute=at,
                minutes=session.minutes,
                planned=session.energy,
                measured=energy.mean if energy else None,
                responses=result.responses if result else 0,
            )
        )
        at += session.minutes
    return tuple(points)


MARKED_BEATS = ('opening', 'turning_point', 'commitment')
"""Beats marked on the energy curve: where the day opens, turns, and commits."""


def beat_marks(agenda: Agenda) -> tuple[tuple[str, int], ...]:
    """(beat, start minute) where each marked beat first begins."""
    marks, at, seen = [], 0, set()
    for session in agenda.sessions:
        if session.beat in MARKED_BEATS and session.beat not in seen:
            seen.add(session.beat)
            marks.append((session.beat, at))
        at += session.minutes
    return tuple(marks)


@dataclass(frozen=True, kw_only=True, slots=True)
class SafetyFlag:
    """A session whose psychological-safety answers need attention, why, and what the method advises."""

    session_id: str
    mean: float
    low: bool
    """The mean is below SAFETY_FLOOR."""
    drop: float | None
    """How far the mean fell from the previous session, when by more than SAFETY_DROP."""
    advice: tuple[str, ...] = SAFETY_ADVICE


def safety_flags(results: Sequence[SessionResult]) -> tuple[SafetyFlag, ...]:
    """Flags in day order: a shown safety mean below 3.5, or more than 0.5 below the previous shown one."""
    flags = []
    for result in results:
        safety = result.statement(SAFETY)
        if safety is None or safety.mean is None:
            continue
        low = safety.mean < SAFETY_FLOOR
        drop = -safety.change if safety.change is not None and safety.change < -SAFETY_DROP else None
        if low or drop is not None:
            flags.append(SafetyFlag(session_id=result.session_id, mean=safety.mean, low=low, drop=drop))
    return tuple(flags)
