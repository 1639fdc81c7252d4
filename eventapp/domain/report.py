"""The day on one page: `report.html` (self-contained, printable) and `report.md`.

Every piece of text that came from a person or the agenda is escaped here (HTML entities, Markdown backslashes), so a
pledge typed as `<script>` is shown as those characters. The HTML has no external assets: its style is inline, the
energy curve is an SVG we draw, the word cloud an embedded PNG.
"""

from __future__ import annotations

import base64
import html
import re

from . import followup
from .export import EMPTY, NOT_RECORDED, ExportInput, Tr, energy_curve, for_next_all_hands, status, top_questions
from .pledges import counts_per_goal, event_end

_CSS = """
body{font:16px/1.45 system-ui,-apple-system,'Segoe UI',sans-serif;color:#111827;max-width:980px;margin:24px auto;
padding:0 24px}h1{font-size:30px;margin:0}h2{font-size:21px;margin:28px 0 8px;border-bottom:2px solid #E5E7EB}
table{border-collapse:collapse;width:100%;margin:8px 0}th,td{text-align:left;padding:4px 8px;border-bottom:1px
solid #E5E7EB;vertical-align:top}th{color:#4B5563}.muted{color:#4B5563}.note{font-style:italic;color:#4B5563}
svg{width:100%;height:auto;max-height:220px}img{max-width:100%}li{margin:2px 0}
.rehearsal{font-weight:800;color:#78350F;background:#FEF3C7;border-left:6px solid #FFB000;padding:8px 12px}
@media print{body{margin:0;max-width:none}h2{break-after:avoid}table,svg,img{break-inside:avoid}}
"""


def report_html(data: ExportInput, tr: Tr, *, cloud_png: bytes | None = None) -> str:
    """The report as one HTML document."""
    e, agenda = html.escape, data.agenda
    parts = [
        f'<!doctype html><html lang="{e(agenda.event.language)}"><head><meta charset="utf-8">'
        f'<title>{e(agenda.event.title)}</title><style>{_CSS}</style></head><body>',
        f'<h1>{e(agenda.event.title)}</h1>',
        *([f'<p class="rehearsal">{e(tr("rehearsal.file_note"))}</p>'] if data.rehearsal else []),
        f'<p class="muted">{e(_when(data, tr))}</p>',
        f'<p>{e(tr("export.attendance", count=data.attendance))}</p>',
        f'<h2>{e(tr("export.vision"))}</h2><p>{e(agenda.vision)}</p>',
        f'<h2>{e(tr("export.goals"))}</h2>',
    ]
    for goal in agenda.goals:
        parts.append(f'<h3>{e(goal.title)}</h3>')
        parts.append(_html_table(tr('export.kpi_columns').split('|'), _kpi_rows(goal)))
    parts.append(f'<h2>{e(tr("export.energy"))}</h2>')
    parts.append(_energy_svg(data, tr) if data.energy is not None else _html_note(tr, NOT_RECORDED))
    parts.append(f'<h2>{e(tr("export.pulse"))}</h2>')
    parts.append(
        _html_table(tr('export.pulse_columns').split('|'), _pulse_rows(data, tr))
        if data.pulse
        else _html_note(tr, status(data.pulse))
    )
    parts.append(f'<h2>{e(tr("export.top_questions"))}</h2>')
    questions = top_questions(data.questions or ())
    if questions:
        items = ''.join(
            f'<li>{e(q.text)} <span class="muted">({e(tr("export.votes", count=q.votes))}'
            f'{", " + e(tr("export.next_all_hands")) if for_next_all_hands(q) else ""})</span></li>'
            for q in questions
        )
        parts.append(f'<ol>{items}</ol>')
    else:
        parts.append(_html_note(tr, status(data.questions) if not data.questions else EMPTY))
    parts.append(f'<h2>{e(tr("export.pledges", count=len(data.pledges)))}</h2>')
    if not data.pledges:
        parts.append(_html_note(tr, EMPTY))
    for _goal_id, goal_title, count, lines in _pledges_by_goal(data, tr):
        parts.append(f'<h3>{e(goal_title)} · {e(tr("export.pledge_count", count=count))}</h3>')
        parts.append('<ul>' + ''.join(f'<li>{e(line)}</li>' for line in lines) + '</ul>' if lines else '')
    if cloud_png:
        alt = e(tr('export.cloud_alt'))
        parts.append(f'<h2>{e(tr("export.cloud"))}</h2>')
        parts.append(f'<img alt="{alt}" src="data:image/png;base64,{base64.b64encode(cloud_png).decode()}">')
    parts.append(f'<h2>{e(tr("export.plan"))}</h2>')
    parts.append(_html_table(tr('export.plan_columns').split('|'), _plan_rows(data, tr)))
    parts.append(f'<h2>{e(tr("export.rhythms"))}</h2>')
    parts.append('<ul>' + ''.join(f'<li>{e(line)}</li>' for line in _rhythm_lines(tr)) + '</ul>')
    parts.append(
        f'<p class="muted">{e(tr("export.generated", at=data.generated_at.isoformat(timespec="minutes")))}</p>'
    )
    parts.append('</body></html>')
    return '\n'.join(parts)


