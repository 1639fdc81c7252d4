"""Page weight: what a phone downloads on its first join and on a reload, and what a crowd of first-time phones costs.

    .venv/bin/python tests/bench/page_weight.py [--phones 200]

For each server mode (`before`: NiceGUI's default, Starlette's GZipMiddleware at level 9 on every response and its
favicon.ico; `cached`: assets gzipped once and kept in memory, answered behind NiceGUI's middlewares, as in 2ef3191;
`after`: `eventapp run` as shipped, cached files answered in front of them, favicon in the page), this starts a real
server on a free loopback port and
1. opens the join page in Debian's Chromium with an empty cache and counts the bytes on the wire (CDP
   `Network.loadingFinished.encodedDataLength`: headers + compressed body) of every HTTP response, then reloads;
2. lets N wire-level first-time phones (aiohttp, 6 connections each, as a browser) download every asset the page
   used, all at once, and records the time, the bytes and the server's CPU seconds (/proc/<pid>/stat). Each phone
   first gets its session cookie (as a browser does from the page) outside the measured part, and sends it.
Prints markdown tables with the ratios and writes them to tests/bench/results/page-weight.md.
Loopback only; bounded in phones (≤ 1,000) and time.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[2]
RESULTS = ROOT / 'tests' / 'bench' / 'results' / 'page-weight.md'
CHROMIUM = os.environ.get('CHROMIUM_PATH', '/usr/bin/chromium')
SECRETS = {'EVENTAPP_FACILITATOR_SECRET': 'bench-facilitator', 'EVENTAPP_SCREEN_KEY': 'bench-screen'}
WIRE_TIMEOUT = 300.0
MODES = ('before', 'cached', 'after')


@dataclass(kw_only=True)
class Weight:
    requests: int
    bytes: int
    html: int


@dataclass(kw_only=True)
class Crowd:
    phones: int
    files: int
    seconds: float
    p50: float
    p95: float
    megabytes: float
    cpu_seconds: float
    errors: int


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--phones', type=int, default=200)
    parser.add_argument('--serve', choices=MODES, help=argparse.SUPPRESS)
    parser.add_argument('rest', nargs='*', help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve, args.rest)
        return
    phones = max(1, min(args.phones, 1000))
    results = {mode: measure(mode, phones) for mode in MODES}
    report = table(results, phones)
    print(report)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(report)


def serve(mode: str, argv: list[str]) -> None:
    """`eventapp run`; for `before` with NiceGUI's own gzip middleware and favicon put back, for `cached` with the
    asset cache in the gzip slot only: its cache is not the one the front answers from, so the front passes all on."""
    if mode in ('before', 'cached'):
        from nicegui import ui
        from starlette.middleware.gzip import GZipMiddleware

        from eventapp.static_assets import PrecompressedAssets

        run = ui.run
        factory = GZipMiddleware if mode == 'before' else PrecompressedAssets

        def earlier(*args, **kwargs) -> None:
            run(*args, **{**kwargs, 'gzip_middleware_factory': factory, 'favicon': None})

        ui.run = earlier
    from eventapp.__main__ import main as eventapp_main

    sys.argv = ['eventapp', 'run', *argv]
    sys.exit(eventapp_main())


def measure(mode: str, phones: int) -> tuple[Weight, Weight, Crowd]:
    with tempfile.TemporaryDirectory() as data, Server(mode, Path(data)) as server:
        first, reload, urls = browser_weight(server.join_url)
        crowd = asyncio.run(download_crowd(urls, phones, server.pid))
    return first, reload, crowd


class Server:
    def __init__(self, mode: str, data: Path) -> None:
        import socket

        with socket.socket() as s:
            s.bind(('127.0.0.1', 0))
            self.port = s.getsockname()[1]
        self.base = f'http://127.0.0.1:{self.port}'
        self.args = [sys.executable, __file__, '--serve', mode, '--', '--host', '127.0.0.1', '--port', str(self.port)]
        self.args += ['--data', str(data), '--public-url', self.base]
        self.log = data / 'server.log'

    def __enter__(self) -> Server:
        env = {**os.environ, **SECRETS}
        with self.log.open('w') as log:
            self.proc = subprocess.Popen(self.args, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(self.base + '/healthz', timeout=1):
                    break
            except OSError:
                time.sleep(0.1)
        else:
            raise RuntimeError(f'server did not start:\n{self.log.read_text()}')
        return self

    @property
    def pid(self) -> int:
        return self.proc.pid

    @property
    def join_url(self) -> str:
        lines = [line for line in self.log.read_text().splitlines() if 'Phones join:' in line]
        return lines[-1].split()[2]

    def __exit__(self, *exc: object) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def browser_weight(join_url: str) -> tuple[Weight, Weight, list[str]]:
    """Bytes on the wire for a first visit (empty cache) and a reload, as Chromium counts them."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM)
        device = {k: v for k, v in pw.devices['iPhone 13'].items() if k != 'default_browser_type'}
        context = browser.new_context(**device, locale='nb-NO')
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send('Network.enable')
        seen: dict[str, dict] = {}
        cdp.on('Network.responseReceived', lambda e: seen.setdefault(e['requestId'], {}).update(response=e))
        cdp.on('Network.loadingFinished', lambda e: seen.setdefault(e['requestId'], {}).update(done=e))
        cdp.on('Network.requestServedFromCache', lambda e: seen.setdefault(e['requestId'], {}).update(cache=True))

        def visit(action) -> tuple[Weight, list[str]]:
            seen.clear()
            action()
            page.get_by_test_id('name-input').wait_for()
            page.wait_for_load_state('networkidle')
            weight = Weight(requests=0, bytes=0, html=0)
            urls = []
            for entry in seen.values():
                response = entry.get('response', {}).get('response', {})
                url = response.get('url', '')
                if not url.startswith('http') or '/_nicegui_ws/' in url or 'done' not in entry:
                    continue
                size = int(entry['done']['encodedDataLength'])
                host = urlparse(url).hostname
                assert host == '127.0.0.1', f'external request: {url}'
                if size > 0 and not entry.get('cache'):
                    weight.requests += 1
                    weight.bytes += size
                if entry['response']['type'] == 'Document':
                    weight.html += size
                else:
                    urls.append(url)
            return weight, urls

        first, urls = visit(lambda: page.goto(join_url))
        reload, _ = visit(page.reload)
        browser.close()
    return first, reload, urls


