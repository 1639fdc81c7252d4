"""The day as data: event, vision, goals with KPIs, departments and sessions in order.

Values only. Parsing and validation of the raw file data live in `domain/agenda_rules.py`;
the file format itself is known only to `loading.py`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

BEATS: tuple[str, ...] = ('opening', 'build', 'turning_point', 'climax', 'commitment', 'close')
"""Dramaturgic beats, in the order a day usually passes through them."""

KINDS: tuple[str, ...] = (
    'opening',
    'keynote',
    'learning',
    'exercise',
    'break',
    'turning_point',
    'commitment',
    'closing',
)
"""What happens in a session."""

LANGUAGES: tuple[str, ...] = ('nb', 'en')


@dataclass(frozen=True, kw_only=True, slots=True)
class Kpi:
    """One measurable indicator of a goal: where we are, and where we will be at 30 and 90 days."""

    name: str
    unit: str
    baseline: float
    target_30: float
    target_90: float
    frequency: str
    owner: str
    source: str


@dataclass(frozen=True, kw_only=True, slots=True)
class Goal:
    """A prioritised goal (the method advises three), each with one or two KPIs."""

    id: str
    title: str
    description: str = ''
    kpis: tuple[Kpi, ...] = ()


@dataclass(frozen=True, kw_only=True, slots=True)
class PulseStatement:
    """One pulse statement on the 1-5 scale, with words for its two ends. The id `energy` feeds the energy curve
    and the id `safety` the psychological-safety flag."""

    id: str
    text: str
    low: str
    high: str


@dataclass(frozen=True, kw_only=True, slots=True)
class PulseSettings:
    """The event's pulse choices: its own statements (empty: the default set), one-word answer, auto-open."""

    statements: tuple[PulseStatement, ...] = ()
    word: bool = True
    auto_open: bool = False


@dataclass(frozen=True, kw_only=True, slots=True)
class Session:
    """One block of the day."""

    id: str
    title: str
    kind: str
    minutes: int
    beat: str
    energy: int
    notes: str = ''
    screen_text: str = ''
    pulse: bool = False
    new_round: bool = False
    exercise: str = ''
    pulse_statements: tuple[PulseStatement, ...] = ()
    """This session's own pulse statements (empty: the event's set)."""


@dataclass(frozen=True, kw_only=True, slots=True)
class Event:
    """The event's identity and where and when it happens."""

    id: str
    title: str
    date: dt.date
    start: dt.time
    timezone: str
    language: str
    venue: str = ''
    end: dt.time | None = None

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def starts_at(self) -> dt.datetime:
        """The planned start of the day as an aware datetime in the event's time zone."""
        return dt.datetime.combine(self.date, self.start, tzinfo=self.tz)


@dataclass(frozen=True, kw_only=True, slots=True)
class Agenda:
    """A whole, valid day."""

    event: Event
    vision: str
    goals: tuple[Goal, ...]
    departments: tuple[str, ...]
    sessions: tuple[Session, ...]
    pulse: PulseSettings = PulseSettings()

    @property
    def total_minutes(self) -> int:
        return sum(s.minutes for s in self.sessions)

    def index_of(self, session_id: str) -> int | None:
        """Position of a session by id, or None when the id is not in this agenda."""
        for i, session in enumerate(self.sessions):
            if session.id == session_id:
                return i
        return None

    def planned_starts(self) -> list[dt.datetime]:
        """Planned start of every session, back to back from the event's start."""
        at = self.event.starts_at()
        starts = []
        for session in self.sessions:
            starts.append(at)
            at += dt.timedelta(minutes=session.minutes)
        return starts

    def planned_end(self) -> dt.datetime:
        return self.event.starts_at() + dt.timedelta(minutes=self.total_minutes)
