"""The pulse feature on the three surfaces, and the phone's part of it.

A phone gets only state changes (open, closed): its form is one element (pulse_form.js), built once with the phone's
page and given new props when a pulse opens or closes, answerable with the thumb in seconds: one row of five large
buttons per statement, an optional word, one Send; once the pulse closes the same element shows a short note.
"Saved" appears only after the store committed. Live numbers go to the big screen and the panel, never to phones.
What all phones share is made once per change and language (PulseForms); a phone gets its own saved answer with it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nicegui import events

from ..domain.agenda import LANGUAGES
from ..domain.pulse import CLOSED, OPEN, Pulse
from ..domain.words import WORD_MAX
from ..i18n import t
from ..live import Live
from ..pulse import PulseService
from .fanout import OnePassAtATime
from .features import Feature, PhoneContext, ScreenView
from .fixed_props import FixedPropsOnce
from .pulse_charts import Clouds
from .pulse_panel import PanelPulse
from .pulse_screen import ScreenEnergy, ScreenPulse
from .shared_props import SharedChannel, SharedProps

PULSE_VIEW, ENERGY_VIEW = 'pulse', 'energy'

Saved = tuple[dict[str, int], str] | None
"""A phone's stored answer for the open pulse (values, word), or None."""

log = logging.getLogger(__name__)


