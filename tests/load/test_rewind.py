"""Messages lost in flight are sent again: a phone whose socket swallowed the day's start reconnects with the id of
the last message it got, and the server replays what it missed from the page's history instead of reloading it."""

from __future__ import annotations

import json

from tests.sim.crowd import showing, wait_until


async def test_a_phone_that_lost_messages_gets_them_again_after_reconnecting(server, crowd_factory) -> None:
    crowd = await crowd_factory(n=3, concurrency=3, timeout=15.0)
    assert (await crowd.join())['joined'] == 3
    deaf, *others = crowd.phones
    page = deaf.page
    heard = page._handle
    page._handle = lambda data: None if data.startswith('42') else heard(data)  # Socket.IO events lost, pings not
    last_heard = page.next_id
    title = crowd.agenda.sessions[0].title

    await crowd.click('primary')  # the day starts
    everyone_else = lambda: all(showing(title)(p.page.find('now')[1]) for p in others)  # noqa: E731
    assert await wait_until(everyone_else, 15.0, 0.05) is not None
    assert page.next_id == last_heard and not showing(title)(page.find('now')[1])

    ids: list[int] = []

    def hear(data: str) -> None:
        if data.startswith('42["update"'):
            ids.append(json.loads(data[2:])[1]['_id'])
        heard(data)

    page._handle = hear
    reloads = crowd.wire.counters.reloads
    await page.drop(0.0)  # the socket closes; the phone reconnects asking from the last message it got
    assert await wait_until(lambda: showing(title)(page.find('now')[1]), 15.0, 0.05) is not None
    assert ids[0] == last_heard  # the lost message itself, replayed under its own id
    assert crowd.wire.counters.reloads == reloads  # from the history, not a reloaded page
