"""The pulse on the big screen: participation while open, the results only after the facilitator reveals them,
and the day's energy curve against the plan. Text at 32 px and up; every number carries a word or a sign."""

from __future__ import annotations

from nicegui import background_tasks, ui

from ..domain.pulse import MIN_GROUP, OPEN, REVEALED, Pulse, StatementResult, beat_marks
from ..i18n import t
from ..live import Live
from ..pulse import Participation, PulseService
from .pulse_charts import Clouds, decimal, energy_svg


class ScreenPulse:
    """The 'pulse' view of one big screen."""

    def __init__(self, service: PulseService, live: Live, clouds: Clouds, lang: str) -> None:
        self.service, self.live, self.clouds, self.lang = service, live, clouds, lang
        self.shown: tuple[str, str] | bool | None = False  # nothing built yet

    def build(self) -> None:
        self.root = ui.element('div').classes('pulse__screen').props('data-testid=pulse-screen').mark('pulse-screen')
        self.show(self.service.current)
        self.service.changed.subscribe(self.show)
        self.service.answered.subscribe(self.count)
        self.live.joined.subscribe(lambda _count: self.count())

    def show(self, pulse: Pulse | None) -> None:
        """Rebuild on a change of state only (open, closed, revealed); counts update in place."""
        key = (pulse.session_id, pulse.status) if pulse else None
        if key == self.shown:
            return
        self.shown = key
        self.root.clear()
        lang = self.lang
        with self.root:
            if pulse is None:
                ui.label(t('pulse.none_screen', lang)).classes('screen__headline')
                return
            title = self.service.session(pulse.session_id).title
            with ui.element('div').classes('pulse__screen-head'):
                ui.label(t('pulse.screen_title', lang, title=title)).classes('pulse__screen-title')
                if pulse.status == REVEALED:
                    count = self.service.participation(pulse.session_id).answered
                    ui.label(t('pulse.responses', lang, count=count)).classes('pulse__screen-meta')
            if pulse.status == OPEN:
                self.participation()
            elif pulse.status == REVEALED:
                self.results(pulse)
            else:
                answered = self.service.participation(pulse.session_id).answered
                ui.label(t('pulse.closed_screen', lang, answered=answered)).classes('pulse__screen-big')
                ui.label(t('pulse.closed_sub', lang)).classes('screen__sub')

    def participation(self) -> None:
        lang = self.lang
        with ui.element('div').classes('pulse__screen-count'):
            self.answered = ui.label().classes('pulse__screen-number').props('data-testid=pulse-answered')
            self.answered.mark('pulse-answered')
            ui.label(t('pulse.answered_sub', lang)).classes('screen__sub')
        with ui.element('div').classes('pulse__bar pulse__bar--screen'):
            self.fill = ui.element('div').classes('pulse__fill')
        ui.label(t('pulse.waiting', lang)).classes('screen__sub')
        self.count()

    def count(self, _participation: Participation | None = None) -> None:
        """Answered of joined, as a number and a bar; only while this screen shows an open pulse."""
        pulse = self.service.current
        if pulse is None or pulse.status != OPEN or self.shown != (pulse.session_id, OPEN):
            return
        now = self.service.participation(pulse.session_id)
        self.answered.text = t('pulse.answered', self.lang, answered=now.answered, joined=now.joined)
        self.fill.style(f'width: {now.share * 100:.0f}%')

    def results(self, pulse: Pulse) -> None:
        lang = self.lang
        result = self.service.result(pulse.session_id)
        responses = result.responses if result else 0
        if result is None or not result.shown:
            ui.label(t('pulse.too_few', lang, count=responses, min=MIN_GROUP)).classes('pulse__screen-big')
            return
        with ui.element('div').classes('pulse__results').props('data-testid=pulse-results').mark('pulse-results'):
            for key in ('', 'pulse.col_answers', 'pulse.col_mean', 'pulse.col_change'):
                ui.label(t(key, lang) if key else '').classes('pulse__results-head')
            for statement in pulse.statements:
                found = result.statement(statement.id)
                if found is not None:
                    self.statement_row(statement.text, found)
        frequencies = self.service.word_frequencies(pulse.session_id)
        if pulse.word and frequencies is not None:
            box = ui.element('div').classes('pulse__cloud')
            background_tasks.create(self.cloud(box, pulse.session_id, frequencies), name='pulse word cloud')

    async def cloud(self, box: ui.element, session_id: str, frequencies: dict[str, int]) -> None:
        """Drawn off the event loop (once per session for all screens), then put in place as an image."""
        source = await self.clouds.get(session_id, frequencies)
        if box.is_deleted:
            return
        with box:
            if source:
                image = ui.image(source).classes('pulse__cloud-image').props('fit=contain no-spinner no-transition')
                image.props['alt'] = t('pulse.cloud_alt', self.lang)
                image.mark('pulse-cloud')
            else:
                ui.label(t('pulse.no_words', self.lang)).classes('pulse__screen-meta')

    def statement_row(self, text: str, result: StatementResult) -> None:
        lang = self.lang
        ui.label(text).classes('pulse__results-prompt')
        with ui.element('div').classes('pulse__dist'):
            top = max(result.distribution or (1,)) or 1
            for value, count in zip(range(1, 6), result.distribution or (), strict=False):
                with ui.element('div').classes('pulse__dist-col'):
                    with ui.element('div').classes('pulse__dist-track'):
                        ui.element('div').classes('pulse__dist-bar').style(f'height: {count / top * 100:.0f}%')
                    ui.label(str(value)).classes('pulse__dist-value')
        ui.label(decimal(result.mean or 0, lang)).classes('pulse__results-mean').mark('pulse-mean')
        change = '–' if result.change is None else decimal(result.change, lang, signed=True) + _arrow(result.change)
        ui.label(change).classes('pulse__results-change')


class ScreenEnergy:
    """The 'energy' view: the day's measured mean energy against the plan, revealed pulses only."""

    def __init__(self, service: PulseService, lang: str) -> None:
        self.service, self.lang = service, lang

    def build(self) -> None:
        with (
            ui.element('div').classes('energy energy--screen').props('data-testid=energy-screen').mark('energy-screen')
        ):
            ui.label(t('pulse.energy.title', self.lang)).classes('pulse__screen-title')
            self.chart = ui.html('', sanitize=False).classes('energy__box')
            energy_legend(self.lang)
            self.empty = ui.label(t('pulse.energy.empty', self.lang)).classes('pulse__screen-meta')
        self.show()
        self.service.changed.subscribe(self.show)

    def show(self) -> None:
        points = self.service.energy_curve(revealed_only=True)
        self.chart.content = energy_svg(points, beat_marks(self.service.agenda), self.lang)
        self.empty.set_visibility(all(p.measured is None for p in points))


def energy_legend(lang: str) -> None:
    """Words beside the line styles, so the chart never relies on colour."""
    with ui.element('div').classes('energy__legend'):
        ui.label(t('pulse.energy.planned', lang)).classes('energy__key energy__key--planned')
        ui.label(t('pulse.energy.measured', lang)).classes('energy__key energy__key--measured')


def _arrow(change: float) -> str:
    return ' ▲' if change > 0 else ' ▼' if change < 0 else ''
