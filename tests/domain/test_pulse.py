"""Pulse rules: what is asked, what the answers may show (never below five), the energy curve and the safety flag."""

from __future__ import annotations

import datetime as dt

import pytest

from eventapp.domain import pulse
from eventapp.domain.agenda import Agenda, Event, PulseSettings, PulseStatement, Session
from eventapp.domain.pulse import (
    MIN_GROUP,
    SAFETY_ADVICE,
    SessionResult,
    beat_marks,
    clean_answers,
    default_statements,
    energy_curve,
    safety_flags,
    statements_for,
    summarise,
)

IDS = ('energy', 'relevance', 'learning', 'safety')


def session(id_: str, *, beat: str = 'build', energy: int = 3, minutes: int = 20, kind: str = 'learning', **kw):
    return Session(id=id_, title=id_.title(), kind=kind, minutes=minutes, beat=beat, energy=energy, **kw)


def agenda(*sessions: Session, settings: PulseSettings | None = None) -> Agenda:
    event = Event(id='e', title='E', date=dt.date(2027, 1, 14), start=dt.time(9), timezone='Europe/Oslo', language='nb')
    return Agenda(
        event=event, vision='v', goals=(), departments=(), sessions=sessions, pulse=settings or PulseSettings()
    )


def answers(*rows: tuple[int, int, int, int]) -> list[dict[str, int]]:
    return [dict(zip(IDS, row, strict=True)) for row in rows]


# --- what is asked ------------------------------------------------------------------------------------------


@pytest.mark.parametrize('lang', ['nb', 'en'])
def test_the_default_set_has_four_statements_with_labelled_ends(lang: str) -> None:
    statements = default_statements(lang)

    assert tuple(s.id for s in statements) == IDS
    assert all(s.text and s.low and s.high for s in statements)


def test_the_default_set_speaks_each_language() -> None:
    assert default_statements('nb')[0].text == 'Hvor mye energi har du nå?'
    assert default_statements('en')[3].text == 'I could ask or disagree here without risk.'
    assert default_statements('de') == default_statements('nb')


def test_a_session_set_beats_the_event_set_beats_the_default() -> None:
    own = tuple(PulseStatement(id=f's{i}', text='T', low='L', high='H') for i in range(3))
    event_set = tuple(PulseStatement(id=f'e{i}', text='T', low='L', high='H') for i in range(4))
    plain, special = session('a'), session('b', pulse_statements=own)

    assert statements_for(agenda(plain), plain, 'en') == default_statements('en')
    day = agenda(plain, special, settings=PulseSettings(statements=event_set))
    assert statements_for(day, plain, 'en') == event_set
    assert statements_for(day, special, 'en') == own


def test_breaks_get_no_pulse_unless_flagged() -> None:
    assert not pulse.pulse_allowed(session('pause', kind='break'))
    assert pulse.pulse_allowed(session('pause', kind='break', pulse=True))
    assert pulse.pulse_allowed(session('talk', kind='keynote'))


@pytest.mark.parametrize(
    'values',
    [
        {'energy': 0, 'relevance': 3, 'learning': 3, 'safety': 3},
        {'energy': 6, 'relevance': 3, 'learning': 3, 'safety': 3},
        {'energy': 3.0, 'relevance': 3, 'learning': 3, 'safety': 3},
        {'energy': '3', 'relevance': 3, 'learning': 3, 'safety': 3},
        {'energy': True, 'relevance': 3, 'learning': 3, 'safety': 3},
        {'energy': 3, 'relevance': 3, 'learning': 3},
        {'energy': 3, 'relevance': 3, 'learning': 3, 'safety': 3, 'extra': 3},
        {'energy': None, 'relevance': 3, 'learning': 3, 'safety': 3},
    ],
)
def test_answers_off_the_scale_or_not_matching_the_set_are_refused(values: dict) -> None:
    assert clean_answers(values, IDS) is None


def test_whole_answers_on_the_scale_pass() -> None:
    values = {'energy': 1, 'relevance': 5, 'learning': 3, 'safety': 4}

    assert clean_answers(values, IDS) == values


# --- what the answers show ----------------------------------------------------------------------------------


