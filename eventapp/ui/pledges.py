"""Pledges on the three surfaces: the feature app.py plugs into the seam (see features.py).

The phone: one pledge form that appears for the commitment session (or when the facilitator shows the goals or the
wall, or after the day), says "saved" only after the store committed, then offers the pledge as a calendar file.
After the facilitator closes pledging or the event, the phone shows its pledge read-only.
"""

from __future__ import annotations

import logging

from nicegui import ui

from ..domain import pledges as rules
from ..domain.agenda import Agenda
from ..domain.pledges import Pledge, PledgeError
from ..exporting import Exporter
from ..facilitation import Facilitation
from ..i18n import clock_time, long_date, t
from ..live import Live, RunView
from ..pledging import PledgeState, Pledging
from . import goals, wall
from .features import Feature, PhoneContext, ScreenView

log = logging.getLogger(__name__)


def feature(
    service: Pledging, *, exporter: Exporter, agenda: Agenda, live: Live, facilitation: Facilitation
) -> Feature:
    """The pledge form on phones, the goals and the wall on the big screen, the pledge controls on the panel."""
    from .pledges_panel import PanelPledges

    def phone(context: PhoneContext) -> None:
        PhonePledge(service, context, agenda=agenda, live=live, facilitation=facilitation).build()

    return Feature(
        phone_sections=(phone,),
        screen_views=(
            ScreenView(
                name=goals.VIEW, label_key='goals.view', build=lambda lang: goals.build_goals_view(agenda, lang)
            ),
            ScreenView(
                name=wall.VIEW, label_key='wall.view', build=lambda lang: wall.Wall(service, agenda, lang).build()
            ),
        ),
        panel_sections=(lambda lang: PanelPledges(service, exporter, agenda, lang).build(),),
    )


def when(pledge_or_time, agenda: Agenda, lang: str) -> str:
    """'lørdag 16. januar 2027 kl. 16.00' in the event's time zone."""
    moment = pledge_or_time.deadline if isinstance(pledge_or_time, Pledge) else pledge_or_time
    local = moment.astimezone(agenda.event.tz)
    word = 'kl.' if lang == 'nb' else 'at'
    return f'{long_date(local.date(), lang)} {word} {clock_time(local, lang)}'


