"""The participant's phone: join with the event code, then follow the day live. Few elements, one action a screen.

Before joining the page is one element (join_form.js: the code, then name and department); after joining the day's
"now" is one element (phone_now.js) whose props are made once per run change and language for every phone.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nicegui import app, events, ui

from ..domain.agenda import LANGUAGES, Agenda
from ..domain.participants import NAME_MAX, JoinError, Participant
from ..domain.run import RunState
from ..facilitation import Facilitation
from ..i18n import clock_time, t
from ..joining import Joining
from ..live import Live, RunView
from .fanout import OnePassAtATime
from .features import Feature, PhoneContext
from .fixed_props import FixedPropsOnce
from .shared_props import SharedChannel, SharedProps
from .theme import beat_class, frame
from .widgets import beat_label

HERE = Path(__file__).parent
NOTHING_RUNS: dict[str, Any] = {
    'phase': '',
    'beat': '',
    'beatClass': '',
    'title': '',
    'text': '',
    'next': '',
    'running': False,
    'stamp': 0,
}
"""The "now" view's run props while no session runs (before the start, after the end)."""


@dataclass(frozen=True, kw_only=True, slots=True)
class PhoneDeps:
    agenda: Agenda
    live: Live
    facilitation: Facilitation
    joining: Joining
    features: tuple[Feature, ...] = ()
    rehearsal: bool = False
    """The database is a rehearsal: every page says so."""


def register(deps: PhoneDeps) -> None:
    now = NowViews(deps.agenda, deps.live)
    join_texts = {lang: texts_for_joining(lang) for lang in LANGUAGES}

    @ui.page('/')
    def home(lang: str = '') -> None:
        PhonePage(deps, now, join_texts, code='', lang=lang).build()

    @ui.page('/j/{code}')
    def join_link(code: str, lang: str = '') -> None:
        PhonePage(deps, now, join_texts, code=code, lang=lang).build()


class PhonePage:
    """One phone's page. Holds its participant id (the browser's signed-cookie id) for the page's lifetime."""

    def __init__(
        self, deps: PhoneDeps, now: NowViews, join_texts: dict[str, dict[str, str]], *, code: str, lang: str
    ) -> None:
        self.deps = deps
        self.now = now
        self.join_texts = join_texts
        self.pid: str = app.storage.browser['id']
        self.participant = deps.joining.participant(self.pid)
        if self.participant:
            self.lang = self.participant.language
        else:
            self.lang = lang if lang in LANGUAGES else deps.agenda.event.language
        self.code = code

    def build(self) -> None:
        agenda = self.deps.agenda
        with frame('phone', title=agenda.event.title, lang=self.lang, rehearsal=self.deps.rehearsal):
            with ui.element('header').classes('phone__top'):
                ui.label(agenda.event.title).classes('phone__event')
                other = 'en' if self.lang == 'nb' else 'nb'
                ui.button(t('lang.switch_to', self.lang), on_click=lambda: self.switch_language(other)).props(
                    'flat dense no-caps data-testid=switch-language'
                ).mark('switch-language').classes('phone__lang')
            self.body = ui.element('div').classes('phone__body')
        self.render()

    def render(self) -> None:
        self.body.clear()
        with self.body:
            if self.participant:
                self.now_view()
            else:
                self.join_view()

    # --- before joining ---------------------------------------------------------------------------

    def join_view(self) -> None:
        """The code (unless the link carried it), then name and department: one element, answered by the server."""
        step = 'join' if self.deps.joining.code_ok(self.code) else 'code'
        self.form = JoinForm(step, self.join_texts[self.lang], self.deps.agenda.departments)
        self.form.classes('join').props('data-testid=join-form').mark('join-form')
        self.form.on('code', self.on_code)
        self.form.on('join', self.on_join)

    def on_code(self, event: events.GenericEventArguments) -> None:
        """Continue with a code: the join step if it is right, a message if not."""
        code = text_arg(event.args, 'code')
        if self.deps.joining.code_ok(code):
            self.code = code
            self.form.answer(step='join')
        else:
            self.form.answer(problem=t('join.wrong_code', self.lang))

    async def on_join(self, event: events.GenericEventArguments) -> None:
        """Join with {name, department}: stored and the page moves on to the day (once the join is on disk), or a
        message and nothing stored."""
        try:
            self.participant = self.deps.joining.join(
                self.pid,
                code=self.code,
                name=text_arg(event.args, 'name'),
                department=text_arg(event.args, 'department'),
                language=self.lang,
            )
        except JoinError as problem:
            self.form.answer(problem=t(problem.key, self.lang))
            return
        await self.deps.joining.durable()
        self.render()

    # --- joined -----------------------------------------------------------------------------------

    def now_view(self) -> None:
        lang = self.lang
        participant: Participant = self.participant  # type: ignore[assignment]
        greeting = t('phone.hello_name', lang, name=participant.name) if participant.name else t('phone.hello', lang)
        element = PhoneNow(lang, greeting, self.now.words(lang)).classes('phone-now').props('data-testid=now')
        self.now.add(element.mark('now'), self.deps.facilitation.view())
        context = PhoneContext(participant=participant, lang=lang)
        for section in (s for feature in self.deps.features for s in feature.phone_sections):
            section(context)

    def switch_language(self, lang: str) -> None:
        if self.participant:
            self.deps.joining.set_language(self.pid, lang)
            ui.navigate.reload()
        else:
            target = f'/j/{self.code}' if self.deps.joining.code_ok(self.code) else '/'
            ui.navigate.to(f'{target}?lang={lang}')


