"""The app's live events and the one server-wide clock.

Services emit after a write is committed; pages subscribe while they are built and update the smallest element.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from nicegui import Event

from .domain.run import RunState

Clock = Callable[[], dt.datetime]


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass(frozen=True, kw_only=True, slots=True)
class RunView:
    """A snapshot of the run of show for pages: the state plus what it means at the moment it was taken."""

    state: RunState
    remaining: float
    """Seconds left in the current session when the snapshot was taken (negative: over time)."""
    overrun: int
    """Minutes the day runs behind plan."""


class Live:
    """The events every surface listens to."""

    def __init__(self, clock: Clock = utc_now) -> None:
        self.clock = clock
        self.run_changed: Event[RunView] = Event()
        """The run of show changed: the day started, moved on, paused, resumed, was extended or finished."""
        self.joined: Event[int] = Event()
        """A phone joined (or changed its details); carries the number of joined phones."""
        self.screen_view_changed: Event[str] = Event()
        """The facilitator put another view on the big screen; carries its name."""
