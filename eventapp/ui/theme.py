"""Look and feel, defined once: design tokens and one frame() per surface (big screen, phone, facilitator)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from nicegui import app as nicegui_app
from nicegui import ui

from ..i18n import t

BEAT_COLOURS: dict[str, str] = {
    'opening': '#E69F00',
    'build': '#56B4E9',
    'turning_point': '#009E73',
    'climax': '#F0E442',
    'commitment': '#CC79A7',
    'close': '#7FA7D9',
}
"""One colour per dramaturgic beat (Okabe-Ito, safe for the common colour-blindnesses); always shown with a word."""

GOAL_COLOURS: tuple[str, ...] = ('#56B4E9', '#E69F00', '#CC79A7', '#009E73', '#F0E442')
"""One colour per goal in priority order (Okabe-Ito: sky blue, orange, reddish purple, then green and yellow, which
stay apart under deuteranopia and protanopia and on a projector); always shown with the goal's number and name."""

TOKENS: dict[str, str] = {
    'bg': '#0B1020',  # big screen background: dark, so a washed-out projector keeps contrast
    'fg': '#F5F7FA',  # 17:1 on bg
    'muted': '#B8C2D1',  # 10:1 on bg
    'panel': '#161D33',
    'soon': '#FFB000',  # countdown, last two minutes: 10:1 on bg
    'over': '#FF7B72',  # countdown over time: 7.5:1 on bg
    'accent': '#56B4E9',
    'phone-bg': '#F7F8FA',
    'phone-fg': '#111827',
    'phone-muted': '#4B5563',  # 7.6:1 on white
    'primary': '#1D4ED8',  # buttons: white text 6.7:1
    'danger': '#B91C1C',
    'card': '#FFFFFF',  # phone and panel cards on their light grey backgrounds
    'line': '#E5E7EB',  # hairlines between rows on light surfaces
    'ok': '#065F46',  # "saved" and "sent" on light surfaces: 7.6:1 on white
    'rehearsal-bg': '#FEF3C7',  # the rehearsal note on light surfaces (amber, calm)
    'rehearsal-fg': '#78350F',  # 8.8:1 on rehearsal-bg
}

SURFACES = ('screen', 'phone', 'facilitator')


def css_variables() -> str:
    names = {**{f'beat-{k.replace("_", "-")}': v for k, v in BEAT_COLOURS.items()}, **TOKENS}
    names.update({f'goal-{i}': colour for i, colour in enumerate(GOAL_COLOURS, 1)})
    return ':root{' + ''.join(f'--{name}:{value};' for name, value in names.items()) + '}'


def beat_class(beat: str) -> str:
    return f'beat--{beat.replace("_", "-")}'


@contextmanager
def frame(surface: str, *, title: str, lang: str, rehearsal: bool = False) -> Iterator[None]:
    """The shell of a page on one surface: tokens, the stylesheet, the language, and a root element to fill.
    In a rehearsal every page says so first, so nobody takes simulated people for the real room."""
    assert surface in SURFACES
    ui.page_title(title)
    # The surface's classes go on <html> from the head and the brand colours are the app's (install_theme): no
    # ui.query/ui.colors elements (two elements on every page and two scripts every first-time phone downloads).
    ui.add_head_html(
        f'<style>{css_variables()}</style><link rel="stylesheet" href="/assets/eventapp.css">'
        f'<script>document.documentElement.lang = "{lang}";'
        f'document.documentElement.classList.add("surface", "surface--{surface}")</script>'
    )
    with ui.element('main').classes(f'{surface}'):
        if rehearsal:
            rehearsal_banner(surface, lang)
        yield


def rehearsal_banner(surface: str, lang: str) -> None:
    """The rehearsal's note (Øving – ikke ekte data) on top of every page: calm, never blinking, said in words."""
    ui.label(t('rehearsal.banner', lang)).classes(f'rehearsal__banner rehearsal__banner--{surface}').props(
        'role=status data-testid=rehearsal'
    ).mark('rehearsal')


def install_theme() -> None:
    """Quasar's brand colours for every page of the app, once (Quasar sets them from its config at start-up)."""
    nicegui_app.colors(primary=TOKENS['primary'], negative=TOKENS['danger'])


def install_connection_messages() -> None:
    """NiceGUI's reconnect banner in Norwegian and English at once: one page language serves the whole room,
    and a phone whose owner reads English must understand it too."""
    from nicegui.translations import translations

    translations['nb-NO'] = {
        'connection_lost': 'Mistet forbindelsen · Connection lost',
        'trying_to_reconnect': 'Kobler til igjen … teksten din er trygg · Reconnecting … your text is safe',
        'message_too_long': 'For lang melding · Message too long',
        'message_too_long_body': 'Meldingen er for stor · The message is too large',
    }
