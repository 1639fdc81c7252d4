"""The crowd tuning keeps NiceGUI's behaviour: the cached `expects_arguments` answers exactly as the original."""

from __future__ import annotations

import asyncio
import functools
import inspect

import pytest
from nicegui import core, helpers, outbox, ui_run

from eventapp import crowd

original = inspect.unwrap(helpers.expects_arguments)


def plain(a): ...
def no_args(): ...
def defaults(a=1): ...
def star(*args, **kwargs): ...
def keyword_only(*, a): ...


class Thing:
    def method(self, event): ...
    def nothing(self): ...
    @staticmethod
    def static(a): ...
    def __call__(self, a): ...


def decorated(func):
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)

    return wrapper


CALLABLES = [
    plain, no_args, defaults, star, keyword_only,
    Thing().method, Thing().nothing, Thing.nothing, Thing.static, Thing.method, Thing(), Thing,
    lambda: None, lambda e: None, lambda e, i=3: None,
    functools.partial(plain, 1), functools.partial(defaults), decorated(plain), decorated(no_args),
    print, len,
]  # fmt: skip


def test_cached_answers_equal_the_original_for_every_kind_of_callable() -> None:
    cached = crowd.cached_expects_arguments(original)
    for func in CALLABLES * 2:  # the second pass is answered from the cache where a key exists
        assert cached(func) == original(func), func


def test_wrapped_functions_with_one_wrapper_definition_are_not_confused() -> None:
    """A decorator's wrapper has one code object for many wrapped functions: it must never share an answer."""
    cached = crowd.cached_expects_arguments(original)
    assert cached(decorated(plain)) is True
    assert cached(decorated(no_args)) is False
    assert crowd.definition_key(decorated(plain)) is None


def test_one_definition_is_asked_once() -> None:
    asked: list = []

    def counting(func) -> bool:
        asked.append(func)
        return original(func)

    cached = crowd.cached_expects_arguments(counting)
    for _ in range(100):
        cached(Thing().method)  # a new bound method every time, as for each element NiceGUI creates
        cached(lambda e, i=1: None)
    assert len(asked) == 2


def test_installing_twice_wraps_once() -> None:
    before = helpers.expects_arguments
    try:
        crowd.cache_handler_signatures()
        installed = helpers.expects_arguments
        crowd.cache_handler_signatures()
        assert helpers.expects_arguments is installed
        assert installed.cached
    finally:
        helpers.expects_arguments = before


def test_the_chosen_websocket_implementation_overrides_nicegui_s_wsproto(monkeypatch) -> None:
    monkeypatch.setattr(ui_run, 'CustomServerConfig', ui_run.CustomServerConfig)  # restored after the test
    for implementation in ('websockets-sansio', 'wsproto', 'websockets-sansio'):
        crowd.use_websocket(implementation)
        config = ui_run.CustomServerConfig(app=None, ws='wsproto', ws_per_message_deflate=False)  # as ui.run passes
        assert config.ws == implementation
        assert config.ws_per_message_deflate is False
        assert ui_run.CustomServerConfig.__mro__[1] is crowd.NICEGUI_SERVER_CONFIG  # never a subclass of a subclass


def test_an_unknown_websocket_implementation_is_refused_before_anything_changes(monkeypatch) -> None:
    monkeypatch.setattr(ui_run, 'CustomServerConfig', ui_run.CustomServerConfig)
    before = ui_run.CustomServerConfig
    with pytest.raises(ValueError, match='websockets-sansio'):
        crowd.use_websocket('websockets')
    assert ui_run.CustomServerConfig is before


class FakeCollector:
    """Stands in for the `gc` module: records collections and lets a test set the counts and the allocator's size."""

    def __init__(self) -> None:
        self.collected: list[int] = []
        self.count2 = 0
        self.size = 1000
        self.now = 0.0
        self.sockets = (0, 0)
        """(open now, closed so far), as `IndexedRooms.sockets` says it."""

    def collect(self, generation: int) -> int:
        self.collected.append(generation)
        if generation == 2:
            self.count2 = 0
        return 0

    def paced(self) -> crowd.PacedCollector:
        return crowd.PacedCollector(
            collect=self.collect,
            counts=lambda: (0, 0, self.count2),
            blocks=lambda: self.size,
            clock=lambda: self.now,
            sockets=lambda: self.sockets,
        )

    def close(self, count: int) -> None:
        """`count` sockets close."""
        open_now, closed = self.sockets
        self.sockets = (open_now - count, closed + count)


def test_the_young_generations_are_collected_in_turn_on_every_tick() -> None:
    fake = FakeCollector()
    pacer = fake.paced()
    for _ in range(6):
        pacer.tick()
    assert fake.collected == [0, 1, 0, 1, 0, 1]


