"""Pledges as a service: validate (domain) -> write (store) -> emit, plus closing pledging and the event.

The store holds the truth; this keeps a copy of the pledges so the wall, the panel and the phones read without SQL.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, replace

from nicegui import Event

from .domain import pledges as rules
from .domain.agenda import Agenda
from .domain.calendar import pledge_calendar
from .domain.pledges import Pledge, PledgeError
from .i18n import t
from .live import Clock
from .store.pledges import EVENT_CLOSED, PLEDGING_CLOSED, PledgeStore

log = logging.getLogger(__name__)

SAVED, HIDDEN, SHOWN = 'saved', 'hidden', 'shown'


@dataclass(frozen=True, kw_only=True, slots=True)
class PledgeState:
    """Whether phones may still pledge, and whether the facilitator closed the event."""

    pledging_open: bool
    event_open: bool


@dataclass(frozen=True, kw_only=True, slots=True)
class Change:
    """One pledge that changed: saved by its phone, or hidden or shown again by the facilitator."""

    kind: str
    pledge: Pledge
    new: bool = False


class Pledging:
    """One pledge per phone, editable until the facilitator closes pledging."""

    def __init__(self, *, agenda: Agenda, store: PledgeStore, clock: Clock) -> None:
        self.agenda = agenda
        self.store = store
        self.clock = clock
        self.changed: Event[Change] = Event()
        """A pledge was saved, hidden or shown again (after the write is committed)."""
        self.state_changed: Event[PledgeState] = Event()
        """The facilitator closed pledging or the event; phones turn read-only."""
        self._pledges: dict[int, Pledge] = {p.id: p for p in store.pledges()}
        self._state = self._read_state()

    # --- reading ----------------------------------------------------------------------------------

    @property
    def state(self) -> PledgeState:
        return self._state

    def pledges(self) -> list[Pledge]:
        """Every pledge, in the order first made."""
        return sorted(self._pledges.values(), key=lambda p: p.id)

    def wall(self) -> list[Pledge]:
        """The pledges on the wall (not 'not on the wall', not hidden by the facilitator), in order."""
        return [p for p in self.pledges() if p.on_wall]

    def counts(self) -> dict[str, int]:
        """Pledges per goal, every pledge counted (also those not on the wall: the count says how many committed)."""
        return rules.counts_per_goal(self.agenda, self._pledges.values())

    def own(self, participant_id: str) -> Pledge | None:
        return self.store.pledge(participant_id)

    def latest_deadline(self) -> dt.datetime:
        return rules.latest_deadline(self.agenda)

    def calendar_file(self, participant_id: str, lang: str) -> bytes | None:
        """The phone's own pledge as an .ics (an event at the deadline, a reminder 24 hours before)."""
        pledge = self.own(participant_id)
        if pledge is None:
            return None
        return pledge_calendar(
            self.agenda,
            pledge,
            title=t('pledge.calendar_title', lang, text=pledge.text),
            reminder=t('pledge.calendar_reminder', lang, text=pledge.text),
            now=self.clock(),
        )

    # --- phone ------------------------------------------------------------------------------------

    async def durable(self) -> None:
        """Return once the pledges made so far are on disk: they are committed relaxed and made durable in groups
        (store/durability.py); a page awaits this before it acknowledges."""
        await self.store.durable()

    def save(
        self,
        participant_id: str,
        *,
        text: str,
        goal_id: str,
        deadline: str = '',
        partner: str = '',
        name: str = '',
        wall: str = rules.ANONYMOUS,
    ) -> Pledge:
        """Store the phone's pledge (a second one replaces the first); PledgeError with a message key otherwise.
        `deadline` is what the phone's date-time field sent, in the event's time zone ('' = the latest)."""
        if not self._state.pledging_open:
            raise PledgeError('pledge.closed')
        due = rules.parse_local(deadline, self.agenda) if deadline else None
        draft = rules.validate(
            self.agenda,
            text=text,
            goal_id=goal_id,
            deadline=due,
            now=self.clock(),
            partner=partner,
            name=name,
            wall=wall,
        )
        pledge, new = self.store.save(participant_id, draft, self.clock())
        self._pledges[pledge.id] = pledge
        log.info('pledge %s %s (goal %s)', pledge.id, 'made' if new else 'changed', pledge.goal_id)
        self.changed.emit(Change(kind=SAVED, pledge=pledge, new=new))
        return pledge

    # --- facilitator ------------------------------------------------------------------------------

    def hide(self, pledge_id: int, hidden: bool = True) -> bool:
        """Take a card off the wall (or put it back). The pledge itself stays, also in the export."""
        if pledge_id not in self._pledges or not self.store.set_hidden(pledge_id, hidden):
            return False
        pledge = self._pledges[pledge_id]
        self._pledges[pledge_id] = pledge = replace(pledge, hidden=hidden)
        self.changed.emit(Change(kind=HIDDEN if hidden else SHOWN, pledge=pledge))
        return True

    def close_pledging(self) -> PledgeState:
        self.store.close(PLEDGING_CLOSED)
        return self._emit_state()

    def close_event(self) -> PledgeState:
        """Close the event: pledging closes with it, and phones keep their pledge and calendar file, read-only."""
        self.store.close(PLEDGING_CLOSED, EVENT_CLOSED)
        return self._emit_state()

    def _emit_state(self) -> PledgeState:
        self._state = self._read_state()
        self.state_changed.emit(self._state)
        return self._state

    def _read_state(self) -> PledgeState:
        return PledgeState(
            pledging_open=not self.store.flag(PLEDGING_CLOSED), event_open=not self.store.flag(EVENT_CLOSED)
        )
