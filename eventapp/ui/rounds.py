"""Table rounds on the three surfaces, and the phone's part: "Bord 7", the role this round, the table mates.

A phone sees its own table only (mates' first names, its own role) and cannot send anything: no table is ever
chosen on a phone. The card is one element (round_card.js); the exercise card's texts are shared by every phone of a
language (one message for all, see shared_props.py), and a phone gets an update of its own only when its seat
changed.
"""

from __future__ import annotations

from pathlib import Path

from ..domain.agenda import LANGUAGES
from ..domain.exercises import Exercise
from ..i18n import t
from ..live import Live
from ..rounds import Rounds, seat_rules
from .exercise_screen import ScreenExercise
from .fanout import OnePassAtATime, in_steps
from .features import Feature, PhoneContext, ScreenView
from .rounds_panel import PanelRounds
from .rounds_screen import ScreenFinder, ScreenTables
from .shared_props import SharedChannel, SharedProps

TABLES_VIEW, FIND_VIEW, EXERCISE_VIEW = 'tables', 'find', 'exercise'
FIELDS = ('table', 'role', 'duty', 'mates', 'title', 'partners', 'text', 'steps')
"""The round card's props (round_card.js), in this order."""
SEAT = ('table', 'role', 'duty', 'mates', 'partners')
"""The props that are this phone's own: its seat this round (and its partner in a pairs exercise)."""
NO_SEAT = ('',) * len(SEAT)


def feature(*, service: Rounds, live: Live) -> Feature:
    """The rounds' phone section, three big-screen views (table map, find your table, exercise) and a panel part."""
    cards = RoundCards(service, live)
    return Feature(
        phone_sections=(lambda context: PhoneRound(cards, context).build(),),
        screen_views=(
            ScreenView(
                name=TABLES_VIEW, label_key='rounds.view_tables', build=lambda lang: ScreenTables(service, lang).build()
            ),
            ScreenView(
                name=FIND_VIEW, label_key='rounds.view_find', build=lambda lang: ScreenFinder(service, lang).build()
            ),
            ScreenView(
                name=EXERCISE_VIEW,
                label_key='exercise.view',
                build=lambda lang: ScreenExercise(service, live, lang).build(),
            ),
        ),
        panel_sections=(lambda lang: PanelRounds(service, live, lang).build(),),
    )


class RoundCard(SharedProps, component=Path(__file__).parent / 'round_card.js'):
    """The phone's table-round card as one element (see round_card.js): built once per phone; a round or a session
    change only sets its props (the exercise's texts for every phone of a language at once). Nothing shows while
    `table` is empty."""

    def __init__(self) -> None:
        super().__init__()
        self._props.update(dict.fromkeys(FIELDS, ''))

    def _displayed_contents(self, *, only_visible: bool) -> list:
        """What the phone shows as text, for NiceGUI's `should_see` (nothing while hidden)."""
        props = self._props
        return [props[key] for key in FIELDS] if props['table'] else []


