"""The filtered view as data, checked with real parsers."""

import csv
import html
import io
import json
import xml.etree.ElementTree as ET

import icalendar
import pytest

from timeline.curation.timelinejs_import import import_timeline
from timeline.domain import dates
from timeline.domain.models import Timeline

from .conftest import SAMPLE

BASE = f"/t/{SAMPLE}/"


def body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_json_has_every_event_with_precision_and_edtf(client, sample):
    """events.json lists all 13 events with dates, precision, EDTF, actors, figures and citations."""
    response = client.get(BASE + "events.json")
    data = json.loads(body(response))
    assert response["Content-Type"] == "application/json"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert len(data["events"]) == 13
    month_event = next(e for e in data["events"] if e["slug"] == "lecun-reports-to-wang")
    assert month_event["date"] == {
        "start": "2025-08-01", "end": "2025-08-31", "precision": "month", "part": None, "qualifier": None,
        "end_precision": None, "edtf": "2025-08", "display": "August 2025",
    }  # fmt: skip
    stock = next(e for e in data["events"] if e["slug"] == "meta-stock-falls-after-q3-earnings")
    assert {c["claim"] for c in stock["citations"]} >= {"Shares fell 12.6%, erasing about $240B of market value."}


def test_exports_take_the_page_filters(client, sample):
    """The same filters as the page: departures since June 2025 gives the two LeCun events."""
    data = json.loads(body(client.get(BASE + "events.json", {"category": "departures", "from": "June 2025"})))
    assert [e["slug"] for e in data["events"]] == ["lecun-exit-reported", "lecun-confirms-departure"]


def test_bad_filter_on_an_export_is_a_400_with_reasons(client, sample):
    """An unreadable date in an export's query string is a JSON 400, not a 500 or silent ignore."""
    response = client.get(BASE + "events.csv", {"from": "nonsense"})
    assert response.status_code == 400
    assert "from" in json.loads(response.content)["fields"]


def test_etag_gives_304_until_the_timeline_changes(client, sample):
    """An unchanged view answers If-None-Match with 304; an edit changes the ETag."""
    first = client.get(BASE + "events.json")
    etag = first["ETag"]
    assert client.get(BASE + "events.json", headers={"If-None-Match": etag}).status_code == 304
    event = sample.events.first()
    event.headline = "Changed"
    event.save()
    assert client.get(BASE + "events.json", headers={"If-None-Match": etag}).status_code == 200


def test_timelinejs_export_follows_timelinejs_date_rules(client, sample):
    """Integer date parts no finer than the precision, a headline on every slide, unique ids."""
    data = json.loads(body(client.get(BASE + "timelinejs.json")))
    # TimelineJS renders the headline as HTML: it is escaped text that reads as the title
    assert html.unescape(data["title"]["text"]["headline"]) == "Meta's AI restructuring"
    for slide in data["events"]:
        assert slide["text"]["headline"]
        assert all(isinstance(value, int) for value in slide["start_date"].values())
    by_id = {slide["unique_id"]: slide for slide in data["events"]}
    assert by_id["lecun-reports-to-wang"]["start_date"] == {"year": 2025, "month": 8}
    assert by_id["meta-cuts-600-ai-jobs"]["start_date"] == {"year": 2025, "month": 10, "day": 22}
    assert by_id["meta-cuts-600-ai-jobs"]["group"] == "Layoffs"


def test_atom_feed_parses_and_lists_newest_first(client, sample):
    """The feed is Atom XML, newest event first, with permalinks."""
    response = client.get(BASE + "feed/")
    root = ET.fromstring(response.content)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    entries = root.findall("a:entry", ns)
    assert len(entries) == 13
    assert entries[0].find("a:title", ns).text.startswith("19 November 2025")
    assert entries[0].find("a:link", ns).get("href").endswith("/events/lecun-confirms-departure/")


