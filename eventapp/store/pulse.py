"""The pulse's tables: one row per session's pulse, one response per phone per pulse. The only SQL of the pulse.

A response row holds the phone's participant id only so the phone can change its answer until the pulse closes;
nothing here is ever shown per person. The read API for the export (`results`, `energy_curve`, `safety_flags`,
`word_frequencies`) applies the minimum group size itself, so no caller can leak a small group by accident.
"""

from __future__ import annotations

import datetime as dt
import json

from sqlite_utils import Database

from ..domain import pulse as rules
from ..domain.agenda import Agenda, PulseStatement
from ..domain.pulse import EnergyPoint, Pulse, SafetyFlag, SessionResult
from ..domain.words import frequencies
from . import schema
from .durability import DurableWrites, relaxed


def _m1_pulse(db: Database) -> None:
    db.execute(
        'CREATE TABLE pulses (session_id TEXT PRIMARY KEY, statements TEXT NOT NULL, word INTEGER NOT NULL, '
        'opened_at TEXT NOT NULL, closed_at TEXT, revealed_at TEXT)'
    )
    db.execute(
        'CREATE TABLE pulse_responses (session_id TEXT NOT NULL REFERENCES pulses (session_id), '
        'participant_id TEXT NOT NULL, answers TEXT NOT NULL, word TEXT NOT NULL, answered_at TEXT NOT NULL, '
        'PRIMARY KEY (session_id, participant_id))'
    )


MIGRATIONS: tuple[schema.Migration, ...] = (_m1_pulse,)
"""The pulse component's migrations, in order. Only ever append."""

NEW, CHANGED = 'new', 'changed'
FINISHED = (rules.CLOSED, rules.REVEALED)
"""Pulses whose answers are final: the export and the panel read these."""


