"""The big screen's question view: the top questions by votes re-ordering live, the highlighted one in large type.

Rows are kept per question and moved with a CSS transform (a calm 300 ms transition), so a new vote slides a
question up instead of redrawing the list; a hidden question's row is removed at once.
"""

from __future__ import annotations

from nicegui import ui

from ..i18n import t
from ..questions import Board, Change, Questions

TOP = 5
TOP_WITH_HIGHLIGHT = 3
ROW_HEIGHT = 132
"""Pixels per row: two lines of 40 px text with room to breathe; rows are positioned by rank times this."""


class ScreenQuestions:
    def __init__(self, service: Questions, lang: str) -> None:
        self.service = service
        self.lang = lang
        self.rows: dict[int, tuple[ui.element, ui.label, ui.label]] = {}
        """Per question on the board: the row, its vote count and the word under it (stemme/stemmer)."""

    def build(self) -> None:
        lang = self.lang
        with ui.element('div').classes('q-screen').mark('q-screen'):
            with ui.element('div').classes('q-screen__head'):
                ui.label(t('questions.screen_title', lang)).classes('q-screen__title')
                self.counts = ui.label().classes('q-screen__counts').props('data-testid=q-screen-counts')
                self.counts.mark('q-screen-counts')
            self.highlight_box = ui.element('div').classes('q-screen__highlight')
            with self.highlight_box:
                ui.label(t('questions.screen_highlight', lang)).classes('q-screen__kicker')
                self.highlight = (
                    ui.label().classes('q-screen__big').props('data-testid=q-highlight').mark('q-highlight')
                )
            self.empty = ui.label(t('questions.screen_empty', lang)).classes('q-screen__empty')
            self.list = ui.element('div').classes('q-board').props('data-testid=q-board').mark('q-board')
        self.show(self.service.board)
        self.service.changed.subscribe(self.on_change)

    def on_change(self, change: Change) -> None:
        self.show(change.board)

    def show(self, board: Board) -> None:
        lang = self.lang
        shown_count = sum(board.counts[s] for s in ('visible', 'answered'))
        parts = [t('questions.screen_count', lang, count=shown_count)]
        if board.counts['hidden']:
            parts.append(t('questions.screen_hidden', lang, count=board.counts['hidden']))
        self.counts.text = ' · '.join(parts)
        highlighted = board.highlighted
        self.highlight_box.set_visibility(highlighted is not None)
        self.highlight.text = highlighted.text if highlighted else ''
        limit = TOP_WITH_HIGHLIGHT if highlighted else TOP
        top = [q for q in board.top if not highlighted or q.id != highlighted.id][:limit]
        self.empty.set_visibility(not top and not highlighted)
        for question_id in [qid for qid in self.rows if qid not in {q.id for q in top}]:
            self.rows.pop(question_id)[0].delete()
        self.list.style(f'height: {len(top) * ROW_HEIGHT}px')
        for rank, question in enumerate(top):
            if question.id not in self.rows:
                with self.list, ui.element('div').classes('q-row').props('data-testid=q-row') as row:
                    with ui.element('div').classes('q-row__votes'):
                        count = ui.label().classes('q-row__count').props('data-testid=q-row-votes')
                        word = ui.label().classes('q-row__word')
                    ui.label(question.text).classes('q-row__text').props('data-testid=q-row-text')
                self.rows[question.id] = (row, count, word)
            row, count, word = self.rows[question.id]
            count.text = str(question.votes)
            word.text = t('questions.votes_one' if question.votes == 1 else 'questions.votes_many', lang)
            row.style(f'transform: translateY({rank * ROW_HEIGHT}px)')