async def download_crowd(urls: list[str], phones: int, pid: int) -> Crowd:
    """N first-time phones fetch every asset at once, 6 connections each; bytes as sent (not decompressed)."""
    import aiohttp

    headers = {'Accept-Encoding': 'gzip, deflate, br, zstd', 'User-Agent': 'page-weight-bench'}
    errors = 0
    received = 0
    base = urls[0].split('/', 3)[:3] if urls else []
    healthz = '/'.join(base) + '/healthz'

    async def phone(session: aiohttp.ClientSession) -> float:
        nonlocal errors, received
        start = time.monotonic()

        async def fetch(url: str) -> None:
            nonlocal errors, received
            try:
                async with session.get(url) as response:
                    body = await response.read()  # read first: `received += await ...` would lose updates
                    received += len(body)
                    errors += response.status != 200
            except aiohttp.ClientError:
                errors += 1

        await asyncio.gather(*(fetch(url) for url in urls))
        return time.monotonic() - start

    def session() -> aiohttp.ClientSession:
        connector = aiohttp.TCPConnector(limit=6, force_close=False)
        jar = aiohttp.CookieJar(unsafe=True)  # keep cookies from 127.0.0.1, as a browser does
        return aiohttp.ClientSession(connector=connector, cookie_jar=jar, auto_decompress=False, headers=headers)

    sessions = [session() for _ in range(phones)]
    try:
        gate = asyncio.Semaphore(50)

        async def cookie(session: aiohttp.ClientSession) -> None:
            async with gate, session.get(healthz) as response:
                await response.read()
            if not any(c.key == 'session' for c in session.cookie_jar):
                raise RuntimeError('no session cookie from /healthz')

        await asyncio.wait_for(asyncio.gather(*(cookie(s) for s in sessions)), WIRE_TIMEOUT)
        cpu_before = cpu_seconds(pid)
        start = time.monotonic()
        times = await asyncio.wait_for(asyncio.gather(*(phone(s) for s in sessions)), WIRE_TIMEOUT)
        elapsed = time.monotonic() - start
    finally:
        await asyncio.gather(*(s.close() for s in sessions))
    return Crowd(
        phones=phones,
        files=len(urls),
        seconds=elapsed,
        p50=statistics.median(times),
        p95=statistics.quantiles(times, n=20)[-1] if len(times) > 1 else times[0],
        megabytes=received / 1e6,
        cpu_seconds=cpu_seconds(pid) - cpu_before,
        errors=errors,
    )