def report_md(data: ExportInput, tr: Tr) -> str:
    """The same page in Markdown, for a wiki or a meeting note."""
    m, agenda = md_escape, data.agenda
    lines = [
        f'# {m(agenda.event.title)}',
        '',
        *([f'**{m(tr("rehearsal.file_note"))}**', ''] if data.rehearsal else []),
        m(_when(data, tr)),
        '',
        m(tr('export.attendance', count=data.attendance)),
    ]
    lines += ['', f'## {m(tr("export.vision"))}', '', m(agenda.vision), '', f'## {m(tr("export.goals"))}']
    for goal in agenda.goals:
        lines += ['', f'### {m(goal.title)}', '', *_md_table(tr('export.kpi_columns').split('|'), _kpi_rows(goal))]
    lines += ['', f'## {m(tr("export.energy"))}', '']
    if data.energy is None:
        lines.append(f'*{m(tr("export.status.not_recorded"))}*')
    else:
        for point in energy_curve(data):
            measured = '–' if point['measured'] is None else _decimal(point['measured'], agenda.event.language)
            lines.append(
                f'- {m(point["title"])}: {m(tr("export.energy_line", planned=point["planned"], measured=measured))}'
            )
    lines += ['', f'## {m(tr("export.pulse"))}', '']
    if data.pulse:
        lines += _md_table(tr('export.pulse_columns').split('|'), _pulse_rows(data, tr))
    else:
        lines.append(f'*{m(tr("export.status." + status(data.pulse)))}*')
    lines += ['', f'## {m(tr("export.top_questions"))}', '']
    questions = top_questions(data.questions or ())
    for i, q in enumerate(questions, 1):
        flag = ', ' + tr('export.next_all_hands') if for_next_all_hands(q) else ''
        lines.append(f'{i}. {m(q.text)} ({m(tr("export.votes", count=q.votes) + flag)})')
    if not questions:
        lines.append(f'*{m(tr("export.status." + (status(data.questions) if not data.questions else EMPTY)))}*')
    lines += ['', f'## {m(tr("export.pledges", count=len(data.pledges)))}']
    if not data.pledges:
        lines += ['', f'*{m(tr("export.status.empty"))}*']
    for _goal_id, goal_title, count, texts in _pledges_by_goal(data, tr):
        lines += ['', f'### {m(goal_title)} · {m(tr("export.pledge_count", count=count))}', '']
        lines += [f'- {m(text)}' for text in texts]
    lines += [
        '',
        f'## {m(tr("export.plan"))}',
        '',
        *_md_table(tr('export.plan_columns').split('|'), _plan_rows(data, tr)),
    ]
    lines += ['', f'## {m(tr("export.rhythms"))}', '', *[f'- {m(line)}' for line in _rhythm_lines(tr)], '']
    return '\n'.join(lines)


_MD_SPECIAL = re.compile(r'([\\`*_{}\[\]()#!|<>~&])')
_MD_LINE_START = re.compile(r'^(\d+)([.)])|^([-+=])')


def md_escape(text: str) -> str:
    """Backslash what Markdown could read as markup: emphasis, code, links, HTML, entities, table bars anywhere, and
    list or heading markers at the start. CommonMark allows escaping any ASCII punctuation, so this is always safe;
    the text stays on one line."""
    text = _MD_SPECIAL.sub(r'\\\1', ' '.join(str(text).split()))
    return _MD_LINE_START.sub(lambda m: f'{m[1]}\\{m[2]}' if m[1] else f'\\{m[3]}', text)


# --- shared rows --------------------------------------------------------------------------------


def _when(data: ExportInput, tr: Tr) -> str:
    event = data.agenda.event
    end = event_end(data.agenda)
    return tr('export.when', date=event.date.isoformat(), start=event.start.strftime('%H:%M'),
              end=end.strftime('%H:%M'), timezone=event.timezone, venue=event.venue)  # fmt: skip


