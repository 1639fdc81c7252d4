"""Props that every phone of a group shows alike, encoded once and written to each phone's socket as it is.

A NiceGUI element update costs the server about 0.2 ms per phone (the page's outbox, the element's dict, JSON, the
Socket.IO packet): a run change reaching 2,000 phones was 400-700 ms of CPU, most of it making 2,000 copies of the
same bytes. A `SharedChannel` (e.g. the "now" view of one language) makes its message once and hands the same packet
to every follower's socket (shared_props.js writes it into the element, as NiceGUI's own update would).

What stays NiceGUI's: the server keeps each element's props in step (a reload, a User test's `should_see` or the next
own update of the element see the same values), and a phone that reconnects after missing a message gets its element
once through NiceGUI's outbox, after the messages NiceGUI replays to it (which may hold older copies of the element).
Each message carries the channel's version, and so do the element's props (`sharedV`): a message older than what the
browser shows is ignored.
"""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path
from typing import Any

from engineio import packet as eio_packet
from nicegui import core, ui
from socketio import packet as sio_packet

log = logging.getLogger(__name__)

HERE = Path(__file__).parent
EVENT = 'shared'
"""The Socket.IO event shared_props.js listens to (NiceGUI's own events are 'update', 'run_javascript', ...)."""
STEP = 25
"""Phones written to before the loop gets a turn. Each write wakes the phone's Engine.IO writer task, which runs in the
loop's next turn (about 60 µs a phone here), and an acknowledgement passes the loop some eight times: with steps of
100 it waited behind 100 writes at each pass. At 2,000 phones, question acknowledgements while the room's list went
out every 2 s: p95 63-90 ms with 100, 41 ms with 25; a run change still reached every phone in 120-160 ms."""


class SharedProps(ui.element, dependencies=[HERE / 'shared_props.js']):
    """An element that can follow a `SharedChannel`: the channel sets some of its props for all its followers at
    once. The component imports shared_props.js as a mixin (`mixins: [Shared]`), which declares the `channel` and
    `sharedV` props."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.shared_channel: SharedChannel | None = None
        """The channel the element follows now (None: its props are its own)."""
        self._sent_version = -1
        """The channel version the browser got with this element's last full copy (page or update)."""
        self.client.on_connect(self._catch_up)
        self.client.on_delete(self._leave)

    def _to_dict(self) -> dict[str, Any]:
        self._sent_version = self._props.get('sharedV', 0)
        return super()._to_dict()

    def _catch_up(self) -> None:
        """A (re)connected page: if the browser may have missed a message, the element in full as NiceGUI's next
        message. Not as an element update: NiceGUI sends those before the messages it replays to a reconnected page,
        and a replayed update of this element (its copy as of then) would then win."""
        channel = self.shared_channel
        if channel is not None and not self.is_deleted and self._sent_version < channel.version:
            client = self.client
            client.outbox.enqueue_message('update', {self.id: self._to_dict()}, client.id)

    def _leave(self) -> None:
        if self.shared_channel is not None:
            self.shared_channel.followers.discard(self)


class SharedChannel:
    """The elements of one group (e.g. every phone's "now" view in Norwegian) and the props they share."""

    def __init__(self, name: str, props: dict[str, Any] | None = None) -> None:
        self.name = name
        self.version = 0
        self.props: dict[str, Any] = dict(props or {})
        """The props every follower shows now (given to each in `follow`)."""
        self.followers: set[SharedProps] = set()

    def follow(self, element: SharedProps) -> None:
        """The element shows the channel's props from now on (leaving the one it followed), until its page is gone;
        after a reconnect it is sent once in full if a message was published since the browser last got it. The
        browser learns of a new channel with the element's next update."""
        if element.shared_channel is not None:
            element.shared_channel.followers.discard(element)
        element.shared_channel = self
        dict.update(element._props, self.props, channel=self.name, sharedV=self.version)
        self.followers.add(element)

    def unfollow(self, element: SharedProps) -> None:
        """The element shows props of its own from now on (e.g. a phone's own pledge): the browser is told to leave
        the channel with the element's next update, and no message reaches it any more."""
        if element.shared_channel is self:
            self.followers.discard(element)
            element.shared_channel = None
            element.props['channel'] = ''

    async def publish(self, props: dict[str, Any], *, own: dict[SharedProps, dict[str, Any]] | None = None) -> None:
        """Every follower shows `props` (merged into what it shows), a step of phones at a time (yielding to the loop
        between steps): the server's copy of each element, then its browser's. A follower in `own` shows its own
        props with them: it gets one NiceGUI update with both instead of the message (e.g. a phone whose own
        question changed state with the room's list). An element in `own` that left the channel meanwhile still gets
        its own props. `props` are JSON values (never bytes: the message is one frame)."""
        self.version += 1
        self.props = {**self.props, **props}
        change = {**props, 'sharedV': self.version}
        own = own or {}
        frame = self.frame({'channel': self.name, 'v': self.version, 'props': change})
        followers = list(self.followers)
        pending = dict(own)
        for start in range(0, len(followers), STEP):
            for element in followers[start : start + STEP]:
                if element.is_deleted or element.shared_channel is not self:
                    continue
                dict.update(element._props, change)  # the server's copy, without a NiceGUI update
                if element in pending:
                    element.props.update(pending.pop(element))
                else:
                    await self._send(element, frame)
            await asyncio.sleep(0)
        for element, mine in pending.items():
            if not element.is_deleted:
                element.props.update(mine)

    def frame(self, message: dict[str, Any]) -> eio_packet.Packet:
        """The message as an Engine.IO packet, encoded once for every socket."""
        packet = core.sio.packet_class(sio_packet.EVENT, namespace='/', data=[EVENT, message])
        return eio_packet.Packet(eio_packet.MESSAGE, packet.encode())

    async def _send(self, element: SharedProps, frame: eio_packet.Packet) -> None:
        try:
            client_id = element.client.id
            for _, eio_sid in core.sio.manager.get_participants('/', client_id):
                await core.sio.eio.send_packet(eio_sid, frame)
        except Exception:
            log.exception('sending shared props (%s) failed', self.name)
