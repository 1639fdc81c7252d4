"""Assets compressed once and served from memory: NiceGUI's real static files and ours, through the middleware and
the front that answers cached files before NiceGUI's own middlewares run."""

from __future__ import annotations

import asyncio
import gzip
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from nicegui import __version__ as nicegui_version
from nicegui.nicegui import static_files as nicegui_static
from nicegui.staticfiles import CacheControlledStaticFiles
from starlette.applications import Starlette
from starlette.responses import HTMLResponse
from starlette.routing import Mount, Route
from starlette.types import Message, Receive, Scope, Send

from eventapp.app import ASSETS
from eventapp.static_assets import Asset, AssetFront, PrecompressedAssets, accepts_gzip

NICEGUI_STATIC = Path(nicegui_static.directory)
QUASAR = f'/_nicegui/{nicegui_version}/static/quasar.umd.prod.js'
OUR_CSS = '/assets/eventapp.css'
PLAIN = {'Accept-Encoding': 'identity'}


class Counting:
    """The app behind the middleware, counting how often it is asked for a file."""

    def __init__(self) -> None:
        async def page(request) -> HTMLResponse:
            return HTMLResponse('<html><body>' + '<p>Hei og velkommen</p>' * 200 + '</body></html>')

        self.app = Starlette(
            routes=[
                Route('/', page),
                Mount(f'/_nicegui/{nicegui_version}/static', app=nicegui_static),  # the instance NiceGUI mounts
                Mount('/assets', app=CacheControlledStaticFiles(directory=ASSETS)),  # as app.add_static_files does
            ]
        )
        self.calls: list[str] = []

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        self.calls.append(scope['path'])
        await self.app(scope, receive, send)


class Sessions:
    """Stands for NiceGUI's middlewares above the gzip slot: counts what reaches them and, as its session middleware
    does for a request without a cookie, adds a cookie to the headers of the answer, in the list it is given."""

    def __init__(self, app: PrecompressedAssets) -> None:
        self.app = app
        self.calls: list[str] = []

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        self.calls.append(scope['path'])

        async def with_cookie(message: Message) -> None:
            if message['type'] == 'http.response.start':
                message['headers'].append((b'set-cookie', b'session=new; path=/'))
            await send(message)

        await self.app(scope, receive, with_cookie)


@pytest.fixture
def inner() -> Counting:
    return Counting()


@pytest.fixture
def cache() -> dict[str, Asset]:
    return {}


@pytest.fixture
def middleware(inner: Counting, cache: dict[str, Asset]) -> PrecompressedAssets:
    return PrecompressedAssets(inner, cache=cache)


@pytest.fixture
def sessions(middleware: PrecompressedAssets) -> Sessions:
    return Sessions(middleware)


@pytest.fixture
def front(sessions: Sessions, cache: dict[str, Asset]) -> AssetFront:
    return AssetFront(sessions, cache)


@pytest.fixture
async def client(front: AssetFront) -> AsyncIterator[httpx.AsyncClient]:
    """As `eventapp run` stacks them: the front, NiceGUI's middlewares, the gzip slot, the app."""
    transport = httpx.ASGITransport(app=front)
    async with httpx.AsyncClient(transport=transport, base_url='http://test') as http:
        yield http


async def raw(client: httpx.AsyncClient, path: str, **headers: str) -> tuple[httpx.Response, bytes]:
    """The bytes on the wire, not decoded: to check what a phone actually downloads."""
    async with client.stream('GET', path, headers=headers) as response:
        body = b''.join([chunk async for chunk in response.aiter_raw()])
    return response, body


async def test_a_versioned_nicegui_asset_comes_gzipped_and_cacheable_for_a_year(client: httpx.AsyncClient) -> None:
    response, body = await raw(client, QUASAR, **{'Accept-Encoding': 'gzip, deflate, br'})
    assert response.status_code == 200
    assert response.headers['content-encoding'] == 'gzip'
    assert response.headers['vary'] == 'Accept-Encoding'
    assert response.headers['cache-control'] == 'public, max-age=31536000, immutable, stale-while-revalidate=31536000'
    assert response.headers['content-type'].startswith('text/javascript')
    assert int(response.headers['content-length']) == len(body)
    plain = (NICEGUI_STATIC / 'quasar.umd.prod.js').read_bytes()
    assert gzip.decompress(body) == plain
    assert len(body) < len(plain) / 3


