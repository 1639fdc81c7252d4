"""A facilitator's mistakes in the agenda come back as precise problems: where, what, and how to fix it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from eventapp.domain.agenda_rules import Problem, build_agenda


def good() -> dict[str, Any]:
    """A small valid day, fresh for every test, with no warnings."""
    kpi = {
        'name': 'Kundesamtaler per selger',
        'unit': 'samtaler/dag',
        'baseline': 5,
        'target_30': 7,
        'target_90': 8.5,
        'frequency': 'daglig',
        'owner': 'Salgsleder',
        'source': 'CRM',
    }

    def session(id_: str, kind: str, beat: str, minutes: int = 20, **extra: Any) -> dict[str, Any]:
        return {'id': id_, 'title': id_.title(), 'kind': kind, 'minutes': minutes, 'beat': beat, 'energy': 3, **extra}

    return {
        'vision': 'Kundene stoler på oss.',
        'departments': ['Salg', 'Kundeservice', 'Drift'],
        'event': {
            'id': 'kickoff-2027',
            'title': 'Kickoff 2027',
            'date': '2027-01-14',
            'start': '09:00',
            'end': '12:00',
            'timezone': 'Europe/Oslo',
            'language': 'nb',
            'venue': 'Oslo',
        },
        'goals': [
            {'id': 'kundetillit', 'title': 'Kundetillit', 'kpis': [kpi]},
            {'id': 'kvalitet', 'title': 'Kvalitet', 'description': 'Raskt og riktig', 'kpis': [dict(kpi)]},
        ],
        'sessions': [
            session('apning', 'opening', 'opening', pulse=True),
            session('case', 'exercise', 'build', 10, new_round=True, exercise='kundecase'),
            session('lunsj', 'break', 'build', 60),
            session('vendepunkt', 'turning_point', 'turning_point'),
            session('forpliktelse', 'commitment', 'commitment', screen_text='Min første handling'),
            session('slutt', 'closing', 'close', notes='Takk'),
        ],
    }


def test_a_good_day_builds_into_an_agenda_without_problems() -> None:
    agenda, problems = build_agenda(good())

    assert problems == []
    assert agenda is not None
    assert agenda.event.date == dt.date(2027, 1, 14)
    assert agenda.event.start == dt.time(9, 0)
    assert agenda.event.end == dt.time(12, 0)
    assert agenda.departments == ('Salg', 'Kundeservice', 'Drift')
    assert [s.id for s in agenda.sessions] == ['apning', 'case', 'lunsj', 'vendepunkt', 'forpliktelse', 'slutt']
    assert agenda.sessions[0].pulse is True
    assert agenda.sessions[1].new_round is True
    assert agenda.sessions[1].exercise == 'kundecase'
    assert agenda.sessions[2].pulse is False
    assert agenda.goals[0].kpis[0].target_90 == 8.5
    assert agenda.goals[1].description == 'Raskt og riktig'


def test_toml_native_dates_and_times_are_accepted() -> None:
    raw = good()
    raw['event'].update(date=dt.date(2027, 1, 14), start=dt.time(9, 0), end=dt.time(12, 0))

    agenda, problems = build_agenda(raw)

    assert problems == []
    assert agenda is not None and agenda.event.start == dt.time(9, 0)


Change = Callable[[dict[str, Any]], object]

ERRORS: list[tuple[str, Change, str, str]] = [
    ('missing vision', lambda r: r.pop('vision'), 'vision', 'is missing'),
    ('missing event', lambda r: r.pop('event'), 'event', 'is missing'),
    ('event not a table', lambda r: r.update(event='kickoff'), 'event', 'must be a table'),
    ('missing sessions', lambda r: r.pop('sessions'), 'sessions', 'is missing'),
    ('no sessions', lambda r: r.update(sessions=[]), 'sessions', 'has no sessions'),
    ('session not a table', lambda r: r['sessions'].append('lunsj'), 'sessions[6]', 'must be a table'),
    ('unknown top key', lambda r: r.update(visjon='x'), 'visjon', 'unknown key'),
    ('unknown session key', lambda r: r['sessions'][2].update(minuts=5), 'sessions[2].minuts', 'unknown key'),
    ('missing event id', lambda r: r['event'].pop('id'), 'event.id', 'is missing'),
    ('event id not a slug', lambda r: r['event'].update(id='Kickoff 2027'), 'event.id', 'not a valid id'),
    ('date not ISO', lambda r: r['event'].update(date='14.01.2027'), 'event.date', 'not a date'),
    ('impossible date', lambda r: r['event'].update(date='2027-02-30'), 'event.date', 'not a date'),
    ('start not HH:MM', lambda r: r['event'].update(start='9'), 'event.start', 'not a time'),
    ('end not HH:MM', lambda r: r['event'].update(end='25:00'), 'event.end', 'not a time'),
    ('end before start', lambda r: r['event'].update(end='08:00'), 'event.end', 'not after start'),
    ('end equals start', lambda r: r['event'].update(end='09:00'), 'event.end', '09:00 is not after start 09:00'),
    ('unknown time zone', lambda r: r['event'].update(timezone='Europe/Olso'), 'event.timezone', 'IANA'),
    ('time zone not a zone', lambda r: r['event'].update(timezone='Europe'), 'event.timezone', 'IANA'),
    ('language not nb/en', lambda r: r['event'].update(language='sv'), 'event.language', "'sv' is not one of"),
    ('empty title', lambda r: r['event'].update(title='  '), 'event.title', 'must not be empty'),
    ('title not text', lambda r: r['event'].update(title=2027), 'event.title', 'must be text'),
    ('title too long', lambda r: r['event'].update(title='x' * 121), 'event.title', 'more than 120'),
    ('vision too long', lambda r: r.update(vision='x' * 601), 'vision', 'more than 600'),
    ('notes too long', lambda r: r['sessions'][0].update(notes='x' * 2001), 'sessions[0].notes', 'more than 2000'),
    (
        'screen text too long',
        lambda r: r['sessions'][0].update(screen_text='x' * 301),
        'sessions[0].screen_text',
        'more than 300',
    ),
    ('session id missing', lambda r: r['sessions'][1].pop('id'), 'sessions[1].id', 'is missing'),
    ('session id duplicate', lambda r: r['sessions'][3].update(id='apning'), 'sessions[3].id', 'used twice'),
    ('session id not a slug', lambda r: r['sessions'][1].update(id='-case'), 'sessions[1].id', 'not a valid id'),
    ('unknown kind', lambda r: r['sessions'][1].update(kind='workshop'), 'sessions[1].kind', 'is not one of'),
    ('unknown beat', lambda r: r['sessions'][1].update(beat='middle'), 'sessions[1].beat', 'is not one of'),
    ('minutes zero', lambda r: r['sessions'][1].update(minutes=0), 'sessions[1].minutes', 'from 1 to 480'),
    ('minutes too many', lambda r: r['sessions'][1].update(minutes=481), 'sessions[1].minutes', 'from 1 to 480'),
    ('minutes as text', lambda r: r['sessions'][1].update(minutes='10'), 'sessions[1].minutes', 'from 1 to 480'),
    ('minutes as float', lambda r: r['sessions'][1].update(minutes=10.5), 'sessions[1].minutes', 'from 1 to 480'),
    ('energy too high', lambda r: r['sessions'][1].update(energy=6), 'sessions[1].energy', 'from 1 to 5'),
    ('energy as bool', lambda r: r['sessions'][1].update(energy=True), 'sessions[1].energy', 'from 1 to 5'),
    ('pulse not a bool', lambda r: r['sessions'][1].update(pulse='yes'), 'sessions[1].pulse', 'true or false'),
    ('exercise not a slug', lambda r: r['sessions'][1].update(exercise='Kunde Case'), 'sessions[1].exercise', 'id'),
    ('goal without KPIs', lambda r: r['goals'][0].update(kpis=[]), 'goals[0].kpis', 'has 0 KPIs'),
    ('goal KPIs missing', lambda r: r['goals'][0].pop('kpis'), 'goals[0].kpis', 'has 0 KPIs'),
    (
        'goal with three KPIs',
        lambda r: r['goals'][1]['kpis'].extend([dict(r['goals'][1]['kpis'][0])] * 2),
        'goals[1].kpis',
        'has 3 KPIs',
    ),
    ('goal id duplicate', lambda r: r['goals'][1].update(id='kundetillit'), 'goals[1].id', 'used twice'),
    (
        'KPI target as text',
        lambda r: r['goals'][0]['kpis'][0].update(target_90='8 samtaler'),
        'goals[0].kpis[0].target_90',
        'must be a number',
    ),
    (
        'KPI baseline not finite',
        lambda r: r['goals'][1]['kpis'][0].update(baseline=float('nan')),
        'goals[1].kpis[0].baseline',
        'must be a number',
    ),
    ('KPI owner missing', lambda r: r['goals'][0]['kpis'][0].pop('owner'), 'goals[0].kpis[0].owner', 'is missing'),
    ('departments not a list', lambda r: r.update(departments='Salg'), 'departments', 'must be a list'),
    ('department empty', lambda r: r['departments'].append(''), 'departments[3]', 'non-empty'),
    ('department not text', lambda r: r['departments'].append(7), 'departments[3]', 'non-empty'),
    ('department twice', lambda r: r['departments'].append('salg'), 'departments[3]', 'listed twice'),
    (
        'too many departments',
        lambda r: r.update(departments=[f'Avdeling {i}' for i in range(41)]),
        'departments',
        'more than 40',
    ),
]


@pytest.mark.parametrize(('change', 'path', 'message'), [e[1:] for e in ERRORS], ids=[e[0] for e in ERRORS])
def test_each_mistake_is_an_error_at_its_path(change: Change, path: str, message: str) -> None:
    raw = good()
    change(raw)

    agenda, problems = build_agenda(raw)

    assert agenda is None
    errors = [p for p in problems if p.severity == 'error']
    assert [(p.path, message in p.message) for p in errors] == [(path, True)], errors
    assert errors[0].hint


WARNINGS: list[tuple[str, Change, str, str]] = [
    (
        'more than three goals',
        lambda r: r['goals'].extend({**r['goals'][0], 'id': f'goal-{i}'} for i in range(2)),
        'goals',
        '4 goals',
    ),
    ('no commitment beat', lambda r: r['sessions'][4].update(beat='build'), 'sessions', 'beat commitment'),
    ('no turning point beat', lambda r: r['sessions'][3].update(beat='climax'), 'sessions', 'beat turning_point'),
    (
        'day overruns',
        lambda r: r['event'].update(end='11:20'),
        'event.end',
        '150 minutes, 10 more than the planned day of 140',
    ),
    (
        'long session without exercise',
        lambda r: r['sessions'][0].update(minutes=46),
        'sessions[0].minutes',
        '46 minutes without an exercise',
    ),
    ('no departments', lambda r: r.update(departments=[]), 'departments', 'no departments'),
    ('departments left out', lambda r: r.pop('departments'), 'departments', 'no departments'),
]


@pytest.mark.parametrize(('change', 'path', 'message'), [w[1:] for w in WARNINGS], ids=[w[0] for w in WARNINGS])
def test_what_the_method_advises_against_is_a_warning_and_the_agenda_still_builds(
    change: Change, path: str, message: str
) -> None:
    raw = good()
    change(raw)

    agenda, problems = build_agenda(raw)

    assert agenda is not None
    assert [(p.severity, p.path, message in p.message) for p in problems] == [('warning', path, True)], problems
    assert problems[0].hint


def test_no_overrun_warning_without_a_planned_end() -> None:
    raw = good()
    raw['event'].pop('end')
    raw['sessions'][2]['minutes'] = 400

    agenda, problems = build_agenda(raw)

    assert agenda is not None and agenda.event.end is None
    assert problems == []


def test_long_sessions_are_fine_when_they_hold_an_exercise_or_a_break() -> None:
    raw = good()
    raw['sessions'][1]['minutes'] = 60  # has an exercise
    raw['sessions'][2]['minutes'] = 60  # a break
    raw['event']['end'] = '16:00'

    _, problems = build_agenda(raw)

    assert problems == []


def test_all_problems_are_collected_in_one_pass() -> None:
    raw = good()
    raw['event']['timezone'] = 'Mars/Olympus'
    raw['event']['date'] = 'i morgen'
    raw['goals'][0]['kpis'][0]['baseline'] = 'fem'
    raw['sessions'][1]['minutes'] = 0
    raw['sessions'][4]['beat'] = 'build'
    raw['sessions'][5]['kind'] = 'closing-time'
    raw['departments'] = []

    agenda, problems = build_agenda(raw)

    assert agenda is None
    assert {(p.severity, p.path) for p in problems} == {
        ('error', 'event.timezone'),
        ('error', 'event.date'),
        ('error', 'goals[0].kpis[0].baseline'),
        ('error', 'sessions[1].minutes'),
        ('error', 'sessions[5].kind'),
        ('warning', 'sessions'),
        ('warning', 'departments'),
    }


@pytest.mark.parametrize(
    ('change', 'hint'),
    [
        (lambda r: r['sessions'][0].update(minuts=20), "did you mean 'minutes'?"),
        (lambda r: r['event'].update(timezone='Europe/Olso'), "did you mean 'Europe/Oslo'?"),
        (lambda r: r['sessions'][0].update(beat='turningpoint'), "did you mean 'turning_point'?"),
        (lambda r: r['sessions'][0].update(kind='brake'), "did you mean 'break'?"),
    ],
)
def test_typos_get_a_hint_with_the_closest_known_word(change: Change, hint: str) -> None:
    raw = good()
    change(raw)

    _, problems = build_agenda(raw)

    assert [p.hint for p in problems if p.severity == 'error'] == [hint]


def test_problem_is_a_frozen_value() -> None:
    problem = Problem(severity='error', path='event.id', message='is missing', hint='add it')

    with pytest.raises(AttributeError):
        problem.path = 'other'  # type: ignore[misc]
    assert problem == Problem(severity='error', path='event.id', message='is missing', hint='add it')
