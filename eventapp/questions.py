"""Anonymous questions as a service: validate (domain) -> write (store, committed) -> emit (`changed`).

Phones are known here only by a key the caller passes (the page's participant id), and only in memory: for the
per-minute limits and to pin one vote token per phone while the server runs. None of it is ever written or logged.
"""

from __future__ import annotations

import logging
import os
import secrets
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from nicegui import Event

from .domain import questions as rules
from .domain.questions import ANSWERED, HIDDEN, VISIBLE, WAITING, Limits, Question, QuestionError, SlidingWindow
from .domain.run import RUNNING
from .facilitation import Facilitation
from .store.questions import EventDatabase, QuestionStore

log = logging.getLogger(__name__)

ASKED, VOTED, MODERATED, SETTINGS = 'asked', 'voted', 'moderated', 'settings'


def limits_from_env() -> Limits:
    """The per-phone limits: 3 questions and 60 votes a minute unless EVENTAPP_QUESTIONS_PER_MINUTE or
    EVENTAPP_VOTES_PER_MINUTE say otherwise (a rehearsal, a load test)."""
    default = Limits()
    return Limits(
        asks_per_minute=int(os.environ.get('EVENTAPP_QUESTIONS_PER_MINUTE') or default.asks_per_minute),
        votes_per_minute=int(os.environ.get('EVENTAPP_VOTES_PER_MINUTE') or default.votes_per_minute),
    )


@dataclass(frozen=True, kw_only=True, slots=True)
class Board:
    """Everything the surfaces show, as one snapshot taken after a committed write."""

    questions: tuple[Question, ...]
    top: tuple[Question, ...]
    """Visible questions, most votes first (ties: newest first)."""
    newest: tuple[Question, ...]
    """Visible questions, newest first."""
    counts: dict[str, int]
    """Number of questions per state (waiting, visible, hidden, answered)."""
    highlighted: Question | None
    mode: str
    words: tuple[str, ...]


@dataclass(frozen=True, kw_only=True, slots=True)
class Change:
    kind: str
    """What happened: asked, voted, moderated or settings. Moderation must reach every screen at once."""
    board: Board


@dataclass(frozen=True, kw_only=True, slots=True)
class Asked:
    question: Question
    new: bool
    """False when this was a double tap or a replay of a question already stored."""


