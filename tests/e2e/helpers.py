"""Steps a person takes, shared by the browser tests."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect


def join(phone: Page, url: str, name: str, department: str) -> None:
    phone.goto(url)
    phone.get_by_test_id('name-input').fill(name)
    phone.get_by_test_id('department-select').select_option(label=department)  # the phone's own picker
    phone.get_by_test_id('join-submit').click()
    expect(phone.get_by_test_id('greeting')).to_have_text(f'Hei, {name}!')


def seconds(countdown_text: str) -> int:
    minutes, secs = re.search(r'(\d+):(\d\d)', countdown_text).groups()
    return int(minutes) * 60 + int(secs)
