"""The fault benchmarks of issue 7 at full scale, against a real `eventapp run` on 127.0.0.1:

    .venv/bin/python tests/bench/faults.py kill --n 300 --kills 10
    .venv/bin/python tests/bench/faults.py storm --n 1000 --outage 10

kill: the phones join, take a table round and keep writing (pulse, questions, votes); the server is killed with
SIGKILL at a random moment, restarted, and audited: acknowledged writes missing, PRAGMA integrity_check, seconds until
it serves again, phones back by themselves as the same person at the same table.
storm: the phones connect through a loopback proxy that cuts every connection and refuses new ones for --outage s;
seconds until every phone is usable again, page reloads, server memory before and after.
Writes tests/bench/results/<kind>-<N>.json and .md. Every loop is bounded; the server is stopped by PID.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from eventapp.loading import require_agenda  # noqa: E402
from tests.sim.crowd import Crowd, Sampler, Settings  # noqa: E402
from tests.sim.faults import kill_and_restart, storm  # noqa: E402
from tests.sim.proxy import Proxy  # noqa: E402
from tests.sim.report import reference_ms, tune_simulator_gc, write_results  # noqa: E402
from tests.sim.server import BENCH_AGENDA, Server  # noqa: E402
from tests.sim.wire import Wire  # noqa: E402

RESULTS = ROOT / 'tests' / 'bench' / 'results'
PULSE_SESSION, ROUND_SESSION = 1, 5


async def run(args: argparse.Namespace) -> dict[str, Any]:
    server = Server(Path(tempfile.mkdtemp(prefix='eventapp-faults-')))
    server.start()
    sampler = Sampler(server.pid)
    sampler.start()
    proxy = Proxy(server.port) if args.kind == 'storm' else None
    if proxy:
        await proxy.start()
    wire = await Wire.open(proxy.base if proxy else server.base)
    settings = Settings(n=args.n, concurrency=50, timeout=30.0)
    crowd = Crowd(wire, require_agenda(BENCH_AGENDA), server.join_path(), server.facilitator_path, settings)
    result: dict[str, Any] = {
        'kind': args.kind,
        'n': args.n,
        'loadavg_at_start': [round(x, 2) for x in os.getloadavg()],
        'reference_ms_at_start': reference_ms(),
    }
    try:
        await crowd.open_panel()
        result['join'] = await crowd.join()
        await crowd.start_day()
        if args.kind == 'kill':
            result['round'] = await crowd.table_round(ROUND_SESSION)
            await crowd.go_to(PULSE_SESSION)
            await crowd.click('pulse-open')
            crowd.pulse_session = crowd.agenda.sessions[PULSE_SESSION].id
            kills = []
            for k in range(args.kills):
                one = await kill_and_restart(crowd, server, busy_seconds=3.0, recover_timeout=60.0)
                sampler.retarget(server.pid)
                print(f'kill {k + 1}: {json.dumps({x: one[x] for x in SHOWN_KILL})}', flush=True)
                kills.append(one)
            result['kills'] = kills
            result['acknowledged'] = crowd.ledger.size()
        else:
            await asyncio.sleep(5)
            first_rss = None
            result['storms'] = []
            for _ in range(args.storms):  # again and again: a plateau (memory reused) or a leak (memory keeps growing)
                one = await storm(crowd, proxy, sampler, outage=args.outage, timeout=60.0)
                first_rss = first_rss or one['rss_before_mb']
                one['rss_change_from_first_pct'] = round(100 * (one['rss_after_mb'] - first_rss) / first_rss, 1)
                print(json.dumps(one), flush=True)
                result['storms'].append(one)
                await asyncio.sleep(5)
        result['counters'] = {
            'drops': wire.counters.unexpected_closes,
            'reconnects': wire.counters.reconnects,
            'reloads': wire.counters.reloads,
            'errors': wire.counters.errors,
        }
    finally:
        await crowd.close()
        if proxy:
            await proxy.stop()
        sampler.stop_flag = True
        server.stop()
    result['reference_ms_at_end'] = reference_ms()
    return result


SHOWN_KILL = ('serving_after_s', 'phones_back_after_s', 'not_back', 'wrong_table', 'acknowledged', 'missing_total')
SHOWN_KILL += ('duplicates_total', 'integrity')


def table(r: dict[str, Any]) -> str:
    speed = f'{r["reference_ms_at_start"]} / {r.get("reference_ms_at_end", "–")}'
    lines = [
        f'{r["kind"]}, N = {r["n"]}, load average at start {r["loadavg_at_start"]}, '
        f'reference loop at start / end {speed} ms (machine speed; lower is faster)',
        '',
    ]
    if r['kind'] == 'kill':
        lines += [
            '| kill | serving again (s) | all phones back (s) | not back | wrong table | acknowledged writes | '
            'missing | duplicates | integrity |',
            '|---|---|---|---|---|---|---|---|---|',
        ]
        for i, k in enumerate(r['kills'], 1):
            lines.append(f'| {i} | ' + ' | '.join(str(k[x]) for x in SHOWN_KILL) + ' |')
    else:
        lines += [
            '| storm | phones | outage (s) | all connected after (s) | all usable after (s) | not usable | reloads | '
            'RSS before / after (MB) | change | since the first storm |',
            '|---|---|---|---|---|---|---|---|---|---|',
        ]
        for i, s in enumerate(r['storms'], 1):
            lines.append(
                f'| {i} | {s["phones"]} | {s["outage_s"]} | {s["all_connected_after_s"]} | '
                f'{s["all_usable_after_s"]} | {s["not_usable"]} | {s["reloads"]} | '
                f'{s["rss_before_mb"]} / {s["rss_after_mb"]} | {s["rss_change_pct"]} % | '
                f'{s["rss_change_from_first_pct"]} % |'
            )
    lines += ['', f'wire: {json.dumps(r["counters"])}']
    return '\n'.join(lines) + '\n'


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('kind', choices=('kill', 'storm'))
    ap.add_argument('--n', type=int, default=300)
    ap.add_argument('--kills', type=int, default=10)
    ap.add_argument('--outage', type=float, default=10.0)
    ap.add_argument('--storms', type=int, default=1, help='outages one after the other (memory: plateau or leak)')
    ap.add_argument('--max-seconds', type=float, default=1200.0)
    ap.add_argument('--out', default='')
    args = ap.parse_args()
    args.n = min(args.n, 5000)
    tune_simulator_gc()
    result = asyncio.run(asyncio.wait_for(run(args), args.max_seconds))
    stem = Path(args.out) if args.out else RESULTS / f'{args.kind}-{args.n}'
    write_results(stem, result, table)


if __name__ == '__main__':
    main()
