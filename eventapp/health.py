"""How the server is doing, for a venue check (`/healthz`) and the facilitator's glance: cheap numbers, no people.

A snapshot counts connections, reads the process's memory and open files from /proc, pings the database with one
small read, and takes event-loop lag and CPU from a sampler that wakes twice a second. Nothing in it names a
participant, a code or a secret, and nothing loops over more than a count.
"""

from __future__ import annotations

import asyncio
import logging
import os
import resource
import statistics
import time
from collections import deque
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from importlib import metadata
from typing import Generic, TypeVar

log = logging.getLogger(__name__)
T = TypeVar('T')

INTERVAL = 0.5
"""Seconds between lag samples: often enough to see a stall, rare enough to cost nothing."""
WINDOW = 20
"""Samples kept: the last ten seconds."""
READ_EVERY = 1.0
"""Seconds a count of connected pages or of open files is reused."""
LAG_DOWN = 0.5
"""Median lag (s) over the window above which the server answers 503: phones wait half a second for everything."""
LAG_BUSY = 0.2
CPU_BUSY = 85.0
FILES_BUSY = 0.8
FILES_DOWN = 0.95
"""Share of the open-files limit: above it new phones cannot connect."""


@dataclass(frozen=True, kw_only=True, slots=True)
class Report:
    """One look at the server. `status` is 'ok', 'busy' (still serving, but pressed) or 'down' (answer 503)."""

    status: str
    reasons: tuple[str, ...]
    version: str
    uptime_s: float
    connected: dict[str, int]
    joined: int
    lag_ms: dict[str, float | None]
    cpu_percent: float | None
    rss_mb: float | None
    open_files: int | None
    open_files_limit: int
    database_ok: bool

    @property
    def healthy(self) -> bool:
        return self.status != 'down'

    def as_json(self) -> dict[str, object]:
        return {'ok': self.healthy, **asdict(self), 'reasons': list(self.reasons)}


@dataclass(kw_only=True, slots=True)
class Sample:
    at: float
    lag: float
    cpu: float


@dataclass(kw_only=True, slots=True)
class LoopSampler:
    """Sleeps `interval` seconds in a loop and records how late it woke up, and the process CPU time at each wake."""

    interval: float = INTERVAL
    window: int = WINDOW
    samples: deque[Sample] = field(init=False)
    task: asyncio.Task | None = None

    def __post_init__(self) -> None:
        self.samples = deque(maxlen=self.window)

    def start(self) -> None:
        """Once per process, from the app's startup (it needs the running loop)."""
        if self.task is None or self.task.done():  # the reference kept here keeps the task from being collected
            self.task = asyncio.get_running_loop().create_task(self.run(), name='health loop sampler')

    def stop(self) -> None:
        if self.task is not None:
            self.task.cancel()

    async def run(self) -> None:
        while True:
            target = time.monotonic() + self.interval
            await asyncio.sleep(self.interval)
            now = time.monotonic()
            self.samples.append(Sample(at=now, lag=max(0.0, now - target), cpu=_cpu_seconds()))

    def lag(self) -> dict[str, float | None]:
        lags = [s.lag for s in self.samples]
        if not lags:
            return {'p50': None, 'max': None, 'last': None}
        return {'p50': _ms(statistics.median(lags)), 'max': _ms(max(lags)), 'last': _ms(lags[-1])}

    def cpu_percent(self) -> float | None:
        """Process CPU over the window, in % of one core (threads included, so it can pass 100)."""
        if len(self.samples) < 2:
            return None
        first, last = self.samples[0], self.samples[-1]
        return round(100 * (last.cpu - first.cpu) / max(last.at - first.at, 1e-6), 1)

    def stalled(self) -> bool:
        """Started, but no sample for five intervals: the loop is blocked or the sampler died."""
        if self.task is None:
            return False
        last = self.samples[-1].at if self.samples else None
        return self.task.done() or (last is not None and time.monotonic() - last > 5 * self.interval + 1)


