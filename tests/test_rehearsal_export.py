"""The export leaves a rehearsal out unless asked, and when asked every file says it is a rehearsal."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import zipfile
from pathlib import Path

import icalendar
import jsonschema
import pytest

from eventapp.__main__ import main
from eventapp.exporting import RehearsalExport, export_command
from eventapp.loading import require_agenda
from eventapp.pledging import Pledging
from eventapp.settings import DEFAULT_AGENDA, ROOT
from eventapp.store import Store
from eventapp.store.pledges import PledgeStore

NOW = dt.datetime(2027, 1, 14, 15, 0, tzinfo=dt.UTC)
SCHEMA = json.loads((ROOT / 'eventapp' / 'schemas' / 'followup.schema.json').read_text())
NOTE = 'ØVING – ikke ekte data'


def a_day(path: Path, *, rehearsal: bool) -> Path:
    """A database with one pledge, marked as a rehearsal or not."""
    store = Store.open(path)
    if rehearsal:
        store.mark_rehearsal()
    pledging = Pledging(agenda=require_agenda(DEFAULT_AGENDA), store=PledgeStore(store.db), clock=lambda: NOW)
    pledging.save('rehearsal-0001', text='Ringe tre kunder', goal_id='kundetillit')
    store.close()
    return path


def test_a_rehearsal_is_not_exported_unless_asked(tmp_path: Path) -> None:
    db = a_day(tmp_path / 'kickoff-2027-rehearsal.db', rehearsal=True)
    with pytest.raises(RehearsalExport):
        export_command(agenda_path=DEFAULT_AGENDA, db=db, out=tmp_path / 'out', as_zip=False, now=NOW)
    assert not (tmp_path / 'out').exists()


def test_the_command_says_why_and_how(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = a_day(tmp_path / 'kickoff-2027-rehearsal.db', rehearsal=True)
    out = tmp_path / 'out'
    assert main(['export', '--db', str(db), '--out', str(out)]) == 1
    said = capsys.readouterr().err
    assert 'is a rehearsal' in said and '--include-rehearsal' in said
    assert not out.exists()

    assert main(['export', '--db', str(db), '--out', str(out), '--include-rehearsal']) == 0
    (folder,) = out.iterdir()
    assert '-rehearsal-' in folder.name


def test_asked_for_every_file_says_rehearsal(tmp_path: Path) -> None:
    db = a_day(tmp_path / 'kickoff-2027-rehearsal.db', rehearsal=True)
    folder = export_command(
        agenda_path=DEFAULT_AGENDA, db=db, out=tmp_path / 'out', as_zip=False, now=NOW, include_rehearsal=True
    )
    files = {path.name: path.read_bytes() for path in folder.iterdir()}

    document = json.loads(files['followup.json'])
    assert document['rehearsal'] is True
    jsonschema.Draft202012Validator(SCHEMA, format_checker=jsonschema.FormatChecker()).validate(document)
    for name in ('pledges.csv', 'goals_kpis.csv', 'pulse.csv', 'questions.csv'):
        first = next(csv.reader(io.StringIO(files[name].decode('utf-8-sig')), delimiter=';'))
        assert first[0].startswith(NOTE), name
    calendar = icalendar.Calendar.from_ical(files['followup.ics'])
    summaries = [str(event['SUMMARY']) for event in calendar.walk('VEVENT')]
    assert summaries and all(s.startswith('[Øving] ') for s in summaries)
    assert NOTE in files['report.html'].decode() and NOTE in files['report.md'].decode()
    assert set(files) == {
        'followup.json',
        'pledges.csv',
        'goals_kpis.csv',
        'pulse.csv',
        'questions.csv',
        'followup.ics',
        'report.html',
        'report.md',
    }


def test_the_real_day_exports_as_before(tmp_path: Path) -> None:
    db = a_day(tmp_path / 'kickoff-2027.db', rehearsal=False)
    archive = export_command(agenda_path=DEFAULT_AGENDA, db=db, out=tmp_path / 'out', as_zip=True, now=NOW)
    assert '-rehearsal-' not in archive.name
    with zipfile.ZipFile(archive) as z:
        texts = {Path(name).name: z.read(name) for name in z.namelist()}
    document = json.loads(texts['followup.json'])
    assert 'rehearsal' not in document
    jsonschema.Draft202012Validator(SCHEMA).validate(document)
    assert texts['pledges.csv'].decode('utf-8-sig').startswith('Mål;')
    assert '[Øving]' not in texts['followup.ics'].decode() and 'ØVING' not in texts['report.md'].decode()


def test_the_schema_rejects_a_document_that_calls_itself_not_a_rehearsal_by_mistake(tmp_path: Path) -> None:
    """`rehearsal` is there only when true: a consumer tests for the key, so false must not sneak in."""
    db = a_day(tmp_path / 'kickoff-2027.db', rehearsal=False)
    folder = export_command(agenda_path=DEFAULT_AGENDA, db=db, out=tmp_path / 'out', as_zip=False, now=NOW)
    document = json.loads((folder / 'followup.json').read_text())
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(SCHEMA).validate({**document, 'rehearsal': False})
