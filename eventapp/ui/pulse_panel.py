"""The pulse on the facilitator panel: open, close and reveal with clear feedback, live participation, the energy
curve always, and a flag with the method's advice when the room's sense of safety falls."""

from __future__ import annotations

from nicegui import ui

from ..domain import run
from ..domain.pulse import CLOSED, OPEN, REVEALED, Pulse, beat_marks
from ..i18n import t
from ..live import Live
from ..pulse import PulseOutcome, PulseService
from .pulse_charts import decimal, energy_svg
from .pulse_screen import energy_legend

STATUS_KEYS = {OPEN: 'pulse.status_open', CLOSED: 'pulse.status_closed', REVEALED: 'pulse.status_revealed'}
"""The panel's status line for each state of the current pulse."""


class PanelPulse:
    def __init__(self, service: PulseService, live: Live, lang: str) -> None:
        self.service, self.live, self.lang = service, live, lang

    def build(self) -> None:
        lang = self.lang
        with ui.element('section').classes('pulse__panel').props('data-testid=pulse-panel').mark('pulse-panel'):
            ui.label(t('pulse.heading', lang)).classes('panel__heading')
            with ui.element('div').classes('pulse__panel-row'):
                self.status = ui.label().classes('pulse__panel-status').props('data-testid=pulse-status')
                self.status.mark('pulse-panel-status')
                self.open = self.button('pulse-open', self.on_open)
                self.close = self.button('pulse-close', lambda: self.done(self.service.close()))
                self.close.text = t('pulse.close', lang)
                self.reveal = self.button('pulse-reveal', lambda: self.done(self.service.reveal()))
                self.reveal.text = t('pulse.reveal', lang)
            self.feedback = ui.label().classes('panel__feedback').props('role=status data-testid=pulse-feedback')
            self.feedback.mark('pulse-feedback')
            with ui.element('div').classes('pulse__panel-grid'):
                with ui.element('div').classes('energy energy--panel'):
                    ui.label(t('pulse.energy.title', lang)).classes('pulse__subheading')
                    self.chart = ui.html('', sanitize=False).classes('energy__box').mark('energy-panel')
                    energy_legend(lang)
                with ui.element('div').classes('pulse__safety'):
                    ui.label(t('pulse.flags_title', lang)).classes('pulse__subheading')
                    self.flags = ui.element('div').props('data-testid=safety-flags').mark('safety-flags')
        self.show_state()
        self.show_results()
        self.service.changed.subscribe(self.on_changed)
        self.service.answered.subscribe(self.show_state)
        self.live.joined.subscribe(self.show_state)
        self.live.run_changed.subscribe(self.show_state)

    def button(self, marker: str, handler) -> ui.button:
        return ui.button(on_click=handler).props(f'unelevated no-caps data-testid={marker}').mark(marker)

    def on_open(self) -> None:
        self.done(self.service.open())

    def done(self, outcome: PulseOutcome) -> None:
        self.feedback.text = t(outcome.key, self.lang)
        if outcome.ok:
            self.feedback.classes(remove='panel__feedback--problem')
        else:
            self.feedback.classes(add='panel__feedback--problem')
        self.show_state()

    def on_changed(self, _pulse: Pulse) -> None:
        self.show_state()
        self.show_results()

    def show_state(self) -> None:
        """Which pulse is where, answered of joined, and what the buttons would do now."""
        lang, service = self.lang, self.service
        pulse = service.current
        if pulse is None:
            self.status.text = t('pulse.status_none', lang)
        else:
            title = service.session(pulse.session_id).title
            now = service.participation(pulse.session_id)
            self.status.text = t(STATUS_KEYS[pulse.status], lang, title=title, answered=now.answered, joined=now.joined)
        state = service.facilitation.state
        running = state.phase == run.RUNNING
        session = service.agenda.sessions[state.index] if running else None
        self.open.text = t('pulse.open_for', lang, title=session.title) if session else t('pulse.open', lang)
        self.open.set_enabled(
            session is not None and not service.has_pulse(session.id) and (pulse is None or pulse.status != OPEN)
        )
        self.close.set_enabled(pulse is not None and pulse.status == OPEN)
        self.reveal.set_enabled(pulse is not None and pulse.status == CLOSED)

    def show_results(self) -> None:
        """The energy curve (every closed pulse, revealed or not) and the safety flags with advice."""
        lang, service = self.lang, self.service
        self.chart.content = energy_svg(service.energy_curve(revealed_only=False), beat_marks(service.agenda), lang)
        self.flags.clear()
        with self.flags:
            flags = service.safety_flags()
            if not flags:
                ui.label(t('pulse.flags_none', lang)).classes('panel__muted')
            for flag in flags:
                title = service.session(flag.session_id).title
                mean = decimal(flag.mean, lang)
                with ui.element('div').classes('pulse__flag').props('role=alert'):
                    if flag.low:
                        ui.label(t('pulse.flag_low', lang, title=title, mean=mean)).classes('pulse__flag-title')
                    if flag.drop is not None:
                        drop = decimal(flag.drop, lang)
                        ui.label(t('pulse.flag_drop', lang, title=title, mean=mean, drop=drop)).classes(
                            'pulse__flag-title'
                        )
                    for advice in flag.advice:
                        ui.label('→ ' + t(advice, lang)).classes('pulse__flag-advice')
