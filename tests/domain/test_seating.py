"""Seating inside a started round: a late arrival sits down without moving anyone; pairs stay within a table."""

import pytest

from eventapp.domain.seating import (
    first_name,
    meetings,
    pairs,
    partners,
    seat_late,
    small_tables,
    table_of,
    with_seated,
)

ROUND = (('a', 'b', 'c', 'd'), ('e', 'f', 'g'), ('h', 'i', 'j', 'k'), ('l', 'm', 'n'))
EVERYONE = {x for table in ROUND for x in table}


def test_a_late_arrival_takes_the_smallest_table_and_nobody_moves() -> None:
    present = EVERYONE | {'z'}
    t = seat_late('z', ROUND, present=present, met={}, department={})
    assert t == 1  # tables 1 and 3 have three people; the lower number wins a full tie
    after = with_seated(ROUND, 'z', t)
    assert after[1] == ('e', 'f', 'g', 'z')
    assert [table for i, table in enumerate(after) if i != 1] == [table for i, table in enumerate(ROUND) if i != 1]


def test_among_equally_small_tables_people_not_met_and_another_department_win() -> None:
    present = EVERYONE | {'z'}
    assert seat_late('z', ROUND, present=present, met={'e': 1}, department={}) == 3
    department = {'z': 'Salg', 'e': 'Salg', 'f': 'Salg', 'l': 'Salg'}
    assert seat_late('z', ROUND, present=present, met={}, department=department) == 3


def test_people_who_left_do_not_count_and_full_tables_take_nobody() -> None:
    present = EVERYONE - {'a', 'b'} | {'z'}
    assert seat_late('z', ROUND, present=present, met={}, department={}) == 0  # two left there
    full = (('a', 'b', 'c', 'd', 'e'), ('f', 'g', 'h', 'i', 'j'))
    assert seat_late('z', full, present={*'abcdefghij', 'z'}, met={}, department={}) is None


def test_a_table_with_fewer_than_three_present_is_flagged() -> None:
    assert small_tables(ROUND, EVERYONE - {'e'}) == [1]
    assert small_tables(ROUND, EVERYONE) == []


@pytest.mark.parametrize(
    ('table', 'expected'),
    [
        (('a', 'b', 'c', 'd'), [('a', 'b'), ('c', 'd')]),
        (('a', 'b', 'c'), [('a', 'b', 'c')]),
        (('a', 'b', 'c', 'd', 'e'), [('a', 'b'), ('c', 'd', 'e')]),
        (('a', 'b'), [('a', 'b')]),
    ],
)
def test_pairs_within_a_table_with_one_trio_at_odd_tables(table: tuple[str, ...], expected: list) -> None:
    groups = pairs(table)
    assert groups == expected
    assert sorted(x for group in groups for x in group) == sorted(table)


def test_partners_are_the_others_in_the_pair_or_trio() -> None:
    assert partners('c', ('a', 'b', 'c', 'd', 'e')) == ('d', 'e')
    assert partners('a', ('a', 'b', 'c', 'd')) == ('b',)
    assert partners('x', ('a', 'b')) == ()


def test_table_of_meetings_and_first_names() -> None:
    assert table_of('g', ROUND) == 1 and table_of('x', ROUND) is None
    assert meetings('a', [ROUND, (('a', 'e', 'b'),)]) == {'b': 2, 'c': 1, 'd': 1, 'e': 1}
    assert first_name('  Kari  Nordmann ') == 'Kari' and first_name('') == ''
