"""Pictures of the pulse: the energy curve as SVG and the word cloud as a PNG data URL.

The SVG holds numbers and translated beat names only (never participant text); the word cloud puts the room's words
into pixels, so a word can never become markup. `render_word_cloud` is a plain top-level function so it can run
off the event loop (`run.io_bound`) and, cached per session, is drawn once however many screens show it.
"""

from __future__ import annotations

import asyncio
import base64
import io
import logging
import random
from html import escape
from pathlib import Path

from nicegui import run

from ..domain.pulse import SCALE, EnergyPoint
from ..i18n import t
from .theme import TOKENS, beat_class

log = logging.getLogger(__name__)

WIDTH, HEIGHT = 1300, 560
"""The SVG's own units match its size on the big screen's stage, so 34 units of text (the CSS size) are 34 px there."""
LEFT, RIGHT, TOP, BOTTOM = 70, 30, 70, 70
LABEL_GAP = 90
"""Value labels closer than this (in SVG units) alternate above and below their dots."""

CLOUD_FONT = Path('/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf')
"""A bold sans for the cloud when the system has it (Debian's fonts-dejavu-core); else wordcloud's own font.
Both draw æ, ø and å."""
CLOUD_COLOURS = (TOKENS['fg'], '#56B4E9', '#F0E442', '#E69F00', TOKENS['muted'])
"""Light colours on the screen's dark background, each at least 7:1 (the words carry the meaning, not the hue)."""


def decimal(value: float, lang: str, *, signed: bool = False) -> str:
    """'3,8' in Norwegian and '3.8' in English; with a sign (and a real minus) for changes."""
    text = f'{abs(value) if signed else value:.1f}'
    text = text.replace('.', ',') if lang == 'nb' else text
    if signed:
        text = ('+' if value > 0 else '−' if value < 0 else '±') + text
    return text


def energy_svg(points: tuple[EnergyPoint, ...], marks: tuple[tuple[str, int], ...], lang: str) -> str:
    """Planned energy (dashed) and measured mean energy (solid, dots, values) per session on the day's time axis,
    with a coloured band of beats at the bottom and the opening, turning point and commitment marked by name."""
    total = sum(p.minutes for p in points) or 1
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(minute: float) -> float:
        return LEFT + minute / total * plot_w

    def y(energy: float) -> float:
        return TOP + plot_h - (energy - SCALE[0]) / (SCALE[-1] - SCALE[0]) * plot_h

    parts = [
        f'<svg class="energy__chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-label="{escape(t("pulse.energy.title", lang))}" xmlns="http://www.w3.org/2000/svg">'
    ]
    for level in SCALE:
        parts.append(
            f'<line class="energy__grid" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(level):.0f}" y2="{y(level):.0f}"/>'
        )
        parts.append(
            f'<text class="energy__axis" x="{LEFT - 16}" y="{y(level) + 12:.0f}" text-anchor="end">{level}</text>'
        )
    for p in points:
        parts.append(
            f'<rect class="energy__band {beat_class(p.beat)}" x="{x(p.start_minute) + 1:.1f}" '
            f'y="{HEIGHT - BOTTOM + 20}" width="{max(1.0, x(p.start_minute + p.minutes) - x(p.start_minute) - 2):.1f}" '
            'height="18" rx="4"/>'
        )
    for beat, minute in marks:
        label = escape(t(f'beat.{beat}', lang))
        parts.append(
            f'<line class="energy__mark {beat_class(beat)}" x1="{x(minute):.1f}" x2="{x(minute):.1f}" '
            f'y1="{TOP - 20}" y2="{HEIGHT - BOTTOM + 38}"/>'
            f'<text class="energy__mark-label" x="{x(minute) + 8:.1f}" y="{TOP - 28}">{label}</text>'
        )
    planned = ' '.join(f'{x(p.start_minute + p.minutes / 2):.1f},{y(p.planned):.1f}' for p in points)
    parts.append(f'<polyline class="energy__planned" points="{planned}"/>')
    measured = [p for p in points if p.measured is not None]
    if len(measured) > 1:
        line = ' '.join(f'{x(p.start_minute + p.minutes / 2):.1f},{y(p.measured):.1f}' for p in measured)
        parts.append(f'<polyline class="energy__measured" points="{line}"/>')
    last_label_x, below = -LABEL_GAP, False
    for p in measured:
        cx, cy = x(p.start_minute + p.minutes / 2), y(p.measured)
        parts.append(f'<circle class="energy__dot" cx="{cx:.1f}" cy="{cy:.1f}" r="12"/>')
        below = not below if cx - last_label_x < LABEL_GAP else False  # close neighbours: one above, one below
        last_label_x = cx
        parts.append(
            f'<text class="energy__value" x="{cx:.1f}" y="{cy + 50 if below else cy - 24:.1f}" text-anchor="middle">'
            f'{decimal(p.measured, lang)}</text>'
        )
    parts.append('</svg>')
    return ''.join(parts)


def render_word_cloud(frequencies: dict[str, int], width: int, height: int) -> str:
    """The words as a PNG data URL, light on the screen's dark background; words under 32 px are left out."""
    from wordcloud import WordCloud  # imported here: heavy, and only needed when a cloud is drawn

    chooser = random.Random(7)

    def colour(*_args: object, **_kwargs: object) -> str:
        return chooser.choice(CLOUD_COLOURS)

    cloud = WordCloud(
        font_path=str(CLOUD_FONT) if CLOUD_FONT.exists() else None,
        width=width,
        height=height,
        background_color=TOKENS['bg'],
        color_func=colour,
        prefer_horizontal=1.0,
        min_font_size=32,
        max_font_size=min(160, height),
        max_words=40,
        random_state=7,
        margin=12,
    ).generate_from_frequencies(frequencies)
    buffer = io.BytesIO()
    cloud.to_image().save(buffer, format='PNG', optimize=True)
    return 'data:image/png;base64,' + base64.b64encode(buffer.getvalue()).decode('ascii')


class Clouds:
    """Word clouds drawn off the event loop, once per session (a closed pulse's words no longer change)."""

    def __init__(self, width: int = 1300, height: int = 200) -> None:
        self.width, self.height = width, height
        self._drawn: dict[str, asyncio.Future[str | None]] = {}

    async def get(self, session_id: str, frequencies: dict[str, int]) -> str | None:
        """The data URL, or None when there is nothing to draw or drawing failed (logged, never shown)."""
        if not frequencies:
            return None
        future = self._drawn.get(session_id)
        if future is None:
            future = asyncio.ensure_future(self._draw(frequencies))
            self._drawn[session_id] = future
        return await asyncio.shield(future)

    async def _draw(self, frequencies: dict[str, int]) -> str | None:
        try:
            return await run.io_bound(render_word_cloud, frequencies, self.width, self.height)
        except Exception:
            log.exception('word cloud failed')
            return None
