"""Typed reads from raw, parsed agenda data, recording every failure as a Problem instead of raising.

A helper of `agenda_rules.py`: it knows types and messages, not what an agenda contains.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from zoneinfo import available_timezones

SHORT_MAX = 80
SLUG = re.compile(r'[a-z0-9][a-z0-9_-]*')
HHMM = re.compile(r'([01]\d|2[0-3]):([0-5]\d)')
ISO_DATE = re.compile(r'\d{4}-\d{2}-\d{2}')
SLUG_HINT = 'use lowercase letters, digits, - and _, starting with a letter or digit (e.g. "kickoff-2027")'


@dataclass(frozen=True, kw_only=True, slots=True)
class Problem:
    """One thing wrong with an agenda, pointing at its key path so the file reader can find the line."""

    severity: str  # 'error' | 'warning'
    path: str
    message: str
    hint: str

    @property
    def is_error(self) -> bool:
        return self.severity == 'error'


class Table:
    """Typed reads from one raw table; a failed read records an error, marks the table failed and returns None."""

    def __init__(self, raw: Mapping[str, Any], path: str, problems: list[Problem], known: tuple[str, ...]) -> None:
        self.raw, self.path, self.problems, self.failed = raw, path, problems, False
        for key in raw:
            if key not in known:
                self.error(key, f'unknown key {key!r}', closest(key, known, 'remove it; known keys'))

    def at(self, key: str) -> str:
        return f'{self.path}.{key}' if self.path else key

    def error(self, key: str, message: str, hint: str) -> None:
        self.failed = True
        self.problems.append(Problem(severity='error', path=self.at(key), message=message, hint=hint))

    def value(self, key: str, required: bool) -> Any:
        """The raw value; None when absent (recording an error when it is required)."""
        if key not in self.raw:
            if required:
                self.error(key, 'is missing', f'add {key} = ... here')
            return None
        return self.raw[key]

    def text(self, key: str, *, required: bool = True, limit: int = SHORT_MAX, non_empty: bool = False) -> str | None:
        value = self.value(key, required)
        if value is None:
            return None if required else ''
        if not isinstance(value, str):
            self.error(key, 'must be text', f'put the value in quotes: {key} = "..."')
            return None
        if non_empty and not value.strip():
            self.error(key, 'must not be empty', f'write a short {key}')
            return None
        if len(value) > limit:
            self.error(key, f'is {len(value)} characters, more than {limit}', 'shorten it')
            return None
        return value.strip()

    def slug(self, key: str, *, required: bool = True) -> str | None:
        value = self.text(key, required=required, non_empty=required)
        if value and not SLUG.fullmatch(value):
            self.error(key, f'{value!r} is not a valid id', SLUG_HINT)
            return None
        return value

    def choice(self, key: str, options: tuple[str, ...]) -> str | None:
        value = self.text(key)
        if value is not None and value not in options:
            self.error(key, f'{value!r} is not one of {", ".join(options)}', closest(value, options, 'use one of'))
            return None
        return value

    def whole(self, key: str, low: int, high: int) -> int | None:
        value = self.value(key, required=True)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            self.error(key, f'must be a whole number from {low} to {high}', f'write e.g. {key} = {max(low, high // 2)}')
            return None
        return value

    def number(self, key: str) -> float | None:
        value = self.value(key, required=True)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            self.error(key, 'must be a number', f'write digits without quotes or units, e.g. {key} = 42')
            return None
        return value

    def flag(self, key: str) -> bool | None:
        value = self.value(key, required=False)
        if value is None:
            return False
        if not isinstance(value, bool):
            self.error(key, 'must be true or false', f'write {key} = true or {key} = false, without quotes')
            return None
        return value

    def table(self, key: str, known: tuple[str, ...]) -> Table | None:
        value = self.value(key, required=True)
        if value is None:
            return None
        if not isinstance(value, Mapping):
            self.error(key, 'must be a table', f'start it with a [{key}] header')
            return None
        return Table(value, self.at(key), self.problems, known)

    def tables(self, key: str, *, required: bool = True) -> list[Mapping[str, Any] | None] | None:
        """A list of tables; entries that are not tables are reported and kept as None so indices stay true."""
        value = self.value(key, required)
        if value is None:
            return None if required else []
        if not isinstance(value, list):
            self.error(key, 'must be a list of tables', f'write each entry under its own [[{self.at(key)}]] header')
            return None
        entries: list[Mapping[str, Any] | None] = []
        for i, item in enumerate(value):
            if not isinstance(item, Mapping):
                self.error(f'{key}[{i}]', 'must be a table', f'write each entry under its own [[{key}]] header')
                item = None
            entries.append(item)
        return entries


def read_date(t: Table, key: str) -> dt.date | None:
    value = t.value(key, required=True)
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str) and ISO_DATE.fullmatch(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    if value is not None:
        t.error(key, f'{value!r} is not a date', f'write an ISO date: {key} = "2027-01-14"')
    return None


def read_time(t: Table, key: str, *, required: bool) -> dt.time | None:
    value = t.value(key, required)
    if isinstance(value, dt.time) and value.second == value.microsecond == 0 and value.tzinfo is None:
        return value
    match = HHMM.fullmatch(value) if isinstance(value, str) else None
    if match:
        return dt.time(int(match[1]), int(match[2]))
    if value is not None:
        t.error(key, f'{value!r} is not a time', f'write 24-hour HH:MM in quotes: {key} = "09:00"')
    return None


def is_timezone(name: str) -> bool:
    return name in zones()


@functools.cache
def zones() -> tuple[str, ...]:
    """Every IANA zone name; walking tzdata is slow, so once per process."""
    return tuple(sorted(available_timezones()))


def closest(word: str, options: tuple[str, ...], fallback: str) -> str:
    """A 'did you mean' hint for typos, else the options (abridged when many)."""
    match = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    if match:
        return f'did you mean {match[0]!r}?'
    shown = ', '.join(options[:8]) + (', ...' if len(options) > 8 else '')
    return f'{fallback}: {shown}'