class PhonePledge:
    """One phone's pledge section."""

    def __init__(
        self, service: Pledging, context: PhoneContext, *, agenda: Agenda, live: Live, facilitation: Facilitation
    ) -> None:
        self.service, self.agenda, self.live, self.facilitation = service, agenda, live, facilitation
        self.participant = context.participant
        self.lang = context.lang
        self.own = service.own(self.participant.id)
        self.built = False

    def build(self) -> None:
        self.root = ui.element('section').classes('pledge').props('data-testid=pledge').mark('pledge')
        self.render()
        self.live.run_changed.subscribe(lambda _view: self.show_if_wanted())
        self.live.screen_view_changed.subscribe(lambda _name: self.show_if_wanted())
        self.service.state_changed.subscribe(self.on_state)

    def on_state(self, _state: PledgeState) -> None:
        self.render()

    def show_if_wanted(self) -> None:
        wanted = self.wanted(self.facilitation.view())
        if wanted and not self.built:
            self.render()
        else:
            self.root.set_visibility(wanted)

    def wanted(self, view: RunView) -> bool:
        """The form appears when the day asks for pledges; an own pledge stays on the phone from then on."""
        if self.own is not None:
            return True
        if not self.service.state.pledging_open:
            return False
        if view.state.phase == 'finished' or self.facilitation.screen_view in (goals.VIEW, wall.VIEW):
            return True
        if view.state.phase == 'running' and 0 <= view.state.index < len(self.agenda.sessions):
            session = self.agenda.sessions[view.state.index]
            return session.kind == 'commitment' or session.beat == 'commitment'
        return False

    def render(self) -> None:
        """Build the form (or the read-only card) only once the day asks for pledges: its twenty-odd elements would
        otherwise sit hidden on every phone all day, at about 4.5 KB of server memory each per phone."""
        self.root.clear()
        self.built = self.wanted(self.facilitation.view())
        if self.built:
            with self.root:
                if self.service.state.pledging_open:
                    self.form()
                else:
                    self.read_only()
        self.root.set_visibility(self.built)

    # --- open: the form ---------------------------------------------------------------------------

    def form(self) -> None:
        lang, agenda, own = self.lang, self.agenda, self.own
        latest = self.service.latest_deadline()
        latest_text = when(latest, agenda, lang)
        ui.label(t('pledge.title', lang)).classes('phone__headline pledge__title')
        ui.label(t('pledge.lead', lang)).classes('phone__lead')
        text = (
            ui.textarea(t('pledge.text', lang), value=own.text if own else '')
            .props(f'outlined autogrow maxlength={rules.TEXT_MAX} counter data-testid=pledge-text')
            .mark('pledge-text')
            .classes('phone__field')
        )
        ui.label(t('pledge.goal', lang)).classes('pledge__label')
        options = {g.id: f'{n}. {g.title}' for n, g in enumerate(agenda.goals, 1)}
        goal = (
            ui.radio(options, value=own.goal_id if own else None)
            .props('data-testid=pledge-goal')
            .mark('pledge-goal')
            .classes('pledge__choices pledge__goals')
        )
        value = (own.deadline if own else latest).astimezone(agenda.event.tz).strftime('%Y-%m-%dT%H:%M')
        deadline = (
            ui.input(t('pledge.deadline', lang, latest=latest_text), value=value)
            .props(f'outlined type=datetime-local max={latest.strftime("%Y-%m-%dT%H:%M")} data-testid=pledge-deadline')
            .mark('pledge-deadline')
            .classes('phone__field')
        )
        partner = (
            ui.input(t('pledge.partner', lang), value=own.partner if own else '')
            .props(f'outlined maxlength={rules.PARTNER_MAX} data-testid=pledge-partner')
            .props(f'hint="{t("pledge.partner_hint", lang)}"')
            .mark('pledge-partner')
            .classes('phone__field')
        )
        name = (
            ui.input(t('pledge.name', lang), value=own.name if own else self.participant.name)
            .props(f'outlined maxlength={rules.NAME_MAX} autocomplete=given-name data-testid=pledge-name')
            .props(f'hint="{t("pledge.name_hint", lang)}"')
            .mark('pledge-name')
            .classes('phone__field')
        )
        ui.label(t('pledge.wall', lang)).classes('pledge__label')
        choices = {choice: t(f'pledge.show.{choice}', lang) for choice in rules.WALL_CHOICES}
        start = own.wall if own else (rules.NAMED if self.participant.name else rules.ANONYMOUS)
        wall_choice = (
            ui.radio(choices, value=start)
            .props('data-testid=pledge-wall')
            .mark('pledge-wall')
            .classes('pledge__choices')
        )
        error = ui.label().classes('phone__error').props('role=alert data-testid=pledge-error').mark('pledge-error')
        status = (
            ui.label().classes('pledge__status').props('role=status data-testid=pledge-status').mark('pledge-status')
        )

        async def save() -> None:
            button.disable()
            error.text, status.text = '', t('pledge.saving', lang)
            try:
                self.own = self.service.save(
                    self.participant.id,
                    text=text.value or '',
                    goal_id=goal.value or '',
                    deadline=deadline.value or '',
                    partner=partner.value or '',
                    name=name.value or '',
                    wall=wall_choice.value or '',
                )
            except PledgeError as problem:
                status.text = ''
                error.text = t(problem.key, lang, latest=latest_text)
                return
            except Exception:
                log.exception('saving a pledge failed')
                status.text, error.text = '', t('pledge.failed', lang)
                return
            finally:
                button.enable()
            status.text = t('pledge.saved', lang)
            button.text = t('pledge.update', lang)
            calendar.set_visibility(True)

        button = (
            ui.button(t('pledge.update' if own else 'pledge.save', lang), on_click=save)
            .props('unelevated no-caps data-testid=pledge-save')
            .mark('pledge-save')
            .classes('phone__action pledge__save')
        )
        calendar = self.calendar_button()
        calendar.set_visibility(own is not None)

    # --- closed: read-only ------------------------------------------------------------------------

    def read_only(self) -> None:
        lang, own = self.lang, self.service.own(self.participant.id)
        self.own = own
        if own is None:
            ui.label(t('pledge.closed_none', lang)).classes('phone__lead')
            return
        ui.label(t('pledge.closed', lang)).classes('phone__lead').props('data-testid=pledge-closed').mark(
            'pledge-closed'
        )
        with ui.element('div').classes('pledge__card'):
            goals.goal_mark(self.agenda, own.goal_id, lang, size='phone')
            ui.label(own.text).classes('pledge__text').props('data-testid=pledge-own').mark('pledge-own')
            ui.label(t('pledge.deadline_is', lang, when=when(own, self.agenda, lang))).classes('pledge__meta')
            if own.partner:
                ui.label(t('pledge.partner_is', lang, partner=own.partner)).classes('pledge__meta')
        self.calendar_button()

    def calendar_button(self) -> ui.button:
        def download() -> None:
            content = self.service.calendar_file(self.participant.id, self.lang)
            if content is not None:
                ui.download.content(
                    content, 'mitt-lofte.ics' if self.lang == 'nb' else 'my-pledge.ics', 'text/calendar'
                )

        return (
            ui.button(t('pledge.calendar', self.lang), icon='event', on_click=download)
            .props('outline no-caps data-testid=pledge-calendar')
            .mark('pledge-calendar')
            .classes('phone__action pledge__calendar')
        )
