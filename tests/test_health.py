"""The server's health as a venue check sees it: the numbers, no people, and 503 when something is wrong."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from eventapp.domain.participants import Participant
from eventapp.health import Health, LoopSampler
from eventapp.store import Store
from eventapp.ui.health import healthz_response


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    store = Store.open(tmp_path / 'event.db')
    yield store
    store.close()


def health_of(store: Store, **kwargs) -> Health:
    return Health(
        joined=store.participant_count,
        database=store.participant_count,
        connected=lambda: {'phone': 12, 'screen': 1, 'panel': 1, 'other': 0},
        **kwargs,
    )


async def until(condition, timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, 'condition not met in time'
        await asyncio.sleep(0.01)


async def test_a_healthy_server_answers_200_with_the_numbers(store: Store) -> None:
    health = health_of(store, sampler=LoopSampler(interval=0.02, window=10))
    health.start()
    await until(lambda: len(health.sampler.samples) >= 3)

    response = healthz_response(health.report())
    body = json.loads(response.body)
    assert response.status_code == 200
    assert response.headers['cache-control'] == 'no-store'
    assert body['ok'] is True
    assert body['status'] == 'ok'
    assert body['reasons'] == []
    assert body['version'] == '0.1.0'
    assert body['uptime_s'] >= 0
    assert body['connected'] == {'phone': 12, 'screen': 1, 'panel': 1, 'other': 0}
    assert body['joined'] == 0
    assert body['database_ok'] is True
    assert 0 <= body['lag_ms']['p50'] <= body['lag_ms']['max'] < 500
    assert body['cpu_percent'] >= 0
    assert body['rss_mb'] > 20
    assert 0 < body['open_files'] < body['open_files_limit']
    health.stop()


async def test_the_answer_names_no_one_and_gives_no_secret(store: Store, tmp_path: Path) -> None:
    secrets = [store.secret(key) for key in ('facilitator_secret', 'screen_key', 'storage_secret')]
    joined_at = dt.datetime(2027, 1, 14, 9, tzinfo=dt.UTC)
    store.save_participant(Participant(id='p-7f3a', name='Kari Nordmann', department='Salg'), joined_at)
    text = healthz_response(health_of(store).report()).body.decode()
    assert json.loads(text)['joined'] == 1
    for private in [*secrets, 'Kari', 'Salg', 'p-7f3a', str(tmp_path)]:
        assert private not in text


async def test_503_when_the_database_is_gone(store: Store) -> None:
    health = Health(joined=lambda: 3, database=store.participant_count)
    store.close()
    report = health.report()
    response = healthz_response(report)
    assert response.status_code == 503
    body = json.loads(response.body)
    assert body['ok'] is False
    assert body['database_ok'] is False
    assert body['reasons'] == ['database unreachable']
    assert 'closed' not in response.body.decode()  # the exception goes to the log, not to the answer


async def test_503_when_the_event_loop_lags(store: Store) -> None:
    health = health_of(store, sampler=LoopSampler(interval=0.02, window=3), lag_down=0.1)
    health.start()
    await until(lambda: len(health.sampler.samples) >= 3)
    assert health.report().status == 'ok'
    for _ in range(3):  # a handler that blocks the loop, three times in a row
        count = len(health.sampler.samples), health.sampler.samples[-1].at
        time.sleep(0.2)
        await until(lambda count=count: (len(health.sampler.samples), health.sampler.samples[-1].at) != count)

    report = health.report()
    assert report.status == 'down'
    assert report.lag_ms['p50'] >= 150
    assert any(reason.startswith('event loop lagging') for reason in report.reasons)
    assert healthz_response(report).status_code == 503
    health.stop()


async def test_one_slow_moment_is_busy_not_down(store: Store) -> None:
    health = health_of(store, sampler=LoopSampler(interval=0.02, window=10))
    health.start()
    await until(lambda: len(health.sampler.samples) >= 5)
    last = health.sampler.samples[-1].at
    time.sleep(0.3)
    await until(lambda: health.sampler.samples[-1].at != last)

    report = health.report()
    assert report.status == 'busy'
    assert report.healthy
    assert healthz_response(report).status_code == 200
    health.stop()


def test_connected_pages_are_counted_at_most_once_a_second(store: Store, monkeypatch) -> None:
    """Counting walks every client: a probe asking five times a second must not walk 2,000 phones each time."""
    counts: list[int] = []
    clock = [100.0]
    monkeypatch.setattr('eventapp.health.time.monotonic', lambda: clock[0])
    health = Health(
        joined=store.participant_count,
        database=store.participant_count,
        connected=lambda: counts.append(1) or {'phone': len(counts), 'screen': 0, 'panel': 0, 'other': 0},
    )
    assert health.report().connected['phone'] == 1
    clock[0] += 0.5
    assert health.report().connected['phone'] == 1
    clock[0] += 0.6
    assert health.report().connected['phone'] == 2
    assert len(counts) == 2


def test_open_files_are_listed_at_most_once_a_second(store: Store, monkeypatch) -> None:
    """Listing /proc/self/fd with 2,000 phones connected is 2,000 entries: not for every probe."""
    listed: list[int] = []
    clock = [100.0]
    monkeypatch.setattr('eventapp.health.time.monotonic', lambda: clock[0])
    monkeypatch.setattr('eventapp.health._open_files', lambda: listed.append(1) or 10 + len(listed))
    health = Health(joined=store.participant_count, database=store.participant_count)
    assert health.report().open_files == 11
    clock[0] += 0.5
    assert health.report().open_files == 11
    clock[0] += 0.6
    assert health.report().open_files == 12
    assert len(listed) == 2
