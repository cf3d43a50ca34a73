"""The admin as editors use it: lists, date entry, actions, history and permissions."""

import io
import re

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from timeline.domain.models import Event, SourceArticle

from .conftest import SAMPLE, make_category, make_event, make_source, make_timeline, spread_timeline


def event_form_data(**overrides):
    data = {
        "headline": "Meta cuts about 600 jobs",
        "slug": "cuts",
        "date_text": "22 Oct 2025",
        "display_text": "",
        "status": "draft",
        "summary": "",
        "body": "",
        "importance": 2,
        "day_order": 0,
        "correction_note": "",
        "citations-TOTAL_FORMS": 0,
        "citations-INITIAL_FORMS": 0,
        "key_figures-TOTAL_FORMS": 0,
        "key_figures-INITIAL_FORMS": 0,
        "media-TOTAL_FORMS": 0,
        "media-INITIAL_FORMS": 0,
    }
    data.update(overrides)
    return data


def test_editors_group_can_curate_but_not_manage_users(editor, client):
    """Editors reach events and articles; users and groups are out of reach."""
    assert client.get(reverse("admin:timeline_event_changelist")).status_code == 200
    assert client.get(reverse("admin:timeline_sourcearticle_add")).status_code == 200
    assert client.get(reverse("admin:auth_user_changelist")).status_code == 403
    assert not editor.has_perm("auth.add_user")


def test_createeditor_makes_a_staff_editor(db, monkeypatch):
    """`createeditor` creates a staff account in the Editors group."""
    monkeypatch.setenv("DJANGO_EDITOR_PASSWORD", "correct-horse-battery")
    call_command("createeditor", "newsroom", stdout=io.StringIO())
    user = User.objects.get(username="newsroom")
    assert user.is_staff and not user.is_superuser
    assert user.groups.filter(name="Editors").exists()


