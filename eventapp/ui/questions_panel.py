"""The panel's question section: open or approval mode, the word list, the counters, and one row per question with
the moderation actions. The facilitator's own actions show at once; the room's votes arrive coalesced (PhoneFeed)."""

from __future__ import annotations

from collections.abc import Callable

from nicegui import events, ui

from ..domain.questions import ANSWERED, APPROVAL, HIDDEN, OPEN, REASON_MAX, VISIBLE, WAITING, Question, QuestionError
from ..i18n import t
from ..questions import VOTED, Board, Change, Questions
from .questions import STATE_KEYS, PhoneFeed

GROUPS = (WAITING, VISIBLE, ANSWERED, HIDDEN)
DONE_KEYS = {'approve': 'questions.done_approve', 'hide': 'questions.done_hide', 'answer': 'questions.done_answer'}
MODE_KEYS = {OPEN: 'questions.mode_set_open', APPROVAL: 'questions.mode_set_approval'}


class PanelQuestions:
    def __init__(self, service: Questions, feed: PhoneFeed, lang: str, show_view: Callable[[], None]) -> None:
        self.service = service
        self.show_view = show_view
        self.feed = feed
        self.lang = lang
        self.signature: tuple = ()
        self.vote_labels: dict[int, ui.label] = {}
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
        self.service.changed.subscribe(self.on_change)
        self.feed.updated.subscribe(self.show)

    def on_change(self, change: Change) -> None:
        """New questions and moderation show at once; votes arrive coalesced through the feed."""
        if change.kind != VOTED:
            self.show(change.board)

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
        ordered = self.ordered(board)
        highlighted = board.highlighted.id if board.highlighted else None
        signature = (tuple((q.id, q.state, q.reason) for q in ordered), highlighted)
        if signature != self.signature:
            self.signature = signature
            self.render(ordered, highlighted)
        for question in ordered:
            self.vote_labels[question.id].text = self.meta(question, highlighted)

    def ordered(self, board: Board) -> list[Question]:
        by_state = {state: [q for q in board.questions if q.state == state] for state in GROUPS}
        by_state[VISIBLE] = list(board.top)
        for state in (WAITING, ANSWERED, HIDDEN):
            by_state[state].sort(key=lambda q: -q.id)
        return [q for state in GROUPS for q in by_state[state]]

    def render(self, ordered: list[Question], highlighted: int | None) -> None:
        lang = self.lang
        self.list.clear()
        self.vote_labels.clear()
        with self.list:
            if not ordered:
                ui.label(t('questions.panel_empty', lang)).classes('panel__muted')
            for question in ordered:
                with ui.element('div').classes(f'q-prow q-prow--{question.state}').props('data-testid=q-prow'):
                    ui.label(question.text).classes('q-prow__text')
                    self.vote_labels[question.id] = ui.label().classes('q-prow__meta')
                    with ui.element('div').classes('q-prow__actions'):
                        self.actions(question, highlighted)

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
