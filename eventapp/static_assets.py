"""Static assets compressed once and served from memory, so a room of first-time phones costs no gzip per request.

NiceGUI serves its JavaScript and CSS through Starlette's `GZipMiddleware`, which compresses every response at level 9
on every request: 1,000 first-time phones took 103 s to join (see the shared reference nicegui-scale.md). This
middleware replaces it (`ui.run(gzip_middleware_factory=PrecompressedAssets)`): the first request for an asset reads
the file through the app as before, keeps the plain bytes and one gzip copy in memory, and every later request is
answered from there. NiceGUI's paths carry its version and are cached by browsers for a year; ours (`/assets`) are
not versioned, so browsers revalidate them with an ETag and get a 304. Everything else (the page HTML, socket.io
polling) is still gzipped per response, at a cheaper level.

NiceGUI puts its gzip middleware inside three `BaseHTTPMiddleware`s and the session middleware, which cost ~0.7 ms
per request (anyio task groups and streams, a signed cookie and a user storage for each cookieless request): most of
a first-time phone's server time for its ~17 files. So `AssetFront`, wrapped around the whole app that uvicorn serves
(`serve_cached_assets_first`), answers a file that is already cached before any of that runs, from header lists
computed once: ~0.1 ms per request. The first request for each file still goes the whole way and fills the cache.
"""

from __future__ import annotations

import asyncio
import functools
import gzip
import hashlib
import logging
import posixpath
from dataclasses import dataclass, field

from nicegui import __version__ as nicegui_version
from starlette.datastructures import Headers
from starlette.middleware.gzip import GZipMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

VERSIONED = f'/_nicegui/{nicegui_version}/'
"""NiceGUI's own files: the path changes with NiceGUI's version, so a browser may keep them for a year."""
NOT_CACHED = (f'{VERSIONED}dynamic_resources/',)
"""Generated per request by NiceGUI: never cached."""
OURS = ('/assets/',)
IMMUTABLE = 'public, max-age=31536000, immutable, stale-while-revalidate=31536000'
"""NiceGUI's default `cache_control_directives`: the first answer (through its SetCacheControlMiddleware) and the
ones from memory say the same."""
REVALIDATE = 'public, no-cache'
"""Ours may change with a new release of eventapp on the same URL: the browser asks each time, gets a 304."""

MINIMUM_SIZE = 1024
"""Below this the gzip header and a second representation cost more than they save."""
MAX_FILE = 8 * 1024 * 1024
MAX_TOTAL = 64 * 1024 * 1024
"""Memory bound for the cache; NiceGUI's files that a page uses are about 1.5 MB plain."""
ALREADY_COMPRESSED = ('font/woff', 'font/woff2', 'image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/avif')
DYNAMIC_LEVEL = 6
"""For the page HTML and other dynamic answers: level 6 is close to 9 in size at a fraction of the CPU."""
_REQUEST_HEADERS_DROPPED = {b'accept-encoding', b'range', b'if-range', b'if-none-match', b'if-modified-since'}
_READS = ('GET', 'HEAD')
RawHeaders = list[tuple[bytes, bytes]]

log = logging.getLogger(__name__)


@dataclass(frozen=True, kw_only=True, slots=True)
class Asset:
    """One file as served: the plain bytes, its gzip copy (None if not worth it) and the headers that go with it."""

    plain: bytes
    gzipped: bytes | None
    content_type: str
    etag: str
    cache_control: str
    ok: tuple[RawHeaders, ...] = field(init=False, repr=False)
    """Headers of a 200: [0] plain, [1] gzipped (if kept), computed once."""
    not_modified: tuple[RawHeaders, ...] = field(init=False, repr=False)
    """Headers of a 304, in the same order."""

    def __post_init__(self) -> None:
        representations: list[tuple[bytes, str, RawHeaders]] = [(self.plain, self.etag, [])]
        if self.gzipped is not None:
            representations.append((self.gzipped, self.gzip_etag, [(b'content-encoding', b'gzip')]))
        ok, not_modified = [], []
        for body, etag, encoding in representations:
            short = [(b'etag', etag.encode()), (b'cache-control', self.cache_control.encode())]
            if self.gzipped is not None:
                short.append((b'vary', b'Accept-Encoding'))
            not_modified.append(short)
            ok.append([*short, (b'content-type', self.content_type.encode()), (b'content-length', b'%d' % len(body))])
            ok[-1] += encoding
        object.__setattr__(self, 'ok', tuple(ok))
        object.__setattr__(self, 'not_modified', tuple(not_modified))

    @property
    def gzip_etag(self) -> str:
        """A different ETag per encoding, so no cache mixes up the two representations."""
        return self.etag[:-1] + '.gz"'

    async def answer(self, scope: Scope, send: Send) -> None:
        """200 or 304, plain or gzipped, body or (HEAD) none: one pass over the request headers, no parsing object."""
        accept_encoding = if_none_match = b''
        for name, value in scope['headers']:
            if name == b'accept-encoding' and not accept_encoding:
                accept_encoding = value
            elif name == b'if-none-match' and not if_none_match:
                if_none_match = value
        zipped = self.gzipped is not None and _accepts_gzip(accept_encoding)
        if if_none_match and _matches(if_none_match.decode('latin-1'), (self.etag, self.gzip_etag)):
            status, headers, body = 304, self.not_modified[zipped], b''
        else:
            status, headers = 200, self.ok[zipped]
            body = b'' if scope['method'] == 'HEAD' else self.gzipped if self.gzipped and zipped else self.plain
        # a copy: middlewares above (NiceGUI's, on a first request) add headers to the list they are given
        await send({'type': 'http.response.start', 'status': status, 'headers': list(headers)})
        await send({'type': 'http.response.body', 'body': body})


