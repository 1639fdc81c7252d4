"""Pledge rules: the 72-hour deadline in the event's time zone (across summer-time changes), the limits, the goal."""

from __future__ import annotations

import dataclasses
import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from eventapp.domain.agenda import Agenda
from eventapp.domain.pledges import (
    ANONYMOUS,
    NAMED,
    TEXT_MAX,
    PledgeError,
    event_end,
    latest_deadline,
    parse_local,
    validate,
    word_frequencies,
)
from eventapp.loading import require_agenda
from eventapp.settings import DEFAULT_AGENDA

OSLO = ZoneInfo('Europe/Oslo')


@pytest.fixture(scope='module')
def kickoff() -> Agenda:
    return require_agenda(DEFAULT_AGENDA)


def on(agenda: Agenda, day: dt.date, timezone: str = 'Europe/Oslo', end: dt.time | None = dt.time(17)) -> Agenda:
    event = dataclasses.replace(agenda.event, date=day, timezone=timezone, start=dt.time(9), end=end)
    return dataclasses.replace(agenda, event=event)


def pledge(agenda: Agenda, now: dt.datetime, **changes: object):
    values = {'text': 'Ringe tre kunder før fredag', 'goal_id': agenda.goals[0].id, 'deadline': None, 'now': now}
    values.update(changes)
    return validate(agenda, **values)


@pytest.mark.parametrize(
    ('day', 'timezone', 'latest'),
    [
        # last Saturday of March: Oslo springs forward that night; 72 real hours end at 18:00 summer time
        (dt.date(2027, 3, 27), 'Europe/Oslo', '2027-03-30T18:00:00+02:00'),
        # last Saturday of October: Oslo falls back that night; 72 real hours end at 16:00 winter time
        (dt.date(2027, 10, 30), 'Europe/Oslo', '2027-11-02T16:00:00+01:00'),
        # an ordinary week in January
        (dt.date(2027, 1, 14), 'Europe/Oslo', '2027-01-17T17:00:00+01:00'),
        # New York springs forward on the second Sunday of March
        (dt.date(2027, 3, 13), 'America/New_York', '2027-03-16T18:00:00-04:00'),
        # Sydney falls back on the first Sunday of April
        (dt.date(2027, 4, 3), 'Australia/Sydney', '2027-04-06T16:00:00+10:00'),
    ],
)
def test_the_latest_deadline_is_72_real_hours_after_the_end_in_the_event_zone(
    kickoff: Agenda, day: dt.date, timezone: str, latest: str
) -> None:
    agenda = on(kickoff, day, timezone)

    deadline = latest_deadline(agenda)

    assert deadline.isoformat() == latest
    assert deadline.astimezone(dt.UTC) - event_end(agenda).astimezone(dt.UTC) == dt.timedelta(hours=72)
    assert str(deadline.tzinfo) == timezone


def test_without_an_end_time_the_planned_end_of_the_agenda_counts(kickoff: Agenda) -> None:
    agenda = on(kickoff, dt.date(2027, 1, 14), end=None)

    assert event_end(agenda) == agenda.planned_end()
    assert latest_deadline(agenda) == agenda.planned_end() + dt.timedelta(hours=72)


def test_no_deadline_given_means_the_latest_one(kickoff: Agenda) -> None:
    agenda = on(kickoff, dt.date(2027, 3, 27))
    now = dt.datetime(2027, 3, 27, 16, tzinfo=OSLO)

    draft = pledge(agenda, now)

    assert draft.deadline == latest_deadline(agenda)
    assert draft.deadline.isoformat() == '2027-03-30T18:00:00+02:00'


def test_an_earlier_deadline_is_kept_and_a_later_or_past_one_refused(kickoff: Agenda) -> None:
    agenda = on(kickoff, dt.date(2027, 1, 14))
    now = dt.datetime(2027, 1, 14, 16, tzinfo=OSLO)
    latest = latest_deadline(agenda)

    assert pledge(agenda, now, deadline=latest - dt.timedelta(days=2)).deadline == latest - dt.timedelta(days=2)
    assert pledge(agenda, now, deadline=latest).deadline == latest
    with pytest.raises(PledgeError, match=r'pledge\.deadline_late'):
        pledge(agenda, now, deadline=latest + dt.timedelta(minutes=1))
    with pytest.raises(PledgeError, match=r'pledge\.deadline_past'):
        pledge(agenda, now, deadline=now - dt.timedelta(minutes=1))
    with pytest.raises(PledgeError, match=r'pledge\.deadline_past'):
        pledge(agenda, latest + dt.timedelta(minutes=1))  # the 72 hours are over: nothing fits any more


def test_the_phone_field_is_read_in_the_event_zone_and_a_skipped_hour_moves_forward(kickoff: Agenda) -> None:
    agenda = on(kickoff, dt.date(2027, 3, 27))

    assert parse_local('2027-03-29T08:30', agenda).isoformat() == '2027-03-29T08:30:00+02:00'
    assert parse_local('2027-03-28T02:30', agenda).isoformat() == '2027-03-28T03:30:00+02:00'
    with pytest.raises(PledgeError, match=r'pledge\.deadline_invalid'):
        parse_local('next tuesday', agenda)


@pytest.mark.parametrize(
    ('changes', 'key'),
    [
        ({'text': ''}, 'pledge.text_empty'),
        ({'text': ' \u200b\n\t '}, 'pledge.text_empty'),
        ({'text': 'x' * (TEXT_MAX + 1)}, 'pledge.text_long'),
        ({'text': 'x' * 100_000}, 'pledge.text_long'),
        ({'goal_id': 'not-a-goal'}, 'pledge.goal_unknown'),
        ({'goal_id': ''}, 'pledge.goal_unknown'),
        ({'wall': 'billboard'}, 'pledge.show.unknown'),
        ({'wall': NAMED, 'name': '  '}, 'pledge.name_needed'),
        ({'name': 'x' * 41}, 'pledge.name_long'),
        ({'partner': 'x' * 61}, 'pledge.partner_long'),
    ],
)
def test_bad_input_is_refused_with_a_message_key(kickoff: Agenda, changes: dict, key: str) -> None:
    now = dt.datetime(2027, 1, 14, 16, tzinfo=OSLO)

    with pytest.raises(PledgeError) as raised:
        pledge(kickoff, now, **changes)

    assert raised.value.key == key


def test_text_is_cleaned_and_html_stays_plain_text(kickoff: Agenda) -> None:
    now = dt.datetime(2027, 1, 14, 16, tzinfo=OSLO)

    draft = pledge(kickoff, now, text='  <b>Ring</b>\u200b\n   Åse  ', partner=' Øyvind ', wall=ANONYMOUS)

    assert draft.text == '<b>Ring</b> Åse'
    assert draft.partner == 'Øyvind'
    assert len(pledge(kickoff, now, text='æ' * TEXT_MAX).text) == TEXT_MAX


def test_pledge_words_leave_out_stop_words_in_both_languages() -> None:
    words = word_frequencies(['Jeg skal ringe tre kunder', 'Ringe kunder og følge opp', 'I will call customers'])

    assert words['ringe'] == 2
    assert words['kunder'] == 2
    assert 'jeg' not in words and 'og' not in words and 'will' not in words
