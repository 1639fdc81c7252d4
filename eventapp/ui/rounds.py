"""Table rounds on the three surfaces, and the phone's part: "Bord 7", the role this round, the table mates.

A phone sees its own table only (mates' first names, its own role) and cannot send anything: no table is ever
chosen on a phone. About ten elements, updated when a round starts or the session changes.
"""

from __future__ import annotations

from nicegui import ui

from ..domain.exercises import Exercise
from ..i18n import t
from ..live import Live
from ..rounds import Rounds, Seat
from .exercise_screen import ScreenExercise
from .features import Feature, PhoneContext, ScreenView
from .rounds_panel import PanelRounds
from .rounds_screen import ScreenFinder, ScreenTables

TABLES_VIEW, FIND_VIEW, EXERCISE_VIEW = 'tables', 'find', 'exercise'


def feature(*, service: Rounds, live: Live) -> Feature:
    """The rounds' phone section, three big-screen views (table map, find your table, exercise) and a panel part."""
    return Feature(
        phone_sections=(lambda context: PhoneRound(service, live, context).build(),),
        screen_views=(
            ScreenView(
                name=TABLES_VIEW, label_key='rounds.view_tables', build=lambda lang: ScreenTables(service, lang).build()
            ),
            ScreenView(
                name=FIND_VIEW, label_key='rounds.view_find', build=lambda lang: ScreenFinder(service, lang).build()
            ),
            ScreenView(
                name=EXERCISE_VIEW,
                label_key='exercise.view',
                build=lambda lang: ScreenExercise(service, live, lang).build(),
            ),
        ),
        panel_sections=(lambda lang: PanelRounds(service, live, lang).build(),),
    )


class PhoneRound:
    """One phone's table, role and table mates, and the exercise card when the session names one."""

    def __init__(self, service: Rounds, live: Live, context: PhoneContext) -> None:
        self.service = service
        self.live = live
        self.pid = context.participant.id
        self.lang = context.lang

    def build(self) -> None:
        with ui.element('section').classes('rounds').props('data-testid=round').mark('round') as self.box:
            self.table = ui.label().classes('rounds__table').props('data-testid=table').mark('table')
            self.role = ui.label().classes('rounds__role').props('data-testid=role').mark('role')
            self.duty = ui.label().classes('rounds__duty')
            self.mates = ui.label().classes('rounds__mates').props('data-testid=mates').mark('mates')
            with ui.element('div').classes('exercise exercise--phone') as self.card:
                self.title = ui.label().classes('exercise__title').props('data-testid=exercise-title')
                self.partners = ui.label().classes('exercise__partners').props('data-testid=partners').mark('partners')
                self.text = ui.label().classes('exercise__text')
                self.steps = ui.label().classes('exercise__steps')
        self.show()
        self.service.changed.subscribe(self.show)
        self.live.run_changed.subscribe(self.show)

    def show(self) -> None:
        seat = self.service.seat(self.pid)
        finished = self.service.facilitation.state.phase == 'finished'
        self.box.set_visibility(seat is not None and not finished)
        if seat is None or finished:
            return
        lang = self.lang
        self.table.text = t('rounds.table', lang, number=seat.table)
        role = seat.role or 'free'  # the fifth at a table of five: four roles go round, this person joins in freely
        self.role.text = t(f'role.{role}', lang)
        self.duty.text = t(f'role.{role}_duty', lang)
        self.mates.text = t('rounds.mates', lang, names=names(seat.mates, lang)) if seat.mates else ''
        self.show_card(self.service.exercise(), seat)

    def show_card(self, card: Exercise | None, seat: Seat) -> None:
        self.card.set_visibility(card is not None)
        if card is None:
            return
        text = card.text(self.lang)
        self.title.text = text.title
        self.text.text = text.phone
        self.steps.text = '\n'.join(
            t('exercise.step_line', self.lang, n=i, name=step.name, minutes=step.minutes)
            for i, step in enumerate(text.steps, start=1)
        )
        self.partners.text = (
            t('exercise.partners', self.lang, names=names(seat.partners, self.lang)) if seat.partners else ''
        )
        self.partners.set_visibility(bool(seat.partners))


def names(first_names: tuple[str, ...] | list[str], lang: str) -> str:
    """'Kari, Ola og Per' / 'Kari, Ola and Per'; a mate without a name is 'a guest'."""
    shown = [name or t('rounds.guest', lang) for name in first_names]
    if len(shown) < 2:
        return ''.join(shown)
    return t('rounds.and', lang, first=', '.join(shown[:-1]), last=shown[-1])
