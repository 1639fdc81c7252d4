"""The only module that knows the exercise card file format: one TOML file per card in exercises/."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, replace
from pathlib import Path

from .domain.agenda import Agenda
from .domain.agenda_rules import Problem
from .domain.exercises import Exercise, build_exercise
from .loading import AgendaLoad, locate_lines
from .settings import ROOT

EXERCISES = ROOT / 'exercises'


@dataclass(frozen=True, kw_only=True, slots=True)
class CardsLoad:
    """Every card in a folder, and every problem with the file it is in."""

    cards: dict[str, Exercise]
    problems: tuple[tuple[Path, Problem], ...]

    @property
    def ok(self) -> bool:
        return not any(problem.severity == 'error' for _, problem in self.problems)

    def report(self) -> str:
        lines = [f'{path}: {p.severity}: {p.path}: {p.message} (hint: {p.hint})' for path, p in self.problems]
        errors = sum(1 for _, p in self.problems if p.severity == 'error')
        lines.append(f'{errors} errors in exercise cards' if errors else f'OK: {len(self.cards)} exercise cards')
        return '\n'.join(lines)


def load_cards(folder: Path = EXERCISES) -> CardsLoad:
    cards: dict[str, Exercise] = {}
    problems: list[tuple[Path, Problem]] = []
    for path in sorted(folder.glob('*.toml')):
        try:
            raw = tomllib.loads(path.read_text(encoding='utf-8'))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
            problems.append((path, Problem(severity='error', path='', message=str(error), hint='fix the TOML syntax')))
            continue
        card, card_problems = build_exercise(raw)
        problems += [(path, problem) for problem in card_problems]
        if card is None:
            continue
        if card.id != path.stem:
            problems.append(
                (
                    path,
                    Problem(
                        severity='error',
                        path='id',
                        message=f'id "{card.id}" differs from the file name',
                        hint=f'name the file {card.id}.toml',
                    ),
                )
            )
        elif card.id in cards:
            problems.append((path, Problem(severity='error', path='id', message='duplicate id', hint='rename one')))
        else:
            cards[card.id] = card
    return CardsLoad(cards=cards, problems=tuple(problems))


def reference_problems(agenda: Agenda, cards: dict[str, Exercise]) -> list[Problem]:
    """What in the agenda points at a card that does not exist, or gives a card less time than its steps take."""
    problems = []
    for i, session in enumerate(agenda.sessions):
        if not session.exercise:
            continue
        card = cards.get(session.exercise)
        if card is None:
            problems.append(
                Problem(
                    severity='error',
                    path=f'sessions[{i}].exercise',
                    message=f'no exercise card "{session.exercise}" in exercises/',
                    hint=f'known cards: {", ".join(sorted(cards)) or "none"}',
                )
            )
        elif card.minutes > session.minutes:
            problems.append(
                Problem(
                    severity='warning',
                    path=f'sessions[{i}].minutes',
                    message=f'the card "{card.id}" takes {card.minutes} minutes, the session {session.minutes}',
                    hint='give the session more minutes or shorten the steps',
                )
            )
    return problems


def with_references(load: AgendaLoad, cards: CardsLoad) -> AgendaLoad:
    """The agenda's load with the problems of its references to exercise cards added, each with its line."""
    if load.agenda is None:
        return load
    extra = reference_problems(load.agenda, cards.cards)
    if not extra:
        return load
    lines = locate_lines(load.path.read_text(encoding='utf-8'))
    extra_lines = tuple(lines.get(p.path) or lines.get(p.path.rpartition('.')[0]) for p in extra)
    return replace(load, problems=load.problems + tuple(extra), lines=load.lines + extra_lines)
