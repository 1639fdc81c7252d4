"""python-socketio's room bookkeeping with an index from each socket to its rooms.

The stock manager finds a socket's rooms by scanning every room there is: NiceGUI keeps one room per page and
Socket.IO one per socket, so with 2,000 phones each disconnect scanned 4,000 rooms twice (once in NiceGUI's
disconnect handler, once in the manager). When the venue's Wi-Fi drops, every phone disconnects at once: 2,000
disconnects × 8,000 checks, seconds of event loop while the phones are trying to come back. With the index a
disconnect costs the same for 20 phones or 2,000.

It also sends a message to a room of one socket (a page: every NiceGUI update) without the task per socket the stock
manager makes.
"""

from __future__ import annotations

from typing import Any

from engineio import packet as eio_packet
from socketio import AsyncManager, packet

Key = tuple[str, str]
"""(namespace, sid)"""


class IndexedRooms(AsyncManager):
    """The same rooms and answers as `AsyncManager`, plus `_rooms_of`: (namespace, sid) → the rooms it is in."""

    _rooms_of: dict[Key, set[Any]]
    closed = 0
    """Sockets disconnected so far (the collector frees a wave of them at once, see crowd.PacedCollector)."""

    def sockets(self) -> tuple[int, int]:
        """(sockets connected now, sockets disconnected so far)."""
        return len(self.rooms.get('/', {}).get(None, ())), self.closed

    def _index(self) -> dict[Key, set[Any]]:
        index = self.__dict__.get('_rooms_of')
        if index is None:  # installed on a manager that already has rooms: index what is there
            index = self._rooms_of = {}
            for namespace, rooms in self.rooms.items():
                for room, members in rooms.items():
                    for sid in members:
                        index.setdefault((namespace, sid), set()).add(room)
        return index

    async def emit(
        self,
        event: str,
        data: Any,
        namespace: str,
        room: Any = None,
        skip_sid: Any = None,
        callback: Any = None,
        to: Any = None,
        **kwargs: Any,
    ) -> None:
        """As the stock manager, without a task per socket when the room has one socket and nothing is skipped.

        NiceGUI sends every message to its page's room, which holds the page's one socket. The stock manager wraps
        each socket's send in a task and waits for them all; a send only puts the packet in the socket's queue, so
        for one socket that is a task, a wait and their callbacks for nothing, on every message of every phone."""
        room = to or room
        members = self.rooms.get(namespace, {}).get(room) if isinstance(room, str) else None
        if members is None or len(members) != 1 or callback is not None or skip_sid is not None:
            await super().emit(event, data, namespace, room=room, skip_sid=skip_sid, callback=callback, **kwargs)
            return
        if isinstance(data, tuple):
            data = list(data)
        elif data is not None:
            data = [data]
        else:
            data = []
        encoded = self.server.packet_class(packet.EVENT, namespace=namespace, data=[event, *data]).encode()
        ((_, eio_sid),) = members.items()
        for part in encoded if isinstance(encoded, list) else [encoded]:
            await self.server._send_eio_packet(eio_sid, eio_packet.Packet(eio_packet.MESSAGE, part))

    def basic_enter_room(self, sid: str, namespace: str, room: Any, eio_sid: str | None = None) -> None:
        super().basic_enter_room(sid, namespace, room, eio_sid=eio_sid)
        self._index().setdefault((namespace, sid), set()).add(room)

    def basic_leave_room(self, sid: str, namespace: str, room: Any) -> None:
        super().basic_leave_room(sid, namespace, room)
        index = self._index()
        rooms = index.get((namespace, sid))
        if rooms is not None:
            rooms.discard(room)
            if not rooms:
                del index[(namespace, sid)]

    def basic_disconnect(self, sid: str, namespace: str, **kwargs: Any) -> None:
        """As the stock manager does it, with the socket's rooms from the index instead of a scan of all rooms."""
        if namespace not in self.rooms:
            return
        self.closed += 1
        for room in list(self._index().get((namespace, sid), ())):
            self.basic_leave_room(sid, namespace, room)
        self.callbacks.pop(sid, None)
        for pending in (self.pending_connect, self.pending_disconnect):
            if namespace in pending and sid in pending[namespace]:
                pending[namespace].remove(sid)
                if not pending[namespace]:
                    del pending[namespace]

    def get_rooms(self, sid: str, namespace: str) -> list[Any]:
        return [room for room in self._index().get((namespace, sid), ()) if room is not None]


def index_rooms(server: Any) -> None:
    """Make `server`'s manager (python-socketio's `AsyncManager`, created with NiceGUI's server) an `IndexedRooms`.

    Done at start-up, before the first socket connects; the index is built from the rooms already there anyway."""
    manager = server.manager
    if isinstance(manager, IndexedRooms):
        return
    if type(manager) is not AsyncManager:
        raise TypeError(f'expected python-socketio AsyncManager, not {type(manager).__name__}')
    manager.__class__ = IndexedRooms
    manager.closed = 0
