"""The day end to end in real headless Chromium: facilitator, big screen and phones against `eventapp run`."""

from __future__ import annotations

import re
from pathlib import Path

import zxingcpp
from PIL import Image
from playwright.sync_api import Page, expect

from .conftest import EventServer
from .helpers import join, seconds

FIRST = 'Velkommen – derfor er vi her i dag'
SECOND = 'Kunden som nesten gikk'


def test_facilitator_drives_the_screen_and_three_phones_live(
    server: EventServer, desktop, phone_context, artifacts: Path
) -> None:
    screen = desktop(1920, 1080).new_page()
    screen.goto(server.screen_url)
    expect(screen.get_by_text('Velkommen! Skann koden og bli med.')).to_be_visible()
    expect(screen.get_by_test_id('joined')).to_have_text('0 med på mobilen')

    # a phone camera sees the big screen: the QR code on it decodes to the join link
    shot = artifacts / 'screen-welcome.png'
    screen.screenshot(path=shot)
    decoded = [result.text for result in zxingcpp.read_barcodes(Image.open(shot))]
    assert decoded == [server.join_url()]
    assert decoded[0].startswith(server.base + '/j/')

    phones = [phone_context().new_page() for _ in range(3)]
    for phone, (name, department) in zip(phones, [('Kari', 'Salg'), ('Øyvind', 'Drift'), ('Åse', 'HR')], strict=True):
        join(phone, decoded[0], name, department)
        expect(phone.get_by_text('Vi starter kl. 09.00. Følg med her.')).to_be_visible()
    expect(screen.get_by_test_id('joined')).to_have_text('3 med på mobilen')

    panel = desktop(1440, 900).new_page()
    panel.goto(server.facilitator_url)
    expect(panel.get_by_test_id('joined')).to_have_text('3 med på mobilen')
    panel.get_by_test_id('primary').click()
    expect(panel.get_by_test_id('feedback')).to_have_text('Dagen er i gang!')
    expect(screen.get_by_test_id('session-title')).to_have_text(FIRST)
    expect(screen.get_by_test_id('countdown')).to_contain_text(re.compile(r'1[45]:\d\d'))
    for phone in phones:
        expect(phone.get_by_test_id('session-title')).to_have_text(FIRST)
        expect(phone.get_by_test_id('countdown')).to_contain_text(re.compile(r'1[45]:\d\d'))

    panel.get_by_test_id('primary').click()
    expect(screen.get_by_test_id('session-title')).to_have_text(SECOND)
    for phone in phones:
        expect(phone.get_by_test_id('session-title')).to_have_text(SECOND)

    panel.get_by_test_id('pause').click()
    expect(screen.get_by_test_id('countdown')).to_contain_text('Pause')
    expect(phones[0].get_by_test_id('countdown')).to_contain_text('Pause')
    panel.get_by_test_id('pause').click()
    expect(screen.get_by_test_id('countdown')).not_to_contain_text('Pause')

    panel.keyboard.press('PageDown')  # a presenter clicker
    expect(screen.get_by_test_id('session-title')).to_have_text('Tre mål for 2027')
    panel.keyboard.press('PageUp')
    expect(screen.get_by_test_id('session-title')).to_have_text(SECOND)

    screen.screenshot(path=artifacts / 'screen-session.png')
    panel.screenshot(path=artifacts / 'panel.png', full_page=True)
    phones[1].screenshot(path=artifacts / 'phone-now.png')


def test_killed_server_restarts_into_the_same_session_with_the_countdown_running(
    server: EventServer, desktop, phone_context, artifacts: Path
) -> None:
    phone = phone_context().new_page()
    join(phone, server.join_url(), 'Kari', 'Salg')
    panel = desktop(1440, 900).new_page()
    panel.goto(server.facilitator_url)
    panel.get_by_test_id('primary').click()
    panel.get_by_test_id('primary').click()
    expect(phone.get_by_test_id('session-title')).to_have_text(SECOND)
    screen = desktop(1920, 1080).new_page()
    screen.goto(server.screen_url)
    expect(screen.get_by_test_id('session-title')).to_have_text(SECOND)
    before = seconds(screen.get_by_test_id('countdown').inner_text())

    server.kill()
    server.start()

    # the state survived: a freshly opened big screen shows the same session, the countdown a little further on
    fresh = desktop(1920, 1080).new_page()
    fresh.goto(server.screen_url)
    expect(fresh.get_by_test_id('session-title')).to_have_text(SECOND)
    expect(fresh.get_by_test_id('joined')).to_have_text('1 med på mobilen')
    after = seconds(fresh.get_by_test_id('countdown').inner_text())
    assert before - 60 < after <= before, (before, after)
    shown = fresh.get_by_test_id('countdown').inner_text()
    expect(fresh.get_by_test_id('countdown')).not_to_have_text(shown)  # and it keeps ticking

    # the pages already open come back by themselves (nobody touches the phone) and follow live again
    panel.goto(server.facilitator_url)
    expect(panel.get_by_test_id('current-title')).to_have_text(SECOND)
    panel.get_by_test_id('primary').click()
    expect(phone.get_by_test_id('session-title')).to_have_text('Tre mål for 2027', timeout=30_000)
    expect(phone.get_by_test_id('greeting')).to_have_text('Hei, Kari!')
    expect(screen.get_by_test_id('session-title')).to_have_text('Tre mål for 2027', timeout=30_000)
    phone.screenshot(path=artifacts / 'phone-after-restart.png')


def test_wrong_secret_shows_no_data(server: EventServer, page: Page) -> None:
    page.goto(f'{server.base}/facilitator?k=guess')
    expect(page.get_by_test_id('refused')).to_be_visible()
    expect(page.get_by_text('Kjøreplan')).to_have_count(0)
    page.goto(f'{server.base}/screen?k=guess')
    expect(page.get_by_test_id('refused')).to_be_visible()
    expect(page.get_by_test_id('join-qr')).to_have_count(0)


def test_countdown_turns_amber_near_the_end_and_red_with_a_word_when_over(
    server: EventServer, desktop, artifacts: Path
) -> None:
    screen = desktop(1920, 1080).new_page()
    screen.clock.install()  # the countdown ticks in the browser: move the browser's clock, not the server's
    screen.goto(server.screen_url)
    panel = desktop(1440, 900).new_page()
    panel.goto(server.facilitator_url)
    panel.get_by_test_id('primary').click()
    countdown = screen.get_by_test_id('countdown')
    expect(countdown).to_contain_text(re.compile(r'^1[45]:\d\d$'))
    expect(countdown).to_have_class(re.compile(r'countdown--ok'))

    screen.clock.fast_forward('13:30')  # 15-minute session: 1:30 left
    expect(countdown).to_contain_text('Snart tid')
    expect(countdown).to_have_class(re.compile(r'countdown--soon'))

    screen.clock.fast_forward('02:00')  # 30 s over
    expect(countdown).to_contain_text(re.compile(r'\+00:[23]\d'))
    expect(countdown).to_contain_text('Over tid')
    expect(countdown).to_have_class(re.compile(r'countdown--over'))
    screen.screenshot(path=artifacts / 'screen-over-time.png')
