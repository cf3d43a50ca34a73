"""The category filter's index (issue 12): timeline_filing, one row per event, timeline and
category with the event's status, dates and place in the chronology, kept by triggers.

timeline/domain/filing.py owns the triggers. On PostgreSQL they are created and the existing
rows filed here; on SQLite after the migrations (post_migrate), as after every migrate: a later
migration in the same run that rebuilt the events table would trip over them.
"""

import django.db.models.deletion
from django.db import migrations, models


def install(apps, schema_editor):
    from timeline.domain import filing

    if schema_editor.connection.vendor == "postgresql":
        filing.install(schema_editor.connection)


def uninstall(apps, schema_editor):
    from timeline.domain import filing

    filing.uninstall(schema_editor.connection)


class Migration(migrations.Migration):

    dependencies = [
        ("timeline", "0013_filter_indexes"),
    ]

    operations = [
        migrations.CreateModel(
            name="Filing",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("status", models.CharField(max_length=10)),
                ("start_day", models.IntegerField()),
                ("end_day", models.IntegerField()),
                ("day_order", models.PositiveSmallIntegerField()),
                ("importance", models.PositiveSmallIntegerField()),
                (
                    "category",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="timeline.category",
                    ),
                ),
                (
                    "event",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="timeline.event",
                    ),
                ),
                (
                    "timeline",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="timeline.timeline",
                    ),
                ),
            ],
            options={
                "indexes": [
                    models.Index(
                        fields=[
                            "timeline",
                            "category",
                            "status",
                            "start_day",
                            "day_order",
                            "-importance",
                            "event",
                            "end_day",
                        ],
                        name="filing_chronology",
                    )
                ],
            },
        ),
        migrations.RunPython(install, uninstall),
    ]
