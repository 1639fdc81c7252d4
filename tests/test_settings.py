"""Settings from the environment: the websocket switches a venue can flip without touching code."""

from __future__ import annotations

import pytest

from eventapp.settings import Settings


def test_the_default_websocket_is_the_light_one_without_compression(monkeypatch) -> None:
    monkeypatch.delenv('EVENTAPP_WEBSOCKET', raising=False)
    monkeypatch.delenv('EVENTAPP_WEBSOCKET_DEFLATE', raising=False)
    settings = Settings.from_env()
    assert (settings.websocket, settings.websocket_deflate) == ('websockets-sansio', False)


@pytest.mark.parametrize(('value', 'deflate'), [('0', False), ('off', False), ('false', False), ('1', True)])
def test_websocket_switches_from_the_environment(monkeypatch, value: str, deflate: bool) -> None:
    monkeypatch.setenv('EVENTAPP_WEBSOCKET', 'wsproto')
    monkeypatch.setenv('EVENTAPP_WEBSOCKET_DEFLATE', value)
    settings = Settings.from_env()
    assert (settings.websocket, settings.websocket_deflate) == ('wsproto', deflate)
