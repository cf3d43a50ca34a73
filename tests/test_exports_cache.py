"""Exports made once per timeline revision: a repeat is one query, an edit shows on the next request."""

import gzip
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from timeline.domain import stored_responses
from timeline.publishing import exports

from .conftest import SAMPLE, make_event
from .test_editing import event_data

BASE = f"/t/{SAMPLE}/"
EXPORTS = ["events.json", "timelinejs.json", "events.ics", "events.csv"]
GZIP = {"Accept-Encoding": "gzip, deflate, br"}


def body(response):
    data = b"".join(response.streaming_content) if response.streaming else response.content
    return gzip.decompress(data) if response.get("Content-Encoding") == "gzip" else data


@pytest.mark.parametrize("export", EXPORTS)
def test_a_repeated_export_is_one_query(client, sample, export, django_assert_num_queries):
    """The second request for an export reads the timeline and its revision, and nothing else;
    it is the same text as the first, gzipped or plain."""
    first = body(client.get(BASE + export, {"category": "departures"}))
    with django_assert_num_queries(1):
        zipped = client.get(BASE + export, {"category": "departures"}, headers=GZIP)
    with django_assert_num_queries(1):
        plain = client.get(BASE + export, {"category": "departures"})
    assert zipped["Content-Encoding"] == "gzip" and "Accept-Encoding" in zipped["Vary"]
    assert not plain.has_header("Content-Encoding")
    assert body(zipped) == body(plain) == first


@pytest.mark.parametrize("headers", [{}, GZIP])
def test_an_event_published_through_the_orm_is_in_the_next_export(client, sample, headers):
    """An export kept from before an edit is never sent again: a newly published event is in the next one."""
    client.get(BASE + "events.json", headers=headers)
    make_event(sample, headline="A late addition", slug="a-late-addition")
    slugs = [event["slug"] for event in json.loads(body(client.get(BASE + "events.json", headers=headers)))["events"]]
    assert "a-late-addition" in slugs and len(slugs) == 14


def test_an_edit_published_in_the_admin_is_in_the_next_export(editor, client, sample):
    """An editor publishes a new headline in the admin; the next events.json and CSV carry it."""
    for export in ("events.json", "events.csv"):
        client.get(BASE + export, headers=GZIP)
    event = sample.events.filter(status="published").first()
    url, data = event_data(client, event)
    assert client.post(url, {**data, "headline": "A corrected headline"}).status_code == 302
    records = json.loads(body(client.get(BASE + "events.json", headers=GZIP)))["events"]
    assert next(r for r in records if r["slug"] == event.slug)["headline"] == "A corrected headline"
    assert "A corrected headline" in body(client.get(BASE + "events.csv")).decode()


def test_a_renamed_timeline_is_in_the_next_export(client, sample):
    """The timeline's own title is part of the export, and of what the kept copy is keyed by."""
    client.get(BASE + "events.json")
    sample.title = "Meta's AI reorganisation"
    sample.save()
    assert json.loads(body(client.get(BASE + "events.json")))["timeline"]["title"] == "Meta's AI reorganisation"


def test_parameters_that_are_not_filters_share_the_kept_export(client, sample, django_assert_num_queries):
    """A tracking parameter does not make another export: the kept one is sent, naming the canonical filters."""
    first = body(client.get(BASE + "events.json", {"category": "departures"}))
    assert json.loads(first)["filters"] == "category=departures"
    with django_assert_num_queries(1):
        again = client.get(BASE + "events.json", {"category": "departures", "utm_source": "newsletter"})
    assert body(again) == first


def test_an_export_larger_than_one_part_is_kept_in_parts(client, sample, monkeypatch, django_assert_num_queries):
    """A body bigger than a cache value may be is kept in several parts and sent whole from them."""
    monkeypatch.setattr(stored_responses, "PART_BYTES", 1000)
    first = body(client.get(BASE + "events.json"))
    with django_assert_num_queries(1):
        zipped = client.get(BASE + "events.json", headers=GZIP)
    with django_assert_num_queries(1):
        plain = client.get(BASE + "events.json")
    assert body(zipped) == body(plain) == first


def test_an_export_over_the_bound_is_made_every_time(client, sample, monkeypatch):
    """Past MAX_STORED_BYTES (compressed) an export is not kept: each request streams it again."""
    monkeypatch.setattr(stored_responses, "MAX_STORED_BYTES", 1000)
    first = body(client.get(BASE + "events.json"))
    with CaptureQueriesContext(connection) as queries:
        assert body(client.get(BASE + "events.json")) == first
    assert len(queries) > 1


def test_an_export_that_failed_midway_is_not_kept(client, sample, monkeypatch):
    """A stream that broke is never stored: the next request makes the whole export again."""
    permalink = exports.permalink

    def failing(request, timeline, event):
        raise RuntimeError("database went away")

    monkeypatch.setattr(exports, "permalink", failing)
    with pytest.raises(RuntimeError):
        body(client.get(BASE + "events.json"))
    monkeypatch.setattr(exports, "permalink", permalink)
    assert len(json.loads(body(client.get(BASE + "events.json")))["events"]) == 13


def test_a_kept_gzipped_export_still_answers_its_etag_with_304(client, sample):
    """Sent gzipped, the export's ETag is weak; sending it back gets a 304."""
    client.get(BASE + "events.json", headers=GZIP)
    zipped = client.get(BASE + "events.json", headers=GZIP)
    assert zipped["ETag"].startswith('W/"')
    assert client.get(BASE + "events.json", headers={**GZIP, "If-None-Match": zipped["ETag"]}).status_code == 304
