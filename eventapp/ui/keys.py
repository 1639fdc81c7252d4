"""Presenter-clicker keys (PageDown/PageUp, arrows, space) for next and previous."""

from __future__ import annotations

from collections.abc import Callable

from nicegui import events, ui

NEXT_KEYS = {'PageDown', 'ArrowRight', 'ArrowDown', ' '}
PREVIOUS_KEYS = {'PageUp', 'ArrowLeft', 'ArrowUp'}


def clicker_keys(on_next: Callable[[], None], on_previous: Callable[[], None]) -> ui.keyboard:
    def handle(e: events.KeyEventArguments) -> None:
        if not e.action.keydown or e.action.repeat:
            return
        if e.key.name in NEXT_KEYS:
            on_next()
        elif e.key.name in PREVIOUS_KEYS:
            on_previous()

    return ui.keyboard(on_key=handle, ignore=['input', 'select', 'textarea'])
