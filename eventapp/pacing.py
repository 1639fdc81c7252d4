"""Human time on the event loop: what a simulated person does later runs on the loop's own timers, never a sleep or
a thread, so the server answers phones meanwhile; `speed` compresses human seconds for tests and quick demos."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Protocol


class Scheduler(Protocol):
    def later(self, seconds: float, action: Callable[[], None]) -> None:
        """Run `action` after `seconds` of human time."""

    def cancel(self) -> None:
        """Drop everything not run yet."""


class LoopScheduler:
    """Human seconds on the running event loop's timers, `speed` times faster (speed 60: a minute a second)."""

    def __init__(self, speed: float = 1.0) -> None:
        if speed <= 0:
            raise ValueError('speed must be positive')
        self.speed = speed
        self._handles: set[asyncio.TimerHandle] = set()

    def later(self, seconds: float, action: Callable[[], None]) -> None:
        def run() -> None:
            self._handles.discard(handle)
            action()

        handle = asyncio.get_running_loop().call_later(seconds / self.speed, run)
        self._handles.add(handle)

    def cancel(self) -> None:
        for handle in self._handles:
            handle.cancel()
        self._handles.clear()

    @property
    def pending(self) -> int:
        return len(self._handles)
