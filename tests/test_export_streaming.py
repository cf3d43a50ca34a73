"""Exports that finish or fail loudly: streamed to the end at 50k events, and never a clean
end after a failure midway (a truncated download must not look like a complete 200)."""

import csv
import http.client
import io
import json
import os
import socket
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from timeline.curation import bulk
from timeline.domain import dates
from timeline.domain.models import Event
from timeline.publishing import exports

from .conftest import make_timeline

ROOT = Path(__file__).resolve().parent.parent
EXPORTS = ["events.json", "timelinejs.json", "events.ics", "events.csv"]


def bulk_events(timeline, count):
    """`count` published events in `timeline`, written in bulk (the factories save one by one)."""
    first = dates.Day.from_date(date(2000, 1, 1)).number
    events = []
    for n in range(count):
        event = Event(headline=f"Event {n}", slug=f"bulk-{n}", summary=f"Summary {n}.", status="published")
        event.period = dates.Period.of(dates.Day.from_number(first + n // 6), dates.Precision.DAY)
        event.day_order = n % 6  # the last one made is the last in order
        events.append(event)
    Event.objects.bulk_create(events, batch_size=2000)
    through = Event.timelines.through
    ids = Event.objects.filter(slug__startswith="bulk-").values_list("pk", flat=True)
    through.objects.bulk_create([through(event_id=pk, timeline_id=timeline.pk) for pk in ids], batch_size=5000)
    # As an import does: counted as empty (autovacuum after an earlier test's rows were deleted),
    # PostgreSQL planned the export's join as a nested loop, and the test ran past ten minutes.
    bulk.refresh_statistics(count)


def body_until_failure(response):
    """The chunks a client received before the stream failed, and the error that stopped it.
    The response is closed, as a WSGI server closes it, so its database cursor goes with it."""
    received = []
    try:
        for chunk in response.streaming_content:
            received.append(chunk)
    except RuntimeError as error:
        return b"".join(received).decode(), error
    finally:
        response.close()
    return b"".join(received).decode(), None


@pytest.mark.django_db
@pytest.mark.parametrize("export", EXPORTS)
def test_a_failure_midway_raises_instead_of_closing_the_document(client, monkeypatch, export):
    """An error at event 600 (after a first chunk went out) propagates: no closing `]}` or END:VCALENDAR."""
    timeline = make_timeline(slug="story")
    bulk_events(timeline, 1200)
    calls = []
    permalink = exports.permalink

    def failing(request, timeline, event):
        calls.append(event.pk)
        if len(calls) == 600:
            raise RuntimeError("database went away")
        return permalink(request, timeline, event)

    monkeypatch.setattr(exports, "permalink", failing)
    response = client.get(f"/t/story/{export}")
    assert response.status_code == 200 and response.streaming
    received, error = body_until_failure(response)
    assert error is not None, "the stream ended cleanly after a failure"
    assert received.count("bulk-") >= 500  # some of it went out before the failure
    assert not received.rstrip().endswith("]}") and "END:VCALENDAR" not in received


@pytest.mark.slow
@pytest.mark.django_db
def test_every_export_of_50k_events_is_complete(client):
    """50,000 events: each export streams to its valid end, with every event and the last one last."""
    timeline = make_timeline(slug="huge")
    bulk_events(timeline, 50_000)
    last = "bulk-49999"

    def fetch(export):
        response = client.get(f"/t/huge/{export}")
        assert response.status_code == 200 and response.streaming
        return b"".join(response.streaming_content).decode()

    data = json.loads(fetch("events.json"))
    assert len(data["events"]) == 50_000 and data["events"][-1]["slug"] == last
    slides = json.loads(fetch("timelinejs.json"))["events"]
    assert len(slides) == 50_000 and slides[-1]["unique_id"] == last
    ics = fetch("events.ics")
    assert ics.startswith("BEGIN:VCALENDAR") and ics.endswith("END:VEVENT\r\nEND:VCALENDAR\r\n")
    uids = [line for line in ics.splitlines() if line.startswith("UID:")]
    assert len(uids) == 50_000 == ics.count("BEGIN:VEVENT") and uids[-1].startswith(f"UID:{last}@")
    rows = list(csv.reader(io.StringIO(fetch("events.csv").lstrip("\ufeff"))))
    assert len(rows) == 50_001 and rows[-1][0] == last


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def served_failing_app(tmp_path_factory):
    """gunicorn, started as `make run` starts it, serving a 1,200-event timeline whose exports fail
    at event 600 (tests/failing_exports_wsgi.py injects the failure)."""
    database = tmp_path_factory.mktemp("served") / "served.sqlite3"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "DJANGO_SECRET_KEY": "tests"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    subprocess.run([sys.executable, "bench/generate.py", "1200", str(database)], cwd=ROOT, env=env, check=True)
    port = free_port()
    env["GUNICORN_BIND"] = f"127.0.0.1:{port}"
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "python:timeline.serving.gunicorn_conf", "tests.failing_exports_wsgi"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        yield port
    finally:
        server.terminate()
        server.wait(timeout=30)


@pytest.mark.parametrize("export", EXPORTS)
def test_under_gunicorn_a_failed_export_aborts_the_connection(served_failing_app, export):
    """Through the production server, a failure midway leaves the chunked body unterminated:
    the client gets an error (IncompleteRead, or the connection reset), never a body that looks complete."""
    connection = http.client.HTTPConnection("127.0.0.1", served_failing_app, timeout=60)
    connection.request("GET", f"/t/bench/{export}")
    response = connection.getresponse()
    assert response.status == 200 and response.getheader("Transfer-Encoding") == "chunked"
    with pytest.raises((http.client.IncompleteRead, ConnectionError)) as failure:
        response.read()
    if isinstance(failure.value, http.client.IncompleteRead):
        partial = failure.value.partial
        assert b"END:VCALENDAR" not in partial and not partial.rstrip().endswith(b"]}")
    connection.close()
