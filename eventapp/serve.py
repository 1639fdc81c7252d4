"""Start the server for a real event: build the app, print the links, tune the process for a crowd, run."""

from __future__ import annotations

import logging
from functools import partial

from nicegui import app as nicegui_app
from nicegui import background_tasks, core, run, ui

from . import crowd, lean_http, socket_rooms
from .app import build
from .settings import Settings
from .static_assets import Asset, PrecompressedAssets, inline_favicon, serve_cached_assets_first
from .ui.theme import TOKENS


def serve(settings: Settings) -> None:
    logging.basicConfig(level=logging.INFO, format='%(asctime)s %(levelname)s %(name)s: %(message)s')
    crowd.raise_open_files_limit()
    crowd.tune_gc()
    crowd.cache_handler_signatures()
    crowd.use_websocket(settings.websocket)
    crowd.quiet_outbox_loops()
    run.process_pool_start_method = 'spawn'  # planning table rounds off the loop; fork is unsafe with threads
    built = build(settings)
    nicegui_app.on_startup(lambda: socket_rooms.index_rooms(core.sio))  # O(1) disconnects, before any socket
    nicegui_app.on_startup(lean_http.install)  # NiceGUI's BaseHTTPMiddlewares as plain ASGI, before any request
    nicegui_app.on_startup(crowd.freeze_startup_objects)
    nicegui_app.on_startup(
        lambda: background_tasks.create(
            crowd.PacedCollector(sockets=core.sio.manager.sockets).run(), name='paced collector'
        )
    )
    assets: dict[str, Asset] = {}
    nicegui_app.on_startup(lambda: serve_cached_assets_first(assets))
    print(
        f'\n  {built.agenda.event.title}\n'
        f'  Big screen:   {built.urls.screen}\n'
        f'  Facilitator:  {built.urls.facilitator}\n'
        f'  Phones join:  {built.urls.join}   (event code {built.joining.code})\n',
        flush=True,
    )
    if built.store.is_rehearsal():
        print(f'  REHEARSAL, not real data: {settings.db_path(built.agenda.event.id)}\n', flush=True)
    ui.run(
        host=settings.host,
        port=settings.port,
        title=built.agenda.event.title,
        reload=False,
        show=False,
        show_welcome_message=False,
        storage_secret=built.storage_secret,
        reconnect_timeout=settings.reconnect_timeout,
        ws_per_message_deflate=settings.websocket_deflate,
        language='nb-NO' if built.agenda.event.language == 'nb' else 'en-GB',
        favicon=inline_favicon(TOKENS['primary'], TOKENS['card']),  # in the page: one request fewer per phone
        gzip_middleware_factory=partial(PrecompressedAssets, cache=assets),  # assets gzipped once, not per request
    )