@pytest.mark.parametrize(
    "typed",
    ["in the 1990s ago", "winter 9999", "year 0", "99999 years ago", "2025-02-30", "c. " * 60, "\x00\x07", "x" * 5000],
)
def test_absurd_dates_in_the_event_form_are_refused_with_a_message(editor, client, typed):
    """Overflows, year 0, huge offsets, control characters and 5,000 characters: a 400, the rest kept."""
    response = client.post(
        reverse("admin:timeline_event_add"), event_form_data(date_text=typed, headline="Keep this headline")
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'class="errorlist' in html and 'value="Keep this headline"' in html
    assert not Event.objects.exists()


@pytest.mark.parametrize(
    ("typed", "start", "end", "precision", "shown"),
    [
        ("22 Oct 2025", "2025-10-22", "2025-10-22", "day", "22 October 2025"),
        ("October 2025", "2025-10-01", "2025-10-31", "month", "October 2025"),
        ("late October 2025", "2025-10-21", "2025-10-31", "month", "Late October 2025"),
        ("Q3 2025", "2025-07-01", "2025-09-30", "quarter", "Q3 2025"),
        ("2025", "2025-01-01", "2025-12-31", "year", "2025"),
        ("mid-2025", "2025-05-01", "2025-08-31", "year", "Mid-2025"),
        ("c. 2025-01", "2025-01-01", "2025-01-31", "month", "c. January 2025"),
        ("in the 1990s", "1990-01-01", "1999-12-31", "decade", "1990s"),
        ("44 BC", "-0043-01-01", "-0043-12-31", "year", "44 BC"),
        ("c. 500 BC", "-0499-01-01", "-0499-12-31", "year", "c. 500 BC"),
        ("1 April to 30 May 2025", "2025-04-01", "2025-05-30", "day", "1 April – 30 May 2025"),
    ],
)
def test_natural_language_date_entry(editor, client, typed, start, end, precision, shown):
    """The event form reads the date as typed and stores its period at that precision."""
    response = client.post(reverse("admin:timeline_event_add"), event_form_data(date_text=typed))
    assert response.status_code == 302, response.content.decode()[:2000]
    event = Event.objects.get(slug="cuts")
    period = event.period
    assert (period.start.isoformat(), period.end.isoformat(), period.precision) == (start, end, precision)
    assert event.date_display == shown


def test_saving_says_what_the_date_was_read_as(editor, client):
    """After saving, a message says how the date was understood."""
    response = client.post(reverse("admin:timeline_event_add"), event_form_data(date_text="Q3 2025"), follow=True)
    assert "Date read as Q3 2025 (1 July 2025 to 30 September 2025; quarter precision)" in response.content.decode()


def test_unreadable_date_is_a_form_error_that_keeps_everything(editor, client):
    """ "sometime soonish" is an error next to the field; the headline typed is still there."""
    response = client.post(
        reverse("admin:timeline_event_add"),
        event_form_data(date_text="sometime soonish", headline="Keep this headline"),
    )
    html = response.content.decode()
    assert response.status_code == 400  # refused, with the message beside the field
    assert "Could not read “sometime soonish” as a date" in html
    assert 'value="Keep this headline"' in html
    assert not Event.objects.exists()


def test_live_preview_of_the_date(editor, client):
    """The preview endpoint tells the editor what a date will be stored as."""
    url = reverse("admin:timeline_event_understand_date")
    assert "22 October 2025 (day precision)" in client.get(url, {"date_text": "22 Oct 2025"}).content.decode()
    assert "Could not read" in client.get(url, {"date_text": "blah blah"}).content.decode()


def test_changelist_query_count_is_flat(editor, client, django_assert_max_num_queries):
    """500 events with categories and citations: the event list stays at a fixed number of queries."""
    timeline = make_timeline()
    category = make_category("Layoffs")
    source = make_source()
    for n in range(500):
        make_event(timeline, slug=f"e{n}", categories=[category], sources=[source])
    with django_assert_max_num_queries(15):
        response = client.get(reverse("admin:timeline_event_changelist"))
    assert response.status_code == 200
    assert "500 events" in response.content.decode()


def test_bulk_publish_retract_and_add_to_timeline(editor, client):
    """Actions publish (setting published_at), retract, and add to a chosen timeline."""
    events = [make_event(slug=f"d{n}", status="draft") for n in range(3)]
    ids = [str(e.pk) for e in events]
    url = reverse("admin:timeline_event_changelist")
    client.post(url, {"action": "publish", "_selected_action": ids})
    assert set(Event.objects.values_list("status", flat=True)) == {"published"}
    assert all(e.published_at for e in Event.objects.all())
    client.post(url, {"action": "retract", "_selected_action": ids[:1]})
    assert Event.objects.get(pk=ids[0]).status == "retracted"
    target = make_timeline(slug="target")
    client.post(url, {"action": "add_to_timeline", "_selected_action": ids, "timeline": target.pk})
    assert target.events.count() == 3


def test_bulk_actions_on_many_events_leave_postgresql_planning_with_the_new_counts(editor, client):
    """Publishing or adding thousands of events moves the link table's and the category filter's
    row counts as an import does; the planner should not wait a minute for autovacuum to learn them."""
    if connection.vendor != "postgresql":
        pytest.skip("row counts for the planner are PostgreSQL's")

    def statistics(table):
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_stat_clear_snapshot()")
            cursor.execute(
                "SELECT c.reltuples, s.analyze_count FROM pg_class c "
                "JOIN pg_stat_user_tables s ON s.relid = c.oid WHERE c.relname = %s",
                [table],
            )
            return cursor.fetchone()

    spread_timeline("many", 120, 2020, 2)  # 120 events and their links, counted
    Event.objects.update(status=Event.Status.DRAFT)
    ids = [str(pk) for pk in Event.objects.values_list("pk", flat=True)]
    url = reverse("admin:timeline_event_changelist")
    analysed = statistics("timeline_filing")[1]
    client.post(url, {"action": "publish", "_selected_action": ids})
    assert statistics("timeline_filing")[1] > analysed
    assert statistics("timeline_event_timelines")[0] == 120
    target = make_timeline(slug="target")
    client.post(url, {"action": "add_to_timeline", "_selected_action": ids, "timeline": target.pk})
    assert statistics("timeline_event_timelines")[0] == 240
    analysed = statistics("timeline_filing")[1]
    client.post(url, {"action": "retract", "_selected_action": ids[:5]})  # a few: left to autovacuum
    assert statistics("timeline_filing")[1] == analysed


def test_history_shows_who_changed_what_and_reverts(editor, client, sample):
    """Editing a headline is recorded with the user and a diff; reverting brings it back."""
    call_command("populate_history", "--auto", stdout=io.StringIO())  # as load_sample does: a first version
    event = Event.objects.get(slug="meta-cuts-600-ai-jobs")
    change = reverse("admin:timeline_event_change", args=[event.pk])
    form = client.get(change).context["adminform"].form
    data = event_form_data(
        headline="Meta cuts 600 AI jobs (edited)",
        slug=event.slug,
        date_text=form.initial["date_text"],
        status="published",
    )
    data["timelines"] = [sample.pk]
    data["categories"] = list(event.categories.values_list("pk", flat=True))
    data["actors"] = list(event.actors.values_list("pk", flat=True))
    data["summary"] = event.summary
    assert client.post(change, data).status_code == 302
    history = client.get(reverse("admin:timeline_event_history", args=[event.pk])).content.decode()
    assert "ed" in history and "Meta cuts 600 AI jobs (edited)" in history
    arrow = r"\s*&nbsp;&rarr;&nbsp;&nbsp;"
    assert re.search(
        rf"Headline:</strong>\s*Meta cuts about 600 jobs in its AI unit{arrow}Meta cuts 600 AI jobs", history
    )
    first = event.history.order_by("history_date").first()
    revert_url = reverse("admin:timeline_event_simple_history", args=[event.pk, first.history_id])
    revert_form = client.get(revert_url)
    assert revert_form.status_code == 200
    data["headline"] = first.headline
    client.post(revert_url, data)
    assert Event.objects.get(pk=event.pk).headline == "Meta cuts about 600 jobs in its AI unit"


def test_deleted_event_permalink_is_410(client, sample):
    """Deleting an event leaves a 410 Gone at its permalink, not a 404."""
    Event.objects.get(slug="meta-cuts-600-ai-jobs").delete()
    response = client.get(f"/t/{SAMPLE}/events/meta-cuts-600-ai-jobs/")
    assert response.status_code == 410
    assert "This event has been removed" in response.content.decode()
    assert client.get(f"/t/{SAMPLE}/events/never-existed/").status_code == 404


def test_timelinejs_import_in_the_admin(editor, client):
    """The Timelines list has an Import TimelineJS page that reports skipped rows."""
    url = reverse("admin:timeline_import_timelinejs")
    with open("tests/data/timelinejs_sheet.csv", "rb") as handle:
        response = client.post(url, {"file": handle, "timeline_slug": "imported"}, follow=True)
    html = response.content.decode()
    assert "4 created" in html and "Skipped row 8" in html
    assert Event.objects.filter(timelines__slug="imported", status="draft").count() == 4


def test_pasting_an_article_extracts_candidates_and_opens_the_review(editor, client):
    """Paste text and a date: the article is saved, candidates found, and the review screen opens."""
    text = "# Cuts at Meta\n\nMeta laid off 600 AI staff members on Wednesday.\n\nThe mood was grim."
    response = client.post(
        reverse("admin:timeline_sourcearticle_add"),
        {"text": text, "title": "", "published_on": "2025-10-23", "published_precision": "day", "url": ""},
    )
    article = SourceArticle.objects.get()
    assert response["Location"] == reverse("admin:timeline_sourcearticle_review", args=[article.pk])
    assert article.title == "Cuts at Meta"
    candidate = article.candidates.get()
    assert candidate.period.start.isoformat() == "2025-10-22"
    assert "the Wednesday before publication on Thursday 23 October 2025" in candidate.how


def test_intake_errors_keep_what_was_typed(editor, client, settings):
    """An unreachable URL is a message on its field; the title typed stays; nothing is saved."""
    settings.FETCH_ALLOW_PRIVATE_ADDRESSES = False
    response = client.post(
        reverse("admin:timeline_sourcearticle_add"),
        {"import_url": "http://127.0.0.1:9/story", "title": "My working title", "published_precision": "day"},
    )
    html = response.content.decode()
    assert response.status_code == 400  # refused, with the message beside the field
    assert "private or local address" in html and 'value="My working title"' in html
    assert not SourceArticle.objects.exists()


def test_the_same_article_twice_points_to_the_first(editor, client):
    """Pasting an article that is already here links to its review instead of duplicating it."""
    make_source(title="First", text="Meta laid off 600 staff.", url="")
    response = client.post(
        reverse("admin:timeline_sourcearticle_add"),
        {"text": "Meta  laid off 600 staff.", "published_precision": "day"},
    )
    assert "This article is already here" in response.content.decode()
    assert SourceArticle.objects.count() == 1


def test_empty_submission_asks_for_text_url_or_file(editor, client):
    """Nothing to import is a clear form error."""
    response = client.post(reverse("admin:timeline_sourcearticle_add"), {"published_precision": "day"})
    assert "Paste the article" in response.content.decode()


def test_a_url_field_never_reads_a_local_file(editor, client, tmp_path, monkeypatch):
    """ "ftp://" in the URL field is refused with a message: never read as a path on disk,
    even where a matching folder exists (the attack that once imported /etc/os-release)."""
    monkeypatch.chdir(tmp_path)
    secret = tmp_path / "ftp:" / "localhost" / "secret.txt"
    secret.parent.mkdir(parents=True)
    secret.write_text("Private notes that must never become an article.")
    response = client.post(
        reverse("admin:timeline_sourcearticle_add"),
        {"import_url": "ftp://localhost/secret.txt", "title": "Kept title", "published_precision": "day"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Only http:// and https:// addresses can be imported." in html and 'value="Kept title"' in html
    assert not SourceArticle.objects.exists()


def test_the_date_preview_is_for_editors_of_events_and_bounded(client, editor):
    """Staff without the permission to change events get 403; absurd input is a message, not a 500."""
    url = reverse("admin:timeline_event_understand_date")
    answer = client.get(url, {"date_text": "c. " * 1000})
    assert answer.status_code == 200 and "too long for a date" in answer.content.decode()
    bystander = User.objects.create_user("staff", password="a-long-staff-password", is_staff=True)
    client.force_login(bystander)
    assert client.get(url, {"date_text": "June 2025"}).status_code == 403
