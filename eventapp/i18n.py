"""One translation table for every UI string: `t(key, lang, **values)` over locales/nb.toml and locales/en.toml."""

from __future__ import annotations

import datetime as dt
import tomllib
from functools import cache
from pathlib import Path

LOCALES = Path(__file__).parent / 'locales'
DEFAULT_LANGUAGE = 'nb'


@cache
def table(lang: str) -> dict[str, str]:
    """All strings of a language, flattened to dotted keys (`[join] title = ...` becomes `join.title`)."""
    with (LOCALES / f'{lang}.toml').open('rb') as f:
        return _flatten(tomllib.load(f))


def t(key: str, lang: str, **values: object) -> str:
    """The text for `key` in `lang`, falling back to Norwegian, then to the key itself (a visible bug, not a crash)."""
    text = table(lang).get(key) if lang in ('nb', 'en') else None
    if text is None:
        text = table(DEFAULT_LANGUAGE).get(key, key)
    return text.format(**values) if values else text


def _flatten(data: dict, prefix: str = '') -> dict[str, str]:
    flat: dict[str, str] = {}
    for key, value in data.items():
        if isinstance(value, dict):
            flat.update(_flatten(value, f'{prefix}{key}.'))
        else:
            flat[f'{prefix}{key}'] = str(value)
    return flat


_WEEKDAYS = {
    'nb': ('mandag', 'tirsdag', 'onsdag', 'torsdag', 'fredag', 'lørdag', 'søndag'),
    'en': ('Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'),
}
_MONTHS = {
    'nb': (
        'januar',
        'februar',
        'mars',
        'april',
        'mai',
        'juni',
        'juli',
        'august',
        'september',
        'oktober',
        'november',
        'desember',
    ),
    'en': (
        'January',
        'February',
        'March',
        'April',
        'May',
        'June',
        'July',
        'August',
        'September',
        'October',
        'November',
        'December',
    ),
}


def clock_time(moment: dt.datetime | dt.time, lang: str) -> str:
    """'09.00' in Norwegian, '09:00' in English."""
    return moment.strftime('%H.%M' if lang == 'nb' else '%H:%M')


def long_date(day: dt.date, lang: str) -> str:
    """'torsdag 14. januar 2027' / 'Thursday 14 January 2027'."""
    lang = lang if lang in _WEEKDAYS else DEFAULT_LANGUAGE
    weekday, month = _WEEKDAYS[lang][day.weekday()], _MONTHS[lang][day.month - 1]
    return f'{weekday} {day.day}. {month} {day.year}' if lang == 'nb' else f'{weekday} {day.day} {month} {day.year}'
