"""N emulated phones and a facilitator against a real `eventapp run` on 127.0.0.1: the numbers of issue 7.

    .venv/bin/python tests/bench/phones.py --n 1000
    .venv/bin/python tests/bench/phones.py --n 1000 --first-time --phases join   # first-time visitors' join only

Starts its own server (fresh data folder, stopped by PID at the end), joins the phones, holds them idle, then plays
the day's moments: start the day, jump to a pulse session, open the pulse and let every phone answer within 3 s,
close and reveal, questions and upvotes, a table round, pledges. Writes tests/bench/results/phones-<N>.json and .md.
Every phase is bounded; `--max-seconds` caps the whole run. Phones and server share this machine's cores.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from eventapp.loading import require_agenda  # noqa: E402
from tests.sim.audit import audit  # noqa: E402
from tests.sim.crowd import Crowd, LagProbe, Sampler, Settings  # noqa: E402
from tests.sim.report import reference_ms, tune_simulator_gc, write_results  # noqa: E402
from tests.sim.server import BENCH_AGENDA, Server  # noqa: E402
from tests.sim.weight import page_weight  # noqa: E402
from tests.sim.wire import Wire  # noqa: E402

RESULTS = ROOT / 'tests' / 'bench' / 'results'
PHASES = ('join', 'idle', 'broadcast', 'pulse', 'questions', 'round', 'pledge')
PULSE_SESSION, ROUND_SESSION, PLEDGE_SESSION = 1, 5, 19
"""Indexes in agenda/kickoff-en.toml: a keynote with a pulse, an exercise with a new table round, the commitment."""


async def bench(args: argparse.Namespace) -> dict[str, Any]:
    agenda = require_agenda(BENCH_AGENDA)
    data = Path(tempfile.mkdtemp(prefix='eventapp-bench-'))
    server = Server(data, env={k: v for k, v in (e.split('=', 1) for e in args.server_env)})
    result: dict[str, Any] = {'n': args.n, 'args': vars(args), 'machine': machine()}
    result['server_start_s'] = round(server.start(), 2)
    sampler = Sampler(server.pid)
    sampler.start()
    probe = LagProbe(server.base)
    sim_lag = SimLag()
    sim_lag.start()
    wire = await Wire.open(server.base, deflate=not args.no_deflate)
    settings = Settings(
        n=args.n,
        concurrency=args.concurrency,
        arrival_rate=args.arrival_rate,
        first_time=args.first_time,
        hold=args.hold,
        burst_window=args.burst_window,
        ask_fraction=args.ask_fraction,
        vote_fraction=args.vote_fraction,
        replay_fraction=args.replays,
        timeout=args.timeout,
    )
    crowd = Crowd(wire, agenda, server.join_path(), server.facilitator_path, settings)
    phases = set(args.phases.split(','))
    try:
        await probe.start()
        result['page_weight'] = await page_weight(server.base, server.join_path())
        await crowd.open_panel()
        await asyncio.sleep(1)
        rss_before = sampler.rss_mb()
        result['server_rss_before_mb'] = round(rss_before, 1)

        def measured(name: str) -> dict[str, Any]:
            """Server CPU and memory, the loop-lag probe and the simulator's own lag over a phase."""
            return {**sampler.summary(name), 'lag': probe.summary(name), 'sim_lag': sim_lag.summary(name)}

        def phase(name: str) -> None:
            sampler.phase = probe.phase = sim_lag.phase = name
            print(f'[{time.strftime("%H:%M:%S")}] {name}: {len(crowd.connected())} phones connected', flush=True)

        phase('join')
        result['join'] = await crowd.join()
        result['join'].update(sampler.summary('join'), lag=probe.summary('join'))
        gc.collect()
        gc.freeze()  # the simulator's phones, as joined: out of its own collector's sight
        phase('idle')
        await asyncio.sleep(args.hold)
        rss = sampler.rss_mb()
        connected = len(crowd.connected())
        result['idle'] = {
            'connected': connected,
            'server_rss_mb': round(rss, 1),
            'kb_per_phone': round(1024 * (rss - rss_before) / max(1, connected), 1),
            **sampler.summary('idle'),
            'lag': probe.summary('idle'),
        }
        if 'broadcast' in phases or 'pulse' in phases:
            phase('broadcast')
            result['broadcast_start'] = await crowd.start_day()
            result['broadcast_jump'] = await crowd.go_to(PULSE_SESSION)
            result['broadcast_lag'] = probe.summary('broadcast')
        if 'pulse' in phases:
            phase('pulse')
            result['pulse'] = await crowd.pulse()
            result['pulse'].update(measured('pulse'))
        if 'questions' in phases:
            phase('questions')
            result['questions'] = await crowd.questions()
            result['questions'].update(measured('questions'))
        if 'round' in phases:
            phase('round')
            result['round'] = await crowd.table_round(ROUND_SESSION)
            result['round'].update(measured('round'))
        if 'pledge' in phases:
            phase('pledge')
            result['pledge'] = await crowd.pledges(PLEDGE_SESSION)
            result['pledge'].update(measured('pledge'))
        phase('end')
        await asyncio.sleep(2)
        counters = wire.counters
        result['stability'] = {
            'connected_at_end': len(crowd.connected()),
            'drops': counters.unexpected_closes,
            'reconnects': counters.reconnects,
            'reloads': counters.reloads,
            'errors': counters.errors,
            'server_rss_end_mb': round(sampler.rss_mb(), 1),
        }
        result['audit'] = audit(server, crowd.ledger)
    finally:
        await crowd.close()
        await probe.stop()
        sim_lag.stop()
        sampler.stop_flag = True
        server.stop()
    result['machine']['reference_ms_at_end'] = reference_ms()
    return result