def test_distribution_and_mean_of_each_statement() -> None:
    result = summarise('a', IDS, answers((5, 4, 3, 2), (4, 4, 3, 2), (4, 4, 3, 2), (3, 4, 3, 2), (2, 4, 3, 1)))

    energy = result.statement('energy')
    assert energy.distribution == (0, 1, 1, 2, 1)
    assert energy.mean == 3.6
    assert result.statement('safety').mean == 1.8
    assert result.responses == 5 and result.shown


@pytest.mark.parametrize('count', range(MIN_GROUP))
def test_fewer_than_five_answers_show_nothing(count: int) -> None:
    result = summarise('a', IDS, answers(*[(5, 5, 5, 5)] * count))

    assert not result.shown
    assert all(s.mean is None and s.distribution is None and s.change is None for s in result.statements)
    assert result.statement('energy').count == count


def test_the_change_is_against_the_last_earlier_session_that_showed_a_mean() -> None:
    first = summarise('a', IDS, answers(*[(4, 4, 4, 4)] * 5))
    too_few = summarise('b', IDS, answers(*[(1, 1, 1, 1)] * 4))
    third = summarise('c', IDS, answers(*[(3, 4, 5, 2)] * 6), [first, too_few])

    assert first.statement('energy').change is None
    assert third.statement('energy').change == -1.0
    assert third.statement('learning').change == 1.0


def test_participation_is_a_share_of_the_joined_phones() -> None:
    assert pulse.participation(3, 12) == 0.25
    assert pulse.participation(0, 0) == 0.0
    assert pulse.participation(5, 4) == 1.0


# --- the energy curve ---------------------------------------------------------------------------------------


def test_the_energy_curve_sets_measured_against_planned_energy() -> None:
    day = agenda(
        session('a', beat='opening', energy=4, minutes=15),
        session('b', energy=3, minutes=30),
        session('c', beat='turning_point', energy=5, minutes=10),
    )
    results = {
        'a': summarise('a', IDS, answers(*[(4, 4, 4, 4)] * 3, *[(2, 4, 4, 4)] * 2)),
        'c': summarise('c', IDS, answers(*[(5, 4, 4, 4)] * 4)),
    }

    curve = energy_curve(day, results)

    assert [(p.session_id, p.start_minute, p.planned) for p in curve] == [('a', 0, 4), ('b', 15, 3), ('c', 45, 5)]
    assert [p.measured for p in curve] == [3.2, None, None]  # 'c' had four answers: too few to show
    assert [p.responses for p in curve] == [5, 0, 4]


def test_the_opening_turning_point_and_commitment_are_marked_where_they_begin() -> None:
    day = agenda(
        session('a', beat='opening', minutes=15),
        session('b', beat='opening', minutes=15),
        session('c', beat='build', minutes=20),
        session('d', beat='turning_point', minutes=10),
        session('e', beat='commitment', minutes=10),
    )

    assert beat_marks(day) == (('opening', 0), ('turning_point', 50), ('commitment', 60))


# --- the safety flag ----------------------------------------------------------------------------------------


def result_with_safety(session_id: str, values: list[int], previous: list[SessionResult]) -> SessionResult:
    return summarise(session_id, IDS, answers(*[(3, 3, 3, v) for v in values]), previous)


def test_a_safety_mean_below_three_and_a_half_is_flagged_with_the_methods_advice() -> None:
    low = result_with_safety('a', [3, 3, 3, 4, 4], [])  # 3.4

    (flag,) = safety_flags([low])

    assert flag.session_id == 'a' and flag.low and flag.drop is None and flag.mean == 3.4
    assert flag.advice == SAFETY_ADVICE


def test_a_drop_of_more_than_half_a_point_is_flagged_even_when_high() -> None:
    first = result_with_safety('a', [5, 5, 5, 5, 5], [])
    second = result_with_safety('b', [4, 4, 5, 5, 4], [first])  # 4.4: down 0.6

    (flag,) = safety_flags([first, second])

    assert flag.session_id == 'b' and not flag.low and flag.drop == pytest.approx(0.6)


def test_exactly_three_and_a_half_or_a_drop_of_exactly_half_is_not_flagged() -> None:
    first = result_with_safety('a', [4, 4, 4, 4, 4, 4], [])
    second = result_with_safety('b', [3, 4, 3, 4, 3, 4], [first])  # 3.5: down exactly 0.5

    assert safety_flags([first, second]) == ()


def test_too_few_answers_raise_no_flag() -> None:
    assert safety_flags([result_with_safety('a', [1, 1, 1, 1], [])]) == ()