def _kpi_rows(goal) -> list[list[str]]:
    return [
        [k.name, k.unit, _num(k.baseline), _num(k.target_30), _num(k.target_90), k.frequency, k.owner, k.source]
        for k in goal.kpis
    ]


def _pulse_rows(data: ExportInput, tr: Tr) -> list[list[str]]:
    titles = {s.id: s.title for s in data.agenda.sessions}
    lang = data.agenda.event.language
    return [
        [titles.get(p.session_id, p.session_id), s.text, str(s.responses),
         _decimal(s.mean, lang) if s.mean is not None else tr('export.too_few')]
        for p in data.pulse or ()
        for s in p.statements
    ]  # fmt: skip


def _pledges_by_goal(data: ExportInput, tr: Tr) -> list[tuple[str, str, int, list[str]]]:
    """Per goal: its title, how many pledged, and the texts that are on the wall (with the name when shown)."""
    if not data.pledges:
        return []
    counts = counts_per_goal(data.agenda, data.pledges)
    result = []
    for goal in data.agenda.goals:
        texts = [
            f'{p.text} – {p.shown_name}' if p.shown_name else p.text
            for p in data.pledges
            if p.goal_id == goal.id and p.on_wall
        ]
        result.append((goal.id, goal.title, counts[goal.id], texts))
    return result


def _plan_rows(data: ExportInput, tr: Tr) -> list[list[str]]:
    rows = []
    for milestone in followup.plan(data.agenda):
        targets = '; '.join(f'{x.kpi}: {_num(x.target)} {x.unit}' for x in milestone.measures)
        rows.append(
            [str(milestone.day), milestone.date.isoformat(), tr(f'export.focus.{milestone.focus}'),
             tr(f'export.measured.{milestone.measured_as}'), targets]
        )  # fmt: skip
    return rows


def _rhythm_lines(tr: Tr) -> list[str]:
    return [tr(f'export.rhythm.{r.id}', minutes=r.minutes) for r in followup.RHYTHMS]


def _energy_svg(data: ExportInput, tr: Tr) -> str:
    """Planned (dashed) and measured (solid, dots) energy over the day's sessions, with a text legend."""
    points = energy_curve(data)
    width, height, n = 900, 200, max(len(points), 1)

    def xy(i: int, value: float) -> str:
        return f'{40 + i * (width - 60) / max(n - 1, 1):.0f},{height - 20 - (value - 1) / 4 * (height - 50):.0f}'

    planned = ' '.join(xy(i, p['planned']) for i, p in enumerate(points))
    measured = [(i, p['measured']) for i, p in enumerate(points) if p['measured'] is not None]
    dots = ''.join(f'<circle cx="{xy(i, v).split(",")[0]}" cy="{xy(i, v).split(",")[1]}" r="5"/>' for i, v in measured)
    line = ' '.join(xy(i, v) for i, v in measured)
    e = html.escape
    return (
        f'<svg viewBox="0 0 {width} {height}" role="img" aria-label="{e(tr("export.energy"))}">'
        f'<polyline points="{planned}" fill="none" stroke="#4B5563" stroke-width="3" stroke-dasharray="8 6"/>'
        f'<polyline points="{line}" fill="none" stroke="#1D4ED8" stroke-width="4"/><g fill="#1D4ED8">{dots}</g>'
        f'<text x="40" y="16" font-size="14">- - {e(tr("export.energy_planned"))}   —— '
        f'{e(tr("export.energy_measured"))}</text></svg>'
    )


def _html_table(header: list[str], rows: list[list[str]]) -> str:
    e = html.escape
    head = ''.join(f'<th>{e(h)}</th>' for h in header)
    body = ''.join('<tr>' + ''.join(f'<td>{e(c)}</td>' for c in row) + '</tr>' for row in rows)
    return f'<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def _html_note(tr: Tr, state: str) -> str:
    return f'<p class="note">{html.escape(tr("export.status." + state))}</p>'


def _md_table(header: list[str], rows: list[list[str]]) -> list[str]:
    return [
        '| ' + ' | '.join(md_escape(h) for h in header) + ' |',
        '|' + '---|' * len(header),
        *('| ' + ' | '.join(md_escape(c) for c in row) + ' |' for row in rows),
    ]


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f'{value:.2f}'.rstrip('0')


def _decimal(value: float, lang: str) -> str:
    text = f'{value:.1f}'
    return text.replace('.', ',') if lang == 'nb' else text
