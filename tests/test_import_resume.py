"""A TimelineJS import killed midway (SIGKILL, as the OOM killer or a deploy would) and run again.

The import runs as `manage.py import_timelinejs` in its own process on a file-based
SQLite database, so the kill is real: no exception handler, no rollback by Python.
"""

import json
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from timeline.curation.timelinejs_import import BATCH

ROOT = Path(__file__).resolve().parent.parent
ROWS = 4000


def manage(database, *args):
    """A `manage.py` process on the given SQLite file, its progress lines unbuffered on stderr."""
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "DJANGO_SECRET_KEY": "tests", "PYTHONUNBUFFERED": "1"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    pipes = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE, "text": True}
    return subprocess.Popen([sys.executable, "manage.py", *args], cwd=ROOT, env=env, **pipes)


def counts(database):
    """(events, events linked to the timeline, distinct import keys, events with a history row)."""
    with sqlite3.connect(database) as db:
        return db.execute(
            """SELECT (SELECT COUNT(*) FROM timeline_event),
                      (SELECT COUNT(*) FROM timeline_event_timelines),
                      (SELECT COUNT(DISTINCT import_key) FROM timeline_event),
                      (SELECT COUNT(DISTINCT id) FROM timeline_historicalevent)"""
        ).fetchone()


@pytest.fixture
def big_file(tmp_path):
    """ROWS slides, half with a TimelineJS unique_id and half keyed by date and headline."""
    slides = [
        {
            "start_date": {"year": 2000 + n % 25, "month": 1 + n % 12, "day": 1 + n % 28},
            "text": {"headline": f"Event {n}", "text": f"<p>What happened in event {n}.</p>"},
            "group": ["Deals", "M&A", "Été"][n % 3],
            **({"unique_id": f"row-{n}"} if n % 2 else {}),
        }
        for n in range(ROWS)
    ]
    path = tmp_path / "big.json"
    path.write_text(json.dumps({"events": slides}))
    return path


def test_a_killed_import_keeps_whole_batches_and_a_rerun_completes_without_duplicates(tmp_path, big_file):
    """SIGKILL after some batches committed: only whole batches are there; the re-run has every row once."""
    database = tmp_path / "import.sqlite3"
    assert manage(database, "migrate", "--noinput").wait(timeout=300) == 0
    command = ("import_timelinejs", str(big_file), "--timeline", "resumed", "--publish", "-v", "2")

    running = manage(database, *command)
    for line in running.stderr:
        if line.startswith(f"{3 * BATCH} of {ROWS}"):
            running.send_signal(signal.SIGKILL)
            break
    running.wait(timeout=60)
    assert running.returncode == -signal.SIGKILL, "the import finished before it could be killed"

    events, linked, keys, historical = counts(database)
    assert 3 * BATCH <= events < ROWS
    assert events % BATCH == 0, "a batch was written in part"
    assert linked == keys == historical == events

    rerun = manage(database, *command)
    out, err = rerun.communicate(timeout=300)
    assert rerun.returncode == 0, err
    assert f"{ROWS - events} created, 0 updated, {events} unchanged, 0 skipped." in out
    assert counts(database) == (ROWS, ROWS, ROWS, ROWS)
