"""Phones joining the event: the event code, validation, and the join count."""

from __future__ import annotations

import hmac
import logging
import secrets

from .domain.agenda import Agenda
from .domain.participants import JoinError, Participant, validate_join
from .live import Live
from .store import Store

log = logging.getLogger(__name__)

CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'
"""No 0/O or 1/I: the code is read off a projector and typed on a phone."""
CODE_LENGTH = 5


def new_event_code() -> str:
    return ''.join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(code: str) -> str:
    return ''.join(code.split()).upper()[:20]


class Joining:
    """Who is in the room."""

    def __init__(self, *, agenda: Agenda, store: Store, live: Live) -> None:
        self.agenda = agenda
        self.store = store
        self.live = live
        self.code = store.ensure_meta('event_code', new_event_code)
        self._count = store.participant_count()

    @property
    def count(self) -> int:
        return self._count

    def code_ok(self, code: str) -> bool:
        return hmac.compare_digest(normalise_code(code).encode(), self.code.encode())

    def participant(self, participant_id: str) -> Participant | None:
        return self.store.participant(participant_id)

    async def durable(self) -> None:
        """Return once the joins made so far are on disk: they are committed relaxed and made durable in groups
        (store/durability.py); a page awaits this before it acknowledges."""
        await self.store.durable()

    def join(self, participant_id: str, *, code: str, name: str, department: str, language: str) -> Participant:
        """Validate and store a phone's join; raises JoinError (with a message key) and stores nothing on bad input."""
        if not self.code_ok(code):
            raise JoinError('join.wrong_code')
        name, department, language = validate_join(
            name=name, department=department, language=language, departments=self.agenda.departments
        )
        existing = self.store.participant(participant_id)
        participant = Participant(
            id=participant_id,
            name=name,
            department=department,
            language=language,
            leader=existing.leader if existing else False,
        )
        self.store.save_participant(participant, self.live.clock())
        if existing is None:
            self._count += 1
        self.live.joined.emit(self._count)
        return participant

    def set_language(self, participant_id: str, language: str) -> None:
        if language in ('nb', 'en'):
            self.store.set_language(participant_id, language)
