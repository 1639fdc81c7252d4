"""The simulated room of a rehearsal: the same seed casts the same people, and everything they would send passes the
rules a real phone's input must pass, at a pace inside human bounds."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import pytest

from eventapp.domain import pledges, pulse, questions, rehearsal
from eventapp.domain.participants import validate_join
from eventapp.domain.rehearsal import MAX_PARTICIPANTS, Persona, cast, chooser, delay
from eventapp.domain.words import WORD_MAX
from eventapp.loading import require_agenda

AGENDA = require_agenda(Path(__file__).resolve().parents[2] / 'agenda' / 'kickoff.toml')
STATEMENTS = tuple(s.id for s in pulse.default_statements('nb'))
BEFORE_THE_DAY = dt.datetime(2027, 1, 14, 7, 0, tzinfo=dt.UTC)


def test_the_same_seed_casts_the_same_room_and_another_seed_another() -> None:
    room = cast(60, AGENDA.departments, seed=7)
    assert room == cast(60, AGENDA.departments, seed=7)
    assert [p.name for p in room] != [p.name for p in cast(60, AGENDA.departments, seed=8)]
    assert [p.id for p in room] == [p.id for p in cast(60, AGENDA.departments, seed=8)]  # a restart finds them


def test_the_cast_is_a_plausible_room_a_phone_could_have_joined_with() -> None:
    room = cast(200, AGENDA.departments, seed=3)
    for person in room:
        assert validate_join(
            name=person.name, department=person.department, language=person.language, departments=AGENDA.departments
        ) == (person.name, person.department, person.language)
    assert len({p.id for p in room}) == 200
    leaders = sum(p.leader for p in room)
    assert 1 <= leaders <= 20, 'a few leaders, not none and not a crowd'
    english = sum(p.language == 'en' for p in room)
    assert 10 <= english <= 60, 'mostly the event language, some English'
    departments = {p.department for p in room}
    assert len(departments) >= 5, 'the agenda departments, mixed'
    sizes = sorted((sum(p.department == d for p in room) for d in departments), reverse=True)
    assert sizes[0] > 2 * sizes[-1], 'uneven like a real company'
    assert 0 < sum(not p.name for p in room) < 40, 'a name is optional'
    assert len({p.name for p in room if p.name}) > 30, 'many different first names'


def test_a_rehearsal_is_bounded() -> None:
    assert cast(0, AGENDA.departments, seed=1) == ()
    with pytest.raises(ValueError):
        cast(MAX_PARTICIPANTS + 1, AGENDA.departments, seed=1)


@pytest.mark.parametrize('bounds', [rehearsal.JOIN, rehearsal.ANSWER, rehearsal.ASK, rehearsal.VOTE, rehearsal.PLEDGE])
def test_delays_stay_inside_human_bounds_and_spread_out(bounds: tuple[float, float]) -> None:
    rng = random.Random(5)
    seconds = [delay(rng, bounds) for _ in range(2000)]
    assert all(bounds[0] <= s <= bounds[1] for s in seconds)
    ordered = sorted(seconds)
    spread = ordered[1800] - ordered[200]
    assert spread > (bounds[1] - bounds[0]) * 0.3, 'spread out, not all at once'
    assert ordered[1000] < (bounds[0] + bounds[1]) / 2, 'most people react early, a few take their time'


def test_a_short_session_cuts_the_time_to_ask() -> None:
    rng = random.Random(1)
    assert all(rehearsal.ASK[0] <= delay(rng, rehearsal.ASK, limit=60) <= 60 for _ in range(500))
    assert delay(rng, rehearsal.ASK, limit=1) == rehearsal.ASK[0]  # never before its lower bound


def test_one_decision_does_not_depend_on_any_other() -> None:
    person = cast(1, AGENDA.departments, seed=2)[0]
    first = chooser(9, person, 'answer', 'klimaks').random()
    chooser(9, person, 'answer', 'apning').random()
    assert chooser(9, person, 'answer', 'klimaks').random() == first


@pytest.mark.parametrize('seed', range(40))
def test_every_answer_passes_the_pulse_rules(seed: int) -> None:
    rng = random.Random(seed)
    for planned in (1, 3, 5):
        values = rehearsal.pulse_values(rng, STATEMENTS, planned_energy=planned)
        assert pulse.clean_answers(values, STATEMENTS) == values
        assert abs(values['energy'] - planned) <= 2
        for language in ('nb', 'en'):
            word = rehearsal.word(rng, language, values['energy'])
            assert len(word.split()) == 1 and len(word) <= WORD_MAX


def test_answers_lean_the_way_a_room_does() -> None:
    rng = random.Random(0)
    room = [rehearsal.pulse_values(rng, STATEMENTS, planned_energy=4) for _ in range(1000)]
    mean = {s: sum(v[s] for v in room) / len(room) for s in STATEMENTS}
    assert 3.3 <= mean['energy'] <= 4.2
    assert 3.6 <= mean['safety'] <= 4.3
    assert all(any(v[s] == low for v in room) for s in ('relevance', 'safety') for low in (1, 2)), 'a few critics'


@pytest.mark.parametrize('seed', range(40))
def test_every_question_and_pledge_passes_the_rules(seed: int) -> None:
    rng = random.Random(seed)
    for person in cast(12, AGENDA.departments, seed=seed):
        assert questions.validate(rehearsal.question(rng, person, AGENDA.goals))
        choice = rehearsal.pledge(rng, person, AGENDA, end=pledges.event_end(AGENDA), now=BEFORE_THE_DAY)
        due = pledges.parse_local(choice.deadline, AGENDA) if choice.deadline else None
        draft = pledges.validate(
            AGENDA,
            text=choice.text,
            goal_id=choice.goal_id,
            deadline=due,
            now=BEFORE_THE_DAY,
            name=choice.name,
            wall=choice.wall,
        )
        assert draft.text == choice.text
        assert choice.name in ('', person.name)


def test_a_nameless_person_never_pledges_with_a_name() -> None:
    nameless = Persona(id='x', name='', department='', language='nb', leader=False, keen=1.0)
    walls = {
        rehearsal.pledge(random.Random(i), nameless, AGENDA, end=pledges.event_end(AGENDA), now=BEFORE_THE_DAY).wall
        for i in range(200)
    }
    assert walls == {pledges.ANONYMOUS, pledges.HIDDEN}


def test_a_sooner_deadline_is_only_chosen_while_it_is_ahead() -> None:
    person = cast(1, AGENDA.departments, seed=4)[0]
    long_after = pledges.latest_deadline(AGENDA) - dt.timedelta(hours=1)
    for i in range(100):
        choice = rehearsal.pledge(random.Random(i), person, AGENDA, end=pledges.event_end(AGENDA), now=long_after)
        assert choice.deadline == ''
