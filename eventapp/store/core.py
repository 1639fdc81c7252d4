"""The event's core tables: meta data (secrets, codes), participants and the run of show.

One event per file (`data/<event-id>.db`), WAL with synchronous=FULL: every write this module returns from is
committed and on disk, so the UI may say "saved" after it and a server killed at any moment restarts into the same
state. The phones' own writes are the exception: they are committed `relaxed` and made durable in groups, and the
page awaits `durable` before acknowledging (see durability.py).
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
from collections.abc import Callable
from pathlib import Path

from sqlite_utils import Database

from ..domain.participants import Participant
from ..domain.run import RunState
from ..domain.seating import Attendee
from . import schema
from .durability import DurableWrites, relaxed


def _m1_base(db: Database) -> None:
    db.execute('CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)')
    db.execute(
        'CREATE TABLE participants (id TEXT PRIMARY KEY, name TEXT NOT NULL, department TEXT NOT NULL, '
        'language TEXT NOT NULL, leader INTEGER NOT NULL DEFAULT 0, joined_at TEXT NOT NULL)'
    )
    db.execute(
        'CREATE TABLE run_state (id INTEGER PRIMARY KEY CHECK (id = 1), version INTEGER NOT NULL, '
        'phase TEXT NOT NULL, idx INTEGER NOT NULL, started_at TEXT, paused_at TEXT, '
        'paused_seconds REAL NOT NULL, extra_minutes INTEGER NOT NULL, actual_starts TEXT NOT NULL)'
    )
    db.execute(
        "INSERT INTO run_state VALUES (1, 0, 'before', -1, NULL, NULL, 0, 0, '{}')",
    )


def _m2_presence(db: Database) -> None:
    """Who is in the room: a joined phone is present until the facilitator checks the person out."""
    db.execute('ALTER TABLE participants ADD COLUMN present INTEGER NOT NULL DEFAULT 1')


MIGRATIONS: tuple[schema.Migration, ...] = (_m1_base, _m2_presence)
"""The core component's migrations, in order. Only ever append."""