@dataclass(frozen=True, kw_only=True, slots=True)
class Answer:
    """The app's own response to a path that is not kept (404, too large), replayed to whoever asked at the time."""

    status: int
    headers: list[tuple[bytes, bytes]]
    body: bytes

    async def replay(self, scope: Scope, send: Send) -> None:
        await send({'type': 'http.response.start', 'status': self.status, 'headers': self.headers})
        await send({'type': 'http.response.body', 'body': b'' if scope['method'] == 'HEAD' else self.body})


class AssetFront:
    """Outermost ASGI layer: a file already in the cache is answered here, before routing and NiceGUI's middlewares;
    everything else (cache misses, the page, socket.io, websockets, other methods) is passed on untouched."""

    def __init__(self, app: ASGIApp, cache: dict[str, Asset]) -> None:
        self.app = app
        self.cache = cache
        self.answered = 0
        """How many requests never reached the app."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope['type'] == 'http' and scope['method'] in _READS:
            asset = self.cache.get(scope['path'])
            if asset is not None:
                self.answered += 1
                await asset.answer(scope, send)
                return
        await self.app(scope, receive, send)


def serve_cached_assets_first(cache: dict[str, Asset]) -> AssetFront | None:
    """Wrap `AssetFront` around the app uvicorn serves. Call on startup: uvicorn has loaded the app and hands it to
    each connection it accepts, and it starts listening only after the startup handlers ran."""
    from nicegui.server import Server

    config = getattr(getattr(Server, 'instance', None), 'config', None)
    if config is None or getattr(config, 'loaded_app', None) is None:
        log.warning("no uvicorn app to wrap: cached assets are answered behind NiceGUI's middlewares")
        return None
    config.loaded_app = front = AssetFront(config.loaded_app, cache)
    return front


class PrecompressedAssets:
    """ASGI middleware: static files from a memory cache (gzip computed once), everything else gzipped per response.
    Give it the same `cache` as `AssetFront` so that later requests for a file never get this far."""

    def __init__(self, app: ASGIApp, *, ours: tuple[str, ...] = OURS, cache: dict[str, Asset] | None = None) -> None:
        self.app = app
        self.dynamic = GZipMiddleware(app, minimum_size=MINIMUM_SIZE, compresslevel=DYNAMIC_LEVEL)
        self.ours = ours
        self.cache: dict[str, Asset] = {} if cache is None else cache
        self.compressions = 0
        """How many times a file was gzipped: once per asset for the life of the process."""
        self._loading: dict[str, asyncio.Future[Asset | Answer]] = {}
        self._total = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get('path', '') if scope['type'] == 'http' else ''
        if scope['type'] != 'http' or scope['method'] not in _READS or not self.cacheable(path):
            await self.dynamic(scope, receive, send)
            return
        asset = self.cache.get(path) or await self.load(path, scope)
        if isinstance(asset, Asset):
            await asset.answer(scope, send)
        else:  # not a plain 200 file (404, too large, ...): the app's own answer, as it always was
            await asset.replay(scope, send)

    def cacheable(self, path: str) -> bool:
        """Only normalised paths, so equivalent spellings (`a/../b`) cannot grow the cache."""
        if posixpath.normpath(path) != path or '//' in path:
            return False
        if path.startswith(VERSIONED):
            return not path.startswith(NOT_CACHED)
        return path.startswith(self.ours)

    async def load(self, path: str, scope: Scope) -> Asset | Answer:
        """Fetch the file through the app once; concurrent first requests for the same path wait for that one."""
        if path in self._loading:
            return await asyncio.shield(self._loading[path])
        future: asyncio.Future[Asset | Answer] = asyncio.get_running_loop().create_future()
        self._loading[path] = future
        try:
            asset = await self._fetch(path, scope)
            future.set_result(asset)
            return asset
        except Exception as error:
            future.set_exception(error)
            future.exception()  # mark as retrieved when nobody else waits
            raise
        except BaseException:
            future.cancel()
            raise
        finally:
            del self._loading[path]

    async def _fetch(self, path: str, scope: Scope) -> Asset | Answer:
        plain_scope = dict(scope)
        plain_scope['headers'] = [(k, v) for k, v in scope['headers'] if k not in _REQUEST_HEADERS_DROPPED]
        plain_scope['method'] = 'GET'
        extensions = {k: v for k, v in (scope.get('extensions') or {}).items() if k != 'http.response.pathsend'}
        plain_scope['extensions'] = extensions  # we need the bytes, not a path for the server to send
        answer = await _capture(self.app, plain_scope)
        headers, body = Headers(raw=answer.headers), answer.body
        too_big = len(body) > MAX_FILE or self._total + len(body) > MAX_TOTAL
        if answer.status != 200 or 'content-encoding' in headers or too_big:
            return answer
        content_type = headers.get('content-type', 'application/octet-stream')
        gzipped = None
        if len(body) >= MINIMUM_SIZE and content_type.partition(';')[0].strip() not in ALREADY_COMPRESSED:
            compressed = await asyncio.to_thread(gzip.compress, body, 9, mtime=0)  # zlib releases the GIL
            self.compressions += 1
            gzipped = compressed if len(compressed) < 0.9 * len(body) else None
        asset = Asset(
            plain=body,
            gzipped=gzipped,
            content_type=content_type,
            etag='"' + hashlib.blake2b(body, digest_size=12).hexdigest() + '"',
            cache_control=IMMUTABLE if path.startswith(VERSIONED) else REVALIDATE,
        )
        self.cache[path] = asset
        self._total += len(body) + len(gzipped or b'')
        return asset


def inline_favicon(colour: str, dot: str) -> str:
    """A tiny SVG icon: NiceGUI writes it into the page as a data URL, so no phone asks for its 15 KB favicon.ico."""
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">'
        f'<rect width="32" height="32" rx="7" fill="{colour}"/><circle cx="16" cy="16" r="6" fill="{dot}"/></svg>'
    )


def accepts_gzip(accept_encoding: str) -> bool:
    """`gzip` or `*` listed without `q=0`, as RFC 9110 reads the Accept-Encoding header."""
    for part in accept_encoding.lower().split(','):
        name, _, params = part.strip().partition(';')
        if name.strip() in ('gzip', 'x-gzip', '*'):
            q = params.strip().removeprefix('q=')
            try:
                return not params or float(q) > 0
            except ValueError:
                return False
    return False


@functools.lru_cache(maxsize=64)
def _accepts_gzip(accept_encoding: bytes) -> bool:
    """Phones send a handful of distinct Accept-Encoding values: read each once."""
    return accepts_gzip(accept_encoding.decode('latin-1'))


def _matches(if_none_match: str, etags: tuple[str, ...]) -> bool:
    """Weak comparison, as If-None-Match requires: `W/"x"` matches `"x"`."""
    tags = {tag.strip().removeprefix('W/') for tag in if_none_match.split(',')}
    return '*' in tags or not tags.isdisjoint(etags)


async def _capture(app: ASGIApp, scope: Scope) -> Answer:
    """Run the app for one request and keep its answer instead of sending it."""
    start: Message = {}
    chunks: list[bytes] = []
    requested, done = asyncio.Event(), asyncio.Event()

    async def receive() -> Message:
        """The (empty) request body once; then, like a server, `http.disconnect` only after the response."""
        if not requested.is_set():
            requested.set()
            return {'type': 'http.request', 'body': b'', 'more_body': False}
        await done.wait()
        return {'type': 'http.disconnect'}

    async def send(message: Message) -> None:
        if message['type'] == 'http.response.start':
            start.update(message)
        elif message['type'] == 'http.response.body':
            chunks.append(message.get('body', b''))
            if not message.get('more_body', False):
                done.set()

    try:
        await app(scope, receive, send)
    finally:
        done.set()
    return Answer(status=start.get('status', 500), headers=list(start.get('headers', [])), body=b''.join(chunks))
