"""Reading agenda files: the only module that knows the agenda file format (TOML).

It turns a file into an `AgendaLoad` (the agenda, if valid, plus every problem with its line number), so that
`eventapp check` and `eventapp run` can print messages a facilitator can act on: file, line, what, how to fix.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from eventapp.domain.agenda import Agenda
from eventapp.domain.agenda_rules import Problem, build_agenda

__all__ = ['AgendaError', 'AgendaLoad', 'format_problem', 'load_agenda', 'require_agenda']


@dataclass(frozen=True, kw_only=True, slots=True)
class AgendaLoad:
    """The outcome of reading one agenda file. `lines[i]` is the file line of `problems[i]`, or None."""

    agenda: Agenda | None
    problems: tuple[Problem, ...]
    path: Path
    lines: tuple[int | None, ...] = ()

    @property
    def ok(self) -> bool:
        return self.agenda is not None and not self.errors

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.is_error)

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if not p.is_error)

    def line_of(self, index: int) -> int | None:
        return self.lines[index] if index < len(self.lines) else None

    def report(self) -> str:
        """Every problem (errors first, then in file order) and a last summary line."""
        located = sorted(
            ((p, self.line_of(i)) for i, p in enumerate(self.problems)),
            key=lambda item: (not item[0].is_error, item[1] is None, item[1] or 0),
        )
        rows = [format_problem(self.path, problem, line) for problem, line in located]
        warnings = _count(len(self.warnings), 'warning')
        if self.ok and self.agenda is not None:
            sessions = _count(len(self.agenda.sessions), 'session')
            goals = _count(len(self.agenda.goals), 'goal')
            rows.append(f'OK: {sessions}, {goals}, {warnings}')
        else:
            rows.append(f'{_count(len(self.errors), "error")}, {warnings}')
        return '\n'.join(rows)


class AgendaError(Exception):
    """Raised when an agenda file cannot be used; carries the load so callers can show the full report."""

    def __init__(self, load: AgendaLoad) -> None:
        super().__init__(load.report())
        self.load = load


def load_agenda(path: Path) -> AgendaLoad:
    """Read, parse and validate an agenda file. Never raises for a bad or missing file: problems say what is wrong."""
    path = Path(path)
    try:
        text = path.read_text(encoding='utf-8')
    except FileNotFoundError:
        return _failed(path, 'file not found', 'check the path, e.g. agenda/kickoff.toml')
    except (OSError, UnicodeDecodeError) as exc:
        return _failed(path, f'cannot read the file ({exc.__class__.__name__})', 'save it as UTF-8 text')
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        found = re.search(r'at line (\d+)', message)
        message = re.sub(r'\s*\(at (line \d+, column \d+|end of document)\)', '', message)
        hint = 'check quotes, brackets and "key = value" on that line; text and times need quotes'
        line = int(found[1]) if found else len(text.splitlines()) or None  # else: "at end of document"
        return _failed(path, f'not valid TOML: {message}', hint, line)
    agenda, problems = build_agenda(raw)
    lines = locate_lines(text)
    return AgendaLoad(
        agenda=agenda,
        problems=tuple(problems),
        path=path,
        lines=tuple(_line_for(p.path, lines) for p in problems),
    )


def require_agenda(path: Path) -> Agenda:
    """The valid agenda at `path`, or AgendaError with the report. Warnings do not stop the day."""
    load = load_agenda(path)
    if not load.ok or load.agenda is None:
        raise AgendaError(load)
    return load.agenda


def format_problem(load_path: Path, problem: Problem, line: int | None) -> str:
    """One problem as a compiler-style line: `file:line: severity: path: message (hint: ...)`."""
    where = f'{load_path}:{line}' if line else f'{load_path}'
    what = f'{problem.path}: {problem.message}' if problem.path else problem.message
    hint = f' (hint: {problem.hint})' if problem.hint else ''
    return f'{where}: {problem.severity}: {what}{hint}'


_HEADER = re.compile(r'^\s*(\[\[?)\s*([A-Za-z0-9_.\-]+)\s*\]\]?')
_KEY = re.compile(r'^\s*([A-Za-z0-9_\-]+|"[^"]*"|\'[^\']*\')\s*=')


def locate_lines(text: str) -> dict[str, int]:
    """Map key paths (`sessions[3].minutes`, `event`, `goals[0].kpis[1]`) to 1-based line numbers.

    A small line walker, not a TOML parser: it follows table headers and their occurrence index and
    `key =` lines, skipping the inside of multi-line strings. Good enough to point a person at a line.
    """
    found: dict[str, int] = {}
    counts: dict[str, int] = {}
    current = ''
    in_string: str | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        if in_string:
            if line.count(in_string) % 2 == 1:
                in_string = None
            continue
        header = _HEADER.match(line)
        if header:
            current = _table_path(header[2], header[1] == '[[', counts)
            found.setdefault(current, number)
            found.setdefault(re.sub(r'\[\d+\]$', '', current), number)  # `goals` -> first [[goals]]
            continue
        key = _KEY.match(line)
        if key:
            name = key[1].strip('"\'')
            found.setdefault(f'{current}.{name}' if current else name, number)
        for quote in ('"""', "'''"):
            if line.count(quote) % 2 == 1:
                in_string = quote
    return found


def _table_path(name: str, is_array: bool, counts: dict[str, int]) -> str:
    """Turn a header name into an indexed path; `[[goals.kpis]]` belongs to the latest `[[goals]]`.

    Counts are kept per indexed parent (`goals[1].kpis`), so each goal's KPIs are numbered from 0.
    """
    parts = name.split('.')
    path = ''
    for depth, part in enumerate(parts):
        path = f'{path}.{part}' if path else part
        last = depth == len(parts) - 1
        if last and is_array:
            counts[path] = counts.get(path, -1) + 1
            path = f'{path}[{counts[path]}]'
        elif path in counts:
            path = f'{path}[{counts[path]}]'
    return path


def _line_for(path: str, lines: dict[str, int]) -> int | None:
    """The line of a key path, falling back to its list key, then its table's header."""
    while path:
        if path in lines:
            return lines[path]
        path = path[: path.rindex('[')] if path.endswith(']') else path.rpartition('.')[0]
    return None


def _failed(path: Path, message: str, hint: str, line: int | None = None) -> AgendaLoad:
    problem = Problem(severity='error', path='', message=message, hint=hint)
    return AgendaLoad(agenda=None, problems=(problem,), path=path, lines=(line,))


def _count(n: int, noun: str) -> str:
    return f'{n} {noun}' if n == 1 else f'{n} {noun}s'
