"""The table rounds on the facilitator panel: who is here, start a round, check people in and out, mark leaders,
and how good the plan is (each figure next to its lower bound). Every action answers in the feedback line."""

from __future__ import annotations

from nicegui import ui

from ..domain.rotation import Metrics
from ..i18n import t
from ..live import Live
from ..rounds import RoundOutcome, Rounds
from ..store.rounds import StoredPlan
from .coalesce import Coalesced

SEARCH_LIMIT = 8
"""A bounded list: the panel never renders 300 rows; type more of the name to narrow it."""


class PanelRounds:
    def __init__(self, service: Rounds, live: Live, lang: str) -> None:
        self.service, self.live, self.lang = service, live, lang

    def build(self) -> None:
        lang = self.lang
        with ui.element('section').classes('rounds__panel').props('data-testid=rounds-panel').mark('rounds-panel'):
            ui.label(t('rounds.heading', lang)).classes('panel__heading')
            with ui.element('div').classes('rounds__panel-row'):
                self.status = ui.label().classes('rounds__panel-status').props('data-testid=rounds-status')
                self.status.mark('rounds-status')
                self.start = (
                    ui.button(on_click=self.on_start)
                    .props('unelevated no-caps data-testid=round-start')
                    .mark('round-start')
                )
            self.feedback = ui.label().classes('panel__feedback').props('role=status data-testid=rounds-feedback')
            self.feedback.mark('rounds-feedback')
            self.quality = ui.element('div').classes('rounds__quality').props('data-testid=plan-quality')
            self.quality.mark('plan-quality')
            with ui.element('div').classes('rounds__people'):
                self.query = (
                    ui.input(t('rounds.search', lang), on_change=self.render_people)
                    .props('outlined dense clearable autocomplete=off data-testid=people-search')
                    .mark('people-search')
                    .classes('rounds__search')
                )
                self.people = ui.element('div').classes('rounds__list').props('data-testid=people').mark('people')
            self.confirm_dialog()
        self.show()
        redraw = Coalesced(self.people, self.show)  # late arrivals during a round change both, once per phone
        self.service.changed.subscribe(redraw.notify)
        self.service.roster_changed.subscribe(redraw.notify)
        self.service.told.subscribe(self.say)

    # --- actions ----------------------------------------------------------------------------------

    def confirm_dialog(self) -> None:
        """Starting a round seats everyone anew: the panel asks once (one dialog, reused)."""
        with ui.dialog() as self.dialog, ui.card():
            self.question = ui.label().classes('text-lg')
            with ui.row():
                ui.button(t('panel.cancel', self.lang), on_click=self.dialog.close).props('flat no-caps')
                ui.button(t('panel.yes', self.lang), on_click=self.on_confirm).props(
                    'unelevated no-caps data-testid=round-confirm'
                ).mark('round-confirm')

    def on_start(self) -> None:
        self.question.text = t('rounds.confirm_start', self.lang, number=len(self.service.played) + 1)
        self.dialog.open()

    async def on_confirm(self) -> None:
        self.dialog.close()
        self.start.disable()
        self.feedback.text = t('rounds.planning', self.lang)
        try:
            outcome = await self.service.start_round()
        finally:
            self.start.enable()
        self.say(outcome)

    def say(self, outcome: RoundOutcome) -> None:
        """One line for what happened, then any warning, in words (the colour only repeats it)."""
        lines = [self.text(outcome.key, outcome.values)]
        lines += [self.text(key, values) for key, values in outcome.warnings]
        self.feedback.text = ' '.join(lines)
        problem = not outcome.ok or bool(outcome.warnings)
        self.feedback.classes(add='panel__feedback--problem') if problem else self.feedback.classes(
            remove='panel__feedback--problem'
        )
        self.show()

    def text(self, key: str, values) -> str:
        if values.get('name') == '':
            values = {**values, 'name': t('rounds.guest', self.lang)}
        return t(key, self.lang, **values)

    # --- showing ----------------------------------------------------------------------------------

    def show(self) -> None:
        lang, service = self.lang, self.service
        present, current = service.present_count, service.current
        if current is None:
            self.status.text = t('rounds.status_none', lang, present=present)
        else:
            self.status.text = t(
                'rounds.status', lang, number=current.number, total=service.planned_rounds, present=present
            )
        self.start.text = t('rounds.start', lang, number=len(service.played) + 1)
        self.start.set_enabled(not service.planning)
        self.render_quality(service.plan)
        self.render_people()

    def render_quality(self, plan: StoredPlan | None) -> None:
        lang = self.lang
        self.quality.clear()
        with self.quality:
            if plan is None:
                ui.label(t('rounds.no_plan', lang)).classes('panel__muted')
                return
            m: Metrics = plan.metrics
            ui.label(t('rounds.quality_title', lang, people=len(plan.roster), rounds=len(plan.rounds)))
            ui.label(t('rounds.q_repeats', lang, value=m.repeated_pairs, bound=m.repeated_pairs_lower_bound))
            ui.label(
                t('rounds.q_departments', lang, value=m.same_department_pairs, bound=m.same_department_lower_bound)
            )
            ui.label(
                t(
                    'rounds.q_met',
                    lang,
                    min=m.new_people_met_min,
                    mean=f'{m.new_people_met_mean:.1f}',
                    best=most_met(plan),
                )
            )
            if m.leader_pairs:
                ui.label(t('rounds.q_leaders', lang, value=m.leader_pairs, bound=m.leader_pairs_lower_bound))

    def render_people(self) -> None:
        lang, service = self.lang, self.service
        found, total = service.search(self.query.value or '', SEARCH_LIMIT)
        current = service.current
        seats = {person.id: service.seat(person.id) if current else None for person in found}
        shown = (tuple(found), tuple(seats.values()), total)
        if shown == getattr(self, 'people_shown', None):
            return  # people joining further down the alphabet: the eight rows shown are unchanged, nothing is rebuilt
        self.people_shown = shown
        self.people.clear()
        with self.people:
            if not found:
                ui.label(t('rounds.nobody', lang)).classes('panel__muted')
            for person in found:
                seat = seats[person.id]
                with ui.element('div').classes('rounds__person').props(f'data-testid=person-{person.id}'):
                    ui.label(person.name or t('rounds.guest', lang)).classes('rounds__name')
                    ui.label(person.department).classes('panel__muted')
                    where = t('rounds.table', lang, number=seat.table) if seat else ''
                    state = t('rounds.here' if person.present else 'rounds.left', lang)
                    ui.label(f'{state} {where}'.strip()).classes('rounds__where')
                    ui.button(
                        t('rounds.check_out' if person.present else 'rounds.check_in', lang),
                        on_click=lambda p=person: self.say(
                            self.service.check_out(p.id) if p.present else self.service.check_in(p.id)
                        ),
                    ).props('outline no-caps data-testid=presence').mark('presence')
                    ui.checkbox(
                        t('rounds.leader', lang),
                        value=person.leader,
                        on_change=lambda e, p=person: self.say(self.service.set_leader(p.id, e.value)),
                    ).props('data-testid=leader').mark('leader')
            if total > len(found):
                ui.label(t('rounds.more', lang, count=total - len(found))).classes('panel__muted')


def most_met(plan: StoredPlan) -> int:
    """An upper bound on new people met per person: the largest seat count over the rounds, at most everyone."""
    seats = sum(max((len(table) for table in round_), default=1) - 1 for round_ in plan.rounds)
    return min(seats, max(len(plan.roster) - 1, 0))
