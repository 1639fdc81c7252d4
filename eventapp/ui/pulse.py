"""The pulse feature on the three surfaces, and the phone's part of it.

A phone gets only state changes (open, closed): its form is one element (pulse_form.js), built once with the phone's
page and given new props when a pulse opens or closes, answerable with the thumb in seconds: one row of five large
buttons per statement, an optional word, one Send. "Saved" appears only after the store committed. Live numbers go
to the big screen and the panel, never to phones.
"""

from __future__ import annotations

from pathlib import Path

from nicegui import events, ui

from ..domain.pulse import CLOSED, OPEN, Pulse
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


class PulseForm(ui.element, component=Path(__file__).parent / 'pulse_form.js'):
    """The phone's pulse form as one element (see pulse_form.js): built once per phone, hidden; a pulse opening or
    closing only changes its props. The browser keeps the taps until Send and emits `answer`."""

    def __init__(self, lang: str) -> None:
        super().__init__()
        self._props['open'] = False
        self._props['texts'] = {
            'send': t('pulse.send', lang),
            'update': t('pulse.update', lang),
            'word_label': t('pulse.word_label', lang),
        }
        self._props['wordMax'] = WORD_MAX
        self._props['status'] = {'text': '', 'ok': True, 'seq': 0}

    def _displayed_contents(self, *, only_visible: bool) -> list:
        """What the phone shows as text, for NiceGUI's `should_see` (nothing while closed)."""
        props = self._props
        if not props.get('open'):
            return []
        texts, status = props['texts'], props['status']
        ends = [f'1 {s["low"]}' for s in props['statements']] + [f'{s["high"]} 5' for s in props['statements']]
        return [
            props['title'],
            *(s['text'] for s in props['statements']),
            *ends,
            texts['update'] if props.get('saved') else texts['send'],
            status['text'],
        ]


class PhonePulse:
    """One phone's pulse: the form while a pulse is open, a short 'closed' note once it closes."""

    def __init__(self, service: PulseService, context: PhoneContext) -> None:
        self.service = service
        self.pid = context.participant.id
        self.lang = context.lang
        self.session_id: str | None = None
        self.statement_ids: tuple[str, ...] = ()
        self.word = False

    def build(self) -> None:
        self.form = PulseForm(self.lang).classes('pulse pulse--focus').props('data-testid=pulse-form')
        self.form.mark('pulse-form')
        self.form.on('answer', self.on_answer)
        self.note = ui.label().classes('pulse__note').props('role=status data-testid=pulse-note').mark('pulse-note')
        self.show(self.service.current)
        self.service.changed.subscribe(self.show)

    def show(self, pulse: Pulse | None) -> None:
        """Follow the pulse's state; a new pulse only sets the form's props."""
        is_open = pulse is not None and pulse.status == OPEN
        if is_open and pulse.session_id != self.session_id:
            self.load(pulse)
        elif not is_open and self.session_id is not None:
            self.session_id = None
            self.form.props.update(open=False, statements=[], saved=None)
        self.form.set_visibility(is_open)
        title = self.service.session(pulse.session_id).title if pulse else ''
        closed = pulse is not None and pulse.status == CLOSED
        self.note.text = t('pulse.closed_note', self.lang, title=title) if closed else ''
        self.note.set_visibility(closed)

    def load(self, pulse: Pulse) -> None:
        """The props of a newly opened pulse: its statements in the phone's language and what the phone saved."""
        lang, session_id = self.lang, pulse.session_id
        self.session_id, self.word = session_id, pulse.word
        statements = self.service.statements(session_id, lang)
        self.statement_ids = tuple(s.id for s in statements)
        before = self.service.response(session_id, self.pid)
        props = self.form.props
        props['session'] = session_id
        props['title'] = t('pulse.phone_title', lang, title=self.service.session(session_id).title)
        props['statements'] = [{'id': s.id, 'text': s.text, 'low': s.low, 'high': s.high} for s in statements]
        props['word'] = pulse.word
        props['saved'] = {'values': dict(before[0]), 'word': before[1]} if before else None
        props['open'] = True
        self.say('pulse.saved' if before else '', ok=True)

    async def on_answer(self, event: events.GenericEventArguments) -> None:
        """Send from the phone: {session, values: {statement: 1-5 or null}, word}. The service validates it; "saved"
        once the answer is on disk."""
        args = event.args if isinstance(event.args, dict) else {}
        session_id = self.session_id
        if session_id is None or args.get('session') != session_id:
            self.say('pulse.is_closed', ok=False)
            return
        sent = args.get('values') if isinstance(args.get('values'), dict) else {}
        chosen = {sid: sent.get(sid) for sid in self.statement_ids}
        if any(value is None for value in chosen.values()):
            self.say('pulse.answer_all', ok=False)
            return
        word = args.get('word') if self.word and isinstance(args.get('word'), str) else ''
        outcome = self.service.answer(self.pid, session_id, chosen, word)
        if outcome.ok:
            await self.service.durable()
            self.form.props['saved'] = {'values': chosen, 'word': word}
        self.say(outcome.key, ok=outcome.ok)

    def say(self, key: str, *, ok: bool) -> None:
        """The server's answer to the phone: a new `status` (the form shows it as text)."""
        seq = self.form.props['status']['seq'] + 1
        self.form.props['status'] = {'text': t(key, self.lang) if key else '', 'ok': ok, 'seq': seq}
        self.form.update()
