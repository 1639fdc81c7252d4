"""The follow-up seed: the stored day as documents a leader uses the next morning (JSON and CSV here; the calendar
in `domain/calendar.py`, the one-page report in `domain/report.py`).

Pure: the adapter (`exporting.py`) gathers the input from the stores into the dataclasses below; a part another
feature did not record is None and the documents say "not recorded" rather than failing. Nothing here knows who asked
a question: a question arrives as text, session, votes and state only.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from . import followup
from .agenda import Agenda
from .pledges import Pledge, counts_per_goal, event_end

SCHEMA_VERSION = '1.0'
RECORDED, EMPTY, NOT_RECORDED = 'recorded', 'empty', 'not_recorded'
VISIBLE, WAITING = 'visible', 'waiting'
NEXT_ALL_HANDS_STATES = (VISIBLE,)
"""Questions the room saw but nobody answered go to the next all-hands; waiting ones were never approved, hidden ones
were moderated away."""
CSV_DELIMITER = ';'
"""Excel with a Norwegian locale uses ';' as list separator (the comma is the decimal mark), so a ';' file opens in
columns on double-click; the UTF-8 BOM makes Excel read æøå as UTF-8 instead of the ANSI code page."""
_FORMULA_START = ('=', '+', '-', '@', '\t', '\r')

Tr = Callable[..., str]
"""A translation function: tr(key, **values) -> text in the event's language."""


@dataclass(frozen=True, kw_only=True, slots=True)
class StatementStat:
    id: str
    text: str
    responses: int
    mean: float | None
    distribution: tuple[int, ...] | None
    """Answers per value 1-5; None (like the mean) when fewer than the minimum group answered."""


@dataclass(frozen=True, kw_only=True, slots=True)
class SessionPulse:
    session_id: str
    responses: int
    statements: tuple[StatementStat, ...]


@dataclass(frozen=True, kw_only=True, slots=True)
class EnergyPoint:
    session_id: str
    planned: int
    measured: float | None


@dataclass(frozen=True, kw_only=True, slots=True)
class QuestionRow:
    text: str
    session_id: str | None
    votes: int
    state: str


@dataclass(frozen=True, kw_only=True, slots=True)
class TableRound:
    number: int
    session_id: str
    tables: tuple[tuple[str, ...], ...]
    """Per table, the names of the people seated there who gave one; `sizes` says how many sat there in all."""
    sizes: tuple[int, ...]


@dataclass(frozen=True, kw_only=True, slots=True)
class ExportInput:
    """Everything an export needs. None means the feature's store is not there (not recorded); () means none."""

    agenda: Agenda
    generated_at: dt.datetime
    attendance: int
    pledges: tuple[Pledge, ...]
    pulse: tuple[SessionPulse, ...] | None = None
    energy: tuple[EnergyPoint, ...] | None = None
    questions: tuple[QuestionRow, ...] | None = None
    rounds: tuple[TableRound, ...] | None = None
    min_group: int = 5
    rehearsal: bool = False
    """The day was a rehearsal with simulated participants: every document says so."""


def status(items: Sequence | None) -> str:
    if items is None:
        return NOT_RECORDED
    return RECORDED if items else EMPTY


def for_next_all_hands(question: QuestionRow) -> bool:
    return question.state in NEXT_ALL_HANDS_STATES


def top_questions(questions: Iterable[QuestionRow], limit: int = 10) -> list[QuestionRow]:
    """The most voted questions the room could see (hidden and unapproved ones left out), ties in asking order."""
    shown = [q for q in questions if q.state not in ('hidden', WAITING)]
    return sorted(shown, key=lambda q: -q.votes)[:limit]


def energy_curve(data: ExportInput) -> list[dict]:
    """Planned energy for every session, measured where a pulse had enough answers."""
    measured = {p.session_id: p for p in data.energy or ()}
    return [
        {
            'session_id': s.id,
            'title': s.title,
            'beat': s.beat,
            'planned': s.energy,
            'measured': measured[s.id].measured if s.id in measured else None,
        }
        for s in data.agenda.sessions
    ]


