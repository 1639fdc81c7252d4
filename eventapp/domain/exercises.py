"""Exercise cards: what a table (or pair, or person) does in an exercise session, in Norwegian and English.

Values and the pure rules that build them from raw file data; the file format is known only to `cards.py`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .agenda_rules import Problem

FORMATS: tuple[str, ...] = ('individual', 'pairs', 'table', 'plenary')
ROLES: tuple[str, ...] = ('timekeeper', 'scribe', 'presenter', 'challenger')
"""The rotating table roles; each has a translated name and a one-line duty in the locales (`role.*`)."""
LANGUAGES: tuple[str, ...] = ('nb', 'en')

_ID = re.compile(r'^[a-z0-9][a-z0-9_-]*$')
_LIMITS = {'title': 80, 'screen': 300, 'phone': 600, 'prompt': 140, 'step': 60}


@dataclass(frozen=True, kw_only=True, slots=True)
class Step:
    name: str
    minutes: int


@dataclass(frozen=True, kw_only=True, slots=True)
class CardText:
    """One language's text of a card."""

    title: str
    screen: str
    """Instructions for the big screen: short, read from the back of the room."""
    phone: str
    """Instructions for the phone: what to do, step by step."""
    steps: tuple[Step, ...]
    prompt: str = ''
    """An optional question the phone answers (e.g. a micro-commitment)."""


@dataclass(frozen=True, kw_only=True, slots=True)
class Exercise:
    id: str
    format: str
    roles: tuple[str, ...]
    texts: Mapping[str, CardText]

    @property
    def minutes(self) -> int:
        return sum(step.minutes for step in self.texts['nb'].steps)

    def text(self, lang: str) -> CardText:
        return self.texts.get(lang) or self.texts['nb']


def build_exercise(raw: Mapping[str, Any]) -> tuple[Exercise | None, list[Problem]]:
    """Validate a card's raw data; every problem at once, the card only when there is no error."""
    problems: list[Problem] = []

    def error(path: str, message: str, hint: str) -> None:
        problems.append(Problem(severity='error', path=path, message=message, hint=hint))

    known = {'id', 'format', 'roles', *LANGUAGES}
    for key in raw:
        if key not in known:
            error(key, 'unknown key', f'known keys: {", ".join(sorted(known))}')
    card_id = raw.get('id')
    if not isinstance(card_id, str) or not _ID.match(card_id):
        error('id', 'must be a slug like "kundecase"', 'lower-case letters, digits, - and _')
    card_format = raw.get('format')
    if card_format not in FORMATS:
        error('format', f'must be one of {", ".join(FORMATS)}', 'e.g. format = "table"')
    roles = raw.get('roles', [])
    if not isinstance(roles, list) or any(role not in ROLES for role in roles) or len(set(roles)) != len(roles):
        error('roles', f'must be a list of distinct roles from {", ".join(ROLES)}', 'e.g. roles = ["timekeeper"]')
    texts = {lang: _text(raw.get(lang), lang, error) for lang in LANGUAGES}
    minutes = {lang: sum(s.minutes for s in text.steps) for lang, text in texts.items() if text}
    if len(set(minutes.values())) > 1:
        error('en.steps', 'the steps take different minutes in nb and en', 'keep the same steps in both languages')
    if problems:
        return None, problems
    return Exercise(id=card_id, format=card_format, roles=tuple(roles), texts=texts), problems  # type: ignore[arg-type]


def _text(raw: Any, lang: str, error) -> CardText | None:
    if not isinstance(raw, Mapping):
        error(lang, f'the [{lang}] table is missing', f'every card has its text in {" and ".join(LANGUAGES)}')
        return None
    ok = True
    values: dict[str, str] = {}
    for key in ('title', 'screen', 'phone', 'prompt'):
        value = raw.get(key, '')
        required = key != 'prompt'
        if not isinstance(value, str) or (required and not value.strip()) or len(value) > _LIMITS[key]:
            error(
                f'{lang}.{key}',
                f'must be text of 1 to {_LIMITS[key]} characters'
                if required
                else f'must be text of at most {_LIMITS[key]} characters',
                'keep it short: people read it standing',
            )
            ok = False
        values[key] = value.strip() if isinstance(value, str) else ''
    steps = []
    raw_steps = raw.get('steps')
    if not isinstance(raw_steps, list) or not raw_steps:
        error(f'{lang}.steps', 'needs at least one step', 'e.g. [[nb.steps]] name = "Les caset" minutes = 3')
        ok = False
    else:
        for i, step in enumerate(raw_steps):
            name, minutes = (step.get('name'), step.get('minutes')) if isinstance(step, Mapping) else (None, None)
            if not isinstance(name, str) or not name.strip() or len(name) > _LIMITS['step']:
                error(f'{lang}.steps[{i}].name', 'must be a short name', 'e.g. name = "Diskuter"')
                ok = False
            if isinstance(minutes, bool) or not isinstance(minutes, int) or not 1 <= minutes <= 120:
                error(f'{lang}.steps[{i}].minutes', 'must be a whole number from 1 to 120', 'e.g. minutes = 5')
                ok = False
            if ok:
                steps.append(Step(name=name.strip(), minutes=minutes))
    if not ok:
        return None
    return CardText(steps=tuple(steps), **values)
