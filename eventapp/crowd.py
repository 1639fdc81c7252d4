"""Process settings that let one Python process hold a room full of phones (see shared reference nicegui-scale.md)."""

from __future__ import annotations

import asyncio
import gc
import logging
import resource
import sys
import time
import types
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from nicegui import helpers, outbox, ui_run

log = logging.getLogger(__name__)
T = TypeVar('T')

GC_THRESHOLD = (50_000, 1, 100)
"""A high generation-0 threshold: CPython's default makes 1-second collections at 2,000 phones, long enough to miss
socket pings and start a reconnect storm. Generation 1 is collected with every generation-0 collection: with 20
(tried first) it gathered a million objects while phones joined, and each of its collections held the event loop
for 0.4-0.5 s; with 1 they take 40-90 ms. The survivors go to generation 2, which CPython collects in full only after
100 such collections and 25 % growth: about once per 4,000 joins or reloads. Freezing the survivors as well was
tried and dropped: every reloaded page then leaked about 90 KB (a deleted page's reference cycles were frozen)."""


def raise_open_files_limit() -> int:
    """Every phone is a socket: raise the soft limit on open files to the hard limit. Returns the new soft limit."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = hard if hard != resource.RLIM_INFINITY else max(soft, 65_536)
    if target > soft:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
            soft = target
        except (ValueError, OSError) as error:
            log.warning('could not raise the open-files limit from %s: %s', soft, error)
    return soft


WEBSOCKET_IMPLEMENTATIONS = ('websockets-sansio', 'wsproto')
NICEGUI_SERVER_CONFIG = ui_run.CustomServerConfig


def use_websocket(implementation: str) -> None:
    """Run uvicorn's websockets with `implementation`: NiceGUI's `ui.run` always passes `ws='wsproto'`.

    wsproto frames and compresses in pure Python with a 15-bit deflate window per phone; uvicorn's
    `websockets-sansio` uses the websockets library (C-accelerated) and a 12-bit window (memLevel 5).
    """
    if implementation not in WEBSOCKET_IMPLEMENTATIONS:
        raise ValueError(f'unknown websocket implementation {implementation!r}; one of {WEBSOCKET_IMPLEMENTATIONS}')

    class ServerConfig(NICEGUI_SERVER_CONFIG):
        def __init__(self, *args: object, **kwargs: object) -> None:
            kwargs['ws'] = implementation
            super().__init__(*args, **kwargs)

    ui_run.CustomServerConfig = ServerConfig


class OutboxAsyncio:
    """`asyncio` as NiceGUI's outbox module sees it: the same, but `wait_for` waits without its timeout."""

    def __getattr__(self, name: str) -> Any:
        return getattr(asyncio, name)

    @staticmethod
    async def wait_for(awaitable: Awaitable[T], timeout: float | None = None) -> T:
        return await awaitable


def quiet_outbox_loops() -> None:
    """Let every page's outbox loop sleep until it has something to send.

    NiceGUI's outbox loop waits for its page's next message with `asyncio.wait_for(..., timeout=1.0)` and, when the
    second is over, goes round to wait again. `Outbox.stop()` sets the same event, so the timeout wakes nothing that
    needs waking; but each round is a task, a timer and a future, for every page, every second: at 2,000 phones
    2,000 rounds a second on an idle server, all of it young garbage for the collector.
    """
    outbox.asyncio = OutboxAsyncio()  # type: ignore[assignment]


def cache_handler_signatures() -> None:
    """Make NiceGUI's `helpers.expects_arguments` cached per function definition.

    NiceGUI asks it (through `inspect.signature`) for every props, classes and style collection of every element it
    creates, and for every event handler: a profile of 1,000 phones joining spent 15 % of the server's CPU there. The
    answer depends only on the function's definition, so it is computed once per code object. Callables whose
    signature can be changed from outside (`__wrapped__`, `__signature__`, partials, classes) are never cached.
    NiceGUI calls it as `helpers.expects_arguments(...)`, so replacing the module attribute reaches every caller.
    """
    if getattr(helpers.expects_arguments, 'cached', False):
        return
    helpers.expects_arguments = cached_expects_arguments(helpers.expects_arguments)


def cached_expects_arguments(original: Callable[[Callable], bool]) -> Callable[[Callable], bool]:
    answers: dict[tuple, bool] = {}

    def expects_arguments(func: Callable) -> bool:
        key = definition_key(func)
        if key is None:
            return original(func)
        answer = answers.get(key)
        if answer is None:
            answer = answers[key] = original(func)
        return answer

    expects_arguments.cached = True  # type: ignore[attr-defined]
    return expects_arguments


