"""Schema as code: each component has an ordered tuple of migrations; only ever append to it."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from sqlite_utils import Database

Migration = Callable[[Database], None]


def apply(db: Database, component: str, migrations: Sequence[Migration]) -> int:
    """Run the component's migrations that have not run yet, each in its own transaction. Returns the version."""
    db.execute('CREATE TABLE IF NOT EXISTS schema_migrations (component TEXT PRIMARY KEY, version INTEGER NOT NULL)')
    row = db.execute('SELECT version FROM schema_migrations WHERE component = ?', [component]).fetchone()
    version = row[0] if row else 0
    for number, migration in enumerate(migrations[version:], start=version + 1):
        with db.atomic():
            migration(db)
            db.execute(
                'INSERT INTO schema_migrations (component, version) VALUES (?, ?) '
                'ON CONFLICT(component) DO UPDATE SET version = excluded.version',
                [component, number],
            )
    return len(migrations)
