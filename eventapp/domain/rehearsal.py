"""Simulated participants for a rehearsal: who they are, what they answer, and when, from a seeded generator.

Pure: every choice comes from a `random.Random` the caller passes in, so one seed gives the same room every time.
Nothing here writes: the driver (`eventapp/rehearsal.py`) hands each choice to the same services a phone uses, and
those validate it like any phone's input. Delays are in human seconds, always inside the bounds below, so a
facilitator rehearsing alone sees a room that arrives, answers and asks at the pace of people, never all at once.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass

from .agenda import Agenda, Goal
from .pledges import ANONYMOUS, HIDDEN, NAMED

MAX_PARTICIPANTS = 1000
"""A rehearsal shows every screen alive; the load benchmark, not a rehearsal, measures thousands."""
ENGLISH_SHARE = 0.15
NAMELESS_SHARE = 0.08
"""A name is optional at join; a few simulated people leave it out, as real ones do."""
LEADER_SHARE = 0.06

JOIN = (3.0, 240.0)
"""Seconds from the start of the rehearsal to a person's join: most in the first two minutes, a few late."""
ANSWER = (6.0, 75.0)
"""Seconds from a pulse opening to a person's answer."""
ASK = (20.0, 600.0)
"""Seconds into a session before a person asks (cut to the session's planned length)."""
VOTE = (4.0, 90.0)
"""Seconds from a question appearing to a person's vote."""
PLEDGE = (30.0, 420.0)
"""Seconds from the commitment session's start to a person's pledge."""

ANSWER_SHARE = (0.75, 0.95)
ASK_SHARE = 0.06
"""Chance that one person asks in one session: about six questions per hundred people per session."""
ASKS_PER_DAY = 3
VOTE_SHARE = 0.3
PLEDGE_SHARE = 0.9

NAMES_NB = (
    'Kari', 'Ola', 'Ingrid', 'Lars', 'Sigrid', 'Øyvind', 'Åse', 'Håkon', 'Marte', 'Eirik', 'Solveig', 'Jørgen',
    'Ragnhild', 'Torbjørn', 'Hanne', 'Sindre', 'Tone', 'Anders', 'Silje', 'Bjørn', 'Liv', 'Espen', 'Ingeborg',
    'Magnus', 'Nora', 'Even', 'Thea', 'Kristoffer', 'Vilde', 'Per', 'Guro', 'Halvor', 'Synnøve', 'Aksel', 'Maren',
    'Trond', 'Randi', 'Mats', 'Ida', 'Knut',
)  # fmt: skip
NAMES_EN = (
    'Emma', 'James', 'Olivia', 'Daniel', 'Sophie', 'Thomas', 'Grace', 'Oliver', 'Hannah', 'Samuel', 'Chloe',
    'Benjamin', 'Ella', 'Jack', 'Amelia', 'Noah', 'Lucy', 'Henry', 'Ava', 'Leo',
)  # fmt: skip

WORDS = {
    'nb': {
        'high': ('inspirert', 'motivert', 'engasjert', 'spent', 'klar', 'energisk', 'stolt', 'nysgjerrig'),
        'low': ('sliten', 'sulten', 'mett', 'ettertenksom', 'usikker', 'rolig', 'fokusert', 'nysgjerrig'),
    },
    'en': {
        'high': ('inspired', 'motivated', 'engaged', 'excited', 'ready', 'energised', 'proud', 'curious'),
        'low': ('tired', 'hungry', 'thoughtful', 'unsure', 'calm', 'focused', 'curious', 'full'),
    },
}
"""One-word answers; a person with little energy picks from the quieter half."""

QUESTIONS = {
    'nb': (
        'Hvordan måler vi «{goal}» i praksis?',
        'Hva betyr «{goal}» for oss i {department}?',
        'Hvem eier oppfølgingen etter i dag?',
        'Hva gjør vi hvis vi ikke er i rute etter 30 dager?',
        'Får vi tid til dette i en travel hverdag?',
        'Hvordan kan {department} hjelpe de andre avdelingene med «{goal}»?',
        'Hva bør vi slutte med for å få plass til dette?',
        'Blir tallene delt med alle hver uke?',
        'Hvilket av de tre målene er viktigst hvis vi må velge?',
        'Hva trenger dere fra oss ledere for å lykkes?',
    ),
    'en': (
        'How do we measure "{goal}" in practice?',
        'What does "{goal}" mean for us in {department}?',
        'Who owns the follow-up after today?',
        'What do we do if we are off track after 30 days?',
        'Will we get time for this in a busy week?',
        'How can {department} help the other teams with "{goal}"?',
        'What should we stop doing to make room for this?',
        'Will the numbers be shared with everyone every week?',
        'Which of the three goals comes first if we must choose?',
    ),
}

PLEDGES = {
    'nb': (
        'Ringe tre kunder og spørre hva vi kan gjøre bedre',
        'Ta opp «{goal}» på neste teammøte',
        'Avtale en oppfølging med læringsparet mitt',
        'Dele det jeg lærte i dag med teamet mitt på mandag',
        'Be en kollega i en annen avdeling om tilbakemelding',
        'Sette av 15 minutter fredag til å se på tallene for «{goal}»',
        'Skrive ned én ting jeg gjør annerledes i neste kundesamtale',
    ),
    'en': (
        'Call three customers and ask what we could do better',
        'Put "{goal}" on the agenda of my next team meeting',
        'Book a follow-up with my learning partner',
        'Share what I learned today with my team on Monday',
        'Ask a colleague in another team for feedback',
        'Block 15 minutes on Friday to look at the numbers for "{goal}"',
    ),
}