# --- followup.json ------------------------------------------------------------------------------


def document(data: ExportInput) -> dict:
    """The whole follow-up seed as one JSON-ready dict (validated against schemas/followup.schema.json)."""
    agenda, event = data.agenda, data.agenda.event
    return {
        'schema_version': SCHEMA_VERSION,
        **({'rehearsal': True} if data.rehearsal else {}),
        'generated_at': data.generated_at.astimezone(event.tz).isoformat(),
        'event': {
            'id': event.id,
            'title': event.title,
            'date': event.date.isoformat(),
            'starts_at': event.starts_at().isoformat(),
            'ends_at': event_end(agenda).isoformat(),
            'timezone': event.timezone,
            'language': event.language,
            'venue': event.venue,
            'attendance': data.attendance,
        },
        'vision': agenda.vision,
        'goals': [
            {
                'id': goal.id,
                'title': goal.title,
                'description': goal.description,
                'kpis': [
                    {
                        'name': k.name,
                        'unit': k.unit,
                        'baseline': k.baseline,
                        'target_30': k.target_30,
                        'target_90': k.target_90,
                        'frequency': k.frequency,
                        'owner': k.owner,
                        'source': k.source,
                    }
                    for k in goal.kpis
                ],
            }
            for goal in agenda.goals
        ],
        'pledges': {
            'status': status(data.pledges),
            'count': len(data.pledges),
            'per_goal': counts_per_goal(agenda, data.pledges),
            'items': [_pledge(p, event.tz) for p in data.pledges],
        },
        'pulse': {
            'status': status(data.pulse),
            'min_group': data.min_group,
            'sessions': [_session_pulse(p) for p in data.pulse or ()],
            'energy_curve': energy_curve(data),
        },
        'questions': {
            'status': status(data.questions),
            'items': [
                {
                    'text': q.text,
                    'session_id': q.session_id,
                    'votes': q.votes,
                    'state': q.state,
                    'next_all_hands': for_next_all_hands(q),
                }
                for q in data.questions or ()
            ],
        },
        'table_rounds': {
            'status': status(data.rounds),
            'rounds': [
                {
                    'number': r.number,
                    'session_id': r.session_id,
                    'tables': [
                        {'table': i, 'size': size, 'names': list(names)}
                        for i, (names, size) in enumerate(zip(r.tables, r.sizes, strict=True), 1)
                    ],
                }
                for r in data.rounds or ()
            ],
        },
        'plan_30_60_90': [
            {
                'day': m.day,
                'date': m.date.isoformat(),
                'focus': m.focus,
                'measured_as': m.measured_as,
                'review_minutes': m.review_minutes,
                'measures': [
                    {
                        'goal_id': x.goal_id,
                        'kpi': x.kpi,
                        'unit': x.unit,
                        'baseline': x.baseline,
                        'target': x.target,
                        'direction': x.direction,
                    }
                    for x in m.measures
                ],
            }
            for m in followup.plan(agenda)
        ],
        'rhythms': [
            {'id': r.id, 'every': r.every, 'minutes': r.minutes, 'purpose': r.purpose} for r in followup.RHYTHMS
        ],
    }


def _pledge(pledge: Pledge, tz: dt.tzinfo) -> dict:
    item: dict = {
        'goal_id': pledge.goal_id,
        'text': pledge.text,
        'deadline': pledge.deadline.astimezone(tz).isoformat(),
        'wall': pledge.wall,
        'hidden_by_facilitator': pledge.hidden,
    }
    if pledge.partner:
        item['partner'] = pledge.partner
    if pledge.name:
        item['name'] = pledge.name
    return item


def _session_pulse(pulse: SessionPulse) -> dict:
    return {
        'session_id': pulse.session_id,
        'responses': pulse.responses,
        'statements': [
            {
                'id': s.id,
                'text': s.text,
                'responses': s.responses,
                'mean': s.mean,
                'distribution': list(s.distribution) if s.distribution is not None else None,
            }
            for s in pulse.statements
        ],
    }


