"""Composition root: build(settings) opens the store, creates the live events and services, registers the surfaces."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from nicegui import app as nicegui_app

from .access import Gate
from .domain.agenda import Agenda
from .exporting import Exporter
from .facilitation import Facilitation
from .health import Health
from .joining import Joining
from .live import Live, utc_now
from .loading import require_agenda
from .network import base_url
from .pledging import Pledging
from .pulse import PulseService
from .questions import Questions
from .rehearsal import Rehearsal, Room, prepare
from .rounds import Rounds
from .settings import ROOT, Settings
from .store import Store
from .store.pledges import PledgeStore
from .store.pulse import PulseStore
from .ui import facilitator, phone, screen
from .ui import health as health_ui
from .ui import pledges as pledges_ui
from .ui import pulse as pulse_ui
from .ui import questions as questions_ui
from .ui import rounds as rounds_ui
from .ui.features import Feature
from .ui.theme import install_connection_messages, install_theme

ASSETS = ROOT / 'assets'


@dataclass(frozen=True, kw_only=True, slots=True)
class Urls:
    join: str
    short: str
    screen: str
    facilitator: str


@dataclass(frozen=True, kw_only=True, slots=True)
class App:
    agenda: Agenda
    store: Store
    live: Live
    facilitation: Facilitation
    joining: Joining
    urls: Urls
    storage_secret: str


def build(settings: Settings, *, clock=utc_now) -> App:
    agenda = require_agenda(settings.agenda)
    store = Store.open(settings.db_path(agenda.event.id))
    seed = prepare(store, count=settings.rehearse, seed=settings.rehearse_seed) if settings.rehearse else None
    live = Live(clock)
    joining = Joining(agenda=agenda, store=store, live=live)
    facilitation = Facilitation(agenda=agenda, store=store, live=live)
    questions = Questions.on(store.db, facilitation)
    features: tuple[Feature, ...] = (questions_ui.feature(questions, facilitation, scope=agenda.event.id),)
    pulses = PulseService(
        agenda=agenda, store=PulseStore(store.db), live=live, facilitation=facilitation, joining=joining
    )
    features += (pulse_ui.feature(service=pulses, live=live),)
    pledging = Pledging(agenda=agenda, store=PledgeStore(store.db), clock=live.clock)
    exporter = Exporter(agenda=agenda, store=store, clock=live.clock)
    features += (pledges_ui.feature(pledging, exporter=exporter, agenda=agenda, live=live, facilitation=facilitation),)
    rounds = Rounds.on(store, live=live, facilitation=facilitation)
    features += (rounds_ui.feature(service=rounds, live=live),)
    health = Health(joined=lambda: joining.count, database=store.participant_count, connected=health_ui.connected)
    health_ui.register(health)
    features += (health_ui.feature(health),)
    facilitation.allow_screen_views(tuple(view.name for feature in features for view in feature.screen_views))

    facilitator_secret = settings.facilitator_secret or store.secret('facilitator_secret')
    screen_key = settings.screen_key or store.secret('screen_key')
    urls = _urls(settings, code=joining.code, screen_key=screen_key, facilitator_secret=facilitator_secret)
    nicegui_app.add_static_files('/assets', ASSETS)
    install_connection_messages()
    install_theme()
    common = {
        'agenda': agenda,
        'live': live,
        'facilitation': facilitation,
        'joining': joining,
        'features': features,
        'rehearsal': store.is_rehearsal(),
    }
    screen.register(screen.ScreenDeps(**common, gate=Gate(screen_key), join_url=urls.join, short_url=urls.short))
    phone.register(phone.PhoneDeps(**common))
    facilitator.register(
        facilitator.FacilitatorDeps(
            **common, gate=Gate(facilitator_secret), screen_url=f'/screen?k={screen_key}', join_url=urls.join
        )
    )
    if seed is not None:
        room = Room(
            live=live,
            joining=joining,
            facilitation=facilitation,
            pulses=pulses,
            questions=questions,
            pledging=pledging,
            rounds=rounds,
        )
        rehearsal = Rehearsal.of(room, count=settings.rehearse, seed=seed, speed=settings.rehearse_speed)
        nicegui_app.on_startup(rehearsal.start)
        nicegui_app.on_shutdown(rehearsal.stop)
    nicegui_app.on_shutdown(store.close)
    return App(
        agenda=agenda,
        store=store,
        live=live,
        facilitation=facilitation,
        joining=joining,
        urls=urls,
        storage_secret=store.secret('storage_secret'),
    )


def _urls(settings: Settings, *, code: str, screen_key: str, facilitator_secret: str) -> Urls:
    """Phones get the LAN (or public) address; the screen and panel links are for this laptop."""
    base = base_url(settings.public_url, settings.port)
    local = settings.public_url.rstrip('/') if settings.public_url else f'http://127.0.0.1:{settings.port}'
    return Urls(
        join=f'{base}/j/{code}',
        short=base.removeprefix('http://').removeprefix('https://'),
        screen=f'{local}/screen?k={screen_key}',
        facilitator=f'{local}/facilitator?k={facilitator_secret}',
    )


def storage_path(settings: Settings) -> Path:
    """NiceGUI's own storage folder, under data/ (must be set before nicegui is imported)."""
    return (settings.data_dir / '.nicegui').resolve()
