"""Backups: a live site (drafts, history, candidates) backed up while a writer keeps saving, restored
into an empty database, and compared table by table. On SQLite here, on PostgreSQL under
tests/with_postgres.sh. The site runs as its own processes (manage.py), as an operator runs it.
"""

import json
import os
import sqlite3
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.conf import settings

WRITER_HEADLINE = "Written during the backup"
WRITER = f"""
import sys
from datetime import date
from django.db import transaction
from timeline.domain import dates
from timeline.domain.models import Citation, Event, SourceArticle
source = SourceArticle.objects.order_by("pk").first()
for n in range(400):
    with transaction.atomic():  # one event and its citation: a backup has both or neither
        event = Event(headline="{WRITER_HEADLINE} " + str(n), slug="written-" + str(n), status="draft")
        event.period = dates.Period.of(dates.Day.from_date(date(2025, 1, 1)), dates.Precision.DAY)
        event.save()
        Citation.objects.create(event=event, source=source, quote="Quote " + str(n))
    if n == 5:
        print("started", flush=True)
"""
EDITS = """
from django.contrib.auth.models import User
from timeline.curation import review
from timeline.domain.models import Candidate, Event
review.accept(Candidate.objects.order_by("pk").first())  # a draft with its citation, actors and figures
event = Event.objects.get(slug="meta-cuts-600-ai-jobs")
event.headline = "Meta cuts 600 jobs in its AI unit (edited)"
event.save()  # a second history record
User.objects.create_user("ed", password="a-long-editor-password", is_staff=True)
"""


class Site:
    """One site's database, reached by manage.py (DATABASE_URL) and read back table by table."""

    def __init__(self, url):
        self.url = url

    def manage(self, *args, **popen):
        env = {**os.environ, "DATABASE_URL": self.url, "DJANGO_SETTINGS_MODULE": "tests.settings"}
        command = [sys.executable, "manage.py", *args]
        if popen:
            return subprocess.Popen(command, env=env, cwd=settings.BASE_DIR, text=True, **popen)
        return subprocess.run(command, env=env, cwd=settings.BASE_DIR, text=True, capture_output=True)

    def tables(self):
        """Every table's rows, as a set of tuples."""
        if self.url.startswith("sqlite"):
            connection = sqlite3.connect(self.url.removeprefix("sqlite:///"))
            names = [
                row[0]
                for row in connection.execute(
                    "SELECT name FROM sqlite_master WHERE type='table' AND name != 'sqlite_sequence'"
                )
                # The full-text index's own tables (domain/search.py) hold merged segments, derived from
                # the events: they are copied, but compared through the rows they index.
                if "_search" not in row[0]
            ]
        else:
            import psycopg

            connection = psycopg.connect(self.url)
            names = [row[0] for row in connection.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public'").fetchall()]  # fmt: skip
        try:
            return {name: {hashable(row) for row in connection.execute(f'SELECT * FROM "{name}"')} for name in names}
        finally:
            connection.close()


def hashable(row):
    """A row as a set member: JSON columns (lists, dicts on PostgreSQL) as their canonical text."""
    return tuple(json.dumps(v, sort_keys=True) if isinstance(v, (list, dict)) else v for v in row)


@pytest.fixture
def two_sites(tmp_path):
    """A live site and an empty one, on the test run's database engine."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        yield Site(f"sqlite:///{tmp_path / 'live.sqlite3'}"), Site(f"sqlite:///{tmp_path / 'restored.sqlite3'}")
        return
    import psycopg

    names = [f"backup_{role}_{uuid.uuid4().hex[:8]}" for role in ("live", "restored")]
    base, _ = url.rsplit("/", 1)
    with psycopg.connect(url, autocommit=True) as admin:
        for name in names:
            admin.execute(f"CREATE DATABASE {name}")
    yield tuple(Site(f"{base}/{name}") for name in names)
    with psycopg.connect(url, autocommit=True) as admin:
        for name in names:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def ok(result):
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_a_backup_taken_during_writes_restores_every_table(two_sites, tmp_path):
    """Back up a site with drafts, history and candidates while another process writes; restore into
    an empty database: every row there before is back, nothing half-written is, and every table holds
    exactly what the live site held at one instant."""
    live, restored = two_sites
    ok(live.manage("migrate", "-v0"))
    ok(live.manage("loaddata", "meta_ai_restructuring", "-v0"))
    ok(live.manage("populate_history", "--auto"))
    ok(live.manage("import_article", "tests/data/lecun-exit-article.md", "--published", "2025-11-15"))
    ok(live.manage("shell", "-c", EDITS))
    before = live.tables()

    writer = live.manage("shell", "--no-imports", "-c", WRITER, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert writer.stdout.readline().strip() == "started"
    ok(live.manage("backup", str(tmp_path / "backup")))
    assert writer.wait(timeout=300) == 0, writer.stderr.read()
    after = live.tables()

    ok(restored.manage("migrate", "-v0"))  # an empty database, as `migrate` leaves it, is accepted
    ok(restored.manage("restore", str(tmp_path / "backup")))
    back = restored.tables()

    assert set(back) == set(after)
    for table, rows in back.items():
        assert before[table] <= rows <= after[table], table
    new_events = back["timeline_event"] - before["timeline_event"]
    new_citations = back["timeline_citation"] - before["timeline_citation"]
    new_history = back["timeline_historicalevent"] - before["timeline_historicalevent"]
    assert len(new_events) == len(new_citations) == len(new_history)  # each write whole, or not at all
    assert len(after["timeline_event"] - before["timeline_event"]) == 400
    assert len(back["timeline_candidate"]) == len(before["timeline_candidate"]) > 0
    assert any(row for row in back["timeline_event"] if "draft" in row)


def test_restore_refuses_a_database_in_use(two_sites, tmp_path):
    """Restoring over a site's data would mix two sites: refused, with the reason, nothing changed."""
    live, _ = two_sites
    ok(live.manage("migrate", "-v0"))
    ok(live.manage("loaddata", "meta_ai_restructuring", "-v0"))
    ok(live.manage("backup", str(tmp_path / "backup")))
    before = live.tables()
    result = live.manage("restore", str(tmp_path / "backup"))
    assert result.returncode == 1
    assert "The database is not empty, so nothing was restored" in result.stderr
    assert live.tables() == before


def test_backup_refuses_a_directory_in_use(two_sites, tmp_path):
    """An existing, non-empty directory is never overwritten."""
    live, _ = two_sites
    ok(live.manage("migrate", "-v0"))
    Path(tmp_path / "backup").mkdir()
    Path(tmp_path / "backup" / "keep.txt").write_text("mine")
    result = live.manage("backup", str(tmp_path / "backup"))
    assert result.returncode == 1 and "is not empty" in result.stderr
    assert Path(tmp_path / "backup" / "keep.txt").read_text() == "mine"
