"""Seating rules around a table round that has started: late arrivals, pairs within a table, what a phone sees.

A round, once started, is never re-planned: people are sitting there. So these rules only ever add one person to a
table with room, or read a table; the solver (`rotation.py`) plans rounds that have not started.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

from .rotation import Round

MAX_TABLE = 5
"""A late arrival may fill a table up to five; never more, so everyone still gets the floor."""
MIN_TABLE = 3
"""Below three people a table is no longer a table: the facilitator is warned."""


@dataclass(frozen=True, kw_only=True, slots=True)
class Attendee:
    """A joined phone as the table rounds see it: who, from where, a role model or not, and in the room or not."""

    id: str
    name: str = ''
    department: str = ''
    leader: bool = False
    """A leader or ambassador: spread over the tables as role models."""
    present: bool = True


def seat_late(
    person: str,
    round_: Round,
    *,
    present: Collection[str],
    met: Mapping[str, int],
    department: Mapping[str, str],
) -> int | None:
    """The table (index in the round) where a late arrival sits down, or None when every table is full.

    Nobody else moves. Among tables with room (at most MAX_TABLE once seated), prefer the smallest (by the people
    present), then the one with fewest people the person has already met (`met`: id -> times sat together), then
    fewest of their own department, then the lowest table number (so the choice is deterministic).
    """
    own = department.get(person, '')
    best: tuple[int, int, int, int] | None = None
    for t, table in enumerate(round_):
        here = [x for x in table if x in present and x != person]
        if not here or len(here) >= MAX_TABLE:
            continue  # an empty table number is not a table; a full one has no room
        key = (
            len(here),
            sum(met.get(x, 0) for x in here),
            sum(1 for x in here if own and department.get(x, '') == own),
            t,
        )
        if best is None or key < best:
            best = key
    return None if best is None else best[3]


def with_seated(round_: Round, person: str, table: int) -> Round:
    """The round with `person` added at the end of `table` (everyone else stays where they are)."""
    return tuple((*members, person) if t == table else members for t, members in enumerate(round_))


def table_of(person: str, round_: Round) -> int | None:
    """The index of the table the person sits at in this round, or None."""
    for t, table in enumerate(round_):
        if person in table:
            return t
    return None


def small_tables(round_: Round, present: Collection[str]) -> list[int]:
    """Indexes of used tables where fewer than MIN_TABLE present people are left (after people left)."""
    return [t for t, table in enumerate(round_) if 0 < sum(1 for x in table if x in present) < MIN_TABLE]


def pairs(table: Sequence[str]) -> list[tuple[str, ...]]:
    """Pairs within one table in seating order, with one trio when the table is odd (3 or 5 people)."""
    people = list(table)
    if len(people) < 2:
        return [tuple(people)] if people else []
    groups = [tuple(people[i : i + 2]) for i in range(0, len(people) - len(people) % 2, 2)]
    if len(people) % 2:
        groups[-1] = (*groups[-1], people[-1])
    return groups


def partners(person: str, table: Sequence[str]) -> tuple[str, ...]:
    """The one or two people the person works with in a pairs exercise (empty if they are not at the table)."""
    for group in pairs(table):
        if person in group:
            return tuple(x for x in group if x != person)
    return ()


def first_name(name: str) -> str:
    """What table mates call each other: the first word of the display name."""
    return name.split()[0] if name.split() else ''


def meetings(person: str, rounds: Sequence[Round]) -> dict[str, int]:
    """How many times `person` sat with each other person in the given rounds."""
    met: dict[str, int] = {}
    for round_ in rounds:
        for table in round_:
            if person in table:
                for x in table:
                    if x != person:
                        met[x] = met.get(x, 0) + 1
    return met