class RoundCards:
    """What every phone's round card shares, made once per change: whether the day is finished, the exercise card of
    the session now and its texts per language (published on that language's channel). Subscribes once for all phones
    and hands each its own seat, so a session switch that changes the card but no seat is one message per language,
    and one that changes neither the card nor the phase costs nothing per phone."""

    def __init__(self, service: Rounds, live: Live) -> None:
        self.service = service
        self.phones: set[PhoneRound] = set()
        self._card: Exercise | None = None
        self._texts: dict[str, tuple[str, str, str]] = {}
        self._shown: tuple[bool, Exercise | None] | None = self.now()
        """The (finished, card) the phones were last shown with (as built: starting the day changes neither)."""
        self._seats_changed = False
        """Someone's seat may have changed since the last pass (not only the card's texts)."""
        self.channels = {lang: SharedChannel(f'round:{lang}', self.card_props(lang)) for lang in LANGUAGES}
        self.passes = OnePassAtATime(self._pass_over_phones, name='round cards')
        service.changed.subscribe(self.show_all)
        live.run_changed.subscribe(self.on_run_changed)

    def on_run_changed(self) -> None:
        """The run of show moved: phones change only if the card or the finished phase did, and their seats only if
        the finished phase or the card's roles or pairs did (a new card's texts alone are one message)."""
        finished, card = self.now()
        shown = self._shown
        if shown is None or shown[0] != finished or shown[1] is not card:
            seats = shown is None or shown[0] != finished or seat_rules(shown[1]) != seat_rules(card)
            self._request(seats=seats)

    def show_all(self) -> None:
        """A round started, someone sat down or left: every phone looks up its own seat."""
        self._request(seats=True)

    def _request(self, *, seats: bool) -> None:
        self._shown = self.now()
        self._seats_changed |= seats
        if self.phones:
            self.passes.request()

    async def _pass_over_phones(self) -> None:
        """The card's texts first, one message per language if they changed; then every phone's seat from the state
        now, a few phones at a time (2,000 seat lookups in one go would hold the loop for a few hundred ms): a phone
        whose seat changed gets an update of its own, the others nothing."""
        seats, self._seats_changed = self._seats_changed, False
        for lang, channel in self.channels.items():
            texts = self.card_props(lang)
            if any(channel.props.get(key) != value for key, value in texts.items()):
                await channel.publish(texts)
        if not seats:
            return

        def show(phone: PhoneRound) -> None:
            if phone in self.phones and (seat := phone.take()) is not None:
                phone.card.props.update(seat)

        await in_steps(self.phones, show, what='round card', element=lambda phone: phone.card)

    def now(self) -> tuple[bool, Exercise | None]:
        """Whether the day is finished, and the card of the session running now (its texts are made anew on change)."""
        finished = self.service.facilitation.state.phase == 'finished'
        card = None if finished else self.service.exercise()
        if card is not self._card:
            self._texts = {}
        self._card = card
        return finished, card

    def seat(self, participant_id: str, lang: str) -> tuple[str, ...]:
        """One phone's own props, in the order of `SEAT`: its table, role, mates and partners (none: no seat)."""
        finished, card = self.now()
        seat = None if finished else self.service.seat(participant_id)
        if seat is None:
            return NO_SEAT
        role = seat.role or 'free'  # the fifth at a table of five: four roles go round, this person joins in freely
        partners = t('exercise.partners', lang, names=names(seat.partners, lang)) if card and seat.partners else ''
        return (
            t('rounds.table', lang, number=seat.table),
            t(f'role.{role}', lang),
            t(f'role.{role}_duty', lang),
            t('rounds.mates', lang, names=names(seat.mates, lang)) if seat.mates else '',
            partners,
        )

    def card_props(self, lang: str) -> dict[str, str]:
        """The exercise card of the session now in `lang`, the same for every phone (empty: none)."""
        _, card = self.now()
        title, text, steps = self.card_texts(card, lang) if card else ('', '', '')
        return {'title': title, 'text': text, 'steps': steps}

    def card_texts(self, card: Exercise, lang: str) -> tuple[str, str, str]:
        """The card's title, phone text and step lines in `lang`, made once per card and language."""
        texts = self._texts.get(lang)
        if texts is None:
            text = card.text(lang)
            steps = '\n'.join(
                t('exercise.step_line', lang, n=i, name=step.name, minutes=step.minutes)
                for i, step in enumerate(text.steps, start=1)
            )
            texts = self._texts[lang] = (text.title, text.phone, steps)
        return texts


class PhoneRound:
    """One phone's table, role and table mates, and the exercise card when the session names one: one element whose
    own props change only when this phone's seat changed."""

    def __init__(self, cards: RoundCards, context: PhoneContext) -> None:
        self.cards = cards
        self.pid = context.participant.id
        self.lang = context.lang
        self.shown: tuple[str, ...] = NO_SEAT

    def build(self) -> None:
        self.card = RoundCard().classes('rounds').props('data-testid=round').mark('round')
        self.cards.channels[self.lang].follow(self.card)
        self.card.props.update(self.cards.card_props(self.lang), **(self.take() or {}))
        self.cards.phones.add(self)
        self.card.client.on_delete(lambda: self.cards.phones.discard(self))

    def take(self) -> dict[str, str] | None:
        """This phone's seat now: its props if they differ from what the phone shows, else None."""
        shown = self.cards.seat(self.pid, self.lang)
        if shown == self.shown:
            return None
        self.shown = shown
        return dict(zip(SEAT, shown, strict=True))


def names(first_names: tuple[str, ...] | list[str], lang: str) -> str:
    """'Kari, Ola og Per' / 'Kari, Ola and Per'; a mate without a name is 'a guest'."""
    shown = [name or t('rounds.guest', lang) for name in first_names]
    if len(shown) < 2:
        return ''.join(shown)
    return t('rounds.and', lang, first=', '.join(shown[:-1]), last=shown[-1])
