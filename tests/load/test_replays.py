"""Duplicates and replays: submissions sent twice (a double tap) and replayed after a reconnect (the same submission
id again on the same page) leave exactly one row each."""

from __future__ import annotations

import asyncio
import random

from eventapp.i18n import t
from tests.sim.audit import audit
from tests.sim.crowd import wait_until
from tests.sim.phone import pulse_status

from .conftest import PLEDGE_SESSION, PULSE_SESSION

PHONES = 50


async def test_submissions_sent_twice_or_replayed_make_no_duplicate_rows(server, crowd_factory) -> None:
    crowd = await crowd_factory(n=PHONES, concurrency=25, timeout=15.0, replay_fraction=0.05, ask_fraction=0.4)
    assert (await crowd.join())['joined'] == PHONES
    await crowd.start_day()
    await crowd.go_to(PULSE_SESSION)
    pulse = await crowd.pulse()
    questions = await crowd.questions()
    pledges = await crowd.pledges(PLEDGE_SESSION)
    assert pulse['submit_ack']['n'] == PHONES and pledges['pledge_ack']['n'] == PHONES
    assert questions['ask_ack']['n'] == 20

    replayed = 0
    for phone in random.sample(crowd.phones, 5):  # a replay after the connection dropped and came back
        text = f'Replayed by {phone.name}?'
        await phone.ask(crowd.ledger, text, 15.0, twice=False)
        await phone.page.drop(outage=0.5)
        assert await wait_until(lambda p=phone: p.page.connected, 20) is not None
        await phone.page.act('questions', 'ask', {'text': text, 'submission': phone.last_submission})
        await phone.wait_for('questions', lambda e: pulse_status(e) == t('questions.already', 'en'), 15.0, fresh=True)
        replayed += 1
    await asyncio.sleep(1.5)

    result = audit(server, crowd.ledger)
    assert crowd.ledger.replays + replayed >= 5, 'some submissions were really sent twice'
    assert result['duplicates_total'] == 0, result
    assert result['duplicates']['votes_over_voters'] == 0, result
    assert result['missing_total'] == 0, result
