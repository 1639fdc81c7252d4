"""The server's health on the wire (`/healthz`, for a venue check) and on the facilitator panel (a glance).

The panel section refreshes with one timer per panel client; panels are few, phones never get a timer.
"""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import JSONResponse
from nicegui import Client, ui
from nicegui import app as nicegui_app

from ..health import Health, Report
from ..i18n import t
from .features import Feature

REFRESH = 3.0
"""Seconds between panel updates: fresh enough for a glance, no load worth measuring."""
STATUS_TEXT = {'ok': 'health.status_ok', 'busy': 'health.status_busy', 'down': 'health.status_down'}
SURFACES = {'/': 'phone', '/j/{code}': 'phone', '/screen': 'screen', '/facilitator': 'panel'}


def connected() -> dict[str, int]:
    """Pages with a live socket, by surface: one pass over NiceGUI's clients, counting only."""
    counts = dict.fromkeys(('phone', 'screen', 'panel', 'other'), 0)
    for client in Client.instances.values():
        if client.has_socket_connection:
            counts[SURFACES.get(client.page.path, 'other')] += 1
    return counts


def register(health: Health) -> None:
    """`GET|HEAD /healthz`: 200 with the numbers when healthy, 503 with the reasons when not."""
    nicegui_app.on_startup(health.start)
    nicegui_app.on_shutdown(health.stop)

    @nicegui_app.api_route('/healthz', methods=['GET', 'HEAD'], include_in_schema=False)
    async def healthz(request: Request) -> JSONResponse:  # on the loop: the database connection is not threadsafe
        return healthz_response(health.report())


def healthz_response(report: Report) -> JSONResponse:
    """503 lets a plain HTTP check (curl -f, a monitor) see trouble without reading the JSON."""
    status = 200 if report.healthy else 503
    return JSONResponse(report.as_json(), status_code=status, headers={'Cache-Control': 'no-store'})


def feature(health: Health) -> Feature:
    return Feature(panel_sections=(lambda lang: PanelHealth(health, lang).build(),))


class PanelHealth:
    def __init__(self, health: Health, lang: str) -> None:
        self.health, self.lang = health, lang

    def build(self) -> None:
        lang = self.lang
        with ui.element('section').classes('health__panel').props('data-testid=health').mark('health'):
            with ui.element('div').classes('health__top'):
                ui.label(t('health.heading', lang)).classes('panel__heading')
                self.status = ui.label().classes('health__status').props('role=status data-testid=health-status')
                self.status.mark('health-status')
            with ui.element('div').classes('health__figures'):
                self.phones = self.figure('health.phones', 'health-phones')
                self.joined = self.figure('health.joined', 'health-joined')
                self.lag = self.figure('health.lag', 'health-lag')
                self.cpu = self.figure('health.cpu', 'health-cpu')
                self.memory = self.figure('health.memory', 'health-memory')
        self.show()
        ui.timer(REFRESH, self.show)

    def figure(self, key: str, marker: str) -> ui.label:
        with ui.element('div').classes('health__figure'):
            ui.label(t(key, self.lang)).classes('health__name')
            return ui.label().classes('health__value').props(f'data-testid={marker}').mark(marker)

    def show(self) -> None:
        report = self.health.report()
        lang = self.lang
        self.status.text = t(STATUS_TEXT[report.status], lang)
        for status in ('ok', 'busy', 'down'):
            self.status.classes(**{'add' if status == report.status else 'remove': f'health__status--{status}'})
        self.phones.text = str(report.connected.get('phone', 0))
        self.joined.text = str(report.joined)
        self.lag.text = _lag_text(report, lang)
        self.cpu.text = '–' if report.cpu_percent is None else t('health.percent', lang, value=report.cpu_percent)
        self.memory.text = '–' if report.rss_mb is None else t('health.megabytes', lang, value=round(report.rss_mb))


def _lag_text(report: Report, lang: str) -> str:
    if report.lag_ms['p50'] is None:
        return '–'
    return t('health.lag_value', lang, median=round(report.lag_ms['p50']), max=round(report.lag_ms['max'] or 0))
