"""The facilitator's control panel: run of show at a glance, the next action as the biggest button."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from fastapi import Request
from nicegui import ui

from ..access import Gate
from ..domain.agenda import Agenda
from ..domain.run import planned_starts
from ..facilitation import Facilitation
from ..i18n import clock_time, long_date, t
from ..joining import Joining
from ..live import Live, RunView
from .access_page import admit
from .features import SESSION_VIEW, Feature
from .keys import clicker_keys
from .theme import beat_class, frame
from .widgets import Countdown, beat_label


@dataclass(frozen=True, kw_only=True, slots=True)
class FacilitatorDeps:
    agenda: Agenda
    live: Live
    facilitation: Facilitation
    joining: Joining
    gate: Gate
    screen_url: str
    join_url: str
    features: tuple[Feature, ...] = ()
    rehearsal: bool = False
    """The database is a rehearsal: every page says so."""


def register(deps: FacilitatorDeps) -> None:
    @ui.page('/facilitator')
    async def facilitator(request: Request, k: str = '') -> None:
        if not await admit(deps.gate, k, request, deps.agenda.event.language):
            return
        Panel(deps).build()


class Panel:
    def __init__(self, deps: FacilitatorDeps) -> None:
        self.deps = deps
        self.agenda = deps.agenda
        self.lang = deps.agenda.event.language
        self.seen_version = deps.facilitation.state.version

    def build(self) -> None:
        agenda, lang = self.agenda, self.lang
        title = t('panel.title', lang, event=agenda.event.title)
        with frame('facilitator', title=title, lang=lang, rehearsal=self.deps.rehearsal):
            with ui.element('header').classes('panel__top'):
                ui.label(agenda.event.title).classes('panel__event')
                ui.label(long_date(agenda.event.date, lang)).classes('panel__muted')
                self.joined = ui.label().classes('panel__joined').props('data-testid=joined').mark('joined')
                ui.link(t('panel.open_screen', lang), self.deps.screen_url, new_tab=True).props(
                    'data-testid=screen-link'
                ).mark('screen-link').classes('panel__link')
            with ui.element('section').classes('panel__now'):
                with ui.element('div').classes('panel__current'):
                    self.phase = ui.label().classes('panel__phase').props('data-testid=phase').mark('phase')
                    self.title = (
                        ui.label().classes('panel__title').props('data-testid=current-title').mark('current-title')
                    )
                    self.countdown = (
                        Countdown(lang).classes('panel__countdown').props('data-testid=countdown').mark('countdown')
                    )
                    self.overrun = ui.label().classes('panel__overrun').props('data-testid=overrun').mark('overrun')
                with ui.element('div').classes('panel__controls'):
                    self.primary = (
                        ui.button(on_click=self.on_primary)
                        .props('unelevated no-caps size=xl data-testid=primary')
                        .mark('primary')
                        .classes('panel__primary')
                    )
                    with ui.element('div').classes('panel__secondary'):
                        self.previous = self.small_button('panel.previous', 'previous')
                        self.pause = (
                            ui.button(on_click=self.on_pause).props('outline no-caps data-testid=pause').mark('pause')
                        )
                        self.extend = self.small_button('panel.extend', 'extend')
                    self.feedback = (
                        ui.label().classes('panel__feedback').props('role=status data-testid=feedback').mark('feedback')
                    )
            self.screen_views()
            for section in (s for feature in self.deps.features for s in feature.panel_sections):
                section(lang)
            ui.label(t('panel.run_of_show', lang)).classes('panel__heading')
            self.table = ui.element('div').classes('panel__table').props('data-testid=run-of-show').mark('run-of-show')
            clicker_keys(lambda: self.act('next'), lambda: self.act('previous'))

        self.show(self.deps.facilitation.view())
        self.show_joined(self.deps.joining.count)
        self.deps.live.run_changed.subscribe(self.show)
        self.deps.live.joined.subscribe(self.show_joined)

    def screen_views(self) -> None:
        """One button per view the big screen can show; the one on screen now is filled."""
        views = [(SESSION_VIEW, 'screen_view.session')]
        views += [(v.name, v.label_key) for feature in self.deps.features for v in feature.screen_views]
        if len(views) < 2:
            return
        buttons: dict[str, ui.button] = {}
        with ui.element('div').classes('panel__views'):
            ui.label(t('screen_view.label', self.lang)).classes('panel__muted')
            for name, key in views:
                buttons[name] = (
                    ui.button(t(key, self.lang), on_click=lambda name=name: self.deps.facilitation.show_on_screen(name))
                    .props(f'no-caps data-testid=view-{name}')
                    .mark(f'view-{name}')
                )

        def show_view(current: str) -> None:
            for name, button in buttons.items():
                on = name == current
                button.props(remove='outline' if on else 'unelevated', add='unelevated' if on else 'outline')

        show_view(self.deps.facilitation.screen_view)
        self.deps.live.screen_view_changed.subscribe(show_view)

    def small_button(self, key: str, action: str) -> ui.button:
        return (
            ui.button(t(key, self.lang), on_click=lambda: self.act(action))
            .props(f'outline no-caps data-testid={action}')
            .mark(f'{action}')
        )

    # --- actions ----------------------------------------------------------------------------------

    def act(self, action: str, index: int | None = None) -> None:
        outcome = self.deps.facilitation.act(action, seen_version=self.seen_version, index=index)
        if not outcome.ok:
            self.feedback.text = t(outcome.key, self.lang)
            self.feedback.classes(add='panel__feedback--problem')
            self.show(self.deps.facilitation.view())
            return
        self.feedback.classes(remove='panel__feedback--problem')
        self.feedback.text = t(outcome.key, self.lang)

    def on_primary(self) -> None:
        state = self.deps.facilitation.state
        if state.phase == 'running' and state.index == len(self.agenda.sessions) - 1:
            self.confirm(t('panel.confirm_finish', self.lang), lambda: self.act('next'))
        else:
            self.act('next')

    def on_pause(self) -> None:
        self.act('resume' if self.deps.facilitation.state.paused else 'pause')

    def confirm(self, question: str, then) -> None:
        with ui.dialog() as dialog, ui.card():
            ui.label(question).classes('text-lg')
            with ui.row():
                ui.button(t('panel.cancel', self.lang), on_click=dialog.close).props('flat no-caps')

                def yes() -> None:
                    dialog.close()
                    then()

                ui.button(t('panel.yes', self.lang), on_click=yes).props(
                    'unelevated no-caps data-testid=confirm-yes'
                ).mark('confirm-yes')
        dialog.open()

    # --- showing ----------------------------------------------------------------------------------

    def show(self, view: RunView) -> None:
        state, lang, sessions = view.state, self.lang, self.agenda.sessions
        self.seen_version = state.version
        running = state.phase == 'running'
        if state.phase == 'before':
            self.phase.text = t('panel.before', lang)
            self.title.text = sessions[0].title
            self.primary.text = t('panel.start', lang)
        elif running:
            self.phase.text = t('panel.session_of', lang, n=state.index + 1, total=len(sessions)) + (
                ' · ' + t('countdown.paused', lang) if state.paused else ''
            )
            self.title.text = sessions[state.index].title
            last = state.index == len(sessions) - 1
            self.primary.text = (
                t('panel.finish', lang) if last else t('panel.next', lang, title=sessions[state.index + 1].title)
            )
        else:
            self.phase.text = t('panel.finished', lang)
            self.title.text = ''
            self.primary.text = t('panel.finished', lang)
        self.primary.set_enabled(state.phase != 'finished')
        self.previous.set_enabled(state.phase == 'finished' or (running and state.index > 0))
        self.pause.set_enabled(running)
        self.extend.set_enabled(running)
        self.pause.text = t('panel.resume', lang) if state.paused else t('panel.pause', lang)
        self.overrun.text = self.overrun_text(view) if running else ''
        self.countdown.show(view)
        self.render_table(view)

    def overrun_text(self, view: RunView) -> str:
        if view.overrun > 0:
            return t('panel.behind', self.lang, minutes=view.overrun)
        if view.overrun < 0:
            return t('panel.ahead', self.lang, minutes=-view.overrun)
        return t('panel.on_time', self.lang)

    def render_table(self, view: RunView) -> None:
        agenda, lang, state = self.agenda, self.lang, view.state
        tz = agenda.event.tz
        self.table.clear()
        with self.table:
            for key in (
                'panel.col_planned',
                'panel.col_actual',
                'panel.col_session',
                'panel.col_beat',
                'panel.col_minutes',
                '',
            ):
                ui.label(t(key, lang) if key else '').classes('panel__th')
            for i, (session, planned) in enumerate(zip(agenda.sessions, planned_starts(state, agenda), strict=True)):
                now = state.phase == 'running' and i == state.index
                row = 'panel__td panel__td--now' if now else 'panel__td'
                actual = state.actual_starts.get(session.id)
                ui.label(clock_time(planned.astimezone(tz), lang)).classes(row)
                ui.label(self.actual_text(actual, planned, tz)).classes(row)
                ui.label(session.title).classes(row)
                with ui.element('div').classes(row):
                    ui.label(beat_label(session.beat, lang)).classes(
                        f'beat-chip beat-chip--small {beat_class(session.beat)}'
                    )
                ui.label(str(session.minutes + (state.extra_minutes if now else 0))).classes(row)
                with ui.element('div').classes(row):
                    if not now:
                        ui.button(t('panel.go', lang), on_click=lambda i=i: self.act('jump', i)).props(
                            f'flat dense no-caps data-testid=jump-{session.id}'
                        ).mark(f'jump-{session.id}')

    def actual_text(self, actual: dt.datetime | None, planned: dt.datetime, tz) -> str:
        if actual is None:
            return '–'
        local = actual.astimezone(tz)
        delta = round((actual - planned).total_seconds() / 60)
        sign = '+' if delta > 0 else ''
        return f'{clock_time(local, self.lang)} ({sign}{delta})' if delta else clock_time(local, self.lang)

    def show_joined(self, count: int) -> None:
        self.joined.text = t('panel.joined', self.lang, count=count)
