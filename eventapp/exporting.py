"""The export adapter: gather the stored day from the stores into `domain.export.ExportInput`, then write the
follow-up seed (a folder or a zip). Used by the panel's download (off the event loop) and by `eventapp export`.

Pledges and goals always come along. Pulse, questions and table rounds come from their stores when those modules
exist and have data; a part whose store module is missing is "not recorded" in every file, and the export is still
valid. Nothing gathered here carries who asked a question: the questions' read API has no such field.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import logging
import zipfile
from collections.abc import Callable
from functools import partial
from pathlib import Path

from .domain.agenda import Agenda
from .domain.calendar import followup_calendar
from .domain.export import (
    EnergyPoint,
    ExportInput,
    QuestionRow,
    SessionPulse,
    StatementStat,
    TableRound,
    csv_files,
    document,
)
from .domain.pledges import word_frequencies
from .domain.report import report_html, report_md
from .i18n import t
from .pledge_cloud import PRINT_LOOK, cloud_png
from .store import Store
from .store.pledges import PledgeStore

log = logging.getLogger(__name__)

CALENDAR_WORDS = (
    'pledge',
    'reminder',
    'checkin',
    'checkin_text',
    'review_30',
    'review_30_text',
    'review_60',
    'review_60_text',
    'review_90',
    'review_90_text',
)


class RehearsalExport(RuntimeError):
    """The database is a rehearsal: its simulated people are exported only when asked for (`--include-rehearsal`)."""


class Exporter:
    """What the panel's download needs: the event's stores and clock, so a page never touches the store itself."""

    def __init__(self, *, agenda: Agenda, store: Store, clock: Callable[[], dt.datetime]) -> None:
        self.agenda, self.store, self.clock = agenda, store, clock

    @property
    def rehearsal(self) -> bool:
        """The day is a rehearsal: the panel asks before it downloads, and every file says so."""
        return self.store.is_rehearsal()

    def gather(self) -> ExportInput:
        """Read everything now, on the event loop's thread (the SQLite connection is single-thread)."""
        return gather(self.agenda, self.store, now=self.clock())


def gather(agenda: Agenda, store: Store, *, now: dt.datetime) -> ExportInput:
    """Everything the export needs, read from the event's database (store calls: run this on the loop's thread)."""
    pulse, energy, min_group = _pulse(agenda, store)
    return ExportInput(
        agenda=agenda,
        generated_at=now,
        attendance=store.participant_count(),
        pledges=tuple(PledgeStore(store.db).pledges()),
        pulse=pulse,
        energy=energy,
        questions=_questions(store),
        rounds=_rounds(store),
        min_group=min_group,
        rehearsal=store.is_rehearsal(),
    )


def files(data: ExportInput) -> dict[str, bytes]:
    """Every file of the export by name. Pure and slow-ish (the word cloud): call it with run.io_bound."""
    lang = data.agenda.event.language
    tr = partial(t, lang=lang)
    words = {word: tr(f'export.ics.{word}') for word in CALENDAR_WORDS}
    if data.rehearsal:
        words = {word: f'{tr("rehearsal.calendar_tag")} {text}' for word, text in words.items()}
    cloud = cloud_png(
        word_frequencies(p.text for p in data.pledges if p.on_wall), width=900, height=360, look=PRINT_LOOK, min_font=18
    )
    out = {
        'followup.json': (json.dumps(document(data), ensure_ascii=False, indent=2) + '\n').encode('utf-8'),
        **csv_files(data, tr),
        'followup.ics': followup_calendar(data.agenda, data.pledges, words=words, now=data.generated_at),
        'report.html': report_html(data, tr, cloud_png=cloud).encode('utf-8'),
        'report.md': report_md(data, tr).encode('utf-8'),
    }
    return out


def folder_name(data: ExportInput) -> str:
    stamp = data.generated_at.astimezone(data.agenda.event.tz).strftime('%Y%m%d-%H%M')
    kind = '-rehearsal' if data.rehearsal else ''
    return f'followup-{data.agenda.event.id}{kind}-{stamp}'


