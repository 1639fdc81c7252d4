"""A participant's phone on the real pages: join with a department, follow the agenda, answer the pulse, ask and
upvote, read its table and pledge. Each write waits for the page's own confirmation (the acknowledgement a person
sees: the greeting, "Saved", the question in their list) and is then written to the ledger."""

from __future__ import annotations

import asyncio
import base64
import json
import secrets
import time
from dataclasses import dataclass, field
from typing import Any

from eventapp.i18n import t

from .wire import Page, Wire


@dataclass
class Ledger:
    """Every write the server acknowledged to a phone: what must still be in the database after any crash."""

    joins: dict[str, str] = field(default_factory=dict)
    """participant id -> name"""
    pulses: dict[tuple[str, str], dict[str, int]] = field(default_factory=dict)
    """(session id, participant id) -> answers"""
    questions: dict[int, str] = field(default_factory=dict)
    """question id -> text"""
    votes: set[tuple[str, int]] = field(default_factory=set)
    """(participant id, question id)"""
    pledges: dict[str, str] = field(default_factory=dict)
    """participant id -> text"""
    sent_pulses: dict[tuple[str, str], list[dict[str, int]]] = field(default_factory=dict)
    """Every pulse answer sent, acknowledged or not: after a crash the row may hold a later, unacknowledged one."""
    replays: int = 0
    """Submissions sent a second time on purpose (duplicate check)."""

    def size(self) -> int:
        return len(self.joins) + len(self.pulses) + len(self.questions) + len(self.votes) + len(self.pledges)


class Waiter:
    """Resolves when an element of the page reaches a condition (bounded by the caller's timeout)."""

    def __init__(self, testid: str, check) -> None:
        self.testid, self.check = testid, check
        self.future: asyncio.Future = asyncio.get_running_loop().create_future()


