"""Secret links for the facilitator panel and the big screen: a typo costs nothing, guessing costs ever more time."""

from __future__ import annotations

import pytest

from eventapp.access import Gate

SECRET = 'rett-hemmelighet-123'
LAPTOP = '192.168.1.20'
GUESSER = '192.168.1.66'


@pytest.fixture
def gate() -> Gate:
    return Gate(SECRET)


def fail(gate: Gate, times: int, source: str = GUESSER) -> None:
    for _ in range(times):
        assert not gate.check('feil', source)


def test_the_right_secret_opens(gate: Gate) -> None:
    assert gate.check(SECRET, LAPTOP)
    assert gate.delay_for(LAPTOP) == 0


@pytest.mark.parametrize('given', ['', 'feil', SECRET[:-1], SECRET + 'x', SECRET.upper(), f' {SECRET}', None])
def test_anything_else_does_not(gate: Gate, given: str | None) -> None:
    assert not gate.check(given, LAPTOP)


def test_the_first_three_wrong_tries_cost_nothing(gate: Gate) -> None:
    delays = []
    for _ in range(3):
        delays.append(gate.delay_for(GUESSER))
        fail(gate, 1)

    assert delays == [0, 0, 0]


def test_after_three_wrong_tries_each_answer_waits_twice_as_long_up_to_thirty_seconds(gate: Gate) -> None:
    fail(gate, 3)
    delays = []
    for _ in range(8):
        delays.append(gate.delay_for(GUESSER))
        fail(gate, 1)

    assert delays == [1, 2, 4, 8, 16, 30, 30, 30]


def test_the_delay_stays_capped_after_many_wrong_tries(gate: Gate) -> None:
    fail(gate, 500)

    assert gate.delay_for(GUESSER) == 30


def test_the_right_secret_resets_the_delay(gate: Gate) -> None:
    fail(gate, 6)
    assert gate.delay_for(GUESSER) == 8

    assert gate.check(SECRET, GUESSER)

    assert gate.delay_for(GUESSER) == 0
    fail(gate, 3)
    assert gate.delay_for(GUESSER) == 1


def test_wrong_tries_from_one_address_do_not_slow_another(gate: Gate) -> None:
    fail(gate, 10, GUESSER)

    assert gate.delay_for(LAPTOP) == 0
    assert gate.check(SECRET, LAPTOP)
    assert gate.delay_for(GUESSER) == 30


def test_the_right_secret_from_one_address_does_not_reset_another(gate: Gate) -> None:
    fail(gate, 5, GUESSER)

    assert gate.check(SECRET, LAPTOP)

    assert gate.delay_for(GUESSER) == 4


def test_two_gates_with_different_secrets_are_independent() -> None:
    facilitator, screen = Gate('facilitator-secret'), Gate('screen-key')

    assert facilitator.check('facilitator-secret', LAPTOP)
    assert not screen.check('facilitator-secret', LAPTOP)
    assert facilitator.delay_for(LAPTOP) == 0
