"""Rules that turn a raw agenda dict into a valid Agenda, or say exactly what is wrong and how to fix it.

Pure: the dict comes from the file reader in `loading.py`. Every problem is collected in one pass, so a
facilitator fixes the file once instead of once per run. Errors make the agenda unusable; warnings flag what
the method advises against (too many goals, no commitment, a day that overruns) but keep the agenda valid.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from eventapp.domain.agenda import (
    BEATS,
    KINDS,
    LANGUAGES,
    Agenda,
    Event,
    Goal,
    Kpi,
    PulseSettings,
    PulseStatement,
    Session,
)
from eventapp.domain.raw_table import SHORT_MAX, Problem, Table, closest, is_timezone, read_date, read_time, zones

__all__ = ['Problem', 'build_agenda']

TOP_KEYS = ('vision', 'departments', 'event', 'goals', 'sessions', 'pulse')
EVENT_KEYS = ('id', 'title', 'date', 'start', 'end', 'timezone', 'language', 'venue')
GOAL_KEYS = ('id', 'title', 'description', 'kpis')
KPI_KEYS = ('name', 'unit', 'baseline', 'target_30', 'target_90', 'frequency', 'owner', 'source')
SESSION_KEYS = (
    *('id', 'title', 'kind', 'minutes', 'beat', 'energy'),
    *('notes', 'screen_text', 'pulse', 'new_round', 'exercise', 'pulse_statements'),
)
PULSE_KEYS = ('statements', 'word', 'auto_open')
STATEMENT_KEYS = ('id', 'text', 'low', 'high')

TITLE_MAX = 120
VISION_MAX = 600
DESCRIPTION_MAX = 600
NOTES_MAX = 2000
SCREEN_TEXT_MAX = 300
MAX_DEPARTMENTS = 40
MAX_KPIS = 2
MAX_MINUTES = 480
ADVISED_GOALS = 3
LONG_SESSION = 45
STATEMENTS_MIN, STATEMENTS_MAX = 3, 5
STATEMENT_MAX = 120
END_MAX = 30


def build_agenda(raw: Mapping[str, Any]) -> tuple[Agenda | None, list[Problem]]:
    """Validate the raw agenda data; the Agenda is None when any error was found. All problems are returned."""
    problems: list[Problem] = []
    top = Table(raw, '', problems, TOP_KEYS)
    vision = top.text('vision', limit=VISION_MAX, non_empty=True)
    departments = _departments(top)
    event_table = top.table('event', EVENT_KEYS)
    event = _event(event_table) if event_table else None
    goals = _goals(top, top.tables('goals', required=False) or [])
    session_entries = top.tables('sessions') or []
    if 'sessions' in raw and raw['sessions'] == []:
        top.error('sessions', 'has no sessions', 'add at least one [[sessions]] entry')
    sessions = _sessions(top, session_entries)
    pulse = _pulse(top) if 'pulse' in raw else PulseSettings()
    problems.extend(_advice(event, departments, goals, session_entries, sessions))
    if any(p.is_error for p in problems) or event is None or vision is None or departments is None or pulse is None:
        return None, problems
    agenda = Agenda(
        event=event,
        vision=vision,
        goals=tuple(g for g in goals if g is not None),
        departments=tuple(departments),
        sessions=tuple(s for s in sessions if s is not None),
        pulse=pulse,
    )
    return agenda, problems


def _departments(top: Table) -> list[str] | None:
    value = top.value('departments', required=False)
    if value is None:
        return []
    if not isinstance(value, list):
        top.error('departments', 'must be a list of names', 'write departments = ["Sales", "Support"]')
        return None
    if len(value) > MAX_DEPARTMENTS:
        top.error('departments', f'has {len(value)} entries, more than {MAX_DEPARTMENTS}', 'merge small departments')
    names: list[str] = []
    seen: set[str] = set()
    errors_before = len(top.problems)
    for i, name in enumerate(value):
        if not isinstance(name, str) or not name.strip() or len(name) > SHORT_MAX:
            top.error(f'departments[{i}]', 'must be a non-empty name', f'write a name of 1 to {SHORT_MAX} characters')
        elif name.strip().casefold() in seen:
            top.error(f'departments[{i}]', f'{name!r} is listed twice', 'remove the duplicate')
        else:
            seen.add(name.strip().casefold())
            names.append(name.strip())
    return names if len(top.problems) == errors_before and len(value) <= MAX_DEPARTMENTS else None


def _event(t: Table) -> Event | None:
    id_ = t.slug('id')
    title = t.text('title', limit=TITLE_MAX, non_empty=True)
    date = read_date(t, 'date')
    start = read_time(t, 'start', required=True)
    end = read_time(t, 'end', required=False)
    if start and end and end <= start:
        t.error('end', f'{end:%H:%M} is not after start {start:%H:%M}', 'set end later than start, same day')
    timezone = t.text('timezone')
    if timezone is not None and not is_timezone(timezone):
        t.error('timezone', f'{timezone!r} is not a known IANA time zone', closest(timezone, zones(), 'e.g.'))
    language = t.choice('language', LANGUAGES)
    venue = t.text('venue', required=False, limit=TITLE_MAX)
    if t.failed:
        return None
    return Event(
        id=id_, title=title, date=date, start=start, end=end, timezone=timezone, language=language, venue=venue
    )


def _goals(top: Table, entries: list[Mapping[str, Any] | None]) -> list[Goal | None]:
    goals: list[Goal | None] = []
    seen: set[str] = set()
    for i, raw in enumerate(entries):
        t = Table(raw, f'goals[{i}]', top.problems, GOAL_KEYS) if raw is not None else None
        goals.append(_goal(t, seen) if t is not None else None)
    return goals


def _goal(t: Table, seen: set[str]) -> Goal | None:
    id_ = _unique_slug(t, seen)
    title = t.text('title', limit=TITLE_MAX, non_empty=True)
    description = t.text('description', required=False, limit=DESCRIPTION_MAX)
    entries = t.tables('kpis', required=False)
    if entries is not None and not 1 <= len(entries) <= MAX_KPIS:
        t.error('kpis', f'has {len(entries)} KPIs', f'give each goal 1 or {MAX_KPIS} KPIs under [[goals.kpis]]')
    kpis = [
        _kpi(Table(raw, t.at(f'kpis[{j}]'), t.problems, KPI_KEYS))
        for j, raw in enumerate(entries or [])
        if raw is not None
    ]
    if t.failed or None in kpis:
        return None
    return Goal(id=id_, title=title, description=description, kpis=tuple(kpis))


def _kpi(t: Table) -> Kpi | None:
    name = t.text('name', non_empty=True)
    unit = t.text('unit')
    baseline, target_30, target_90 = t.number('baseline'), t.number('target_30'), t.number('target_90')
    frequency = t.text('frequency', non_empty=True)
    owner = t.text('owner', non_empty=True)
    source = t.text('source', non_empty=True)
    if t.failed:
        return None
    return Kpi(
        name=name,
        unit=unit,
        baseline=baseline,
        target_30=target_30,
        target_90=target_90,
        frequency=frequency,
        owner=owner,
        source=source,
    )


def _sessions(top: Table, entries: list[Mapping[str, Any] | None]) -> list[Session | None]:
    sessions: list[Session | None] = []
    seen: set[str] = set()
    for i, raw in enumerate(entries):
        t = Table(raw, f'sessions[{i}]', top.problems, SESSION_KEYS) if raw is not None else None
        sessions.append(_session(t, seen) if t is not None else None)
    return sessions


def _session(t: Table, seen: set[str]) -> Session | None:
    values = {
        'id': _unique_slug(t, seen),
        'title': t.text('title', limit=TITLE_MAX, non_empty=True),
        'kind': t.choice('kind', KINDS),
        'minutes': t.whole('minutes', 1, MAX_MINUTES),
        'beat': t.choice('beat', BEATS),
        'energy': t.whole('energy', 1, 5),
        'notes': t.text('notes', required=False, limit=NOTES_MAX),
        'screen_text': t.text('screen_text', required=False, limit=SCREEN_TEXT_MAX),
        'pulse': t.flag('pulse'),
        'new_round': t.flag('new_round'),
        'exercise': t.slug('exercise', required=False),
        'pulse_statements': _statements(t, 'pulse_statements', required=False),
    }
    return None if t.failed else Session(**values)


def _pulse(top: Table) -> PulseSettings | None:
    """The event's `[pulse]` table: its own statements (3 to 5, same 1-5 scale), the one-word answer, auto-open."""
    t = top.table('pulse', PULSE_KEYS)
    if t is None:
        return None
    statements = _statements(t, 'statements', required=False)
    word = t.flag('word') if 'word' in t.raw else True
    auto_open = t.flag('auto_open')
    if t.failed:
        return None
    return PulseSettings(statements=statements, word=word, auto_open=auto_open)