class Phone:
    """One participant. `index` makes the name unique (P0001), so the ledger can find the row again."""

    def __init__(self, wire: Wire, index: int, *, join_path: str, department: str, lang: str = 'en') -> None:
        self.index = index
        self.name = f'P{index:04d}'
        self.department = department
        self.lang = lang
        self.page = Page(wire, join_path)
        self.page.on_change = self._changed
        self.page.on_reloaded = self._reloaded
        self.waiters: list[Waiter] = []
        self.watch: dict[str, tuple[Any, dict[int, float]]] | None = None
        """Broadcast measurement: testid -> (check, hits) where hits[phone index] = arrival time."""
        self.joined = False
        self.pid = ''
        self.vote_token = secrets.token_hex(16)
        self.submission = secrets.token_hex(16)
        self.mine: list[dict[str, Any]] = []
        self.table = ''
        self.last_submission = ''

    # --- the wire ---------------------------------------------------------------------------------

    def _changed(self, page: Page, eid: int, element: dict[str, Any] | None) -> None:
        if element is None:
            return
        testid = (element.get('props') or {}).get('data-testid')
        if 'scope' in (element.get('props') or {}):
            self._device(element)
        if not testid:
            return
        if self.watch is not None and testid in self.watch:
            check, hits = self.watch[testid]
            if self.index not in hits and check(element):
                hits[self.index] = time.perf_counter()
        for waiter in list(self.waiters):
            if waiter.testid == testid and not waiter.future.done() and waiter.check(element):
                waiter.future.set_result(time.perf_counter())

    def _device(self, element: dict[str, Any]) -> None:
        """questions_phone.js's storage: keep a pinned token, remember confirmed questions, take a fresh submission
        id."""
        props = element.get('props') or {}
        if isinstance(props.get('token'), str):
            self.vote_token = props['token']
        confirmed = props.get('confirmed')
        if isinstance(confirmed, dict) and confirmed.get('submission') == self.submission:
            self.mine.append({'id': confirmed['id'], 'text': confirmed['text']})
            self.submission = secrets.token_hex(16)

    def _reloaded(self, _page: Page) -> None:
        asyncio.create_task(self.restore())  # noqa: RUF006 - a short, bounded send

    async def wait_for(self, testid: str, check, timeout: float, *, fresh: bool = False) -> float:
        """Time when the element `testid` satisfies `check` (now, if it already does, unless `fresh`: then only an
        update arriving from now on counts, e.g. 'Saved' for this answer, not for the one before)."""
        found = self.page.find(testid)
        if not fresh and found and check(found[1]):
            return time.perf_counter()
        waiter = Waiter(testid, check)
        self.waiters.append(waiter)
        try:
            return await asyncio.wait_for(waiter.future, timeout)
        finally:
            self.waiters.remove(waiter)

    # --- the flows --------------------------------------------------------------------------------

    async def open(self, *, assets: bool = False) -> int:
        """GET the page (and the assets, as a first-time visitor), then the websocket. Returns asset bytes."""
        await self.page.load()
        self.pid = participant_id(self.page.cookie)
        fetched = await self.page.fetch_assets() if assets else 0
        await self.page.open_socket()
        return fetched

    async def join(self, ledger: Ledger, timeout: float) -> float:
        """Type a name, choose a department, tap Join (join_form.js emits one `join` event); acknowledged when the
        phone's "now" view greets it by name. Returns seconds."""
        page = self.page
        if page.find('now'):  # this browser had joined before (a reload after a restart)
            self.joined = True
            return 0.0
        form = page.find('join-form')
        assert form is not None
        departments = (form[1].get('props') or {}).get('departments') or []
        department = self.department if self.department in departments else (departments[0] if departments else '')
        t0 = time.perf_counter()
        await page.emit(form[0], 'join', {'name': self.name, 'department': department})
        done = await self.wait_for(
            'now', lambda e: self.name in ((e.get('props') or {}).get('greeting') or ''), timeout
        )
        ledger.joins[self.pid] = self.name
        self.joined = True
        await self.restore()
        return done - t0

    def greeting(self) -> str:
        """The greeting the phone shows once joined ('' before)."""
        return self.page.prop('now', 'greeting', '') or ''

    async def restore(self) -> None:
        """What questions_phone.js sends once mounted: the phone's vote token and its own questions."""
        found = self.page.find('questions')
        if found is not None and self.page.connected:
            await self.page.emit(found[0], 'restore', {'token': self.vote_token, 'mine': self.mine[-20:]})

    async def answer_pulse(
        self, ledger: Ledger, session: str, values: dict[str, int], timeout: float, *, twice: bool
    ) -> float:
        """Tap one value per statement, then Send (the form sends the taps with it); acknowledged when 'Saved'
        shows. Returns seconds."""
        page = self.page
        before = ledger.sent_pulses.get((session, self.pid))
        if before and before[-1] == values:  # an unchanged answer sends nothing new: change one value
            first = next(iter(values))
            values = {**values, first: values[first] % 5 + 1}
        ledger.sent_pulses.setdefault((session, self.pid), []).append(values)
        form = page.find('pulse-form')
        if form is None:
            raise RuntimeError('no_pulse-form')
        answer = {'session': (form[1].get('props') or {}).get('session'), 'values': values, 'word': ''}
        saved = t('pulse.saved', self.lang)
        t0 = time.perf_counter()
        await page.emit(form[0], 'answer', answer)  # what pulse_form.js emits on Send
        if twice:
            await page.emit(form[0], 'answer', answer)
            ledger.replays += 1
        done = await self.wait_for('pulse-form', lambda e: pulse_status(e) == saved, timeout, fresh=True)
        ledger.pulses[(session, self.pid)] = values
        return done - t0

    def pulse_statements(self) -> list[str]:
        """The statements of the open pulse's form (none while no pulse is open)."""
        found = self.page.find('pulse-form')
        props = (found[1].get('props') or {}) if found else {}
        return [s['id'] for s in props.get('statements') or []] if props.get('open') else []

    async def ask(self, ledger: Ledger, text: str, timeout: float, *, twice: bool) -> float:
        """Type a question and Send with the submission id the phone's storage holds (questions_phone.js emits one
        `ask`); acknowledged when the server confirms it (the question lands in 'your questions')."""
        page = self.page
        submission = self.last_submission = self.submission
        form = page.find('questions')
        if form is None:
            raise RuntimeError('no_questions')
        got: dict[str, int] = {}

        def confirmed(element: dict[str, Any]) -> bool:
            c = (element.get('props') or {}).get('confirmed')
            if isinstance(c, dict) and c.get('submission') == submission:
                got['id'] = c['id']
                return True
            return False

        t0 = time.perf_counter()
        await page.emit(form[0], 'ask', {'text': text, 'submission': submission})
        if twice:  # a double tap or a replay: the same submission id again
            await page.emit(form[0], 'ask', {'text': text, 'submission': submission})
            ledger.replays += 1
        done = await self.wait_for('questions', confirmed, timeout, fresh=True)
        ledger.questions[got['id']] = text
        return done - t0

    def listed(self) -> list[int]:
        """The ids of the questions the phone's list shows (the element's `items`)."""
        return [q['id'] for q in self.page.prop('questions', 'items') or () if isinstance(q.get('id'), int)]

    async def vote(self, ledger: Ledger, question_id: int, timeout: float) -> float | None:
        """Upvote a question listed on the phone (the tap emits `vote` naming it); acknowledged when the server
        lists it among the phone's votes (its button shows as pressed)."""
        if question_id not in self.listed() or question_id in (self.page.prop('questions', 'voted') or ()):
            return None
        t0 = time.perf_counter()
        await self.page.act('questions', 'vote', {'id': question_id})
        done = await self.wait_for(
            'questions', lambda e: question_id in ((e.get('props') or {}).get('voted') or ()), timeout, fresh=True
        )
        ledger.votes.add((self.pid, question_id))
        return done - t0

    async def pledge(self, ledger: Ledger, timeout: float, *, twice: bool) -> float:
        """Write a first action, choose the first goal, Save (the form sends its fields with it); acknowledged when
        'Saved' shows."""
        page = self.page
        text = f'{self.name} calls three customers by Friday'
        saved = t('pledge.saved', self.lang)
        form = page.find('pledge')
        props = (form[1].get('props') or {}) if form else {}
        if props.get('mode') != 'form':
            raise RuntimeError('no_pledge-form')
        if pulse_status(form[1]) == saved:
            raise RuntimeError('already_saved_on_this_page')  # 'Saved' again would not change a thing on screen
        fields = {**(props.get('initial') or {}), 'text': text, 'goal': props['goals'][0]['id']}
        t0 = time.perf_counter()
        await page.emit(form[0], 'save', fields)  # what pledge_form.js emits on Save
        if twice:
            await page.emit(form[0], 'save', fields)
            ledger.replays += 1
        done = await self.wait_for('pledge', lambda e: pulse_status(e) == saved, timeout, fresh=True)
        ledger.pledges[self.pid] = text
        return done - t0

    def table_text(self) -> str:
        """The table the phone's round card shows ("Table 7"; '' without a seat), read from its props."""
        return self.page.prop('round', 'table', '') or ''

    def pledge_open(self) -> bool:
        """The pledge form shows (the day asks for pledges and pledging is open)."""
        found = self.page.find('pledge')
        return bool(found and (found[1].get('props') or {}).get('mode') == 'form')


def participant_id(cookie: str) -> str:
    """The participant id NiceGUI keeps in the signed session cookie (app.storage.browser['id'])."""
    try:
        payload = cookie.split('=', 1)[1].split('.', 1)[0]
        return json.loads(base64.b64decode(payload + '=' * (-len(payload) % 4)))['id']
    except (IndexError, ValueError, KeyError):
        return ''


def pulse_status(element: dict[str, Any]) -> str:
    """The text the pulse or pledge form shows under Send/Save (the server's last answer)."""
    status = (element.get('props') or {}).get('status')
    return status.get('text') or '' if isinstance(status, dict) else ''


def visible(element: dict[str, Any]) -> bool:
    """NiceGUI hides an element with the class `hidden`."""
    return 'hidden' not in (element.get('class') or [])
