"""The table rounds' tables: the day's plan (one row) and the rounds that were started. The only SQL of the rounds.

A started round is stored with the tables people actually sit at (late arrivals included); the plan holds the
rounds still to come and is replaced whenever the roster changed before a round starts. Starting a round writes
both in one transaction, so a server killed mid-start comes back with either the old state or the new one.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from sqlite_utils import Database

from ..domain.rotation import Metrics, Round
from . import schema


def _m1_rounds(db: Database) -> None:
    db.execute(
        'CREATE TABLE round_plan (id INTEGER PRIMARY KEY CHECK (id = 1), seed INTEGER NOT NULL, '
        'roster TEXT NOT NULL, rounds TEXT NOT NULL, metrics TEXT NOT NULL, planned_at TEXT NOT NULL)'
    )
    db.execute(
        'CREATE TABLE table_rounds (number INTEGER PRIMARY KEY, session_id TEXT NOT NULL, '
        'tables TEXT NOT NULL, started_at TEXT NOT NULL)'
    )


MIGRATIONS: tuple[schema.Migration, ...] = (_m1_rounds,)
"""The rounds component's migrations, in order. Only ever append."""


@dataclass(frozen=True, kw_only=True, slots=True)
class StoredPlan:
    """The day's plan: every round (played ones first), for the roster it was planned for."""

    seed: int
    roster: frozenset[str]
    rounds: tuple[Round, ...]
    metrics: Metrics


@dataclass(frozen=True, kw_only=True, slots=True)
class PlayedRound:
    """A round that started: its number (1, 2, ...), the session it started in ('' if none), where people sit."""

    number: int
    session_id: str
    tables: Round
    started_at: dt.datetime


class RoundsStore:
    """Typed reads and writes of the plan and the started rounds, on the event's database."""

    def __init__(self, db: Database) -> None:
        self.db = db
        schema.apply(db, 'rounds', MIGRATIONS)

    def plan(self) -> StoredPlan | None:
        row = self.db.execute('SELECT seed, roster, rounds, metrics FROM round_plan WHERE id = 1').fetchone()
        if row is None:
            return None
        known = set(Metrics.__dataclass_fields__)
        return StoredPlan(
            seed=row[0],
            roster=frozenset(json.loads(row[1])),
            rounds=tuple(_round(r) for r in json.loads(row[2])),
            metrics=Metrics(**{k: v for k, v in json.loads(row[3]).items() if k in known}),
        )

    def played(self) -> list[PlayedRound]:
        rows = self.db.execute(
            'SELECT number, session_id, tables, started_at FROM table_rounds ORDER BY number'
        ).fetchall()
        return [
            PlayedRound(
                number=row[0],
                session_id=row[1],
                tables=_round(json.loads(row[2])),
                started_at=dt.datetime.fromisoformat(row[3]),
            )
            for row in rows
        ]

    def start(self, plan: StoredPlan, played: PlayedRound) -> None:
        """Store the (re-)plan and the round that starts now, in one transaction."""
        with self.db.atomic():
            self.db.execute(
                'INSERT INTO round_plan (id, seed, roster, rounds, metrics, planned_at) VALUES (1, ?, ?, ?, ?, ?) '
                'ON CONFLICT(id) DO UPDATE SET seed = excluded.seed, roster = excluded.roster, '
                'rounds = excluded.rounds, metrics = excluded.metrics, planned_at = excluded.planned_at',
                [
                    plan.seed,
                    json.dumps(sorted(plan.roster)),
                    json.dumps(plan.rounds),
                    json.dumps(plan.metrics.as_dict()),
                    played.started_at.isoformat(),
                ],
            )
            self.db.execute(
                'INSERT INTO table_rounds (number, session_id, tables, started_at) VALUES (?, ?, ?, ?)',
                [played.number, played.session_id, json.dumps(played.tables), played.started_at.isoformat()],
            )

    def reseat(self, number: int, tables: Round) -> None:
        """Where people sit in a started round after a late arrival sat down (nobody else moves)."""
        self.db.execute('UPDATE table_rounds SET tables = ? WHERE number = ?', [json.dumps(tables), number])


def _round(raw: list) -> Round:
    return tuple(tuple(str(x) for x in table) for table in raw)
