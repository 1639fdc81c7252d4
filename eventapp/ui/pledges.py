"""Pledges on the three surfaces: the feature app.py plugs into the seam (see features.py).

The phone: one pledge section that appears for the commitment session (or when the facilitator shows the goals or the
wall, or after the day), says "saved" only after the store committed, then offers the pledge as a calendar file; after
the facilitator closes pledging or the event it shows the pledge read-only. The section is one element
(pledge_form.js), built once with the phone's page; the day asking for pledges only changes its props. What all phones
share is made once (PledgeForms): one subscription for all phones, and a phone whose section did not change is sent
nothing.
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path
from typing import Any

from nicegui import events, ui

from ..domain import pledges as rules
from ..domain.agenda import LANGUAGES, Agenda
from ..domain.pledges import Pledge, PledgeError
from ..exporting import Exporter
from ..facilitation import Facilitation
from ..i18n import clock_time, long_date, t
from ..live import Live
from ..pledging import Change, Pledging
from . import goals, wall
from .fanout import OnePassAtATime, in_steps
from .features import Feature, PhoneContext, ScreenView
from .fixed_props import FixedPropsOnce
from .goals import goal_class, goal_number
from .shared_props import SharedChannel, SharedProps

FORM, CLOSED, NONE = 'form', 'closed', ''
"""What a phone's section shows (its `mode` prop): the form, the pledge read-only, or nothing."""
TEXTS = ('title', 'lead', 'text', 'goal', 'partner', 'partner_hint', 'name', 'name_hint', 'wall', 'save', 'update')
TEXTS += ('saving', 'calendar', 'closed')
FIXED = ('texts', 'goals', 'walls', 'limits', 'latest')
"""The section's props that stay all day: sent once with the element, kept by the browser on every update."""

log = logging.getLogger(__name__)


