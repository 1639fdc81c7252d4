"""Load and fault tests at CI scale: a real `eventapp run` subprocess and wire-level phones (tests/sim)."""

from __future__ import annotations

import random
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from eventapp.loading import require_agenda
from tests.sim.crowd import Crowd, Sampler, Settings
from tests.sim.server import BENCH_AGENDA, Server
from tests.sim.wire import Wire

PULSE_SESSION, ROUND_SESSION, PLEDGE_SESSION = 1, 5, 19
"""Indexes in agenda/kickoff-en.toml: a keynote with a pulse, an exercise with a new table round, the commitment."""


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    random.seed(7)
    event_server = Server(tmp_path)
    event_server.start()
    yield event_server
    event_server.stop()


@pytest.fixture
def sampler(server: Server) -> Iterator[Sampler]:
    watch = Sampler(server.pid, interval=0.25)
    watch.start()
    yield watch
    watch.stop_flag = True


async def make_crowd(base: str, server: Server, **settings: object) -> Crowd:
    wire = await Wire.open(base)
    crowd = Crowd(wire, require_agenda(BENCH_AGENDA), server.join_path(), server.facilitator_path, Settings(**settings))
    await crowd.open_panel()
    return crowd


@pytest.fixture
async def crowd_factory(server: Server) -> AsyncIterator:
    made: list[Crowd] = []

    async def make(base: str | None = None, **settings: object) -> Crowd:
        crowd = await make_crowd(base or server.base, server, **settings)
        made.append(crowd)
        return crowd

    yield make
    for crowd in made:
        await crowd.close()
