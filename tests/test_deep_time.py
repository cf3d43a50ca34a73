"""Dates end to end, as readers, editors and importers meet them: 44 BC to next quarter."""

import json

from timeline.curation.timelinejs_import import import_timeline
from timeline.domain.models import Timeline

from .conftest import article_ids, make_event, make_timeline


def body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def roman_history(db):
    timeline = make_timeline(slug="rome", title="Rome")
    make_event(timeline, when="15 March 44 BC", slug="ides-of-march", headline="Caesar is assassinated")
    make_event(timeline, when="c. 500 BC", slug="republic", headline="The Republic is founded")
    make_event(timeline, when="AD 79", slug="vesuvius", headline="Vesuvius erupts")
    make_event(timeline, when="the 1990s", slug="nineties", headline="A decade of digs")
    return timeline


def test_bc_dates_are_shown_and_sorted_on_the_page(client, db):
    """The chronology shows "15 March 44 BC" and "c. 500 BC", oldest first."""
    roman_history(db)
    response = client.get("/t/rome/")
    html = response.content.decode()
    assert article_ids(response) == ["republic", "ides-of-march", "vesuvius", "nineties"]
    assert "15 March 44 BC" in html and "c. 500 BC" in html and "AD 79" in html and "1990s" in html
    assert 'data-edtf="-0043-03-15"' in html


def test_filters_read_bc_dates(client, db):
    """from=100 BC&to=1 BC selects what happened in the last century BC, nothing else."""
    roman_history(db)
    response = client.get("/t/rome/", {"from": "100 BC", "to": "1 BC"})
    assert response.status_code == 200
    assert article_ids(response) == ["ides-of-march"]
    assert article_ids(client.get("/t/rome/", {"to": "before AD 1"})) == ["republic", "ides-of-march"]


def test_events_json_carries_bc_dates_as_edtf(client, db):
    """events.json: ISO 8601 with a negative year, and EDTF."""
    roman_history(db)
    data = json.loads(body(client.get("/t/rome/events.json")))
    ides = next(event for event in data["events"] if event["slug"] == "ides-of-march")
    assert ides["date"]["start"] == "-0043-03-15" and ides["date"]["edtf"] == "-0043-03-15"
    assert ides["date"]["display"] == "15 March 44 BC"


def test_timelinejs_round_trip_keeps_bc_and_coarse_dates(client, db):
    """TimelineJS shows -44 as 44 BC; export and import keep every period, decades included."""
    roman_history(db)
    exported = json.loads(body(client.get("/t/rome/timelinejs.json")))
    ides = next(slide for slide in exported["events"] if slide["unique_id"] == "ides-of-march")
    assert ides["start_date"] == {"year": -44, "month": 3, "day": 15}
    report = import_timeline(json.dumps(exported), "rome-copy")
    assert not report.skipped
    copies = {event.slug: event.date_display for event in Timeline.objects.get(slug="rome-copy").events.all()}
    assert copies == {
        "rome-copy-ides-of-march": "15 March 44 BC",
        "rome-copy-republic": "c. 500 BC",
        "rome-copy-vesuvius": "AD 79",
        "rome-copy-nineties": "1990s",
    }


def test_the_ics_export_leaves_out_what_icalendar_cannot_date(client, db):
    """iCalendar has no BC years: those events are left out, the rest are there."""
    roman_history(db)
    ics = body(client.get("/t/rome/events.ics")).decode()
    assert "Vesuvius erupts" in ics and "Caesar" not in ics and ics.rstrip().endswith("END:VCALENDAR")


def test_late_october_sorts_after_20_october(client, db):
    """A part of a month sorts where its days start: "late October 2025" after "20 October 2025"."""
    timeline = make_timeline(slug="autumn")
    make_event(timeline, when="late October 2025", slug="late")
    make_event(timeline, when="20 October 2025", slug="twentieth")
    make_event(timeline, when="October 2025", slug="month")
    assert article_ids(client.get("/t/autumn/")) == ["month", "twentieth", "late"]


def test_same_day_events_keep_the_order_editors_set(client, db):
    """Two events on one day: the editors' order within the date decides, not the row id."""
    timeline = make_timeline(slug="same-day")
    make_event(timeline, when="22 October 2025", slug="second", day_order=2)
    make_event(timeline, when="22 October 2025", slug="first", day_order=1)
    assert article_ids(client.get("/t/same-day/")) == ["first", "second"]


def test_a_strip_over_ten_thousand_years_stays_small(client, db):
    """From 9999 BC to AD 2025 the strip counts centuries: the page stays light."""
    timeline = make_timeline(slug="deep")
    make_event(timeline, when="9999 BC", slug="oldest")
    make_event(timeline, when="2025", slug="newest")
    html = client.get("/t/deep/").content.decode()
    assert "Events per century" in html
    assert len(html) < 120_000