def cpu_seconds(pid: int) -> float:
    fields = Path(f'/proc/{pid}/stat').read_text().rsplit(')', 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf('SC_CLK_TCK')


def table(results: dict[str, tuple[Weight, Weight, Crowd]], phones: int) -> str:
    """One column per mode and the ratio of the shipped one to each earlier one."""
    firsts, reloads, crowds = zip(*(results[mode] for mode in MODES), strict=True)

    def row(name: str, values: list[float], unit: str, digits: int = 0) -> str:
        cells = [f'{value:,.{digits}f} {unit}'.strip() for value in values]
        ratios = [f'{values[-1] / value:.2f}' if value else '–' for value in values[:-1]]
        return '| ' + ' | '.join([name, *cells, *ratios]) + ' |'

    kb = 1024
    head = '| before | cached | after | after / before | after / cached |'
    lines = [
        '# Page weight',
        '',
        f'`.venv/bin/python tests/bench/page_weight.py --phones {phones}` on {platform.node()} '
        f'({os.cpu_count()} cores, Python {platform.python_version()}), {time.strftime("%Y-%m-%d %H:%M")}, '
        f'load average {os.getloadavg()[0]:.2f} at the end.',
        "Before: NiceGUI 3.18 default (Starlette GZipMiddleware, level 9, every response; NiceGUI's favicon.ico).",
        "Cached: assets gzipped once and answered from memory, but behind NiceGUI's middlewares (three",
        'BaseHTTPMiddlewares and the session cookie on every request), as in 2ef3191. After: `eventapp run`, cached',
        "files answered in front of NiceGUI's middlewares from precomputed headers, favicon inline in the page",
        '(NiceGUI paths immutable, /assets ETag/304; page HTML gzip level 6).',
        'Bytes on the wire as Chromium counts them (headers + encoded body, HTTP only, socket.io frames not counted);',
        'phone = iPhone 13 profile on the join page, empty cache, then a reload.',
        '',
        '| phone (Chromium) ' + head,
        '|---|---|---|---|---|---|',
        row('first join: bytes downloaded', [w.bytes / kb for w in firsts], 'KB', 1),
        row('first join: HTTP requests', [w.requests for w in firsts], ''),
        row('first join: page HTML', [w.html / kb for w in firsts], 'KB', 1),
        row('reload: bytes downloaded', [w.bytes / kb for w in reloads], 'KB', 1),
        row('reload: HTTP requests', [w.requests for w in reloads], ''),
        '',
        f'| {phones} first-time phones (session cookie already set) fetch every asset at once (aiohttp) ' + head,
        '|---|---|---|---|---|---|',
        row('assets per phone', [c.files for c in crowds], ''),
        row('all phones done', [c.seconds for c in crowds], 's', 2),
        row('per phone p50', [c.p50 for c in crowds], 's', 2),
        row('per phone p95', [c.p95 for c in crowds], 's', 2),
        row('server CPU', [c.cpu_seconds for c in crowds], 's', 2),
        row('server CPU per phone', [1000 * c.cpu_seconds / phones for c in crowds], 'ms', 1),
        row('server CPU per request', [1000 * c.cpu_seconds / phones / max(c.files, 1) for c in crowds], 'ms', 2),
        row('bytes sent', [c.megabytes for c in crowds], 'MB', 1),
        row('errors', [c.errors for c in crowds], ''),
        '',
    ]
    return '\n'.join(lines)


if __name__ == '__main__':
    main()
