"""TimelineJS imports that never crash: collisions reused, odd rows reported, drafts by default."""

import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse

from timeline.curation import timelinejs_import
from timeline.curation.timelinejs_import import ImportFailed, import_timeline
from timeline.domain.models import Category, Event, Timeline


def slide(headline, year=2025, month=3, day=1, **extra):
    return {"start_date": {"year": year, "month": month, "day": day}, "text": {"headline": headline}, **extra}


def timelinejs(*slides, title="Imported story"):
    return json.dumps({"title": {"text": {"headline": title, "text": "About it."}}, "events": list(slides)})


@pytest.mark.django_db
def test_a_group_named_like_a_category_with_another_slug_reuses_it():
    """ "M&A" against the category "M&A" whose slug is `mergers` (not `ma`): reused, no IntegrityError."""
    existing = Category.objects.create(name="M&A", slug="mergers")
    report = import_timeline(timelinejs(slide("Deal one", group="M&A"), slide("Deal two", group="m&a")), "deals")
    assert not report.skipped and len(report.created) == 2
    assert Category.objects.count() == 1
    assert {e.categories.get() for e in Event.objects.all()} == {existing}


@pytest.mark.django_db
def test_groups_match_names_and_slugs_case_and_accents_aside():
    """ "ÉTÉ" finds the category "Été"; "Mergers" finds the category whose slug is `mergers`."""
    summer = Category.objects.create(name="Été", slug="summer")
    deals = Category.objects.create(name="M&A", slug="mergers")
    import_timeline(timelinejs(slide("Hot", group="ÉTÉ"), slide("Merger", group="Mergers")), "seasons")
    assert Event.objects.get(headline="Hot").categories.get() == summer
    assert Event.objects.get(headline="Merger").categories.get() == deals
    assert Category.objects.count() == 2


@pytest.mark.django_db
def test_a_group_made_only_of_tags_is_a_skipped_row_with_its_reason():
    """A group that strips to nothing is reported; the other rows are imported."""
    report = import_timeline(timelinejs(slide("Kept"), slide("Odd", group="<b><i></i></b>")), "tags")
    assert report.created == ["2025-03-01-kept"]
    (label, reason), *_ = report.skipped
    assert label == "event 2" and "no text once its HTML tags are removed" in reason


@pytest.mark.django_db
def test_a_repeated_row_is_reported_once_not_imported_twice():
    """Two rows with the same unique_id: the second is a skipped row naming the first."""
    report = import_timeline(timelinejs(slide("One", unique_id="a"), slide("Two", unique_id="a")), "twice")
    assert len(report.created) == 1
    assert report.skipped == [("event 2", "it repeats event 1 (same unique_id, or date and title)")]


@pytest.mark.django_db
@pytest.mark.parametrize("slug", ["Bad Slug!", "café", "a/b", "x" * 51])
def test_a_bad_timeline_slug_is_a_clear_command_error_and_creates_nothing(slug):
    """--timeline is checked before the file is read: a CommandError saying what a slug may hold."""
    with pytest.raises(CommandError, match="timeline's address"):
        call_command("import_timelinejs", "tests/data/timelinejs_sheet.csv", timeline=slug)
    assert not Timeline.objects.exists() and not Event.objects.exists()
    with pytest.raises(ImportFailed):
        import_timeline(timelinejs(slide("x")), slug)


@pytest.mark.django_db
def test_without_publish_the_new_timeline_and_its_events_are_drafts(client):
    """An import without --publish shows readers nothing: the timeline is unpublished, its events drafts."""
    call_command("import_timelinejs", "tests/data/timelinejs_sheet.csv", timeline="quiet", stdout=io.StringIO())
    timeline = Timeline.objects.get(slug="quiet")
    assert not timeline.is_published
    assert set(timeline.events.values_list("status", flat=True)) == {"draft"}
    assert client.get("/t/quiet/").status_code == 404


@pytest.mark.django_db
def test_publish_publishes_the_timeline_and_its_events_with_history(client):
    """--publish: the timeline and its events are public, and history knows each event was public there."""
    call_command(
        "import_timelinejs", "tests/data/timelinejs_sheet.csv", timeline="loud", publish=True, stdout=io.StringIO()
    )
    timeline = Timeline.objects.get(slug="loud")
    assert timeline.is_published
    events = list(timeline.events.all())
    assert len(events) == 4 and {e.status for e in events} == {"published"}
    assert all(e.published_at for e in events)
    assert all(Event.was_public_in(e.slug, timeline) for e in events)
    assert client.get("/t/loud/").status_code == 200


@pytest.mark.django_db
def test_publishing_a_draft_import_later_by_reimporting(client):
    """Re-importing with --publish publishes the drafts it made, without duplicating them."""
    text = timelinejs(slide("First"), slide("Second", day=2))
    import_timeline(text, "later")
    report = import_timeline(text, "later", publish=True)
    assert len(report.updated) == 2 and not report.created
    assert Event.objects.filter(status="published").count() == 2 == Event.objects.count()


