"""Page weight as a phone's browser sees it: the bytes on the wire for a first join (page + every asset) and for a
reload (page again; each asset again unless the browser may keep it: fresh by max-age, or revalidated with 304).

Assets are what the page names (`src`, `href`, `from "..."`), the style sheets NiceGUI's head `@import`s and the
modules its scripts import by name through the import map (`import DOMPurify from "dompurify"`). Fonts are left out:
which file a browser fetches depends on the text it draws (Chromium takes one Roboto file for the join page)."""

from __future__ import annotations

import json
import re
from typing import Any

import aiohttp

from .wire import ASSET_RE

MAX_AGE_RE = re.compile(r'max-age=(\d+)')
IMPORT_CSS_RE = re.compile(r'@import url\("(/[^"]+)"\)')
IMPORT_MAP_RE = re.compile(r'<script type="importmap">(.*?)</script>', re.S)
BARE_IMPORT_RE = re.compile(r'(?:import\s[^"\']*?from\s*|import\s*)"([^"./][^"]*)"')


def asset_urls(html: str) -> list[str]:
    """Every same-origin file a browser fetches for this page (fonts aside), in order, once each."""
    urls = [next(g for g in m.groups() if g) for m in ASSET_RE.finditer(html)]
    urls += IMPORT_CSS_RE.findall(html)
    importmap = IMPORT_MAP_RE.search(html)
    imports = json.loads(importmap.group(1)).get('imports', {}) if importmap else {}
    urls += [imports[name] for name in BARE_IMPORT_RE.findall(html) if str(imports.get(name, '')).startswith('/')]
    return list(dict.fromkeys(urls))


async def page_weight(base: str, path: str) -> dict[str, Any]:
    connector = aiohttp.TCPConnector(force_close=True)
    headers = {'Accept-Encoding': 'gzip, deflate, br', 'User-Agent': 'Mozilla/5.0 (eventapp-sim)'}
    async with aiohttp.ClientSession(connector=connector, auto_decompress=False) as session:

        async def get(url: str, extra: dict[str, str] | None = None) -> tuple[int, int, Any, bytes]:
            async with session.get(base + url, headers={**headers, **(extra or {})}) as r:
                body = await r.read()
                return r.status, len(body), r.headers, body

        _, size, page_headers, _ = await get(path)
        cookie = page_headers.get('set-cookie', '').split(';')[0]
        html = await _html(session, base + path, headers, cookie)
        urls = asset_urls(html)
        first, reload, assets = size, 0, []
        _status2, size2, _, _ = await get(path, {'Cookie': cookie} if cookie else None)
        reload += size2
        for url in urls:
            _status, size, h, _ = await get(url)
            first += size
            cache = h.get('cache-control', '')
            age = MAX_AGE_RE.search(cache)
            fresh = bool(age and int(age.group(1)) > 0 and 'no-cache' not in cache and 'no-store' not in cache)
            again = 0
            if not fresh:
                validators = {}
                if h.get('etag'):
                    validators['If-None-Match'] = h['etag']
                if h.get('last-modified'):
                    validators['If-Modified-Since'] = h['last-modified']
                _, again, _, _ = await get(url, validators)
            reload += again
            assets.append(
                {'url': url, 'bytes': size, 'encoding': h.get('content-encoding', ''), 'cache': cache, 'reload': again}
            )
    return {
        'first_kb': round(first / 1024, 1),
        'reload_kb': round(reload / 1024, 1),
        'html_kb': round(size2 / 1024, 1),
        'assets': len(urls),
        'detail': assets,
    }


async def _html(session: aiohttp.ClientSession, url: str, headers: dict[str, str], cookie: str) -> str:
    async with session.get(url, headers={**headers, 'Accept-Encoding': 'identity', 'Cookie': cookie}) as r:
        return await r.text()
