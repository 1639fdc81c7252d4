"""Question rules: normalising what a phone sent, the per-phone limits, ranking, moderation states, the word list.

Pure: no clock (times are passed in), no storage, no UI. The service applies these rules before anything is written.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import unicodedata
from collections import deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

TEXT_MAX = 280
REASON_MAX = 120

WAITING, VISIBLE, HIDDEN, ANSWERED = 'waiting', 'visible', 'hidden', 'answered'
STATES = (WAITING, VISIBLE, HIDDEN, ANSWERED)
OPEN, APPROVAL = 'open', 'approval'
MODES = (OPEN, APPROVAL)

_DROP = {'Cf', 'Cc', 'Co', 'Cs', 'Cn'}
"""Stripped: format (zero-width, bidi controls), control, private use, surrogates, unassigned. Line breaks survive."""
ZWJ = '\u200d'
_LINE_BREAKS = {'\n', '\r', '\u2028', '\u2029', '\x85', '\x0b', '\x0c'}

DEFAULT_WORDS: dict[str, tuple[str, ...]] = {
    'nb': ('idiot', 'faen', 'helvete', 'jævla', 'jævlig', 'dritt*', 'kødd', 'hore', 'fitte', 'kuk', 'pikk'),
    'en': ('idiot', 'stupid', 'moron', 'fuck*', 'shit*', 'bitch', 'bastard', 'asshole', 'crap'),
}
"""Words that send a question to approval even in open mode. A starting point the facilitator edits, not a filter
that decides anything: a match only means a person looks first."""


class QuestionError(ValueError):
    """A question or vote the server refuses; `key` is the translation key of the message the phone shows."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


@dataclass(frozen=True, kw_only=True, slots=True)
class Question:
    """One asked question as every surface sees it. Deliberately nothing about who asked."""

    id: int
    text: str
    session_id: str | None
    state: str
    votes: int = 0
    reason: str = ''


@dataclass(frozen=True, kw_only=True, slots=True)
class Limits:
    """How much one phone may do per minute; beyond that it gets a friendly message and nothing is stored."""

    asks_per_minute: int = 3
    votes_per_minute: int = 60


# --- text ---------------------------------------------------------------------------------------


def normalise(text: str) -> str:
    """NFC, invisible and control characters dropped, spaces folded, at most one empty line in a row, trimmed."""
    text = unicodedata.normalize('NFC', text or '')
    text = text.replace('\r\n', '\n')
    kept: list[str] = []
    for i, ch in enumerate(text):
        if ch in _LINE_BREAKS:
            kept.append('\n')
        elif ch.isspace():
            kept.append(' ')
        elif unicodedata.category(ch) not in _DROP or _joins_emoji(text, i, kept):
            kept.append(ch)
    lines = [' '.join(line.split()) for line in ''.join(kept).split('\n')]
    return re.sub(r'\n{3,}', '\n\n', '\n'.join(lines)).strip()


def _joins_emoji(text: str, i: int, kept: list[str]) -> bool:
    """A zero-width joiner inside an emoji sequence (👨‍👩‍👧, 🏳️‍🌈) is part of the emoji: keep it there only."""
    if text[i] != ZWJ or not kept or i + 1 >= len(text):
        return False
    before, after = kept[-1], text[i + 1]
    return (unicodedata.category(before) in ('So', 'Sk') or before == '\ufe0f') and unicodedata.category(after) == 'So'


def validate(text: str) -> str:
    """The normalised question, or QuestionError when it is empty or longer than TEXT_MAX."""
    clean = normalise(text)
    if not clean:
        raise QuestionError('questions.empty')
    if len(clean) > TEXT_MAX:
        raise QuestionError('questions.too_long')
    return clean


def clean_reason(reason: str) -> str:
    """A hide reason is short, one line, shown as text; longer input is cut rather than refused (it is staff's)."""
    return ' '.join(normalise(reason).split())[:REASON_MAX]


# --- moderation ---------------------------------------------------------------------------------

