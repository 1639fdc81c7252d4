"""The pulse service on a real store: the facilitator opens, closes and reveals; phones answer; bad input is refused
and leaves nothing behind; a pulse session that ends opens its pulse when the agenda says so."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from eventapp.domain.agenda import Agenda, PulseSettings
from eventapp.facilitation import Facilitation
from eventapp.joining import Joining
from eventapp.live import Live
from eventapp.loading import require_agenda
from eventapp.pulse import PulseService
from eventapp.store import Store
from eventapp.store.pulse import PulseStore

AGENDA = require_agenda(Path(__file__).resolve().parents[1] / 'agenda' / 'kickoff.toml')
GOOD = {'energy': 4, 'relevance': 5, 'learning': 3, 'safety': 4}


class Day:
    """One event's services on a fresh database, rebuilt on the same file to play a restart."""

    def __init__(self, path: Path, agenda: Agenda = AGENDA) -> None:
        self.path, self.agenda = path, agenda
        self.now = dt.datetime(2027, 1, 14, 8, 0, tzinfo=dt.UTC)
        self.start()

    def start(self) -> None:
        self.store = Store.open(self.path)
        self.live = Live(lambda: self.now)
        self.joining = Joining(agenda=self.agenda, store=self.store, live=self.live)
        self.facilitation = Facilitation(agenda=self.agenda, store=self.store, live=self.live)
        self.pulse_store = PulseStore(self.store.db)
        self.pulse = PulseService(
            agenda=self.agenda,
            store=self.pulse_store,
            live=self.live,
            facilitation=self.facilitation,
            joining=self.joining,
        )

    def phones(self, n: int) -> list[str]:
        ids = [f'phone-{i}' for i in range(n)]
        for pid in ids:
            self.joining.join(pid, code=self.joining.code, name='', department='Salg', language='nb')
        return ids

    def go_to(self, session_id: str) -> None:
        outcome = self.facilitation.act('jump', index=self.agenda.index_of(session_id))
        assert outcome.ok


@pytest.fixture
def day(tmp_path: Path) -> Day:
    d = Day(tmp_path / 'event.db')
    yield d
    d.store.close()


def test_open_answer_close_reveal(day: Day) -> None:
    phones = day.phones(6)
    seen = []
    day.pulse.answered.subscribe(lambda p: seen.append((p.answered, p.joined)))
    day.go_to('kundehistorien')

    assert day.pulse.open().key == 'pulse.opened'
    for pid in phones[:5]:
        assert day.pulse.answer(pid, 'kundehistorien', dict(GOOD), 'Inspirerende').ok
    assert seen == [(1, 6), (2, 6), (3, 6), (4, 6), (5, 6)]
    assert day.pulse.result('kundehistorien') is None  # nothing to read while it is open
    assert day.pulse.close().key == 'pulse.closed'
    assert day.pulse.reveal().key == 'pulse.revealed'

    result = day.pulse.result('kundehistorien')
    assert result.responses == 5 and result.statement('energy').mean == 4.0
    assert day.pulse.word_frequencies('kundehistorien') == {'inspirerende': 5}


def test_a_phone_changes_its_answer_until_close_and_keeps_one_response(day: Day) -> None:
    (pid,) = day.phones(1)
    day.go_to('kundehistorien')
    day.pulse.open()

    day.pulse.answer(pid, 'kundehistorien', dict(GOOD))
    day.pulse.answer(pid, 'kundehistorien', dict(GOOD))  # a double tap
    day.pulse.answer(pid, 'kundehistorien', {**GOOD, 'energy': 1}, 'sliten')

    assert day.pulse.participation('kundehistorien').answered == 1
    assert day.pulse_store.count('kundehistorien') == 1
    assert day.pulse.response('kundehistorien', pid) == ({**GOOD, 'energy': 1}, 'sliten')
    day.pulse.close()
    assert day.pulse.answer(pid, 'kundehistorien', dict(GOOD)).key == 'pulse.is_closed'
    assert day.pulse.response('kundehistorien', pid)[0]['energy'] == 1


@pytest.mark.parametrize(
    ('session_id', 'values', 'word', 'key'),
    [
        ('kundehistorien', {**GOOD, 'energy': 6}, '', 'pulse.invalid'),
        ('kundehistorien', {**GOOD, 'energy': 0}, '', 'pulse.invalid'),
        ('kundehistorien', {**GOOD, 'energy': '4'}, '', 'pulse.invalid'),
        ('kundehistorien', {'energy': 4}, '', 'pulse.invalid'),
        ('kundehistorien', {**GOOD, 'mood': 3}, '', 'pulse.invalid'),
        ('kundehistorien', dict(GOOD), 'to ord', 'pulse.invalid'),
        ('kundehistorien', dict(GOOD), 'x' * 31, 'pulse.invalid'),
        ('tre-maal', dict(GOOD), '', 'pulse.unknown'),
        ('no-such-session', dict(GOOD), '', 'pulse.unknown'),
        ("kundehistorien' OR 1=1 --", dict(GOOD), '', 'pulse.unknown'),
    ],
)
def test_bad_answers_are_refused_and_store_nothing(day: Day, session_id: str, values: dict, word: str, key: str):
    (pid,) = day.phones(1)
    day.go_to('kundehistorien')
    day.pulse.open()

    outcome = day.pulse.answer(pid, session_id, values, word)

    assert (outcome.ok, outcome.key) == (False, key)
    assert day.pulse_store.count('kundehistorien') == 0
    assert day.pulse.participation('kundehistorien').answered == 0


