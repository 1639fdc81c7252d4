"""The repo's own invariants: dependencies point inwards, SQL lives in the store, the README lists every command."""

import ast
import re
from pathlib import Path

from eventapp.__main__ import parser

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / 'eventapp'


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ''
            names.add('.' * node.level + module)
    return names


def test_the_domain_knows_nothing_of_ui_storage_or_io_frameworks() -> None:
    forbidden = re.compile(r'^(nicegui|sqlite3|sqlite_utils|fastapi|starlette)\b|^\.\.(ui|store|app|live)\b')
    offenders = {
        f'{path.relative_to(ROOT)}: {name}'
        for path in (PACKAGE / 'domain').rglob('*.py')
        for name in imports_of(path)
        if forbidden.search(name)
    }
    assert not offenders


def test_only_the_store_speaks_sql() -> None:
    sql = re.compile(r'\b(SELECT\s.+\sFROM|INSERT\s+INTO|UPDATE\s+\w+\s+SET|CREATE\s+TABLE|DELETE\s+FROM)\b', re.I)
    offenders = [
        str(path.relative_to(ROOT))
        for path in PACKAGE.rglob('*.py')
        if 'store' not in path.relative_to(PACKAGE).parts and sql.search(path.read_text())
    ]
    assert not offenders
    assert not [p for p in PACKAGE.rglob('*.py') if 'sqlite' in ''.join(imports_of(p)) and 'store' not in p.parts]


def test_pages_never_render_participant_text_as_html() -> None:
    """ui.html only ever gets markup we make ourselves (a QR code, an SVG curve), never text someone typed;
    ui.markdown is not used at all."""
    offenders = []
    for path in (PACKAGE / 'ui').rglob('*.py'):
        for node in ast.walk(ast.parse(path.read_text())):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                continue
            if node.func.attr == 'markdown':
                offenders.append(f'{path.name}:{node.lineno} ui.markdown')
            if node.func.attr == 'html' and not _our_markup(node.args[0] if node.args else None):
                offenders.append(f'{path.name}:{node.lineno} ui.html({ast.unparse(node.args[0])[:40]})')
        for node in ast.walk(ast.parse(path.read_text())):  # html set later: `chart.content = energy_svg(...)`
            if (
                isinstance(node, ast.Assign)
                and any(isinstance(target, ast.Attribute) and target.attr == 'content' for target in node.targets)
                and not _our_markup(node.value)
            ):
                offenders.append(f'{path.name}:{node.lineno} .content = {ast.unparse(node.value)[:40]}')
    assert not offenders


def _our_markup(arg: ast.expr | None) -> bool:
    if isinstance(arg, ast.Call) and isinstance(arg.func, ast.Name):
        return arg.func.id.endswith('_svg')
    if isinstance(arg, ast.Constant | ast.JoinedStr):
        first = arg if isinstance(arg, ast.Constant) else arg.values[0]
        return isinstance(first, ast.Constant) and (first.value == '' or str(first.value).startswith('<svg'))
    return False


def test_every_cli_command_is_in_the_readme() -> None:
    readme = (ROOT / 'README.md').read_text()
    commands = parser()._subparsers._group_actions[0].choices  # argparse keeps its sub-commands here
    missing = [name for name in commands if f'eventapp {name}' not in readme]
    assert not missing