def definition_key(func: Callable) -> tuple | None:
    """What a plain function's or bound method's signature depends on, or None when it may depend on more."""
    bound = isinstance(func, types.MethodType)
    plain = func.__func__ if bound else func
    if type(plain) is not types.FunctionType or hasattr(plain, '__wrapped__') or hasattr(plain, '__signature__'):
        return None
    if bound and hasattr(func, '__signature__'):
        return None
    return (plain.__code__, bound, len(plain.__defaults__ or ()), tuple(plain.__kwdefaults__ or ()))


def tune_gc() -> None:
    gc.set_threshold(*GC_THRESHOLD)


class PacedCollector:
    """Collects the young generations on a clock, in small pieces, instead of waiting for CPython's trigger.

    CPython collects generation 0 when allocations minus deallocations pass the threshold. During a broadcast the
    server allocates new messages while it frees the ones phones acknowledged seconds ago, so the count hardly moves
    while generation 0 grows: at 2,000 phones collections examined 230,000-290,000 objects and held the event loop
    for 140-230 ms, in the middle of pulse bursts and broadcasts. Collected every 0.1 s, generation 0 holds a tenth of
    a second's allocations; generation 1 is collected every other tick, as `GC_THRESHOLD` does with its 1.
    Generation 2 holds everything the room keeps (about 1,000 objects per phone): a full collection examined 1.9
    million objects at 2,000 phones and held the loop for 0.98 s. It is needed only for the reference cycles of
    closed pages, so it runs at most every `FULL_EVERY` seconds and only when the heap grew by a quarter since the
    last one (CPython's own rule, here measured by the allocator's block count). CPython's trigger stays on as a
    safety net.

    Except after a wave of dropped sockets (the venue's Wi-Fi gone for a moment): each dead connection leaves a
    reference cycle that holds its websocket, compression state included (about 75 KB), and only a full collection
    frees it. Left to the 10-minute rule, 1,000 phones dropping and coming back grew the server by 75 MB per outage,
    outage after outage. So once `DROP_WAVE` of the sockets (at least `DROP_MIN`) closed and none has closed for
    `DROP_QUIET` seconds, the next tick collects in full, while the phones are still waiting to reconnect, and the
    new connections reuse the memory.
    """

    FULL_EVERY = 600.0
    DROP_MIN, DROP_WAVE, DROP_QUIET, DROP_COOLDOWN = 50, 0.2, 1.0, 10.0

    def __init__(
        self,
        *,
        collect: Callable[[int], object] = gc.collect,
        counts: Callable[[], tuple[int, int, int]] = gc.get_count,
        blocks: Callable[[], int] = sys.getallocatedblocks,
        clock: Callable[[], float] = time.monotonic,
        sockets: Callable[[], tuple[int, int]] = lambda: (0, 0),
    ) -> None:
        """`sockets()` says (sockets open now, sockets closed so far), e.g. `socket_rooms.IndexedRooms.sockets`."""
        self._collect, self._counts, self._blocks, self._clock = collect, counts, blocks, clock
        self._sockets = sockets
        self._ticks = 0
        self._blocks_after_full = blocks()
        self._last_full = clock()
        self._open_peak = 0
        self._closed_at_full = self._closed_seen = sockets()[1]
        self._last_close = self._last_full

    def tick(self) -> int:
        """One collection; returns its generation."""
        self._ticks += 1
        self._watch_sockets()
        if self._full_is_due() or self._drop_wave_ended():
            self._collect(2)
            self._blocks_after_full, self._last_full = self._blocks(), self._clock()
            self._closed_at_full, self._open_peak = self._closed_seen, self._sockets()[0]
            return 2
        generation = 1 if self._ticks % 2 == 0 else 0
        self._collect(generation)
        return generation

    def _full_is_due(self) -> bool:
        return (
            self._clock() - self._last_full >= self.FULL_EVERY
            and self._counts()[2] > GC_THRESHOLD[2]
            and self._blocks() > self._blocks_after_full * 1.25
        )

    def _watch_sockets(self) -> None:
        """Note the most sockets seen open, and when the last one closed."""
        open_now, closed = self._sockets()
        self._open_peak = max(self._open_peak, open_now)
        if closed != self._closed_seen:
            self._closed_seen, self._last_close = closed, self._clock()

    def _drop_wave_ended(self) -> bool:
        now = self._clock()
        dropped = self._closed_seen - self._closed_at_full
        return (
            dropped >= max(self.DROP_MIN, self.DROP_WAVE * self._open_peak)
            and now - self._last_close >= self.DROP_QUIET
            and now - self._last_full >= self.DROP_COOLDOWN
        )

    async def run(self, interval: float = 0.1) -> None:
        """Tick every `interval` seconds until cancelled (a collection that fails is logged, the next one runs)."""
        while True:
            await asyncio.sleep(interval)
            try:
                self.tick()
            except Exception:
                log.exception('a paced garbage collection failed')


def freeze_startup_objects() -> None:
    """Move everything allocated at start-up out of the collector's sight, so collections stay short."""
    gc.collect()
    gc.freeze()
