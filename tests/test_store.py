"""The event's database: what the app saves is really on disk when a call returns, and comes back after a restart.

Every test gets its own fresh file. Where the question is "did it reach the disk", the answer is read through a
second, independent sqlite3 connection, the way another process (or the server after a crash) would see it.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from eventapp.domain.participants import Participant
from eventapp.domain.run import RUNNING, RunState
from eventapp.store import MIGRATIONS, Store

T0 = dt.datetime(2027, 1, 14, 8, 0, tzinfo=dt.UTC)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / 'data' / 'kickoff-test.db'


@pytest.fixture
def store(db_path: Path) -> Iterator[Store]:
    store = Store.open(db_path)
    yield store
    store.close()


def other_process(db_path: Path, sql: str, parameters: tuple = ()) -> list[tuple]:
    """What a separate connection to the same file reads right now."""
    connection = sqlite3.connect(db_path)
    try:
        return connection.execute(sql, parameters).fetchall()
    finally:
        connection.close()


def reopened(store: Store, db_path: Path) -> Store:
    store.close()
    return Store.open(db_path)


def a_running_day() -> RunState:
    return RunState(
        version=7,
        phase=RUNNING,
        index=3,
        started_at=dt.datetime(2027, 1, 14, 9, 47, 12, 345678, tzinfo=dt.UTC),
        paused_at=dt.datetime(2027, 1, 14, 9, 58, 1, tzinfo=dt.UTC),
        paused_seconds=93.25,
        extra_minutes=10,
        actual_starts={
            'apning': dt.datetime(2027, 1, 14, 8, 2, tzinfo=dt.UTC),
            'kundehistorien': dt.datetime(2027, 1, 14, 9, 18, 30, tzinfo=ZoneInfo('Europe/Oslo')),
            'tre-maal': dt.datetime(2027, 1, 14, 8, 40, 0, 1, tzinfo=dt.UTC),
        },
    )


# --- schema ----------------------------------------------------------------------------------------------------


def test_opening_creates_the_file_and_its_folder(db_path: Path, store: Store) -> None:
    assert db_path.is_file()
    assert store.integrity_ok()


def test_migrations_set_the_schema_version(db_path: Path, store: Store) -> None:
    assert other_process(db_path, 'PRAGMA user_version') == [(len(MIGRATIONS),)]


def test_reopening_runs_no_migration_twice_and_keeps_the_data(db_path: Path, store: Store) -> None:
    store.save_participant(Participant(id='phone-1', name='Kari', department='Salg'), T0)
    store.set_meta('event_code', 'ABCDE')

    store = reopened(store, db_path)
    store = reopened(store, db_path)

    assert other_process(db_path, 'PRAGMA user_version') == [(len(MIGRATIONS),)]
    assert store.participant_count() == 1
    assert store.meta('event_code') == 'ABCDE'
    assert store.integrity_ok()
    store.close()


def test_the_journal_is_wal_and_every_commit_is_synced(db_path: Path, store: Store) -> None:
    assert store.db.execute('PRAGMA journal_mode').fetchone()[0] == 'wal'
    assert store.db.execute('PRAGMA synchronous').fetchone()[0] == 2  # FULL
    assert other_process(db_path, 'PRAGMA journal_mode') == [('wal',)]


# --- meta and secrets ------------------------------------------------------------------------------------------


def test_a_fresh_database_has_no_meta(store: Store) -> None:
    assert store.meta('event_code') is None


def test_set_meta_overwrites(store: Store) -> None:
    store.set_meta('event_code', 'ABCDE')
    store.set_meta('event_code', 'FGHJK')

    assert store.meta('event_code') == 'FGHJK'


def test_ensure_meta_makes_a_value_once(store: Store) -> None:
    made: list[str] = []

    def make() -> str:
        made.append('QWERT')
        return 'QWERT'

    assert store.ensure_meta('event_code', make) == 'QWERT'
    assert store.ensure_meta('event_code', make) == 'QWERT'
    assert made == ['QWERT']


def test_secrets_survive_a_restart(db_path: Path, store: Store) -> None:
    facilitator = store.secret('facilitator_secret')
    screen = store.secret('screen_key')

    store = reopened(store, db_path)

    assert store.secret('facilitator_secret') == facilitator
    assert store.secret('screen_key') == screen
    store.close()


def test_secrets_are_long_random_and_distinct(db_path: Path, store: Store, tmp_path: Path) -> None:
    first = store.secret('facilitator_secret')
    other_event = Store.open(tmp_path / 'other.db')

    assert len(first) >= 16
    assert store.secret('screen_key') != first
    assert other_event.secret('facilitator_secret') != first
    other_event.close()


# --- participants ----------------------------------------------------------------------------------------------


def test_a_joined_phone_can_be_read_back(store: Store) -> None:
    kari = Participant(id='phone-1', name='Kari', department='Salg', language='en')

    store.save_participant(kari, T0)

    assert store.participant('phone-1') == kari
    assert store.participant('phone-2') is None


def test_rejoining_updates_the_details_but_keeps_the_first_join_time_and_leader_flag(
    db_path: Path, store: Store
) -> None:
    store.save_participant(Participant(id='phone-1', name='Kari', department='Salg', leader=True), T0)

    store.save_participant(
        Participant(id='phone-1', name='Kari N.', department='Drift', language='en', leader=False),
        T0 + dt.timedelta(hours=2),
    )

    assert store.participant('phone-1') == Participant(
        id='phone-1', name='Kari N.', department='Drift', language='en', leader=True
    )
    joined_at = other_process(db_path, 'SELECT joined_at FROM participants WHERE id = ?', ('phone-1',))
    assert dt.datetime.fromisoformat(joined_at[0][0]) == T0


def test_the_count_is_one_per_phone(store: Store) -> None:
    assert store.participant_count() == 0

    store.save_participant(Participant(id='phone-1', name='Kari'), T0)
    store.save_participant(Participant(id='phone-1', name='Kari N.'), T0)
    store.save_participant(Participant(id='phone-2', name='Ola'), T0)

    assert store.participant_count() == 2


def test_a_phone_can_switch_language(store: Store) -> None:
    store.save_participant(Participant(id='phone-1', name='Kari', language='nb'), T0)

    store.set_language('phone-1', 'en')

    assert store.participant('phone-1').language == 'en'


def test_names_are_stored_exactly_as_given(store: Store) -> None:
    name = "<b>Kari</b>'); DROP TABLE participants;-- 🎉 Ærø"

    store.save_participant(Participant(id='phone-1', name=name), T0)

    assert store.participant('phone-1').name == name
    assert store.participant_count() == 1


# --- run of show -----------------------------------------------------------------------------------------------


def test_a_fresh_database_has_the_day_not_started(store: Store) -> None:
    assert store.run_state() == RunState()


def test_the_run_state_round_trips_every_field(db_path: Path, store: Store) -> None:
    state = a_running_day()

    assert store.save_run_state(state, expected_version=0)

    assert store.run_state() == state
    store = reopened(store, db_path)
    back = store.run_state()
    store.close()
    assert back == state
    assert back.started_at.utcoffset() is not None
    assert all(moment.utcoffset() is not None for moment in back.actual_starts.values())
    assert back.actual_starts['kundehistorien'] == dt.datetime(2027, 1, 14, 8, 18, 30, tzinfo=dt.UTC)


def test_a_state_without_times_round_trips(store: Store) -> None:
    state = RunState(version=3, phase='finished', index=5, paused_seconds=0.0)

    assert store.save_run_state(state, expected_version=0)

    assert store.run_state() == state


def test_a_stale_write_is_refused_and_changes_nothing(db_path: Path, store: Store) -> None:
    first = RunState(version=1, phase=RUNNING, index=0, started_at=T0, actual_starts={'apning': T0})
    assert store.save_run_state(first, expected_version=0)

    other_laptop = RunState(version=1, phase=RUNNING, index=2, started_at=T0 + dt.timedelta(minutes=1))
    assert not store.save_run_state(other_laptop, expected_version=0)

    assert store.run_state() == first
    assert other_process(db_path, 'SELECT version, idx FROM run_state') == [(1, 0)]


def test_writes_follow_each_other_by_version(store: Store) -> None:
    first = RunState(version=1, phase=RUNNING, index=0, started_at=T0)
    second = RunState(version=2, phase=RUNNING, index=1, started_at=T0 + dt.timedelta(minutes=15))

    assert store.save_run_state(first, expected_version=0)
    assert store.save_run_state(second, expected_version=1)
    assert not store.save_run_state(second, expected_version=1)

    assert store.run_state() == second


# --- durability ------------------------------------------------------------------------------------------------


def test_every_write_is_committed_when_the_call_returns(db_path: Path, store: Store) -> None:
    store.set_meta('event_code', 'ABCDE')
    assert other_process(db_path, "SELECT value FROM meta WHERE key = 'event_code'") == [('ABCDE',)]

    store.secret('screen_key')
    assert other_process(db_path, "SELECT count(*) FROM meta WHERE key = 'screen_key'") == [(1,)]

    store.save_participant(Participant(id='phone-1', name='Kari'), T0)
    assert other_process(db_path, 'SELECT name FROM participants') == [('Kari',)]

    store.set_language('phone-1', 'en')
    assert other_process(db_path, 'SELECT language FROM participants') == [('en',)]

    assert store.save_run_state(a_running_day(), expected_version=0)
    assert other_process(db_path, 'SELECT version, phase, idx FROM run_state') == [(7, RUNNING, 3)]

    assert not store.db.conn.in_transaction


def test_a_second_store_on_the_same_file_sees_the_first_ones_writes(db_path: Path, store: Store) -> None:
    second = Store.open(db_path)

    store.save_participant(Participant(id='phone-1', name='Kari'), T0)
    assert store.save_run_state(a_running_day(), expected_version=0)

    assert second.participant('phone-1').name == 'Kari'
    assert second.run_state() == a_running_day()
    second.close()
