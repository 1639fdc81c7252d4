"""The follow-up seed after a real day: every part (pulse, energy curve, questions, table rounds, pledges) comes
from the services' own stores and lands in files that validate, with nothing that links a question to a person."""

from __future__ import annotations

import asyncio
import csv
import datetime as dt
import io
import json
from pathlib import Path

import jsonschema
import pytest
from nicegui import core

from eventapp.exporting import files, gather
from eventapp.facilitation import Facilitation
from eventapp.joining import Joining
from eventapp.live import Live
from eventapp.loading import require_agenda
from eventapp.pledging import Pledging
from eventapp.pulse import PulseService
from eventapp.questions import Questions
from eventapp.rounds import Rounds
from eventapp.settings import ROOT
from eventapp.store import Store
from eventapp.store.pledges import PledgeStore
from eventapp.store.pulse import PulseStore
from eventapp.store.rounds import RoundsStore

AGENDA = require_agenda(ROOT / 'agenda' / 'kickoff.toml')
SCHEMA = json.loads((ROOT / 'eventapp' / 'schemas' / 'followup.schema.json').read_text())
NAMES = ['Kari', 'Ola', 'Åse', 'Nils', 'Maja', 'Per', 'Ingrid', 'Lars']


@pytest.fixture
async def day(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(core, 'loop', asyncio.get_running_loop())  # events' async handlers run on this loop
    now = dt.datetime(2027, 1, 14, 8, 0, tzinfo=dt.UTC)
    store = Store.open(tmp_path / 'event.db')
    live = Live(lambda: now)
    joining = Joining(agenda=AGENDA, store=store, live=live)
    facilitation = Facilitation(agenda=AGENDA, store=store, live=live)
    services = {
        'store': store,
        'joining': joining,
        'facilitation': facilitation,
        'questions': Questions.on(store.db, facilitation),
        'pulse': PulseService(
            agenda=AGENDA, store=PulseStore(store.db), live=live, facilitation=facilitation, joining=joining
        ),
        'pledging': Pledging(agenda=AGENDA, store=PledgeStore(store.db), clock=live.clock),
        'rounds': Rounds(
            store=store,
            rounds=RoundsStore(store.db),
            live=live,
            facilitation=facilitation,
            cards={},
            seed=3,
            time_budget=0.1,
        ),
        'now': now,
    }
    yield services
    store.close()


async def test_a_whole_day_exports_every_part_and_validates(day) -> None:
    joining, facilitation = day['joining'], day['facilitation']
    phones = [f'phone-{i}' for i in range(len(NAMES))]
    for pid, name in zip(phones, NAMES, strict=True):
        joining.join(pid, code=joining.code, name=name, department=AGENDA.departments[len(name) % 3], language='nb')

    facilitation.act('start')
    facilitation.act('next')  # kundehistorien: a pulse session
    pulse_session = AGENDA.sessions[1].id
    assert day['pulse'].open(pulse_session).ok
    for i, pid in enumerate(phones):
        outcome = day['pulse'].answer(
            pid, pulse_session, {'energy': 3 + i % 3, 'relevance': 4, 'learning': 4, 'safety': 4}, word='inspirerende'
        )
        assert outcome.ok, outcome
    assert day['pulse'].close().ok and day['pulse'].reveal().ok

    asked = day['questions'].ask(phones[0], 'Hvorfor flytter vi kontoret?', 'sub-1')
    day['questions'].ask(phones[1], 'Blir det <b>bonus</b> i år?', 'sub-2')
    day['questions'].bind_token(phones[2], 'token-2')
    day['questions'].vote(phones[2], asked.question.id, up=True)

    outcome = await day['rounds'].start_round()
    assert outcome.ok, outcome

    goal = AGENDA.goals[0].id
    day['pledging'].save(phones[0], text='Ringe tre kunder før fredag', goal_id=goal, name='Kari', wall='named')
    day['pledging'].save(phones[1], text='=HYPERLINK("x")', goal_id=goal)

    written = files(gather(AGENDA, day['store'], now=day['now']))
    document = json.loads(written['followup.json'])
    jsonschema.validate(document, SCHEMA)

    stats = json.dumps(document, ensure_ascii=False)
    assert 'Hvorfor flytter vi kontoret?' in stats and 'Blir det <b>bonus</b> i år?' in stats
    for pid in phones:
        assert pid not in stats  # no participant id anywhere in the follow-up seed
    for part in ('pledges', 'pulse', 'questions', 'table_rounds'):
        assert document[part]['status'] == 'recorded', part
    assert {p['text'] for p in document['pledges']['items']} == {'Ringe tre kunder før fredag', '=HYPERLINK("x")'}
    assert 'Kari' in stats

    pulse = document['pulse']
    (session,) = pulse['sessions']
    assert session['session_id'] == AGENDA.sessions[1].id and session['responses'] == len(NAMES)
    energy = next(s for s in session['statements'] if s['id'] == 'energy')
    assert energy['mean'] == round(sum(3 + i % 3 for i in range(len(NAMES))) / len(NAMES), 2)  # 3.875, two decimals
    assert any(point.get('measured') is not None for point in pulse['energy_curve'])
    votes = {q['text']: q['votes'] for q in document['questions']['items']}
    assert votes == {'Hvorfor flytter vi kontoret?': 1, 'Blir det <b>bonus</b> i år?': 0}
    (played,) = document['table_rounds']['rounds']
    assert sorted(n for table in played['tables'] for n in table['names']) == sorted(NAMES)

    everything = b''.join(written.values()).decode('utf-8', errors='replace')
    assert all(pid not in everything for pid in phones)
    pulse_csv = next(name for name in written if name.startswith('pulse') and name.endswith('.csv'))
    rows = list(csv.reader(io.StringIO(written[pulse_csv].decode('utf-8-sig')), delimiter=';'))
    assert any(AGENDA.sessions[1].title in ' '.join(row) for row in rows), rows
    pledges_csv = next(name for name in written if name.startswith('pledges') and name.endswith('.csv'))
    assert "'=HYPERLINK" in written[pledges_csv].decode('utf-8-sig')  # a formula is neutralised, not run
    assert str(len(NAMES)) in written['report.md'].decode()