class SimLag:
    """The simulator's own event-loop lag, per phase: one process plays every phone, and when it stalls (say, in a
    garbage collection over 2,000 phones' element trees) the acknowledgements it times look slower than the server
    made them. Reported next to the figures so the reader can tell the two apart."""

    def __init__(self, interval: float = 0.02) -> None:
        self.interval = interval
        self.phase = 'start'
        self.samples: dict[str, list[float]] = {}
        self.task: asyncio.Task | None = None

    def start(self) -> None:
        self.task = asyncio.get_running_loop().create_task(self._run())

    async def _run(self) -> None:
        while True:
            started = time.perf_counter()
            await asyncio.sleep(self.interval)
            self.samples.setdefault(self.phase, []).append(time.perf_counter() - started - self.interval)

    def summary(self, phase: str) -> dict[str, float]:
        lags = sorted(self.samples.get(phase, [])) or [0.0]
        return {'p95_ms': round(1000 * lags[int(0.95 * (len(lags) - 1))], 1), 'max_ms': round(1000 * lags[-1], 1)}

    def stop(self) -> None:
        if self.task is not None:
            self.task.cancel()


def machine() -> dict[str, Any]:
    load = os.getloadavg()
    return {
        'cpus': os.cpu_count(),
        'python': platform.python_version(),
        'loadavg_at_start': [round(x, 2) for x in load],
        'reference_ms_at_start': reference_ms(),
    }


