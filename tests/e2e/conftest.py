"""A real `eventapp run` subprocess on a free loopback port, which a test can kill and restart."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Playwright

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / 'artifacts'
FACILITATOR = 'e2e-facilitator-secret'
SCREEN = 'e2e-screen-key'


def free_port() -> int:
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


class EventServer:
    """`python -m eventapp run` with its own data folder; start, kill -9 and start again on the same port."""

    def __init__(self, data: Path, agenda: Path | None = None, extra: tuple[str, ...] = ()) -> None:
        self.data = data
        self.agenda = agenda
        self.extra = extra
        """More `eventapp run` flags, e.g. ('--rehearse', '20')."""
        self.port = free_port()
        self.base = f'http://127.0.0.1:{self.port}'
        self.proc: subprocess.Popen | None = None
        self.log_path = data / 'server.log'

    @property
    def screen_url(self) -> str:
        return f'{self.base}/screen?k={SCREEN}'

    @property
    def facilitator_url(self) -> str:
        return f'{self.base}/facilitator?k={FACILITATOR}'

    def start(self) -> None:
        env = {**os.environ, 'EVENTAPP_FACILITATOR_SECRET': FACILITATOR, 'EVENTAPP_SCREEN_KEY': SCREEN}
        env.pop('PYTEST_CURRENT_TEST', None)  # NiceGUI would think it runs under pytest and ignore the port
        args = [
            sys.executable,
            '-m',
            'eventapp',
            'run',
            '--host',
            '127.0.0.1',
            '--port',
            str(self.port),
            '--data',
            str(self.data),
            '--public-url',
            self.base,
        ]
        if self.agenda:
            args += ['--agenda', str(self.agenda)]
        args += self.extra
        log = self.log_path.open('a')
        self.proc = subprocess.Popen(args, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        log.close()
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f'server exited with {self.proc.returncode}:\n{self.log_path.read_text()}')
            try:
                with urllib.request.urlopen(self.base + '/', timeout=1) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError('server did not answer within 30 s')

    def join_url(self) -> str:
        match = re.findall(r'Phones join:\s+(\S+)', self.log_path.read_text())
        return match[-1]

    def kill(self) -> None:
        """kill -9: no shutdown handlers, no flushing; what was committed must survive."""
        assert self.proc is not None
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=10)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


@pytest.fixture
def server(tmp_path: Path) -> Iterator[EventServer]:
    event_server = EventServer(tmp_path)
    event_server.start()
    yield event_server
    event_server.stop()


@pytest.fixture(scope='session')
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture
def phone_context(browser: Browser, playwright: Playwright) -> Iterator:
    """Make phone contexts (iPhone 13: 390x664, touch, mobile); all closed at the end."""
    contexts: list[BrowserContext] = []
    device = {k: v for k, v in playwright.devices['iPhone 13'].items() if k != 'default_browser_type'}

    def make() -> BrowserContext:
        context = browser.new_context(**device, locale='nb-NO')
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def desktop(browser: Browser) -> Iterator:
    contexts: list[BrowserContext] = []

    def make(width: int, height: int) -> BrowserContext:
        context = browser.new_context(viewport={'width': width, 'height': height}, locale='nb-NO')
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()
