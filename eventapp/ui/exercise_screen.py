"""The exercise on the big screen: the card's title and short instructions, its steps with a step timer, the roles.

The step timer is derived from the session's elapsed time (no timer of its own to start or forget): the session
countdown says how far the session is, the card's steps say which step that is. It ticks in the browser; the
screen page checks once a second whether the step changed.
"""

from __future__ import annotations

from nicegui import ui

from ..domain.exercises import Exercise
from ..i18n import t
from ..live import Live, RunView
from ..rounds import Rounds
from .widgets import Countdown

AMBER = 30
"""Seconds before a step ends when its timer turns amber ("soon"): a step is minutes long, not a session."""


def step_now(card: Exercise, lang: str, elapsed: float) -> tuple[int, float]:
    """The index of the step at `elapsed` seconds into the session, and the seconds left in it (negative: over)."""
    end = 0.0
    steps = card.text(lang).steps
    for i, step in enumerate(steps):
        end += step.minutes * 60
        if elapsed < end:
            return i, end - elapsed
    return len(steps) - 1, end - elapsed


class ScreenExercise:
    """The 'exercise' view of one big screen."""

    def __init__(self, service: Rounds, live: Live, lang: str) -> None:
        self.service, self.live, self.lang = service, live, lang
        self.shown: tuple[str, int, int] | None = None

    def build(self) -> None:
        with ui.element('div').classes('exercise exercise--screen').props('data-testid=exercise').mark('exercise'):
            self.none = ui.label(t('exercise.none_screen', self.lang)).classes('screen__headline')
            with ui.element('div').classes('exercise__card') as self.card:
                self.title = ui.label().classes('exercise__title').props('data-testid=exercise-title')
                self.text = ui.label().classes('exercise__text')
                with ui.element('div').classes('exercise__timing'):
                    self.steps = ui.element('ol').classes('exercise__steps').props('data-testid=exercise-steps')
                    with ui.element('div').classes('exercise__clock'):
                        self.step = ui.label().classes('exercise__step').props('data-testid=exercise-step')
                        self.countdown = Countdown(self.lang).classes('exercise__countdown').props(f':amber={AMBER}')
                self.roles = ui.label().classes('exercise__roles').props('data-testid=exercise-roles')
        self.tick()
        self.live.run_changed.subscribe(self.on_run)
        ui.timer(1.0, self.tick)

    def on_run(self, _view: RunView) -> None:
        self.shown = None
        self.tick()

    def tick(self) -> None:
        """Rebuild only when the session, the step or the run's version changed; the countdown ticks by itself."""
        card, view = self.service.exercise(), self.service.facilitation.view()
        self.none.set_visibility(card is None)
        self.card.set_visibility(card is not None)
        if card is None:
            self.shown = None
            return
        state = view.state
        session = self.service.agenda.sessions[state.index]
        elapsed = (session.minutes + state.extra_minutes) * 60 - view.remaining
        index, left = step_now(card, self.lang, elapsed)
        key = (card.id, index, state.version)
        if key == self.shown:
            return
        self.shown = key
        self.show(card, index, RunView(state=state, remaining=left, overrun=0))

    def show(self, card: Exercise, index: int, step_view: RunView) -> None:
        lang, text = self.lang, card.text(self.lang)
        self.title.text = text.title
        self.text.text = text.screen
        self.steps.clear()
        with self.steps:
            for i, step in enumerate(text.steps):
                ui.label(t('exercise.step_screen', lang, name=step.name, minutes=step.minutes)).classes(
                    'exercise__item exercise__item--now' if i == index else 'exercise__item'
                ).props('data-now' if i == index else '')
        self.step.text = t('exercise.step_of', lang, n=index + 1, total=len(text.steps), name=text.steps[index].name)
        self.countdown.show(step_view)
        role_names = ' · '.join(t(f'role.{role}', lang) for role in card.roles)
        self.roles.text = t('exercise.roles', lang, roles=role_names) if card.roles else ''
        self.roles.set_visibility(bool(card.roles))
