"""Anonymous questions on the three surfaces: the feature app.py plugs into the seam (see features.py)."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from pathlib import Path

from nicegui import Event, background_tasks, ui

from ..facilitation import Facilitation
from ..questions import MODERATED, Board, Change, Questions
from .features import Feature, PhoneContext, ScreenView

log = logging.getLogger(__name__)

STATE_KEYS = {
    'waiting': 'questions.state_waiting',
    'visible': 'questions.state_visible',
    'hidden': 'questions.state_hidden',
    'answered': 'questions.state_answered',
}
"""A question's state in words, for the asker's phone and the panel (never colour alone)."""

VIEW = 'questions'
PHONES_PER_STEP = 50
"""Phones whose question list is updated before the feed lets other work (acknowledgements, pings) run."""
PHONE_INTERVAL = 1.0
"""Seconds between list updates on phones: a vote flood becomes one small update a second per phone."""


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


class PhoneFeed:
    """The service's changes, coalesced for phones and the panel: at most one update a second, but moderation (a
    hidden question) goes out at once so it leaves every screen together."""

    def __init__(self, service: Questions, interval: float = PHONE_INTERVAL) -> None:
        self.service = service
        self.interval = interval
        self.updated: Event[Board] = Event()
        """The board changed (coalesced); carries the newest board. The panel listens here."""
        self._last = 0.0
        self._pending: asyncio.TimerHandle | None = None
        self._phones: list[tuple[ui.element, Callable[[Board], None]]] = []
        self._pass: asyncio.Task | None = None
        self._again = False
        service.changed.subscribe(self._on_change)

    def follow(self, owner: ui.element, show: Callable[[Board], None]) -> None:
        """A phone's list, shown the newest board in passes of PHONES_PER_STEP phones (see `_pass_over_phones`)."""
        self._phones.append((owner, show))
        owner.client.on_delete(lambda: self._forget(owner))

    def _forget(self, owner: ui.element) -> None:
        self._phones = [(o, show) for o, show in self._phones if o is not owner]

    def _on_change(self, change: Change) -> None:
        wait = self._last + self.interval - time.monotonic()
        if change.kind == MODERATED or (wait <= 0 and self._pending is None):
            self._flush()
            return
        if self._pending is None:
            try:
                self._pending = asyncio.get_running_loop().call_later(max(wait, 0.0), self._flush)
            except RuntimeError:  # no loop (a script): nobody is listening live anyway
                self._flush()

    def _flush(self) -> None:
        if self._pending is not None:
            self._pending.cancel()
            self._pending = None
        self._last = time.monotonic()
        self.updated.emit(self.service.board)
        if self._pass is not None and not self._pass.done():
            self._again = True  # the running pass starts over with the newest board when it is done
        elif self._phones:
            self._pass = background_tasks.create(self._pass_over_phones(), name='questions feed')

    async def _pass_over_phones(self) -> None:
        """Update every phone's list, yielding to the event loop between steps. One synchronous pass over 1,000 phones
        (rows made, filled) held the loop for seconds: acknowledgements and pings waited, sockets dropped."""
        for _ in range(1000):
            self._again = False
            board = self.service.board
            phones = list(self._phones)
            for start in range(0, len(phones), PHONES_PER_STEP):
                for owner, show in phones[start : start + PHONES_PER_STEP]:
                    if not owner.is_deleted:
                        try:
                            show(board)
                        except Exception:  # one broken page must not stop the others' lists
                            log.exception("updating a phone's question list failed")
                await asyncio.sleep(0)
            if not self._again:
                return


class Device(ui.element, component=Path(__file__).parent / 'questions_device.js'):
    """The phone's localStorage for questions (see questions_device.js): emits `restore` once it is mounted."""

    def __init__(self, scope: str) -> None:
        super().__init__()
        self._props['scope'] = scope

    def pin_token(self, token: str) -> None:
        self._props['token'] = token
        self.update()

    def confirm(self, *, submission: str, question_id: int, text: str) -> None:
        """Tell the phone a question is committed: it keeps it in its own list and takes a fresh submission id."""
        self._props['confirmed'] = {'submission': submission, 'id': question_id, 'text': text}
        self.update()
