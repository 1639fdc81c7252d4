"""The follow-up seed, file by file: the 30-60-90 plan, followup.json against its schema, the calendar parsed back,
the CSV read back as Excel would, and the report keeping a pledge's HTML as text."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from functools import partial
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import jsonschema
import pytest

from eventapp.domain import followup
from eventapp.domain.agenda import Agenda
from eventapp.domain.calendar import followup_calendar, pledge_calendar
from eventapp.domain.export import (
    ExportInput,
    QuestionRow,
    SessionPulse,
    StatementStat,
    csv_files,
    document,
    neutralise,
)
from eventapp.domain.pledges import ANONYMOUS, HIDDEN, NAMED, Pledge, latest_deadline
from eventapp.domain.report import md_escape, report_html, report_md
from eventapp.exporting import files
from eventapp.i18n import t
from eventapp.loading import require_agenda
from eventapp.settings import DEFAULT_AGENDA, ROOT

OSLO = ZoneInfo('Europe/Oslo')
NOW = dt.datetime(2027, 1, 14, 15, 30, tzinfo=dt.UTC)
SCHEMA = json.loads((ROOT / 'eventapp' / 'schemas' / 'followup.schema.json').read_text())
EVIL = '<script>alert(1)</script> **fett** [lenke](http://x)'


@pytest.fixture(scope='module')
def agenda() -> Agenda:
    return require_agenda(DEFAULT_AGENDA)


def make_pledge(agenda: Agenda, n: int, text: str, *, goal: int = 0, wall: str = ANONYMOUS, **extra) -> Pledge:
    return Pledge(
        id=n,
        participant_id=f'secret-phone-id-{n}',
        text=text,
        goal_id=agenda.goals[goal].id,
        deadline=latest_deadline(agenda) - dt.timedelta(hours=n - 1),
        partner=extra.get('partner', ''),
        name=extra.get('name', ''),
        wall=wall,
        hidden=extra.get('hidden', False),
        created_at=NOW,
        updated_at=NOW,
    )


@pytest.fixture
def full(agenda: Agenda) -> ExportInput:
    pledges = (
        make_pledge(agenda, 1, EVIL, name='Kari', wall=NAMED, partner='Øyvind'),
        make_pledge(agenda, 2, '=HYPERLINK("http://x")', goal=1),
        make_pledge(agenda, 3, 'Ringe Åse og Ærlige Øystein', goal=2, wall=HIDDEN),
        make_pledge(agenda, 4, 'Skjult av fasilitator', goal=2, hidden=True),
    )
    pulse = (
        SessionPulse(
            session_id=agenda.sessions[0].id,
            responses=7,
            statements=(
                StatementStat(id='energy', text='Energi?', responses=7, mean=4.25, distribution=(0, 0, 1, 3, 3)),
                StatementStat(id='safety', text='Trygghet?', responses=3, mean=None, distribution=None),
            ),
        ),
    )
    questions = (
        QuestionRow(text='Hva med -bonus?', session_id=agenda.sessions[0].id, votes=9, state='visible'),
        QuestionRow(text='Besvart', session_id=None, votes=4, state='answered'),
        QuestionRow(text='Stygt', session_id=None, votes=0, state='hidden'),
    )
    return ExportInput(
        agenda=agenda, generated_at=NOW, attendance=42, pledges=pledges, pulse=pulse, energy=(), questions=questions
    )


@pytest.fixture
def empty(agenda: Agenda) -> ExportInput:
    return ExportInput(agenda=agenda, generated_at=NOW, attendance=0, pledges=())


def tr(agenda: Agenda):
    return partial(t, lang=agenda.event.language)


# --- 30-60-90 ---------------------------------------------------------------------------------


def test_the_plan_takes_each_kpi_to_its_30_then_midway_then_90_day_target(agenda: Agenda) -> None:
    plan = followup.plan(agenda)

    assert [(m.day, m.focus, m.measured_as) for m in plan] == [
        (30, 'activate_behaviour', 'behaviour_rate_per_team'),
        (60, 'scale_practice', 'kpi_trend_vs_target'),
        (90, 'consolidate', 'effect_on_performance'),
    ]
    resolution = {m.day: next(x for x in m.measures if x.kpi == 'Løsningstid i support') for m in plan}
    assert (resolution[30].target, resolution[60].target, resolution[90].target) == (20, 18, 16)
    assert resolution[30].direction == 'down'  # fewer hours is better
    assert all(m.date.weekday() < 5 for m in plan)  # a review never lands on a weekend
    assert plan[0].date == dt.date(2027, 2, 15)  # 14 Jan + 30 = Saturday 13 Feb -> Monday 15 Feb
    assert [r.minutes for r in followup.RHYTHMS] == [15, 45, 90]


# --- followup.json ----------------------------------------------------------------------------


def test_the_document_validates_against_the_schema(full: ExportInput) -> None:
    doc = json.loads(json.dumps(document(full)))

    jsonschema.Draft202012Validator(SCHEMA, format_checker=jsonschema.FormatChecker()).validate(doc)
    assert doc['pledges']['per_goal'] == {'kundetillit': 1, 'kvalitet': 1, 'margin': 2}
    first = doc['pledges']['items'][0]
    assert first['name'] == 'Kari' and first['partner'] == 'Øyvind' and first['text'] == EVIL
    assert first['deadline'] == '2027-01-17T16:00:00+01:00'
    assert 'name' not in doc['pledges']['items'][1]  # a name only when one was given
    assert [q['next_all_hands'] for q in doc['questions']['items']] == [True, False, False]
    assert doc['table_rounds']['status'] == 'not_recorded'


def test_nothing_in_the_document_names_a_phone_or_links_a_question_to_anyone(full: ExportInput) -> None:
    text = json.dumps(document(full))

    assert 'secret-phone-id' not in text
    assert set(document(full)['questions']['items'][0]) == {'text', 'session_id', 'votes', 'state', 'next_all_hands'}


def test_an_event_with_nothing_recorded_still_exports_valid_files_that_say_so(empty: ExportInput) -> None:
    out = files(empty)

    doc = json.loads(out['followup.json'])
    jsonschema.Draft202012Validator(SCHEMA).validate(doc)
    assert (doc['pledges']['status'], doc['pulse']['status'], doc['questions']['status']) == (
        'empty',
        'not_recorded',
        'not_recorded',
    )
    assert 'Ingen registrert.' in out['report.html'].decode()
    assert 'Ikke registrert i denne versjonen.' in out['report.md'].decode()
    rows = list(csv.reader(io.StringIO(out['pledges.csv'].decode('utf-8-sig')), delimiter=';'))
    assert rows[1][0] == 'Ingen registrert.'
    calendar = icalendar.Calendar.from_ical(out['followup.ics'])
    assert len(calendar.walk('VEVENT')) == 4  # the weekly check-in (one recurring event) and three reviews


# --- CSV --------------------------------------------------------------------------------------


def test_csv_reads_back_with_norwegian_letters_and_neutralised_formulas(full: ExportInput) -> None:
    out = csv_files(full, tr(full.agenda))

    raw = out['pledges.csv']
    assert raw.startswith(b'\xef\xbb\xbf')  # the BOM: Excel reads UTF-8
    rows = list(csv.reader(io.StringIO(raw.decode('utf-8-sig')), delimiter=';'))
    assert rows[0][:3] == ['Mål', 'Løfte', 'Frist']
    assert rows[1][1] == EVIL and rows[1][3] == 'Øyvind' and rows[1][4] == 'Kari'
    assert rows[2][1] == '\'=HYPERLINK("http://x")'
    assert rows[3][1] == 'Ringe Åse og Ærlige Øystein'
    assert rows[1][2] == '2027-01-17 16:00'
    kpis = list(csv.reader(io.StringIO(out['goals_kpis.csv'].decode('utf-8-sig')), delimiter=';'))
    assert kpis[2][3:7] == ['26', '20', '18', '16']
    pulse = list(csv.reader(io.StringIO(out['pulse.csv'].decode('utf-8-sig')), delimiter=';'))
    assert pulse[1][3] == '4,25' and pulse[1][4:] == ['0', '0', '1', '3', '3']
    assert pulse[2][3] == 'for få svar'
    questions = list(csv.reader(io.StringIO(out['questions.csv'].decode('utf-8-sig')), delimiter=';'))
    assert questions[1][0] == 'Hva med -bonus?' and questions[1][4] == 'ja'


@pytest.mark.parametrize('cell', ['=1+1', '+47 99', '-2', '@SUM(A1)', '\tx', '\rx'])
def test_every_formula_start_is_neutralised(cell: str) -> None:
    assert neutralise(cell) == "'" + cell
    assert neutralise('Helt vanlig tekst') == 'Helt vanlig tekst'


# --- calendar ---------------------------------------------------------------------------------


def test_the_follow_up_calendar_parses_back_in_the_event_zone(full: ExportInput) -> None:
    calendar = icalendar.Calendar.from_ical(files(full)['followup.ics'])

    assert [tz['TZID'] for tz in calendar.walk('VTIMEZONE')] == ['Europe/Oslo']
    events = {str(e['UID']): e for e in calendar.walk('VEVENT')}
    assert len([uid for uid in events if uid.startswith('pledge-')]) == 4
    pledge = events['pledge-1@kickoff-2027']
    assert str(pledge['SUMMARY']) == f'Mitt løfte: {EVIL}'
    start = pledge.decoded('DTSTART')
    assert start == dt.datetime(2027, 1, 17, 16, tzinfo=OSLO) and str(start.tzinfo) == 'Europe/Oslo'
    assert pledge.walk('VALARM')[0].decoded('TRIGGER') == -dt.timedelta(hours=24)
    weekly = events['checkin@kickoff-2027']
    assert weekly.decoded('DTSTART') == dt.datetime(2027, 1, 21, 9, tzinfo=OSLO)
    assert weekly['RRULE']['FREQ'] == ['WEEKLY'] and weekly['RRULE']['COUNT'] == [12]
    assert weekly.decoded('DTEND') - weekly.decoded('DTSTART') == dt.timedelta(minutes=15)
    review_90 = events['review-90@kickoff-2027']
    assert review_90.decoded('DTEND') - review_90.decoded('DTSTART') == dt.timedelta(minutes=90)


def test_one_pledge_calendar_for_the_phone(full: ExportInput) -> None:
    raw = pledge_calendar(full.agenda, full.pledges[0], title=f'Mitt løfte: {EVIL}', reminder='I morgen', now=NOW)

    event = icalendar.Calendar.from_ical(raw).walk('VEVENT')[0]
    assert str(event['SUMMARY']) == f'Mitt løfte: {EVIL}'
    assert str(event['DESCRIPTION']) == EVIL
    assert b'<script>' in raw  # plain text in a text property: no calendar renders it as HTML
    assert event.walk('VALARM')[0].decoded('TRIGGER') == -dt.timedelta(hours=24)


def test_check_ins_keep_their_wall_clock_time_across_summer_time(agenda: Agenda) -> None:
    import dataclasses

    spring = dataclasses.replace(agenda, event=dataclasses.replace(agenda.event, date=dt.date(2027, 3, 11)))

    checkins = followup.weekly_checkins(spring)

    assert [c.hour for c in checkins] == [9] * 12
    assert {c.utcoffset() for c in checkins} == {dt.timedelta(hours=1), dt.timedelta(hours=2)}
    calendar = icalendar.Calendar.from_ical(followup_calendar(spring, (), words=_words(), now=NOW))
    assert calendar.walk('VEVENT')[0].decoded('DTSTART') == dt.datetime(2027, 3, 18, 9, tzinfo=OSLO)


def _words() -> dict[str, str]:
    keys = (
        'pledge',
        'reminder',
        'checkin',
        'checkin_text',
        *(f'review_{d}{s}' for d in (30, 60, 90) for s in ('', '_text')),
    )
    return {key: key for key in keys}


# --- report -----------------------------------------------------------------------------------


def test_html_in_a_pledge_stays_text_in_the_report(full: ExportInput) -> None:
    html = report_html(full, tr(full.agenda), cloud_png=b'\x89PNG fake')

    assert '<script>' not in html
    assert '&lt;script&gt;alert(1)&lt;/script&gt;' in html
    assert 'Kari' in html and 'Skjult av fasilitator' not in html and 'Ærlige Øystein' not in html
    assert 'src="http' not in html and 'href=' not in html  # no external assets
    assert 'data:image/png;base64,' in html
    assert 'ubesvart: til neste allmøte' in html and 'Stygt' not in html


def test_markdown_escapes_what_could_become_markup(full: ExportInput) -> None:
    md = report_md(full, tr(full.agenda))

    assert '\\<script\\>alert\\(1\\)\\</script\\> \\*\\*fett\\*\\* \\[lenke\\]\\(http://x\\)' in md
    assert '<script>' not in md
    assert md_escape('- punkt') == '\\- punkt' and md_escape('1. punkt') == '1\\. punkt'
    assert md_escape('a | b') == 'a \\| b'


def test_the_written_files_are_all_there(full: ExportInput) -> None:
    names = set(files(full))

    assert names == {
        'followup.json',
        'pledges.csv',
        'goals_kpis.csv',
        'pulse.csv',
        'questions.csv',
        'followup.ics',
        'report.html',
        'report.md',
    }


def test_the_schema_ships_with_the_package() -> None:
    pyproject = (ROOT / 'pyproject.toml').read_text()

    assert 'schemas/*.json' in pyproject
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    assert Path(ROOT / 'eventapp' / 'schemas' / 'followup.schema.json').exists()
