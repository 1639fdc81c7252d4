"""Anonymous questions in real Chromium against `eventapp run`: phones ask and vote, the big screen re-orders live,
the facilitator moderates, hostile text stays text, and nothing stored tells who asked what."""

from __future__ import annotations

import base64
import json
import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from eventapp.domain.questions import digest

from .conftest import EventServer
from .helpers import join

PEOPLE = [('Kari', 'Salg'), ('Øyvind', 'Drift'), ('Åse', 'HR')]
SCOPE = 'kickoff-2027'


@pytest.fixture
def roomy_server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[EventServer]:
    """A server that lets one phone send many questions a minute (the payload test sends 35 from one phone)."""
    monkeypatch.setenv('EVENTAPP_QUESTIONS_PER_MINUTE', '100')
    server = EventServer(tmp_path)
    server.start()
    yield server
    server.stop()


def guard(page: Page) -> list[str]:
    """Every dialog a page opens (alert, confirm, prompt) is recorded and dismissed: no payload may open one."""
    opened: list[str] = []

    def record(dialog) -> None:
        opened.append(dialog.message)
        dialog.dismiss()

    page.on('dialog', record)
    return opened


def ask(phone: Page, text: str) -> None:
    phone.get_by_test_id('q-input').fill(text)
    phone.get_by_test_id('q-send').click()
    expect(phone.get_by_test_id('q-status')).to_contain_text('Sendt!')
    expect(phone.get_by_test_id('q-input')).to_have_value('')


def screen_order(screen: Page, texts: list[str]) -> None:
    """Wait until the big screen shows these questions top to bottom (rows move by transform, so: by position)."""
    screen.wait_for_function(
        """(texts) => {
            const rows = [...document.querySelectorAll('[data-testid=q-row]')]
                .map((row) => [row.getBoundingClientRect().top,
                               row.querySelector('[data-testid=q-row-text]').textContent])
                .sort((a, b) => a[0] - b[0]).map((pair) => pair[1]);
            return JSON.stringify(rows) === JSON.stringify(texts);
        }""",
        arg=texts,
        timeout=5_000,
    )


def open_panel_and_screen(server: EventServer, desktop) -> tuple[Page, Page]:
    screen = desktop(1920, 1080).new_page()
    screen.goto(server.screen_url)
    panel = desktop(1440, 900).new_page()
    panel.goto(server.facilitator_url)
    panel.get_by_test_id('view-questions').click()
    expect(screen.get_by_text('Spørsmål fra salen')).to_be_visible()
    return screen, panel


def test_three_phones_ask_and_vote_while_the_big_screen_reorders(
    server: EventServer, desktop, phone_context, artifacts: Path
) -> None:
    screen, panel = open_panel_and_screen(server, desktop)
    phones = [phone_context().new_page() for _ in PEOPLE]
    for phone, (name, department) in zip(phones, PEOPLE, strict=True):
        join(phone, server.join_url(), name, department)
    kari, oyvind, ase = phones
    first, second, third = (
        'Hvorfor flytter vi kontoret?',
        'Blir det bonus i år? 🎉',
        'Hva betyr målene for oss på Drift?',
    )
    ask(kari, first)
    ask(oyvind, second)
    ask(ase, third)
    screen_order(screen, [third, second, first])  # equal votes: newest first
    expect(screen.get_by_test_id('q-screen-counts')).to_have_text('3 spørsmål')
    expect(kari.get_by_test_id('q-mine')).to_contain_text(first)
    expect(kari.get_by_test_id('q-mine')).not_to_contain_text(second)  # each phone lists only its own

    phone_order(oyvind, [third, second, first])
    row_button(oyvind, first).click()
    expect(row_button(oyvind, first)).to_have_attribute('aria-pressed', 'true')
    screen_order(screen, [first, third, second])
    phone_order(ase, [first, third, second])  # a phone's list follows within about a second
    row_button(ase, first).click()
    expect(row_button(ase, first)).to_have_attribute('aria-pressed', 'true')
    expect(screen.get_by_test_id('q-row-votes').first).to_have_text('2')
    row_button(ase, second).click()
    screen_order(screen, [first, second, third])

    # a scripted flood from one phone: 21 taps in one go on a list that does not move (newest first) count once
    kari.get_by_test_id('q-sort').get_by_text('Nyeste').click()
    flooded = row_button(kari, third)
    expect(flooded).to_have_text('▲ 0')
    flooded.evaluate('(button) => { for (let i = 0; i < 21; i++) button.click(); }')
    kari.reload()  # what the server holds once every tap is handled
    kari.get_by_test_id('q-sort').get_by_text('Nyeste').click()
    expect(row_button(kari, third)).to_have_text(re.compile(r'▲ [01]'))
    assert stored_votes(server, third) <= 1
    expect(panel.get_by_test_id('q-counts')).to_have_text('Venter 0 · Synlige 3 · Skjult 0 · Besvart 0')

    panel.get_by_test_id('q-screen-1').click()
    expect(screen.get_by_test_id('q-highlight')).to_have_text(first)
    for target in (kari.get_by_test_id('q-send'), kari.get_by_test_id('q-sort').get_by_role('button'), flooded):
        assert all(box['height'] >= 48 for box in (t.bounding_box() for t in target.all()))  # thumb-sized
    kari.screenshot(path=artifacts / 'questions-phone.png', full_page=True)
    screen.screenshot(path=artifacts / 'questions-screen.png')
    panel.screenshot(path=artifacts / 'questions-panel.png', full_page=True)

    # hiding leaves every screen at once
    panel.get_by_test_id('q-hide-2').click()
    panel.get_by_test_id('q-hide-confirm').click()
    expect(screen.get_by_text(second)).to_have_count(0, timeout=1_000)
    expect(ase.get_by_test_id('q-list').get_by_text(second)).to_have_count(0, timeout=1_000)
    expect(screen.get_by_test_id('q-screen-counts')).to_have_text('2 spørsmål · 1 skjult av ordstyrer')
    expect(oyvind.get_by_test_id('q-mine')).to_contain_text('Skjult av ordstyrer')


