"""Pledges on the three surfaces: the feature app.py plugs into the seam (see features.py).

The phone: one pledge form that appears for the commitment session (or when the facilitator shows the goals or the
wall, or after the day), says "saved" only after the store committed, then offers the pledge as a calendar file. The
form is one element (pledge_form.js), built once with the phone's page and given new props when it appears: the
commitment session starting on every phone at once only sends props, it builds nothing. After the facilitator closes
pledging or the event, the phone shows its pledge read-only.
"""

from __future__ import annotations

import logging
from pathlib import Path

from nicegui import events, ui

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
from .goals import goal_class

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


def _fixed(agenda: Agenda, lang: str) -> dict:
    """The form's props that stay all day: the goals with their colours, the wall choices, the limits, the texts."""
    return {
        'goals': [
            {'id': g.id, 'label': f'{n}. {g.title}', 'colour': goal_class(n)} for n, g in enumerate(agenda.goals, 1)
        ],
        'walls': [{'id': c, 'label': t(f'pledge.show.{c}', lang)} for c in rules.WALL_CHOICES],
        'limits': {'text': rules.TEXT_MAX, 'partner': rules.PARTNER_MAX, 'name': rules.NAME_MAX},
        'texts': {
            'title': t('pledge.title', lang),
            'lead': t('pledge.lead', lang),
            'text': t('pledge.text', lang),
            'goal': t('pledge.goal', lang),
            'partner': t('pledge.partner', lang),
            'partner_hint': t('pledge.partner_hint', lang),
            'name': t('pledge.name', lang),
            'name_hint': t('pledge.name_hint', lang),
            'wall': t('pledge.wall', lang),
            'save': t('pledge.save', lang),
            'update': t('pledge.update', lang),
            'saving': t('pledge.saving', lang),
        },
    }


class PledgeForm(ui.element, component=Path(__file__).parent / 'pledge_form.js'):
    """The phone's pledge form as one element (see pledge_form.js): built once per phone, hidden; the day asking for
    pledges only changes its props. The browser keeps what is typed until Save and emits `save` with the fields."""

    def __init__(self, agenda: Agenda, lang: str) -> None:
        super().__init__()
        props = self._props
        props['open'] = False
        props['load'] = 0
        props['initial'] = {}
        props['saved'] = False
        props['latest'] = ''
        props.update(_fixed(agenda, lang))
        props['status'] = {'text': '', 'ok': True, 'seq': 0}

    def _displayed_contents(self, *, only_visible: bool) -> list:
        """What the phone shows as text, for NiceGUI's `should_see` (nothing while closed)."""
        props = self._props
        if not props.get('open'):
            return []
        texts = props['texts']
        return [
            *(texts[k] for k in ('title', 'lead', 'text', 'goal', 'deadline', 'partner', 'partner_hint', 'name')),
            *(texts[k] for k in ('name_hint', 'wall')),
            *(g['label'] for g in props['goals']),
            *(c['label'] for c in props['walls']),
            texts['update'] if props.get('saved') else texts['save'],
            props['status']['text'],
        ]


