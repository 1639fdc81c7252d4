"""NiceGUI's three per-request middlewares as plain ASGI, with the same behaviour.

NiceGUI adds `RequestTrackingMiddleware`, `RedirectWithPrefixMiddleware` and `SetCacheControlMiddleware`, all
Starlette `BaseHTTPMiddleware`s: each wraps every HTTP request in an anyio task group and memory streams. Measured
here, NiceGUI's middleware stack cost ~0.7 ms of server CPU per request (a `/healthz` answer: 0.9 ms; the same bytes
from a bare ASGI app: 0.1 ms), and every phone's join page is such a request. `install` swaps the three for these
equivalents in the app's middleware list on start-up, before Starlette builds its stack on the first request.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

from nicegui import core
from nicegui import middlewares as nicegui_middlewares
from nicegui import storage as nicegui_storage
from nicegui.version import __version__ as nicegui_version
from starlette.datastructures import MutableHeaders
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

VERSIONED = f'/_nicegui/{nicegui_version}/'
DYNAMIC = f'{VERSIONED}dynamic_resources/'


class RequestTracking:
    """= nicegui.storage.RequestTrackingMiddleware: the request in NiceGUI's context variable, a browser id in the
    session, the user storage made, and `request.state.responded` once the response has started."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope['type'] != 'http':
            await self.app(scope, receive, send)
            return
        request = Request(scope, receive)
        nicegui_storage.request_contextvar.set(request)
        if 'id' not in request.session:
            request.session['id'] = str(uuid.uuid4())
        request.state.responded = False
        session_id = request.session['id']
        storage = core.app.storage
        active = storage._active_request_sessions  # NiceGUI's own bookkeeping, kept as it does it
        active[session_id] += 1

        async def send_and_note(message: Message) -> None:
            if message['type'] == 'http.response.start':
                request.state.responded = True  # from here on the session cookie can no longer change
            await send(message)

        try:
            if session_id not in storage._users:
                await storage._create_user_storage(session_id)
            await self.app(scope, receive, send_and_note)
        finally:
            active[session_id] -= 1
            if active[session_id] <= 0:
                del active[session_id]


def _on_response_start(app: ASGIApp, change: Callable[[Scope, MutableHeaders], None]) -> ASGIApp:
    """An ASGI middleware that lets `change` edit the response headers of HTTP requests."""

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope['type'] != 'http':
            await app(scope, receive, send)
            return

        async def send_changed(message: Message) -> None:
            if message['type'] == 'http.response.start':
                change(scope, MutableHeaders(scope=message))
            await send(message)

        await app(scope, receive, send_changed)

    return middleware


def redirect_with_prefix(app: ASGIApp) -> ASGIApp:
    """= nicegui.middlewares.RedirectWithPrefixMiddleware: a relative redirect gets the proxy's X-Forwarded-Prefix."""

    def change(scope: Scope, headers: MutableHeaders) -> None:
        location = headers.get('location')
        if location is not None and location.startswith('/'):
            prefix = next((v.decode('latin-1') for k, v in scope['headers'] if k == b'x-forwarded-prefix'), '')
            headers['location'] = prefix + location

    return _on_response_start(app, change)


def set_cache_control(app: ASGIApp) -> ASGIApp:
    """= nicegui.middlewares.SetCacheControlMiddleware: NiceGUI's versioned files get its Cache-Control."""

    def change(scope: Scope, headers: MutableHeaders) -> None:
        path = scope['path']
        if path.startswith(VERSIONED) and not path.startswith(DYNAMIC):
            headers['cache-control'] = core.app.config.cache_control_directives

    return _on_response_start(app, change)


REPLACEMENTS: dict[type, Callable[[ASGIApp], ASGIApp]] = {
    nicegui_storage.RequestTrackingMiddleware: RequestTracking,
    nicegui_middlewares.RedirectWithPrefixMiddleware: redirect_with_prefix,
    nicegui_middlewares.SetCacheControlMiddleware: set_cache_control,
}


def install(middleware: list[Middleware] | None = None) -> int:
    """Swap NiceGUI's BaseHTTPMiddlewares for the equivalents above, in place and in the same order (on start-up,
    before the first request). Returns how many were swapped."""
    own = middleware is None
    middleware = core.app.user_middleware if middleware is None else middleware
    swapped = 0
    for index, entry in enumerate(middleware):
        replacement = REPLACEMENTS.get(entry.cls)  # type: ignore[arg-type]
        if replacement is not None:
            middleware[index] = Middleware(replacement)  # type: ignore[arg-type]
            swapped += 1
    if own and swapped:
        core.app.middleware_stack = None  # the lifespan call already built it: the next request builds it anew
    return swapped