def test_the_counter_warns_and_a_refused_question_stays_in_the_box(server: EventServer, phone_context) -> None:
    phone = phone_context().new_page()
    join(phone, server.join_url(), 'Kari', 'Salg')
    box, counter, status = (phone.get_by_test_id(t) for t in ('q-input', 'q-counter', 'q-status'))
    box.fill('Hvorfor flytter vi  kontoret?')
    expect(counter).to_have_text('28/280')  # counted as the server will store it: the double space is one
    too_long = 'x' * 281
    box.fill(too_long)  # typing past the limit is not blocked, the counter warns
    expect(counter).to_have_text('281/280')
    expect(counter).to_have_class(re.compile(r'q-counter--over'))
    phone.get_by_test_id('q-send').click()
    expect(status).to_have_text('Litt for langt: høyst 280 tegn.')
    expect(status).to_have_class(re.compile(r'q-status--problem'))
    expect(box).to_have_value(too_long)  # nothing typed is lost
    expect(phone.get_by_test_id('q-mine')).to_have_count(0)
    box.fill('Kort og godt?')
    expect(counter).not_to_have_class(re.compile(r'q-counter--over'))
    phone.get_by_test_id('q-send').click()
    expect(status).to_have_text('Sendt! Takk for spørsmålet.')
    expect(status).not_to_have_class(re.compile(r'q-status--problem'))
    expect(box).to_have_value('')
    expect(counter).to_have_text('0/280')
    expect(phone.get_by_test_id('q-mine')).to_contain_text('Kort og godt?')
    expect(phone.get_by_test_id('q-list')).to_contain_text('Kort og godt?')


def phone_order(phone: Page, texts: list[str]) -> None:
    """Wait until the phone lists these questions in this order (so a tap lands on a list that has settled)."""
    phone.wait_for_function(
        """(texts) => JSON.stringify([...document.querySelectorAll('.q-item__text')]
            .filter((label) => label.offsetParent !== null).map((label) => label.textContent))
            === JSON.stringify(texts)""",
        arg=texts,
        timeout=5_000,
    )


def row_button(phone: Page, text: str):
    """The vote button next to a question in the phone's list (the list is a grid: text, button, text, button)."""
    return phone.get_by_test_id('q-list').get_by_text(text, exact=True).locator('xpath=following-sibling::*[1]')


