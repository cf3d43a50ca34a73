"""The filters' index also files each event under its timelines as a whole (category NULL), so
filters without a category and the whole timeline's counts read one index range too.

On PostgreSQL the triggers' functions are replaced and every row filed anew here; on SQLite the
triggers are put back and the rows filed after the migrations (post_migrate), as after every
migrate (timeline/domain/filing.py).
"""

import django.db.models.deletion
from django.db import migrations, models


def refile(apps, schema_editor):
    from timeline.domain import filing

    if schema_editor.connection.vendor == "postgresql":
        filing.install(schema_editor.connection, refile=True)


def unfile_whole(apps, schema_editor):
    """Backwards: the rows under no category go, so the column can be NOT NULL again, and the
    triggers stop filing them (on SQLite they are put back after the migrations, as 0015's table
    takes them: filing.install reads the column)."""
    from timeline.domain import filing

    if schema_editor.connection.vendor == "postgresql":
        filing.install(schema_editor.connection, refile=True, whole=False)
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("DELETE FROM timeline_filing WHERE category_id IS NULL")


class Migration(migrations.Migration):

    dependencies = [
        ("timeline", "0015_search_prefixes"),
    ]

    operations = [
        migrations.AlterField(
            model_name="filing",
            name="category",
            field=models.ForeignKey(
                db_constraint=False,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="timeline.category",
            ),
        ),
        migrations.RunPython(refile, unfile_whole),
    ]
