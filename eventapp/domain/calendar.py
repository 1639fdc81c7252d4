"""iCalendar files: one pledge for a phone's own calendar, and the whole follow-up for the leader's.

Written with the `icalendar` library, which folds long lines, escapes commas, semicolons and line breaks and writes
the VTIMEZONE blocks (RFC 5545) so that every time stays in the event's time zone, summer time included. Text is
only ever a property value: a pledge with HTML in it is plain text to any calendar.
"""

from __future__ import annotations

import datetime as dt

import icalendar

from . import followup
from .agenda import Agenda
from .pledges import Pledge

PRODID = '-//eventapp//kickoff follow-up//NB'
PLEDGE_MINUTES = 15
REMINDER = dt.timedelta(hours=24)


def pledge_calendar(agenda: Agenda, pledge: Pledge, *, title: str, reminder: str, now: dt.datetime) -> bytes:
    """One pledge as an event at its deadline with a reminder 24 hours before (the phone's "add to my calendar")."""
    calendar = _calendar(agenda)
    calendar.add_component(_pledge_event(agenda, pledge, title=title, reminder=reminder, now=now))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def followup_calendar(agenda: Agenda, pledges: tuple[Pledge, ...], *, words: dict[str, str], now: dt.datetime) -> bytes:
    """Every pledge deadline, the weekly 15-minute check-in for 12 weeks and the 30-, 60- and 90-day reviews.

    `words` holds the translated texts: 'pledge' (with {text}), 'reminder', 'checkin', 'checkin_text', and
    'review_30', 'review_60', 'review_90' with their '..._text' descriptions."""
    calendar = _calendar(agenda)
    for pledge in pledges:
        title = words['pledge'].format(text=pledge.text)
        calendar.add_component(_pledge_event(agenda, pledge, title=title, reminder=words['reminder'], now=now))
    checkins = followup.weekly_checkins(agenda)
    weekly = _event(
        uid=f'checkin@{agenda.event.id}',
        summary=words['checkin'],
        description=words['checkin_text'],
        start=checkins[0],
        minutes=followup.RHYTHMS[0].minutes,
        now=now,
    )
    weekly.add('rrule', {'freq': 'weekly', 'count': followup.WEEKLY_CHECKINS})
    calendar.add_component(weekly)
    for milestone in followup.plan(agenda):
        calendar.add_component(
            _event(
                uid=f'review-{milestone.day}@{agenda.event.id}',
                summary=words[f'review_{milestone.day}'],
                description=words[f'review_{milestone.day}_text'],
                start=followup.review_start(agenda, milestone),
                minutes=milestone.review_minutes,
                now=now,
            )
        )
    calendar.add_missing_timezones()
    return calendar.to_ical()


def _calendar(agenda: Agenda) -> icalendar.Calendar:
    calendar = icalendar.Calendar()
    calendar.add('prodid', PRODID)
    calendar.add('version', '2.0')
    calendar.add('calscale', 'GREGORIAN')
    calendar.add('x-wr-calname', agenda.event.title)
    calendar.add('x-wr-timezone', agenda.event.timezone)
    return calendar


def _pledge_event(agenda: Agenda, pledge: Pledge, *, title: str, reminder: str, now: dt.datetime) -> icalendar.Event:
    start = pledge.deadline.astimezone(agenda.event.tz)
    event = _event(
        uid=f'pledge-{pledge.id}@{agenda.event.id}',
        summary=title,
        description=pledge.text,
        start=start,
        minutes=PLEDGE_MINUTES,
        now=now,
    )
    alarm = icalendar.Alarm()
    alarm.add('action', 'DISPLAY')
    alarm.add('description', reminder)
    alarm.add('trigger', -REMINDER)
    event.add_component(alarm)
    return event


def _event(
    *, uid: str, summary: str, description: str, start: dt.datetime, minutes: int, now: dt.datetime
) -> icalendar.Event:
    event = icalendar.Event()
    event.add('uid', uid)
    event.add('dtstamp', now.astimezone(dt.UTC))
    event.add('summary', summary)
    event.add('description', description)
    event.add('dtstart', start)
    event.add('dtend', start + dt.timedelta(minutes=minutes))
    return event
