"""Anonymous questions on the three surfaces: the feature app.py plugs into the seam (see features.py)."""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from nicegui import Event, background_tasks

from ..domain.questions import Question
from ..facilitation import Facilitation
from ..questions import MODERATED, VOTED, Board, Change, Questions
from .fanout import in_steps
from .features import Feature, PhoneContext, ScreenView
from .shared_props import SharedChannel, SharedProps

if TYPE_CHECKING:
    from .questions_phone import PhoneQuestions

log = logging.getLogger(__name__)

STATE_KEYS = {
    'waiting': 'questions.state_waiting',
    'visible': 'questions.state_visible',
    'hidden': 'questions.state_hidden',
    'answered': 'questions.state_answered',
}
"""A question's state in words, for the asker's phone and the panel (never colour alone)."""

VIEW = 'questions'
TOP, NEWEST = 'top', 'new'
"""The two orders a phone can list the room's questions in."""
PHONE_LIST = 10
"""Visible questions a phone lists (top or newest); the big screen and the panel show the rest."""
PHONE_INTERVAL = 2.0
"""Seconds from the end of one pass over the phones to the start of the next when questions came or went. The asker
sees their own question at once; the room's lists follow within a few seconds. With 1 s, a pass over 2,000 phones
ran about every 1.5 s while 200 of them asked within 3 s, and their acknowledgements waited behind it: p95 97 and 90
ms against 75 and 57 ms with 3 s (tests/bench/phones.py --n 2000 --phases join,questions, alternating runs)."""
VOTES_INTERVAL = 3.0
"""The same when only vote counts changed: a phone's own vote shows at once, the room's counts can wait a little.
At 2,000 phones a pass takes about half a second of the event loop; back-to-back passes during a vote flood left
acknowledgements queueing behind them (tests/bench/phones.py)."""


def feature(service: Questions, facilitation: Facilitation, *, scope: str) -> Feature:
    """The phone section (ask, own questions, vote), the big-screen view and the panel section. `scope` keeps
    the phone's storage apart per event; putting a question on screen also switches the big screen to it."""
    from .questions_panel import PanelQuestions
    from .questions_phone import PhoneQuestions
    from .questions_screen import ScreenQuestions

    feed = PhoneFeed(service)

    def show_view() -> None:
        facilitation.show_on_screen(VIEW)

    def phone(context: PhoneContext) -> None:
        PhoneQuestions(service, feed, context, scope=scope).build()

    return Feature(
        phone_sections=(phone,),
        screen_views=(
            ScreenView(
                name=VIEW, label_key='questions.view', build=lambda lang: ScreenQuestions(service, lang).build()
            ),
        ),
        panel_sections=(lambda lang: PanelQuestions(service, feed, lang, show_view).build(),),
    )


@dataclass(frozen=True, kw_only=True, slots=True)
class PhoneLists:
    """The room's list as phones show it, made once per flush: every phone with the same sort gets the same tuple,
    and a list that did not change is the previous flush's tuple itself (phones showing it are skipped)."""

    top: tuple[dict, ...]
    """Up to PHONE_LIST visible questions, most votes first: {id, text, votes} each."""
    newest: tuple[dict, ...]

    def get(self, sort: str) -> tuple[dict, ...]:
        return self.newest if sort == NEWEST else self.top

    @classmethod
    def of(cls, board: Board, before: PhoneLists | None = None) -> PhoneLists:
        top, newest = _items(board.top), _items(board.newest)
        if before is not None:
            top = before.top if top == before.top else top
            newest = before.newest if newest == before.newest else newest
        return cls(top=top, newest=newest)


def _items(questions: tuple[Question, ...]) -> tuple[dict, ...]:
    """Tuples of plain dicts: never changed once made (a phone's own vote makes its own copy), and NiceGUI keeps a
    tuple in an element's props as it is instead of copying it per phone."""
    return tuple({'id': q.id, 'text': q.text, 'votes': q.votes} for q in questions[:PHONE_LIST])


