"""The pledges' tables: one pledge per phone, and whether pledging and the event are closed.

A pledge is keyed by the phone's participant id on purpose: the method wants owned, visible pledges, and a phone must
be able to change its own pledge until pledging closes. The id never leaves the server: the wall names a card by its
row id, and the export carries a name only when the person typed one.
"""

from __future__ import annotations

import datetime as dt

from sqlite_utils import Database

from ..domain.pledges import Draft, Pledge
from . import schema
from .durability import DurableWrites, relaxed


def _m1_pledges(db: Database) -> None:
    db.execute(
        'CREATE TABLE pledges (id INTEGER PRIMARY KEY AUTOINCREMENT, participant_id TEXT NOT NULL UNIQUE, '
        'text TEXT NOT NULL, goal_id TEXT NOT NULL, deadline TEXT NOT NULL, partner TEXT NOT NULL, '
        'name TEXT NOT NULL, wall TEXT NOT NULL, hidden INTEGER NOT NULL DEFAULT 0, '
        'created_at TEXT NOT NULL, updated_at TEXT NOT NULL)'
    )
    db.execute('CREATE TABLE pledge_settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)')


MIGRATIONS: tuple[schema.Migration, ...] = (_m1_pledges,)
"""The pledges component's migrations, in order. Only ever append."""

PLEDGING_CLOSED = 'pledging_closed'
EVENT_CLOSED = 'event_closed'
_COLUMNS = 'id, participant_id, text, goal_id, deadline, partner, name, wall, hidden, created_at, updated_at'


class PledgeStore(DurableWrites):
    """Typed reads and writes of pledges. Every method returns after its write is committed."""

    def __init__(self, db: Database) -> None:
        self.db = db
        schema.apply(db, 'pledges', MIGRATIONS)

    def save(self, participant_id: str, draft: Draft, now: dt.datetime) -> tuple[Pledge, bool]:
        """Insert the phone's pledge or update the one it has (its card and hide flag stay). Returns (pledge, new).
        Relaxed: await `durable` before saying "saved"."""
        with relaxed(self.db), self.db.atomic():
            existed = self.pledge(participant_id) is not None
            self.db.execute(
                'INSERT INTO pledges (participant_id, text, goal_id, deadline, partner, name, wall, created_at, '
                'updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (participant_id) DO UPDATE SET '
                'text = excluded.text, goal_id = excluded.goal_id, deadline = excluded.deadline, '
                'partner = excluded.partner, name = excluded.name, wall = excluded.wall, '
                'updated_at = excluded.updated_at',
                [
                    participant_id,
                    draft.text,
                    draft.goal_id,
                    draft.deadline.isoformat(),
                    draft.partner,
                    draft.name,
                    draft.wall,
                    now.isoformat(),
                    now.isoformat(),
                ],
            )
        pledge = self.pledge(participant_id)
        assert pledge is not None
        return pledge, not existed

    def pledge(self, participant_id: str) -> Pledge | None:
        """A phone's own pledge, if it made one."""
        row = self.db.execute(f'SELECT {_COLUMNS} FROM pledges WHERE participant_id = ?', [participant_id]).fetchone()
        return _pledge(row) if row else None

    def pledges(self) -> list[Pledge]:
        """Every pledge in the order first made (the wall's order and the export's source)."""
        return [_pledge(row) for row in self.db.execute(f'SELECT {_COLUMNS} FROM pledges ORDER BY id')]

    def set_hidden(self, pledge_id: int, hidden: bool) -> bool:
        """Take a card off the wall or put it back; False when there is no such pledge."""
        cursor = self.db.execute('UPDATE pledges SET hidden = ? WHERE id = ?', [int(hidden), pledge_id])
        return cursor.rowcount == 1

    # --- flags ------------------------------------------------------------------------------------

    def flag(self, key: str) -> bool:
        row = self.db.execute('SELECT value FROM pledge_settings WHERE key = ?', [key]).fetchone()
        return bool(row) and row[0] == '1'

    def set_flag(self, key: str, value: bool) -> None:
        self.db.execute(
            'INSERT INTO pledge_settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = ?',
            [key, '1' if value else '0', '1' if value else '0'],
        )

    def close(self, *keys: str) -> None:
        """Set several flags at once (closing the event also closes pledging)."""
        with self.db.atomic():
            for key in keys:
                self.set_flag(key, True)


def _pledge(row: tuple) -> Pledge:
    return Pledge(
        id=row[0],
        participant_id=row[1],
        text=row[2],
        goal_id=row[3],
        deadline=dt.datetime.fromisoformat(row[4]),
        partner=row[5],
        name=row[6],
        wall=row[7],
        hidden=bool(row[8]),
        created_at=dt.datetime.fromisoformat(row[9]),
        updated_at=dt.datetime.fromisoformat(row[10]),
    )