class PhonePledge:
    """One phone's pledge section: the form (one element, built once), the read-only card once pledging closed,
    and the calendar button once the phone has a pledge."""

    def __init__(
        self, service: Pledging, context: PhoneContext, *, agenda: Agenda, live: Live, facilitation: Facilitation
    ) -> None:
        self.service, self.agenda, self.live, self.facilitation = service, agenda, live, facilitation
        self.participant = context.participant
        self.lang = context.lang
        self.own = service.own(self.participant.id)
        self.shown: str | None = None
        """What the section shows: 'form', 'closed' or None (hidden)."""

    def build(self) -> None:
        self.root = ui.element('section').classes('pledge').props('data-testid=pledge').mark('pledge')
        with self.root:
            self.form = PledgeForm(self.agenda, self.lang).classes('pledge__form').props('data-testid=pledge-form')
            self.form.mark('pledge-form')
            self.form.on('save', self.on_save)
        self.closed: ui.element | None = None
        self.calendar: ui.button | None = None
        self.render()
        self.live.run_changed.subscribe(lambda _view: self.render())
        self.live.screen_view_changed.subscribe(lambda _name: self.render())
        self.service.state_changed.subscribe(self.on_state)

    def on_state(self, _state: PledgeState) -> None:
        self.render()

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
        """Show what the day asks for. The form only gets props (loaded when it appears); the read-only card is built
        when pledging closes."""
        wanted = self.wanted(self.facilitation.view())
        shown = ('form' if self.service.state.pledging_open else 'closed') if wanted else None
        if shown != self.shown:
            self.shown = shown
            if shown == 'form':
                self.load()
            elif self.form.props['open']:
                self.form.props['open'] = False
                self.form.update()
            if self.closed is not None:
                self.closed.clear()
            if shown == 'closed':
                with self.closed_card():
                    self.read_only()
        self.form.set_visibility(shown == 'form')
        if self.closed is not None:
            self.closed.set_visibility(shown == 'closed')
        self.show_calendar(shown is not None and self.own is not None)
        self.root.set_visibility(shown is not None)

    def closed_card(self) -> ui.element:
        """The place of the read-only card, made the first time pledging closes (between the form and the button)."""
        if self.closed is None:
            with self.root:
                self.closed = ui.element('div').classes('pledge__closed')
            self.closed.move(self.root, target_index=1)
        return self.closed

    def show_calendar(self, wanted: bool) -> None:
        """The calendar button, made the first time the phone has a pledge (most phones all day never need it)."""
        if wanted and self.calendar is None:
            with self.root:
                self.calendar = self.calendar_button()
        if self.calendar is not None:
            self.calendar.set_visibility(wanted)

    # --- open: the form ---------------------------------------------------------------------------

    def load(self) -> None:
        """The form's props when it appears: the latest deadline, and the phone's saved pledge or the defaults."""
        lang, agenda, own = self.lang, self.agenda, self.own
        latest = self.service.latest_deadline()
        tz = agenda.event.tz
        props = self.form.props
        props['texts'] = {**props['texts'], 'deadline': t('pledge.deadline', lang, latest=when(latest, agenda, lang))}
        props['latest'] = latest.astimezone(tz).strftime('%Y-%m-%dT%H:%M')
        props['initial'] = {
            'text': own.text if own else '',
            'goal': own.goal_id if own else '',
            'deadline': (own.deadline if own else latest).astimezone(tz).strftime('%Y-%m-%dT%H:%M'),
            'partner': own.partner if own else '',
            'name': own.name if own else self.participant.name,
            'wall': own.wall if own else (rules.NAMED if self.participant.name else rules.ANONYMOUS),
        }
        props['saved'] = own is not None
        props['load'] += 1
        props['open'] = True
        self.say('')

    async def on_save(self, event: events.GenericEventArguments) -> None:
        """Save from the phone: {text, goal, deadline, partner, name, wall}. The service validates it."""
        args = event.args if isinstance(event.args, dict) else {}
        lang = self.lang
        if self.shown != 'form':
            return
        field = lambda key: args.get(key) if isinstance(args.get(key), str) else ''  # noqa: E731
        try:
            self.own = self.service.save(
                self.participant.id,
                text=field('text'),
                goal_id=field('goal'),
                deadline=field('deadline'),
                partner=field('partner'),
                name=field('name'),
                wall=field('wall'),
            )
            await self.service.durable()
        except PledgeError as problem:
            latest = when(self.service.latest_deadline(), self.agenda, lang)
            self.say(t(problem.key, lang, latest=latest), ok=False)
            return
        except Exception:
            log.exception('saving a pledge failed')
            self.say(t('pledge.failed', lang), ok=False)
            return
        self.form.props['saved'] = True
        self.show_calendar(True)
        self.say(t('pledge.saved', lang))

    def say(self, text: str, *, ok: bool = True) -> None:
        """The server's answer to the phone: a new `status` (the form shows it, as an error when not ok)."""
        seq = self.form.props['status']['seq'] + 1
        self.form.props['status'] = {'text': text, 'ok': ok, 'seq': seq}
        self.form.update()

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
