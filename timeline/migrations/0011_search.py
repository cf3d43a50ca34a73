"""Full-text search: FTS5 tables and triggers on SQLite; unaccent, a text search
configuration, a trigger-kept tsvector column and GIN indexes on PostgreSQL.

timeline/domain/search.py owns the statements (they are idempotent: every
migrate runs them again, because SQLite drops triggers with a rebuilt table);
existing rows are indexed here.
"""

from django.contrib.postgres.operations import UnaccentExtension
from django.db import migrations


def install(apps, schema_editor):
    from timeline.domain import search

    search.install(schema_editor.connection)


def uninstall(apps, schema_editor):
    from timeline.domain import search

    search.uninstall(schema_editor.connection)


class Migration(migrations.Migration):

    dependencies = [
        ("timeline", "0010_editorial"),
    ]

    operations = [
        UnaccentExtension(),  # does nothing on other databases
        migrations.RunPython(install, uninstall),
    ]
