"""Every surface loads in real Chromium from this laptop alone, with assets compressed and cacheable, no errors."""

from __future__ import annotations

import gzip
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

from nicegui import __version__ as nicegui_version
from nicegui.nicegui import static_files as nicegui_static
from playwright.sync_api import BrowserContext, Page, Response, expect

from .conftest import EventServer
from .helpers import join


class Watched:
    """A page with every request, response and console error it produced."""

    def __init__(self, context: BrowserContext) -> None:
        self.page: Page = context.new_page()
        self.urls: list[str] = []
        self.responses: list[Response] = []
        self.errors: list[str] = []
        self.page.on('request', lambda request: self.urls.append(request.url))
        self.page.on('websocket', lambda socket: self.urls.append(socket.url))
        self.page.on('response', lambda response: self.responses.append(response))
        self.page.on('console', lambda message: message.type == 'error' and self.errors.append(message.text))
        self.page.on('pageerror', lambda error: self.errors.append(str(error)))

    def response(self, path_end: str) -> Response:
        return next(r for r in self.responses if urlparse(r.url).path.endswith(path_end))


def test_phone_screen_and_panel_load_from_loopback_only_with_compressed_cacheable_assets(
    server: EventServer, desktop, phone_context, artifacts: Path
) -> None:
    screen = Watched(desktop(1920, 1080))
    screen.page.goto(server.screen_url)
    expect(screen.page.get_by_text('Velkommen! Skann koden og bli med.')).to_be_visible()

    phone = Watched(phone_context())
    join(phone.page, server.join_url(), 'Kari', 'Salg')

    panel = Watched(desktop(1440, 900))
    panel.page.goto(server.facilitator_url)
    expect(panel.page.get_by_test_id('health-status')).to_have_text('Alt i orden')
    expect(panel.page.get_by_test_id('health-joined')).to_have_text('1')
    expect(panel.page.get_by_test_id('health-phones')).to_have_text('1')
    panel.page.get_by_test_id('health').scroll_into_view_if_needed()
    panel.page.screenshot(path=artifacts / 'panel-health.png', full_page=True)

    for watched in (screen, phone, panel):
        assert watched.errors == []
        outside = [url for url in watched.urls if urlparse(url).hostname != '127.0.0.1']
        assert outside == []
        icons = [url for url in watched.urls if 'favicon' in url]
        assert icons == []  # the icon is written into the page: one request fewer per phone

    quasar = phone.response('/static/quasar.umd.prod.js').all_headers()
    assert quasar['content-encoding'] == 'gzip'
    assert 'immutable' in quasar['cache-control']
    ours = phone.response('/assets/eventapp.css').all_headers()
    assert ours['content-encoding'] == 'gzip'
    assert ours['etag']
    assert ours['cache-control'] == 'public, no-cache'


def test_a_phone_joining_fetches_the_text_font_but_not_the_icon_font(server: EventServer, phone_context) -> None:
    """The whole room downloads at once: the join page draws its one arrow in CSS instead of pulling in the
    128 KB icon font (a regression would show as a second font file)."""
    phone = Watched(phone_context())
    join(phone.page, server.join_url(), 'Kari', 'Salg')
    expect(phone.page.get_by_text('Vi starter kl. 09.00. Følg med her.')).to_be_visible()
    fonts = [url for url in phone.urls if urlparse(url).path.endswith('.woff2')]
    assert len(fonts) == 1, fonts
    assert not phone.errors


def test_a_room_of_phones_gets_each_file_from_memory_without_a_session(server: EventServer) -> None:
    """Once a file has been asked for, the server answers it before NiceGUI's middlewares: no session cookie (and no
    user storage) for each of a first-time phone's asset requests. With the answer behind them, every one has one."""
    path = f'/_nicegui/{nicegui_version}/static/quasar.umd.prod.js'
    plain = (Path(nicegui_static.directory) / 'quasar.umd.prod.js').read_bytes()

    def get(method: str = 'GET', **headers: str) -> tuple[int, dict[str, str], bytes]:
        request = urllib.request.Request(server.base + path, method=method, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read()
        except urllib.error.HTTPError as error:  # urllib raises on 304
            return error.code, {k.lower(): v for k, v in error.headers.items()}, error.read()

    get(**{'Accept-Encoding': 'gzip'})  # the first phone's request fills the cache
    status, headers, body = get(**{'Accept-Encoding': 'gzip, deflate, br'})
    assert status == 200
    assert 'set-cookie' not in headers
    assert headers['content-encoding'] == 'gzip'
    assert 'immutable' in headers['cache-control']
    assert gzip.decompress(body) == plain
    assert get(**{'Accept-Encoding': 'identity'})[2] == plain
    head_status, head_headers, head_body = get('HEAD', **{'Accept-Encoding': 'gzip'})
    assert (head_status, head_body, head_headers['content-length']) == (200, b'', headers['content-length'])
    again_status, again_headers, again_body = get(**{'Accept-Encoding': 'gzip', 'If-None-Match': headers['etag']})
    assert (again_status, again_body) == (304, b'')
    assert 'set-cookie' not in again_headers


def socket_extensions(phone: Watched) -> list[str]:
    """What the server answered to the websocket's `Sec-WebSocket-Extensions` (Chromium always offers deflate)."""
    cdp = phone.page.context.new_cdp_session(phone.page)
    cdp.send('Network.enable')
    answers: list[dict[str, str]] = []
    cdp.on('Network.webSocketHandshakeResponseReceived', lambda event: answers.append(event['response']['headers']))
    return answers  # filled while the page loads


def test_a_phone_s_socket_is_not_compressed_by_default(server: EventServer, phone_context) -> None:
    """Chromium offers permessage-deflate on every websocket. eventapp's messages are small (0.4-2 KB, one or two
    Wi-Fi frames either way) and a compressor per phone cost 50 KB of server memory and a sixth more CPU per
    broadcast (docs/performance.md), so the server declines; the page works over the plain socket."""
    phone = Watched(phone_context())
    answers = socket_extensions(phone)
    join(phone.page, server.join_url(), 'Kari', 'Salg')
    expect(phone.page.get_by_text('Vi starter kl. 09.00. Følg med her.')).to_be_visible()
    headers = {k.lower(): v for k, v in answers[0].items()}
    assert 'sec-websocket-extensions' not in headers
    assert not phone.errors


def test_compression_switched_on_uses_a_small_window(tmp_path: Path, monkeypatch, phone_context) -> None:
    """EVENTAPP_WEBSOCKET_DEFLATE=1 (a venue whose Wi-Fi is the narrow part): compressed with a 12-bit window, where
    NiceGUI's own wsproto answered Chromium with 15 bits (about 130 KB more server memory per phone)."""
    monkeypatch.setenv('EVENTAPP_WEBSOCKET_DEFLATE', '1')
    server = EventServer(tmp_path)
    server.start()
    try:
        phone = Watched(phone_context())
        answers = socket_extensions(phone)
        join(phone.page, server.join_url(), 'Kari', 'Salg')
        expect(phone.page.get_by_text('Vi starter kl. 09.00. Følg med her.')).to_be_visible()
        extensions = {k.lower(): v for k, v in answers[0].items()}['sec-websocket-extensions']
        assert 'permessage-deflate' in extensions and 'server_max_window_bits=12' in extensions
        assert not phone.errors
    finally:
        server.stop()
