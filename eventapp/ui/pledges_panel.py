"""The pledges on the facilitator panel: counts, close pledging, close the event (asked once), hide a card, and the
follow-up export as a download (gathered on the loop, written off it)."""

from __future__ import annotations

import logging

from nicegui import run, ui

from ..domain.agenda import Agenda
from ..domain.pledges import Pledge
from ..exporting import Exporter, folder_name, zip_bytes
from ..i18n import t
from ..pledging import SAVED, PledgeState, Pledging
from .coalesce import Coalesced
from .goals import goal_mark

log = logging.getLogger(__name__)

LISTED = 30
"""Newest pledges listed with a hide button; the panel is glanced at, not read through."""


class PanelPledges:
    def __init__(self, service: Pledging, exporter: Exporter, agenda: Agenda, lang: str) -> None:
        self.service, self.exporter, self.agenda, self.lang = service, exporter, agenda, lang

    def build(self) -> None:
        lang = self.lang
        with ui.element('section').classes('pledge__panel').props('data-testid=pledge-panel').mark('pledge-panel'):
            with ui.element('div').classes('pledge__panel-top'):
                ui.label(t('export.panel_title', lang)).classes('panel__heading')
                self.summary = ui.label().classes('pledge__panel-summary').props('data-testid=pledge-summary')
                self.summary.mark('pledge-summary')
            with ui.element('div').classes('pledge__panel-actions'):
                self.close_pledging = (
                    ui.button(t('export.close_pledging', lang), on_click=self.on_close_pledging)
                    .props('outline no-caps data-testid=close-pledging')
                    .mark('close-pledging')
                )
                self.close_event = (
                    ui.button(t('export.close_event', lang), on_click=self.on_close_event)
                    .props('outline no-caps color=negative data-testid=close-event')
                    .mark('close-event')
                )
                self.download = (
                    ui.button(t('export.download', lang), icon='download', on_click=self.on_download)
                    .props('unelevated no-caps data-testid=export-download')
                    .mark('export-download')
                )
            self.feedback = ui.label().classes('panel__feedback').props('role=status data-testid=pledge-feedback')
            self.feedback.mark('pledge-feedback')
            self.list = ui.element('div').classes('pledge__panel-list').props('data-testid=pledge-list')
        self.show_state(self.service.state)
        self.show_list()
        redraw = Coalesced(self.list, self.show_list, at_once=lambda change: change.kind != SAVED)  # type: ignore[attr-defined]
        self.service.changed.subscribe(redraw.notify)
        self.service.state_changed.subscribe(self.show_state)

    def show_list(self) -> None:
        pledges = self.service.pledges()
        on_wall = sum(1 for p in pledges if p.on_wall)
        self.summary.text = t('export.summary', self.lang, count=len(pledges), wall=on_wall)
        self.list.clear()
        with self.list:
            for pledge in reversed(pledges[-LISTED:]):
                self._row(pledge)
            if len(pledges) > LISTED:
                ui.label(t('export.more', self.lang, count=len(pledges) - LISTED)).classes('panel__muted')

    def _row(self, pledge: Pledge) -> None:
        lang = self.lang
        with ui.element('div').classes('pledge__panel-row'):
            goal_mark(self.agenda, pledge.goal_id, lang, size='panel')
            ui.label(pledge.text).classes('pledge__panel-text')
            if pledge.wall == 'hidden':
                ui.label(t('export.not_on_wall', lang)).classes('panel__muted')
            elif pledge.hidden:
                ui.button(t('export.show', lang), on_click=lambda p=pledge: self.service.hide(p.id, False)).props(
                    f'flat dense no-caps data-testid=show-{pledge.id}'
                ).mark(f'show-{pledge.id}')
            else:
                ui.button(t('export.hide', lang), on_click=lambda p=pledge: self.service.hide(p.id, True)).props(
                    f'flat dense no-caps data-testid=hide-{pledge.id}'
                ).mark(f'hide-{pledge.id}')

    def show_state(self, state: PledgeState) -> None:
        self.close_pledging.set_enabled(state.pledging_open)
        self.close_event.set_enabled(state.event_open)
        if not state.event_open:
            self.feedback.text = t('export.event_closed', self.lang)
        elif not state.pledging_open:
            self.feedback.text = t('export.pledging_closed', self.lang)

    # --- actions ----------------------------------------------------------------------------------

    def on_close_pledging(self) -> None:
        self.service.close_pledging()

    def on_close_event(self) -> None:
        """Irreversible, so it asks once."""
        with ui.dialog() as dialog, ui.card():
            ui.label(t('export.confirm_close_event', self.lang)).classes('text-lg')
            with ui.row():
                ui.button(t('panel.cancel', self.lang), on_click=dialog.close).props('flat no-caps')

                def yes() -> None:
                    dialog.close()
                    self.service.close_event()

                ui.button(t('panel.yes', self.lang), on_click=yes).props(
                    'unelevated no-caps color=negative data-testid=confirm-close-event'
                ).mark('confirm-close-event')
        dialog.open()

    async def on_download(self) -> None:
        """A rehearsal's export is asked for once: simulated people must not pass for the real day."""
        if not self.exporter.rehearsal:
            await self.export()
            return
        with ui.dialog() as dialog, ui.card():
            ui.label(t('rehearsal.export_confirm', self.lang)).classes('text-lg')
            with ui.row():
                ui.button(t('panel.cancel', self.lang), on_click=dialog.close).props('flat no-caps').mark(
                    'cancel-export-rehearsal'
                )

                async def yes() -> None:
                    dialog.close()
                    await self.export()

                ui.button(t('rehearsal.export_download', self.lang), on_click=yes).props(
                    'unelevated no-caps data-testid=confirm-export-rehearsal'
                ).mark('confirm-export-rehearsal')
        dialog.on_value_change(lambda event: None if event.value else dialog.delete())  # asked anew each time
        dialog.open()

    async def export(self) -> None:
        self.download.disable()
        self.feedback.text = t('export.preparing', self.lang)
        try:
            data = self.exporter.gather()
            content = await run.io_bound(zip_bytes, data)
        except Exception:
            log.exception('export failed')
            self.feedback.text = t('export.failed', self.lang)
            return
        finally:
            self.download.enable()
        ui.download.content(content, f'{folder_name(data)}.zip', 'application/zip')
        self.feedback.text = t('export.ready', self.lang)