def test_a_full_collection_needs_time_many_younger_ones_and_a_quarter_more_memory() -> None:
    fake = FakeCollector()
    pacer = fake.paced()
    fake.count2, fake.size = 101, 2000
    fake.now = crowd.PacedCollector.FULL_EVERY - 1
    assert pacer.tick() == 0  # grown, many younger collections, but too soon after the last full one (start-up)
    fake.now = crowd.PacedCollector.FULL_EVERY
    fake.size = 1000
    assert pacer.tick() == 1  # the heap has not grown: no full collection
    fake.size = 1300
    fake.count2 = 100
    assert pacer.tick() == 0  # grown, but not enough younger collections yet
    fake.count2 = 101
    assert pacer.tick() == 2
    fake.now += crowd.PacedCollector.FULL_EVERY
    fake.count2, fake.size = 101, 1400  # measured from the size after the last full collection (1300)
    assert pacer.tick() != 2
    fake.size = 1700
    assert pacer.tick() == 2
    fake.count2 = 101
    assert pacer.tick() != 2  # and again only after FULL_EVERY


async def test_the_pacer_keeps_running_after_a_failed_collection(caplog) -> None:
    calls: list[int] = []

    def collect(generation: int) -> None:
        calls.append(generation)
        if len(calls) == 1:
            raise RuntimeError('boom')

    pacer = crowd.PacedCollector(collect=collect, counts=lambda: (0, 0, 0), blocks=lambda: 1)
    task = asyncio.create_task(pacer.run(interval=0.001))
    async with asyncio.timeout(5):
        while len(calls) < 3:
            await asyncio.sleep(0.001)
    task.cancel()
    assert 'paced garbage collection failed' in caplog.text


async def test_outbox_wait_for_waits_as_long_as_it_takes_and_the_rest_is_asyncio() -> None:
    quiet = crowd.OutboxAsyncio()
    event = asyncio.Event()
    asyncio.get_running_loop().call_later(0.05, event.set)
    assert await quiet.wait_for(event.wait(), timeout=0.001) is True  # no TimeoutError: it waited for the event
    assert (
        quiet.Event is asyncio.Event and quiet.sleep is asyncio.sleep and quiet.CancelledError is asyncio.CancelledError
    )


class FakeClient:
    """What NiceGUI's outbox asks of its page."""

    id = 'client-1'
    has_socket_connection = True

    def __init__(self) -> None:
        self.page = type('Page', (), {'resolve_reconnect_timeout': staticmethod(lambda: 20.0)})()

    def check_existence(self) -> None: ...


async def test_a_quiet_outbox_still_sends_at_once_and_stops_at_once(monkeypatch) -> None:
    """The 1-second timeout of NiceGUI's outbox loop wakes nothing: a message is sent as soon as it is enqueued,
    and `stop()` ends the loop without waiting for a timeout."""
    sent: list[tuple] = []

    class FakeSocketIO:
        eio = type('Eio', (), {'ping_interval': 25, 'ping_timeout': 8})()

        async def emit(self, message_type: str, data: dict, room: str) -> None:
            sent.append((message_type, dict(data), room))

    monkeypatch.setattr(outbox, 'asyncio', crowd.OutboxAsyncio())
    monkeypatch.setattr(core, 'loop', asyncio.get_running_loop())
    monkeypatch.setattr(core, 'sio', FakeSocketIO())
    client = FakeClient()
    box = outbox.Outbox(client)  # type: ignore[arg-type]
    loop_task = next(t for t in asyncio.all_tasks() if t.get_name() == 'outbox loop client-1')
    async with asyncio.timeout(0.5):  # well inside NiceGUI's 1-second timeout
        await asyncio.sleep(0.05)
        box.enqueue_message('run_javascript', {'code': 'x'}, 'client-1')
        while not sent:
            await asyncio.sleep(0.001)
        box.stop()
        await loop_task
    assert sent == [('run_javascript', {'code': 'x', '_id': 0}, 'client-1')]


def test_a_wave_of_dropped_sockets_is_collected_in_full_once_it_is_over() -> None:
    fake = FakeCollector()
    fake.sockets = (1000, 0)
    pacer = fake.paced()

    def tick(seconds: float = 0.1) -> int:
        fake.now += seconds
        return pacer.tick()

    fake.now = 100.0  # well after start-up
    assert tick() != 2
    for _ in range(30):  # the Wi-Fi goes: 300 of 1,000 sockets close over three seconds
        fake.close(10)
        assert tick() != 2
    assert [tick() for _ in range(9)].count(2) == 0  # 0.9 s without a close: the wave may not be over
    assert [tick() for _ in range(2)].count(2) == 1  # a second: collect the dead connections before the phones return
    assert [tick() for _ in range(50)].count(2) == 0
    fake.close(10)  # a few stragglers: not a wave
    assert [tick() for _ in range(50)].count(2) == 0


def test_phones_leaving_now_and_then_never_make_a_full_collection() -> None:
    fake = FakeCollector()
    fake.sockets = (2000, 0)
    pacer = fake.paced()
    for k in range(3000):  # one phone leaves every 2 s for 5 minutes: 150 closes, under a fifth of 2,000
        fake.now += 0.1
        if k % 20 == 0:
            fake.close(1)
        assert pacer.tick() != 2
