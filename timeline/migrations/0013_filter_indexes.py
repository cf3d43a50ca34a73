"""Indexes for the reader's combined filter (issue 12): category, actor and timeline membership,
and the date range.

The link tables of Event's many-to-many fields had an index on each column alone, so finding
the events of a category read the link row for every one of them to learn its event_id. An
index on (category_id, event_id) answers from the index alone; the same for actors and
timelines. Django creates these tables itself (no through model to declare an index on), so
the indexes are plain SQL, the same on SQLite and PostgreSQL. The date range gets end_day
beside status and start_day, so the range is tested in the index before any row is read.
"""

from django.db import migrations, models

LINKS = [
    ("timeline_event_categories", "category_id"),
    ("timeline_event_actors", "actor_id"),
    ("timeline_event_timelines", "timeline_id"),
]


class Migration(migrations.Migration):

    dependencies = [
        ("timeline", "0012_import_keys"),
    ]

    operations = [
        *(
            migrations.RunSQL(
                f"CREATE INDEX IF NOT EXISTS {table}_by_{column[:-3]} ON {table} ({column}, event_id)",
                f"DROP INDEX IF EXISTS {table}_by_{column[:-3]}",
            )
            for table, column in LINKS
        ),
        migrations.RemoveIndex(model_name="event", name="event_status_start_day"),
        migrations.AddIndex(
            model_name="event",
            index=models.Index(fields=["status", "start_day", "end_day"], name="event_status_span"),
        ),
    ]
