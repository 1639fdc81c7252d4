"""Reconnect storm: every phone loses the network for 10 s and comes back at once (a loopback proxy cuts every
connection and refuses new ones): all usable again within 30 s, no page reloads, memory back within 20 %."""

from __future__ import annotations

from tests.sim.faults import storm
from tests.sim.proxy import Proxy

PHONES = 50


async def test_all_phones_usable_again_after_a_ten_second_outage(server, sampler, crowd_factory) -> None:
    proxy = Proxy(server.port)
    await proxy.start()
    try:
        crowd = await crowd_factory(proxy.base, n=PHONES, concurrency=25, timeout=15.0)
        assert (await crowd.join())['joined'] == PHONES
        await crowd.start_day()
        result = await storm(crowd, proxy, sampler, outage=10.0, timeout=30.0)
    finally:
        await proxy.stop()
    assert result['all_connected_after_s'] is not None, result
    assert result['all_usable_after_s'] <= 30.0 and result['not_usable'] == 0, result
    assert result['reloads'] == 0, result
    assert abs(result['rss_change_pct']) <= 20.0, result
    assert not [k for k in crowd.wire.counters.errors if not k.startswith(('reconnect:', 'read:'))], crowd.wire.counters
