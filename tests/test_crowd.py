"""The crowd tuning keeps NiceGUI's behaviour: the cached `expects_arguments` answers exactly as the original."""

from __future__ import annotations

import functools
import inspect

import pytest
from nicegui import helpers, ui_run

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
