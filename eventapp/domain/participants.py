"""Who joined: the rules for a phone's display name, department and language."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from .agenda import LANGUAGES

NAME_MAX = 40

_INVISIBLE = {'Cf', 'Cc', 'Co', 'Cs', 'Zl', 'Zp'}
"""Unicode categories stripped from short participant text: format (zero-width, bidi controls), control, private."""
_KEEP = {'\u200d'}
"""The zero-width joiner holds multi-part emoji together (👩‍💻); alone it is harmless."""


@dataclass(frozen=True, kw_only=True, slots=True)
class Participant:
    """A phone that joined. The id is the phone's random browser id, never shown to anyone."""

    id: str
    name: str = ''
    department: str = ''
    language: str = 'nb'
    leader: bool = False


class JoinError(ValueError):
    """A join the server refuses; `key` is the translation key of the message the phone shows."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def clean_text(text: str) -> str:
    """NFC-normalise, drop invisible and control characters, fold runs of white space into one space."""
    text = unicodedata.normalize('NFC', text)
    text = ''.join(
        ' ' if ch.isspace() else ch
        for ch in text
        if ch.isspace() or ch in _KEEP or unicodedata.category(ch) not in _INVISIBLE
    )
    return ' '.join(text.split())


def validate_join(*, name: str, department: str, language: str, departments: tuple[str, ...]) -> tuple[str, str, str]:
    """Check what a phone sent at join and return it cleaned; raise JoinError with a message key otherwise."""
    name = clean_text(name or '')
    if len(name) > NAME_MAX:
        raise JoinError('join.name_too_long')
    department = clean_text(department or '')
    if department and department not in departments:
        raise JoinError('join.unknown_department')
    if language not in LANGUAGES:
        raise JoinError('join.unknown_language')
    return name, department, language
