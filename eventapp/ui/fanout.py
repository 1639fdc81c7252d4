"""Giving every phone its new props without holding the event loop: a few phones at a time, one pass at a time.

An element update is cheap to enqueue, but each phone's message is then encoded and written by its own outbox task.
Enqueued for 2,000 phones at once, those 2,000 writes run back to back before anything else (an acknowledgement, a
ping) gets a turn. Yielding after every few phones lets the rest of the room's work interleave with a broadcast.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Iterable
from typing import TypeVar

from nicegui import background_tasks, ui

log = logging.getLogger(__name__)

T = TypeVar('T')

STEP = 10
"""Phones per step of a pass that gives each phone an update of its own (a round's seats, pledges closing): an
acknowledgement waits for at most one step's updates at each of its hops through the loop. At 2,000 phones, a pledge
burst that met every phone's new round card: "Saved" p95 115-152 ms with steps of 25 (three runs), 76 and 92 ms with
10, the cards reaching every phone as fast (tests/bench/phones.py --n 2000 --phases join,round,pledge). What every
phone shows alike goes out on a shared channel instead (shared_props.py)."""


async def in_steps(
    items: Iterable[T],
    apply: Callable[[T], object],
    *,
    what: str,
    element: Callable[[T], ui.element],
    step: int = STEP,
) -> None:
    """`apply` to each item, yielding to the event loop after every `step` items. One failing phone is logged and
    the others still get theirs. Every pass goes over the phones in the order of their client ids (`element` names
    each item's element): two passes started by one change (the now view and the pledge form on a session switch)
    then reach a phone in the same turn of the loop, and its outbox sends both in one message."""
    batch = sorted(items, key=lambda item: client_key(element(item)))
    for start in range(0, len(batch), step):
        for item in batch[start : start + step]:
            try:
                apply(item)
            except Exception:
                log.exception('updating a phone (%s) failed', what)
        await asyncio.sleep(0)


def client_key(element: ui.element) -> str:
    """The id of the element's page (empty once the page is gone: those sort first and are skipped by `apply`)."""
    try:
        return element.client.id
    except (AttributeError, RuntimeError):
        return ''


class OnePassAtATime:
    """Runs `one_pass` in the background when asked, never two at once: asked during a pass, it runs once more when
    that pass ends (with the state as it is then), however often it was asked meanwhile."""

    def __init__(self, one_pass: Callable[[], Awaitable[None]], *, name: str) -> None:
        self.one_pass = one_pass
        self.name = name
        self._task: asyncio.Task | None = None
        self._again = False

    def request(self) -> None:
        if self._task is not None and not self._task.done():
            self._again = True
        else:
            self._task = background_tasks.create(self._run(), name=self.name)

    async def _run(self) -> None:
        while True:
            self._again = False
            await self.one_pass()
            if not self._again:
                return