def test_ics_has_all_day_events_and_spans_for_coarse_dates(client, sample):
    """Day events last one day; the August-precision event covers August."""
    calendar = icalendar.Calendar.from_ical(body(client.get(BASE + "events.ics")))
    events = {str(e["uid"]).split("@")[0]: e for e in calendar.walk("VEVENT")}
    assert len(events) == 13
    cuts = events["meta-cuts-600-ai-jobs"]
    assert str(cuts.decoded("dtstart")) == "2025-10-22" and str(cuts.decoded("dtend")) == "2025-10-23"
    august = events["lecun-reports-to-wang"]
    assert str(august.decoded("dtstart")) == "2025-08-01" and str(august.decoded("dtend")) == "2025-09-01"


def test_csv_is_spreadsheet_friendly(client, sample):
    """One row per event with a header, UTF-8 with BOM, as a download."""
    response = client.get(BASE + "events.csv")
    rows = list(csv.DictReader(io.StringIO(body(response).decode("utf-8-sig"))))
    assert len(rows) == 13
    assert rows[0]["slug"] == "lecun-to-lead-facebook-ai-research"
    assert "attachment" in response["Content-Disposition"]


def test_drafts_never_reach_any_export(client, sample):
    """A draft is in no export."""
    event = sample.events.get(slug="meta-cuts-600-ai-jobs")
    event.status = "draft"
    event.save()
    for path in ("events.json", "timelinejs.json", "events.ics", "events.csv", "feed/"):
        assert b"meta-cuts-600-ai-jobs" not in body(client.get(BASE + path)), path


def test_timelinejs_round_trip_keeps_events_dates_and_precision(client, sample):
    """Export TimelineJS JSON, import into a new timeline: same events, dates and precision (quarters too)."""
    from timeline.domain.models import Event

    quarter = Event.objects.get(slug="meta-cuts-600-ai-jobs")
    quarter.period = dates.parse("Q4 2025", base=quarter.start)
    quarter.save()
    circa = Event.objects.get(slug="llama-4-released")
    circa.period = dates.parse("c. April 2025", base=circa.start)
    circa.save()
    ancient = Event.objects.get(slug="lecun-to-lead-facebook-ai-research")
    ancient.period = dates.parse("15 March 44 BC", base=ancient.start)
    ancient.save()
    late = Event.objects.get(slug="lecun-reports-to-wang")
    late.period = dates.parse("late August 2025", base=late.start)
    late.save()
    originals = {e.slug: e.period for e in Event.objects.all()}
    report = import_timeline(body(client.get(BASE + "timelinejs.json")).decode(), "copy")
    assert not report.skipped
    imported = {e.slug: e for e in Timeline.objects.get(slug="copy").events.all()}
    assert len(imported) == 13
    for slug, original in originals.items():
        twin = imported[f"copy-{slug}"]
        assert twin.period == original, slug


@pytest.mark.django_db
def test_sheet_import_handles_ranges_months_title_eras_and_html():
    """The sample sheet: title row, era skipped, spans, month/year precision, HTML sanitised, bad rows reported."""
    with open("tests/data/timelinejs_sheet.csv", encoding="utf-8") as handle:
        report = import_timeline(handle.read(), "layoffs-2025")
    timeline = Timeline.objects.get(slug="layoffs-2025")
    assert timeline.description.startswith("A sample sheet in TimelineJS's layout")
    assert any("era" in notice for notice in report.notices)
    assert len(report.created) == 4
    reasons = dict(report.skipped)
    assert "does not exist" in reasons["row 8"]
    assert "no year" in reasons["row 9"]
    assert "before the start" in reasons["row 10"]
    events = {e.headline: e for e in timeline.events.all()}
    cut = events["Company A cuts 5% of staff"]
    assert "<script>" not in cut.body and "javascript:" not in cut.body and cut.status == "draft"
    assert cut.media.get().url == "https://example.com/photo.jpg" and cut.categories.get().slug == "layoffs"
    assert events["Company B restructures its research arm"].precision == "month"
    assert events["A year of hiring freezes"].precision == "year"
    notice = events["Research head's notice period"]
    assert notice.period.end.isoformat() == "2025-05-30" and notice.date_display == "1 April – 30 May 2025"


