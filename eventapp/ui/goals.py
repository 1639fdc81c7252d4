"""The goals on the big screen: the three goals with their KPI table, as the agenda states them, readable from 10 m.

A goal is always shown with its number and name next to its colour, never by colour alone.
"""

from __future__ import annotations

from nicegui import ui

from ..domain.agenda import Agenda, Goal
from ..i18n import t
from .theme import GOAL_COLOURS

VIEW = 'goals'


def goal_number(agenda: Agenda, goal_id: str) -> int:
    """The goal's place in the agenda (1 = highest priority); 0 when the id is unknown."""
    return next((i for i, goal in enumerate(agenda.goals, 1) if goal.id == goal_id), 0)


def goal_class(number: int) -> str:
    """The CSS class that gives a goal its colour (the palette repeats after five goals)."""
    return f'goals__colour-{(number - 1) % len(GOAL_COLOURS) + 1}' if number else 'goals__colour-none'


def goal_mark(agenda: Agenda, goal_id: str, lang: str, *, size: str = 'screen') -> ui.element:
    """Colour, number and name of a goal as one chip: 'Mål 1 · Kundetillit'."""
    number = goal_number(agenda, goal_id)
    title = next((g.title for g in agenda.goals if g.id == goal_id), goal_id)
    with ui.element('span').classes(f'goals__chip goals__chip--{size} {goal_class(number)}') as chip:
        ui.label(f'{t("goals.goal_n", lang, n=number)} · {title}')
    return chip


def build_goals_view(agenda: Agenda, lang: str) -> None:
    """The view: title, then per goal its chip and a KPI table (now, 30 and 90 days) with frequency, owner, source."""
    with ui.element('div').classes('goals__view').props('data-testid=goals-view').mark('goals-view'):
        ui.label(t('goals.title', lang)).classes('goals__title')
        for number, goal in enumerate(agenda.goals, 1):
            _goal(goal, number, lang)


def _goal(goal: Goal, number: int, lang: str) -> None:
    with ui.element('section').classes(f'goals__goal {goal_class(number)}'):
        with ui.element('div').classes('goals__head'):
            ui.label(t('goals.goal_n', lang, n=number)).classes('goals__number')
            ui.label(goal.title).classes('goals__name')
        if not goal.kpis:
            return
        with ui.element('div').classes('goals__table'):
            for key in ('goals.col_kpi', 'goals.col_baseline', 'goals.col_30', 'goals.col_90'):
                ui.label(t(key, lang)).classes('goals__th')
            for kpi in goal.kpis:
                ui.label(f'{kpi.name} ({kpi.unit})').classes('goals__kpi')
                for value in (kpi.baseline, kpi.target_30, kpi.target_90):
                    ui.label(_number(value, lang)).classes('goals__value')
                ui.label(t('goals.facts', lang, frequency=kpi.frequency, owner=kpi.owner, source=kpi.source)).classes(
                    'goals__facts'
                )


def _number(value: float, lang: str) -> str:
    text = str(int(value)) if float(value).is_integer() else f'{value:g}'
    return text.replace('.', ',') if lang == 'nb' else text