def feature(*, service: PulseService, live: Live) -> Feature:
    """The pulse's phone section, its two big-screen views and its panel section."""
    clouds = Clouds()
    forms = PulseForms(service)
    return Feature(
        phone_sections=(lambda context: PhonePulse(forms, context).build(),),
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


class PulseForm(SharedProps, FixedPropsOnce, component=Path(__file__).parent / 'pulse_form.js'):
    """The phone's pulse form as one element (see pulse_form.js): built once per phone, empty until a pulse opens; a
    pulse opening or closing only changes its props (the form, then the `note`), in one message for every phone of a
    language (see shared_props.py). The browser keeps the taps until Send and emits `answer`. Its words and limits are
    sent once."""

    FIXED = ('texts', 'wordMax', 'data-testid', 'channel')

    def __init__(self, lang: str) -> None:
        super().__init__()
        self._props.update(NOTHING.props)
        self._props['texts'] = {
            'send': t('pulse.send', lang),
            'update': t('pulse.update', lang),
            'word_label': t('pulse.word_label', lang),
        }
        self._props['wordMax'] = WORD_MAX
        self._props['status'] = {'text': '', 'ok': True, 'seq': 0}

    def _displayed_contents(self, *, only_visible: bool) -> list:
        """What the phone shows as text, for NiceGUI's `should_see` (the note, or nothing, while no pulse is open)."""
        props = self._props
        if not props.get('open'):
            return [props['note']] if props.get('note') else []
        texts, status = props['texts'], props['status']
        ends = [f'1 {s["low"]}' for s in props['statements']] + [f'{s["high"]} 5' for s in props['statements']]
        return [
            props['title'],
            *(s['text'] for s in props['statements']),
            *ends,
            texts['update'] if props.get('saved') else texts['send'],
            status['text'],
        ]


@dataclass(frozen=True, kw_only=True, slots=True)
class PulseView:
    """What every phone of one language shows of the pulse now, made once per change and language."""

    session_id: str | None
    """The open pulse's session; None while none is open (none yet, closed or revealed)."""
    statement_ids: tuple[str, ...]
    word: bool
    props: dict[str, Any]
    """The form's props all these phones share: strings, flags and tuples (NiceGUI copies a list or dict put into
    props for every phone, a tuple it sends as it is)."""


FRESH = {'text': '', 'ok': True, 'seq': 0}
"""The status of a form that has not been sent yet (the browser shows no message)."""
NOTHING = PulseView(session_id=None, statement_ids=(), word=False, props={'open': False, 'statements': (), 'note': ''})


class PulseForms:
    """Every phone's pulse form and what they share. One subscription for all phones: a pulse opening, closing or
    being revealed makes the props once per language and publishes them on that language's channel, one message for
    its phones. The phones' saved answers are read in one query (not one per phone): a phone that has an answer to
    the pulse it is given (a page opened while it is open) gets it with the form in an update of its own."""

    def __init__(self, service: PulseService) -> None:
        self.service = service
        self.phones: set[PhonePulse] = set()
        self.channels = {lang: SharedChannel(f'pulse:{lang}') for lang in LANGUAGES}
        self._state: tuple[str, str] | None = None
        """The (session, status) the cached views were made for."""
        self._views: dict[str, PulseView] = {}
        self._shown = self.state()
        """The (session, status) the phones were last given."""
        self.passes = OnePassAtATime(self._pass_over_phones, name='pulse forms')
        service.changed.subscribe(self.show_all)

    def add(self, phone: PhonePulse) -> None:
        """A phone opened its page: show the pulse now, with its own saved answer (one row), and follow it until the
        page is gone."""
        view = self.view(phone.lang)
        self.channels[phone.lang].follow(phone.form)
        own = phone.take(view, self.saved_answer(view, phone.pid))
        phone.form.props.update(self.shared(view), **(own or {}))
        self.phones.add(phone)
        phone.form.client.on_delete(lambda: self.phones.discard(phone))

    def show_all(self) -> None:
        """A pulse opened, closed or was revealed: every phone gets the new state. A change that leaves the pulse
        phones see as it was (the service also tells of changes the phones do not show) makes no pass."""
        shown = self.state()
        if shown == self._shown:
            return
        self._shown = shown
        if self.phones:
            self.passes.request()

    def state(self) -> tuple[str, str] | None:
        """What a phone's form follows: the current pulse's session and status."""
        pulse = self.service.current
        return (pulse.session_id, pulse.status) if pulse else None

    async def _pass_over_phones(self) -> None:
        """Every phone's form from the state now: each phone takes the new view (what its answers are checked
        against), then one message per language; a phone with props of its own gets them in its own update."""
        pulse = self.service.current
        session_id = pulse.session_id if pulse is not None and pulse.status == OPEN else None
        saved = self.service.responses(session_id) if session_id else {}
        own: dict[str, dict[SharedProps, dict[str, Any]]] = {lang: {} for lang in self.channels}
        for phone in list(self.phones):
            if phone.form.is_deleted:
                self.phones.discard(phone)
            elif (mine := phone.take(self.view(phone.lang), saved.get(phone.pid))) is not None:
                own[phone.lang][phone.form] = mine
        for lang, channel in self.channels.items():
            await channel.publish(self.shared(self.view(lang)), own=own[lang])

    @staticmethod
    def shared(view: PulseView) -> dict[str, Any]:
        """The props a phone of the view's language gets: an opening pulse also clears the last pulse's answer and
        message from every form (a phone with an answer to this pulse gets its own)."""
        if view.session_id is None:
            return view.props
        return {**view.props, 'saved': None, 'status': FRESH}

    def saved_answer(self, view: PulseView, participant_id: str) -> Saved:
        """One phone's saved answer to the view's open pulse (one row)."""
        return self.service.response(view.session_id, participant_id) if view.session_id else None

    def view(self, lang: str) -> PulseView:
        """The pulse now as phones in `lang` show it (made once per pulse state and language)."""
        pulse = self.service.current
        state = self.state()
        if state != self._state:
            self._state, self._views = state, {}
        view = self._views.get(lang)
        if view is None:
            view = self._views[lang] = self.make_view(pulse, lang)
        return view

    def make_view(self, pulse: Pulse | None, lang: str) -> PulseView:
        """The open pulse's title, statements in `lang` and word flag; a closed pulse's note; else nothing."""
        if pulse is None or pulse.status not in (OPEN, CLOSED):
            return NOTHING
        title = self.service.session(pulse.session_id).title
        if pulse.status == CLOSED:
            note = t('pulse.closed_note', lang, title=title)
            return PulseView(session_id=None, statement_ids=(), word=False, props={**NOTHING.props, 'note': note})
        statements = self.service.statements(pulse.session_id, lang)
        props = {
            'open': True,
            'session': pulse.session_id,
            'title': t('pulse.phone_title', lang, title=title),
            'statements': tuple({'id': s.id, 'text': s.text, 'low': s.low, 'high': s.high} for s in statements),
            'word': pulse.word,
            'note': '',
        }
        ids = tuple(s.id for s in statements)
        return PulseView(session_id=pulse.session_id, statement_ids=ids, word=pulse.word, props=props)


class PhonePulse:
    """One phone's pulse: the form while a pulse is open, a short 'closed' note once it closes (one element)."""

    def __init__(self, forms: PulseForms, context: PhoneContext) -> None:
        self.forms = forms
        self.service = forms.service
        self.pid = context.participant.id
        self.lang = context.lang
        self.view: PulseView | None = None
        """What the phone was last shown (the shared view it was given)."""
        self.session_id: str | None = None
        self.statement_ids: tuple[str, ...] = ()
        self.word = False

    def build(self) -> None:
        self.form = PulseForm(self.lang).classes('pulse').props('data-testid=pulse-form').mark('pulse-form')
        self.form.on('answer', self.on_answer)
        self.forms.add(self)

    def take(self, view: PulseView, saved: Saved) -> dict[str, Any] | None:
        """This phone follows `view` from now on; returns the props of its own it needs on top of what every phone
        of its language gets (PulseForms.shared), or None: its saved answer to the open pulse (a page opened while it
        is open), or its answer and message as they are when it shows this pulse already."""
        if view.session_id == self.session_id:
            self.view = view
            return None if view.session_id is None else {k: self.form.props[k] for k in ('saved', 'status')}
        self.view = view
        self.session_id, self.statement_ids, self.word = view.session_id, view.statement_ids, view.word
        if view.session_id is None or saved is None:
            return None
        return {'saved': {'values': dict(saved[0]), 'word': saved[1]}, 'status': self.status('pulse.saved', ok=True)}

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
        if not outcome.ok:
            self.say(outcome.key, ok=False)
            return
        await self.service.durable()
        self.say(outcome.key, ok=True, saved={'values': chosen, 'word': word})

    def say(self, key: str, *, ok: bool, **props: Any) -> None:
        """The server's answer to the phone: a new `status` (the form shows it as text), with `props` in one update."""
        self.form.props.update(props, status=self.status(key, ok=ok))

    def status(self, key: str, *, ok: bool) -> dict[str, Any]:
        """The next `status` prop: its new seq tells the form the server answered (even with the same text)."""
        seq = self.form.props['status']['seq'] + 1
        return {'text': t(key, self.lang) if key else '', 'ok': ok, 'seq': seq}
