"""Fold a flood of changes into at most one redraw per interval, for panels that redraw a list on every change."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

from nicegui import ui


class Coalesced:
    """Calls `redraw` at once for a lone change; changes within `interval` s of the last redraw become one redraw at
    the end of the interval. In a room of 2,000 phones a panel that redrew its list per pledge or join did O(phones)
    work per write and held every phone's acknowledgement back for seconds (tests/bench/phones.py)."""

    def __init__(
        self,
        owner: ui.element,
        redraw: Callable[[], None],
        interval: float = 1.0,
        at_once: Callable[[object], bool] = lambda _change: False,
    ) -> None:
        self.owner = owner
        self.redraw = redraw
        self.interval = interval
        self.at_once = at_once
        """Changes the facilitator just made themselves (hide a card) are drawn at once, never folded."""
        self._last = 0.0
        self._pending: asyncio.TimerHandle | None = None

    def notify(self, change: object) -> None:
        wait = self._last + self.interval - time.monotonic()
        urgent = self.at_once(change)
        if (wait <= 0 or urgent) and self._pending is None:
            self._run()
        elif urgent:
            self._pending.cancel()  # type: ignore[union-attr]
            self._run()
        elif self._pending is None:
            try:
                self._pending = asyncio.get_running_loop().call_later(wait, self._run)
            except RuntimeError:  # no running loop (a script): nobody is watching live
                self._run()

    def _run(self) -> None:
        self._pending = None
        self._last = time.monotonic()
        if not self.owner.is_deleted:
            self.redraw()
