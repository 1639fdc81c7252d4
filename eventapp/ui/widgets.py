"""Small pieces shared by the surfaces: countdown, QR card, dramaturgy strip."""

from __future__ import annotations

from pathlib import Path

from nicegui import ui

from ..domain.agenda import Agenda
from ..i18n import t
from ..live import RunView
from ..media import energy_points, qr_svg
from .theme import beat_class


class Countdown(ui.element, component=Path(__file__).parent / 'countdown.js'):
    """A countdown that ticks in the browser from the seconds the server sent (see countdown.js)."""

    def __init__(self, lang: str) -> None:
        super().__init__()
        self._props['words'] = {
            'soon': t('countdown.soon', lang),
            'over': t('countdown.over', lang),
            'paused': t('countdown.paused', lang),
        }
        self._stamp = 0

    def show(self, view: RunView) -> None:
        """Point the countdown at the current session (or stop it when nothing is running)."""
        self._stamp += 1
        self._props['remaining'] = view.remaining
        self._props['running'] = view.state.phase == 'running' and not view.state.paused
        self._props['stamp'] = self._stamp if view.state.phase == 'running' else 0
        self.update()


class SessionNow:
    """The running session as the big screen shows it: beat, title, countdown, the session's text and what comes
    next. Hidden when nothing runs. (The phone shows the same as one element: phone_now.js.)"""

    def __init__(self, agenda: Agenda, lang: str, *, surface: str) -> None:
        self.agenda, self.lang, self.surface = agenda, lang, surface
        with ui.element('div').classes(f'{surface}__now') as self.box:
            self.beat = ui.label().classes('beat-chip').props('data-testid=beat').mark('beat')
            self.title = (
                ui.label().classes(f'{surface}__title').props('data-testid=session-title').mark('session-title')
            )
            self.countdown = Countdown(lang).classes(f'{surface}__countdown').props('data-testid=countdown')
            self.countdown.mark('countdown')
            self.text = ui.label().classes(f'{surface}__text')
            self.up_next = ui.label().classes(f'{surface}__next')

    def show(self, view: RunView) -> None:
        state, sessions = view.state, self.agenda.sessions
        self.box.set_visibility(state.phase == 'running')
        if state.phase == 'running':
            session = sessions[state.index]
            self.beat.text = beat_label(session.beat, self.lang)
            self.beat.classes(replace=f'beat-chip {beat_class(session.beat)}')
            self.title.text = session.title
            self.text.text = session.screen_text
            following = sessions[state.index + 1] if state.index + 1 < len(sessions) else None
            self.up_next.text = t(f'{self.surface}.next', self.lang, title=following.title) if following else ''
        self.countdown.show(view)


def qr_card(join_url: str, short_url: str, code: str, lang: str) -> ui.element:
    """The join QR with the short link and the event code to type."""
    with ui.element('div').classes('qr-card') as card:
        ui.html(qr_svg(join_url), sanitize=False).classes('qr-card__code').props('data-testid=join-qr').mark('join-qr')
        ui.label(t('screen.join_at', lang)).classes('qr-card__hint')
        ui.label(short_url).classes('qr-card__url')
        ui.label(t('screen.code', lang, code=code)).classes('qr-card__pin').props('data-testid=event-code').mark(
            'event-code'
        )
    return card


def beat_label(beat: str, lang: str) -> str:
    return t(f'beat.{beat}', lang)


class DramaturgyStrip:
    """The whole day in order: sessions sized by minutes, beats coloured and named, the current one highlighted,
    planned energy as a curve above."""

    def __init__(self, agenda: Agenda, lang: str) -> None:
        self.blocks: list[ui.element] = []
        total = agenda.total_minutes
        energies = [s.energy for s in agenda.sessions]
        minutes = [s.minutes for s in agenda.sessions]
        with ui.element('div').classes('strip'):
            ui.html(
                '<svg class="strip__energy" viewBox="0 0 1000 100" preserveAspectRatio="none" aria-hidden="true">'
                f'<polyline points="{energy_points(energies, minutes)}" /></svg>',
                sanitize=False,
            )
            with ui.element('div').classes('strip__row'):
                for session in agenda.sessions:
                    block = ui.element('div').classes(f'strip__block {beat_class(session.beat)}')
                    block.style(f'flex-grow: {session.minutes / total * 1000:.0f}')
                    block.props(f'title="{beat_label(session.beat, lang)}"')
                    self.blocks.append(block)
            with ui.element('div').classes('strip__legend'):
                for beat in dict.fromkeys(s.beat for s in agenda.sessions):
                    with ui.element('span').classes(f'strip__key {beat_class(beat)}'):
                        ui.label(beat_label(beat, lang))
                with ui.element('span').classes('strip__key strip__key--energy'):
                    ui.label(t('screen.planned_energy', lang))

    def show(self, view: RunView) -> None:
        for i, block in enumerate(self.blocks):
            block.classes(
                add='strip__block--now'
            ) if i == view.state.index and view.state.phase == 'running' else block.classes(remove='strip__block--now')
            block.classes(
                add='strip__block--done'
            ) if i < view.state.index or view.state.phase == 'finished' else block.classes(remove='strip__block--done')