class JoinForm(ui.element, component=HERE / 'join_form.js'):
    """The code form and the join form as one element (see join_form.js): typing stays in the browser; a tap emits
    `code` or `join` and the server answers with a new `seq` (a message, or the next step)."""

    def __init__(self, step: str, texts: dict[str, str], departments: tuple[str, ...]) -> None:
        super().__init__()
        self._props.update(step=step, texts=texts, departments=list(departments), nameMax=NAME_MAX)
        self._props.update(problem='', seq=0)

    def answer(self, *, problem: str = '', step: str | None = None) -> None:
        """The server's answer to a tap: the message to show ('' for none) and the step to show next."""
        self._props.update(problem=problem, seq=self._props['seq'] + 1, step=step or self._props['step'])

    def _displayed_contents(self, *, only_visible: bool) -> list:
        """What the phone shows as text, for NiceGUI's `should_see`."""
        props, texts = self._props, self._props['texts']
        if props['step'] == 'code':
            return [texts['code_title'], texts['code_label'], props['problem'], texts['continue']]
        return [texts['title'], texts['lead'], texts['name'], texts['department'], props['problem'], texts['submit']]


class PhoneNow(SharedProps, FixedPropsOnce, component=HERE / 'phone_now.js', dependencies=[HERE / 'countdown.js']):
    """The joined phone's greeting and the day now as one element (see phone_now.js); its countdown is countdown.js,
    imported by phone_now.js, so it ticks in the browser as on the big screen. The greeting and the fixed words are
    sent once; a run change reaches the phones of a language as one shared message (see shared_props.py)."""

    FIXED = ('before', 'finished', 'soon', 'over', 'paused', 'greeting', 'data-testid', 'channel')

    def __init__(self, lang: str, greeting: str, words: dict[str, str]) -> None:
        super().__init__()
        self.lang = lang
        self._props.update(words)
        self._props['greeting'] = greeting

    def _displayed_contents(self, *, only_visible: bool) -> list:
        """What the phone shows as text, for NiceGUI's `should_see`."""
        props = self._props
        match props.get('phase'):
            case 'before':
                return [props['greeting'], props['before']]
            case 'finished':
                return [props['greeting'], props['finished']]
            case 'running':
                return [props['greeting'], props['beat'], props['title'], props['text'], props['next']]
        return [props['greeting']]


