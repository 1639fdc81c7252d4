"""The indexed room bookkeeping answers exactly as python-socketio's own, for any sequence of joins and leaves."""

from __future__ import annotations

import asyncio
import random

import pytest
import socketio
from nicegui import core

from eventapp.socket_rooms import IndexedRooms, index_rooms


def replay(seed: int, steps: int = 3000) -> tuple[socketio.AsyncManager, IndexedRooms]:
    """The same random connects, room joins, leaves and disconnects on a stock manager and an indexed one."""
    rng = random.Random(seed)
    stock, indexed = socketio.AsyncManager(), IndexedRooms()
    sids: list[str] = []
    for step in range(steps):
        action = rng.random()
        namespace = rng.choice(['/', '/', '/other'])
        if action < 0.3 or not sids:
            sid = f's{step}'
            sids.append(sid)
            for manager in (stock, indexed):  # what BaseManager.connect does
                manager.basic_enter_room(sid, namespace, None, eio_sid=f'e{step}')
                manager.basic_enter_room(sid, namespace, sid)
            continue
        sid = rng.choice(sids)
        room = rng.choice([f'client-{rng.randrange(40)}', None, sid])
        for manager in (stock, indexed):
            connected = namespace in manager.rooms and sid in manager.rooms[namespace].get(None, {})
            if action < 0.6 and connected and room is not None and room != sid:
                manager.basic_enter_room(sid, namespace, room)
            elif action < 0.75:
                manager.basic_leave_room(sid, namespace, room)
            elif action < 0.85:
                if connected:  # as the server does before it calls the disconnect handler
                    manager.pending_disconnect.setdefault(namespace, []).append(sid)
                manager.basic_disconnect(sid, namespace)
        assert stock.rooms == indexed.rooms
        for other in rng.sample(sids, min(5, len(sids))):
            for ns in ('/', '/other'):
                assert sorted(map(str, stock.get_rooms(other, ns))) == sorted(map(str, indexed.get_rooms(other, ns)))
    return stock, indexed


@pytest.mark.parametrize('seed', range(5))
def test_indexed_rooms_equal_the_stock_manager_after_every_step(seed: int) -> None:
    stock, indexed = replay(seed)
    assert stock.pending_disconnect == indexed.pending_disconnect


def test_a_disconnect_does_not_look_at_other_sockets_rooms() -> None:
    """The point of the index: a disconnect touches the socket's own rooms, not every room there is."""
    manager = IndexedRooms()
    for k in range(2000):
        manager.basic_enter_room(f's{k}', '/', None, eio_sid=f'e{k}')
        manager.basic_enter_room(f's{k}', '/', f's{k}')
        manager.basic_enter_room(f's{k}', '/', f'client-{k}')
    looked: list[object] = []
    rooms = manager.rooms['/']

    class Watching(dict):
        def items(self):  # a scan of all rooms would go through here (or through a copy of it)
            looked.append('scan')
            return super().items()

        def copy(self):
            looked.append('scan')
            return super().copy()

    manager.rooms['/'] = Watching(rooms)
    assert sorted(manager.get_rooms('s7', '/')) == ['client-7', 's7']
    manager.basic_disconnect('s7', '/')
    assert looked == []
    assert 'client-7' not in manager.rooms['/'] and 's7' not in manager.rooms['/'][None]


def test_installing_on_nicegui_s_server_keeps_its_rooms(monkeypatch) -> None:
    manager = socketio.AsyncManager()
    manager.basic_enter_room('s1', '/', None, eio_sid='e1')
    manager.basic_enter_room('s1', '/', 'client-1')
    server = type('Server', (), {'manager': manager})()
    index_rooms(server)
    assert isinstance(server.manager, IndexedRooms)
    assert server.manager.get_rooms('s1', '/') == ['client-1']  # indexed from the rooms it already had
    index_rooms(server)  # twice is harmless
    assert type(core.sio.manager) in (socketio.AsyncManager, IndexedRooms)  # NiceGUI's own is the kind we expect


class RecordingServer:
    """What a manager needs of its server to emit: the packet class, and a send that records what each socket got."""

    packet_class = socketio.packet.Packet

    def __init__(self) -> None:
        self.sent: list[tuple[str, str]] = []

    async def _send_eio_packet(self, eio_sid: str, eio_pkt) -> None:
        self.sent.append((eio_sid, eio_pkt.encode()))

    async def _send_packet(self, eio_sid: str, pkt) -> None:
        self.sent.append((eio_sid, pkt.encode()))


async def test_an_emit_to_a_page_sends_what_the_stock_manager_sends() -> None:
    """NiceGUI sends every update to its page's room (one socket): the same frames as the stock manager, in order,
    also for a room of several sockets, a payload with bytes (two frames) and one that skips a socket."""
    stock, indexed = socketio.AsyncManager(), IndexedRooms()
    for manager in (stock, indexed):
        manager.set_server(RecordingServer())
        manager.initialize()
        for k in range(3):
            manager.basic_enter_room(f's{k}', '/', None, eio_sid=f'e{k}')
            manager.basic_enter_room(f's{k}', '/', 'page-0' if k == 0 else 'page-1')
        await manager.emit('update', {'7': {'props': {'title': 'Kari <b>🎉'}}}, '/', room='page-0')
        await manager.emit('update', ({'a': 1}, 2), '/', room='page-0')
        await manager.emit('download', {'src': b'\x00BEGIN:VCALENDAR'}, '/', room='page-0')
        await manager.emit('update', {'x': 1}, '/', room='page-1')
        await manager.emit('update', {'y': 2}, '/', room='page-1', skip_sid='s1')
        await manager.emit('update', {'z': 3}, '/', room='nobody')
    assert indexed.server.sent == stock.server.sent
    assert [eio_sid for eio_sid, _ in indexed.server.sent[:4]] == ['e0'] * 4


async def test_an_emit_to_a_page_makes_no_task(monkeypatch: pytest.MonkeyPatch) -> None:
    """The point of the override: the stock manager makes a task to send one packet to one socket, the indexed one
    sends it directly."""
    made: list[object] = []
    create_task = asyncio.create_task
    monkeypatch.setattr(asyncio, 'create_task', lambda coro, **kw: made.append(coro) or create_task(coro, **kw))
    tasks = {}
    for name, manager in (('stock', socketio.AsyncManager()), ('indexed', IndexedRooms())):
        manager.set_server(RecordingServer())
        manager.initialize()
        manager.basic_enter_room('s0', '/', None, eio_sid='e0')
        manager.basic_enter_room('s0', '/', 'page-0')
        made.clear()
        await manager.emit('update', {'7': {'props': {}}}, '/', room='page-0')
        tasks[name] = len(made)
        assert manager.server.sent == [('e0', '42["update",{"7":{"props":{}}}]')]
    assert tasks == {'stock': 1, 'indexed': 0}
