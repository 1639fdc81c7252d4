"""The pulse feature on the three surfaces, and the phone's part of it.

A phone gets only state changes (open, closed): its section is a dozen elements, built when a pulse opens and
answerable with the thumb in seconds: one row of five large buttons per statement, an optional word, one Send.
"Saved" appears only after the store committed. Live numbers go to the big screen and the panel, never to phones.
"""

from __future__ import annotations

from nicegui import ui

from ..domain.pulse import CLOSED, OPEN, SCALE, Pulse
from ..domain.words import WORD_MAX
from ..i18n import t
from ..live import Live
from ..pulse import PulseService
from .features import Feature, PhoneContext, ScreenView
from .pulse_charts import Clouds
from .pulse_panel import PanelPulse
from .pulse_screen import ScreenEnergy, ScreenPulse

PULSE_VIEW, ENERGY_VIEW = 'pulse', 'energy'


def feature(*, service: PulseService, live: Live) -> Feature:
    """The pulse's phone section, its two big-screen views and its panel section."""
    clouds = Clouds()
    return Feature(
        phone_sections=(lambda context: PhonePulse(service, context).build(),),
        screen_views=(
            ScreenView(
                name=PULSE_VIEW,
                label_key='pulse.view_pulse',
                build=lambda lang: ScreenPulse(service, live, clouds, lang).build(),
            ),
            ScreenView(
                name=ENERGY_VIEW,
                label_key='pulse.view_energy',
                build=lambda lang: ScreenEnergy(service, lang).build(),
            ),
        ),
        panel_sections=(lambda lang: PanelPulse(service, live, lang).build(),),
    )


class PhonePulse:
    """One phone's pulse: the form while a pulse is open, a short 'closed' note once it closes."""

    def __init__(self, service: PulseService, context: PhoneContext) -> None:
        self.service = service
        self.pid = context.participant.id
        self.lang = context.lang
        self.session_id: str | None = None

    def build(self) -> None:
        self.box = (
            ui.element('section').classes('pulse pulse--focus').props('data-testid=pulse-form').mark('pulse-form')
        )
        self.note = ui.label().classes('pulse__note').props('role=status data-testid=pulse-note').mark('pulse-note')
        self.show(self.service.current)
        self.service.changed.subscribe(self.show)

    def show(self, pulse: Pulse | None) -> None:
        """Follow the pulse's state; the form is built only when a new pulse opens."""
        is_open = pulse is not None and pulse.status == OPEN
        if is_open and pulse.session_id != self.session_id:
            self.form(pulse)
        elif not is_open and self.session_id is not None:
            self.box.clear()
            self.session_id = None
        self.box.set_visibility(is_open)
        title = self.service.session(pulse.session_id).title if pulse else ''
        closed = pulse is not None and pulse.status == CLOSED
        self.note.text = t('pulse.closed_note', self.lang, title=title) if closed else ''
        self.note.set_visibility(closed)

    def form(self, pulse: Pulse) -> None:
        lang, session_id = self.lang, pulse.session_id
        self.session_id = session_id
        before = self.service.response(session_id, self.pid)
        values, word_before = before if before else ({}, '')
        self.box.clear()
        with self.box:
            title = self.service.session(session_id).title
            ui.label(t('pulse.phone_title', lang, title=title)).classes('pulse__title')
            toggles: dict[str, ui.toggle] = {}
            for statement in self.service.statements(session_id, lang):
                ui.label(statement.text).classes('pulse__prompt')
                toggle = (
                    ui.toggle({v: str(v) for v in SCALE}, value=values.get(statement.id), on_change=self.edited)
                    .props(f'spread no-caps unelevated toggle-color=primary data-testid=scale-{statement.id}')
                    .mark(f'scale-{statement.id}')
                    .classes('pulse__scale')
                )
                toggles[statement.id] = toggle
                ends = ui.element('div').classes('pulse__ends')
                ends.props['data-low'] = f'1 {statement.low}'
                ends.props['data-high'] = f'{statement.high} 5'
            with ui.element('div').classes('pulse__send'):
                word = None
                if pulse.word:
                    word = (
                        ui.input(placeholder=t('pulse.word_label', lang), value=word_before)
                        .props(f'outlined maxlength={WORD_MAX} autocomplete=off data-testid=pulse-word')
                        .mark('pulse-word')
                        .classes('pulse__word')
                    )
                send = (
                    ui.button(t('pulse.update' if before else 'pulse.send', lang))
                    .props('unelevated no-caps data-testid=pulse-send')
                    .mark('pulse-send')
                    .classes('pulse__button')
                )
            self.status = (
                ui.label(t('pulse.saved', lang) if before else '')
                .classes('pulse__status')
                .props('role=status aria-live=polite data-testid=pulse-status')
                .mark('pulse-status')
            )

        def submit() -> None:
            chosen = {sid: toggle.value for sid, toggle in toggles.items()}
            if any(value is None for value in chosen.values()):
                self.say('pulse.answer_all', ok=False)
                return
            outcome = self.service.answer(self.pid, session_id, chosen, word.value if word else '')
            self.say(outcome.key, ok=outcome.ok)
            if outcome.ok:
                send.text = t('pulse.update', lang)

        send.on_click(submit)
        if word is not None:
            word.on('keydown.enter', submit)

    def edited(self) -> None:
        """A changed answer is not saved yet: take 'saved' away until Send."""
        if self.status.text == t('pulse.saved', self.lang):
            self.status.text = ''

    def say(self, key: str, *, ok: bool) -> None:
        self.status.text = t(key, self.lang)
        self.status.classes(remove='pulse__status--problem') if ok else self.status.classes(
            add='pulse__status--problem'
        )
