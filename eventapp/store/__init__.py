"""The only package that speaks SQL: one event's database, with one module per noun.

`core` holds the event's meta data, participants and run of show; feature modules (questions, pulse, ...) each own
their tables and their migrations, recorded per component in `schema_migrations`.
"""

from .core import MIGRATIONS, Store

__all__ = ['MIGRATIONS', 'Store']