async def test_our_stylesheet_comes_gzipped_and_is_revalidated_with_an_etag(client: httpx.AsyncClient) -> None:
    response, body = await raw(client, OUR_CSS, **{'Accept-Encoding': 'gzip'})
    assert response.headers['content-encoding'] == 'gzip'
    assert response.headers['cache-control'] == 'public, no-cache'
    assert gzip.decompress(body) == (ASSETS / 'eventapp.css').read_bytes()
    etag = response.headers['etag']

    again = await client.get(OUR_CSS, headers={'Accept-Encoding': 'gzip', 'If-None-Match': etag})
    assert again.status_code == 304
    assert again.content == b''
    assert again.headers['etag'] == etag
    weak = await client.get(OUR_CSS, headers={'Accept-Encoding': 'gzip', 'If-None-Match': f'"other", W/{etag}'})
    assert weak.status_code == 304
    changed = await client.get(OUR_CSS, headers={'Accept-Encoding': 'gzip', 'If-None-Match': '"an-older-file"'})
    assert changed.status_code == 200


async def test_each_file_is_compressed_once_and_then_served_from_memory(
    client: httpx.AsyncClient, middleware: PrecompressedAssets, inner: Counting
) -> None:
    first, first_body = await raw(client, QUASAR, **{'Accept-Encoding': 'gzip'})
    second, second_body = await raw(client, QUASAR, **{'Accept-Encoding': 'gzip'})
    assert first_body == second_body
    assert first.headers['etag'] == second.headers['etag']
    assert middleware.compressions == 1
    assert inner.calls == [QUASAR]  # the second answer never reached the file system
    assert middleware.cache[QUASAR].gzipped is middleware.cache[QUASAR].gzipped


async def test_a_cached_file_is_answered_before_nicegui_middlewares_and_makes_no_session(
    client: httpx.AsyncClient, sessions: Sessions, front: AssetFront
) -> None:
    first = await client.get(QUASAR)  # fills the cache on the way through
    assert 'set-cookie' in first.headers
    etag = first.headers['etag']
    zipped, zipped_body = await raw(client, QUASAR, **{'Accept-Encoding': 'gzip'})
    plain, plain_body = await raw(client, QUASAR, **PLAIN)
    head = await client.head(QUASAR, headers={'Accept-Encoding': 'gzip'})
    again = await client.get(QUASAR, headers={'Accept-Encoding': 'gzip', 'If-None-Match': etag})
    assert sessions.calls == [QUASAR]
    assert front.answered == 4
    for response in (zipped, plain, head, again):
        assert 'set-cookie' not in response.headers  # the first answer's cookie did not stick to the cached headers
    assert gzip.decompress(zipped_body) == plain_body == (NICEGUI_STATIC / 'quasar.umd.prod.js').read_bytes()
    assert zipped.headers['content-encoding'] == 'gzip'
    assert 'content-encoding' not in plain.headers
    assert (head.status_code, head.content) == (200, b'')
    assert head.headers['content-length'] == zipped.headers['content-length']
    assert (again.status_code, again.content, again.headers['etag']) == (304, b'', etag)


async def test_everything_else_passes_the_front_untouched(
    client: httpx.AsyncClient, sessions: Sessions, front: AssetFront
) -> None:
    await client.get(OUR_CSS)
    page = await client.get('/', headers={'Accept-Encoding': 'gzip'})
    post = await client.post(OUR_CSS)
    missing = await client.get('/assets/nothing-here.css')
    query = await client.get('/', params={'x': '1'})
    assert page.status_code == query.status_code == 200
    assert post.status_code == 405  # the app's own answer to a method it does not serve
    assert missing.status_code == 404
    assert sessions.calls == [OUR_CSS, '/', OUR_CSS, '/assets/nothing-here.css', '/']
    assert front.answered == 0


