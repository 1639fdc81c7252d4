"""One emulated phone (or panel) at the wire level, as NiceGUI's nicegui.js does it in a browser.

GET the page (NiceGUI builds the element tree; the HTML carries the client id and the elements as JSON), then the
Socket.IO websocket (Engine.IO v4 open, `40` connect, implicit handshake), answer pings, send the browser's periodic
`ack`, send element `event`s, apply `update` messages (and eventapp's `shared` ones) to a local copy of the element
tree, reconnect like socket.io-client with the same document id, and reload the page when the server no longer knows
the client.

Learned in ../shared/reference/loadprobe: a fresh TCP connection per request (browsers never put a websocket on an
HTTP keep-alive connection; those sockets were closed ~5 s later), and a reconnect must reuse the page's document id.
Every loop here is bounded by a count or a timeout.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import random
import re
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import aiohttp

CLIENT_ID_RE = re.compile(r"'client_id':\s*'([0-9a-f-]{36})'")
ELEMENTS_RE = re.compile(r'parseElements\(String\.raw`(.*?)`\)', re.S)
ASSET_RE = re.compile(r'(?:src|href)="(/_nicegui/[^"]+|/assets/[^"]+|/static/[^"]+)"|from "(/_nicegui/[^"]+)"')
ACK_EVERY = 3.0
"""nicegui.js acknowledges received messages every 3 s (so the server can prune its replay history): on a timer
started with the page (`setInterval(ack, 3000)`), so a room's acknowledgements are spread evenly over 3 s. (Sent on
the first message 3 s after the last ack instead, as this simulator did at first, every phone acknowledged a
broadcast that came after a quiet moment at once, and 2,000 acknowledgements landed inside the broadcast.)"""


class HandshakeRefused(Exception):
    """The server no longer knows this client (deleted after reconnect_timeout, or restarted): reload the page."""


def unescape_elements(raw: str) -> dict[str, Any]:
    raw = (
        raw.replace('&#36;', '$').replace('&#96;', '`').replace('&gt;', '>').replace('&lt;', '<').replace('&amp;', '&')
    )
    return json.loads(raw)


@dataclass
class Counters:
    """Shared by all phones of a crowd: what happened on the wire."""

    errors: dict[str, int] = field(default_factory=dict)
    unexpected_closes: int = 0
    reconnects: int = 0
    reloads: int = 0
    bytes_in: int = 0
    page_bytes: int = 0
    asset_bytes: int = 0
    asset_requests: int = 0

    def err(self, kind: str) -> None:
        self.errors[kind] = self.errors.get(kind, 0) + 1


@dataclass
class Wire:
    """What all phones share: the HTTP session (no cookie jar: each phone carries its own cookie), the base URL."""

    base: str
    session: aiohttp.ClientSession
    counters: Counters
    handshake_timeout: float = 20.0
    stopping: bool = False
    pages: set[Page] = field(default_factory=set)
    """Pages with a socket open: the ack clock goes round them."""
    ack_clock: asyncio.Task | None = None
    deflate: bool = True
    """Offer permessage-deflate on the websocket, as Chromium does (the server then compresses every message)."""

    @property
    def ws_base(self) -> str:
        return self.base.replace('http://', 'ws://')

    @classmethod
    async def open(cls, base: str, *, connect_timeout: float = 30.0, deflate: bool = True) -> Wire:
        connector = aiohttp.TCPConnector(limit=0, force_close=True)
        timeout = aiohttp.ClientTimeout(total=None, sock_connect=connect_timeout, sock_read=60)
        session = aiohttp.ClientSession(connector=connector, timeout=timeout, cookie_jar=aiohttp.DummyCookieJar())
        return cls(base=base.rstrip('/'), session=session, counters=Counters(), deflate=deflate)

    async def close(self) -> None:
        self.stopping = True
        if self.ack_clock is not None:
            self.ack_clock.cancel()
        await self.session.close()

    def follow_acks(self, page: Page) -> None:
        self.pages.add(page)
        if self.ack_clock is None or self.ack_clock.done():
            self.ack_clock = asyncio.create_task(self._acks())

    async def _acks(self) -> None:
        """Every page's `setInterval(ack, 3000)`: one task for all pages, each on its own phase (its page load)."""
        while not self.stopping:
            await asyncio.sleep(0.05)
            now = time.monotonic()
            for page in [p for p in self.pages if p.ack_due <= now]:
                page.ack_due += ACK_EVERY * (int((now - page.ack_due) // ACK_EVERY) + 1)  # the ticks it missed
                if page.connected and page.ws is not None and page.next_id > page.acked:
                    page.acked = page.next_id
                    ack = {'client_id': page.client_id, 'next_message_id': page.next_id}
                    with contextlib.suppress(Exception):
                        await page.ws.send_str('42' + json.dumps(['ack', ack]))


class Page:
    """A NiceGUI page held open over its websocket; keeps a copy of the element tree up to date."""

    def __init__(self, wire: Wire, path: str, *, cookie: str = '', reconnect: bool = True) -> None:
        self.wire = wire
        self.path = path
        self.cookie = cookie
        self.reconnect_enabled = reconnect
        self.tab_id = str(uuid.uuid4())
        self.client_id = ''
        self.document_id = ''
        self.elements: dict[int, dict[str, Any]] = {}
        self.by_testid: dict[str, int] = {}
        self.next_id = 0
        self.acked = 0
        self.ack_due = 0.0
        self.ws: aiohttp.ClientWebSocketResponse | None = None
        self.reader: asyncio.Task | None = None
        self.connected = False
        self.closing = False
        self.outage_until = 0.0
        self.on_change: Callable[[Page, int, dict[str, Any] | None], None] | None = None
        """Called for every element an update message creates, changes or deletes (id, new dict or None)."""
        self.on_reloaded: Callable[[Page], None] | None = None
        self.html = ''
        self.t_get = 0.0
        self.t_ws = 0.0
        self.reloads = 0

    # --- page and socket --------------------------------------------------------------------------

    async def load(self) -> str:
        headers = {'User-Agent': 'Mozilla/5.0 (eventapp-sim)', 'Accept': 'text/html', 'Accept-Encoding': 'gzip'}
        if self.cookie:
            headers['Cookie'] = self.cookie
        t0 = time.perf_counter()
        async with self.wire.session.get(self.wire.base + self.path, headers=headers, allow_redirects=False) as r:
            if r.status != 200:
                raise RuntimeError(f'http_{r.status}')
            body = await r.read()
            set_cookie = r.cookies.get('session')
            if set_cookie is not None:
                self.cookie = f'session={set_cookie.value}'
            self.wire.counters.page_bytes += int(r.headers.get('content-length') or len(body))
            html = body.decode()
        self.t_get = time.perf_counter() - t0
        self.html = html
        match = CLIENT_ID_RE.search(html)
        if not match:
            raise RuntimeError('no_client_id')
        self.client_id = match.group(1)
        found = ELEMENTS_RE.search(html)
        self.elements = {int(k): v for k, v in (unescape_elements(found.group(1)) if found else {}).items()}
        self.by_testid = {}
        for eid, element in self.elements.items():
            self._index(eid, element)
        self.next_id = 0
        self.acked = 0
        self.ack_due = time.monotonic() + ACK_EVERY  # the page's interval starts when it loads
        self.document_id = str(uuid.uuid4())  # window.documentId: new per page load, kept across reconnects
        return html

    async def open_socket(self) -> None:
        query = (
            f'client_id={self.client_id}&next_message_id={self.next_id}&implicit_handshake=true'
            f'&document_id={self.document_id}&tab_id={self.tab_id}&old_tab_id=null&EIO=4&transport=websocket'
        )
        t0 = time.perf_counter()
        ws = await self.wire.session.ws_connect(
            f'{self.wire.ws_base}/_nicegui_ws/socket.io/?{query}',
            autoping=True,
            heartbeat=None,
            max_msg_size=0,
            compress=15 if self.wire.deflate else 0,  # Chromium offers permessage-deflate; client_max_window_bits
        )
        try:
            msg = await asyncio.wait_for(ws.receive(), timeout=self.wire.handshake_timeout)
            if msg.type != aiohttp.WSMsgType.TEXT or not msg.data.startswith('0'):
                raise RuntimeError('no_eio_open')
            await ws.send_str('40')
            for _ in range(10_000):
                msg = await asyncio.wait_for(ws.receive(), timeout=self.wire.handshake_timeout)
                if msg.type != aiohttp.WSMsgType.TEXT:
                    raise RuntimeError('closed_in_handshake')
                data = msg.data
                if data == '2':
                    await ws.send_str('3')
                elif data.startswith('40'):
                    break
                elif data.startswith('44'):
                    raise HandshakeRefused(data)
                else:
                    self._handle(data)
            else:
                raise RuntimeError('handshake_never_ended')
            if self.closing or self.wire.stopping:
                raise RuntimeError('closed_while_connecting')
        except BaseException:
            await ws.close()
            raise
        self.t_ws = time.perf_counter() - t0
        self.ws = ws
        self.connected = True
        self.wire.follow_acks(self)
        self.reader = asyncio.create_task(self._read_loop())

    async def connect(self) -> None:
        await self.load()
        await self.open_socket()

    async def fetch_assets(self) -> int:
        """Download what a first-time browser downloads for this page (6 connections at a time); returns bytes."""
        urls: list[str] = []
        for match in ASSET_RE.finditer(self.html):
            url = next(g for g in match.groups() if g)
            if url not in urls:
                urls.append(url)
        semaphore = asyncio.Semaphore(6)
        total = 0

        async def one(url: str) -> None:
            nonlocal total
            async with semaphore:
                headers = {'Accept-Encoding': 'gzip, deflate, br'}
                async with self.wire.session.get(self.wire.base + url, headers=headers) as r:
                    size = 0
                    async for chunk in r.content.iter_any():  # bytes on the wire (compressed if the server did)
                        size += len(chunk)
                    total += size
                    self.wire.counters.asset_requests += 1

        await asyncio.gather(*(one(u) for u in urls))
        self.wire.counters.asset_bytes += total
        return total

    # --- incoming ---------------------------------------------------------------------------------

    def _index(self, eid: int, element: dict[str, Any]) -> None:
        testid = (element.get('props') or {}).get('data-testid')
        if testid:
            self.by_testid[testid] = eid

    def _handle(self, data: str) -> None:
        self.wire.counters.bytes_in += len(data)
        if not data.startswith('42'):
            return
        try:
            name, payload = json.loads(data[2:])[:2]
        except (ValueError, TypeError):
            return
        if isinstance(payload, dict) and isinstance(payload.get('_id'), int):
            self.next_id = max(self.next_id, payload['_id'] + 1)
        if name == 'shared' and isinstance(payload, dict):
            self._shared(payload)
            return
        if name != 'update' or not isinstance(payload, dict):
            return
        for key, element in payload.items():
            if key == '_id':
                continue
            eid = int(key)
            if element is None:
                old = self.elements.pop(eid, None)
                testid = (old or {}).get('props', {}).get('data-testid')
                if testid and self.by_testid.get(testid) == eid:
                    del self.by_testid[testid]
            else:
                kept = (self.elements.get(eid) or {}).get('props') or {}
                for prop in element.pop('preserved_props', None) or ():  # as NiceGUI's browser code keeps them
                    if prop in kept:
                        element.setdefault('props', {})[prop] = kept[prop]
                self.elements[eid] = element
                self._index(eid, element)
            if self.on_change is not None:
                self.on_change(self, eid, element)

    def _shared(self, message: dict[str, Any]) -> None:
        """One message for every phone of a group (eventapp/ui/shared_props.js): its props go into each element that
        follows the channel and shows an older version."""
        channel, version, props = message.get('channel'), message.get('v'), message.get('props')
        if not isinstance(version, int) or not isinstance(props, dict):
            return
        for eid, element in list(self.elements.items()):
            current = element.get('props') or {}
            if current.get('channel') == channel and current.get('sharedV', -1) < version:
                element = {**element, 'props': {**current, **props}}
                self.elements[eid] = element
                if self.on_change is not None:
                    self.on_change(self, eid, element)

    async def _read_loop(self) -> None:
        ws = self.ws
        assert ws is not None
        try:
            async for msg in ws:
                if msg.type != aiohttp.WSMsgType.TEXT:
                    break
                data = msg.data
                if data == '2':
                    await ws.send_str('3')
                    continue
                self._handle(data)
                if data.startswith('41'):
                    break
        except Exception as error:
            self.wire.counters.err(f'read:{type(error).__name__}')
        self.connected = False
        if not self.closing and not self.wire.stopping:
            self.wire.counters.unexpected_closes += 1
            if self.reconnect_enabled:
                asyncio.create_task(self._reconnect())  # noqa: RUF006 - kept alive by the loop until it ends

    async def _reconnect(self, attempts: int = 40) -> None:
        """socket.io-client: 0.5-1.5 s first delay, doubling to 5 s; a refused handshake reloads the page."""
        delay = 1.0
        if self.outage_until:
            await asyncio.sleep(max(0.0, self.outage_until - time.monotonic()))
            self.outage_until = 0.0
        for _ in range(attempts):
            if self.wire.stopping or self.closing or self.connected:
                return
            await asyncio.sleep(delay * random.uniform(0.5, 1.5))
            delay = min(delay * 2, 5.0)
            try:
                self.wire.counters.reconnects += 1
                await self.open_socket()
                return
            except HandshakeRefused:
                try:
                    self.wire.counters.reloads += 1
                    self.reloads += 1
                    await self.connect()  # window.location.reload(): same cookie, a new page
                    if self.on_reloaded is not None:
                        self.on_reloaded(self)
                    return
                except Exception as error:
                    self.wire.counters.err(f'reload:{type(error).__name__}')
            except Exception as error:
                self.wire.counters.err(f'reconnect:{type(error).__name__}')

    # --- outgoing ---------------------------------------------------------------------------------

    def find(self, testid: str) -> tuple[int, dict[str, Any]] | None:
        eid = self.by_testid.get(testid)
        return (eid, self.elements[eid]) if eid is not None and eid in self.elements else None

    def text(self, testid: str) -> str:
        found = self.find(testid)
        return (found[1].get('text') or '') if found else ''

    def prop(self, testid: str, name: str, default: Any = None) -> Any:
        """A prop of the element `testid` (a one-element section keeps what it shows in its props)."""
        found = self.find(testid)
        return (found[1].get('props') or {}).get(name, default) if found else default

    def listener(self, eid: int, event_type: str) -> str | None:
        for event in self.elements.get(eid, {}).get('events') or []:
            if event.get('type') == event_type:
                return event['listener_id']
        return None

    async def emit(self, eid: int, event_type: str, *args: Any) -> None:
        """An element event as Vue sends it: each argument JSON-encoded on its own."""
        listener = self.listener(eid, event_type)
        if listener is None:
            raise RuntimeError(f'no_{event_type}_listener')
        if self.ws is None or not self.connected:
            raise RuntimeError('not_connected')
        payload = {
            'id': eid,
            'client_id': self.client_id,
            'listener_id': listener,
            'args': [json.dumps(a) for a in args],
        }
        await self.ws.send_str('42' + json.dumps(['event', payload]))

    async def act(self, testid: str, event_type: str, *args: Any) -> None:
        found = self.find(testid)
        if found is None:
            raise RuntimeError(f'no_{testid}')
        await self.emit(found[0], event_type, *args)

    async def set_value(self, testid: str, value: Any) -> None:
        """What a value element sends when the person types or chooses: inputs `update:value`, the rest
        `update:modelValue` (toggles and radios send the option's index)."""
        found = self.find(testid)
        if found is None:
            raise RuntimeError(f'no_{testid}')
        kind = 'update:value' if self.listener(found[0], 'update:value') else 'update:modelValue'
        await self.emit(found[0], kind, value)

    async def close(self) -> None:
        self.closing = True
        self.wire.pages.discard(self)
        if self.ws is not None:
            with contextlib.suppress(Exception):
                await self.ws.close()
        if self.reader is not None:
            self.reader.cancel()

    async def drop(self, outage: float) -> None:
        """The network drops this socket; no reconnect can succeed before `outage` seconds have passed."""
        self.outage_until = time.monotonic() + outage
        self.connected = False
        if self.ws is not None:
            await self.ws.close()