# --- CSV ----------------------------------------------------------------------------------------


def csv_files(data: ExportInput, tr: Tr) -> dict[str, bytes]:
    """pledges.csv, goals_kpis.csv, pulse.csv and questions.csv: UTF-8 with BOM, ';'-separated, decimal comma in
    Norwegian; a part with nothing in it has one row that says so."""
    agenda, tz = data.agenda, data.agenda.event.tz
    number = _number_format(agenda.event.language)
    titles = {g.id: g.title for g in agenda.goals}
    sessions = {s.id: s.title for s in agenda.sessions}
    pledges = [
        [titles.get(p.goal_id, p.goal_id), p.text, p.deadline.astimezone(tz).strftime('%Y-%m-%d %H:%M'),
         p.partner, p.name, tr(f'export.wall.{p.wall}'), tr('export.yes') if p.on_wall else tr('export.no')]
        for p in data.pledges
    ]  # fmt: skip
    kpis = [
        [goal.title, k.name, k.unit, number(k.baseline), number(k.target_30), number(followup.target_at(k, 60)),
         number(k.target_90), k.frequency, k.owner, k.source]
        for goal in agenda.goals
        for k in goal.kpis
    ]  # fmt: skip
    pulse = [
        [sessions.get(p.session_id, p.session_id), s.text, str(s.responses),
         number(s.mean) if s.mean is not None else tr('export.too_few'),
         *(str(n) for n in (s.distribution or ('',) * 5))]
        for p in data.pulse or ()
        for s in p.statements
    ]  # fmt: skip
    questions = [
        [q.text, sessions.get(q.session_id or '', ''), str(q.votes), tr(f'export.state.{q.state}'),
         tr('export.yes') if for_next_all_hands(q) else tr('export.no')]
        for q in data.questions or ()
    ]  # fmt: skip
    parts = {
        'pledges': (pledges, status(data.pledges)),
        'goals_kpis': (kpis, RECORDED if kpis else EMPTY),
        'pulse': (pulse, status(data.pulse)),
        'questions': (questions, status(data.questions)),
    }
    note = tr('rehearsal.file_note') if data.rehearsal else ''
    return {f'{name}.csv': _csv(tr, name, rows, state, note=note) for name, (rows, state) in parts.items()}


def neutralise(cell: str) -> str:
    """A text cell Excel would read as a formula (= + - @, tab, CR first) gets a leading apostrophe (OWASP's advice),
    so it is shown as the text it is."""
    return "'" + cell if cell.startswith(_FORMULA_START) else cell


def _csv(tr: Tr, name: str, rows: list[list[str]], state: str, *, note: str = '') -> bytes:
    """One CSV file; a `note` (a rehearsal's) comes first, above the header, where nobody opening it can miss it."""
    header = tr(f'export.csv.{name}').split('|')
    out = io.StringIO()
    writer = csv.writer(out, delimiter=CSV_DELIMITER, lineterminator='\r\n', quoting=csv.QUOTE_MINIMAL)
    if note:
        writer.writerow([note, *[''] * (len(header) - 1)])
    writer.writerow(header)
    if state != RECORDED:
        writer.writerow([tr(f'export.status.{state}'), *[''] * (len(header) - 1)])
    for row in rows:
        writer.writerow([cell if isinstance(cell, _Number) else neutralise(cell) for cell in row])
    return out.getvalue().encode('utf-8-sig')


class _Number(str):
    """A number we formatted ourselves: a minus sign in front is a negative number, not a formula."""


def _number_format(language: str) -> Callable[[float], str]:
    """'4,25' for Norwegian Excel (the comma is its decimal mark), '4.25' otherwise."""

    def fmt(value: float) -> str:
        text = str(int(value)) if float(value).is_integer() else f'{value:.2f}'.rstrip('0')
        return _Number(text.replace('.', ',') if language == 'nb' else text)

    return fmt
