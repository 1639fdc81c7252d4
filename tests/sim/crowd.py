"""A room of emulated phones and a facilitator against a real server, with the measurements of issue 7.

`Crowd` holds the phones and the facilitator's panel and offers the day's moments as bounded steps: join, a
broadcast (facilitator action -> each phone shows it), a pulse burst, questions and upvotes, a table round, pledges.
`Sampler` watches the server process from outside (RSS, CPU) and the event loop's responsiveness (the round trip of
a tiny HTTP request every 0.2 s: it can only be answered when the loop is free).
"""

from __future__ import annotations

import asyncio
import random
import statistics
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import aiohttp
import psutil

from eventapp.domain.agenda import Agenda
from eventapp.i18n import t

from .phone import Ledger, Phone
from .wire import Page, Wire


def pct(values: list[float], p: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))]


def dist_ms(values: list[float]) -> dict[str, Any]:
    """p50/p95/p99/max in milliseconds of a list of seconds."""
    if not values:
        return {'n': 0}
    return {
        'n': len(values),
        'p50_ms': round(1000 * pct(values, 50), 1),
        'p95_ms': round(1000 * pct(values, 95), 1),
        'p99_ms': round(1000 * pct(values, 99), 1),
        'max_ms': round(1000 * max(values), 1),
    }


class Sampler(threading.Thread):
    """Server RSS and CPU by PID every `interval` s (independent of the server's responsiveness), tagged by phase."""

    def __init__(self, pid: int, interval: float = 0.5) -> None:
        super().__init__(daemon=True)
        self.interval = interval
        self.proc = psutil.Process(pid)
        self.me = psutil.Process()
        self.samples: list[dict[str, Any]] = []
        self.phase = 'start'
        self.stop_flag = False

    def retarget(self, pid: int) -> None:
        self.proc = psutil.Process(pid)
        self.proc.cpu_percent(None)

    def run(self) -> None:
        self.proc.cpu_percent(None)
        self.me.cpu_percent(None)
        for _ in range(100_000):
            if self.stop_flag:
                return
            time.sleep(self.interval)
            try:
                self.samples.append(
                    {
                        't': time.monotonic(),
                        'phase': self.phase,
                        'rss_mb': self.proc.memory_info().rss / 2**20,
                        'cpu': self.proc.cpu_percent(None),
                        'sim_cpu': self.me.cpu_percent(None),
                    }
                )
            except psutil.Error:
                time.sleep(self.interval)

    def rss_mb(self) -> float:
        return self.proc.memory_info().rss / 2**20

    def summary(self, phase: str) -> dict[str, Any]:
        rows = [s for s in self.samples if s['phase'] == phase]
        if not rows:
            return {}
        return {
            'server_cpu_mean_pct': round(statistics.fmean(s['cpu'] for s in rows), 1),
            'server_cpu_max_pct': round(max(s['cpu'] for s in rows), 1),
            'server_rss_max_mb': round(max(s['rss_mb'] for s in rows), 1),
            'sim_cpu_mean_pct': round(statistics.fmean(s['sim_cpu'] for s in rows), 1),
        }


