"""The pulse end to end in headless Chromium: five phones answer while the big screen shows participation, then the
reveal with bars and a word cloud, and the energy curve across three sessions. Screenshots go to artifacts/."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Page, expect

from .conftest import EventServer
from .helpers import join

SESSIONS = ('Velkommen – derfor er vi her i dag', 'Kunden som nesten gikk', 'Tre mål for 2027')
PEOPLE = [('Kari', 'Salg'), ('Øyvind', 'Drift'), ('Åse', 'HR'), ('Lars', 'Produkt'), ('Mia', 'Økonomi')]
WORDS = ['Inspirerende', 'inspirerende', 'Tydelig', 'Lærerikt', 'Blåbær']


def answer(phone: Page, energy: int, safety: int, word: str) -> None:
    """Five taps and a word with the thumb; 'saved' only once the server has it."""
    form = phone.get_by_test_id('pulse-form')
    expect(form).to_be_visible()
    for statement, value in (('energy', energy), ('relevance', 4), ('learning', 4), ('safety', safety)):
        form.get_by_test_id(f'scale-{statement}').get_by_role('button', name=str(value), exact=True).click()
    phone.get_by_test_id('pulse-word').fill(word)
    phone.get_by_test_id('pulse-send').click()
    expect(phone.get_by_test_id('pulse-status')).to_have_text('Lagret. Du kan endre til pulsen stenger.')


def check_the_phone_form_fits_one_screen(phone: Page, artifacts: Path) -> None:
    """Every statement and Send visible at once on a 390x664 phone, every target at least 48 px."""
    expect(phone.get_by_test_id('pulse-form')).to_be_visible()
    expect(phone.get_by_test_id('now')).to_be_hidden()  # while the pulse is open, the phone shows only the form
    assert phone.evaluate('document.scrollingElement.scrollHeight <= window.innerHeight + 1')
    send = phone.get_by_test_id('pulse-send').bounding_box()
    assert send['y'] + send['height'] <= 664 and send['height'] >= 48
    for box in [b.bounding_box() for b in phone.get_by_test_id('scale-safety').get_by_role('button').all()]:
        assert box['height'] >= 48 and box['width'] >= 48
    phone.screenshot(path=artifacts / 'phone-pulse.png')


def check_a_change_is_not_saved_until_send(phone: Page) -> None:
    """A tap after 'Saved' takes 'Saved' away (the change is not stored yet); Send brings it back from the server."""
    status, scale = phone.get_by_test_id('pulse-status'), phone.get_by_test_id('scale-energy')
    pressed = scale.locator('button[aria-pressed=true]').inner_text()
    scale.get_by_role('button', name='1', exact=True).click()
    expect(status).to_have_text('')
    scale.get_by_role('button', name=pressed, exact=True).click()  # back to the answer it had
    phone.get_by_test_id('pulse-send').click()
    expect(status).to_have_text('Lagret. Du kan endre til pulsen stenger.')
    expect(phone.get_by_test_id('pulse-send')).to_have_text('Endre svar')


def run_pulse(panel: Page, screen: Page, phones: list[Page], energies: tuple[int, ...], artifacts: Path | None) -> None:
    expect(screen.get_by_test_id('pulse-answered')).to_have_text('0 av 5')
    for i, (phone, energy) in enumerate(zip(phones, energies, strict=True)):
        answer(phone, energy, 4 if i else 3, WORDS[i])
        if artifacts and i == 0:
            check_a_change_is_not_saved_until_send(phone)
        expect(screen.get_by_test_id('pulse-answered')).to_have_text(f'{i + 1} av 5')
        expect(screen.get_by_test_id('pulse-results')).to_have_count(0)  # no results while open
        if artifacts and i == 2:
            screen.screenshot(path=artifacts / 'screen-pulse-open.png')
    panel.get_by_test_id('pulse-close').click()
    for phone in phones:
        expect(phone.get_by_test_id('pulse-note')).to_contain_text('er stengt. Takk!')
        expect(phone.get_by_test_id('pulse-send')).to_have_count(0)  # the form gives way to the note
        expect(phone.get_by_test_id('now')).to_be_visible()  # and the phone shows the session again
    if artifacts:
        phones[0].screenshot(path=artifacts / 'phone-pulse-closed.png', full_page=True)
    panel.get_by_test_id('pulse-reveal').click()
    expect(screen.get_by_test_id('pulse-results')).to_be_visible()
    for phone in phones:
        expect(phone.get_by_test_id('pulse-note')).to_have_count(0)  # nothing of the pulse once results are out


def test_five_phones_answer_then_reveal_and_the_energy_curve(
    server: EventServer, desktop, phone_context, artifacts: Path
) -> None:
    screen = desktop(1920, 1080).new_page()
    screen.goto(server.screen_url)
    phones = [phone_context().new_page() for _ in PEOPLE]
    for phone, (name, department) in zip(phones, PEOPLE, strict=True):
        join(phone, server.join_url(), name, department)
    panel = desktop(1440, 900).new_page()
    panel.goto(server.facilitator_url)
    panel.get_by_test_id('primary').click()
    expect(screen.get_by_test_id('session-title')).to_have_text(SESSIONS[0])
    panel.get_by_test_id('view-pulse').click()
    expect(screen.get_by_test_id('pulse-screen')).to_be_visible()

    for index, energies in enumerate(((4, 4, 5, 3, 4), (4, 4, 4, 4, 4), (3, 3, 2, 3, 4))):
        if index:
            panel.get_by_test_id('primary').click()
        expect(panel.get_by_test_id('pulse-open')).to_contain_text(SESSIONS[index])
        panel.get_by_test_id('pulse-open').click()
        expect(panel.get_by_test_id('pulse-feedback')).to_have_text('Pulsen er åpen på mobilene.')
        if index == 0:
            check_the_phone_form_fits_one_screen(phones[0], artifacts)
        run_pulse(panel, screen, phones, energies, artifacts if index == 1 else None)
    results = screen.get_by_test_id('pulse-results')
    expect(results).to_contain_text('Snitt')
    expect(results).to_contain_text('3,0')  # energy in the third session
    expect(results).to_contain_text(re.compile(r'−1,0 ▼'))  # down from 4,0
    expect(panel.get_by_test_id('pulse-open')).to_be_disabled()  # this session had its pulse
    cloud = screen.locator('.pulse__cloud img')
    expect(cloud).to_be_visible(timeout=15_000)
    assert screen.evaluate("document.querySelector('.pulse__cloud img').naturalWidth") > 0
    screen.screenshot(path=artifacts / 'screen-pulse-revealed.png')

    panel.get_by_test_id('view-energy').click()
    energy = screen.get_by_test_id('energy-screen')
    expect(energy).to_be_visible()
    expect(energy.locator('.energy__dot')).to_have_count(3)
    expect(energy).to_contain_text('4,0')
    expect(energy).to_contain_text('3,0')
    expect(energy).to_contain_text('Vendepunkt')
    screen.screenshot(path=artifacts / 'screen-energy.png')
    expect(panel.get_by_test_id('safety-flags')).to_contain_text('Ingen varsler')
    panel.screenshot(path=artifacts / 'panel-pulse.png', full_page=True)
