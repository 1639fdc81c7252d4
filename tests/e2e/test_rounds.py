"""Table rounds end to end in headless Chromium: twelve phones, two rounds from the agenda, a late arrival."""

from __future__ import annotations

import re
import time
from pathlib import Path

from playwright.sync_api import Page, expect

from .conftest import EventServer
from .helpers import join

PEOPLE = [
    ('Kari', 'Salg'),
    ('Ola', 'Salg'),
    ('Per', 'Kundeservice'),
    ('Åse', 'Kundeservice'),
    ('Nils', 'Drift'),
    ('Ingrid', 'Drift'),
    ('Lars', 'Økonomi'),
    ('Sigrid', 'Økonomi'),
    ('Jonas', 'Produkt'),
    ('Maja', 'Produkt'),
    ('Emil', 'HR'),
    ('Nora', 'Ledelse'),
]
ROLES = {'Tidtaker', 'Sekretær', 'Presentatør', 'Utfordrer'}


def seat(phone: Page) -> tuple[int, set[str]]:
    """The table number and the table mates a phone shows."""
    table = phone.get_by_test_id('table').inner_text()
    mates = phone.get_by_test_id('mates').inner_text().removeprefix('Ved bordet: ')
    return int(table.removeprefix('Bord ')), set(re.split(r', | og ', mates))


def test_twelve_phones_two_rounds_and_a_late_arrival(
    server: EventServer, desktop, phone_context, artifacts: Path
) -> None:
    url = server.join_url()
    phones = [phone_context().new_page() for _ in PEOPLE]
    for phone, (name, department) in zip(phones, PEOPLE, strict=True):
        join(phone, url, name, department)
    screen = desktop(1920, 1080).new_page()
    screen.goto(server.screen_url)
    panel = desktop(1440, 900).new_page()
    panel.goto(server.facilitator_url)
    expect(panel.get_by_test_id('rounds-status')).to_have_text('Ingen bordrunde ennå · 12 til stede')

    # the customer-case session starts a new table round by itself
    started = time.perf_counter()
    panel.get_by_test_id('jump-ovelse-kundecase').click()
    for phone in phones:
        expect(phone.get_by_test_id('table')).to_have_text(re.compile(r'^Bord [123]$'))
    shown = time.perf_counter() - started
    expect(panel.get_by_test_id('rounds-status')).to_have_text('Runde 1 av 4 · 12 til stede')
    first = {name: seat(phone) for phone, (name, _) in zip(phones, PEOPLE, strict=True)}
    first_text = {
        name: phone.get_by_test_id('mates').inner_text() for phone, (name, _) in zip(phones, PEOPLE, strict=True)
    }
    for name, (table, mates) in first.items():
        assert len(mates) == 3 and name not in mates
        assert all(first[mate][0] == table for mate in mates)  # the mates say the same table
    for phone in phones:
        expect(phone.get_by_test_id('role')).to_have_text(re.compile('|'.join(ROLES)))
    expect(phones[0].get_by_test_id('exercise-title')).to_have_text('Kundecase ved bordet')
    number = phones[0].get_by_test_id('table').bounding_box()
    assert number is not None and number['height'] >= 96  # "Bord 7" readable at arm's length by the table mates
    print(f'\nround 1: plan and show on 12 phones: {shown:.2f} s')

    panel.get_by_test_id('view-tables').click()
    expect(screen.get_by_test_id('tables-heading')).to_have_text('Bordkart · runde 1')
    expect(screen.get_by_test_id('tables')).to_contain_text('Kari')
    screen.screenshot(path=artifacts / 'rounds-screen-tables.png')
    phones[0].screenshot(path=artifacts / 'rounds-phone-table.png')
    panel.get_by_test_id('view-exercise').click()
    expect(screen.get_by_test_id('exercise-step')).to_contain_text('Steg 1 av')
    screen.screenshot(path=artifacts / 'rounds-screen-exercise.png')

    # the role-play session: a second round. Three tables of four drawn from three tables of four always hold one
    # pair who sat together (pigeonhole), so the best possible is three such pairs in the room: everyone else new
    panel.get_by_test_id('jump-ovelse-rollespill').click()
    expect(panel.get_by_test_id('rounds-status')).to_have_text('Runde 2 av 4 · 12 til stede')
    again = 0
    for phone, (name, _) in zip(phones, PEOPLE, strict=True):
        expect(phone.get_by_test_id('mates')).not_to_have_text(first_text[name])  # round 2 reached this phone
        table, mates = seat(phone)
        assert len(mates) == 3 and len(mates - first[name][1]) >= 2, (name, mates, first[name][1])
        again += len(mates & first[name][1])
    assert again // 2 == 3
    second = {name: seat(phone) for phone, (name, _) in zip(phones, PEOPLE, strict=True)}

    # a late arrival joins during the round: seated at a table with room, nobody else moves
    late = phone_context().new_page()
    join(late, url, 'Tiril', 'HR')
    expect(late.get_by_test_id('table')).to_have_text(re.compile(r'^Bord [123]$'))
    table, mates = seat(late)
    assert len(mates) == 4
    expect(late.get_by_test_id('role')).to_have_text('Fri rolle')  # four roles go round; the fifth joins in freely
    for phone, (name, _) in zip(phones, PEOPLE, strict=True):
        if name in mates:
            expect(phone.get_by_test_id('mates')).to_contain_text('Tiril')
        assert seat(phone)[0] == second[name][0], name
    expect(panel.get_by_test_id('rounds-status')).to_have_text('Runde 2 av 4 · 13 til stede')
    late.screenshot(path=artifacts / 'rounds-phone-late.png')
    panel.screenshot(path=artifacts / 'rounds-panel.png', full_page=True)
