"""The run of show as the facilitator lives it: start the day, click on, slip back, pause, extend, finish.

Every time is a fixed aware datetime, so the countdown and the 'behind plan' figure are checked to the second.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from eventapp.domain import run
from eventapp.domain.agenda import Agenda, Event, Session
from eventapp.domain.run import FINISHED, RUNNING, RunError, RunState

OSLO = ZoneInfo('Europe/Oslo')
EVENT_DAY = dt.date(2027, 1, 14)


def session(session_id: str, minutes: int) -> Session:
    return Session(id=session_id, title=session_id.title(), kind='learning', minutes=minutes, beat='build', energy=3)


AGENDA = Agenda(
    event=Event(
        id='kickoff-test',
        title='Kickoff',
        date=EVENT_DAY,
        start=dt.time(9, 0),
        timezone='Europe/Oslo',
        language='nb',
    ),
    vision='Kundene stoler på oss.',
    goals=(),
    departments=('Salg',),
    sessions=(session('opening', 10), session('story', 20), session('goals', 30)),
)
"""Three sessions planned 09.00, 09.10 and 09.30 Oslo time on the event day."""


def at(hour: int, minute: int, second: int = 0, day: dt.date = EVENT_DAY) -> dt.datetime:
    """A moment given in Oslo wall-clock time, as the aware UTC datetime the app stores."""
    return dt.datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=OSLO).astimezone(dt.UTC)


def started(now: dt.datetime) -> RunState:
    return run.start(RunState(), AGENDA, now)


def refused(transition) -> str:
    with pytest.raises(RunError) as caught:
        transition()
    return caught.value.key


# --- before the day ---------------------------------------------------------------------------------------------


def test_before_the_day_nothing_counts_down() -> None:
    state = RunState()

    assert state.phase == run.BEFORE
    assert run.remaining_seconds(state, AGENDA, at(9, 0)) == 0
    assert run.deadline(state, AGENDA, at(9, 0)) is None
    assert run.overrun_minutes(state, AGENDA, at(9, 30)) == 0


def test_starting_the_day_opens_the_first_session() -> None:
    state = started(at(9, 0))

    assert state.phase == RUNNING
    assert state.index == 0
    assert state.started_at == at(9, 0)
    assert not state.paused
    assert state.actual_starts == {'opening': at(9, 0)}
    assert run.remaining_seconds(state, AGENDA, at(9, 0)) == 10 * 60


def test_next_before_the_day_starts_it() -> None:
    state = run.advance(RunState(), AGENDA, at(9, 0))

    assert state.phase == RUNNING
    assert state.index == 0


def test_starting_twice_is_refused() -> None:
    state = started(at(9, 0))

    assert refused(lambda: run.start(state, AGENDA, at(9, 1))) == 'run.already_started'


# --- moving through the day -------------------------------------------------------------------------------------


def test_next_goes_session_by_session_and_finishes_after_the_last() -> None:
    state = started(at(9, 0))
    state = run.advance(state, AGENDA, at(9, 10))
    assert (state.phase, state.index, state.started_at) == (RUNNING, 1, at(9, 10))
    state = run.advance(state, AGENDA, at(9, 30))
    assert (state.phase, state.index) == (RUNNING, 2)

    state = run.advance(state, AGENDA, at(10, 0))

    assert state.phase == FINISHED
    assert run.remaining_seconds(state, AGENDA, at(10, 0)) == 0
    assert run.deadline(state, AGENDA, at(10, 0)) is None
    assert run.overrun_minutes(state, AGENDA, at(10, 0)) == 0


def test_next_after_the_day_is_over_is_refused() -> None:
    state = started(at(9, 0))
    for minute in (10, 30, 59):
        state = run.advance(state, AGENDA, at(9, minute))

    assert refused(lambda: run.advance(state, AGENDA, at(10, 0))) == 'run.already_finished'


def test_previous_goes_back_one_session_and_restarts_its_countdown() -> None:
    state = run.advance(started(at(9, 0)), AGENDA, at(9, 10))

    state = run.back(state, AGENDA, at(9, 11))

    assert (state.phase, state.index, state.started_at) == (RUNNING, 0, at(9, 11))
    assert run.remaining_seconds(state, AGENDA, at(9, 11)) == 10 * 60


def test_previous_after_the_end_reopens_the_last_session() -> None:
    state = started(at(9, 0))
    for minute in (10, 30, 59):
        state = run.advance(state, AGENDA, at(9, minute))

    state = run.back(state, AGENDA, at(10, 0))

    assert (state.phase, state.index) == (RUNNING, 2)


def test_previous_before_the_day_is_refused() -> None:
    assert refused(lambda: run.back(RunState(), AGENDA, at(9, 0))) == 'run.not_started'


def test_previous_in_the_first_session_is_refused() -> None:
    state = started(at(9, 0))

    assert refused(lambda: run.back(state, AGENDA, at(9, 1))) == 'run.at_first'


def test_jump_goes_straight_to_any_session() -> None:
    state = run.jump(started(at(9, 0)), AGENDA, 2, at(9, 5))

    assert (state.phase, state.index, state.started_at) == (RUNNING, 2, at(9, 5))


def test_jump_before_the_day_starts_it_at_that_session() -> None:
    state = run.jump(RunState(), AGENDA, 1, at(9, 0))

    assert (state.phase, state.index) == (RUNNING, 1)


@pytest.mark.parametrize('index', [-1, 3, 99])
def test_jump_to_a_session_not_in_the_agenda_is_refused(index: int) -> None:
    state = started(at(9, 0))

    assert refused(lambda: run.jump(state, AGENDA, index, at(9, 1))) == 'run.unknown_session'


# --- pause, resume, extend --------------------------------------------------------------------------------------


def test_pause_and_resume_are_refused_when_nothing_runs() -> None:
    assert refused(lambda: run.pause(RunState(), at(9, 0))) == 'run.not_running'
    assert refused(lambda: run.resume(RunState(), at(9, 0))) == 'run.not_paused'
    assert refused(lambda: run.extend(RunState())) == 'run.not_running'


def test_pause_resume_and_extend_are_refused_after_the_end() -> None:
    state = started(at(9, 0))
    for minute in (10, 30, 59):
        state = run.advance(state, AGENDA, at(9, minute))

    assert refused(lambda: run.pause(state, at(10, 0))) == 'run.not_running'
    assert refused(lambda: run.resume(state, at(10, 0))) == 'run.not_paused'
    assert refused(lambda: run.extend(state)) == 'run.not_running'


def test_pausing_twice_is_refused() -> None:
    state = run.pause(started(at(9, 0)), at(9, 2))

    assert refused(lambda: run.pause(state, at(9, 3))) == 'run.already_paused'


def test_resuming_a_running_session_is_refused() -> None:
    state = started(at(9, 0))

    assert refused(lambda: run.resume(state, at(9, 3))) == 'run.not_paused'


def test_a_pause_stops_the_countdown_and_resume_carries_on() -> None:
    state = started(at(9, 0))
    assert run.remaining_seconds(state, AGENDA, at(9, 4)) == 6 * 60

    state = run.pause(state, at(9, 4))
    assert state.paused
    assert run.remaining_seconds(state, AGENDA, at(9, 4)) == 6 * 60
    assert run.remaining_seconds(state, AGENDA, at(9, 9, 30)) == 6 * 60

    state = run.resume(state, at(9, 10))
    assert not state.paused
    assert run.remaining_seconds(state, AGENDA, at(9, 10)) == 6 * 60
    assert run.remaining_seconds(state, AGENDA, at(9, 12)) == 4 * 60
    assert run.elapsed_seconds(state, at(9, 12)) == 6 * 60


def test_two_pauses_add_up() -> None:
    state = started(at(9, 0))
    state = run.resume(run.pause(state, at(9, 1)), at(9, 3))
    state = run.resume(run.pause(state, at(9, 4)), at(9, 4, 30))

    assert state.paused_seconds == 150
    assert run.remaining_seconds(state, AGENDA, at(9, 5)) == 10 * 60 - (5 * 60 - 150)


def test_extend_adds_five_minutes_each_time() -> None:
    state = started(at(9, 0))

    state = run.extend(state)
    assert run.remaining_seconds(state, AGENDA, at(9, 8)) == 7 * 60
    state = run.extend(state)
    assert run.remaining_seconds(state, AGENDA, at(9, 8)) == 12 * 60
    assert run.planned_seconds(state, AGENDA) == 20 * 60


def test_deadline_is_when_the_session_ends_counting_pauses_and_extensions() -> None:
    state = started(at(9, 0))
    assert run.deadline(state, AGENDA, at(9, 3)) == at(9, 10)

    state = run.resume(run.pause(state, at(9, 3)), at(9, 5))
    state = run.extend(state)

    assert run.deadline(state, AGENDA, at(9, 6)) == at(9, 17)


def test_a_paused_session_keeps_its_remaining_time_so_the_deadline_moves_with_the_clock() -> None:
    state = run.pause(started(at(9, 0)), at(9, 4))

    assert run.deadline(state, AGENDA, at(9, 5)) == at(9, 11)
    assert run.deadline(state, AGENDA, at(9, 8)) == at(9, 14)


def test_over_time_the_remaining_time_goes_negative() -> None:
    state = started(at(9, 0))

    assert run.remaining_seconds(state, AGENDA, at(9, 10)) == 0
    assert run.remaining_seconds(state, AGENDA, at(9, 13, 30)) == -210
    assert run.deadline(state, AGENDA, at(9, 13, 30)) == at(9, 10)


def test_next_clears_a_pause_and_gives_the_next_session_its_full_time() -> None:
    state = run.pause(started(at(9, 0)), at(9, 5))

    state = run.advance(state, AGENDA, at(9, 8))

    assert not state.paused
    assert state.paused_seconds == 0
    assert state.extra_minutes == 0
    assert run.remaining_seconds(state, AGENDA, at(9, 18)) == 10 * 60


def test_an_extension_belongs_to_its_session_only() -> None:
    state = run.extend(started(at(9, 0)))

    state = run.advance(state, AGENDA, at(9, 15))

    assert run.planned_seconds(state, AGENDA) == 20 * 60


# --- behind or ahead of plan on the event day -------------------------------------------------------------------


def test_on_time_start_is_on_plan() -> None:
    assert run.overrun_minutes(started(at(9, 0)), AGENDA, at(9, 5)) == 0


def test_a_late_start_puts_the_day_behind() -> None:
    assert run.overrun_minutes(started(at(9, 7)), AGENDA, at(9, 7)) == 7


def test_an_early_start_puts_the_day_ahead() -> None:
    assert run.overrun_minutes(started(at(8, 55)), AGENDA, at(8, 56)) == -5


def test_a_pause_puts_the_day_behind_while_it_lasts_and_after() -> None:
    state = run.pause(started(at(9, 0)), at(9, 2))
    assert run.overrun_minutes(state, AGENDA, at(9, 5)) == 3

    state = run.resume(state, at(9, 6))

    assert run.overrun_minutes(state, AGENDA, at(9, 7)) == 4


def test_running_over_time_puts_the_day_behind_and_the_next_session_starts_late() -> None:
    state = started(at(9, 0))
    assert run.overrun_minutes(state, AGENDA, at(9, 14)) == 4

    state = run.advance(state, AGENDA, at(9, 14))

    assert run.overrun_minutes(state, AGENDA, at(9, 15)) == 4


def test_a_start_just_after_midnight_oslo_time_counts_as_the_event_day() -> None:
    just_after_midnight = at(0, 30)
    assert just_after_midnight.date() == dt.date(2027, 1, 13)  # still the day before in UTC

    state = started(just_after_midnight)

    assert run.planned_starts(state, AGENDA) == AGENDA.planned_starts()
    assert run.overrun_minutes(state, AGENDA, just_after_midnight) == -510


# --- a rehearsal on another day ---------------------------------------------------------------------------------


REHEARSAL_DAY = dt.date(2027, 1, 7)


def test_on_the_event_day_the_plan_is_the_agendas_clock_times() -> None:
    state = started(at(14, 0))

    assert run.planned_starts(state, AGENDA) == [at(9, 0), at(9, 10), at(9, 30)]
    assert run.overrun_minutes(state, AGENDA, at(14, 0)) == 300


def test_a_rehearsal_on_another_day_is_measured_from_its_own_start() -> None:
    state = started(at(14, 0, day=REHEARSAL_DAY))

    assert run.planned_starts(state, AGENDA) == [
        at(14, 0, day=REHEARSAL_DAY),
        at(14, 10, day=REHEARSAL_DAY),
        at(14, 30, day=REHEARSAL_DAY),
    ]
    assert run.overrun_minutes(state, AGENDA, at(14, 1, day=REHEARSAL_DAY)) == 0


def test_a_rehearsal_that_runs_over_is_behind_its_shifted_plan() -> None:
    state = started(at(14, 0, day=REHEARSAL_DAY))

    state = run.advance(state, AGENDA, at(14, 12, day=REHEARSAL_DAY))

    assert run.overrun_minutes(state, AGENDA, at(14, 13, day=REHEARSAL_DAY)) == 2


def test_before_anything_started_the_plan_is_the_agendas() -> None:
    assert run.planned_starts(RunState(), AGENDA) == AGENDA.planned_starts()


# --- the record of the day --------------------------------------------------------------------------------------


def test_actual_starts_keep_the_first_start_of_each_session() -> None:
    state = started(at(9, 0))
    state = run.advance(state, AGENDA, at(9, 10))
    state = run.back(state, AGENDA, at(9, 12))
    state = run.advance(state, AGENDA, at(9, 20))
    state = run.jump(state, AGENDA, 0, at(9, 25))

    assert state.started_at == at(9, 25)
    assert state.actual_starts == {'opening': at(9, 0), 'story': at(9, 10)}


def test_actual_starts_survive_finishing_and_reopening() -> None:
    state = started(at(9, 0))
    for minute in (10, 30, 59):
        state = run.advance(state, AGENDA, at(9, minute))

    state = run.back(state, AGENDA, at(10, 0))

    assert state.actual_starts == {'opening': at(9, 0), 'story': at(9, 10), 'goals': at(9, 30)}


def test_every_transition_raises_the_version() -> None:
    now = at(9, 0)
    steps = [
        lambda s: run.start(s, AGENDA, now),
        lambda s: run.pause(s, now),
        lambda s: run.resume(s, now),
        lambda s: run.extend(s),
        lambda s: run.advance(s, AGENDA, now),
        lambda s: run.back(s, AGENDA, now),
        lambda s: run.jump(s, AGENDA, 2, now),
        lambda s: run.advance(s, AGENDA, now),
        lambda s: run.back(s, AGENDA, now),
        lambda s: run.advance(s, AGENDA, now),
        lambda s: run.back(s, AGENDA, now),
    ]
    versions = [0]
    state = RunState()
    for step in steps:
        state = step(state)
        versions.append(state.version)

    assert versions == sorted(set(versions))
    assert len(versions) == len(steps) + 1


def test_a_finished_day_cannot_be_started_again_by_accident() -> None:
    state = started(at(9, 0))
    for minute in (10, 30, 59):
        state = run.advance(state, AGENDA, at(9, minute))
    assert state.phase == FINISHED
    assert refused(lambda: run.start(state, AGENDA, at(10, 1))) == 'run.already_finished'


def test_an_extension_makes_the_day_late_once_the_original_time_is_used() -> None:
    state = run.extend(started(at(9, 0)))
    assert run.overrun_minutes(state, AGENDA, at(9, 9)) == 0
    assert run.overrun_minutes(state, AGENDA, at(9, 13)) == 3  # 10 planned minutes used, 3 more taken


def test_a_rehearsal_that_starts_with_a_jump_is_measured_from_that_session() -> None:
    rehearsal_day = dt.date(2026, 12, 1)
    state = run.jump(RunState(), AGENDA, 1, at(14, 0, day=rehearsal_day))  # planned 09.10 on the day
    assert run.overrun_minutes(state, AGENDA, at(14, 5, day=rehearsal_day)) == 0
    assert run.planned_starts(state, AGENDA)[0] == at(13, 50, day=rehearsal_day)
