"""Group commit: the phones' relaxed commits are acknowledged only after a disk flush that began after them."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

import pytest
from sqlite_utils import Database

from eventapp.store import Store, durability
from eventapp.store.durability import FULL, durable, flusher, relaxed


def open_db(tmp_path: Path) -> Database:
    db = Database(tmp_path / 'event.db')
    db.enable_wal()
    db.execute(f'PRAGMA synchronous={FULL}')
    db.execute('CREATE TABLE t (a TEXT)')
    return db


def test_relaxed_commits_then_puts_full_back_even_after_an_error(tmp_path: Path) -> None:
    db = open_db(tmp_path)
    with relaxed(db), db.atomic():
        assert db.execute('PRAGMA synchronous').fetchone()[0] == durability.NORMAL
        db.execute("INSERT INTO t VALUES ('kept')")
    assert db.execute('PRAGMA synchronous').fetchone()[0] == FULL
    with pytest.raises(RuntimeError), relaxed(db), db.atomic():
        db.execute("INSERT INTO t VALUES ('rolled back')")
        raise RuntimeError
    assert db.execute('PRAGMA synchronous').fetchone()[0] == FULL
    assert [r[0] for r in db.execute('SELECT a FROM t')] == ['kept']


async def test_many_writers_share_few_flushes_and_all_are_answered(tmp_path: Path) -> None:
    db = open_db(tmp_path)

    async def phone(n: int) -> None:
        with relaxed(db), db.atomic():
            db.execute('INSERT INTO t VALUES (?)', [str(n)])
        await durable(db)

    await asyncio.gather(*(phone(n) for n in range(300)))
    assert db.execute('SELECT count(*) FROM t').fetchone()[0] == 300
    assert 1 <= flusher(db).flushes <= 3  # 300 commits, one flush for those before it began (and a straggler or two)


async def test_a_write_during_a_flush_waits_for_the_next_flush(tmp_path: Path, monkeypatch) -> None:
    """A flush only covers what was written before it began: whoever arrives during it waits for another."""
    db = open_db(tmp_path)
    flushing, release = threading.Event(), threading.Event()
    original = durability.WalFlusher.flush
    started: list[int] = []

    def slow_flush(self) -> None:
        started.append(1)
        if len(started) == 1:
            flushing.set()
            release.wait(5)
        original(self)

    monkeypatch.setattr(durability.WalFlusher, 'flush', slow_flush)
    first = asyncio.create_task(durable(db))
    await asyncio.to_thread(flushing.wait, 5)
    second = asyncio.create_task(durable(db))  # arrives while the first flush runs
    await asyncio.sleep(0.05)
    assert not first.done() and not second.done()
    release.set()
    await asyncio.wait_for(asyncio.gather(first, second), 5)
    assert len(started) == 2


async def test_a_failed_flush_is_never_reported_as_saved(tmp_path: Path, monkeypatch) -> None:
    db = open_db(tmp_path)

    def broken(self) -> None:
        raise OSError('disk gone')

    monkeypatch.setattr(durability.WalFlusher, 'flush', broken)
    with pytest.raises(OSError, match='disk gone'):
        await durable(db)


async def test_an_in_memory_database_has_nothing_to_wait_for() -> None:
    db = Database(memory=True)
    await asyncio.wait_for(durable(db), 1)
    assert flusher(db) is None


async def test_the_store_commits_a_join_relaxed_and_flushes_the_wal_file(tmp_path: Path) -> None:
    import datetime as dt

    from eventapp.domain.participants import Participant

    store = Store.open(tmp_path / 'event.db')
    store.save_participant(Participant(id='p1', name='Kari', department='Salg', language='nb'), dt.datetime.now(dt.UTC))
    assert store.db.execute('PRAGMA synchronous').fetchone()[0] == FULL  # everything else stays FULL
    await store.durable()
    assert flusher(store.db).flushes == 1
    assert flusher(store.db).wal == Path(f'{tmp_path / "event.db"}-wal')
    assert store.participant('p1') is not None