def zip_bytes(data: ExportInput) -> bytes:
    """The export as one zip (a folder inside, so unpacking never scatters files)."""
    buffer = io.BytesIO()
    root = folder_name(data)
    with zipfile.ZipFile(buffer, 'w', zipfile.ZIP_DEFLATED) as archive:
        for name, content in files(data).items():
            archive.writestr(f'{root}/{name}', content)
    return buffer.getvalue()


def write(data: ExportInput, out_dir: Path, *, as_zip: bool = False) -> Path:
    """Write the export under `out_dir`: a folder, or a .zip next to where the folder would be. Returns its path."""
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / folder_name(data)
    if as_zip:
        path = target.with_suffix('.zip')
        path.write_bytes(zip_bytes(data))
        return path
    target.mkdir(exist_ok=True)
    for name, content in files(data).items():
        (target / name).write_bytes(content)
    return target


def export_command(
    *,
    agenda_path: Path,
    db: Path | None,
    out: Path,
    as_zip: bool,
    now: dt.datetime | None = None,
    include_rehearsal: bool = False,
) -> Path:
    """`eventapp export`: load the agenda, open its database, write the follow-up seed. A rehearsal's database
    raises RehearsalExport unless `include_rehearsal`: simulated people must not pass for the real day."""
    from .loading import require_agenda
    from .settings import Settings

    agenda = require_agenda(agenda_path)
    path = db or Settings(agenda=agenda_path).db_path(agenda.event.id)
    if not path.exists():
        raise FileNotFoundError(path)
    store = Store.open(path)
    try:
        if store.is_rehearsal() and not include_rehearsal:
            raise RehearsalExport(path)
        data = gather(agenda, store, now=now or dt.datetime.now(dt.UTC))
    finally:
        store.close()
    return write(data, out, as_zip=as_zip)


# --- other features' stores (read APIs) ---------------------------------------------------------


def _pulse(agenda: Agenda, store: Store) -> tuple[tuple[SessionPulse, ...] | None, tuple[EnergyPoint, ...] | None, int]:
    try:
        from .domain.pulse import MIN_GROUP
        from .store.pulse import PulseStore
    except ImportError:
        return None, None, 5
    pulses = PulseStore(store.db)
    texts = {(p.session_id, s.id): s.text for p in pulses.pulses() for s in p.statements}
    results = pulses.results(agenda)
    sessions = tuple(
        SessionPulse(
            session_id=r.session_id,
            responses=r.responses,
            statements=tuple(
                StatementStat(
                    id=s.id,
                    text=texts.get((r.session_id, s.id), s.id),
                    responses=s.count,
                    mean=s.mean,
                    distribution=s.distribution,
                )
                for s in r.statements
            ),
        )
        for r in results
    )
    energy = tuple(
        EnergyPoint(session_id=p.session_id, planned=p.planned, measured=p.measured)
        for p in pulses.energy_curve(agenda)
    )
    return sessions, energy, MIN_GROUP


def _questions(store: Store) -> tuple[QuestionRow, ...] | None:
    try:
        from .store.questions import QuestionStore
    except ImportError:
        return None
    return tuple(
        QuestionRow(text=q.text, session_id=q.session_id, votes=q.votes, state=q.state)
        for q in QuestionStore(store.db).questions()
    )


def _rounds(store: Store) -> tuple[TableRound, ...] | None:
    """Started rounds with the names people gave (never their ids); someone without a name only counts."""
    try:
        from .store.rounds import RoundsStore
    except ImportError:
        return None
    names: dict[str, str] = {}

    def name(participant_id: str) -> str:
        if participant_id not in names:
            participant = store.participant(participant_id)
            names[participant_id] = participant.name if participant else ''
        return names[participant_id]

    return tuple(
        TableRound(
            number=played.number,
            session_id=played.session_id,
            tables=tuple(tuple(n for n in map(name, table) if n) for table in played.tables),
            sizes=tuple(len(table) for table in played.tables),
        )
        for played in RoundsStore(store.db).played()
    )