def test_a_phone_that_never_joined_cannot_answer(day: Day) -> None:
    day.go_to('kundehistorien')
    day.pulse.open()

    assert day.pulse.answer('forged-id', 'kundehistorien', dict(GOOD)).key == 'pulse.not_joined'
    assert day.pulse_store.count('kundehistorien') == 0


def test_the_facilitator_gets_clear_feedback_and_the_state_stays_consistent(day: Day) -> None:
    assert day.pulse.open().key == 'pulse.no_session'
    assert day.pulse.close().key == 'pulse.none'
    assert day.pulse.reveal().key == 'pulse.none'
    day.go_to('pause-formiddag')
    assert day.pulse.open().key == 'pulse.on_break'
    assert day.pulse.current is None

    day.go_to('tre-maal')
    assert day.pulse.open().ok
    assert day.pulse.open().key == 'pulse.already_open'
    assert day.pulse.reveal().key == 'pulse.close_first'
    day.go_to('laering-kundesamtalen')
    assert day.pulse.open().key == 'pulse.other_open'
    assert day.pulse.close().ok
    assert day.pulse.close().key == 'pulse.already_closed'
    assert day.pulse.reveal().ok
    assert day.pulse.reveal().key == 'pulse.already_revealed'
    day.go_to('tre-maal')
    assert day.pulse.open().key == 'pulse.done'
    assert day.pulse.open('no-such-session').key == 'pulse.unknown_session'
    assert [p.status for p in day.pulse_store.pulses()] == ['revealed']


def test_state_and_answers_survive_a_restart(day: Day) -> None:
    phones = day.phones(5)
    day.go_to('kundehistorien')
    day.pulse.open()
    for pid in phones:
        day.pulse.answer(pid, 'kundehistorien', dict(GOOD))
    day.store.close()

    day.start()

    assert day.pulse.current.session_id == 'kundehistorien' and day.pulse.current.status == 'open'
    assert day.pulse.participation('kundehistorien').answered == 5
    assert day.pulse.answer(phones[0], 'kundehistorien', dict(GOOD)).ok
    assert day.pulse.participation('kundehistorien').answered == 5


def test_a_pulse_opens_by_itself_when_a_pulse_session_ends_if_the_agenda_says_so(tmp_path: Path) -> None:
    agenda = dataclasses.replace(AGENDA, pulse=PulseSettings(auto_open=True))
    day = Day(tmp_path / 'auto.db', agenda)
    opened = []
    day.pulse.changed.subscribe(lambda p: opened.append((p.session_id, p.status)))

    day.go_to('apning')  # from before the day: nothing ended
    day.facilitation.act('next')  # apning has no pulse
    assert opened == []
    day.facilitation.act('next')  # kundehistorien ended
    assert opened == [('kundehistorien', 'open')]
    day.facilitation.act('next')  # tre-maal ended: the old pulse closes, the new one opens
    assert opened[1:] == [('kundehistorien', 'closed'), ('tre-maal', 'open')]
    day.facilitation.act('previous')  # going back ends nothing
    assert len(opened) == 3
    day.store.close()


def test_without_auto_open_moving_on_opens_nothing(day: Day) -> None:
    day.go_to('kundehistorien')
    day.facilitation.act('next')

    assert day.pulse.current is None


def test_the_store_never_reads_out_fewer_than_five(day: Day) -> None:
    phones = day.phones(4)
    day.go_to('kundehistorien')
    day.pulse.open()
    for pid in phones:
        day.pulse.answer(pid, 'kundehistorien', dict(GOOD), 'hei')
    day.pulse.close()

    (result,) = day.pulse_store.results(AGENDA)
    assert result.responses == 4 and not result.shown
    assert all(s.mean is None and s.distribution is None for s in result.statements)
    assert day.pulse_store.word_frequencies('kundehistorien') is None
    assert all(p.measured is None for p in day.pulse_store.energy_curve(AGENDA))


def test_the_energy_curve_and_safety_flags_follow_the_day(day: Day) -> None:
    phones = day.phones(5)
    for session_id, energy, safety in [('kundehistorien', 4, 5), ('tre-maal', 3, 4), ('debrief-kundecase', 2, 3)]:
        day.go_to(session_id)
        day.pulse.open()
        for pid in phones:
            day.pulse.answer(pid, session_id, {**GOOD, 'energy': energy, 'safety': safety})
        day.pulse.close()
    day.pulse.reveal()

    curve = {p.session_id: p.measured for p in day.pulse.energy_curve(revealed_only=False)}
    assert (curve['kundehistorien'], curve['tre-maal'], curve['debrief-kundecase'], curve['apning']) == (4, 3, 2, None)
    shown = {p.session_id: p.measured for p in day.pulse.energy_curve(revealed_only=True)}
    assert [k for k, v in shown.items() if v is not None] == ['debrief-kundecase']
    flags = day.pulse.safety_flags()
    assert [(f.session_id, f.low, f.drop) for f in flags] == [
        ('tre-maal', False, 1.0),
        ('debrief-kundecase', True, 1.0),
    ]
