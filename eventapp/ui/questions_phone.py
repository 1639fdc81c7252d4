"""The phone's question section: ask anonymously, follow your own questions, vote on the room's.

Light by design: the visible list is capped at PHONE_LIST rows, made lazily and updated in place, at most about
once a second (PhoneFeed). The phone's own questions come from its localStorage, never from the server's memory.
"""

from __future__ import annotations

import secrets

from nicegui import events, ui

from ..domain.questions import HIDDEN, TEXT_MAX, VISIBLE, QuestionError, normalise, valid_token
from ..i18n import t
from ..questions import Board, Questions
from .features import PhoneContext
from .questions import STATE_KEYS, Device, PhoneFeed

PHONE_LIST = 10
"""Visible questions a phone lists (top or newest); the big screen and the panel show the rest."""
MINE_SHOWN = 5
SUBMISSION_JS = '() => emit((window.eventappQuestions || {}).submission || "")'
VOTE_JS = '(e) => emit(Number(e && e.currentTarget && e.currentTarget.dataset.qid) || 0)'
"""A vote names the question the tapped row showed on the phone, even if the list moved on the server meanwhile."""
"""The send button sends the submission id the phone's storage holds, so a replay or retry is recognised."""


class PhoneQuestions:
    def __init__(self, service: Questions, feed: PhoneFeed, context: PhoneContext, *, scope: str) -> None:
        self.service = service
        self.feed = feed
        self.lang = context.lang
        self.phone = context.participant.id  # only ever a key in the service's memory
        self.scope = scope
        self.draft = secrets.token_hex(16)  # used when the browser sent no submission id (no script ran)
        self.mine: dict[int, str] = {}
        self.voted: set[int] = set()
        self.checked: set[int] = set()
        self.sort = 'top'
        self.rows: list[tuple[ui.label, ui.button]] = []
        self.shown: list[int] = []
        """The question id behind each row, as last shown (a tap votes for what the row showed)."""
        self.signature: tuple = ()
        self.looked = max((q.id for q in service.board.newest), default=0)
        """The newest question id when this page last read its votes from the database (built or restored)."""
        self.drawn: dict[int, tuple] = {}
        """What each row's button last showed (question id, text, votes, pressed), by element id."""

    def build(self) -> None:
        lang = self.lang
        with ui.element('section').classes('q-phone').mark('questions'):
            self.device = Device(self.scope).mark('q-device')
            self.device.on('restore', self.on_restore)
            ui.label(t('questions.phone_title', lang)).classes('phone__headline')
            ui.label(t('questions.phone_lead', lang)).classes('phone__lead')
            self.box = (
                ui.textarea(placeholder=t('questions.placeholder', lang))
                .props('outlined autogrow data-testid=q-input')
                .classes('q-phone__box')
                .mark('q-input')
            )
            with ui.element('div').classes('q-phone__meta'):
                self.status = ui.label().classes('q-status').props('role=status data-testid=q-status').mark('q-status')
                self.counter = ui.label(f'0/{TEXT_MAX}').classes('q-counter').props('data-testid=q-counter')
            self.box.on_value_change(self.on_type)
            self.send = (
                ui.button(t('questions.send', lang))
                .props('unelevated no-caps data-testid=q-send')
                .classes('phone__action q-send')
                .mark('q-send')
            )
            self.send.on('click', self.on_send, js_handler=SUBMISSION_JS)
            self.mine_heading = ui.label(t('questions.mine', lang)).classes('q-phone__heading')
            self.mine_note = ui.label(t('questions.mine_note', lang)).classes('q-phone__note')
            self.mine_list = ui.element('div').classes('q-mine').props('data-testid=q-mine').mark('q-mine')
            with ui.element('div').classes('q-phone__bar'):
                ui.label(t('questions.list_title', lang)).classes('q-phone__heading')
                self.toggle = (
                    ui.toggle(
                        {'top': t('questions.sort_top', lang), 'new': t('questions.sort_new', lang)},
                        value='top',
                        on_change=self.on_sort,
                    )
                    .props('no-caps dense unelevated data-testid=q-sort')
                    .mark('q-sort')
                )
            self.empty = ui.label(t('questions.none_yet', lang)).classes('phone__lead')
            self.list = ui.element('div').classes('q-list').props('data-testid=q-list').mark('q-list')
        self.show_mine()
        self.show(self.service.board)
        self.feed.follow(self.list, self.show)

    # --- asking -----------------------------------------------------------------------------------

    def on_type(self, event: events.ValueChangeEventArguments) -> None:
        length = len(normalise(event.value or ''))
        self.counter.text = f'{length}/{TEXT_MAX}'
        self.counter.classes(add='q-counter--over') if length > TEXT_MAX else self.counter.classes(
            remove='q-counter--over'
        )

    def on_send(self, event: events.GenericEventArguments) -> None:
        submission = event.args if isinstance(event.args, str) and valid_token(event.args) else self.draft
        try:
            asked = self.service.ask(self.phone, self.box.value or '', submission)
        except QuestionError as problem:
            self.say(t(problem.key, self.lang), problem=True)
            return
        question = asked.question
        self.device.confirm(submission=submission, question_id=question.id, text=question.text)
        self.mine[question.id] = question.text
        self.draft = secrets.token_hex(16)
        self.box.value = ''
        key = 'questions.sent_waiting' if question.state != VISIBLE else 'questions.sent'
        self.say(t(key, self.lang) if asked.new else t('questions.already', self.lang))
        self.show_mine()

    def say(self, text: str, *, problem: bool = False) -> None:
        self.status.text = text
        self.status.classes(add='q-status--problem') if problem else self.status.classes(remove='q-status--problem')

    def on_restore(self, event: events.GenericEventArguments) -> None:
        """The browser's storage arrived: its vote token and the phone's own questions."""
        args = event.args if isinstance(event.args, dict) else {}
        presented = args.get('token')
        token = self.service.bind_token(self.phone, presented)
        if token != presented:
            self.device.pin_token(token)
        mine = args.get('mine') if isinstance(args.get('mine'), list) else []
        for item in mine[-20:]:
            if isinstance(item, dict) and isinstance(item.get('id'), int) and isinstance(item.get('text'), str):
                self.mine.setdefault(item['id'], normalise(item['text'])[:TEXT_MAX])
        self.checked.clear()
        self.looked = max((q.id for q in self.service.board.newest), default=0)
        self.show_mine()
        self.show(self.service.board)

    # --- own questions ----------------------------------------------------------------------------

    def show_mine(self) -> None:
        ids = sorted(self.mine)[-MINE_SHOWN:][::-1]
        current = self.service.states(ids)
        items = [(qid, self.mine[qid], self.state_text(current.get(qid))) for qid in ids]
        signature = tuple(items)
        if signature == getattr(self, 'mine_signature', None):
            return
        self.mine_signature = signature
        self.mine_heading.set_visibility(bool(items))
        self.mine_note.set_visibility(bool(items))
        self.mine_list.clear()
        with self.mine_list:
            for _, text, state in items:
                ui.label(text).classes('q-mine__text')
                ui.label(state).classes('q-mine__state')

    def state_text(self, question) -> str:
        if question is None:
            return t('questions.state_gone', self.lang)
        if question.state == HIDDEN and question.reason:
            return t('questions.state_hidden_reason', self.lang, reason=question.reason)
        return t(STATE_KEYS[question.state], self.lang)

    # --- the room's questions ---------------------------------------------------------------------

    def on_sort(self, event: events.ValueChangeEventArguments) -> None:
        self.sort = event.value or 'top'
        self.show(self.service.board)

    def show(self, board: Board) -> None:
        shown = list((board.top if self.sort == 'top' else board.newest)[:PHONE_LIST])
        unchecked = [q.id for q in shown if q.id not in self.checked]
        # A question asked after this page last looked can only carry this phone's vote from this page (tracked in
        # `voted`) or from a second tab (the tap then just shows it pressed): no database read per phone per new
        # question, which at 2,000 phones was 2,000 reads a second while the room asked.
        if unchecked and (older := [qid for qid in unchecked if qid <= self.looked]):
            self.voted |= self.service.voted(self.phone, older)
        self.checked.update(unchecked)
        self.empty.set_visibility(not shown)
        while len(self.rows) < len(shown):
            with self.list:
                text = ui.label().classes('q-item__text')
                button = ui.button().props('no-caps outline').classes('q-vote')
                index = len(self.rows)
                button.on('click', lambda e, i=index: self.on_vote(i, e.args), js_handler=VOTE_JS)
            self.rows.append((text, button))
        self.shown = [q.id for q in shown]
        for i, (text, button) in enumerate(self.rows):
            visible = i < len(shown)
            text.set_visibility(visible)
            button.set_visibility(visible)
            if visible:
                self.fill(shown[i], text, button)
            elif text.text:
                text.text = ''  # a spare row keeps nothing of a question that left (e.g. hidden)
        if self.mine:
            self.show_mine()

    def fill(self, question, text: ui.label, button: ui.button) -> None:
        on = question.id in self.voted
        drawn = (question.id, question.text, question.votes, on)
        if self.drawn.get(button.id) == drawn:
            return  # unchanged: every flush used to re-send every row of every phone (props removed and re-added)
        self.drawn[button.id] = drawn
        text.text = question.text
        button.text = f'▲ {question.votes}'
        button.mark(f'q-vote q-vote-{question.id}')
        button.props(f'data-qid={question.id}')
        key = 'questions.unvote' if on else 'questions.vote'
        look = 'unelevated' if on else 'outline'  # filled when it is yours: Quasar's own looks, no colour fight
        button.props(remove='outline unelevated')
        button.props(f'{look} aria-pressed={"true" if on else "false"} aria-label="{t(key, self.lang)}"')
        button.classes(add='q-vote--on') if on else button.classes(remove='q-vote--on')

    def on_vote(self, index: int, shown_id: object = None) -> None:
        if isinstance(shown_id, int) and shown_id > 0:
            question_id = shown_id
        elif index < len(self.shown):
            question_id = self.shown[index]  # no script ran (the simulated user): the row as the server last drew it
        else:
            return
        up = question_id not in self.voted
        try:
            question = self.service.vote(self.phone, question_id, up=up)
        except QuestionError as problem:
            self.say(t(problem.key, self.lang), problem=True)
            return
        self.voted.add(question_id) if up else self.voted.discard(question_id)
        if question_id in self.shown:
            text, button = self.rows[self.shown.index(question_id)]
            self.fill(question, text, button)