class PhoneFeed:
    """The service's changes, coalesced for phones and the panel: at most one update every PHONE_INTERVAL, but
    moderation (a hidden question) goes out at once so it leaves every screen together. The room's list reaches the
    phones as one message per sort order (a channel each, see shared_props.py); a phone gets an update of its own only
    when its votes among the listed questions or its own questions' states changed."""

    def __init__(
        self, service: Questions, interval: float = PHONE_INTERVAL, votes_interval: float = VOTES_INTERVAL
    ) -> None:
        self.service = service
        self.interval = interval
        self.votes_interval = votes_interval
        self.updated: Event[Board] = Event()
        """The board changed (coalesced); carries the newest board. The panel listens here."""
        self.lists = PhoneLists.of(service.board)
        """What phones list, as of the last flush (a phone that changes its sort takes it from here)."""
        self._last = 0.0
        """When the last pass over the phones ended (or the last flush, with no phones)."""
        self._pending: asyncio.TimerHandle | None = None
        self._due = 0.0
        self._dirty: str | None = None
        """The most urgent kind of change not yet given to phones (a new question is due sooner than a vote)."""
        self.channels = {
            TOP: SharedChannel('questions:top', {'items': self.lists.top}),
            NEWEST: SharedChannel('questions:new', {'items': self.lists.newest}),
        }
        self._phones: dict[int, PhoneQuestions] = {}
        self._pass: asyncio.Task | None = None
        service.changed.subscribe(self._on_change)

    def follow(self, phone: PhoneQuestions) -> None:
        """A phone's section: its sort order's channel, and its own changes with each flush, until its page is gone."""
        key = id(phone)
        self._phones[key] = phone
        self.channels[phone.sort].follow(phone.form)
        phone.form.client.on_delete(lambda: self._phones.pop(key, None))

    def sort(self, form: SharedProps, sort: str) -> None:
        """A phone chose another order: it follows that order's channel (told with its next update)."""
        self.channels[sort].follow(form)

    def _on_change(self, change: Change) -> None:
        if change.kind == MODERATED:
            self._flush()  # a hidden question leaves every screen together, even in the middle of a pass
            return
        if self._dirty is None or self._dirty == VOTED:
            self._dirty = change.kind
        if not self._busy():
            self._plan()  # during a pass, the pass plans the next flush when it ends

    def _plan(self) -> None:
        """Flush when due: PHONE_INTERVAL after the last pass ended for questions, VOTES_INTERVAL for vote counts."""
        due = self._last + (self.votes_interval if self._dirty == VOTED else self.interval)
        if self._pending is not None:
            if self._due <= due:
                return
            self._pending.cancel()
        self._pending, self._due = None, due
        wait = due - time.monotonic()
        if wait <= 0:
            self._flush()
            return
        try:
            self._pending = asyncio.get_running_loop().call_later(wait, self._flush)
        except RuntimeError:  # no loop (a script): nobody is listening live anyway
            self._flush()

    def _plan_if_idle(self) -> None:
        if self._dirty is not None and not self._busy():
            self._plan()

    def _busy(self) -> bool:
        return self._pass is not None and not self._pass.done()

    def _flush(self) -> None:
        if self._pending is not None:
            self._pending.cancel()
            self._pending = None
        self._dirty = None
        board = self.service.board
        self.lists = PhoneLists.of(board, self.lists)
        self.updated.emit(board)
        if self._busy():
            self._pass.cancel()  # type: ignore[union-attr]  # moderation: the phones get the newest board instead
        if self._phones:
            self._pass = background_tasks.create(self._pass_over_phones(), name='questions feed')
        else:
            self._last = time.monotonic()

    async def _pass_over_phones(self) -> None:
        """Give every phone the newest lists: each phone's own changes are worked out first (its votes among newly
        listed questions, its own questions' states), then one message per sort order whose list changed; a phone
        with changes of its own gets them with the list in one update."""
        lists = self.lists
        own: dict[str, dict[SharedProps, dict[str, Any]]] = {sort: {} for sort in self.channels}

        def take(phone: PhoneQuestions) -> None:  # may read a phone's votes from the database: in steps
            if not phone.form.is_deleted and (mine := phone.take(lists)):
                own[phone.sort][phone.form] = mine

        try:
            await in_steps(list(self._phones.values()), take, what='question list', element=lambda phone: phone.form)
            for sort, channel in self.channels.items():
                items = lists.get(sort)
                if items is not channel.props['items']:
                    await channel.publish({'items': items}, own=own[sort])
                else:
                    for form, mine in own[sort].items():
                        form.props.update(mine)
        finally:
            self._last = time.monotonic()
            if self._dirty is not None:  # what changed during the pass goes out once it is due (after this task)
                asyncio.get_running_loop().call_soon(self._plan_if_idle)
