"""The seam where a feature (questions, pulse, table rounds, pledges) plugs into the three surfaces.

A feature module offers a `Feature`; `app.build` lists the features; the surfaces build what each offers. So adding a
feature touches its own modules and one line in app.py, not the pages.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..domain.participants import Participant
from ..facilitation import SESSION_VIEW

__all__ = ['SESSION_VIEW', 'Feature', 'PhoneContext', 'ScreenView']


@dataclass(frozen=True, kw_only=True, slots=True)
class PhoneContext:
    """What a phone section knows about the phone it is built on."""

    participant: Participant
    lang: str


@dataclass(frozen=True, kw_only=True, slots=True)
class ScreenView:
    """A view the facilitator can put on the big screen instead of the session (one focus at a time)."""

    name: str
    label_key: str
    """Translation key of the panel button that puts this view on the screen."""
    build: Callable[[str], None]
    """Builds the view inside the current container for the given language and subscribes it to live events."""


@dataclass(frozen=True, kw_only=True, slots=True)
class Feature:
    phone_sections: tuple[Callable[[PhoneContext], None], ...] = ()
    """Built on a joined phone below the session; each decides when it is visible."""
    screen_views: tuple[ScreenView, ...] = ()
    panel_sections: tuple[Callable[[str], None], ...] = ()
    """Built on the facilitator panel below the controls, given the panel's language."""
