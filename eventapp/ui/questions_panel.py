"""The panel's question section: open or approval mode, the word list, the counters, and one row per question with
the moderation actions. The facilitator's own actions show at once; the room's votes arrive coalesced (PhoneFeed)."""

from __future__ import annotations

from collections.abc import Callable

from nicegui import events, ui

from ..domain.questions import ANSWERED, APPROVAL, HIDDEN, OPEN, REASON_MAX, VISIBLE, WAITING, Question, QuestionError
from ..i18n import t
from ..questions import Board, Questions
from .questions import STATE_KEYS, PhoneFeed

GROUPS = (WAITING, VISIBLE, ANSWERED, HIDDEN)
ROWS_PER_GROUP = 40
"""Rows the panel lists per state (the newest waiting, the top visible ...): a Q&A with 500 questions must not make
the panel build 3,000 elements; the counts above the list still count every question."""
DONE_KEYS = {'approve': 'questions.done_approve', 'hide': 'questions.done_hide', 'answer': 'questions.done_answer'}
MODE_KEYS = {OPEN: 'questions.mode_set_open', APPROVAL: 'questions.mode_set_approval'}


class PanelQuestions:
    def __init__(self, service: Questions, feed: PhoneFeed, lang: str, show_view: Callable[[], None]) -> None:
        self.service = service
        self.show_view = show_view
        self.feed = feed
        self.lang = lang
        self.rows: dict[int, tuple[ui.element, ui.label, tuple]] = {}
        """Question id -> its row, its votes line and what its actions were made for (state, reason, on screen)."""
        self.empty: ui.label | None = None
        self.more: ui.label | None = None
        self.target: int | None = None

    def build(self) -> None:
        lang, board = self.lang, self.service.board
        with ui.element('section').classes('q-panel').mark('q-panel'):
            with ui.element('div').classes('q-panel__head'):
                ui.label(t('questions.panel_title', lang)).classes('panel__heading')
                self.counts = ui.label().classes('q-panel__counts').props('data-testid=q-counts').mark('q-counts')
            with ui.element('div').classes('q-panel__settings'):
                ui.label(t('questions.mode_label', lang)).classes('panel__muted')
                self.mode = (
                    ui.toggle(
                        {OPEN: t('questions.mode_open', lang), APPROVAL: t('questions.mode_approval', lang)},
                        value=board.mode,
                        on_change=self.on_mode,
                    )
                    .props('no-caps data-testid=q-mode')
                    .mark('q-mode')
                )
                with ui.expansion(t('questions.words_title', lang)).classes('q-panel__words').mark('q-words-open'):
                    ui.label(t('questions.words_hint', lang)).classes('panel__muted')
                    self.words = (
                        ui.textarea(value='\n'.join(board.words))
                        .props('outlined autogrow data-testid=q-words')
                        .mark('q-words')
                        .classes('q-panel__wordbox')
                    )
                    ui.button(t('questions.words_save', lang), on_click=self.on_words).props(
                        'outline no-caps data-testid=q-words-save'
                    ).mark('q-words-save')
            self.feedback = ui.label().classes('panel__feedback').props('role=status data-testid=q-feedback')
            self.feedback.mark('q-feedback')
            self.list = ui.element('div').classes('q-panel__list').props('data-testid=q-panel-list')
        self.dialog = self.hide_dialog()
        self.show(board)
        self.feed.updated.subscribe(self.show)  # with the phones' lists, moderation at once (see PhoneFeed)

    def hide_dialog(self) -> ui.dialog:
        with ui.dialog() as dialog, ui.card().classes('q-panel__dialog'):
            ui.label(t('questions.hide_title', self.lang)).classes('text-lg')
            self.reason = (
                ui.input(t('questions.reason_label', self.lang))
                .props(f'outlined maxlength={REASON_MAX} data-testid=q-reason')
                .mark('q-reason')
                .classes('w-full')
            )
            with ui.row():
                ui.button(t('questions.cancel', self.lang), on_click=dialog.close).props('flat no-caps')
                ui.button(t('questions.hide_confirm', self.lang), on_click=self.on_hide_confirmed).props(
                    'unelevated no-caps color=negative data-testid=q-hide-confirm'
                ).mark('q-hide-confirm')
        return dialog

    # --- showing ----------------------------------------------------------------------------------

    def show(self, board: Board) -> None:
        c = board.counts
        self.counts.text = t(
            'questions.counts',
            self.lang,
            waiting=c[WAITING],
            visible=c[VISIBLE],
            hidden=c[HIDDEN],
            answered=c[ANSWERED],
        )
        if self.mode.value != board.mode:
            self.mode.set_value(board.mode)
        ordered, left_out = self.ordered(board)
        highlighted = board.highlighted.id if board.highlighted else None
        self.render(ordered, highlighted, left_out)

    def ordered(self, board: Board) -> tuple[list[Question], int]:
        """The rows to list, waiting first, and how many questions are left out of the list."""
        by_state = {state: [q for q in board.questions if q.state == state] for state in GROUPS}
        by_state[VISIBLE] = list(board.top)
        for state in (WAITING, ANSWERED, HIDDEN):
            by_state[state].sort(key=lambda q: -q.id)
        listed = [q for state in GROUPS for q in by_state[state][:ROWS_PER_GROUP]]
        return listed, sum(len(questions) for questions in by_state.values()) - len(listed)

    def render(self, ordered: list[Question], highlighted: int | None, left_out: int) -> None:
        """Update the list in place: a row is made only for a question that is new to the list or whose actions
        changed; the others keep their elements and get a new votes line. One redraw per new question (every row
        made again) cost the asker's acknowledgement seconds at 500 phones."""
        lang = self.lang
        wanted = {q.id for q in ordered}
        for qid in [qid for qid in self.rows if qid not in wanted]:
            self.list.remove(self.rows.pop(qid)[0])
        children: list[ui.element] = []
        for question in ordered:
            drawn = (question.state, question.reason, highlighted == question.id)
            row = self.rows.get(question.id)
            if row is not None and row[2] != drawn:
                self.list.remove(row[0])
                row = None
            if row is None:
                with self.list:
                    element = ui.element('div').classes(f'q-prow q-prow--{question.state}').props('data-testid=q-prow')
                    with element:
                        ui.label(question.text).classes('q-prow__text')
                        votes = ui.label().classes('q-prow__meta')
                        with ui.element('div').classes('q-prow__actions'):
                            self.actions(question, highlighted)
                row = self.rows[question.id] = (element, votes, drawn)
            row[1].text = self.meta(question, highlighted)
            children.append(row[0])
        if not ordered and self.empty is None:
            with self.list:
                self.empty = ui.label(t('questions.panel_empty', lang)).classes('panel__muted')
        if self.empty is not None:
            self.empty.set_visibility(not ordered)
            children.insert(0, self.empty)
        if left_out and self.more is None:
            with self.list:
                self.more = ui.label().classes('panel__muted').props('data-testid=q-more')
        if self.more is not None:
            self.more.text = t('questions.panel_more', lang, count=left_out) if left_out else ''
            self.more.set_visibility(bool(left_out))
            children.append(self.more)
        slot = self.list.default_slot
        if [c.id for c in slot.children] != [c.id for c in children]:
            slot.children[:] = children
            self.list.update()

    def actions(self, question: Question, highlighted: int | None) -> None:
        qid = question.id
        if question.state in (WAITING, HIDDEN):
            self.button('questions.approve', f'q-approve-{qid}', lambda: self.act(qid, 'approve'), primary=True)
        if question.state == VISIBLE:
            self.button('questions.answer', f'q-answer-{qid}', lambda: self.act(qid, 'answer'))
        if question.state in (VISIBLE, ANSWERED):
            if highlighted == qid:
                self.button('questions.off_screen', f'q-screen-{qid}', lambda: self.put_on_screen(None))
            else:
                self.button('questions.on_screen', f'q-screen-{qid}', lambda: self.put_on_screen(qid))
        if question.state != HIDDEN:
            self.button('questions.hide', f'q-hide-{qid}', lambda: self.ask_reason(qid), danger=True)

    def button(self, key: str, marker: str, handler, *, primary: bool = False, danger: bool = False) -> None:
        style = 'unelevated' if primary else 'outline'
        colour = ' color=negative' if danger else ''
        ui.button(t(key, self.lang), on_click=handler).props(
            f'{style}{colour} no-caps dense data-testid={marker}'
        ).mark(marker)

    def meta(self, question: Question, highlighted: int | None) -> str:
        parts = [t(STATE_KEYS[question.state], self.lang), t('questions.panel_votes', self.lang, count=question.votes)]
        if question.reason:
            parts.append(t('questions.panel_reason', self.lang, reason=question.reason))
        if highlighted == question.id:
            parts.append(t('questions.on_screen_now', self.lang))
        return ' · '.join(parts)

    # --- actions ----------------------------------------------------------------------------------

    def act(self, question_id: int, action: str, reason: str = '') -> None:
        try:
            self.service.moderate(question_id, action, reason)
        except QuestionError as problem:
            self.tell(t(problem.key, self.lang), problem=True)
        else:
            self.tell(t(DONE_KEYS[action], self.lang))
        self.show(self.service.board)

    def ask_reason(self, question_id: int) -> None:
        self.target = question_id
        self.reason.value = ''
        self.dialog.open()

    def on_hide_confirmed(self) -> None:
        self.dialog.close()
        if self.target is not None:
            self.act(self.target, 'hide', self.reason.value or '')
        self.target = None

    def put_on_screen(self, question_id: int | None) -> None:
        try:
            self.service.highlight(question_id)
        except QuestionError as problem:
            self.tell(t(problem.key, self.lang), problem=True)
        else:
            if question_id is not None:
                self.show_view()
            self.tell(t('questions.done_highlight' if question_id else 'questions.done_unhighlight', self.lang))
        self.show(self.service.board)

    def on_mode(self, event: events.ValueChangeEventArguments) -> None:
        if event.value and event.value != self.service.board.mode:
            self.service.set_mode(event.value)
            self.tell(t(MODE_KEYS[event.value], self.lang))

    def on_words(self) -> None:
        words = self.service.set_words(self.words.value or '')
        self.words.value = '\n'.join(words)
        self.tell(t('questions.words_saved', self.lang, count=len(words)))

    def tell(self, text: str, *, problem: bool = False) -> None:
        self.feedback.text = text
        self.feedback.classes(add='panel__feedback--problem') if problem else self.feedback.classes(
            remove='panel__feedback--problem'
        )
