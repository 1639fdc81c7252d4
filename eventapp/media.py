"""QR codes and pictures as pure functions (safe to run off the event loop)."""

from __future__ import annotations

import re

import qrcode
import qrcode.image.svg


def qr_svg(url: str) -> str:
    """The URL as an SVG QR code that fills its box (qrcode's default is a fixed 41 mm)."""
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, border=2)
    svg = image.to_string(encoding='unicode')
    return re.sub(r'width="[^"]*" height="[^"]*"', 'width="100%" height="100%"', svg, count=1)


def energy_points(energies: list[int], minutes: list[int], *, width: float = 1000, height: float = 100) -> str:
    """SVG polyline points for planned energy (1-5), each point at the middle of its session on a time axis."""
    total = sum(minutes) or 1
    points, at = [], 0
    for energy, length in zip(energies, minutes, strict=True):
        x = (at + length / 2) / total * width
        y = height - (energy - 1) / 4 * (height - 10) - 5
        points.append(f'{x:.1f},{y:.1f}')
        at += length
    return ' '.join(points)
