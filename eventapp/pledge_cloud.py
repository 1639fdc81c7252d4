"""The word cloud of pledge texts as a PNG: a pure function, slow enough (0.2-1 s) to run off the event loop.

Two looks: light words on the big screen's dark background, dark words on white for the printed report. Colours
alternate between two tones of high contrast; the cloud carries no meaning by colour, only by size.
"""

from __future__ import annotations

import io

SCREEN_LOOK = ('#0B1020', ('#F5F7FA', '#FFD27A', '#9FD4F5'))
PRINT_LOOK = ('#FFFFFF', ('#111827', '#1D4ED8', '#7A2E5C'))


def cloud_png(
    frequencies: dict[str, int], *, width: int, height: int, look: tuple[str, tuple[str, ...]], min_font: int = 32
) -> bytes | None:
    """The words sized by frequency, or None when there is nothing to draw."""
    if not frequencies:
        return None
    from wordcloud import WordCloud  # heavy: imported only when a cloud is drawn

    background, colours = look

    def colour(word: str, **_kwargs: object) -> str:
        return colours[sum(map(ord, word)) % len(colours)]

    cloud = WordCloud(
        width=width,
        height=height,
        background_color=background,
        color_func=colour,
        prefer_horizontal=1.0,
        min_font_size=min_font,
        max_font_size=max(min_font, min(150, height // 2)),
        max_words=40,
        random_state=11,
        margin=10,
    ).generate_from_frequencies(frequencies)
    buffer = io.BytesIO()
    cloud.to_image().save(buffer, format='PNG', optimize=True)
    return buffer.getvalue()