class PulseStore(DurableWrites):
    """Typed reads and writes of pulses and their responses, on the event's database."""

    def __init__(self, db: Database) -> None:
        self.db = db
        schema.apply(db, 'pulse', MIGRATIONS)

    # --- pulses -----------------------------------------------------------------------------------

    def pulses(self) -> list[Pulse]:
        """Every pulse, in the order they were opened."""
        rows = self.db.execute(
            'SELECT session_id, statements, word, opened_at, closed_at, revealed_at FROM pulses ORDER BY opened_at'
        ).fetchall()
        return [_pulse(row) for row in rows]

    def open(self, session_id: str, statements: tuple[PulseStatement, ...], *, word: bool, now: dt.datetime) -> bool:
        """Open a session's pulse; False when it was opened before (a pulse opens once)."""
        text = json.dumps([{'id': s.id, 'text': s.text, 'low': s.low, 'high': s.high} for s in statements])
        cursor = self.db.execute(
            'INSERT OR IGNORE INTO pulses (session_id, statements, word, opened_at) VALUES (?, ?, ?, ?)',
            [session_id, text, int(word), now.isoformat()],
        )
        return cursor.rowcount == 1

    def close(self, session_id: str, now: dt.datetime) -> bool:
        """Close an open pulse; False when it is not open."""
        cursor = self.db.execute(
            'UPDATE pulses SET closed_at = ? WHERE session_id = ? AND closed_at IS NULL', [now.isoformat(), session_id]
        )
        return cursor.rowcount == 1

    def reveal(self, session_id: str, now: dt.datetime) -> bool:
        """Reveal a closed pulse's results; False when it is still open or already revealed."""
        cursor = self.db.execute(
            'UPDATE pulses SET revealed_at = ? WHERE session_id = ? AND closed_at IS NOT NULL AND revealed_at IS NULL',
            [now.isoformat(), session_id],
        )
        return cursor.rowcount == 1

    # --- responses --------------------------------------------------------------------------------

    def save_response(
        self, session_id: str, participant_id: str, answers: dict[str, int], word: str, now: dt.datetime
    ) -> str | None:
        """Insert or replace a phone's response while the pulse is open, in one transaction.
        Returns NEW or CHANGED, or None when the pulse is not open (nothing stored). Relaxed: await `durable`."""
        with relaxed(self.db), self.db.atomic():
            row = self.db.execute(
                'SELECT 1 FROM pulses WHERE session_id = ? AND closed_at IS NULL', [session_id]
            ).fetchone()
            if row is None:
                return None
            existed = self.db.execute(
                'SELECT 1 FROM pulse_responses WHERE session_id = ? AND participant_id = ?',
                [session_id, participant_id],
            ).fetchone()
            self.db.execute(
                'INSERT INTO pulse_responses (session_id, participant_id, answers, word, answered_at) '
                'VALUES (?, ?, ?, ?, ?) ON CONFLICT (session_id, participant_id) DO UPDATE SET '
                'answers = excluded.answers, word = excluded.word, answered_at = excluded.answered_at',
                [session_id, participant_id, json.dumps(answers, sort_keys=True), word, now.isoformat()],
            )
        return CHANGED if existed else NEW

    def response(self, session_id: str, participant_id: str) -> tuple[dict[str, int], str] | None:
        """One phone's own answers and word, so its form shows what it sent (never shown to anyone else)."""
        row = self.db.execute(
            'SELECT answers, word FROM pulse_responses WHERE session_id = ? AND participant_id = ?',
            [session_id, participant_id],
        ).fetchone()
        return (json.loads(row[0]), row[1]) if row else None

    def responses(self, session_id: str) -> dict[str, tuple[dict[str, int], str]]:
        """Every phone's own answers and word by participant id, in one query: when a pulse opens, each phone's form
        gets what that phone sent (never shown to anyone else)."""
        rows = self.db.execute(
            'SELECT participant_id, answers, word FROM pulse_responses WHERE session_id = ?', [session_id]
        ).fetchall()
        return {row[0]: (json.loads(row[1]), row[2]) for row in rows}

    def count(self, session_id: str) -> int:
        return self.db.execute('SELECT count(*) FROM pulse_responses WHERE session_id = ?', [session_id]).fetchone()[0]

    def answers(self, session_id: str) -> list[dict[str, int]]:
        rows = self.db.execute('SELECT answers FROM pulse_responses WHERE session_id = ?', [session_id]).fetchall()
        return [json.loads(row[0]) for row in rows]

    def words(self, session_id: str) -> list[str]:
        rows = self.db.execute(
            "SELECT word FROM pulse_responses WHERE session_id = ? AND word != ''", [session_id]
        ).fetchall()
        return [row[0] for row in rows]

    # --- statistics, for the screen, the panel and the export -----------------------------------

    def results(self, agenda: Agenda, *, statuses: tuple[str, ...] = FINISHED) -> list[SessionResult]:
        """Per-session results in day order for pulses in the given statuses (the minimum group size applied)."""
        by_session = {p.session_id: p for p in self.pulses() if p.status in statuses}
        results: list[SessionResult] = []
        for session in agenda.sessions:
            pulse = by_session.get(session.id)
            if pulse is not None:
                results.append(rules.summarise(session.id, pulse.statement_ids, self.answers(session.id), results))
        return results

    def energy_curve(self, agenda: Agenda, *, statuses: tuple[str, ...] = FINISHED) -> tuple[EnergyPoint, ...]:
        """Planned against measured energy for every session (measured only where a pulse has enough answers)."""
        return rules.energy_curve(agenda, {r.session_id: r for r in self.results(agenda, statuses=statuses)})

    def safety_flags(self, agenda: Agenda) -> tuple[SafetyFlag, ...]:
        return rules.safety_flags(self.results(agenda))

    def word_frequencies(self, session_id: str) -> dict[str, int] | None:
        """The one-word answers as frequencies, or None when too few answered to show anything."""
        if self.count(session_id) < rules.MIN_GROUP:
            return None
        return frequencies(self.words(session_id))


def _pulse(row: tuple) -> Pulse:
    statements = tuple(PulseStatement(**item) for item in json.loads(row[1]))
    return Pulse(
        session_id=row[0],
        statements=statements,
        word=bool(row[2]),
        opened_at=dt.datetime.fromisoformat(row[3]),
        closed_at=dt.datetime.fromisoformat(row[4]) if row[4] else None,
        revealed_at=dt.datetime.fromisoformat(row[5]) if row[5] else None,
    )