_MOVES: dict[str, tuple[tuple[str, ...], str]] = {
    'approve': ((WAITING, HIDDEN), VISIBLE),
    'hide': ((WAITING, VISIBLE, ANSWERED), HIDDEN),
    'answer': ((VISIBLE,), ANSWERED),
}
ACTIONS = tuple(_MOVES)


def moderate(state: str, action: str) -> str:
    """The state after a moderation action; QuestionError when the action does not apply to that state."""
    if action not in _MOVES:
        raise QuestionError('questions.unknown_action')
    sources, target = _MOVES[action]
    if state not in sources:
        raise QuestionError('questions.not_now')
    return target


def first_state(text: str, *, mode: str, words: Sequence[str]) -> str:
    """Where a new question starts: visible in open mode unless it matches the word list, else waiting."""
    if mode == APPROVAL or matches(text, words):
        return WAITING
    return VISIBLE


def can_vote(question: Question | None) -> bool:
    """Only visible questions take votes: hidden, waiting, answered and unknown ones change nothing."""
    return question is not None and question.state == VISIBLE


def can_highlight(question: Question | None) -> bool:
    return question is not None and question.state in (VISIBLE, ANSWERED)


# --- word list ----------------------------------------------------------------------------------


def parse_words(text: str) -> tuple[str, ...]:
    """The facilitator's word list: one word or phrase per line or comma; folded, deduplicated, order kept."""
    items = (' '.join(normalise(part).casefold().split()) for part in re.split(r'[,\n]', text or ''))
    return tuple(dict.fromkeys(item[:60] for item in items if item))[:500]


def default_words() -> tuple[str, ...]:
    return tuple(dict.fromkeys(w for words in DEFAULT_WORDS.values() for w in words))


def matches(text: str, words: Iterable[str]) -> bool:
    """True when a listed word or phrase occurs as whole words (case-insensitive); a trailing * matches a prefix."""
    folded = ' '.join(normalise(text).casefold().split())
    for word in words:
        stem = word.rstrip('*')
        if not stem:
            continue
        tail = r'\w*' if word.endswith('*') else ''
        if re.search(rf'(?<!\w){re.escape(stem)}{tail}(?!\w)', folded):
            return True
    return False


# --- ranking ------------------------------------------------------------------------------------


def ranked(questions: Iterable[Question]) -> list[Question]:
    """Most votes first; among equal votes the newest (highest id) first, so fresh questions get seen."""
    return sorted(questions, key=lambda q: (-q.votes, -q.id))


def newest(questions: Iterable[Question]) -> list[Question]:
    return sorted(questions, key=lambda q: -q.id)


# --- anonymous vote keys ------------------------------------------------------------------------


def digest(key: bytes, *parts: str) -> str:
    """A keyed hash (HMAC-SHA256) of the parts; stored instead of the parts so they cannot be read back."""
    return hmac.new(key, '\x1f'.join(parts).encode(), hashlib.sha256).hexdigest()


def valid_token(token: object) -> bool:
    """A phone's anonymous vote token: 32 lowercase hex characters (128 random bits made on the phone)."""
    return isinstance(token, str) and re.fullmatch(r'[0-9a-f]{32}', token) is not None


# --- limits -------------------------------------------------------------------------------------


@dataclass(kw_only=True, slots=True)
class SlidingWindow:
    """At most `limit` events per `seconds` for each key, over a sliding window; times are passed in."""

    limit: int
    seconds: float = 60.0
    _events: dict[str, deque[float]] = field(default_factory=dict)

    def allow(self, key: str, now: float) -> bool:
        """Record an event for `key` at `now` if it is within the limit; False (and nothing recorded) otherwise."""
        events = self._events.setdefault(key, deque())
        while events and events[0] <= now - self.seconds:
            events.popleft()
        if len(events) >= self.limit:
            return False
        events.append(now)
        return True

    def forget_idle(self, now: float) -> None:
        """Drop keys with no event in the window, so memory does not grow with every phone ever seen."""
        for key in [k for k, events in self._events.items() if not events or events[-1] <= now - self.seconds]:
            del self._events[key]

    def __len__(self) -> int:
        return len(self._events)
