"""The door of the secret pages: a wrong or missing secret gets a plain refusal and no data."""

from __future__ import annotations

import asyncio

from fastapi import Request
from nicegui import ui

from ..access import Gate
from ..i18n import t


async def admit(gate: Gate, given: str, request: Request, lang: str) -> bool:
    """True when the link's secret is right; otherwise show a refusal (after the gate's delay) and return False."""
    source = request.client.host if request.client else '?'
    delay = gate.delay_for(source)
    if delay:
        await asyncio.sleep(delay)
    if gate.check(given, source):
        return True
    ui.page_title(t('access.title', lang))
    ui.label(t('access.refused', lang)).classes('text-xl m-8').props('data-testid=refused').mark('refused')
    return False
