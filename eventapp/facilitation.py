"""The running event's state machine as a service: validate (domain) -> write (store) -> emit (live)."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from .domain import run
from .domain.agenda import Agenda
from .domain.run import RunError, RunState
from .live import Live, RunView
from .store import Store

log = logging.getLogger(__name__)

SESSION_VIEW = 'session'
"""The big screen's default view: the session with its countdown."""

ACTIONS = ('start', 'next', 'previous', 'jump', 'pause', 'resume', 'extend')


@dataclass(frozen=True, kw_only=True, slots=True)
class Outcome:
    """What the facilitator is told after an action: `key` is a translation key, `state` the state now."""

    ok: bool
    key: str
    state: RunState


class Facilitation:
    """Drives the run of show. The store holds the truth; this keeps a copy so pages read without SQL."""

    def __init__(self, *, agenda: Agenda, store: Store, live: Live) -> None:
        self.agenda = agenda
        self.store = store
        self.live = live
        self._state = store.run_state()
        self.screen_views: tuple[str, ...] = (SESSION_VIEW,)
        self._screen_view = SESSION_VIEW
        if self._state.phase == run.RUNNING and self._state.index >= len(agenda.sessions):
            log.warning('stored session %s is beyond this agenda; the day stays where it was', self._state.index)

    @property
    def state(self) -> RunState:
        return self._state

    def view(self) -> RunView:
        now = self.live.clock()
        state = self._state
        return RunView(
            state=state,
            remaining=run.remaining_seconds(state, self.agenda, now),
            overrun=run.overrun_minutes(state, self.agenda, now),
        )

    def allow_screen_views(self, names: tuple[str, ...]) -> None:
        """The views features offer for the big screen; the stored choice comes back if it is still offered."""
        self.screen_views = (SESSION_VIEW, *names)
        stored = self.store.meta('screen_view')
        self._screen_view = stored if stored in self.screen_views else SESSION_VIEW

    @property
    def screen_view(self) -> str:
        """What the big screen shows now."""
        return self._screen_view

    def show_on_screen(self, name: str) -> Outcome:
        """Put one view on the big screen (kept across a restart)."""
        if name not in self.screen_views:
            return Outcome(ok=False, key='screen_view.unknown', state=self._state)
        self.store.set_meta('screen_view', name)
        self._screen_view = name
        self.live.screen_view_changed.emit(name)
        return Outcome(ok=True, key='screen_view.shown', state=self._state)

    def act(self, action: str, *, seen_version: int | None = None, index: int | None = None) -> Outcome:
        """Apply one facilitator action. `seen_version` is the version the facilitator's screen showed: if the
        state moved on meanwhile (another laptop, a double click), nothing changes and the facilitator is told."""
        if seen_version is not None and seen_version != self._state.version:
            return Outcome(ok=False, key='run.stale', state=self._state)
        now = self.live.clock()
        try:
            new = self._transition(action, now, index)
        except RunError as error:
            return Outcome(ok=False, key=error.key, state=self._state)
        if not self.store.save_run_state(new, expected_version=self._state.version):
            self._state = self.store.run_state()
            return Outcome(ok=False, key='run.stale', state=self._state)
        done = action
        if action == 'next' and self._state.phase == run.BEFORE:
            done = 'start'
        elif new.phase == run.FINISHED:
            done = 'finish'
        self._state = new
        log.info('run of show: %s -> %s #%s (v%s)', action, new.phase, new.index, new.version)
        self.live.run_changed.emit(self.view())
        return Outcome(ok=True, key=f'run.done.{done}', state=new)

    def _transition(self, action: str, now, index: int | None) -> RunState:
        state, agenda = self._state, self.agenda
        match action:
            case 'start':
                return run.start(state, agenda, now)
            case 'next':
                return run.advance(state, agenda, now)
            case 'previous':
                return run.back(state, agenda, now)
            case 'jump':
                return run.jump(state, agenda, -1 if index is None else index, now)
            case 'pause':
                return run.pause(state, now)
            case 'resume':
                return run.resume(state, now)
            case 'extend':
                return run.extend(state)
        raise RunError('run.unknown_action')