@pytest.mark.django_db
def test_reimporting_updates_instead_of_duplicating():
    """Importing the same sheet twice leaves one copy of each event."""
    with open("tests/data/timelinejs_sheet.csv", encoding="utf-8") as handle:
        text = handle.read()
    import_timeline(text, "again")
    second = import_timeline(text, "again")
    assert len(second.created) == 0 and len(second.unchanged) == 4
    assert Timeline.objects.get(slug="again").events.count() == 4


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content", "message"),
    [("", "empty"), ("{not json", "not valid JSON"), ('{"events": []}', "no events"), ("a,b\n1,2", "header row")],
)
def test_fatal_import_errors_import_nothing(content, message):
    """Unreadable input raises ImportFailed with a reason and creates nothing."""
    from timeline.curation.timelinejs_import import ImportFailed

    with pytest.raises(ImportFailed, match=message):
        import_timeline(content, "nothing")
    assert not Timeline.objects.filter(slug="nothing").exists()


@pytest.mark.django_db
def test_import_command_reports_and_publishes(tmp_path):
    """The management command prints the report; --publish publishes; a bad file is a CommandError."""
    from django.core.management import CommandError, call_command

    out = io.StringIO()
    call_command("import_timelinejs", "tests/data/timelinejs_sheet.csv", timeline="cmd", publish=True, stdout=out)
    assert "4 created" in out.getvalue() and "Skipped row 8" in out.getvalue()
    assert Timeline.objects.get(slug="cmd").events.filter(status="published").count() == 4
    bad = tmp_path / "bad.json"
    bad.write_bytes(b"\xff\xfe not utf-8")
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("import_timelinejs", str(bad), timeline="cmd2")


@pytest.mark.django_db
def test_an_unsafe_link_leaves_no_dangling_word():
    """An imported link whose address is unsafe is dropped with its text; safe links stay."""
    sheet = (
        "Year,Month,Day,Headline,Text\n"
        '2025,3,1,Bridge closes,"<p>Inspectors found cracked girders. <a href=""javascript:alert(1)"">Report</a></p>'
        '<p>See the <a href=""https://example.com/memo"">memo</a>.</p>"\n'
    )
    import_timeline(sheet, "bridges")
    event = Timeline.objects.get(slug="bridges").events.get()
    assert "Report" not in event.body and "girders.</p>" in event.body
    assert 'href="https://example.com/memo"' in event.body and event.summary.endswith("See the memo.")


def test_outputs_that_others_render_carry_no_markup_or_formulas(client, sample):
    """TimelineJS fields it renders as HTML are escaped, the Atom summary is text, CSV cells are no formulas."""
    from timeline.domain.models import Event

    event = Event.objects.get(slug="meta-cuts-600-ai-jobs")
    event.headline = '=HYPERLINK("http://evil") <img src=x onerror="alert(1)">'
    event.summary = "<b>bold?</b> -2+3"
    event.save()
    slides = json.loads(body(client.get(BASE + "timelinejs.json")))["events"]
    slide = next(slide for slide in slides if slide["unique_id"] == "meta-cuts-600-ai-jobs")
    assert "<img" not in slide["text"]["headline"] and "&lt;img" in slide["text"]["headline"]
    feed = body(client.get(BASE + "feed/")).decode()
    assert '<summary type="text">&lt;b&gt;bold?&lt;/b&gt; -2+3</summary>' in feed
    rows = list(csv.DictReader(io.StringIO(body(client.get(BASE + "events.csv")).decode("utf-8-sig"))))
    cells = [value for row in rows for value in row.values()]
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert "'=HYPERLINK" in next(row["headline"] for row in rows if row["slug"] == "meta-cuts-600-ai-jobs")
