"""The table rounds on the big screen: the table map and "find your table", readable from the back of the room.

At 300 people neither fits one screen, so both page slowly on a timer of the screen page (one timer per big
screen, never one per phone). Text is 36 px and up; the QR corner gives way to the map (CSS).
"""

from __future__ import annotations

from collections.abc import Sequence

from nicegui import ui

from ..i18n import t
from ..rounds import Rounds

TABLES_PER_PAGE = 20
"""Two columns of ten tables: each row 'number  names' at 40 px fits 1,800 px of projector width."""
FEW_TABLES = 6
"""Up to this many tables the map uses one column of larger text."""
NAMES_PER_PAGE = 44
"""Four columns of eleven names."""
PAGE_SECONDS = 10.0
"""Slow enough to find yourself and read your table number before the page turns."""


class Paged:
    """A view that shows one page of rows at a time and turns the page every PAGE_SECONDS."""

    per_page = 1
    testid = ''

    def __init__(self, service: Rounds, lang: str) -> None:
        self.service, self.lang = service, lang
        self.page = 0

    def build(self) -> None:
        with ui.element('div').classes(f'tables tables--{self.testid}'):
            with ui.element('div').classes('tables__head'):
                self.heading = ui.label().classes('tables__heading').props(f'data-testid={self.testid}-heading')
                self.pager = ui.label().classes('tables__pager').props(f'data-testid={self.testid}-page')
            self.body = ui.element('div').classes(f'tables__grid tables__grid--{self.testid}')
            self.body.props(f'data-testid={self.testid}').mark(self.testid)
        self.render()
        self.service.changed.subscribe(self.render)
        self.service.roster_changed.subscribe(self.render)
        ui.timer(PAGE_SECONDS, self.turn)

    def rows(self) -> Sequence:
        raise NotImplementedError

    def turn(self) -> None:
        pages = self.pages(len(self.rows()))
        if pages > 1:
            self.page = (self.page + 1) % pages
            self.render()

    def pages(self, count: int) -> int:
        return max(1, -(-count // self.per_page))

    def render(self) -> None:
        rows = self.rows()
        pages = self.pages(len(rows))
        self.page = min(self.page, pages - 1)
        current = self.service.current
        self.heading.text = (
            t(f'rounds.{self.testid}_title', self.lang, number=current.number)
            if current
            else t('rounds.none_screen', self.lang)
        )
        self.pager.text = t('rounds.page', self.lang, page=self.page + 1, pages=pages) if pages > 1 else ''
        self.body.clear()
        with self.body:
            self.fill(rows[self.page * self.per_page : (self.page + 1) * self.per_page])

    def fill(self, rows: Sequence) -> None:
        raise NotImplementedError


class ScreenTables(Paged):
    """The table map: each table's number with the first names at it."""

    per_page = TABLES_PER_PAGE
    testid = 'tables'

    def rows(self) -> list[tuple[int, list[str]]]:
        return self.service.table_map()

    def fill(self, rows: Sequence[tuple[int, list[str]]]) -> None:
        few = len(self.rows()) <= FEW_TABLES  # a small room gets one column of larger text
        self.body.classes(add='tables__grid--few') if few else self.body.classes(remove='tables__grid--few')
        guest = t('rounds.guest', self.lang)
        for number, names in rows:
            with ui.element('div').classes('tables__row'):
                ui.label(str(number)).classes('tables__number')
                ui.label(' · '.join(name or guest for name in names)).classes('tables__names')


class ScreenFinder(Paged):
    """Find your table: names alphabetically, each with its table number."""

    per_page = NAMES_PER_PAGE
    testid = 'find'

    def rows(self) -> list[tuple[str, int]]:
        return self.service.finder()

    def fill(self, rows: Sequence[tuple[str, int]]) -> None:
        for name, number in rows:
            with ui.element('div').classes('tables__entry'):
                ui.label(name).classes('tables__name')
                ui.label(t('rounds.table', self.lang, number=number)).classes('tables__at')
