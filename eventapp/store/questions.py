"""The questions' tables: the questions, their anonymous votes, the submissions already taken, and the settings.

What is NOT here is the point: no participant id, IP address, user agent, device key or time of asking. A vote is
a keyed hash of the phone's own random token and the question id (see docs/questions.md); a submission is a keyed
hash of the phone's one-off submission id and the text, kept so a double tap or a replay creates one question.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterable

from sqlite_utils import Database

from ..domain.questions import Question
from . import schema
from .durability import DurableWrites, relaxed


def _m1_questions(db: Database) -> None:
    db.execute(
        'CREATE TABLE questions (id INTEGER PRIMARY KEY AUTOINCREMENT, text TEXT NOT NULL, session_id TEXT, '
        "state TEXT NOT NULL, reason TEXT NOT NULL DEFAULT '', votes INTEGER NOT NULL DEFAULT 0)"
    )
    db.execute(
        'CREATE TABLE question_votes (digest TEXT PRIMARY KEY, '
        'question_id INTEGER NOT NULL REFERENCES questions(id)) WITHOUT ROWID'
    )
    db.execute(
        'CREATE TABLE question_submissions (digest TEXT PRIMARY KEY, '
        'question_id INTEGER NOT NULL REFERENCES questions(id)) WITHOUT ROWID'
    )
    db.execute('CREATE TABLE question_settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)')


EventDatabase = Database
"""The event's database handle, named here so services can pass it on without knowing the SQL library."""

MIGRATIONS: tuple[schema.Migration, ...] = (_m1_questions,)
"""The questions component's migrations, in order. Only ever append."""

_COLUMNS = 'id, text, session_id, state, votes, reason'


class QuestionStore(DurableWrites):
    """Typed access to the questions' tables. Every method returns after its write is committed."""

    def __init__(self, db: Database) -> None:
        self.db = db
        schema.apply(db, 'questions', MIGRATIONS)

    # --- questions --------------------------------------------------------------------------------

    def add(self, *, text: str, session_id: str | None, state: str, submission: str) -> tuple[Question, bool]:
        """Store a new question unless `submission` was seen before; returns the question and whether it is new.
        Relaxed: await `durable` before confirming."""
        with relaxed(self.db), self.db.atomic():
            row = self.db.execute(
                'SELECT question_id FROM question_submissions WHERE digest = ?', [submission]
            ).fetchone()
            if row is not None:
                existing = self.question(row[0])
                assert existing is not None
                return existing, False
            cursor = self.db.execute(
                'INSERT INTO questions (text, session_id, state) VALUES (?, ?, ?)', [text, session_id, state]
            )
            question_id = cursor.lastrowid
            self.db.execute(
                'INSERT INTO question_submissions (digest, question_id) VALUES (?, ?)', [submission, question_id]
            )
        question = self.question(question_id)
        assert question is not None
        return question, True

    def by_submission(self, submission: str) -> Question | None:
        """The question a submission digest already created, if any."""
        row = self.db.execute('SELECT question_id FROM question_submissions WHERE digest = ?', [submission]).fetchone()
        return self.question(row[0]) if row else None

    def question(self, question_id: int) -> Question | None:
        row = self.db.execute(f'SELECT {_COLUMNS} FROM questions WHERE id = ?', [question_id]).fetchone()
        return _question(row) if row else None

    def questions(self) -> list[Question]:
        """Every question in the order asked, with its votes, state and hide reason: also the export's source."""
        return [_question(row) for row in self.db.execute(f'SELECT {_COLUMNS} FROM questions ORDER BY id')]

    def set_state(self, question_id: int, state: str, reason: str = '') -> None:
        self.db.execute('UPDATE questions SET state = ?, reason = ? WHERE id = ?', [state, reason, question_id])

    # --- votes ------------------------------------------------------------------------------------

    def vote(self, question_id: int, digest: str) -> bool:
        """Count one vote unless this digest already voted; False when it had. Relaxed: await `durable`."""
        with relaxed(self.db), self.db.atomic():
            cursor = self.db.execute(
                'INSERT OR IGNORE INTO question_votes (digest, question_id) VALUES (?, ?)', [digest, question_id]
            )
            if cursor.rowcount != 1:
                return False
            self.db.execute('UPDATE questions SET votes = votes + 1 WHERE id = ?', [question_id])
        return True

    def unvote(self, question_id: int, digest: str) -> bool:
        """Take a vote back; False when there was none. Relaxed: await `durable`."""
        with relaxed(self.db), self.db.atomic():
            cursor = self.db.execute(
                'DELETE FROM question_votes WHERE digest = ? AND question_id = ?', [digest, question_id]
            )
            if cursor.rowcount != 1:
                return False
            self.db.execute('UPDATE questions SET votes = votes - 1 WHERE id = ?', [question_id])
        return True

    def known_digests(self, digests: Iterable[str]) -> set[str]:
        """Which of these vote digests are stored (a phone asking which questions it voted for)."""
        wanted = list(digests)
        found: set[str] = set()
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ','.join('?' * len(chunk))
            found.update(
                row[0] for row in self.db.execute(f'SELECT digest FROM question_votes WHERE digest IN ({marks})', chunk)
            )
        return found

    # --- settings ---------------------------------------------------------------------------------

    def setting(self, key: str) -> str | None:
        row = self.db.execute('SELECT value FROM question_settings WHERE key = ?', [key]).fetchone()
        return row[0] if row else None

    def set_setting(self, key: str, value: str) -> None:
        self.db.execute(
            'INSERT INTO question_settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = ?',
            [key, value, value],
        )

    def ensure_setting(self, key: str, make: Callable[[], str]) -> str:
        """The stored value, or a new one made and stored (keys that must survive a restart)."""
        value = self.setting(key)
        if value is None:
            self.db.execute('INSERT OR IGNORE INTO question_settings (key, value) VALUES (?, ?)', [key, make()])
            value = self.setting(key)
        assert value is not None
        return value

    def secret_key(self, name: str) -> bytes:
        """A random 256-bit key kept with the event, for keyed hashes that must match again after a restart."""
        return bytes.fromhex(self.ensure_setting(name, lambda: secrets.token_hex(32)))


def _question(row: tuple) -> Question:
    return Question(id=row[0], text=row[1], session_id=row[2], state=row[3], votes=row[4], reason=row[5])
