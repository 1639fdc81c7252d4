"""Joining on a real phone browser: the event code, then first name and department, answered by the server."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Page, expect

from .conftest import EventServer

DEPARTMENTS = ['Salg', 'Kundeservice', 'Drift', 'Økonomi', 'Produkt', 'HR', 'Ledelse']
"""The kickoff agenda's departments, in its order."""


def test_a_phone_types_the_code_then_joins_with_the_native_department_list(
    server: EventServer, phone_context, artifacts: Path
) -> None:
    phone = phone_context().new_page()
    phone.goto(server.base + '/')
    expect(phone.get_by_text('Skriv inn koden fra storskjermen')).to_be_visible()
    code = phone.get_by_test_id('code-input')
    expect(code).to_have_attribute('autocomplete', 'off')
    expect(code).to_have_attribute('autocapitalize', 'characters')
    thumb_sized(phone, 'code-input', 'code-submit', 'switch-language')

    code.fill('WRONG')
    phone.get_by_test_id('code-submit').click()
    expect(phone.get_by_test_id('join-error')).to_have_text('Koden stemmer ikke. Sjekk storskjermen og prøv igjen.')
    expect(code).to_have_value('WRONG')  # nothing typed is lost
    phone.screenshot(path=artifacts / 'phone-code.png')

    code.fill(server.join_url().rsplit('/', 1)[1].lower())
    code.press('Enter')  # the phone keyboard's Go key
    expect(phone.get_by_text('Navn er valgfritt. Avdeling hjelper oss å sette sammen bordene.')).to_be_visible()
    expect(phone.get_by_test_id('join-error')).to_have_text('')
    name = phone.get_by_test_id('name-input')
    expect(name).to_have_attribute('autocomplete', 'given-name')
    expect(name).to_have_attribute('maxlength', '40')
    department = phone.get_by_test_id('department-select')
    expect(department.locator('option:not([hidden])')).to_have_text(DEPARTMENTS)
    thumb_sized(phone, 'name-input', 'department-select', 'join-submit')
    phone.screenshot(path=artifacts / 'phone-join.png')

    name.fill('Åse')
    department.select_option(label='Kundeservice')
    phone.get_by_test_id('join-submit').click()
    expect(phone.get_by_test_id('greeting')).to_have_text('Hei, Åse!')
    expect(phone.get_by_text('Vi starter kl. 09.00. Følg med her.')).to_be_visible()
    expect(phone.get_by_test_id('session-title')).to_have_count(0)  # nothing runs yet
    phone.reload()  # the browser stays joined
    expect(phone.get_by_test_id('greeting')).to_have_text('Hei, Åse!')
    phone.screenshot(path=artifacts / 'phone-joined.png')


def test_the_join_form_answers_in_english_and_keeps_an_optional_name(server: EventServer, phone_context) -> None:
    phone = phone_context().new_page()
    phone.goto(server.join_url())
    phone.get_by_test_id('switch-language').click()
    expect(phone.get_by_text('Join', exact=True).first).to_be_visible()
    expect(phone).to_have_url(re.compile(r'\?lang=en$'))
    phone.get_by_test_id('join-submit').click()  # no name, no department: both are optional
    expect(phone.get_by_test_id('greeting')).to_have_text('Hi, and welcome!')
    expect(phone.get_by_text('We start at 09:00. Follow along here.')).to_be_visible()


def thumb_sized(phone: Page, *testids: str) -> None:
    for testid in testids:
        box = phone.get_by_test_id(testid).bounding_box()
        assert box is not None and box['height'] >= 48, (testid, box)
