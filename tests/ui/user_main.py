"""Main file for NiceGUI's simulated `user` fixture: the real app, built from EVENTAPP_* variables a fixture sets."""

from nicegui import ui

from eventapp.app import build
from eventapp.settings import Settings

built = build(Settings.from_env())

if __name__ in {'__main__', '__mp_main__'}:
    ui.run(storage_secret=built.storage_secret, reconnect_timeout=5, show=False, reload=False)
