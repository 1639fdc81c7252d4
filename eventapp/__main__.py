"""Command line: `eventapp run | check | rotate | export` (also `python -m eventapp`).
Parses, then calls the library."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from .settings import DEFAULT_AGENDA


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ['rotate']:
        from .rotation_cli import main as rotate

        return rotate(argv[1:])
    args = parser().parse_args(argv or ['run'])
    if args.command == 'check':
        return check(args.paths)
    if args.command == 'export':
        return export(args)
    return run(args)


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog='eventapp', description='Live facilitation for kickoff days.')
    commands = root.add_subparsers(dest='command', required=True)
    run_cmd = commands.add_parser('run', help='serve the big screen, the phones and the facilitator panel')
    run_cmd.add_argument('--agenda', type=Path, default=None, help=f'agenda file (default {DEFAULT_AGENDA.name})')
    run_cmd.add_argument('--db', type=Path, default=None, help='database file (default data/<event-id>.db)')
    run_cmd.add_argument('--data', type=Path, default=None, help='folder for databases and exports (default data/)')
    run_cmd.add_argument('--host', default='0.0.0.0', help='address to listen on (default all: 0.0.0.0)')
    run_cmd.add_argument('--port', type=int, default=8080)
    run_cmd.add_argument('--public-url', default=None, help='the address phones use (default: LAN address)')
    run_cmd.add_argument(
        '--rehearse',
        type=int,
        default=None,
        metavar='N',
        help='rehearse with N simulated participants (own database data/<event-id>-rehearsal.db unless --db)',
    )
    run_cmd.add_argument('--rehearse-seed', type=int, default=None, help='seed for the simulated room (repeatable)')
    run_cmd.add_argument(
        '--rehearse-speed', type=float, default=None, help='how much faster than people they act (default 1)'
    )
    check_cmd = commands.add_parser('check', help='validate agenda files and exercise cards; print every problem')
    check_cmd.add_argument('paths', type=Path, nargs='*', default=[DEFAULT_AGENDA])
    commands.add_parser('rotate', help='plan table rounds from a CSV of people (see eventapp rotate --help)')
    export_cmd = commands.add_parser('export', help='write the follow-up seed: JSON, CSV, calendar and a report')
    export_cmd.add_argument('--agenda', type=Path, default=DEFAULT_AGENDA, help='agenda file of the event')
    export_cmd.add_argument('--db', type=Path, default=None, help='database file (default data/<event-id>.db)')
    export_cmd.add_argument('--out', type=Path, default=Path('data/exports'), help='folder to write into')
    export_cmd.add_argument('--zip', action='store_true', help='one .zip instead of a folder')
    export_cmd.add_argument(
        '--include-rehearsal', action='store_true', help='export a rehearsal database too (every file says so)'
    )
    return root


def export(args: argparse.Namespace) -> int:
    from .exporting import RehearsalExport, export_command

    try:
        path = export_command(
            agenda_path=args.agenda,
            db=args.db,
            out=args.out,
            as_zip=args.zip,
            include_rehearsal=args.include_rehearsal,
        )
    except FileNotFoundError as missing:
        print(f'eventapp: no database at {missing}; nothing exported.', file=sys.stderr)
        return 1
    except RehearsalExport as rehearsal:
        print(
            f'eventapp: {rehearsal} is a rehearsal (simulated people, not real data); nothing exported.\n'
            '  Export it anyway with --include-rehearsal (every file is then marked as a rehearsal).',
            file=sys.stderr,
        )
        return 1
    print(f'Follow-up seed written to {path}')
    return 0


def check(paths: list[Path]) -> int:
    """Check the exercise cards, then each agenda with its references to the cards."""
    from .cards import load_cards, with_references
    from .loading import load_agenda

    cards = load_cards()
    print(cards.report())
    worst = 0 if cards.ok else 1
    for path in paths:
        loaded = with_references(load_agenda(path), cards)
        print(loaded.report())
        worst = max(worst, 0 if loaded.ok else 1)
    return worst


def run(args: argparse.Namespace) -> int:
    from .settings import Settings

    settings = Settings.from_env(
        agenda=args.agenda,
        db=args.db,
        data_dir=args.data,
        host=args.host,
        port=args.port,
        public_url=args.public_url,
        rehearse=args.rehearse,
        rehearse_seed=args.rehearse_seed,
        rehearse_speed=args.rehearse_speed,
    )
    from .domain.rehearsal import MAX_PARTICIPANTS

    if not 0 <= settings.rehearse <= MAX_PARTICIPANTS or settings.rehearse_speed <= 0:
        print(
            f'eventapp: --rehearse takes 1 to {MAX_PARTICIPANTS} participants, --rehearse-speed a positive number.',
            file=sys.stderr,
        )
        return 2
    from .cards import load_cards, with_references
    from .loading import load_agenda

    cards = load_cards()
    loaded = with_references(load_agenda(settings.agenda), cards)
    if not loaded.ok or not cards.ok:
        print(cards.report(), file=sys.stderr)
        print(loaded.report(), file=sys.stderr)
        print('eventapp: the agenda has errors; nothing started.', file=sys.stderr)
        return 1
    from .app import storage_path

    os.environ.setdefault('NICEGUI_STORAGE_PATH', str(storage_path(settings)))
    from .rehearsal import RehearsalRefused
    from .serve import serve

    try:
        serve(settings)
    except RehearsalRefused:
        print(
            f'eventapp: {settings.db_path(loaded.agenda.event.id)} holds a real day; nothing started.\n'
            '  Rehearse in its own file: leave out --db (default data/<event-id>-rehearsal.db) or name another one.',
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ in {'__main__', '__mp_main__'}:
    sys.exit(main())
