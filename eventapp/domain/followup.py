"""The follow-up after the day: the 30-60-90 plan derived from the goals, and the rhythms that carry it.

Pure. The method's plan: day 30 activates behaviour (measured as the behaviour rate per team), day 60 scales the
practice (the KPI's trend against its target), day 90 consolidates (the effect on performance). The rhythms: a weekly
15-minute check-in, a monthly 45-minute review and a quarterly 90-minute retrospective. Dates fall on working days so
a leader can drop them into a calendar the next morning.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .agenda import Agenda, Goal, Kpi

WEEKLY_CHECKINS = 12
"""Weekly check-ins in the calendar: the first quarter, until the 90-day retrospective takes over."""


@dataclass(frozen=True, kw_only=True, slots=True)
class Measure:
    """What one KPI should show at a milestone."""

    goal_id: str
    kpi: str
    unit: str
    baseline: float
    target: float
    direction: str
    """'up' when the target is above the baseline, 'down' when below (e.g. hours to solve), 'hold' when equal."""


@dataclass(frozen=True, kw_only=True, slots=True)
class Milestone:
    day: int
    focus: str
    """activate_behaviour | scale_practice | consolidate"""
    measured_as: str
    """behaviour_rate_per_team | kpi_trend_vs_target | effect_on_performance"""
    date: dt.date
    review_minutes: int
    measures: tuple[Measure, ...]


@dataclass(frozen=True, kw_only=True, slots=True)
class Rhythm:
    id: str
    """weekly_checkin | monthly_review | quarterly_retro"""
    every: str
    minutes: int
    purpose: str
    """remove_obstacles_show_kpi_status | learn_and_adjust_from_data | adjust_goals_and_ways_of_working"""


RHYTHMS: tuple[Rhythm, ...] = (
    Rhythm(id='weekly_checkin', every='week', minutes=15, purpose='remove_obstacles_show_kpi_status'),
    Rhythm(id='monthly_review', every='month', minutes=45, purpose='learn_and_adjust_from_data'),
    Rhythm(id='quarterly_retro', every='quarter', minutes=90, purpose='adjust_goals_and_ways_of_working'),
)

_PLAN = (
    (30, 'activate_behaviour', 'behaviour_rate_per_team', 45),
    (60, 'scale_practice', 'kpi_trend_vs_target', 45),
    (90, 'consolidate', 'effect_on_performance', 90),
)
"""(day, focus, how it is measured, review length): the 30- and 60-day reviews are monthly reviews, day 90 is the
quarterly retrospective."""


def plan(agenda: Agenda) -> tuple[Milestone, ...]:
    """The three milestones with each KPI's target at that day: the 30-day target, the middle of the road from
    30 to 90 days (the trend a leader checks at day 60), and the 90-day target."""
    return tuple(
        Milestone(
            day=day,
            focus=focus,
            measured_as=measured_as,
            date=working_day(agenda.event.date + dt.timedelta(days=day)),
            review_minutes=minutes,
            measures=tuple(_measure(goal, kpi, day) for goal in agenda.goals for kpi in goal.kpis),
        )
        for day, focus, measured_as, minutes in _PLAN
    )


def target_at(kpi: Kpi, day: int) -> float:
    """The KPI's target on day 30, 60 or 90 (60 is the midpoint of the 30- and 90-day targets)."""
    if day <= 30:
        return kpi.target_30
    if day >= 90:
        return kpi.target_90
    return round(kpi.target_30 + (kpi.target_90 - kpi.target_30) * (day - 30) / 60, 2)


def direction(kpi: Kpi) -> str:
    if kpi.target_90 > kpi.baseline:
        return 'up'
    if kpi.target_90 < kpi.baseline:
        return 'down'
    return 'hold'


def working_day(day: dt.date) -> dt.date:
    """The day itself, or the Monday after when it falls on a weekend."""
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def weekly_checkins(agenda: Agenda) -> tuple[dt.datetime, ...]:
    """Twelve weekly check-ins at the event's start time, a week apart from the week after the day, in the event's
    time zone (wall-clock time: 09:00 stays 09:00 across a change to or from summer time)."""
    first = working_day(agenda.event.date + dt.timedelta(days=7))
    return tuple(
        dt.datetime.combine(first + dt.timedelta(weeks=week), agenda.event.start, tzinfo=agenda.event.tz)
        for week in range(WEEKLY_CHECKINS)
    )


def review_start(agenda: Agenda, milestone: Milestone) -> dt.datetime:
    return dt.datetime.combine(milestone.date, agenda.event.start, tzinfo=agenda.event.tz)


def _measure(goal: Goal, kpi: Kpi, day: int) -> Measure:
    return Measure(
        goal_id=goal.id,
        kpi=kpi.name,
        unit=kpi.unit,
        baseline=kpi.baseline,
        target=target_at(kpi, day),
        direction=direction(kpi),
    )