class Store(DurableWrites):
    """Typed access to one event's database."""

    def __init__(self, db: Database) -> None:
        self.db = db

    @classmethod
    def open(cls, path: Path) -> Store:
        path.parent.mkdir(parents=True, exist_ok=True)
        db = Database(path)
        db.enable_wal()
        db.execute('PRAGMA synchronous=FULL')
        db.execute('PRAGMA busy_timeout=5000')
        store = cls(db)
        store.migrate()
        return store

    def close(self) -> None:
        self.db.close()

    def migrate(self) -> None:
        version = schema.apply(self.db, 'core', MIGRATIONS)
        self.db.execute(f'PRAGMA user_version = {version}')  # visible to any SQLite tool

    def integrity_ok(self) -> bool:
        return self.db.execute('PRAGMA integrity_check').fetchone()[0] == 'ok'

    # --- meta -------------------------------------------------------------------------------------

    def meta(self, key: str) -> str | None:
        row = self.db.execute('SELECT value FROM meta WHERE key = ?', [key]).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        self.db.execute(
            'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = ?', [key, value, value]
        )

    def ensure_meta(self, key: str, make: Callable[[], str]) -> str:
        """The stored value, or a new one made, stored and returned (secrets that must survive a restart)."""
        value = self.meta(key)
        if value is None:
            value = make()
            self.db.execute('INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)', [key, value])
            value = self.meta(key) or value
        return value

    def secret(self, key: str) -> str:
        return self.ensure_meta(key, lambda: secrets.token_urlsafe(16))

    def is_rehearsal(self) -> bool:
        """Whether this file holds a rehearsal (simulated people): every surface says so, the export leaves it out."""
        return self.meta('rehearsal') == '1'

    def mark_rehearsal(self) -> None:
        """Remember for good that this file is a rehearsal; a rehearsal file never becomes a real day."""
        self.set_meta('rehearsal', '1')

    # --- participants -----------------------------------------------------------------------------

    def save_participant(self, participant: Participant, now: dt.datetime) -> None:
        """Insert or update a phone's join details; the first join time is kept. Relaxed: await `durable`."""
        with relaxed(self.db):
            self._save_participant(participant, now)

    def _save_participant(self, participant: Participant, now: dt.datetime) -> None:
        self.db.execute(
            'INSERT INTO participants (id, name, department, language, leader, joined_at) VALUES (?, ?, ?, ?, ?, ?) '
            'ON CONFLICT(id) DO UPDATE SET name = excluded.name, department = excluded.department, '
            'language = excluded.language',
            [
                participant.id,
                participant.name,
                participant.department,
                participant.language,
                int(participant.leader),
                now.isoformat(),
            ],
        )

    def participant(self, participant_id: str) -> Participant | None:
        row = self.db.execute(
            'SELECT id, name, department, language, leader FROM participants WHERE id = ?', [participant_id]
        ).fetchone()
        if row is None:
            return None
        return Participant(id=row[0], name=row[1], department=row[2], language=row[3], leader=bool(row[4]))

    def set_language(self, participant_id: str, language: str) -> None:
        self.db.execute('UPDATE participants SET language = ? WHERE id = ?', [language, participant_id])

    def participant_count(self) -> int:
        return self.db.execute('SELECT count(*) FROM participants').fetchone()[0]

    def newest_attendee(self) -> Attendee | None:
        """The participant stored last: a join adds one row, so the rounds add one person instead of re-reading all."""
        row = self.db.execute(
            'SELECT id, name, department, leader, present FROM participants ORDER BY rowid DESC LIMIT 1'
        ).fetchone()
        if row is None:
            return None
        return Attendee(id=row[0], name=row[1], department=row[2], leader=bool(row[3]), present=bool(row[4]))

    def attendees(self) -> list[Attendee]:
        """Everyone who joined, in join order, with their leader mark and presence (the table rounds' roster)."""
        rows = self.db.execute(
            'SELECT id, name, department, leader, present FROM participants ORDER BY joined_at, id'
        ).fetchall()
        return [
            Attendee(id=row[0], name=row[1], department=row[2], leader=bool(row[3]), present=bool(row[4]))
            for row in rows
        ]

    def set_present(self, participant_id: str, present: bool) -> bool:
        """Check a person in or out; False if nobody has that id."""
        cursor = self.db.execute('UPDATE participants SET present = ? WHERE id = ?', [int(present), participant_id])
        return cursor.rowcount == 1

    def set_leader(self, participant_id: str, leader: bool) -> bool:
        """Mark a person as leader or ambassador (or not); False if nobody has that id."""
        cursor = self.db.execute('UPDATE participants SET leader = ? WHERE id = ?', [int(leader), participant_id])
        return cursor.rowcount == 1

    def present_count(self) -> int:
        return self.db.execute('SELECT count(*) FROM participants WHERE present = 1').fetchone()[0]

    # --- run of show ------------------------------------------------------------------------------

    def run_state(self) -> RunState:
        row = self.db.execute(
            'SELECT version, phase, idx, started_at, paused_at, paused_seconds, extra_minutes, actual_starts '
            'FROM run_state WHERE id = 1'
        ).fetchone()
        return RunState(
            version=row[0],
            phase=row[1],
            index=row[2],
            started_at=_time(row[3]),
            paused_at=_time(row[4]),
            paused_seconds=row[5],
            extra_minutes=row[6],
            actual_starts={k: dt.datetime.fromisoformat(v) for k, v in json.loads(row[7]).items()},
        )

    def save_run_state(self, state: RunState, *, expected_version: int) -> bool:
        """Write the new state only if nobody else wrote since `expected_version`; False when the view was stale."""
        cursor = self.db.execute(
            'UPDATE run_state SET version = ?, phase = ?, idx = ?, started_at = ?, paused_at = ?, '
            'paused_seconds = ?, extra_minutes = ?, actual_starts = ? WHERE id = 1 AND version = ?',
            [
                state.version,
                state.phase,
                state.index,
                _iso(state.started_at),
                _iso(state.paused_at),
                state.paused_seconds,
                state.extra_minutes,
                json.dumps({k: v.isoformat() for k, v in state.actual_starts.items()}),
                expected_version,
            ],
        )
        return cursor.rowcount == 1


def _iso(value: dt.datetime | None) -> str | None:
    return value.isoformat() if value else None


def _time(value: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(value) if value else None
