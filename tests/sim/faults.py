"""Faults on purpose: kill -9 the server in the middle of the room's writes, cut every phone's network for a while,
replay submissions. Each returns what happened; the callers (tests/load, tests/bench) assert on it."""

from __future__ import annotations

import asyncio
import contextlib
import random
import time
from typing import Any

from eventapp.i18n import t

from .audit import audit
from .crowd import Crowd, Sampler, wait_until
from .phone import Phone, pulse_status
from .proxy import Proxy
from .server import Server


async def busy_room(crowd: Crowd, seconds: float) -> None:
    """Every phone keeps writing for `seconds`: answers the pulse if its form shows, pledges if the pledge form shows,
    otherwise asks or upvotes. Failures are expected (the server may be dead); only acknowledged writes count."""
    s = crowd.settings
    end = time.monotonic() + seconds

    async def one(phone: Phone) -> None:
        for _ in range(50):
            if time.monotonic() >= end:
                return
            await asyncio.sleep(random.uniform(0.05, 0.6))
            page = phone.page
            if not page.connected:
                continue
            with contextlib.suppress(Exception):
                statements = phone.pulse_statements()
                if statements and (phone.index, 'pulse') not in done:
                    values = {sid: random.randint(1, 5) for sid in statements}
                    await phone.answer_pulse(crowd.ledger, crowd.pulse_session, values, s.timeout, twice=False)
                    done.add((phone.index, 'pulse'))
                elif phone.pledge_open() and (phone.index, 'pledge') not in done:
                    await phone.pledge(crowd.ledger, s.timeout, twice=False)
                    done.add((phone.index, 'pledge'))
                elif random.random() < 0.3:
                    await phone.ask(
                        crowd.ledger, f'{phone.name} asks {random.randint(10**6, 10**7)}?', s.timeout, twice=False
                    )
                else:
                    listed = phone.listed()
                    if listed:
                        await phone.vote(crowd.ledger, random.choice(listed), s.timeout)

    done: set[tuple[int, str]] = set()
    await asyncio.gather(*(one(p) for p in crowd.phones))


async def kill_and_restart(
    crowd: Crowd, server: Server, *, busy_seconds: float = 3.0, recover_timeout: float = 40.0
) -> dict[str, Any]:
    """kill -9 at a random moment while the room writes; restart; wait until every phone is back by itself (same
    identity: its own greeting; same table); audit the ledger against the database."""
    tables = {p.index: p.table_text() for p in crowd.phones}
    activity = asyncio.create_task(busy_room(crowd, busy_seconds + 5))
    await asyncio.sleep(random.uniform(0.3, busy_seconds))
    server.kill()
    killed_at = time.monotonic()
    await asyncio.sleep(random.uniform(0.2, 1.0))  # the phones notice and start retrying
    activity.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await activity
    serve_s = await asyncio.to_thread(server.start)
    if crowd.panel is not None:
        crowd.panel.closing = True
    crowd.panel = None

    def back() -> bool:
        return all(
            p.page.connected and p.name in p.greeting() and p.table_text() == tables[p.index] for p in crowd.phones
        )

    recovered = await wait_until(back, recover_timeout, 0.2)
    await crowd.open_panel()
    result = audit(server, crowd.ledger)
    not_back = [p.index for p in crowd.phones if not p.page.connected or p.name not in p.greeting()]
    wrong_table = [p.index for p in crowd.phones if p.table_text() != tables[p.index]]
    return {
        'serving_after_s': round(serve_s, 2),
        'down_s': round(time.monotonic() - killed_at, 2),
        'phones_back_after_s': None if recovered is None else round(recovered, 2),
        'not_back': len(not_back),
        'wrong_table': len(wrong_table),
        **result,
    }


def pulse_saved_everywhere(crowd: Crowd, session: str) -> int:
    """Phones whose acknowledged pulse answer is shown as saved again after a restart (answers came back)."""
    saved = t('pulse.saved', 'en')
    return sum(
        1
        for p in crowd.phones
        if (session, p.pid) in crowd.ledger.pulses and pulse_status((p.page.find('pulse-form') or (0, {}))[1]) == saved
    )


async def storm(crowd: Crowd, proxy: Proxy, sampler: Sampler, *, outage: float = 10.0, timeout: float = 30.0) -> dict:
    """Every phone loses its connection for `outage` seconds (the proxy cuts and refuses), then the network comes
    back: seconds until every phone is connected and usable again (its question list answers a change of sort: a
    round trip through the server), reloads, and the server's memory before and after."""
    phones = crowd.connected()
    rss_before = sampler.rss_mb()
    reloads_before = crowd.wire.counters.reloads
    proxy.cut()
    t_cut = time.monotonic()
    await asyncio.sleep(outage)
    proxy.restore()
    t_back = time.monotonic()
    connected = await wait_until(lambda: all(p.page.connected for p in phones), timeout, 0.1)
    usable_failed = 0

    async def usable(phone: Phone) -> bool:
        sort = 'new' if phone.page.prop('questions', 'sort') == 'top' else 'top'
        try:
            await phone.page.act('questions', 'sort', {'sort': sort})
            await phone.wait_for('questions', lambda e: (e.get('props') or {}).get('sort') == sort, timeout)
            return True
        except Exception:
            return False

    oks = await asyncio.gather(*(usable(p) for p in phones))
    usable_failed = oks.count(False)
    usable_s = time.monotonic() - t_back
    await asyncio.sleep(3)
    rss_after = sampler.rss_mb()
    return {
        'phones': len(phones),
        'outage_s': round(t_back - t_cut, 1),
        'all_connected_after_s': None if connected is None else round(connected, 2),
        'all_usable_after_s': round(usable_s, 2),
        'not_usable': usable_failed,
        'reloads': crowd.wire.counters.reloads - reloads_before,
        'rss_before_mb': round(rss_before, 1),
        'rss_after_mb': round(rss_after, 1),
        'rss_change_pct': round(100 * (rss_after - rss_before) / rss_before, 1),
    }