class Reused(Generic[T]):
    """A reading taken at most once every `READ_EVERY` seconds: counting connected pages walks every client and
    counting open files lists /proc/self/fd (2,000 entries with 2,000 phones), and a monitor or the benchmark's
    loop-lag probe asks five times a second."""

    def __init__(self, read: Callable[[], T]) -> None:
        self.read = read
        self._taken: tuple[float, T] | None = None

    def __call__(self) -> T:
        now = time.monotonic()
        if self._taken is None or now - self._taken[0] >= READ_EVERY:
            self._taken = (now, self.read())
        return self._taken[1]


class Health:
    """Builds a `Report` on demand from what the app hands it; the UI and the endpoint only read reports."""

    def __init__(
        self,
        *,
        joined: Callable[[], int],
        database: Callable[[], object],
        connected: Callable[[], dict[str, int]] = dict,
        sampler: LoopSampler | None = None,
        lag_down: float = LAG_DOWN,
    ) -> None:
        self.joined = joined
        self.database = database
        """A cheap read of the event's database; it raises if the database is gone."""
        self.connected = Reused(connected)
        self._open_files = Reused(lambda: _open_files())
        self.sampler = sampler or LoopSampler()
        self.lag_down = lag_down
        self.started = time.monotonic()
        self.version = _version()

    def start(self) -> None:
        self.sampler.start()

    def stop(self) -> None:
        self.sampler.stop()

    def report(self) -> Report:
        database_ok = self._database_ok()
        lag = self.sampler.lag()
        cpu = self.sampler.cpu_percent()
        files, limit = self._open_files(), resource.getrlimit(resource.RLIMIT_NOFILE)[0]
        file_share = files / limit if files is not None and limit > 0 else 0.0
        down: list[str] = []
        busy: list[str] = []
        if not database_ok:
            down.append('database unreachable')
        if lag['p50'] is not None and lag['p50'] > self.lag_down * 1000:
            down.append(f'event loop lagging (median {lag["p50"]:.0f} ms)')
        elif lag['max'] is not None and lag['max'] > LAG_BUSY * 1000:
            busy.append(f'event loop lag up to {lag["max"]:.0f} ms')
        if self.sampler.stalled():
            down.append('event loop sampler stalled')
        if file_share > FILES_DOWN:
            down.append(f'open files near the limit ({files} of {limit})')
        elif file_share > FILES_BUSY:
            busy.append(f'open files {files} of {limit}')
        if cpu is not None and cpu > CPU_BUSY:
            busy.append(f'CPU {cpu:.0f} %')
        return Report(
            status='down' if down else 'busy' if busy else 'ok',
            reasons=tuple(down + busy),
            version=self.version,
            uptime_s=round(time.monotonic() - self.started, 1),
            connected=self.connected(),
            joined=self.joined(),
            lag_ms=lag,
            cpu_percent=cpu,
            rss_mb=_rss_mb(),
            open_files=files,
            open_files_limit=limit,
            database_ok=database_ok,
        )

    def _database_ok(self) -> bool:
        try:
            self.database()
        except Exception:
            log.exception('health: the database did not answer')  # details to the log, never to the answer
            return False
        return True


def _version() -> str:
    try:
        return metadata.version('eventapp')
    except metadata.PackageNotFoundError:
        return 'unknown'


def _cpu_seconds() -> float:
    times = os.times()
    return times.user + times.system


def _rss_mb() -> float | None:
    """Resident memory now (not the peak that `getrusage` reports), from /proc on Linux."""
    try:
        with open('/proc/self/statm', 'rb') as f:
            pages = int(f.read().split()[1])
    except (OSError, ValueError, IndexError):
        return None
    return round(pages * os.sysconf('SC_PAGE_SIZE') / 2**20, 1)


def _open_files() -> int | None:
    try:
        return len(os.listdir('/proc/self/fd'))
    except OSError:
        return None


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 1)