def test_approval_mode_holds_a_question_until_approved(server: EventServer, desktop, phone_context) -> None:
    screen, panel = open_panel_and_screen(server, desktop)
    asker, other = phone_context().new_page(), phone_context().new_page()
    join(asker, server.join_url(), 'Kari', 'Salg')
    join(other, server.join_url(), 'Ola', 'Drift')
    panel.get_by_test_id('q-mode').get_by_text('Godkjennes først').click()
    expect(panel.get_by_test_id('q-feedback')).to_have_text('Nye spørsmål venter på godkjenning.')
    held = 'Kan vi snakke om lønnsoppgjøret?'
    asker.get_by_test_id('q-input').fill(held)
    asker.get_by_test_id('q-send').click()
    expect(asker.get_by_test_id('q-status')).to_have_text('Sendt! Det vises når ordstyrer har sett på det.')
    expect(asker.get_by_test_id('q-mine')).to_contain_text('Venter på godkjenning')
    expect(panel.get_by_test_id('q-counts')).to_have_text('Venter 1 · Synlige 0 · Skjult 0 · Besvart 0')
    expect(screen.get_by_text(held)).to_have_count(0)
    expect(other.get_by_text(held)).to_have_count(0)

    asker.reload()  # the phone's own list lives in its browser storage and survives a reload
    expect(asker.get_by_test_id('q-mine')).to_contain_text(held)

    panel.get_by_test_id('q-approve-1').click()
    expect(screen.get_by_test_id('q-board')).to_contain_text(held)
    expect(other.get_by_test_id('q-list')).to_contain_text(held)
    expect(asker.get_by_test_id('q-mine')).to_contain_text('Synlig for alle')


PAYLOADS = [
    "<script>alert('xss1')</script>",
    "<img src=x onerror=alert('xss2')>",
    "<svg onload=alert('xss3')>",
    '<iframe src="javascript:alert(4)"></iframe>',
    "{{ alert('xss5') }}",
    "{{ constructor.constructor('alert(6)')() }}",
    "[klikk meg](javascript:alert('xss7'))",
    '<a href="javascript:alert(8)">lenke</a>',
    '"><script>alert(9)</script>',
    "'><img src=x onerror=alert(10)>",
    '<body onload=alert(11)>',
    '<div v-html="\'<img src=x onerror=alert(12)>\'"></div>',
    '<b onmouseover=alert(13)>fet</b>',
    'javascript:alert(14)',
    '<math><mi xlink:href="javascript:alert(15)">x</mi></math>',
    '<details open ontoggle=alert(16)>',
    '<input autofocus onfocus=alert(17)>',
    '<style>body{display:none}</style>',
    '<marquee onstart=alert(19)>',
    '${alert(20)}',
    '<template><img src=x onerror=alert(21)></template>',
    '![bilde](x" onerror="alert(22))',
    '<object data="javascript:alert(23)">',
    '<embed src="javascript:alert(24)">',
    '<video><source onerror=alert(25)></video>',
    '<audio src=x onerror=alert(26)>',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(27)">',
    '<form><button formaction=javascript:alert(28)>X</button></form>',
    '</textarea><script>alert(29)</script>',
    '<scr<script>ipt>alert(30)</scr</script>ipt>',
    '&lt;script&gt;alert(31)&lt;/script&gt;',
    '<img src=x onerror="window.xssRan=32">',
    '{{ $el.ownerDocument.defaultView.alert(33) }}',
    '<select onfocus=alert(34) autofocus>',
    '**fet** _kursiv_ [lenke](https://example.com) ' + 'Ø' * 200 + ' 🎉',
]
INJECTED = '[onerror], [onload], [onfocus], [ontoggle], [onstart], [onmouseover], iframe, object, embed, marquee, video'


def test_hostile_text_is_shown_as_text_on_phone_screen_and_panel(
    roomy_server: EventServer, desktop, phone_context, artifacts: Path
) -> None:
    server = roomy_server
    screen, panel = open_panel_and_screen(server, desktop)
    phone = phone_context().new_page()
    dialogs = [guard(page) for page in (screen, panel, phone)]
    join(phone, server.join_url(), 'Kari', 'Salg')
    phone.get_by_test_id('q-sort').get_by_text('Nyeste').click()
    assert len(PAYLOADS) >= 30
    for start in range(0, len(PAYLOADS), 5):  # five at a time: the big screen's top five are the newest five
        batch = PAYLOADS[start : start + 5]
        for payload in batch:
            ask(phone, payload)
        for payload in batch:
            expect(screen.get_by_test_id('q-board').get_by_text(payload, exact=True)).to_have_count(1)
            expect(phone.get_by_test_id('q-list').get_by_text(payload, exact=True)).to_have_count(1)
            expect(phone.get_by_test_id('q-mine').get_by_text(payload, exact=True)).to_have_count(1)
            expect(panel.get_by_test_id('q-panel-list').get_by_text(payload, exact=True)).to_have_count(1)
    expect(panel.get_by_test_id('q-counts')).to_contain_text(f'Synlige {len(PAYLOADS)}')
    for page in (screen, panel, phone):
        assert page.locator(INJECTED).count() == 0
        assert page.evaluate('window.xssRan') is None
    assert dialogs == [[], [], []]
    screen.screenshot(path=artifacts / 'questions-screen-payloads.png')
    phone.screenshot(path=artifacts / 'questions-phone-payloads.png', full_page=True)


