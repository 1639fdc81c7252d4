"""The participant's phone: join with the event code, then follow the day live. Few elements, one action a screen."""

from __future__ import annotations

from dataclasses import dataclass

from nicegui import app, ui

from ..domain.agenda import LANGUAGES, Agenda
from ..domain.participants import NAME_MAX, JoinError, Participant
from ..facilitation import Facilitation
from ..i18n import clock_time, t
from ..joining import Joining
from ..live import Live, RunView
from .features import Feature, PhoneContext
from .theme import frame
from .widgets import SessionNow


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
    @ui.page('/')
    def home(lang: str = '') -> None:
        PhonePage(deps, code='', lang=lang).build()

    @ui.page('/j/{code}')
    def join_link(code: str, lang: str = '') -> None:
        PhonePage(deps, code=code, lang=lang).build()


class PhonePage:
    """One phone's page. Holds its participant id (the browser's signed-cookie id) for the page's lifetime."""

    def __init__(self, deps: PhoneDeps, *, code: str, lang: str) -> None:
        self.deps = deps
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
            elif self.deps.joining.code_ok(self.code):
                self.join_form()
            else:
                self.code_form()

    # --- before joining ---------------------------------------------------------------------------

    def code_form(self) -> None:
        lang = self.lang
        ui.label(t('join.code_title', lang)).classes('phone__headline')
        code = (
            ui.input(t('join.code_label', lang))
            .props('outlined autocapitalize=characters autocomplete=off maxlength=12 data-testid=code-input')
            .mark('code-input')
            .classes('phone__field')
        )
        error = ui.label().classes('phone__error').props('role=alert data-testid=join-error').mark('join-error')

        def submit() -> None:
            if self.deps.joining.code_ok(code.value or ''):
                self.code = code.value
                self.render()
            else:
                error.text = t('join.wrong_code', lang)

        code.on('keydown.enter', submit)
        ui.button(t('join.continue', lang), on_click=submit).props('unelevated no-caps data-testid=code-submit').mark(
            'code-submit'
        ).classes('phone__action')

    def join_form(self) -> None:
        lang, agenda = self.lang, self.deps.agenda
        ui.label(t('join.title', lang)).classes('phone__headline')
        ui.label(t('join.lead', lang)).classes('phone__lead')
        name = (
            ui.input(t('join.name', lang))
            .props(f'outlined maxlength={NAME_MAX} counter autocomplete=given-name data-testid=name-input')
            .mark('name-input')
            .classes('phone__field')
        )
        department = (
            ui.select(list(agenda.departments), label=t('join.department', lang))
            .props('outlined hide-dropdown-icon data-testid=department-select')
            .mark('department-select')
            .classes('phone__field')
        )
        error = ui.label().classes('phone__error').props('role=alert data-testid=join-error').mark('join-error')

        async def submit() -> None:
            button.disable()
            try:
                self.participant = self.deps.joining.join(
                    self.pid, code=self.code, name=name.value or '', department=department.value or '', language=lang
                )
            except JoinError as problem:
                error.text = t(problem.key, lang)
                return
            finally:
                button.enable()
            self.render()

        button = (
            ui.button(t('join.submit', lang), on_click=submit)
            .props('unelevated no-caps data-testid=join-submit')
            .mark('join-submit')
            .classes('phone__action')
        )

    # --- joined -----------------------------------------------------------------------------------

    def now_view(self) -> None:
        lang, agenda = self.lang, self.deps.agenda
        participant: Participant = self.participant  # type: ignore[assignment]
        greeting = t('phone.hello_name', lang, name=participant.name) if participant.name else t('phone.hello', lang)
        ui.label(greeting).classes('phone__lead').props('data-testid=greeting').mark('greeting')
        before = ui.label(t('phone.before', lang, time=clock_time(agenda.event.start, lang))).classes('phone__headline')
        finished = ui.label(t('phone.finished', lang)).classes('phone__headline')
        now = SessionNow(agenda, lang, surface='phone')

        def show(view: RunView) -> None:
            before.set_visibility(view.state.phase == 'before')
            finished.set_visibility(view.state.phase == 'finished')
            now.show(view)

        show(self.deps.facilitation.view())
        self.deps.live.run_changed.subscribe(show)
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
