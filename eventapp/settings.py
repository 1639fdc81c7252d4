"""Frozen settings: paths, host, port, public URL and secrets, from command-line flags and the environment."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_AGENDA = ROOT / 'agenda' / 'kickoff.toml'


@dataclass(frozen=True, kw_only=True, slots=True)
class Settings:
    agenda: Path = DEFAULT_AGENDA
    data_dir: Path = Path('data')
    db: Path | None = None
    """The event's database; default data/<event-id>.db."""
    host: str = '0.0.0.0'
    port: int = 8080
    public_url: str | None = None
    """The address phones use (e.g. behind a venue's DNS name); default: this laptop's LAN address."""
    facilitator_secret: str | None = None
    """Fixed facilitator secret (EVENTAPP_FACILITATOR_SECRET); default: generated once and kept in the database."""
    screen_key: str | None = None
    """Fixed big-screen key (EVENTAPP_SCREEN_KEY), e.g. for a bookmarked venue PC; default: generated and kept."""
    reconnect_timeout: float = 20.0
    """Seconds NiceGUI keeps a phone's page while its Wi-Fi drops; longer than a typical venue blip."""
    websocket: str = 'websockets-sansio'
    """uvicorn's websocket implementation (EVENTAPP_WEBSOCKET): 'websockets-sansio' or NiceGUI's 'wsproto'."""
    websocket_deflate: bool = False
    """Compress websocket messages when the browser offers it (EVENTAPP_WEBSOCKET_DEFLATE=1): fewer bytes on a narrow
    Wi-Fi, but about 50 KB more server memory per phone and a sixth more CPU per broadcast (docs/performance.md)."""
    rehearse: int = 0
    """Simulated participants for a rehearsal (`--rehearse N`); 0 for the real day."""
    rehearse_seed: int | None = None
    """Seed for the simulated room; default: chosen once and kept in the rehearsal's database."""
    rehearse_speed: float = 1.0
    """How much faster than people the simulated room acts (tests and quick demos; 1 is a human pace)."""

    @classmethod
    def from_env(cls, **overrides: object) -> Settings:
        """Settings from EVENTAPP_* environment variables, then explicit overrides (command-line flags)."""
        env = os.environ
        values: dict[str, object] = {}
        if 'EVENTAPP_AGENDA' in env:
            values['agenda'] = Path(env['EVENTAPP_AGENDA'])
        if 'EVENTAPP_DATA' in env:
            values['data_dir'] = Path(env['EVENTAPP_DATA'])
        if 'EVENTAPP_DB' in env:
            values['db'] = Path(env['EVENTAPP_DB'])
        if 'EVENTAPP_PUBLIC_URL' in env:
            values['public_url'] = env['EVENTAPP_PUBLIC_URL']
        if env.get('EVENTAPP_FACILITATOR_SECRET'):
            values['facilitator_secret'] = env['EVENTAPP_FACILITATOR_SECRET']
        if env.get('EVENTAPP_SCREEN_KEY'):
            values['screen_key'] = env['EVENTAPP_SCREEN_KEY']
        if env.get('EVENTAPP_WEBSOCKET'):
            values['websocket'] = env['EVENTAPP_WEBSOCKET']
        if env.get('EVENTAPP_WEBSOCKET_DEFLATE'):
            values['websocket_deflate'] = env['EVENTAPP_WEBSOCKET_DEFLATE'] not in ('0', 'false', 'off', 'no')
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)  # type: ignore[arg-type]

    def db_path(self, event_id: str) -> Path:
        """The event's database; a rehearsal gets its own file, so the real day's file stays clean."""
        return self.db or self.data_dir / (f'{event_id}-rehearsal.db' if self.rehearse else f'{event_id}.db')
