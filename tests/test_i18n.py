"""Every text a person sees exists in Norwegian and English, with the same blanks to fill, and dates read naturally."""

from __future__ import annotations

import ast
import datetime as dt
import re
import string
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from eventapp.domain.agenda import BEATS
from eventapp.facilitation import ACTIONS
from eventapp.i18n import clock_time, long_date, t, table

SOURCE = Path(__file__).resolve().parents[1] / 'eventapp'
LANGUAGES = ('nb', 'en')

NOT_KEYS = {'countdown.js'}
"""String literals that look like keys but name files."""


def placeholders(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field is not None}


def source_files() -> list[Path]:
    return sorted(SOURCE.rglob('*.py'))


def keys_used_in_code() -> set[str]:
    """Every key the app asks for: t('...') literals, error keys raised by the domain and services, and other
    literals that name a key in one of the tables' sections (such as the panel's column headings)."""
    sections = {key.split('.')[0] for key in table('nb')} | {key.split('.')[0] for key in table('en')}
    used: set[str] = set()
    for path in source_files():
        text = path.read_text(encoding='utf-8')
        used.update(re.findall(r"\bt\(\s*'([a-z_.]+)'", text))
        for node in ast.walk(ast.parse(text)):
            if not (isinstance(node, ast.Constant) and isinstance(node.value, str)):
                continue
            value = node.value
            # no trailing dot: the constant part 'run.done.' of an f-string is not a key
            error_key = re.fullmatch(r'(run|join)(\.[a-z_]+)+', value)
            section_key = re.fullmatch(r'[a-z_]+(\.[a-z_]+)+', value) and value.split('.')[0] in sections
            if error_key or section_key:
                used.add(value)
    return used - NOT_KEYS


def keys_built_at_run_time() -> set[str]:
    """Keys made with f-strings: the facilitator's 'done' messages and the dramaturgic beat labels."""
    return {f'run.done.{action}' for action in (*ACTIONS, 'finish')} | {f'beat.{beat}' for beat in BEATS}


# --- the tables -----------------------------------------------------------------------------------------------


def test_both_languages_have_exactly_the_same_keys() -> None:
    nb, en = set(table('nb')), set(table('en'))

    assert sorted(nb - en) == []
    assert sorted(en - nb) == []


def test_every_text_has_the_same_blanks_in_both_languages() -> None:
    nb, en = table('nb'), table('en')

    mismatched = {
        key: (placeholders(nb[key]), placeholders(en[key]))
        for key in nb.keys() & en.keys()
        if placeholders(nb[key]) != placeholders(en[key])
    }

    assert mismatched == {}


@pytest.mark.parametrize('lang', LANGUAGES)
def test_no_text_is_empty(lang: str) -> None:
    assert [key for key, text in table(lang).items() if not text.strip()] == []


# --- the code asks only for keys that exist -------------------------------------------------------------------


def test_the_key_scan_finds_keys_in_the_code() -> None:
    used = keys_used_in_code()

    assert {'screen.welcome', 'panel.col_planned', 'run.stale', 'run.not_paused', 'join.wrong_code'} <= used


@pytest.mark.parametrize('lang', LANGUAGES)
def test_every_key_used_in_the_code_exists(lang: str) -> None:
    missing = sorted(key for key in keys_used_in_code() | keys_built_at_run_time() if key not in table(lang))

    assert missing == []


# --- t() --------------------------------------------------------------------------------------------------------


def test_t_fills_in_the_blanks() -> None:
    assert '7' in t('screen.joined', 'en', count=7)
    assert '7' in t('screen.joined', 'nb', count=7)
    assert t('screen.joined', 'en', count=7) != t('screen.joined', 'nb', count=7)


def test_an_unknown_language_falls_back_to_norwegian() -> None:
    assert t('run.stale', 'de') == t('run.stale', 'nb')


def test_an_unknown_key_shows_itself_instead_of_crashing() -> None:
    assert t('panel.no_such_text', 'en') == 'panel.no_such_text'


# --- dates and times ------------------------------------------------------------------------------------------


def test_the_event_date_reads_naturally_in_both_languages() -> None:
    day = dt.date(2027, 1, 14)

    assert long_date(day, 'nb') == 'torsdag 14. januar 2027'
    assert long_date(day, 'en') == 'Thursday 14 January 2027'


@pytest.mark.parametrize(
    ('day', 'nb', 'en'),
    [
        (dt.date(2027, 5, 17), 'mandag 17. mai 2027', 'Monday 17 May 2027'),
        (dt.date(2026, 12, 6), 'søndag 6. desember 2026', 'Sunday 6 December 2026'),
        (dt.date(2027, 8, 7), 'lørdag 7. august 2027', 'Saturday 7 August 2027'),
    ],
)
def test_other_dates(day: dt.date, nb: str, en: str) -> None:
    assert (long_date(day, 'nb'), long_date(day, 'en')) == (nb, en)


def test_clock_times_use_a_dot_in_norwegian_and_a_colon_in_english() -> None:
    assert clock_time(dt.time(9, 0), 'nb') == '09.00'
    assert clock_time(dt.time(9, 0), 'en') == '09:00'
    assert clock_time(dt.time(14, 35), 'nb') == '14.35'


def test_clock_time_of_a_moment_shows_its_own_wall_clock() -> None:
    moment = dt.datetime(2027, 1, 14, 8, 5, tzinfo=dt.UTC).astimezone(ZoneInfo('Europe/Oslo'))

    assert clock_time(moment, 'nb') == '09.05'
    assert clock_time(moment, 'en') == '09:05'
