"""The phone's question section: ask anonymously, follow your own questions, vote on the room's.

One element (questions_phone.js), built once per phone: typing, the counter and the sort toggle stay in the browser,
which emits one event per action (`ask`, `vote`, `sort`, and `restore` once mounted). The server answers with props:
its answer after the commit, this phone's votes, the states of its own questions, and the room's list, which the feed
(PhoneFeed) computes once per flush and hands to every phone as the same object. The phone's own questions come from
its localStorage, never from the server's memory of who asked.
"""

from __future__ import annotations

import secrets
from functools import cache
from pathlib import Path
from typing import Any

from nicegui import events

from ..domain.questions import HIDDEN, TEXT_MAX, VISIBLE, Question, QuestionError, valid_token
from ..i18n import t
from ..questions import Questions
from .features import PhoneContext
from .questions import STATE_KEYS, TOP, PhoneFeed, PhoneLists
from .shared_props import SharedProps

MINE_KEPT = 20
"""Own questions a phone's storage keeps (and the server looks up the states of)."""


class QuestionsForm(SharedProps, component=Path(__file__).parent / 'questions_phone.js'):
    """The phone's question section as one element (see questions_phone.js); the room's list in its sort order
    arrives as one message for every phone with that order (see shared_props.py)."""

    def __init__(self, scope: str, lang: str, items: tuple[dict, ...]) -> None:
        super().__init__()
        props = self._props
        props['scope'] = scope
        props['texts'] = texts(lang)
        props['max'] = TEXT_MAX
        props['status'] = {'text': '', 'ok': True, 'seq': 0}
        props['states'] = {}
        props['sort'] = TOP
        props['items'] = items
        props['voted'] = ()

    def _displayed_contents(self, *, only_visible: bool) -> list:
        """What the phone shows as text, for NiceGUI's `should_see` (its own questions' texts live in the browser)."""
        props = self._props
        texts, states, items = props['texts'], props['states'], props['items']
        mine = [texts['mine'], texts['mine_note'], *states.values()] if states else []
        listed = [text for q in items for text in (q['text'], f'▲ {q["votes"]}')] if items else [texts['none_yet']]
        return [
            texts['title'],
            texts['lead'],
            texts['send'],
            props['status']['text'],
            *mine,
            texts['list_title'],
            texts['sort_top'],
            texts['sort_new'],
            *listed,
        ]


@cache
def texts(lang: str) -> dict[str, str]:
    """The section's fixed texts, made once per language."""
    return {
        'title': t('questions.phone_title', lang),
        'lead': t('questions.phone_lead', lang),
        'placeholder': t('questions.placeholder', lang),
        'send': t('questions.send', lang),
        'sending': t('questions.sending', lang),
        'mine': t('questions.mine', lang),
        'mine_note': t('questions.mine_note', lang),
        'list_title': t('questions.list_title', lang),
        'sort_top': t('questions.sort_top', lang),
        'sort_new': t('questions.sort_new', lang),
        'none_yet': t('questions.none_yet', lang),
        'vote': t('questions.vote', lang),
        'unvote': t('questions.unvote', lang),
    }


