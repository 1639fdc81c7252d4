"""kill -9 the server while fifty phones write, three times: nothing acknowledged is lost, the database is intact,
the server serves again within 3 s, and every phone comes back by itself as the same person at the same table."""

from __future__ import annotations

from tests.sim.faults import kill_and_restart

from .conftest import PULSE_SESSION, ROUND_SESSION

PHONES, KILLS = 50, 3


async def test_kill_nine_loses_no_acknowledged_write_and_phones_come_back(server, crowd_factory) -> None:
    crowd = await crowd_factory(n=PHONES, concurrency=25, timeout=15.0)
    joined = await crowd.join()
    assert joined['joined'] == PHONES, joined
    await crowd.start_day()
    await crowd.table_round(ROUND_SESSION)
    assert all(p.table for p in crowd.phones), 'every phone shows its table before the first kill'
    await crowd.go_to(PULSE_SESSION)
    await crowd.click('pulse-open')
    crowd.pulse_session = crowd.agenda.sessions[PULSE_SESSION].id

    for kill in range(KILLS):
        result = await kill_and_restart(crowd, server, busy_seconds=2.5)
        assert result['missing_total'] == 0, (kill, result['missing'], result)
        assert result['integrity'] == 'ok', (kill, result)
        assert result['serving_after_s'] <= 3.0, (kill, result)
        assert result['not_back'] == 0 and result['wrong_table'] == 0, (kill, result)
    assert crowd.ledger.size() > PHONES, 'the phones kept writing between the kills'