ODDITIES = timelinejs(
    slide("Deal", group="M&A"),
    slide("Tagless", group="<span></span>"),
    slide("Japanese group", group="日本"),
    slide("Script group", group="<script>alert(1)</script>"),
    slide("x" * 500, group="Very long " * 20),
    slide("Weird id", unique_id="Ünïcödé id / with ? slashes"),
    slide("No date at all", year=""),
    slide("", day=3),
    slide("Repeated", unique_id="dup"),
    slide("Repeated again", unique_id="dup"),
    slide("Feb 30", month=2, day=30),
    {"text": "not an object"},
    "not even a dict",
)


@pytest.mark.django_db
def test_no_import_oddity_makes_a_public_page_fail(client):
    """Collisions, empty and foreign groups, bad dates and repeats, published: every public page answers 200."""
    Category.objects.create(name="M&A", slug="mergers")
    report = import_timeline(ODDITIES, "odd", publish=True)
    assert len(report.created) == 6 and len(report.skipped) == 7
    assert client.get("/").status_code == 200
    assert client.get("/timelines/").status_code == 200
    assert client.get("/t/odd/").status_code == 200
    for category in Category.objects.all():
        assert client.get("/t/odd/", {"category": category.slug}).status_code == 200, category.name
    for event in Event.objects.all():
        assert client.get(f"/t/odd/events/{event.slug}/").status_code == 200, event.slug
    for export in ("events.json", "timelinejs.json", "events.ics", "events.csv", "feed/"):
        response = client.get(f"/t/odd/{export}")
        assert response.status_code == 200, export
        assert b"Japanese group" in (b"".join(response.streaming_content) if response.streaming else response.content)


def test_the_admin_import_answers_with_messages_never_a_500(editor, client):
    """Odd rows and a colliding group through the admin: a redirect with messages; bad files: form errors."""
    Category.objects.create(name="M&A", slug="mergers")
    url = reverse("admin:timeline_import_timelinejs")
    upload = io.BytesIO(ODDITIES.encode())
    upload.name = "odd.json"
    response = client.post(url, {"file": upload, "timeline_slug": "odd"}, follow=True)
    html = response.content.decode()
    assert response.status_code == 200 and "6 created" in html and "no text once its HTML tags" in html
    bad = io.BytesIO(b"\xff\xfe{")
    bad.name = "bad.json"
    response = client.post(url, {"file": bad, "timeline_slug": "bad"})
    assert response.status_code == 200 and "Nothing was imported" in response.content.decode()
    response = client.post(url, {"file": io.BytesIO(b"{}"), "timeline_slug": "Bad Slug!"})
    assert response.status_code == 200 and "slug" in response.content.decode().lower()


@pytest.mark.django_db
def test_rows_are_written_in_batches_each_one_whole(monkeypatch):
    """A failure in the third batch leaves the first two whole and nothing of the third; re-running completes."""
    monkeypatch.setattr(timelinejs_import, "BATCH", 2)
    text = timelinejs(*(slide(f"Event {n}", day=n) for n in range(1, 8)))
    original = timelinejs_import._write
    calls = []

    def failing_third(timeline, rows, publish):
        calls.append(len(rows))
        if len(calls) == 3:
            original(timeline, rows, publish)
            raise RuntimeError("killed")
        return original(timeline, rows, publish)

    monkeypatch.setattr(timelinejs_import, "_write", failing_third)
    with pytest.raises(RuntimeError):
        import_timeline(text, "halves")
    assert Event.objects.count() == 4
    assert Timeline.objects.get(slug="halves").events.count() == 4
    monkeypatch.setattr(timelinejs_import, "_write", original)
    report = import_timeline(text, "halves")
    assert len(report.unchanged) == 4 and len(report.created) == 3
    assert Event.objects.count() == 7 == Timeline.objects.get(slug="halves").events.count()


@pytest.mark.django_db
def test_a_report_lists_the_first_hundred_skipped_rows_and_counts_the_rest():
    """150 undated rows: 100 listed with their reason, the other 50 counted in one line."""
    report = import_timeline(timelinejs(*(slide(f"Undated {n}", year="") for n in range(150))), "undated")
    lines = list(report.lines())
    assert lines[0] == "0 created, 0 updated, 0 unchanged, 150 skipped."
    assert sum(line.startswith("Skipped event") for line in lines) == 100
    assert lines[-1] == "Skipped 50 more rows (only the first 100 are listed)."


@pytest.mark.django_db
def test_after_a_large_import_postgresql_plans_with_the_events_it_holds():
    """An import into a table the planner counts as empty (autovacuum after its rows were deleted)
    leaves it counted: planned as one row, a 20k-event export became a nested loop five times slower."""
    if connection.vendor != "postgresql":
        pytest.skip("row counts for the planner are PostgreSQL's")

    def counted():
        with connection.cursor() as cursor:
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'timeline_event'")
            return cursor.fetchone()[0]

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE timeline_event")  # no events yet: counted as 0, as autovacuum leaves it
    assert counted() == 0
    import_timeline(timelinejs(*(slide(f"Event {n}", day=1 + n % 28) for n in range(120))), "large")
    assert counted() == 120
    import_timeline(timelinejs(slide("One more")), "large")  # a small import leaves it to autovacuum
    assert counted() == 120
