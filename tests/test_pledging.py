"""The pledge service on a real database: validate -> write -> emit, one pledge per phone, closing, hiding."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import icalendar
import pytest

from eventapp.domain.pledges import ANONYMOUS, NAMED, PledgeError
from eventapp.exporting import export_command
from eventapp.loading import require_agenda
from eventapp.pledging import SAVED, Change, Pledging
from eventapp.settings import DEFAULT_AGENDA
from eventapp.store import Store
from eventapp.store.pledges import PledgeStore

NOW = dt.datetime(2027, 1, 14, 15, 0, tzinfo=dt.UTC)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / 'event.db'


def service(db: Path) -> Pledging:
    store = Store.open(db)
    return Pledging(agenda=require_agenda(DEFAULT_AGENDA), store=PledgeStore(store.db), clock=lambda: NOW)


def test_a_pledge_is_stored_then_announced_and_a_second_one_updates_the_first(db: Path) -> None:
    pledging = service(db)
    seen: list[Change] = []
    pledging.changed.subscribe(seen.append)

    first = pledging.save('phone-1', text='Ringe tre kunder', goal_id='kundetillit', name='Kari', wall=NAMED)
    second = pledging.save('phone-1', text='Ringe fem kunder', goal_id='kvalitet', deadline='2027-01-16T12:00')

    assert [(c.kind, c.new) for c in seen] == [(SAVED, True), (SAVED, False)]
    assert second.id == first.id
    assert [p.text for p in service(db).pledges()] == ['Ringe fem kunder']  # committed: a fresh service reads it
    assert second.deadline.isoformat() == '2027-01-16T12:00:00+01:00'
    assert service(db).counts() == {'kundetillit': 0, 'kvalitet': 1, 'margin': 0}


def test_bad_input_stores_nothing_and_says_why(db: Path) -> None:
    pledging = service(db)
    seen: list[Change] = []
    pledging.changed.subscribe(seen.append)

    for kwargs, key in [
        ({'text': '', 'goal_id': 'kundetillit'}, 'pledge.text_empty'),
        ({'text': 'x' * 201, 'goal_id': 'kundetillit'}, 'pledge.text_long'),
        ({'text': 'Ok', 'goal_id': 'world-peace'}, 'pledge.goal_unknown'),
        ({'text': 'Ok', 'goal_id': 'kundetillit', 'deadline': '2027-01-17T16:01'}, 'pledge.deadline_late'),
        ({'text': 'Ok', 'goal_id': 'kundetillit', 'deadline': '2027-01-14T15:59'}, 'pledge.deadline_past'),
    ]:
        with pytest.raises(PledgeError) as raised:
            pledging.save('phone-1', **kwargs)
        assert raised.value.key == key

    assert seen == []
    assert service(db).pledges() == []


def test_closing_pledging_keeps_pledges_read_only_and_survives_a_restart(db: Path) -> None:
    pledging = service(db)
    pledging.save('phone-1', text='Ringe tre kunder', goal_id='kundetillit')
    states = []
    pledging.state_changed.subscribe(states.append)

    pledging.close_pledging()

    with pytest.raises(PledgeError, match=r'pledge\.closed'):
        pledging.save('phone-1', text='Endre', goal_id='kundetillit')
    assert states[-1].pledging_open is False and states[-1].event_open is True
    pledging.close_event()
    restarted = service(db)
    assert (restarted.state.pledging_open, restarted.state.event_open) == (False, False)
    assert restarted.own('phone-1').text == 'Ringe tre kunder'


def test_hiding_a_card_takes_it_off_the_wall_but_keeps_the_pledge(db: Path) -> None:
    pledging = service(db)
    kept = pledging.save('phone-1', text='Synlig', goal_id='kundetillit')
    hidden = pledging.save('phone-2', text='Upassende', goal_id='kundetillit')
    pledging.save('phone-3', text='Privat', goal_id='margin', wall='hidden')

    assert pledging.hide(hidden.id)

    assert [p.text for p in pledging.wall()] == ['Synlig']
    assert [p.text for p in service(db).wall()] == ['Synlig']
    assert len(service(db).pledges()) == 3
    assert pledging.hide(hidden.id, False) and [p.id for p in pledging.wall()] == [kept.id, hidden.id]
    assert not pledging.hide(999)


def test_the_phone_gets_its_pledge_as_a_calendar_file(db: Path) -> None:
    pledging = service(db)
    pledging.save('phone-1', text='<b>Ringe</b> Åse', goal_id='kundetillit', wall=ANONYMOUS)

    event = icalendar.Calendar.from_ical(pledging.calendar_file('phone-1', 'nb')).walk('VEVENT')[0]

    assert str(event['SUMMARY']) == 'Mitt løfte: <b>Ringe</b> Åse'
    assert event.decoded('DTSTART').isoformat() == '2027-01-17T16:00:00+01:00'
    assert pledging.calendar_file('phone-2', 'nb') is None


def test_the_cli_library_call_writes_a_folder_or_a_zip(db: Path, tmp_path: Path) -> None:
    service(db).save('phone-1', text='Ringe tre kunder', goal_id='kundetillit')

    folder = export_command(agenda_path=DEFAULT_AGENDA, db=db, out=tmp_path / 'out', as_zip=False, now=NOW)
    archive = export_command(agenda_path=DEFAULT_AGENDA, db=db, out=tmp_path / 'out', as_zip=True, now=NOW)

    assert (folder / 'followup.json').exists() and (folder / 'report.html').exists()
    assert archive.suffix == '.zip' and archive.stat().st_size > 1000
    with pytest.raises(FileNotFoundError):
        export_command(agenda_path=DEFAULT_AGENDA, db=tmp_path / 'none.db', out=tmp_path, as_zip=False, now=NOW)