def test_nothing_stored_or_logged_tells_who_asked_or_voted(server: EventServer, desktop, phone_context) -> None:
    screen, _ = open_panel_and_screen(server, desktop)
    phones = [phone_context().new_page() for _ in PEOPLE]
    texts = ['Spørsmål fra Kari om lønn', 'Spørsmål fra Øyvind om turnus', 'Spørsmål fra Åse om ledelsen']
    for phone, (name, department), text in zip(phones, PEOPLE, texts, strict=True):
        join(phone, server.join_url(), name, department)
        ask(phone, text)
    for phone in phones:
        phone.get_by_test_id('q-list').get_by_text(texts[0]).wait_for()
        row_button(phone, texts[0]).click()
        expect(row_button(phone, texts[0])).to_have_attribute('aria-pressed', 'true')
    expect(screen.get_by_test_id('q-row-votes').first).to_have_text('3')

    # everything that identifies a phone: its participant (= browser) id, address, user agent, and its own keys
    browser_ids = [cookie_id(phone) for phone in phones]
    secrets_on_phones = [value for phone in phones for value in local_storage(phone).values() if len(value) == 32]
    identifying = [*browser_ids, '127.0.0.1', phones[0].evaluate('navigator.userAgent'), *secrets_on_phones]
    assert len(secrets_on_phones) == 6 and all(browser_ids)

    db = next(server.data.glob('*.db'))
    tables = read_every_table(db)
    participant_ids = {row['id'] for row in tables['participants']}
    assert participant_ids == set(browser_ids)
    for table, rows in tables.items():
        for row in rows:
            values = ' '.join(str(v) for v in row.values())
            if any(text in values for text in texts) or table.startswith('question'):
                assert not [v for v in identifying if v in values], (table, row)
    assert set(tables['questions'][0]) == {'id', 'text', 'session_id', 'state', 'reason', 'votes'}

    # votes cannot be joined to participants, not even with the stored key: the token never left the phones
    key = bytes.fromhex(next(r['value'] for r in tables['question_settings'] if r['key'] == 'vote_key'))
    digests = {row['digest'] for row in tables['question_votes']}
    assert len(digests) == 3
    guesses = {digest(key, 'vote', pid, str(q['id'])) for pid in participant_ids for q in tables['questions']}
    assert not digests & guesses

    # the raw files (database, its write-ahead log, NiceGUI's storage, the server log) hold no phone key in clear,
    # and NiceGUI's storage and the log hold no question text
    raw_db = b''.join(p.read_bytes() for p in server.data.glob('*.db*'))
    for secret in secrets_on_phones:
        assert secret.encode() not in raw_db
    storage = b''.join(p.read_bytes() for p in (server.data / '.nicegui').rglob('*') if p.is_file())
    log = server.log_path.read_bytes()
    for blob in (storage, log):
        for value in [*texts, *secrets_on_phones, *browser_ids]:
            assert value.encode() not in blob


def stored_votes(server: EventServer, text: str) -> int:
    """The vote count the database holds for a question, read as another process would."""
    db = next(server.data.glob('*.db'))
    with sqlite3.connect(db) as connection:
        return connection.execute('SELECT votes FROM questions WHERE text = ?', [text]).fetchone()[0]


def cookie_id(phone: Page) -> str:
    """The browser id NiceGUI keeps in its signed session cookie (the participant id)."""
    cookie = next(c['value'] for c in phone.context.cookies() if c['name'] == 'session')
    payload = cookie.split('.')[0]
    return json.loads(base64.urlsafe_b64decode(payload + '=' * (-len(payload) % 4)))['id']


def local_storage(phone: Page) -> dict[str, str]:
    return phone.evaluate('Object.fromEntries(Object.entries(localStorage))')


def read_every_table(db: Path) -> dict[str, list[dict]]:
    """Every row of every table, as another process reads the file (WAL included)."""
    connection = sqlite3.connect(db)
    connection.row_factory = sqlite3.Row
    try:
        names = [r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {name: [dict(row) for row in connection.execute(f'SELECT * FROM "{name}"')] for name in names}
    finally:
        connection.close()
