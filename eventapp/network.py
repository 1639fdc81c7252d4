"""This laptop's address on the venue network, for the join link (phones cannot reach 'localhost')."""

from __future__ import annotations

import fcntl
import ipaddress
import socket
import struct

SIOCGIFADDR = 0x8915


def lan_address() -> str | None:
    """The first private IPv4 address of a network interface that is up, or None (no network: use --public-url)."""
    candidates = []
    for _index, name in socket.if_nameindex():
        address = _interface_ipv4(name)
        if address is None:
            continue
        ip = ipaddress.ip_address(address)
        if ip.is_loopback or ip.is_link_local:
            continue
        candidates.append((not ip.is_private, name.startswith(('docker', 'br-', 'veth', 'virbr')), address))
    return sorted(candidates)[0][2] if candidates else None


def _interface_ipv4(name: str) -> str | None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            packed = fcntl.ioctl(s.fileno(), SIOCGIFADDR, struct.pack('256s', name[:15].encode()))
        except OSError:
            return None
    return socket.inet_ntoa(packed[20:24])


def base_url(public_url: str | None, port: int) -> str:
    """Where phones reach the server: --public-url if given, else http://<LAN address>:<port>."""
    if public_url:
        return public_url.rstrip('/')
    address = lan_address() or socket.gethostname()
    return f'http://{address}:{port}'
