"""A phone scans the QR code, types the code from the big screen, and joins; the big screen counts heads."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from eventapp.domain.participants import JoinError, Participant
from eventapp.joining import CODE_ALPHABET, CODE_LENGTH, Joining
from eventapp.live import Live
from eventapp.loading import require_agenda
from eventapp.store import Store

AGENDA = require_agenda(Path(__file__).resolve().parents[1] / 'agenda' / 'kickoff.toml')
NOW = dt.datetime(2027, 1, 14, 7, 45, tzinfo=dt.UTC)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    store = Store.open(tmp_path / 'kickoff-2027.db')
    yield store
    store.close()


@pytest.fixture
def live() -> Live:
    return Live(clock=lambda: NOW)


@pytest.fixture
def joining(store: Store, live: Live) -> Joining:
    return Joining(agenda=AGENDA, store=store, live=live)


def join(joining: Joining, phone: str = 'phone-1', **changes: str) -> Participant:
    sent = {'code': joining.code, 'name': 'Kari', 'department': 'Salg', 'language': 'nb'} | changes
    return joining.join(phone, **sent)


def refused(joining: Joining, **changes: str) -> str:
    with pytest.raises(JoinError) as caught:
        join(joining, **changes)
    return caught.value.key


# --- the code --------------------------------------------------------------------------------------------------


def test_the_code_is_short_and_easy_to_read_off_a_projector(joining: Joining) -> None:
    assert len(joining.code) == CODE_LENGTH
    assert set(joining.code) <= set(CODE_ALPHABET)
    assert not set(CODE_ALPHABET) & set('0O1I')


def test_the_code_stays_the_same_after_a_restart(tmp_path: Path, store: Store, live: Live) -> None:
    code = Joining(agenda=AGENDA, store=store, live=live).code
    store.close()
    reopened = Store.open(tmp_path / 'kickoff-2027.db')

    assert Joining(agenda=AGENDA, store=reopened, live=live).code == code
    reopened.close()


def test_the_code_may_be_typed_in_lower_case_and_with_spaces(joining: Joining) -> None:
    typed = ' ' + ' '.join(joining.code.lower()) + ' \t'

    assert joining.code_ok(typed)
    assert join(joining, code=typed).name == 'Kari'
    assert joining.count == 1


@pytest.mark.parametrize('typed', ['', 'ABC', '00000', 'IIIII'])
def test_a_wrong_code_is_refused_and_nothing_is_stored(joining: Joining, store: Store, typed: str) -> None:
    assert refused(joining, code=typed) == 'join.wrong_code'
    assert joining.participant('phone-1') is None
    assert joining.count == 0
    assert store.participant_count() == 0


def test_a_code_with_one_letter_wrong_is_refused(joining: Joining) -> None:
    last = joining.code[-1]
    other = CODE_ALPHABET[(CODE_ALPHABET.index(last) + 1) % len(CODE_ALPHABET)]

    assert refused(joining, code=joining.code[:-1] + other) == 'join.wrong_code'


def test_a_code_with_an_extra_letter_is_refused(joining: Joining) -> None:
    assert refused(joining, code=joining.code + 'A') == 'join.wrong_code'


# --- joining and counting --------------------------------------------------------------------------------------


def test_a_phone_joins_with_cleaned_details(joining: Joining) -> None:
    joined = join(joining, name='  Ka\u200bri ', department='Kundeservice', language='en')

    assert joined == Participant(id='phone-1', name='Kari', department='Kundeservice', language='en')
    assert joining.participant('phone-1') == joined


def test_the_count_goes_up_once_per_phone(joining: Joining, live: Live) -> None:
    counts: list[int] = []
    live.joined.subscribe(counts.append)

    join(joining, 'phone-1', name='Kari')
    join(joining, 'phone-1', name='Kari N.', department='Drift')
    join(joining, 'phone-2', name='Ola')

    assert joining.count == 2
    assert counts == [1, 1, 2]
    assert joining.participant('phone-1').name == 'Kari N.'
    assert joining.participant('phone-1').department == 'Drift'


def test_the_count_survives_a_restart(tmp_path: Path, joining: Joining, store: Store, live: Live) -> None:
    join(joining, 'phone-1')
    join(joining, 'phone-2')
    store.close()
    reopened = Store.open(tmp_path / 'kickoff-2027.db')

    after_restart = Joining(agenda=AGENDA, store=reopened, live=live)
    join(after_restart, 'phone-1', name='Kari igjen')

    assert after_restart.count == 2
    reopened.close()


@pytest.mark.parametrize(
    ('changes', 'key'),
    [
        ({'name': 'K' * 41}, 'join.name_too_long'),
        ({'department': 'Marketing'}, 'join.unknown_department'),
        ({'language': 'de'}, 'join.unknown_language'),
    ],
)
def test_bad_input_stores_nothing(joining: Joining, store: Store, live: Live, changes: dict, key: str) -> None:
    counts: list[int] = []
    live.joined.subscribe(counts.append)

    assert refused(joining, **changes) == key

    assert joining.participant('phone-1') is None
    assert joining.count == 0
    assert store.participant_count() == 0
    assert counts == []


def test_a_bad_rejoin_keeps_the_details_already_given(joining: Joining) -> None:
    first = join(joining, name='Kari', department='Salg')

    assert refused(joining, name='Kari', department='Marketing') == 'join.unknown_department'

    assert joining.participant('phone-1') == first
    assert joining.count == 1


def test_a_phone_may_join_without_name_or_department(joining: Joining) -> None:
    joined = join(joining, name='', department='')

    assert (joined.name, joined.department) == ('', '')
    assert joining.count == 1


def test_switching_language_is_kept_and_unknown_languages_are_ignored(joining: Joining) -> None:
    join(joining, language='nb')

    joining.set_language('phone-1', 'en')
    assert joining.participant('phone-1').language == 'en'
    joining.set_language('phone-1', 'de')
    assert joining.participant('phone-1').language == 'en'