class NowViews:
    """Every joined phone's "now" element and what it shows. One subscription for all phones: a run change makes the
    props once per language (kept per run-state version) and publishes them on that language's channel, one message
    for all its phones, instead of every phone building and encoding the same texts."""

    def __init__(self, agenda: Agenda, live: Live) -> None:
        self.agenda = agenda
        self.channels = {lang: SharedChannel(f'now:{lang}') for lang in LANGUAGES}
        self._words: dict[str, dict[str, str]] = {}
        self._run: dict[tuple[int, str], dict[str, Any]] = {}
        self.view: RunView | None = None
        self.passes = OnePassAtATime(self._publish, name='now views')
        live.run_changed.subscribe(self.show_all)

    def add(self, element: PhoneNow, view: RunView) -> None:
        """A phone joined or opened its page: show the run now (with the seconds left now) and follow its language's
        channel until the page is gone."""
        self.channels[element.lang].follow(element)
        element.props.update(self.props(view, element.lang))

    def show_all(self, view: RunView) -> None:
        """The run of show changed: one message per language to every phone (in the background; a change during a
        pass is published once more when it ends, with the newest view)."""
        self.view = view
        self.passes.request()

    async def _publish(self) -> None:
        view = self.view
        for lang, channel in self.channels.items():
            await channel.publish(self.props(view, lang))

    def props(self, view: RunView, lang: str) -> dict[str, Any]:
        """What the "now" view shows for `view` in `lang`: the run state's texts (made once per version and
        language) and the seconds left when the view was taken."""
        key = (view.state.version, lang)
        run = self._run.get(key)
        if run is None:
            self._run = {k: v for k, v in self._run.items() if k[0] == view.state.version}
            run = self._run[key] = self.run_texts(view.state, lang)
        return {**run, 'remaining': view.remaining}

    def run_texts(self, state: RunState, lang: str) -> dict[str, Any]:
        """The props of one run state in `lang`: the session's beat, title, text and what comes next; the countdown's
        `running` and `stamp` (a new stamp restarts its count in the browser)."""
        sessions = self.agenda.sessions
        if state.phase != 'running' or not 0 <= state.index < len(sessions):
            phase = '' if state.phase == 'running' else state.phase  # a stored session beyond the agenda: none
            return dict(NOTHING_RUNS, phase=phase)
        session = sessions[state.index]
        following = sessions[state.index + 1] if state.index + 1 < len(sessions) else None
        return {
            'phase': 'running',
            'beat': beat_label(session.beat, lang),
            'beatClass': beat_class(session.beat),
            'title': session.title,
            'text': session.screen_text,
            'next': t('phone.next', lang, title=following.title) if following else '',
            'running': not state.paused,
            'stamp': state.version,
        }

    def words(self, lang: str) -> dict[str, str]:
        """The view's fixed texts in `lang`: before the start, after the end, and the countdown's words."""
        words = self._words.get(lang)
        if words is None:
            start = clock_time(self.agenda.event.start, lang)
            words = self._words[lang] = {
                'before': t('phone.before', lang, time=start),
                'finished': t('phone.finished', lang),
                'soon': t('countdown.soon', lang),
                'over': t('countdown.over', lang),
                'paused': t('countdown.paused', lang),
            }
        return words


def texts_for_joining(lang: str) -> dict[str, str]:
    """The join form's texts in `lang` (made once per language, at start)."""
    return {
        'code_title': t('join.code_title', lang),
        'code_label': t('join.code_label', lang),
        'continue': t('join.continue', lang),
        'title': t('join.title', lang),
        'lead': t('join.lead', lang),
        'name': t('join.name', lang),
        'department': t('join.department', lang),
        'submit': t('join.submit', lang),
    }


def text_arg(args: Any, key: str) -> str:
    """One text the browser sent ('' when missing); anything else as text, which the domain cleans and checks."""
    value = args.get(key) if isinstance(args, dict) else None
    return '' if value is None else str(value)
