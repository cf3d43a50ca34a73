"""SQLite's events text index keeps doclists for prefixes of 2 to 10 letters (search.PREFIXES),
so an unfinished last word is read like a whole one; the index is made again with them.
Nothing changes on PostgreSQL."""

from django.db import migrations


def reindex(apps, schema_editor):
    from timeline.domain import search

    search.reindex_events(schema_editor.connection)


class Migration(migrations.Migration):

    dependencies = [
        ("timeline", "0014_filing"),
    ]

    operations = [
        # Backwards, the wider index stays: it answers every query the narrower one did.
        migrations.RunPython(reindex, migrations.RunPython.noop),
    ]
