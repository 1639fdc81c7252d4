"""Pledge rules: "my first action within 72 hours", tied to one of the agenda's goals.

Pure: the clock is passed in, nothing is stored here. The method closes the day with visible pledges; a pledge is
only worth something when it is short, concrete, owned by one goal and due soon, so this module says what a valid
pledge is and when it is due at the latest. The service applies these rules before anything is written.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

from .agenda import Agenda
from .participants import clean_text
from .words import frequencies

TEXT_MAX = 200
PARTNER_MAX = 60
NAME_MAX = 40
RAW_FACTOR = 8
"""Raw input longer than this many times a limit is refused without cleaning."""
DEADLINE_HOURS = 72
"""The method's promise: the first action within 72 hours of the day's end (elapsed hours, not wall-clock hours:
a night that loses or gains an hour to daylight saving still gives exactly 72 hours)."""

NAMED, ANONYMOUS, HIDDEN = 'named', 'anonymous', 'hidden'
WALL_CHOICES: tuple[str, ...] = (NAMED, ANONYMOUS, HIDDEN)
"""How a pledge appears on the wall: with the name, without a name, or not at all."""


class PledgeError(ValueError):
    """A pledge the server refuses; `key` is the translation key of the message the phone shows."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


@dataclass(frozen=True, kw_only=True, slots=True)
class Draft:
    """A validated pledge, ready to store: every text cleaned, the deadline aware and in the event's time zone."""

    text: str
    goal_id: str
    deadline: dt.datetime
    partner: str = ''
    name: str = ''
    wall: str = ANONYMOUS


@dataclass(frozen=True, kw_only=True, slots=True)
class Pledge:
    """A stored pledge. `participant_id` keys it (one per phone) and never leaves the server; `id` names the card."""

    id: int
    participant_id: str
    text: str
    goal_id: str
    deadline: dt.datetime
    partner: str
    name: str
    wall: str
    hidden: bool
    """The facilitator took the card off the wall (the pledge itself stays, and stays in the export)."""
    created_at: dt.datetime
    updated_at: dt.datetime

    @property
    def on_wall(self) -> bool:
        return self.wall != HIDDEN and not self.hidden

    @property
    def shown_name(self) -> str:
        """The name the wall may show: only when the person asked for it and gave one."""
        return self.name if self.wall == NAMED else ''


def event_end(agenda: Agenda) -> dt.datetime:
    """The end of the day in the event's time zone: the agenda's `end` when given, else the planned end."""
    event = agenda.event
    if event.end is not None:
        end = dt.datetime.combine(event.date, event.end, tzinfo=event.tz)
        if end > event.starts_at():
            return _normalised(end)
    return _normalised(agenda.planned_end())


def latest_deadline(agenda: Agenda) -> dt.datetime:
    """End of the event plus 72 elapsed hours, in the event's time zone (the default and the latest deadline)."""
    end = event_end(agenda)
    return (end.astimezone(dt.UTC) + dt.timedelta(hours=DEADLINE_HOURS)).astimezone(end.tzinfo)


def parse_local(value: str, agenda: Agenda) -> dt.datetime:
    """A phone's 'YYYY-MM-DDTHH:MM' (a datetime-local input) as an aware time in the event's time zone.
    A time that does not exist (the hour skipped in spring) moves forward by the gap, like a wall clock does."""
    try:
        naive = dt.datetime.fromisoformat((value or '').strip())
    except ValueError as error:
        raise PledgeError('pledge.deadline_invalid') from error
    if naive.tzinfo is not None:
        return _normalised(naive.astimezone(agenda.event.tz))
    return _normalised(naive.replace(tzinfo=agenda.event.tz, second=0, microsecond=0))


def validate(
    agenda: Agenda,
    *,
    text: str,
    goal_id: str,
    deadline: dt.datetime | None,
    now: dt.datetime,
    partner: str = '',
    name: str = '',
    wall: str = ANONYMOUS,
) -> Draft:
    """The pledge as it will be stored, or PledgeError with the first problem a person should fix."""
    text = normalise(text, TEXT_MAX + 1)
    if not text:
        raise PledgeError('pledge.text_empty')
    if len(text) > TEXT_MAX:
        raise PledgeError('pledge.text_long')
    if goal_id not in {goal.id for goal in agenda.goals}:
        raise PledgeError('pledge.goal_unknown')
    if wall not in WALL_CHOICES:
        raise PledgeError('pledge.show.unknown')
    partner = normalise(partner, PARTNER_MAX + 1)
    if len(partner) > PARTNER_MAX:
        raise PledgeError('pledge.partner_long')
    name = normalise(name, NAME_MAX + 1)
    if len(name) > NAME_MAX:
        raise PledgeError('pledge.name_long')
    if wall == NAMED and not name:
        raise PledgeError('pledge.name_needed')
    latest = latest_deadline(agenda)
    due = latest if deadline is None else deadline
    if due.tzinfo is None:
        raise PledgeError('pledge.deadline_invalid')
    if due <= now:
        raise PledgeError('pledge.deadline_past')
    if due > latest:
        raise PledgeError('pledge.deadline_late')
    return Draft(
        text=text,
        goal_id=goal_id,
        deadline=due.astimezone(agenda.event.tz),
        partner=partner,
        name=name,
        wall=wall,
    )


def normalise(text: str, limit: int) -> str:
    """One line of text as people meant it: NFC, no control or invisible characters, spaces collapsed. Raw input
    far beyond `limit` is not cleaned at all (a forged request must not cost work): it comes back over the limit."""
    text = text or ''
    if len(text) > limit * RAW_FACTOR:
        return text[: limit + 1]
    return clean_text(text)


def counts_per_goal(agenda: Agenda, pledges: Iterable[Pledge]) -> dict[str, int]:
    """Pledges per goal in the agenda's order (every goal present, zero included)."""
    counts = dict.fromkeys((goal.id for goal in agenda.goals), 0)
    for pledge in pledges:
        if pledge.goal_id in counts:
            counts[pledge.goal_id] += 1
    return counts


_WORD = re.compile(r"[\w'’-]+")


def word_frequencies(texts: Iterable[str]) -> dict[str, int]:
    """Words of pledge texts for the word cloud, stop words (nb, en) left out, via the shared word rules."""
    return frequencies((word for text in texts for word in _WORD.findall(text)), minimum_length=3)


def _normalised(moment: dt.datetime) -> dt.datetime:
    """Round-trip through UTC so an impossible wall time (the skipped spring hour) becomes a real one."""
    return moment.astimezone(dt.UTC).astimezone(moment.tzinfo)
