"""The facilitator drives the day from a laptop (or two), and the server may restart at any moment.

Real store on a fresh file, the sample agenda, and a clock the test sets by hand.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from eventapp.domain.run import BEFORE, FINISHED, RUNNING
from eventapp.facilitation import Facilitation
from eventapp.live import Live, RunView
from eventapp.loading import require_agenda
from eventapp.store import Store

AGENDA = require_agenda(Path(__file__).resolve().parents[1] / 'agenda' / 'kickoff.toml')
OSLO = ZoneInfo('Europe/Oslo')


def oslo(hour: int, minute: int, second: int = 0) -> dt.datetime:
    """A moment on the event day, given in Oslo wall-clock time."""
    return dt.datetime(2027, 1, 14, hour, minute, second, tzinfo=OSLO).astimezone(dt.UTC)


class Clock:
    """The server's clock, set by the test."""

    def __init__(self, now: dt.datetime) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / 'kickoff-2027.db'


@pytest.fixture
def clock() -> Clock:
    return Clock(oslo(9, 0))


@pytest.fixture
def live(clock: Clock) -> Live:
    return Live(clock=clock)


@pytest.fixture
def stores(db_path: Path) -> Iterator[list[Store]]:
    """Every store a test opens on the event's file; all closed at the end."""
    opened: list[Store] = []
    yield opened
    for store in opened:
        store.close()


@pytest.fixture
def open_laptop(db_path: Path, stores: list[Store], live: Live):
    """A facilitator panel backed by its own connection to the event's file (another laptop or a restarted server)."""

    def open_() -> Facilitation:
        store = Store.open(db_path)
        stores.append(store)
        return Facilitation(agenda=AGENDA, store=store, live=live)

    return open_


@pytest.fixture
def panel(open_laptop) -> Facilitation:
    return open_laptop()


def stored(db_path: Path):
    """The run of show as a freshly opened connection reads it from disk."""
    store = Store.open(db_path)
    try:
        return store.run_state()
    finally:
        store.close()


# --- outcomes the facilitator sees -----------------------------------------------------------------------------


def test_starting_the_day_says_so_and_the_first_session_counts_down(panel: Facilitation, clock: Clock) -> None:
    outcome = panel.act('start', seen_version=0)

    assert outcome.ok
    assert outcome.key == 'run.done.start'
    assert (outcome.state.phase, outcome.state.index) == (RUNNING, 0)
    clock.now = oslo(9, 5)
    view = panel.view()
    assert view.remaining == (AGENDA.sessions[0].minutes - 5) * 60
    assert view.overrun == 0


def test_next_before_the_day_is_reported_as_the_start(panel: Facilitation) -> None:
    outcome = panel.act('next')

    assert outcome.key == 'run.done.start'
    assert outcome.state.index == 0


@pytest.mark.parametrize(
    ('action', 'index', 'key', 'session'),
    [
        ('next', None, 'run.done.next', 2),
        ('previous', None, 'run.done.previous', 0),
        ('jump', 5, 'run.done.jump', 5),
        ('pause', None, 'run.done.pause', 1),
        ('extend', None, 'run.done.extend', 1),
    ],
)
def test_each_action_says_what_it_did(
    panel: Facilitation, clock: Clock, action: str, index: int | None, key: str, session: int
) -> None:
    panel.act('start')
    clock.now = oslo(9, 15)
    panel.act('next')
    clock.now = oslo(9, 20)

    outcome = panel.act(action, seen_version=panel.state.version, index=index)

    assert outcome.ok
    assert outcome.key == key
    assert outcome.state.index == session
    assert panel.state == outcome.state


def test_pause_then_resume_stops_and_restarts_the_countdown(panel: Facilitation, clock: Clock) -> None:
    panel.act('start')
    clock.now = oslo(9, 5)
    assert panel.act('pause').key == 'run.done.pause'
    clock.now = oslo(9, 12)
    assert panel.view().remaining == 10 * 60

    outcome = panel.act('resume')

    assert outcome.key == 'run.done.resume'
    clock.now = oslo(9, 13)
    assert panel.view().remaining == 9 * 60
    assert panel.view().overrun == 7


def test_next_after_the_last_session_finishes_the_day(panel: Facilitation) -> None:
    panel.act('jump', index=len(AGENDA.sessions) - 1)

    outcome = panel.act('next')

    assert outcome.ok
    assert outcome.key == 'run.done.finish'
    assert outcome.state.phase == FINISHED
    assert panel.act('next').key == 'run.already_finished'


def test_clicking_through_the_whole_day_ends_with_finish(panel: Facilitation) -> None:
    keys = [panel.act('next').key for _ in range(len(AGENDA.sessions) + 1)]

    assert keys[0] == 'run.done.start'
    assert keys[1:-1] == ['run.done.next'] * (len(AGENDA.sessions) - 1)
    assert keys[-1] == 'run.done.finish'


