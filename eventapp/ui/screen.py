"""The big screen: read-only, driven by the live state, readable from the back of the room."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import Request
from nicegui import ui

from ..access import Gate
from ..domain.agenda import Agenda
from ..facilitation import Facilitation
from ..i18n import clock_time, long_date, t
from ..joining import Joining
from ..live import Live, RunView
from .access_page import admit
from .features import SESSION_VIEW, Feature
from .keys import clicker_keys
from .theme import frame
from .widgets import DramaturgyStrip, SessionNow, qr_card


@dataclass(frozen=True, kw_only=True, slots=True)
class ScreenDeps:
    agenda: Agenda
    live: Live
    facilitation: Facilitation
    joining: Joining
    gate: Gate
    join_url: str
    short_url: str
    features: tuple[Feature, ...] = ()
    rehearsal: bool = False
    """The database is a rehearsal: every page says so."""


def register(deps: ScreenDeps) -> None:
    agenda = deps.agenda
    lang = agenda.event.language

    @ui.page('/screen')
    async def screen(request: Request, k: str = '') -> None:
        if not await admit(deps.gate, k, request, lang):
            return
        with frame('screen', title=f'{agenda.event.title}', lang=lang, rehearsal=deps.rehearsal):
            with ui.element('header').classes('screen__top'):
                ui.label(agenda.event.title).classes('screen__event')
                joined = ui.label().classes('screen__joined').props('data-testid=joined').mark('joined')
            with ui.element('section').classes('screen__stage'):
                session_view = ui.element('div').classes('screen__focus')
                views = {SESSION_VIEW: session_view}
                for view in (v for feature in deps.features for v in feature.screen_views):
                    with ui.element('div').classes('screen__focus') as views[view.name]:
                        view.build(lang)
                with session_view:
                    welcome = ui.element('div').classes('screen__welcome')
                    with welcome:
                        ui.label(t('screen.welcome', lang)).classes('screen__headline')
                        ui.label(
                            t(
                                'screen.starts_at',
                                lang,
                                day=long_date(agenda.event.date, lang),
                                time=clock_time(agenda.event.start, lang),
                            )
                        ).classes('screen__sub')
                    now = SessionNow(agenda, lang, surface='screen')
                    done = ui.element('div').classes('screen__welcome')
                    with done:
                        ui.label(t('screen.thanks', lang)).classes('screen__headline')
                        ui.label(t('screen.thanks_sub', lang)).classes('screen__sub')
                qr_card(deps.join_url, deps.short_url, deps.joining.code, lang)
            strip = DramaturgyStrip(agenda, lang)

        def show_run(view: RunView) -> None:
            welcome.set_visibility(view.state.phase == 'before')
            done.set_visibility(view.state.phase == 'finished')
            now.show(view)
            strip.show(view)

        def show_view(name: str) -> None:
            for view_name, container in views.items():
                container.set_visibility(view_name == name)

        def clicker(action: str) -> None:
            deps.facilitation.act(action, seen_version=deps.facilitation.state.version)

        clicker_keys(lambda: clicker('next'), lambda: clicker('previous'))

        def show_joined(count: int) -> None:
            joined.text = t('screen.joined', lang, count=count)

        show_run(deps.facilitation.view())
        show_joined(deps.joining.count)
        deps.live.run_changed.subscribe(show_run)
        show_view(deps.facilitation.screen_view)
        deps.live.joined.subscribe(show_joined)
        deps.live.screen_view_changed.subscribe(show_view)
