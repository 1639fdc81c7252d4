"""The pledge wall on the big screen: cards arrive live, a count per goal, and a word cloud of the pledge texts.

Only the newest cards fit at a size readable from 10 m; every pledge still counts. A card shows the name only when
the person chose it, else "Anonym"; the goal is its colour plus its number and name. Cards and counts are redrawn at
once for a lone pledge and at most once a second while the room pledges (never inside each saver's handler); the
cloud is drawn off the event loop and at most once every few seconds, however fast pledges arrive.
"""

from __future__ import annotations

import asyncio
import base64
import logging
import time

from nicegui import background_tasks, run, ui

from ..domain.agenda import Agenda
from ..domain.pledges import Pledge, word_frequencies
from ..i18n import t
from ..pledge_cloud import SCREEN_LOOK, cloud_png
from ..pledging import SAVED, Change, Pledging
from .coalesce import Coalesced
from .goals import goal_class, goal_mark, goal_number

log = logging.getLogger(__name__)

VIEW = 'wall'
CARDS = 4
"""Cards on the wall at once: four at 36 px text fill the space beside the QR code without crowding it."""
CLOUD_INTERVAL = 3.0
"""Seconds between word-cloud redraws while pledges stream in."""


class Wall:
    """One big screen's wall. Subscribes to the service; redraws only what changed."""

    def __init__(self, service: Pledging, agenda: Agenda, lang: str) -> None:
        self.service, self.agenda, self.lang = service, agenda, lang
        self._cloud_due = 0.0
        self._cloud_task: asyncio.Task | None = None

    def build(self) -> None:
        lang = self.lang
        with ui.element('div').classes('wall').props('data-testid=wall').mark('wall'):
            with ui.element('div').classes('wall__top'):
                ui.label(t('wall.title', lang)).classes('wall__title')
                self.total = ui.label().classes('wall__total').props('data-testid=wall-total').mark('wall-total')
            with ui.element('div').classes('wall__body'):
                with ui.element('div').classes('wall__cards'):
                    self.empty = ui.label(t('wall.empty', lang)).classes('wall__empty')
                    self.cards = ui.element('div').classes('wall__grid').props('data-testid=wall-cards')
                    self.cards.mark('wall-cards')
                with ui.element('div').classes('wall__side'):
                    self.counts: dict[str, ui.label] = {}
                    for goal in self.agenda.goals:
                        with ui.element('div').classes(f'wall__count {goal_class(goal_number(self.agenda, goal.id))}'):
                            goal_mark(self.agenda, goal.id, lang, size='small')
                            self.counts[goal.id] = (
                                ui.label().classes('wall__number').props(f'data-testid=wall-count-{goal.id}')
                            )
                            self.counts[goal.id].mark(f'wall-count-{goal.id}')
                    self.cloud = (
                        ui.image().classes('wall__cloud').props(f'alt="{t("wall.cloud_alt", lang)}" no-spinner')
                    )
        self._shown: list[Pledge] = []
        self.show()
        redraw = Coalesced(self.cards, self.show, at_once=self.by_facilitator)
        self.service.changed.subscribe(redraw.notify)

    @staticmethod
    def by_facilitator(change: object) -> bool:
        """A card hidden or shown again by the facilitator leaves or comes back at once; pledges are folded."""
        return isinstance(change, Change) and change.kind != SAVED

    def show(self) -> None:
        """Counts, the newest cards (only if they changed: a new, edited or hidden card) and, soon, the cloud."""
        self.show_counts()
        if self.service.wall()[-CARDS:] != self._shown:
            self.show_cards()
        self.schedule_cloud()

    def show_cards(self) -> None:
        """The newest cards, newest first; a card that was already there is rebuilt without the arrival motion."""
        wall = self.service.wall()[-CARDS:]
        before = {p.id for p in self._shown}
        self.cards.clear()
        with self.cards:
            for pledge in reversed(wall):
                self._card(pledge, arriving=pledge.id not in before)
        self._shown = wall
        self.empty.set_visibility(not wall)

    def _card(self, pledge: Pledge, *, arriving: bool) -> None:
        number = goal_number(self.agenda, pledge.goal_id)
        motion = ' wall__card--new' if arriving else ''
        with (
            ui.element('article')
            .classes(f'wall__card {goal_class(number)}{motion}')
            .props(f'data-testid=wall-card-{pledge.id}')
        ):
            goal_mark(self.agenda, pledge.goal_id, self.lang, size='small')
            ui.label(pledge.text).classes('wall__text')
            ui.label(pledge.shown_name or t('wall.anonymous', self.lang)).classes('wall__who')

    def show_counts(self) -> None:
        counts = self.service.counts()
        for goal_id, label in self.counts.items():
            label.text = t('wall.count', self.lang, count=counts.get(goal_id, 0))
        self.total.text = t('wall.total', self.lang, count=sum(counts.values()))

    def schedule_cloud(self) -> None:
        """Redraw the cloud soon; pledges arriving meanwhile join the same redraw."""
        if self._cloud_task is not None and not self._cloud_task.done():
            return
        self._cloud_task = background_tasks.create(self._draw_cloud(), name='pledge wall cloud')

    async def _draw_cloud(self) -> None:
        wait = self._cloud_due - time.monotonic()
        if wait > 0:
            await asyncio.sleep(wait)
        self._cloud_due = time.monotonic() + CLOUD_INTERVAL
        frequencies = word_frequencies(p.text for p in self.service.wall())
        try:
            png = await run.io_bound(cloud_png, frequencies, width=460, height=300, look=SCREEN_LOOK, min_font=32)
        except Exception:
            log.exception('pledge word cloud failed')
            return
        if self.cloud.is_deleted:
            return
        self.cloud.set_source(f'data:image/png;base64,{base64.b64encode(png).decode()}' if png else '')
        self.cloud.set_visibility(bool(png))