@dataclass(frozen=True, kw_only=True, slots=True)
class Persona:
    """One simulated participant. `keen` (0 to 1) makes some people answer, ask and vote more than others."""

    id: str
    name: str
    department: str
    language: str
    leader: bool
    keen: float


def cast(count: int, departments: Sequence[str], *, seed: int, event_language: str = 'nb') -> tuple[Persona, ...]:
    """`count` people with first names, uneven departments (a few large, some small), mostly in the event's
    language, and a few leaders spread over the room. The ids are stable across seeds, so a restarted rehearsal
    finds the people who already joined."""
    if not 0 <= count <= MAX_PARTICIPANTS:
        raise ValueError(f'a rehearsal has 0 to {MAX_PARTICIPANTS} participants')
    rng = random.Random(f'{seed}/cast')
    weights = [1.0 / (i + 1) for i in range(len(departments))]
    leaders = set(rng.sample(range(count), min(count, max(1, round(count * LEADER_SHARE))))) if count >= 4 else set()
    other = 'en' if event_language == 'nb' else 'nb'
    people = []
    for i in range(count):
        language = other if rng.random() < ENGLISH_SHARE else event_language
        names = NAMES_EN if language == 'en' else NAMES_NB
        name = '' if rng.random() < NAMELESS_SHARE else rng.choice(names)
        department = rng.choices(departments, weights)[0] if departments else ''
        people.append(
            Persona(
                id=f'rehearsal-{i + 1:04d}',
                name=name,
                department=department,
                language=language,
                leader=i in leaders,
                keen=round(rng.uniform(0.4, 1.0), 3),
            )
        )
    return tuple(people)


def chooser(seed: int, persona: Persona, *what: object) -> random.Random:
    """The generator for one person's one decision: the same whatever else happened in the room, or in what order."""
    return random.Random('/'.join(str(x) for x in (seed, persona.id, *what)))


def delay(rng: random.Random, bounds: tuple[float, float], *, limit: float | None = None) -> float:
    """Seconds inside `bounds` (and under `limit`), most of them early: people react soon, a few take their time."""
    low, high = bounds
    high = max(low, min(high, limit)) if limit is not None else high
    return low + (high - low) * rng.betavariate(1.4, 3.0)


def answers(rng: random.Random, person: Persona) -> bool:
    """Whether the person answers this pulse (keen people more often)."""
    low, high = ANSWER_SHARE
    return rng.random() < low + (high - low) * person.keen


def pulse_values(rng: random.Random, statement_ids: Sequence[str], *, planned_energy: int) -> dict[str, int]:
    """1-5 per statement: energy near the session's planned energy, safety mostly high, the rest leaning positive."""
    values = {}
    for statement in statement_ids:
        if statement == 'energy':
            values[statement] = min(5, max(1, planned_energy + rng.choices((-2, -1, 0, 1), (1, 4, 8, 3))[0]))
        elif statement == 'safety':
            values[statement] = rng.choices((1, 2, 3, 4, 5), (2, 5, 18, 42, 33))[0]
        else:
            values[statement] = rng.choices((1, 2, 3, 4, 5), (2, 8, 25, 40, 25))[0]
    return values


def word(rng: random.Random, language: str, energy: int) -> str:
    """A one-word answer in the person's language; the quieter words when their energy is low."""
    words = WORDS.get(language, WORDS['nb'])
    return rng.choice(words['high'] if energy >= 4 else words['low'])


def question(rng: random.Random, person: Persona, goals: Sequence[Goal]) -> str:
    """A question a person in this room might ask, in their language, about one of the goals or the day."""
    template = rng.choice(QUESTIONS.get(person.language, QUESTIONS['nb']))
    goal = rng.choice(goals).title if goals else 'målene'
    department = person.department or ('teamet mitt' if person.language == 'nb' else 'my team')
    return template.format(goal=goal, department=department)


@dataclass(frozen=True, kw_only=True, slots=True)
class PledgeChoice:
    """What a simulated phone sends from its pledge form (the service validates it like any phone's)."""

    text: str
    goal_id: str
    deadline: str
    """'' for the latest deadline, else 'YYYY-MM-DDTHH:MM' in the event's time zone, like the phone's field."""
    wall: str
    name: str


def pledge(rng: random.Random, person: Persona, agenda: Agenda, *, end: dt.datetime, now: dt.datetime) -> PledgeChoice:
    """A short, concrete pledge tied to one goal. Most keep the latest deadline; some choose one or two days after
    the event (only if that is still ahead). Named on the wall only when the person gave a name."""
    goal = rng.choice(agenda.goals) if agenda.goals else None
    text = rng.choice(PLEDGES.get(person.language, PLEDGES['nb'])).format(goal=goal.title if goal else '')
    deadline = ''
    if rng.random() < 0.3:
        sooner = (end + dt.timedelta(days=rng.choice((1, 2)))).astimezone(agenda.event.tz)
        if sooner > now:
            deadline = sooner.strftime('%Y-%m-%dT%H:%M')
    walls = (NAMED, ANONYMOUS, HIDDEN) if person.name else (ANONYMOUS, HIDDEN)
    wall = rng.choices(walls, (35, 55, 10) if person.name else (85, 15))[0]
    return PledgeChoice(
        text=text,
        goal_id=goal.id if goal else '',
        deadline=deadline,
        wall=wall,
        name=person.name if wall == NAMED else '',
    )