async def test_a_crowd_of_first_requests_compresses_once(
    client: httpx.AsyncClient, middleware: PrecompressedAssets, inner: Counting
) -> None:
    responses = await asyncio.gather(*(client.get(OUR_CSS) for _ in range(30)))
    assert {r.status_code for r in responses} == {200}
    assert {r.headers['content-encoding'] for r in responses} == {'gzip'}
    assert middleware.compressions == 1
    assert inner.calls == [OUR_CSS]


async def test_a_client_without_gzip_gets_the_plain_file(client: httpx.AsyncClient) -> None:
    await client.get(OUR_CSS)  # the gzip copy is cached first: the plain answer must not be it
    for headers in (PLAIN, {'Accept-Encoding': 'gzip;q=0, deflate'}):
        response, body = await raw(client, OUR_CSS, **headers)
        assert 'content-encoding' not in response.headers
        assert body == (ASSETS / 'eventapp.css').read_bytes()
        assert response.headers['vary'] == 'Accept-Encoding'


async def test_fonts_and_tiny_files_are_not_compressed(
    client: httpx.AsyncClient, middleware: PrecompressedAssets
) -> None:
    font = next((NICEGUI_STATIC / 'fonts').glob('*.woff2'))
    response, body = await raw(
        client, f'/_nicegui/{nicegui_version}/static/fonts/{font.name}', **{'Accept-Encoding': 'gzip'}
    )
    assert response.status_code == 200
    assert 'content-encoding' not in response.headers
    assert body == font.read_bytes()
    tiny = NICEGUI_STATIC / 'headwind.css'
    assert tiny.stat().st_size < 1024
    response, body = await raw(
        client, f'/_nicegui/{nicegui_version}/static/headwind.css', **{'Accept-Encoding': 'gzip'}
    )
    assert 'content-encoding' not in response.headers
    assert body == tiny.read_bytes()
    assert middleware.compressions == 0


async def test_head_gives_the_headers_without_the_body(client: httpx.AsyncClient) -> None:
    response = await client.head(QUASAR, headers={'Accept-Encoding': 'gzip'})
    assert response.status_code == 200
    assert response.headers['content-encoding'] == 'gzip'
    assert int(response.headers['content-length']) > 100_000
    assert response.content == b''


async def test_the_page_is_still_gzipped_per_response_and_never_cached(
    client: httpx.AsyncClient, middleware: PrecompressedAssets
) -> None:
    response, body = await raw(client, '/', **{'Accept-Encoding': 'gzip'})
    assert response.headers['content-encoding'] == 'gzip'
    assert b'Hei og velkommen' in gzip.decompress(body)
    assert middleware.cache == {}


async def test_missing_files_and_odd_spellings_go_to_the_app_and_are_not_kept(
    client: httpx.AsyncClient, middleware: PrecompressedAssets, inner: Counting
) -> None:
    assert (await client.get('/assets/nothing-here.css')).status_code == 404
    odd = await client.get(
        f'/_nicegui/{nicegui_version}/static/lang/%2E%2E/nicegui.css'
    )  # httpx would fold a literal ..
    assert odd.status_code == 200  # still served, by the app as before
    assert middleware.cache == {}
    assert inner.calls == ['/assets/nothing-here.css', f'/_nicegui/{nicegui_version}/static/lang/../nicegui.css']


@pytest.mark.parametrize(
    ('header', 'expected'),
    [
        ('gzip, deflate, br', True),
        ('br;q=1.0, gzip;q=0.8', True),
        ('*', True),
        ('identity', False),
        ('gzip;q=0', False),
        ('', False),
        ('deflate', False),
    ],
)
def test_accept_encoding_is_read_as_browsers_send_it(header: str, expected: bool) -> None:
    assert accepts_gzip(header) is expected