class PhoneQuestions:
    """One phone's question section: turns the element's events into service calls and answers with props."""

    def __init__(self, service: Questions, feed: PhoneFeed, context: PhoneContext, *, scope: str) -> None:
        self.service = service
        self.feed = feed
        self.lang = context.lang
        self.phone = context.participant.id  # only ever a key in the service's memory
        self.scope = scope
        self.draft = secrets.token_hex(16)  # used when the browser sent no valid submission id
        self.mine: set[int] = set()
        """Ids of the questions this phone's storage says it asked (their texts stay in the browser)."""
        self.voted: set[int] = set()
        self.checked: set[int] = set()
        """Question ids whose vote by this phone is known (looked up, or voted on this page)."""
        self.restored = False
        """The browser reported its vote token: before that, looking votes up would pin a wrong one."""
        self.sort = TOP
        self.looked = 0
        """The newest question id when this page last read its votes from the database (at restore)."""
        self.items: tuple[dict, ...] = ()
        """The list the element shows (often the feed's shared object itself)."""
        self.shown_states: dict[str, str] = {}
        """The states of its own questions the element shows, by id."""

    def build(self) -> None:
        self.items = self.feed.lists.get(self.sort)
        self.form = QuestionsForm(self.scope, self.lang, self.items).classes('q-phone')
        self.form.props('data-testid=questions').mark('questions')
        self.form.on('restore', self.on_restore)
        self.form.on('ask', self.on_ask)
        self.form.on('vote', self.on_vote)
        self.form.on('sort', self.on_sort)
        self.feed.follow(self)
        self.form.props['items'] = self.items  # the newest lists, even if their message is still on its way

    # --- the feed ---------------------------------------------------------------------------------

    def take(self, lists: PhoneLists) -> dict[str, Any] | None:
        """The room's lists after a flush: this phone lists its sort order's (their channel brings it). Returns what
        it needs of its own with them, or None: its votes if a newly listed question carries one, its own questions'
        states if they changed."""
        changes: dict[str, Any] = {}
        items = lists.get(self.sort)
        if items is not self.items:
            if items != self.items and (voted := self.voted_among(items)) != self.form.props['voted']:
                changes['voted'] = voted
            self.items = items
        if self.mine and (states := self.states()) != self.shown_states:
            changes['states'] = self.shown_states = states
        return changes or None

    def voted_among(self, items: tuple[dict, ...]) -> tuple[int, ...]:
        """The questions that carry this phone's vote, the listed ones looked up first. A question asked after this
        page last looked can only carry it from this page (tracked in `voted`) or from a second tab (the tap then just
        shows it pressed): no database read per phone per new question, which at 2,000 phones was 2,000 reads a second
        while the room asked."""
        if self.restored:
            unchecked = [q['id'] for q in items if q['id'] not in self.checked]
            if older := [qid for qid in unchecked if qid <= self.looked]:
                self.voted |= self.service.voted(self.phone, older)
            self.checked.update(unchecked)
        return tuple(sorted(self.voted))  # all of them: a vote on a question that just left the list is still told

    # --- the browser's events ---------------------------------------------------------------------

    def on_restore(self, event: events.GenericEventArguments) -> None:
        """The browser's storage arrived: its vote token and the phone's own questions."""
        args = event.args if isinstance(event.args, dict) else {}
        presented = args.get('token')
        token = self.service.bind_token(self.phone, presented)
        mine = args.get('mine') if isinstance(args.get('mine'), list) else []
        for item in mine[-MINE_KEPT:]:
            if isinstance(item, dict) and isinstance(item.get('id'), int) and not isinstance(item['id'], bool):
                self.mine.add(item['id'])
        self.restored = True
        self.checked.clear()
        self.looked = max((q.id for q in self.service.board.newest), default=0)
        changes: dict[str, Any] = {'voted': self.voted_among(self.items), 'states': self.states()}
        if token != presented:
            changes['token'] = token
        self.update(**changes)

    async def on_ask(self, event: events.GenericEventArguments) -> None:
        """Send: {text, submission}. The answer (and the question in the phone's own list) only after the commit;
        a submission id seen before answers 'already sent' with the stored question."""
        args = event.args if isinstance(event.args, dict) else {}
        text = args.get('text') if isinstance(args.get('text'), str) else ''
        submission = args.get('submission') if valid_token(args.get('submission')) else self.draft
        try:
            asked = self.service.ask(self.phone, text, submission)
        except QuestionError as problem:
            self.say(problem.key, ok=False)
            return
        await self.service.durable()
        question = asked.question
        self.mine.add(question.id)
        self.draft = secrets.token_hex(16)
        if not asked.new:
            key = 'questions.already'
        else:
            key = 'questions.sent' if question.state == VISIBLE else 'questions.sent_waiting'
        confirmed = {'submission': submission, 'id': question.id, 'text': question.text}
        self.say(key, ok=True, confirmed=confirmed, states=self.states())

    async def on_vote(self, event: events.GenericEventArguments) -> None:
        """A tap on a row's button: {id} names the question the row showed, even if the list moved meanwhile.
        The count on this phone follows at once; other phones get it with the next flush."""
        args = event.args if isinstance(event.args, dict) else {}
        question_id = args.get('id')
        if not isinstance(question_id, int) or isinstance(question_id, bool):
            return
        up = question_id not in self.voted
        try:
            question = self.service.vote(self.phone, question_id, up=up)
        except QuestionError as problem:
            self.say(problem.key, ok=False)
            return
        await self.service.durable()
        self.voted.add(question_id) if up else self.voted.discard(question_id)
        self.checked.add(question_id)
        items = self.items
        if any(q['id'] == question_id for q in items):
            items = tuple({**q, 'votes': question.votes} if q['id'] == question_id else q for q in items)
        self.update(items=items, voted=self.voted_among(items))

    def on_sort(self, event: events.GenericEventArguments) -> None:
        """The toggle: {sort: 'top' or 'new'}; the list comes from the feed's shared lists."""
        args = event.args if isinstance(event.args, dict) else {}
        self.sort = args.get('sort') if args.get('sort') in ('top', 'new') else TOP
        self.feed.sort(self.form, self.sort)
        items = self.feed.lists.get(self.sort)
        self.update(sort=self.sort, items=items, voted=self.voted_among(items))

    # --- answers ----------------------------------------------------------------------------------

    def say(self, key: str, *, ok: bool, **more: Any) -> None:
        """The server's answer to the phone: a new `status` (with anything else it changes, in one update)."""
        seq = self.form.props['status']['seq'] + 1
        self.update(status={'text': t(key, self.lang), 'ok': ok, 'seq': seq}, **more)

    def update(self, **props: Any) -> None:
        """New props for the element, sent as one update. Lists go in as tuples: NiceGUI would copy a list into an
        observable one per phone, a tuple (the feed's shared list) it keeps as it is."""
        if 'items' in props:
            self.items = props['items']
        if 'states' in props:
            self.shown_states = props['states']
        self.form.props.update(props)

    def states(self) -> dict[str, str]:
        """The phone's own questions' states in words, by id (a JSON object's keys are strings)."""
        current = self.service.states(self.mine)
        return {str(qid): self.state_text(current.get(qid)) for qid in sorted(self.mine)}

    def state_text(self, question: Question | None) -> str:
        if question is None:
            return t('questions.state_gone', self.lang)
        if question.state == HIDDEN and question.reason:
            return t('questions.state_hidden_reason', self.lang, reason=question.reason)
        return t(STATE_KEYS[question.state], self.lang)