def feature(
    service: Pledging, *, exporter: Exporter, agenda: Agenda, live: Live, facilitation: Facilitation
) -> Feature:
    """The pledge form on phones, the goals and the wall on the big screen, the pledge controls on the panel."""
    from .pledges_panel import PanelPledges

    forms = PledgeForms(service, agenda, live, facilitation)
    return Feature(
        phone_sections=(lambda context: PhonePledge(forms, context).build(),),
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


class PledgeForm(SharedProps, FixedPropsOnce, component=Path(__file__).parent / 'pledge_form.js'):
    """The phone's pledge section as one element (see pledge_form.js): the form, the read-only pledge and the calendar
    button. Built once per phone with what stays all day (texts, goals, wall choices: immutable, shared by every phone
    of a language); the day asking for pledges only changes `mode` and the phone's own props. The browser keeps what
    is typed until Save and emits `save` with the fields, and `calendar` for the calendar file. The all-day props
    (1.2 of its 1.8 KB) are sent once: each "Saved" and the commitment session reaching 2,000 phones carry only what
    changed. Until the phone saves a pledge, the day asking for pledges reaches it as one message for every phone of
    its language (see shared_props.py)."""

    FIXED = FIXED

    def __init__(self, fixed: dict[str, Any]) -> None:
        super().__init__()
        props = self._props
        props.update(fixed)
        props.update(mode=NONE, load=0, initial={}, saved=False, own={}, status={'text': '', 'ok': True, 'seq': 0})

    def _displayed_contents(self, *, only_visible: bool) -> list:
        """What the phone shows as text, for NiceGUI's `should_see` (nothing while the section is hidden)."""
        props = self._props
        texts = dict(props['texts'])
        calendar = [texts['calendar']] if props['saved'] else []
        if props['mode'] == CLOSED:
            own = props['own']
            return [texts['closed'], *(own[k] for k in ('goal', 'text', 'deadline', 'partner')), *calendar]
        if props['mode'] != FORM:
            return []
        return [
            *(texts[k] for k in ('title', 'lead', 'text', 'goal', 'deadline', 'partner', 'partner_hint', 'name')),
            *(texts[k] for k in ('name_hint', 'wall')),
            *(g['label'] for g in props['goals']),
            *(c['label'] for c in props['walls']),
            texts['update'] if props['saved'] else texts['save'],
            props['status']['text'],
            *calendar,
        ]


class PledgeForms:
    """Every phone's pledge section and what they share. One subscription per event for all phones: the run of show,
    the big screen's view or the pledge state changing decides once whether the day asks for pledges. The phones
    without a pledge of their own show the same (the form with their defaults, or nothing): one message per language
    on its channel. A phone with its own pledge has left the channel and gets its own update, only when its mode
    changed. The phones' own pledges are kept here by participant (from the service's copy, then from its
    `changed`), so no phone reads the database to appear."""

    def __init__(self, service: Pledging, agenda: Agenda, live: Live, facilitation: Facilitation) -> None:
        self.service, self.agenda, self.facilitation = service, agenda, facilitation
        self.phones: set[PhonePledge] = set()
        self.owns: dict[str, Pledge] = {p.participant_id: p for p in service.pledges()}
        self.latest = service.latest_deadline()
        self._fixed: dict[str, dict[str, Any]] = {}
        self._asks: bool | None = None
        """Whether the day asks for pledges, made once per change (None: not yet since the last change)."""
        self._shown = (service.state.pledging_open, self.day_asks())
        """(pledging open, the day asks) as the phones were last shown: a change that leaves both costs no pass."""
        self.loads = 0
        """The last `load` value given to a form: one counter for all, so a form's next value always differs."""
        mode = self.mode('')
        self.channels = {lang: SharedChannel(f'pledge:{lang}', self.shared(mode)) for lang in LANGUAGES}
        self.passes = OnePassAtATime(self._pass_over_phones, name='pledge sections')
        live.run_changed.subscribe(self.show_all)
        live.screen_view_changed.subscribe(self.show_all)
        service.state_changed.subscribe(self.show_all)
        service.changed.subscribe(self.on_pledge)

    def add(self, phone: PhonePledge) -> None:
        """A phone opened its page: show what the day asks for now and follow it until the page is gone (on its
        language's channel while it has no pledge of its own)."""
        if phone.pid not in self.owns:
            self.channels[phone.lang].follow(phone.form)
        phone.show()
        self.phones.add(phone)
        phone.form.client.on_delete(lambda: self.phones.discard(phone))

    def on_pledge(self, change: Change) -> None:
        """A pledge was saved, hidden or shown again: keep the participant's own copy (no phone changes for it)."""
        self.owns[change.pledge.participant_id] = change.pledge

    def show_all(self) -> None:
        """The day moved on, the screen shows another view, or pledging closed: every phone looks at its mode, a few
        phones at a time (see fanout.py); a phone whose mode stayed is sent nothing. A change that leaves pledging
        open or closed and the day asking or not as it was (most session switches) changes no phone's mode: no pass."""
        self._asks = None
        shown = (self.service.state.pledging_open, self.day_asks())
        if shown == self._shown:
            return
        self._shown = shown
        self.passes.request()

    async def _pass_over_phones(self) -> None:
        """One message per language for the phones without a pledge of their own, if their mode changed; then the
        phones with their own pledge, each its own update if its mode changed (a few phones at a time: closing
        pledging changes them all). The message goes first: the room waits for nobody's own update."""
        shared_mode = self.mode('')
        owners: list[PhonePledge] = []
        for phone in list(self.phones):
            if phone.form.is_deleted:
                self.phones.discard(phone)
            elif phone.pid in self.owns:
                self.channels[phone.lang].unfollow(phone.form)  # saved in another tab meanwhile
                owners.append(phone)
            else:
                phone.mode = shared_mode
        for channel in self.channels.values():
            if channel.props.get('mode', NONE) != shared_mode:
                await channel.publish(self.shared(shared_mode))
        await in_steps(owners, PhonePledge.show, what='pledge section', element=lambda phone: phone.form)

    def shared(self, mode: str) -> dict[str, Any]:
        """What every phone without a pledge of its own gets: the form anew (its fields from the defaults it was
        built with), or nothing."""
        if mode != FORM:
            return {'mode': mode, 'saved': False}
        return {'mode': mode, 'saved': False, 'load': self.next_load(), 'status': {'text': '', 'ok': True, 'seq': 0}}

    def next_load(self) -> int:
        self.loads += 1
        return self.loads

    def day_asks(self) -> bool:
        """Whether the day asks every phone for a pledge: pledging is open and the commitment session runs, the goals
        or the wall are on the big screen, or the day is over."""
        if not self.service.state.pledging_open:
            return False
        state = self.facilitation.state
        if state.phase == 'finished' or self.facilitation.screen_view in (goals.VIEW, wall.VIEW):
            return True
        if state.phase == 'running' and 0 <= state.index < len(self.agenda.sessions):
            session = self.agenda.sessions[state.index]
            return session.kind == 'commitment' or session.beat == 'commitment'
        return False

    def mode(self, participant_id: str) -> str:
        """What one phone shows: the form while pledging is open and the day asks (an own pledge stays on the phone
        from then on), its pledge read-only once pledging closed, else nothing. '' names a phone without a pledge."""
        own = participant_id in self.owns
        if not self.service.state.pledging_open:
            return CLOSED if own else NONE
        if self._asks is None:
            self._asks = self.day_asks()
        return FORM if own or self._asks else NONE

    def fixed(self, lang: str) -> dict[str, Any]:
        """The section's props that stay all day in `lang` (made once per language): the texts with the latest
        deadline, the goals with their colours, the wall choices, the limits. Tuples, so that NiceGUI hands the same
        values to every phone instead of copying them into each page."""
        fixed = self._fixed.get(lang)
        if fixed is None:
            texts = {key: t(f'pledge.{key}', lang) for key in TEXTS}
            texts['deadline'] = t('pledge.deadline', lang, latest=when(self.latest, self.agenda, lang))
            fixed = self._fixed[lang] = {
                'texts': tuple(texts.items()),
                'goals': tuple(
                    {'id': g.id, 'label': f'{n}. {g.title}', 'colour': goal_class(n)}
                    for n, g in enumerate(self.agenda.goals, 1)
                ),
                'walls': tuple({'id': c, 'label': t(f'pledge.show.{c}', lang)} for c in rules.WALL_CHOICES),
                'limits': (('text', rules.TEXT_MAX), ('partner', rules.PARTNER_MAX), ('name', rules.NAME_MAX)),
                'latest': self.local(self.latest),
            }
        return fixed

    def local(self, moment: dt.datetime) -> str:
        """A time as the phone's date-time field holds it: 'YYYY-MM-DDTHH:MM' in the event's time zone."""
        return moment.astimezone(self.agenda.event.tz).strftime('%Y-%m-%dT%H:%M')

    def card(self, own: Pledge, lang: str) -> dict[str, str]:
        """One phone's pledge read-only, as its texts: the goal, the action, the deadline, whom it tells."""
        number = goal_number(self.agenda, own.goal_id)
        title = next((g.title for g in self.agenda.goals if g.id == own.goal_id), own.goal_id)
        return {
            'goal': f'{t("goals.goal_n", lang, n=number)} · {title}',
            'colour': goal_class(number),
            'text': own.text,
            'deadline': t('pledge.deadline_is', lang, when=when(own, self.agenda, lang)),
            'partner': t('pledge.partner_is', lang, partner=own.partner) if own.partner else '',
        }


class PhonePledge:
    """One phone's pledge section: one element whose props change only when what this phone shows changed."""

    def __init__(self, forms: PledgeForms, context: PhoneContext) -> None:
        self.forms = forms
        self.service = forms.service
        self.participant = context.participant
        self.pid = context.participant.id
        self.lang = context.lang
        self.mode = NONE

    def build(self) -> None:
        self.form = PledgeForm(self.forms.fixed(self.lang)).classes('pledge').props('data-testid=pledge')
        self.form.mark('pledge')
        self.form.props['initial'] = self.initial(self.forms.owns.get(self.pid))  # kept while the phone has no pledge
        self.form.on('save', self.on_save)
        self.form.on('calendar', self.on_calendar)
        self.forms.add(self)

    def show(self) -> None:
        """Send the section's props if its mode changed: the form starts again from the saved pledge or the defaults,
        the read-only card gets the pledge's texts."""
        mode = self.forms.mode(self.pid)
        if mode == self.mode:
            return
        self.mode = mode
        own = self.forms.owns.get(self.pid)
        props: dict[str, Any] = {'mode': mode, 'saved': own is not None}
        if mode == FORM:
            props['initial'] = self.initial(own)
            props['load'] = self.forms.next_load()
            props['status'] = self.status('')
        elif mode == CLOSED and own is not None:
            props['own'] = self.forms.card(own, self.lang)
        self.form.props.update(props)

    def initial(self, own: Pledge | None) -> dict[str, str]:
        """The form's fields when it appears: the phone's saved pledge, or the defaults (the latest deadline, the
        name it joined with)."""
        if own is None:
            name = self.participant.name
            wall_choice = rules.NAMED if name else rules.ANONYMOUS
            latest = self.forms.fixed(self.lang)['latest']
            return {'text': '', 'goal': '', 'deadline': latest, 'partner': '', 'name': name, 'wall': wall_choice}
        return {
            'text': own.text,
            'goal': own.goal_id,
            'deadline': self.forms.local(own.deadline),
            'partner': own.partner,
            'name': own.name,
            'wall': own.wall,
        }

    async def on_save(self, event: events.GenericEventArguments) -> None:
        """Save from the phone: {text, goal, deadline, partner, name, wall}. The service validates it; "Saved" (and
        the calendar button) only once the pledge is on disk."""
        args = event.args if isinstance(event.args, dict) else {}
        lang = self.lang
        if self.mode != FORM:
            return  # a stale form (pledging closed meanwhile) changes nothing
        field = lambda key: args.get(key) if isinstance(args.get(key), str) else ''  # noqa: E731
        try:
            self.service.save(
                self.pid,
                text=field('text'),
                goal_id=field('goal'),
                deadline=field('deadline'),
                partner=field('partner'),
                name=field('name'),
                wall=field('wall'),
            )
            await self.service.durable()
        except PledgeError as problem:
            latest = when(self.forms.latest, self.forms.agenda, lang)
            self.say(t(problem.key, lang, latest=latest), ok=False)
            return
        except Exception:
            log.exception('saving a pledge failed')
            self.say(t('pledge.failed', lang), ok=False)
            return
        self.forms.channels[lang].unfollow(self.form)  # its own pledge from now on, in this update
        self.form.props.update(saved=True, status=self.status(t('pledge.saved', lang)))

    def on_calendar(self) -> None:
        """The phone's pledge as a calendar file (an event at the deadline, a reminder the day before)."""
        content = self.service.calendar_file(self.pid, self.lang)
        if content is not None:
            ui.download.content(content, 'mitt-lofte.ics' if self.lang == 'nb' else 'my-pledge.ics', 'text/calendar')

    def say(self, text: str, *, ok: bool = True) -> None:
        """The server's answer to the phone: a new `status` (the form shows it, as an error when not ok)."""
        self.form.props['status'] = self.status(text, ok=ok)

    def status(self, text: str, *, ok: bool = True) -> dict[str, Any]:
        """A new `status` prop: its seq tells the browser that this is a new answer."""
        return {'text': text, 'ok': ok, 'seq': self.form.props['status']['seq'] + 1}