class LagProbe:
    """The event loop's responsiveness seen from outside: a tiny GET every 0.2 s; its round trip grows with every
    stall of the loop (GC pause, long fan-out). Uses /healthz when the server has it, else a small static file."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.path = '/assets/eventapp.css'
        self.values: dict[str, list[float]] = {}
        self.phase = 'start'
        self.task: asyncio.Task | None = None
        self.stopping = False

    async def start(self) -> None:
        self.session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=30))
        try:
            async with self.session.get(self.base + '/healthz') as r:
                if r.status == 200:
                    self.path = '/healthz'
        except aiohttp.ClientError:
            pass
        self.task = asyncio.create_task(self._loop())

    async def _loop(self) -> None:
        for _ in range(1_000_000):
            if self.stopping:
                return
            t0 = time.perf_counter()
            try:
                async with self.session.get(self.base + self.path) as r:
                    await r.read()
                self.values.setdefault(self.phase, []).append(time.perf_counter() - t0)
            except (TimeoutError, aiohttp.ClientError):
                await asyncio.sleep(0.5)
            await asyncio.sleep(0.2)

    async def stop(self) -> None:
        self.stopping = True
        if self.task:
            self.task.cancel()
        await self.session.close()

    def summary(self, phase: str) -> dict[str, Any]:
        return dist_ms(self.values.get(phase, []))


@dataclass
class Settings:
    n: int = 100
    concurrency: int = 50
    """Phones joining at the same moment."""
    arrival_rate: float = 0.0
    """Phones per second arriving (0: as fast as the server lets them)."""
    first_time: bool = False
    """Every phone downloads the page's assets like a first-time visitor."""
    hold: float = 5.0
    burst_window: float = 3.0
    ask_fraction: float = 0.1
    vote_fraction: float = 0.5
    pledge_fraction: float = 1.0
    replay_fraction: float = 0.0
    timeout: float = 30.0
    """Bounded wait for any one acknowledgement or broadcast."""