class Questions:
    """Asking, voting and moderating. The store holds the truth; this keeps a snapshot so pages read without SQL."""

    def __init__(
        self,
        *,
        store: QuestionStore,
        session: Callable[[], str | None] = lambda: None,
        limits: Limits = Limits(),  # noqa: B008 - frozen value
        ticks: Callable[[], float] = time.monotonic,
    ) -> None:
        self.store = store
        self.session = session
        self.ticks = ticks
        self.changed: Event[Change] = Event()
        """A question was asked, voted on or moderated, or the settings changed; carries the new board."""
        self._asks = SlidingWindow(limit=limits.asks_per_minute)
        self._votes = SlidingWindow(limit=limits.votes_per_minute)
        self._tokens: dict[str, str] = {}
        self._vote_key = store.secret_key('vote_key')
        self._submit_key = store.secret_key('submit_key')
        self._questions = {q.id: q for q in store.questions()}
        stored_words = store.setting('words')
        self._words = rules.default_words() if stored_words is None else tuple(w for w in stored_words.split('\n') if w)
        self._mode = store.setting('mode') or rules.OPEN
        self._highlighted = int(store.setting('highlighted') or 0)
        self._board = self._snapshot()

    @classmethod
    def on(cls, db: EventDatabase, facilitation: Facilitation) -> Questions:
        """The service on the event's database; questions are tied to the session running when they are asked."""

        def session() -> str | None:
            state = facilitation.state
            running = state.phase == RUNNING and 0 <= state.index < len(facilitation.agenda.sessions)
            return facilitation.agenda.sessions[state.index].id if running else None

        return cls(store=QuestionStore(db), session=session, limits=limits_from_env())

    @property
    def board(self) -> Board:
        return self._board

    # --- phones -----------------------------------------------------------------------------------

    async def durable(self) -> None:
        """Return once the questions and votes made so far are on disk: they are committed relaxed and made durable
        in groups (store/durability.py); a page awaits this before it acknowledges."""
        await self.store.durable()

    def ask(self, phone: str, text: str, submission_id: str) -> Asked:
        """Store a question (or find the one this submission already stored); QuestionError with a message key."""
        clean = rules.validate(text)
        submission = rules.digest(self._submit_key, str(submission_id)[:64], clean)
        existing = self.store.by_submission(submission)
        if existing is not None:
            return Asked(question=existing, new=False)
        if not self._asks.allow(phone, self.ticks()):
            raise QuestionError('questions.too_many_asks')
        state = rules.first_state(clean, mode=self._board.mode, words=self._board.words)
        question, new = self.store.add(text=clean, session_id=self.session(), state=state, submission=submission)
        self._commit(question, ASKED)
        return Asked(question=question, new=new)

    def bind_token(self, phone: str, presented: object = None) -> str:
        """The vote token for this phone while the server runs: the first valid one it presents, else a new one.
        Pinning it stops a script from voting again with a fresh token on the same phone."""
        token = self._tokens.get(phone)
        if token is None:
            token = presented if rules.valid_token(presented) else secrets.token_hex(16)
            self._tokens[phone] = token  # type: ignore[assignment]
        return token  # type: ignore[return-value]

    def vote(self, phone: str, question_id: object, *, up: bool) -> Question:
        """Add (or withdraw) this phone's one vote on a visible question; QuestionError otherwise."""
        question = self._questions.get(question_id) if isinstance(question_id, int) else None
        if not rules.can_vote(question):
            raise QuestionError('questions.cannot_vote')
        assert question is not None
        if not self._votes.allow(phone, self.ticks()):
            raise QuestionError('questions.too_many_votes')
        key = self._vote_digest(self.bind_token(phone), question.id)
        changed = self.store.vote(question.id, key) if up else self.store.unvote(question.id, key)
        if changed:
            self._commit(self.store.question(question.id), VOTED)
        return self._questions[question.id]

    def voted(self, phone: str, question_ids: Iterable[int]) -> set[int]:
        """Which of these questions this phone has voted for (recomputed from its token, nothing stored per phone)."""
        token = self.bind_token(phone)
        keys = {self._vote_digest(token, qid): qid for qid in question_ids}
        return {keys[k] for k in self.store.known_digests(keys)}

    def states(self, question_ids: Iterable[object]) -> dict[int, Question]:
        """The current questions behind ids a phone remembers asking (unknown ids are left out)."""
        return {qid: self._questions[qid] for qid in question_ids if isinstance(qid, int) and qid in self._questions}

    def forget_idle(self) -> None:
        now = self.ticks()
        self._asks.forget_idle(now)
        self._votes.forget_idle(now)

    # --- facilitator ------------------------------------------------------------------------------

    def moderate(self, question_id: int, action: str, reason: str = '') -> Question:
        """Approve, hide (with an optional reason) or mark answered; QuestionError when it does not apply."""
        question = self._questions.get(question_id)
        if question is None:
            raise QuestionError('questions.unknown')
        state = rules.moderate(question.state, action)
        self.store.set_state(question_id, state, rules.clean_reason(reason) if state == HIDDEN else '')
        if state == HIDDEN and self._highlighted == question_id:
            self.store.set_setting('highlighted', '')
            self._highlighted = 0
        log.info('question #%s: %s -> %s', question_id, action, state)
        self._commit(self.store.question(question_id), MODERATED)
        return self._questions[question_id]

    def highlight(self, question_id: int | None) -> None:
        """Put one question on the big screen in large type (None takes it off)."""
        if question_id is not None and not rules.can_highlight(self._questions.get(question_id)):
            raise QuestionError('questions.not_now')
        self.store.set_setting('highlighted', '' if question_id is None else str(question_id))
        self._highlighted = question_id or 0
        self._commit(None, MODERATED)

    def set_mode(self, mode: str) -> None:
        if mode not in rules.MODES:
            raise QuestionError('questions.unknown_action')
        self.store.set_setting('mode', mode)
        self._mode = mode
        self._commit(None, SETTINGS)

    def set_words(self, text: str) -> tuple[str, ...]:
        words = rules.parse_words(text)
        self.store.set_setting('words', '\n'.join(words))
        self._words = words
        self._commit(None, SETTINGS)
        return words

    # --- helpers ----------------------------------------------------------------------------------

    def _vote_digest(self, token: str, question_id: int) -> str:
        return rules.digest(self._vote_key, 'vote', token, str(question_id))

    def _commit(self, question: Question | None, kind: str) -> None:
        """After a committed write: refresh the snapshot and tell every surface."""
        if question is not None:
            self._questions[question.id] = question
        self._board = self._snapshot()
        self.changed.emit(Change(kind=kind, board=self._board))

    def _snapshot(self) -> Board:
        everything = tuple(self._questions.values())
        visible = [q for q in everything if q.state == VISIBLE]
        return Board(
            questions=everything,
            top=tuple(rules.ranked(visible)),
            newest=tuple(rules.newest(visible)),
            counts={state: sum(q.state == state for q in everything) for state in (WAITING, VISIBLE, HIDDEN, ANSWERED)},
            highlighted=self._questions.get(self._highlighted),
            mode=self._mode,
            words=self._words,
        )
