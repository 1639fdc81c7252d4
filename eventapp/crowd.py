"""Process settings that let one Python process hold a room full of phones (see shared reference nicegui-scale.md)."""

from __future__ import annotations

import gc
import logging
import resource
import types
from collections.abc import Callable

from nicegui import helpers, ui_run

log = logging.getLogger(__name__)

GC_THRESHOLD = (50_000, 1, 100)
"""A high generation-0 threshold: CPython's default makes 1-second collections at 2,000 phones, long enough to miss
socket pings and start a reconnect storm. Generation 1 is collected with every generation-0 collection: with 20
(tried first) it gathered a million objects while phones joined, and each of its collections held the event loop
for 0.4-0.5 s; with 1 they take 40-90 ms. The survivors go to generation 2, which CPython collects in full only after
100 such collections and 25 % growth: about once per 4,000 joins or reloads. Freezing the survivors as well was
tried and dropped: every reloaded page then leaked about 90 KB (a deleted page's reference cycles were frozen)."""


def raise_open_files_limit() -> int:
    """Every phone is a socket: raise the soft limit on open files to the hard limit. Returns the new soft limit."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = hard if hard != resource.RLIM_INFINITY else max(soft, 65_536)
    if target > soft:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
            soft = target
        except (ValueError, OSError) as error:
            log.warning('could not raise the open-files limit from %s: %s', soft, error)
    return soft


WEBSOCKET_IMPLEMENTATIONS = ('websockets-sansio', 'wsproto')
NICEGUI_SERVER_CONFIG = ui_run.CustomServerConfig


def use_websocket(implementation: str) -> None:
    """Run uvicorn's websockets with `implementation`: NiceGUI's `ui.run` always passes `ws='wsproto'`.

    wsproto frames and compresses in pure Python with a 15-bit deflate window per phone; uvicorn's
    `websockets-sansio` uses the websockets library (C-accelerated) and a 12-bit window (memLevel 5).
    """
    if implementation not in WEBSOCKET_IMPLEMENTATIONS:
        raise ValueError(f'unknown websocket implementation {implementation!r}; one of {WEBSOCKET_IMPLEMENTATIONS}')

    class ServerConfig(NICEGUI_SERVER_CONFIG):
        websocket = implementation

        def __init__(self, *args: object, **kwargs: object) -> None:
            kwargs['ws'] = implementation
            super().__init__(*args, **kwargs)

    ui_run.CustomServerConfig = ServerConfig


def cache_handler_signatures() -> None:
    """Make NiceGUI's `helpers.expects_arguments` cached per function definition.

    NiceGUI asks it (through `inspect.signature`) for every props, classes and style collection of every element it
    creates, and for every event handler: a profile of 1,000 phones joining spent 15 % of the server's CPU there. The
    answer depends only on the function's definition, so it is computed once per code object. Callables whose
    signature can be changed from outside (`__wrapped__`, `__signature__`, partials, classes) are never cached.
    NiceGUI calls it as `helpers.expects_arguments(...)`, so replacing the module attribute reaches every caller.
    """
    if getattr(helpers.expects_arguments, 'cached', False):
        return
    helpers.expects_arguments = cached_expects_arguments(helpers.expects_arguments)


def cached_expects_arguments(original: Callable[[Callable], bool]) -> Callable[[Callable], bool]:
    answers: dict[tuple, bool] = {}

    def expects_arguments(func: Callable) -> bool:
        key = definition_key(func)
        if key is None:
            return original(func)
        answer = answers.get(key)
        if answer is None:
            answer = answers[key] = original(func)
        return answer

    expects_arguments.cached = True  # type: ignore[attr-defined]
    return expects_arguments


def definition_key(func: Callable) -> tuple | None:
    """What a plain function's or bound method's signature depends on, or None when it may depend on more."""
    bound = isinstance(func, types.MethodType)
    plain = func.__func__ if bound else func
    if type(plain) is not types.FunctionType or hasattr(plain, '__wrapped__') or hasattr(plain, '__signature__'):
        return None
    if bound and hasattr(func, '__signature__'):
        return None
    return (plain.__code__, bound, len(plain.__defaults__ or ()), tuple(plain.__kwdefaults__ or ()))


def tune_gc() -> None:
    gc.set_threshold(*GC_THRESHOLD)


def freeze_startup_objects() -> None:
    """Move everything allocated at start-up out of the collector's sight, so collections stay short."""
    gc.collect()
    gc.freeze()
