"""The run of show as a pure state machine: which session is on, since when, paused or not, extended by how much.

Every transition takes the time as an argument and returns a new state with a higher version, so the store can
refuse a write made from a stale view (two facilitator laptops clicking at once) and a restarted server can compute
the same remaining time from the stored values.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

from .agenda import Agenda

EXTEND_MINUTES = 5

BEFORE, RUNNING, FINISHED = 'before', 'running', 'finished'


class RunError(Exception):
    """A transition that makes no sense now; `key` is a translation key for the facilitator's message."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


@dataclass(frozen=True, kw_only=True, slots=True)
class RunState:
    """What the room is doing now. Times are aware UTC datetimes."""

    version: int = 0
    phase: str = BEFORE
    index: int = -1
    started_at: dt.datetime | None = None
    paused_at: dt.datetime | None = None
    paused_seconds: float = 0.0
    extra_minutes: int = 0
    actual_starts: dict[str, dt.datetime] = field(default_factory=dict)
    """First actual start of every session that has been on (the run of show's 'actual' column)."""

    @property
    def paused(self) -> bool:
        return self.paused_at is not None


def start(state: RunState, agenda: Agenda, now: dt.datetime) -> RunState:
    """Start the day at the first session."""
    if state.phase == RUNNING:
        raise RunError('run.already_started')
    if state.phase == FINISHED:
        raise RunError('run.already_finished')
    return _enter(state, agenda, 0, now)


def advance(state: RunState, agenda: Agenda, now: dt.datetime) -> RunState:
    """Go to the next session; after the last one the day is finished."""
    if state.phase == BEFORE:
        return start(state, agenda, now)
    if state.phase == FINISHED:
        raise RunError('run.already_finished')
    if state.index + 1 >= len(agenda.sessions):
        return replace(state, version=state.version + 1, phase=FINISHED, paused_at=None)
    return _enter(state, agenda, state.index + 1, now)


def back(state: RunState, agenda: Agenda, now: dt.datetime) -> RunState:
    """Go back one session (a slip of the clicker); from 'finished' back to the last session."""
    if state.phase == BEFORE:
        raise RunError('run.not_started')
    if state.phase == FINISHED:
        return _enter(state, agenda, len(agenda.sessions) - 1, now)
    if state.index == 0:
        raise RunError('run.at_first')
    return _enter(state, agenda, state.index - 1, now)


def jump(state: RunState, agenda: Agenda, index: int, now: dt.datetime) -> RunState:
    """Go to any session by position."""
    if not 0 <= index < len(agenda.sessions):
        raise RunError('run.unknown_session')
    return _enter(state, agenda, index, now)


def pause(state: RunState, now: dt.datetime) -> RunState:
    if state.phase != RUNNING:
        raise RunError('run.not_running')
    if state.paused:
        raise RunError('run.already_paused')
    return replace(state, version=state.version + 1, paused_at=now)


def resume(state: RunState, now: dt.datetime) -> RunState:
    if state.phase != RUNNING or state.paused_at is None:
        raise RunError('run.not_paused')
    held = max(0.0, (now - state.paused_at).total_seconds())
    return replace(state, version=state.version + 1, paused_at=None, paused_seconds=state.paused_seconds + held)


def extend(state: RunState, minutes: int = EXTEND_MINUTES) -> RunState:
    if state.phase != RUNNING:
        raise RunError('run.not_running')
    return replace(state, version=state.version + 1, extra_minutes=state.extra_minutes + minutes)


def elapsed_seconds(state: RunState, now: dt.datetime) -> float:
    """Seconds the current session has been running, pauses not counted."""
    if state.phase != RUNNING or state.started_at is None:
        return 0.0
    until = state.paused_at or now
    return max(0.0, (until - state.started_at).total_seconds() - state.paused_seconds)


def planned_seconds(state: RunState, agenda: Agenda) -> int:
    """Length of the current session including extensions."""
    if state.phase != RUNNING:
        return 0
    return (agenda.sessions[state.index].minutes + state.extra_minutes) * 60


def remaining_seconds(state: RunState, agenda: Agenda, now: dt.datetime) -> float:
    """Seconds left in the current session; negative when over time."""
    return planned_seconds(state, agenda) - elapsed_seconds(state, now)


def deadline(state: RunState, agenda: Agenda, now: dt.datetime) -> dt.datetime | None:
    """When the current session ends if nobody pauses; None when nothing is running."""
    if state.phase != RUNNING:
        return None
    return now + dt.timedelta(seconds=remaining_seconds(state, agenda, now))


def overrun_minutes(state: RunState, agenda: Agenda, now: dt.datetime) -> int:
    """How far the day runs behind its plan, in whole minutes (negative: ahead). An extension is lateness too: it
    gives the session more time, but the rest of the day still starts later than planned."""
    if state.phase != RUNNING or state.started_at is None:
        return 0
    late = (state.started_at - planned_starts(state, agenda)[state.index]).total_seconds() + state.paused_seconds
    late += max(0.0, elapsed_seconds(state, now) - agenda.sessions[state.index].minutes * 60)
    if state.paused_at is not None:
        late += (now - state.paused_at).total_seconds()
    return round(late / 60)


def planned_starts(state: RunState, agenda: Agenda) -> list[dt.datetime]:
    """The plan to measure the day against. On the event's date that is the agenda's clock times; on any other day
    (a rehearsal, a moved event) the plan is shifted so that the first session that actually ran is on time."""
    starts = agenda.planned_starts()
    ran = [(at, i) for i, s in enumerate(agenda.sessions) if (at := state.actual_starts.get(s.id)) is not None]
    if not ran:
        return starts
    first, index = min(ran)
    if first.astimezone(agenda.event.tz).date() == agenda.event.date:
        return starts
    shift = first - starts[index]
    return [start + shift for start in starts]


def _enter(state: RunState, agenda: Agenda, index: int, now: dt.datetime) -> RunState:
    session_id = agenda.sessions[index].id
    starts = dict(state.actual_starts)
    starts.setdefault(session_id, now)
    return RunState(
        version=state.version + 1,
        phase=RUNNING,
        index=index,
        started_at=now,
        actual_starts=starts,
    )