@pytest.mark.parametrize(
    ('action', 'index', 'key'),
    [
        ('previous', None, 'run.not_started'),
        ('pause', None, 'run.not_running'),
        ('resume', None, 'run.not_paused'),
        ('extend', None, 'run.not_running'),
        ('jump', None, 'run.unknown_session'),
        ('jump', len(AGENDA.sessions), 'run.unknown_session'),
        ('dance', None, 'run.unknown_action'),
    ],
)
def test_an_action_that_makes_no_sense_is_explained_and_changes_nothing(
    panel: Facilitation, db_path: Path, action: str, index: int | None, key: str
) -> None:
    outcome = panel.act(action, index=index)

    assert not outcome.ok
    assert outcome.key == key
    assert panel.state.phase == BEFORE
    assert stored(db_path).version == 0


def test_starting_twice_is_refused(panel: Facilitation) -> None:
    panel.act('start')

    outcome = panel.act('start')

    assert (outcome.ok, outcome.key) == (False, 'run.already_started')
    assert panel.state.version == 1


# --- stale views and two laptops -------------------------------------------------------------------------------


def test_a_click_from_an_outdated_screen_is_refused_and_changes_nothing(panel: Facilitation, db_path: Path) -> None:
    panel.act('start', seen_version=0)

    outcome = panel.act('next', seen_version=0)  # a double click: the screen still showed version 0

    assert not outcome.ok
    assert outcome.key == 'run.stale'
    assert outcome.state.index == 0
    assert panel.state.version == 1
    assert (stored(db_path).version, stored(db_path).index) == (1, 0)


def test_two_laptops_cannot_both_move_on_from_the_same_version(open_laptop, db_path: Path, clock: Clock) -> None:
    first = open_laptop()
    first.act('start')
    second = open_laptop()
    assert second.state == first.state

    clock.now = oslo(9, 15)
    assert first.act('next', seen_version=1).ok
    late = second.act('next', seen_version=1)

    assert not late.ok
    assert late.key == 'run.stale'
    assert late.state == first.state
    assert second.state == first.state
    assert (stored(db_path).version, stored(db_path).index) == (2, 1)


def test_after_a_stale_refusal_the_second_laptop_can_act_on_what_it_now_sees(open_laptop, db_path: Path) -> None:
    first = open_laptop()
    second = open_laptop()
    first.act('start')
    assert second.act('start').key == 'run.stale'

    outcome = second.act('next', seen_version=second.state.version)

    assert outcome.key == 'run.done.next'
    assert stored(db_path).index == 1


# --- restarts --------------------------------------------------------------------------------------------------


def test_a_restarted_server_resumes_the_same_session_with_the_same_time_left(open_laptop, clock: Clock) -> None:
    before_crash = open_laptop()
    before_crash.act('start')
    clock.now = oslo(9, 17)
    before_crash.act('next')
    clock.now = oslo(9, 20)
    before_crash.act('pause')
    clock.now = oslo(9, 22)
    before_crash.act('resume')
    before_crash.act('extend')
    clock.now = oslo(9, 30, 30)
    view = before_crash.view()

    after_restart = open_laptop()

    assert after_restart.view() == view
    assert after_restart.state.index == 1
    assert view.remaining == (20 + 5) * 60 - (13 * 60 + 30 - 2 * 60)
    assert view.overrun == 4


def test_a_restart_during_a_pause_keeps_the_countdown_frozen(open_laptop, clock: Clock) -> None:
    before_crash = open_laptop()
    before_crash.act('start')
    clock.now = oslo(9, 6)
    before_crash.act('pause')

    clock.now = oslo(9, 11)
    after_restart = open_laptop()

    assert after_restart.state.paused
    assert after_restart.view().remaining == 9 * 60
    assert after_restart.act('resume').key == 'run.done.resume'


# --- live updates ----------------------------------------------------------------------------------------------


def test_subscribers_get_a_snapshot_after_every_change(panel: Facilitation, live: Live, clock: Clock) -> None:
    seen: list[RunView] = []
    live.run_changed.subscribe(seen.append)

    panel.act('start')
    clock.now = oslo(9, 4)
    panel.act('pause')

    assert [type(view) for view in seen] == [RunView, RunView]
    assert [view.state.version for view in seen] == [1, 2]
    assert seen[0].remaining == AGENDA.sessions[0].minutes * 60
    assert seen[1].remaining == (AGENDA.sessions[0].minutes - 4) * 60
    assert seen[1].state.paused


def test_refused_actions_tell_no_one(open_laptop, live: Live) -> None:
    first = open_laptop()
    second = open_laptop()
    first.act('start')
    seen: list[RunView] = []
    live.run_changed.subscribe(seen.append)

    first.act('start')
    first.act('next', seen_version=0)
    second.act('start')

    assert seen == []
