"""Pledges end to end in headless Chromium: phones pledge, the wall fills live, a phone downloads its calendar
file, the facilitator closes the event and downloads the follow-up seed, and the files hold what the room said."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from pathlib import Path

import icalendar
import jsonschema
from playwright.sync_api import Page, expect

from eventapp.settings import ROOT

from .conftest import EventServer
from .helpers import join

SCHEMA = json.loads((ROOT / 'eventapp' / 'schemas' / 'followup.schema.json').read_text())


def pledge(phone: Page, text: str, goal: str, wall: str) -> None:
    phone.get_by_test_id('pledge-text').fill(text)
    phone.get_by_test_id('pledge-goal').get_by_text(goal).click()
    phone.get_by_test_id('pledge-wall').get_by_text(wall, exact=True).click()
    phone.get_by_test_id('pledge-save').click()
    expect(phone.get_by_test_id('pledge-status')).to_have_text('Lagret! Løftet ditt er med.')


def check_the_phone_form_has_large_targets(phone: Page) -> None:
    """The form is one element (pledge_form.js) of plain inputs: every radio row, field and Save is 48 px high."""
    targets = phone.locator('[data-testid=pledge-form] label.pledge__choice, [data-testid=pledge-form] .pledge__input')
    assert targets.count() == 3 + 3 + 4  # three goals, three wall choices, four fields
    for target in [*targets.all(), phone.get_by_test_id('pledge-save')]:
        box = target.bounding_box()
        assert box is not None and box['height'] >= 48, target
    expect(phone.get_by_test_id('pledge-deadline')).to_have_value('2027-01-17T16:00')
    expect(phone.get_by_test_id('pledge-name')).to_have_value('Kari')


def test_phones_pledge_the_wall_fills_and_the_export_holds_it(
    server: EventServer, desktop, phone_context, artifacts: Path, tmp_path: Path
) -> None:
    panel = desktop(1440, 900).new_page()
    panel.goto(server.facilitator_url)
    screen = desktop(1920, 1080).new_page()
    screen.goto(server.screen_url)
    phones = [phone_context().new_page() for _ in range(3)]
    for phone, name in zip(phones, ['Kari', 'Øyvind', 'Åse'], strict=True):
        join(phone, server.join_url(), name, 'Salg')
        expect(phone.get_by_test_id('pledge')).to_be_hidden()  # not before the commitment session
    phones[2].reload()  # a page built in one piece: the texts and goals come with it, the form's updates leave them out
    expect(phones[2].get_by_test_id('now')).to_be_visible()

    panel.get_by_test_id('primary').click()
    expect(panel.get_by_test_id('feedback')).to_have_text('Dagen er i gang!')
    panel.get_by_test_id('jump-forpliktelse').click()
    expect(panel.get_by_test_id('current-title')).to_have_text('Min første handling innen 72 timer')
    expect(phones[0].get_by_test_id('pledge')).to_be_visible()
    panel.get_by_test_id('view-goals').click()
    expect(screen.get_by_test_id('goals-view')).to_be_visible()
    expect(screen.get_by_text('Løsningstid i support (timer)')).to_be_visible()
    screen.screenshot(path=artifacts / 'screen-goals.png')

    panel.get_by_test_id('view-wall').click()
    expect(screen.get_by_test_id('wall')).to_be_visible()
    check_the_phone_form_has_large_targets(phones[0])
    fonts: list[str] = []  # the calendar button draws its icon itself: no 128 KB icon font for a room that pledges
    phones[0].on('request', lambda request: fonts.append(request.url) if '.woff' in request.url else None)
    pledge(phones[0], 'Ringe tre kunder før fredag <b>uten</b> å vente', '1. Kundetillit', 'Med navnet mitt')
    expect(screen.get_by_test_id('wall-cards')).to_contain_text('Ringe tre kunder før fredag <b>uten</b> å vente')
    expect(screen.get_by_test_id('wall-cards')).to_contain_text('Kari')
    pledge(phones[1], 'Lukke tre gamle supportsaker', '2. Kvalitet kunden merker', 'Uten navn')
    expect(screen.get_by_test_id('wall-cards')).to_contain_text('Anonym')
    pledge(phones[2], '=Dele margintall med teamet', '3. Sunn margin', 'Ikke på veggen')
    expect(screen.get_by_test_id('wall-total')).to_have_text('3 løfter')
    expect(screen.get_by_test_id('wall-count-margin')).to_have_text('1')
    expect(screen.get_by_test_id('wall-cards')).not_to_contain_text('Dele margintall')
    expect(screen.locator('.wall__cloud img')).to_have_attribute('src', re.compile(r'^data:image/png;base64,'))
    phones[0].screenshot(path=artifacts / 'phone-pledge.png', full_page=True)
    screen.wait_for_timeout(400)  # let the arrival motion settle for the picture
    screen.screenshot(path=artifacts / 'screen-wall.png')

    # a second pledge from the same phone updates the first
    pledge(phones[1], 'Lukke fem gamle supportsaker', '2. Kvalitet kunden merker', 'Uten navn')
    expect(screen.get_by_test_id('wall-cards')).to_contain_text('Lukke fem gamle supportsaker')
    expect(screen.get_by_test_id('wall-total')).to_have_text('3 løfter')

    box = phones[0].get_by_test_id('pledge-calendar').bounding_box()
    assert box is not None and box['height'] >= 48
    with phones[0].expect_download() as download_info:
        phones[0].get_by_test_id('pledge-calendar').click()
    pledge_ics = icalendar.Calendar.from_ical(Path(download_info.value.path()).read_bytes())
    event = pledge_ics.walk('VEVENT')[0]
    assert str(event['SUMMARY']) == 'Mitt løfte: Ringe tre kunder før fredag <b>uten</b> å vente'
    assert event.decoded('DTSTART').isoformat() == '2027-01-17T16:00:00+01:00'

    panel.get_by_test_id('close-event').click()
    panel.get_by_test_id('confirm-close-event').click()
    expect(panel.get_by_test_id('pledge-feedback')).to_have_text('Arrangementet er avsluttet.')
    expect(phones[0].get_by_test_id('pledge-own')).to_have_text('Ringe tre kunder før fredag <b>uten</b> å vente')
    expect(phones[0].get_by_test_id('pledge-save')).to_have_count(0)
    expect(phones[0].get_by_test_id('pledge-calendar')).to_be_visible()
    phones[0].screenshot(path=artifacts / 'phone-pledge-closed.png', full_page=True)
    assert fonts == []

    with panel.expect_download() as download_info:
        panel.get_by_test_id('export-download').click()
    archive = zipfile.ZipFile(download_info.value.path())
    files = {Path(name).name: archive.read(name) for name in archive.namelist()}
    assert set(files) >= {'followup.json', 'pledges.csv', 'followup.ics', 'report.html', 'report.md'}
    doc = json.loads(files['followup.json'])
    jsonschema.Draft202012Validator(SCHEMA).validate(doc)
    assert doc['event']['attendance'] == 3
    assert sorted(p['text'] for p in doc['pledges']['items']) == [
        '=Dele margintall med teamet',
        'Lukke fem gamle supportsaker',
        'Ringe tre kunder før fredag <b>uten</b> å vente',
    ]
    rows = list(csv.reader(io.StringIO(files['pledges.csv'].decode('utf-8-sig')), delimiter=';'))
    assert "'=Dele margintall med teamet" in [row[1] for row in rows]
    assert '&lt;b&gt;uten&lt;/b&gt;' in files['report.html'].decode()
    assert len(icalendar.Calendar.from_ical(files['followup.ics']).walk('VEVENT')) == 3 + 4
