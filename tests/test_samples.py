"""The sample agendas a facilitator starts from are clean, follow the method and tell the same day in two languages."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventapp.domain.agenda import Agenda
from eventapp.loading import load_agenda

AGENDA_DIR = Path(__file__).resolve().parents[1] / 'agenda'
SAMPLES = sorted(AGENDA_DIR.glob('*.toml'))


def load(name: str) -> Agenda:
    result = load_agenda(AGENDA_DIR / name)
    assert result.agenda is not None, result.report()
    return result.agenda


def test_the_samples_are_there() -> None:
    assert {p.name for p in SAMPLES} >= {'kickoff.toml', 'kickoff-en.toml'}


@pytest.mark.parametrize('path', SAMPLES, ids=[p.name for p in SAMPLES])
def test_every_agenda_file_loads_without_errors_or_warnings(path: Path) -> None:
    result = load_agenda(path)

    assert result.ok, result.report()
    assert result.problems == (), result.report()


def test_both_samples_tell_the_same_day() -> None:
    nb, en = load('kickoff.toml'), load('kickoff-en.toml')

    assert (nb.event.language, en.event.language) == ('nb', 'en')
    assert nb.event.id != en.event.id
    assert (nb.event.date, nb.event.start, nb.event.end) == (en.event.date, en.event.start, en.event.end)

    def shape(agenda: Agenda) -> list[tuple[object, ...]]:
        return [(s.id, s.kind, s.beat, s.minutes, s.energy, s.pulse, s.new_round, s.exercise) for s in agenda.sessions]

    assert shape(nb) == shape(en)
    assert len(nb.departments) == len(en.departments)
    assert [[(k.baseline, k.target_30, k.target_90) for k in g.kpis] for g in nb.goals] == [
        [(k.baseline, k.target_30, k.target_90) for k in g.kpis] for g in en.goals
    ]


@pytest.mark.parametrize('name', ['kickoff.toml', 'kickoff-en.toml'])
def test_the_samples_follow_the_method(name: str) -> None:
    agenda = load(name)

    assert [g.id for g in agenda.goals] == ['kundetillit', 'kvalitet', 'margin']
    first_kpis = [(g.kpis[0].baseline, g.kpis[0].target_30, g.kpis[0].target_90) for g in agenda.goals]
    assert first_kpis == [(5, 7, 8), (26, 20, 16), (38, 45, 50)]
    assert [len(g.kpis) for g in agenda.goals] == [1, 1, 2]
    beats = [s.beat for s in agenda.sessions]
    assert beats[0] == 'opening' and beats[-1] == 'close'
    assert beats.index('turning_point') < beats.index('climax') < beats.index('commitment')
    assert agenda.planned_end() <= agenda.event.starts_at().replace(hour=16, minute=0)
    assert not any(s.pulse for s in agenda.sessions if s.kind == 'break')
    assert '72' in next(s for s in agenda.sessions if s.kind == 'commitment').title
    # learning blocks: 20 minutes of learning, a 10-minute exercise at new tables, a 5-minute debrief
    blocks = [
        agenda.sessions[i : i + 3]
        for i, s in enumerate(agenda.sessions)
        if s.kind == 'learning' and s.minutes == 20 and i + 2 < len(agenda.sessions)
    ]
    assert len(blocks) == 3
    for _, exercise, debrief in blocks:
        assert (exercise.kind, exercise.minutes, exercise.new_round, debrief.minutes) == ('exercise', 10, True, 5)
        assert exercise.exercise
    assert all(len(s.screen_text.split()) <= 40 for s in agenda.sessions)