def _statements(t: Table, key: str, *, required: bool) -> tuple[PulseStatement, ...]:
    """A pulse set: 3 to 5 statements with unique ids; errors mark the table failed."""
    entries = t.tables(key, required=required)
    if not entries:
        return ()
    if not STATEMENTS_MIN <= len(entries) <= STATEMENTS_MAX:
        t.error(
            key,
            f'has {len(entries)} statements',
            f'give a pulse {STATEMENTS_MIN} to {STATEMENTS_MAX} statements, each under its own [[...{key}]] header',
        )
    statements: list[PulseStatement] = []
    seen: set[str] = set()
    for j, raw in enumerate(entries):
        if raw is None:
            continue
        s = Table(raw, t.at(f'{key}[{j}]'), t.problems, STATEMENT_KEYS)
        id_ = _unique_slug(s, seen)
        text = s.text('text', limit=STATEMENT_MAX, non_empty=True)
        low = s.text('low', limit=END_MAX, non_empty=True)
        high = s.text('high', limit=END_MAX, non_empty=True)
        if s.failed:
            t.failed = True
            continue
        statements.append(PulseStatement(id=id_, text=text, low=low, high=high))
    return tuple(statements)


def _advice(
    event: Event | None,
    departments: list[str] | None,
    goals: list[Goal | None],
    session_entries: list[Mapping[str, Any] | None],
    sessions: list[Session | None],
) -> list[Problem]:
    """Warnings for what the method advises against; they never block the day."""
    found: list[Problem] = []

    def warn(path: str, message: str, hint: str) -> None:
        found.append(Problem(severity='warning', path=path, message=message, hint=hint))

    if len(goals) > ADVISED_GOALS:
        warn('goals', f'{len(goals)} goals; the method advises three', 'merge or drop goals until three remain')
    if departments == []:
        warn('departments', 'no departments listed', 'list the departments so table rounds can mix them')
    beats = {raw.get('beat') for raw in session_entries if raw is not None}
    if session_entries and 'turning_point' not in beats:
        warn('sessions', 'no session with beat turning_point', 'plan a midpoint turning point, e.g. after lunch')
    if session_entries and 'commitment' not in beats:
        warn('sessions', 'no session with beat commitment', 'end with a commitment: "my first action within 72 hours"')
    for i, s in enumerate(sessions):
        if s and s.minutes > LONG_SESSION and not s.exercise and s.kind != 'break':
            warn(
                f'sessions[{i}].minutes',
                f'{s.minutes} minutes without an exercise',
                f'split it into blocks of at most {LONG_SESSION} minutes or add an exercise',
            )
    if event and event.end and session_entries and None not in sessions:
        planned = _minutes(event.end) - _minutes(event.start)
        total = sum(s.minutes for s in sessions if s)
        if total > planned:
            warn(
                'event.end',
                f'sessions add up to {total} minutes, {total - planned} more than the planned day of {planned}',
                'shorten or drop sessions, or set end later',
            )
    return found


def _unique_slug(t: Table, seen: set[str]) -> str | None:
    value = t.slug('id')
    if value and value in seen:
        t.error('id', f'{value!r} is used twice', 'give every entry its own id')
        return None
    if value:
        seen.add(value)
    return value


def _minutes(at: dt.time) -> int:
    return at.hour * 60 + at.minute
