"""Group commit for the room's writes: many phones' commits made durable by one fsync, off the event loop.

With `synchronous=FULL` every commit waits for its own fsync of the WAL, on the event loop: 1-3 ms each here, so
2,000 phones answering a pulse, voting or pledging within three seconds queue behind each other's disk flushes and
every other phone's acknowledgement waits too. The phones' own writes (join, pulse answer, question, vote, pledge)
are therefore committed `relaxed` (`synchronous=NORMAL`: the WAL is written, not flushed), and the page awaits
`durable()` before it says "saved": one fsync in a worker thread covers every commit made before it started, for as
many phones as wrote meanwhile. The promise is unchanged: nothing is acknowledged before it is on disk. Every other
write (the facilitator's, the settings) stays `synchronous=FULL`, durable when the call returns.

A process killed with SIGKILL loses nothing either way (the written WAL is in the kernel's page cache); the flush is
what protects against a power cut or an OS crash.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import threading
import weakref
from collections.abc import Iterator
from pathlib import Path

from sqlite_utils import Database

FULL, NORMAL = 2, 1


@contextlib.contextmanager
def relaxed(db: Database) -> Iterator[None]:
    """Commits inside are written to the WAL but not flushed: the caller awaits `durable(db)` before acknowledging."""
    db.execute(f'PRAGMA synchronous={NORMAL}')
    try:
        yield
    finally:
        db.execute(f'PRAGMA synchronous={FULL}')


class WalFlusher:
    """Flushes one database's WAL for every waiter that arrived before the flush began, one flush at a time."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.wal = Path(f'{path}-wal')
        self.flushes = 0
        """How many fsyncs ran (a benchmark and the tests read it: many commits, few flushes)."""
        self._lock = threading.Lock()
        self._fd: int | None = None
        self._inode: int | None = None
        self._waiting: list[asyncio.Future[None]] = []
        self._task: asyncio.Task[None] | None = None

    async def durable(self) -> None:
        """Return once every commit made before this call is on disk."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future[None] = loop.create_future()
        self._waiting.append(future)
        if self._task is None or self._task.done():
            self._task = loop.create_task(self._flush_while_waited(), name='wal flush')
        await asyncio.shield(future)  # a cancelled page must not cancel the flush others wait for

    async def _flush_while_waited(self) -> None:
        while self._waiting:
            batch, self._waiting = self._waiting, []  # whoever arrives during this flush waits for the next one
            try:
                await asyncio.to_thread(self.flush)
            except Exception as error:  # the disk failed: nobody may be told "saved"
                for future in batch:
                    if not future.done():
                        future.set_exception(error)
            else:
                for future in batch:
                    if not future.done():
                        future.set_result(None)

    def flush(self) -> None:
        """fsync the WAL file (or the database file when there is no WAL: everything was checkpointed into it)."""
        with self._lock:
            fd = self._wal_fd()
            if fd is None:
                with open(self.path, 'rb') as database:
                    os.fsync(database.fileno())
            else:
                os.fsync(fd)
            self.flushes += 1

    def _wal_fd(self) -> int | None:
        try:
            inode = os.stat(self.wal).st_ino
        except FileNotFoundError:
            return None
        if inode != self._inode:  # a new WAL file: open it, and make its directory entry durable once
            self.close()
            self._fd, self._inode = os.open(self.wal, os.O_RDONLY), inode
            directory = os.open(self.wal.parent, os.O_RDONLY)
            try:
                os.fsync(directory)
            finally:
                os.close(directory)
        return self._fd

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = self._inode = None


_flushers: weakref.WeakKeyDictionary[Database, WalFlusher | None] = weakref.WeakKeyDictionary()


def flusher(db: Database) -> WalFlusher | None:
    """The one flusher of this database connection, made on first use (None for an in-memory database)."""
    try:
        return _flushers[db]
    except KeyError:
        path = next((row[2] for row in db.execute('PRAGMA database_list') if row[1] == 'main'), '')
        found = _flushers[db] = WalFlusher(Path(path)) if path else None
        return found


class DurableWrites:
    """For the store classes: `await store.durable()` before telling a phone "saved" after a relaxed write."""

    db: Database

    async def durable(self) -> None:
        await durable(self.db)


async def durable(db: Database) -> None:
    """Wait until every commit made on `db` before this call is on disk (see the module docstring)."""
    found = flusher(db)
    if found is not None:  # an in-memory database (tests) has no disk to wait for
        await found.durable()
