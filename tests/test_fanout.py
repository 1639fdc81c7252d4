"""Broadcasts in steps: other work gets turns between steps, one broken phone does not stop the others, and passes
never overlap (ui/fanout.py)."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace

import pytest
from nicegui import core

from eventapp.ui.fanout import OnePassAtATime, in_steps


def page_of(n: int) -> SimpleNamespace:
    """A stand-in element whose page id sorts like the number."""
    return SimpleNamespace(client=SimpleNamespace(id=f'client-{n:03d}'))


@pytest.fixture
async def nicegui_loop(monkeypatch):
    monkeypatch.setattr(core, 'loop', asyncio.get_running_loop())


async def test_other_work_runs_between_steps() -> None:
    order: list[str] = []

    async def other() -> None:
        for _ in range(3):
            order.append('other')
            await asyncio.sleep(0)

    worker = asyncio.create_task(other())
    await in_steps(range(6), lambda n: order.append(f'phone {n}'), what='test', element=page_of, step=2)
    await worker
    first_other = order.index('other')
    assert first_other <= 2  # the other task got a turn after the first step, not after all six phones
    assert [x for x in order if x != 'other'] == [f'phone {n}' for n in range(6)]


async def test_a_failing_phone_is_logged_and_the_rest_get_theirs(caplog) -> None:
    shown: list[int] = []

    def show(n: int) -> None:
        if n == 1:
            raise ValueError('broken page')
        shown.append(n)

    await in_steps(range(4), show, what='test', element=page_of, step=3)
    assert shown == [0, 2, 3]
    assert 'updating a phone (test) failed' in caplog.text


async def test_requests_during_a_pass_make_exactly_one_more_pass(nicegui_loop) -> None:
    passes: list[int] = []
    gate = asyncio.Event()

    async def one_pass() -> None:
        passes.append(len(passes))
        if len(passes) == 1:
            await gate.wait()

    runner = OnePassAtATime(one_pass, name='test')
    runner.request()
    await asyncio.sleep(0)
    for _ in range(5):
        runner.request()  # asked five times while the first pass runs
    gate.set()
    for _ in range(20):
        await asyncio.sleep(0)
    assert passes == [0, 1]


async def test_every_pass_goes_over_the_phones_in_the_order_of_their_pages() -> None:
    """Two passes from one change reach each phone in the same turn, so its two updates leave as one message."""
    seen: list[int] = []
    await in_steps({5, 3, 9, 1}, seen.append, what='test', element=page_of)
    assert seen == [1, 3, 5, 9]
