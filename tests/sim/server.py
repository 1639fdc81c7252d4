"""A real `eventapp run` subprocess on loopback for the simulator: start, kill -9, start again, stop by PID."""

from __future__ import annotations

import atexit
import contextlib
import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[2]
FACILITATOR = 'sim-facilitator-secret'
SCREEN = 'sim-screen-key'
BENCH_AGENDA = ROOT / 'agenda' / 'kickoff-en.toml'


def free_port() -> int:
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


class Server:
    """`python -m eventapp run` with its own data folder on 127.0.0.1. Only ever stops its own process."""

    def __init__(self, data: Path, *, agenda: Path = BENCH_AGENDA, port: int = 0, env: dict | None = None) -> None:
        self.data = data
        self.agenda = agenda
        self.port = port or free_port()
        self.base = f'http://127.0.0.1:{self.port}'
        self.extra_env = env or {}
        self.proc: subprocess.Popen | None = None
        self.log_path = data / 'server.log'

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    @property
    def facilitator_path(self) -> str:
        return f'/facilitator?k={FACILITATOR}'

    def start(self, timeout: float = 30.0) -> float:
        """Start and wait until the join page answers; returns the seconds from spawn to the first 200."""
        self.data.mkdir(parents=True, exist_ok=True)
        env = {**os.environ, 'EVENTAPP_FACILITATOR_SECRET': FACILITATOR, 'EVENTAPP_SCREEN_KEY': SCREEN}
        env.update(self.extra_env)
        env.pop('PYTEST_CURRENT_TEST', None)  # NiceGUI would think it runs under pytest and ignore the port
        args = [sys.executable, '-m', 'eventapp', 'run', '--host', '127.0.0.1', '--port', str(self.port)]
        args += ['--data', str(self.data), '--public-url', self.base, '--agenda', str(self.agenda)]
        with self.log_path.open('a') as log:
            t0 = time.monotonic()
            self.proc = subprocess.Popen(args, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        atexit.register(self._kill_if_running, self.proc)
        deadline = t0 + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f'server exited with {self.proc.returncode}:\n{self.log_path.read_text()[-3000:]}')
            try:
                with urllib.request.urlopen(self.base + '/', timeout=1) as response:
                    if response.status == 200:
                        return time.monotonic() - t0
            except OSError:
                time.sleep(0.02)
        raise RuntimeError(f'server did not answer within {timeout} s')

    def join_path(self) -> str:
        return '/j/' + re.findall(r'Phones join:\s+\S+/j/(\w+)', self.log_path.read_text())[-1]

    def kill(self) -> None:
        """kill -9: no shutdown handlers, no flushing; what was committed must survive."""
        assert self.proc is not None
        children = psutil.Process(self.proc.pid).children(recursive=True)  # the planner's process pool
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=10)
        for child in children:  # a real crash would orphan them too; a test must not leave them behind
            with contextlib.suppress(psutil.Error):
                child.kill()

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)

    @staticmethod
    def _kill_if_running(proc: subprocess.Popen) -> None:
        """Never leave a server behind, even when the simulator itself is interrupted."""
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=10)

    def db_path(self) -> Path:
        return next(p for p in self.data.glob('*.db'))

    def query(self, sql: str, params: tuple = ()) -> list[tuple]:
        """Read the event database from outside (read-only), as an auditor would after a crash."""
        with sqlite3.connect(f'file:{self.db_path()}?mode=ro', uri=True, timeout=10) as db:
            return db.execute(sql, params).fetchall()