def table(r: dict[str, Any]) -> str:
    """The one-line-per-figure markdown table (targets from issue 7)."""

    def g(path: str, default: Any = '–') -> Any:
        node: Any = r
        for key in path.split('.'):
            if not isinstance(node, dict) or key not in node:
                return default
            node = node[key]
        return node

    def lat(path: str) -> str:
        return f'{g(path + ".p50_ms")} / {g(path + ".p95_ms")} / {g(path + ".p99_ms")} / {g(path + ".max_ms")}'

    rows = [
        ('phones joined / connected at end', f'{g("join.joined")} / {g("stability.connected_at_end")}', '2,000'),
        ('join: all in (s) / rate (phones/s)', f'{g("join.total_s")} / {g("join.rate_per_s")}', '≥ 150/s'),
        ('join time per phone p50 / p95 (ms)', f'{g("join.join.p50_ms")} / {g("join.join.p95_ms")}', ''),
        ('server RSS idle (MB) / per phone (KB)', f'{g("idle.server_rss_mb")} / {g("idle.kb_per_phone")}', '≤ 300 KB'),
        (
            'server CPU join / idle (% of a core)',
            f'{g("join.server_cpu_mean_pct")} / {g("idle.server_cpu_mean_pct")}',
            '',
        ),
        ('loop lag probe idle p95 / max (ms)', f'{g("idle.lag.p95_ms")} / {g("idle.lag.max_ms")}', ''),
        ('broadcast: start the day p50/p95/p99/max (ms)', lat('broadcast_start'), 'p95 ≤ 500'),
        ('broadcast: jump to a session', lat('broadcast_jump'), 'p95 ≤ 500'),
        ('broadcast: pulse opens (form on phone)', lat('pulse.open_broadcast'), 'p95 ≤ 500'),
        ('broadcast: pulse closes', lat('pulse.close_broadcast'), 'p95 ≤ 500'),
        ('pulse burst (all in 3 s): submit → saved', lat('pulse.submit_ack'), 'p95 ≤ 100'),
        ('question: submit → confirmed', lat('questions.ask_ack'), 'p95 ≤ 100'),
        ('upvote: tap → pressed', lat('questions.vote_ack'), 'p95 ≤ 100'),
        ('table round: start → table on phone (incl. planning)', lat('round'), ''),
        ('pledge form appears', lat('pledge.form_broadcast'), 'p95 ≤ 500'),
        ('pledge: save → saved', lat('pledge.pledge_ack'), 'p95 ≤ 100'),
        (
            "simulator's own loop lag max (ms): pulse / questions / pledge",
            f'{g("pulse.sim_lag.max_ms")} / {g("questions.sim_lag.max_ms")} / {g("pledge.sim_lag.max_ms")}',
            '',
        ),
        (
            'drops / reconnects / reloads',
            f'{g("stability.drops")} / {g("stability.reconnects")} / {g("stability.reloads")}',
            '0 / – / 0',
        ),
        ('errors', json.dumps(g('stability.errors', {})), ''),
        (
            'acknowledged writes / missing / duplicates',
            f'{g("audit.acknowledged")} / {g("audit.missing_total")} / {g("audit.duplicates_total")}',
            '– / 0 / 0',
        ),
        (
            'page weight: first join / reload (KB on the wire)',
            f'{g("page_weight.first_kb")} / {g("page_weight.reload_kb")}',
            '',
        ),
    ]
    cold = ' (first-time phones)' if r['args']['first_time'] else ''
    speed = f'{r["machine"]["reference_ms_at_start"]} / {r["machine"].get("reference_ms_at_end", "–")}'
    head = (
        f'N = {r["n"]}{cold}, load average at start {r["machine"]["loadavg_at_start"]}, '
        f'reference loop at start / end {speed} ms (machine speed; lower is faster)'
    )
    lines = [head, '', '| measure | value | target |', '|---|---|---|']
    lines += [f'| {a} | {b} | {c} |' for a, b, c in rows]
    return '\n'.join(lines) + '\n'


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--n', type=int, default=100, help='phones (capped at 5000)')
    ap.add_argument('--concurrency', type=int, default=50, help='phones joining at the same moment')
    ap.add_argument('--arrival-rate', type=float, default=0.0, help='phones arriving per second (0: at once)')
    ap.add_argument('--first-time', action='store_true', help='every phone downloads the assets (a cold crowd)')
    ap.add_argument('--hold', type=float, default=10.0, help='idle seconds after joining')
    ap.add_argument('--burst-window', type=float, default=3.0, help='seconds in which every phone answers')
    ap.add_argument('--ask-fraction', type=float, default=0.1)
    ap.add_argument('--vote-fraction', type=float, default=0.5)
    ap.add_argument('--replays', type=float, default=0.05, help='share of submissions sent twice')
    ap.add_argument('--timeout', type=float, default=30.0, help='bounded wait for one acknowledgement or broadcast')
    ap.add_argument('--phases', default=','.join(PHASES), help=f'comma list out of {",".join(PHASES)}')
    ap.add_argument('--no-deflate', action='store_true', help='phones do not offer websocket compression')
    ap.add_argument('--server-env', action='append', default=[], help='KEY=VALUE for the server (experiments)')
    ap.add_argument('--max-seconds', type=float, default=900.0, help='hard cap for the whole run')
    ap.add_argument('--out', default='', help='file stem (default tests/bench/results/phones-<N>)')
    args = ap.parse_args()
    args.n = min(args.n, 5000)
    tune_simulator_gc()
    try:
        import uvloop

        run = uvloop.run
    except ImportError:
        run = asyncio.run
    result = run(asyncio.wait_for(bench(args), args.max_seconds))
    stem = Path(args.out) if args.out else RESULTS / f'phones-{args.n}{"-first" if args.first_time else ""}'
    write_results(stem, result, table)


if __name__ == '__main__':
    main()