@dataclass
class Crowd:
    """The phones, the facilitator's panel, the ledger of acknowledged writes and the measurements."""

    wire: Wire
    agenda: Agenda
    join_path: str
    facilitator_path: str
    settings: Settings
    phones: list[Phone] = field(default_factory=list)
    ledger: Ledger = field(default_factory=Ledger)
    result: dict[str, Any] = field(default_factory=dict)
    panel: Page | None = None
    pulse_session: str = ''
    now_index: int = -1
    """The session the facilitator started last (-1: the day has not started)."""

    # --- joining ----------------------------------------------------------------------------------

    async def open_panel(self) -> Page:
        self.panel = Page(self.wire, self.facilitator_path)
        await self.panel.connect()
        return self.panel

    async def join(self, n: int | None = None) -> dict[str, Any]:
        """N phones open the join link and join, `concurrency` at a time (or at `arrival_rate`). Join time is from
        the first byte requested until the phone shows its greeting; rate is phones per second over the whole join."""
        s = self.settings
        n = s.n if n is None else n
        start = len(self.phones)
        departments = self.agenda.departments
        new = [
            Phone(self.wire, i, join_path=self.join_path, department=departments[i % len(departments)])
            for i in range(start, start + n)
        ]
        self.phones += new
        semaphore = asyncio.Semaphore(s.concurrency)
        times: list[float] = []
        gets: list[float] = []
        failed: dict[str, int] = {}
        t_start = time.perf_counter()

        async def one(k: int, phone: Phone) -> None:
            if s.arrival_rate:
                await asyncio.sleep(k / s.arrival_rate)
            async with semaphore:
                t0 = time.perf_counter()
                try:
                    await phone.open(assets=s.first_time)
                    gets.append(phone.page.t_get)
                    await phone.join(self.ledger, s.timeout)
                    times.append(time.perf_counter() - t0)
                except Exception as error:
                    key = f'{type(error).__name__}:{str(error)[:40]}'
                    failed[key] = failed.get(key, 0) + 1

        await asyncio.gather(*(one(k, p) for k, p in enumerate(new)))
        total = time.perf_counter() - t_start
        return {
            'phones': n,
            'joined': len(times),
            'failed': failed,
            'total_s': round(total, 2),
            'rate_per_s': round(len(times) / total, 1) if total else None,
            'join': dist_ms(times),
            'get': dist_ms(gets),
        }

    def connected(self) -> list[Phone]:
        return [p for p in self.phones if p.page.connected and p.joined]

    # --- broadcasts -------------------------------------------------------------------------------

    async def broadcast(
        self, action: Callable[[], Any], testid: str, check: Callable[[dict[str, Any]], bool], timeout: float
    ) -> dict[str, Any]:
        """Run a facilitator action and measure until every connected phone shows `check` on element `testid`."""
        phones = self.connected()
        hits: dict[int, float] = {}
        for phone in phones:
            phone.watch = {testid: (check, hits)}
            found = phone.page.find(testid)
            if found and check(found[1]):
                hits[phone.index] = -1.0  # already showing: not counted
        already = sum(1 for v in hits.values() if v < 0)
        t0 = time.perf_counter()
        await action()
        deadline = t0 + timeout
        while time.perf_counter() < deadline and len(hits) < len(phones):
            await asyncio.sleep(0.05)
        for phone in phones:
            phone.watch = None
        latencies = [v - t0 for v in hits.values() if v >= 0]
        return {
            'phones': len(phones),
            'missing': len(phones) - len(hits),
            'already': already,
            **dist_ms(latencies),
        }

    async def click(self, testid: str, *args: Any) -> None:
        assert self.panel is not None
        await self.panel.act(testid, 'click', *args)

    async def jump(self, index: int) -> None:
        """Tap 'Go' on a row of the run of show. The panel redraws its rows on every change, so a tap can land on a
        row it has just replaced and be lost, as it would for a person: then tap again (bounded), until the panel
        itself shows the session. Latency still counts from the first tap."""
        assert self.panel is not None
        panel, title = self.panel, self.agenda.sessions[index].title
        if self.now_index >= 0:  # the panel has drawn the session now (before the start it already shows session 1)
            now = t(
                'panel.session_of', self.agenda.event.language, n=self.now_index + 1, total=len(self.agenda.sessions)
            )
            await wait_until(lambda: panel.text('phase').startswith(now), self.settings.timeout, 0.02)
        for _ in range(5):
            await self.click(f'jump-{self.agenda.sessions[index].id}')
            if await wait_until(lambda: panel.text('current-title') == title, 5.0, 0.05) is not None:
                break
        self.now_index = index

    async def start_day(self) -> dict[str, Any]:
        title = self.agenda.sessions[0].title
        self.now_index = 0
        return await self.broadcast(lambda: self.click('primary'), 'now', showing(title), self.settings.timeout)

    async def go_to(self, index: int, testid: str = 'now', check=None) -> dict[str, Any]:
        title = self.agenda.sessions[index].title
        check = check or showing(title)
        return await self.broadcast(lambda: self.jump(index), testid, check, self.settings.timeout)

    # --- pulse ------------------------------------------------------------------------------------

    async def pulse(self) -> dict[str, Any]:
        """Open the pulse for the session now (broadcast: the form appears on every phone), every phone answers
        within the burst window (submit -> 'Saved'), then close and reveal."""
        s = self.settings
        is_open = lambda e: bool((e.get('props') or {}).get('open'))  # noqa: E731
        opened = await self.broadcast(lambda: self.click('pulse-open'), 'pulse-form', is_open, s.timeout)
        phones = self.connected()
        session = self.pulse_session = self.session_now()
        acks: list[float] = []
        failed: dict[str, int] = {}
        t0 = time.perf_counter()

        async def answer(phone: Phone) -> None:
            await asyncio.sleep(random.uniform(0, s.burst_window))
            statements = phone.pulse_statements()
            values = {sid: random.choice((2, 3, 4, 4, 5)) for sid in statements}
            twice = random.random() < s.replay_fraction
            try:
                acks.append(await phone.answer_pulse(self.ledger, session, values, s.timeout, twice=twice))
            except Exception as error:
                failed[type(error).__name__] = failed.get(type(error).__name__, 0) + 1

        await asyncio.gather(*(answer(p) for p in phones))
        burst_s = time.perf_counter() - t0
        noted = lambda e: bool((e.get('props') or {}).get('note'))  # noqa: E731
        closed = await self.broadcast(lambda: self.click('pulse-close'), 'pulse-form', noted, s.timeout)
        await self.click('pulse-reveal')
        return {
            'open_broadcast': opened,
            'burst': {'phones': len(phones), 'window_s': s.burst_window, 'all_done_s': round(burst_s, 2)},
            'submit_ack': {**dist_ms(acks), 'failed': failed},
            'close_broadcast': closed,
        }

    def session_now(self) -> str:
        assert self.panel is not None
        title = self.panel.text('current-title')
        return next((x.id for x in self.agenda.sessions if x.title == title), '')

    # --- questions --------------------------------------------------------------------------------

    async def questions(self) -> dict[str, Any]:
        """A share of the room asks within a few seconds; then half the room upvotes what its list shows."""
        s = self.settings
        phones = self.connected()
        askers = random.sample(phones, max(1, round(len(phones) * s.ask_fraction)))
        acks: list[float] = []
        failed: dict[str, int] = {}

        async def ask(phone: Phone) -> None:
            await asyncio.sleep(random.uniform(0, s.burst_window))
            twice = random.random() < s.replay_fraction
            text = f'What does {phone.name} ask {random.randint(10**5, 10**6)}?'
            try:
                acks.append(await phone.ask(self.ledger, text, s.timeout, twice=twice))
            except Exception as error:
                failed[type(error).__name__] = failed.get(type(error).__name__, 0) + 1

        await asyncio.gather(*(ask(p) for p in askers))
        await asyncio.sleep(1.5)  # the phones' list updates at most once a second
        votes: list[float] = []
        voters = random.sample(phones, round(len(phones) * s.vote_fraction))

        async def vote(phone: Phone) -> None:
            await asyncio.sleep(random.uniform(0, s.burst_window))
            listed = phone.listed()
            if not listed:
                failed['nothing_listed'] = failed.get('nothing_listed', 0) + 1
                return
            try:
                took = await phone.vote(self.ledger, random.choice(listed), s.timeout)
                if took is not None:
                    votes.append(took)
            except Exception as error:
                failed[f'vote:{type(error).__name__}'] = failed.get(f'vote:{type(error).__name__}', 0) + 1

        await asyncio.gather(*(vote(p) for p in voters))
        return {'asked': len(askers), 'ask_ack': dist_ms(acks), 'vote_ack': dist_ms(votes), 'failed': failed}

    # --- table round and pledges ------------------------------------------------------------------

    async def table_round(self, index: int) -> dict[str, Any]:
        """Jump to a session with a new round: it starts by itself; measured until each phone shows its table."""
        result = await self.go_to(index, 'round', lambda e: bool((e.get('props') or {}).get('table')))
        for phone in self.connected():
            phone.table = phone.table_text()
        return result

    async def pledges(self, index: int) -> dict[str, Any]:
        """Jump to the commitment session (the form appears), then a share of the room pledges within the window."""
        s = self.settings
        is_open = lambda e: (e.get('props') or {}).get('mode') == 'form'  # noqa: E731
        shown = await self.go_to(index, 'pledge', is_open)
        phones = self.connected()
        pledgers = random.sample(phones, round(len(phones) * s.pledge_fraction))
        acks: list[float] = []
        failed: dict[str, int] = {}

        async def pledge(phone: Phone) -> None:
            await asyncio.sleep(random.uniform(0, s.burst_window))
            try:
                acks.append(await phone.pledge(self.ledger, s.timeout, twice=random.random() < s.replay_fraction))
            except Exception as error:
                failed[type(error).__name__] = failed.get(type(error).__name__, 0) + 1

        await asyncio.gather(*(pledge(p) for p in pledgers))
        return {'form_broadcast': shown, 'pledged': len(pledgers), 'pledge_ack': dist_ms(acks), 'failed': failed}

    # --- leaving ----------------------------------------------------------------------------------

    async def close(self) -> None:
        self.wire.stopping = True
        pages = [p.page for p in self.phones] + ([self.panel] if self.panel else [])
        await asyncio.gather(*(p.close() for p in pages), return_exceptions=True)
        await self.wire.close()


async def wait_until(condition: Callable[[], bool], timeout: float, step: float = 0.1) -> float | None:
    """Seconds until `condition()` holds, or None after `timeout` (bounded)."""
    t0 = time.monotonic()
    for _ in range(int(timeout / step) + 1):
        if condition():
            return time.monotonic() - t0
        await asyncio.sleep(step)
    return None


def showing(title: str) -> Callable[[dict[str, Any]], bool]:
    """A phone's "now" element (phone_now.js) shows the session `title`: read from its props."""
    return lambda element: (element.get('props') or {}).get('title') == title
