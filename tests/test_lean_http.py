"""NiceGUI's per-request middlewares as plain ASGI behave as NiceGUI's own (lean_http.py)."""

from __future__ import annotations

import httpx
from nicegui import core
from nicegui import middlewares as nicegui_middlewares
from nicegui import storage as nicegui_storage
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.base import BaseHTTPMiddleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse
from starlette.routing import Route

from eventapp import lean_http

seen: dict[str, object] = {}


async def page(request: Request) -> PlainTextResponse:
    seen['request'] = nicegui_storage.request_contextvar.get()
    seen['responded_while_building'] = request.state.responded
    seen['browser_id'] = request.session.get('id')
    return PlainTextResponse('page')


async def moved(_request: Request) -> RedirectResponse:
    return RedirectResponse('/elsewhere')


async def asset(_request: Request) -> PlainTextResponse:
    return PlainTextResponse('asset')


def app_with(middleware: list[Middleware]) -> Starlette:
    routes = [
        Route('/page', page),
        Route('/moved', moved),
        Route(f'{lean_http.VERSIONED}static/vue.js', asset),
        Route(f'{lean_http.DYNAMIC}x.js', asset),
    ]
    return Starlette(routes=routes, middleware=middleware)


def client_of(app: Starlette) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url='http://venue.local')


def niceguis_stack() -> list[Middleware]:
    """The order NiceGUI builds: session outside request tracking, the two others outermost."""
    return [
        Middleware(nicegui_middlewares.SetCacheControlMiddleware),
        Middleware(nicegui_middlewares.RedirectWithPrefixMiddleware),
        Middleware(SessionMiddleware, secret_key='test'),
        Middleware(nicegui_storage.RequestTrackingMiddleware),
    ]


def test_install_swaps_the_three_in_place_and_keeps_the_order() -> None:
    stack = niceguis_stack()
    assert lean_http.install(stack) == 3
    assert [m.cls for m in stack] == [
        lean_http.set_cache_control,
        lean_http.redirect_with_prefix,
        SessionMiddleware,
        lean_http.RequestTracking,
    ]
    assert not any(isinstance(m.cls, type) and issubclass(m.cls, BaseHTTPMiddleware) for m in stack)


async def test_both_stacks_answer_alike(monkeypatch) -> None:
    """The same requests through NiceGUI's middlewares and through ours: same status, headers that matter, body."""
    directives = 'public, max-age=31536000, immutable'
    monkeypatch.setattr(core.app.config, 'cache_control_directives', directives, raising=False)
    lean = niceguis_stack()
    lean_http.install(lean)
    answers = []
    for stack in (niceguis_stack(), lean):
        async with client_of(app_with(stack)) as client:
            page_answer = await client.get('/page')
            browser_id = seen['browser_id']
            assert seen['request'] is not None and seen['responded_while_building'] is False
            again = await client.get('/page')  # the cookie brings the same browser id back
            assert seen['browser_id'] == browser_id and 'set-cookie' not in again.headers
            redirect = await client.get('/moved', headers={'X-Forwarded-Prefix': '/kickoff'}, follow_redirects=False)
            plain_redirect = await client.get('/moved', follow_redirects=False)
            versioned = await client.get(f'{lean_http.VERSIONED}static/vue.js')
            dynamic = await client.get(f'{lean_http.DYNAMIC}x.js')
            answers.append(
                (
                    page_answer.status_code,
                    page_answer.text,
                    'session=' in page_answer.headers['set-cookie'],
                    redirect.headers['location'],
                    plain_redirect.headers['location'],
                    versioned.headers['cache-control'],
                    dynamic.headers.get('cache-control'),
                )
            )
    assert answers[0] == answers[1]
    assert answers[1][3:] == ('/kickoff/elsewhere', '/elsewhere', core.app.config.cache_control_directives, None)


async def test_browser_storage_is_read_only_once_the_response_started() -> None:
    """NiceGUI refuses browser-storage writes after the response: the flag must flip when the response starts."""
    lean = niceguis_stack()
    lean_http.install(lean)
    async with client_of(app_with(lean)) as client:
        await client.get('/page')
    request = seen['request']
    assert isinstance(request, Request) and request.state.responded is True
