"""From article to published event: review, accept, date, publish, revert; and extraction quality."""

import io
from datetime import date

from django.core.management import call_command
from django.urls import reverse

from timeline.curation.intake import import_article
from timeline.domain.models import Candidate, Event

from .conftest import SAMPLE

ARTICLE = "tests/data/lecun-exit-article.md"


def layoffs_candidate(article):
    return article.candidates.get(passage__contains="600 AI staff")


def test_extraction_quality_on_the_sample_article(sample):
    """The sample article's candidates cover all 13 cited events (recall 1.00), precision >= 0.6."""
    import_article(ARTICLE, published=date(2025, 11, 15))
    out = io.StringIO()
    call_command("extraction_report", ARTICLE, stdout=out)
    report = out.getvalue()
    recall = float(report.split("Recall:")[1].split()[0])
    precision = float(report.split("Precision:")[1].split()[0])
    assert recall == 1.0 and precision >= 0.6, report


def test_review_screen_lists_candidates_in_context(editor, client, sample):
    """Candidates in document order, the sentence marked in its context, with the three actions."""
    article, _ = import_article(ARTICLE, published=date(2025, 11, 15))
    html = client.get(reverse("admin:timeline_sourcearticle_review", args=[article.pk])).content.decode()
    assert html.index("A seismic shift") < html.index("600 AI staff members")
    assert '<mark class="passage">His departure marks the latest' in html
    assert "Accept" in html and "Dismiss" in html and "Edit" in html
    assert "c. 2015" in html and "“over a decade ago” → c. 2015, counted back from publication" in html


def test_accept_with_htmx_swaps_the_candidate_in_place(editor, client, sample):
    """htmx Accept returns just that candidate, now linked to a new draft event with its citation."""
    article, _ = import_article(ARTICLE, published=date(2025, 11, 15))
    candidate = layoffs_candidate(article)
    url = reverse("admin:timeline_candidate_action", args=[article.pk, candidate.pk, "accept"])
    response = client.post(url, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert html.lstrip().startswith(f'<li id="candidate-{candidate.pk}"')
    event = Candidate.objects.get(pk=candidate.pk).event
    assert event.status == "draft" and event.citations.get().quote == candidate.passage
    assert "set one before publishing" in html  # the sentence had no date
    assert sample in event.timelines.all()  # the article's timeline


def test_accept_without_javascript_redirects_back(editor, client, sample):
    """A plain POST accepts and returns to the review screen at that candidate."""
    article, _ = import_article(ARTICLE, published=date(2025, 11, 15))
    candidate = layoffs_candidate(article)
    response = client.post(reverse("admin:timeline_candidate_action", args=[article.pk, candidate.pk, "accept"]))
    assert response.status_code == 302 and response["Location"].endswith(f"#candidate-{candidate.pk}")
    assert Candidate.objects.get(pk=candidate.pk).status == "accepted"


def test_accepting_twice_creates_one_event(editor, client, sample):
    """A double click does not create two events."""
    article, _ = import_article(ARTICLE, published=date(2025, 11, 15))
    candidate = layoffs_candidate(article)
    url = reverse("admin:timeline_candidate_action", args=[article.pk, candidate.pk, "accept"])
    client.post(url)
    client.post(url)
    assert Event.objects.filter(candidates=candidate).count() == 1


def test_dismiss_and_restore(editor, client, sample):
    """Dismiss takes a candidate out of the queue; Restore puts it back."""
    article, _ = import_article(ARTICLE, published=date(2025, 11, 15))
    candidate = article.candidates.first()
    base = [article.pk, candidate.pk]
    client.post(reverse("admin:timeline_candidate_action", args=[*base, "dismiss"]))
    assert Candidate.objects.get(pk=candidate.pk).status == "dismissed"
    client.post(reverse("admin:timeline_candidate_action", args=[*base, "restore"]))
    assert Candidate.objects.get(pk=candidate.pk).status == "pending"


def test_unknown_action_and_get_are_refused(editor, client, sample):
    """Only POSTs of known actions change anything."""
    article, _ = import_article(ARTICLE, published=date(2025, 11, 15))
    candidate = article.candidates.first()
    assert (
        client.post(reverse("admin:timeline_candidate_action", args=[article.pk, candidate.pk, "x"])).status_code == 400
    )
    assert (
        client.get(reverse("admin:timeline_candidate_action", args=[article.pk, candidate.pk, "accept"])).status_code
        == 405
    )


def test_the_editor_journey_from_article_to_public_page_and_back(editor, client, sample):
    """Import, accept the layoffs, date it "22 Oct 2025", publish, see it public with its citation, revert."""
    Event.objects.get(slug="meta-cuts-600-ai-jobs").delete()  # the sample already has it; start without
    article, _ = import_article(ARTICLE, published=date(2025, 11, 15))
    candidate = layoffs_candidate(article)
    edit = client.post(reverse("admin:timeline_candidate_action", args=[article.pk, candidate.pk, "edit"]))
    event = Candidate.objects.get(pk=candidate.pk).event
    assert edit["Location"] == reverse("admin:timeline_event_change", args=[event.pk])
    change = edit["Location"]
    form = client.get(change).context["adminform"].form
    citation = event.citations.get()
    data = {
        **{name: form.initial.get(name) or "" for name in ("headline", "slug", "summary", "body", "display_text")},
        "headline": "Meta cuts about 600 jobs in its AI unit",
        "date_text": "22 Oct 2025",
        "status": "published",
        "importance": 3,
        "day_order": 0,
        "timelines": [sample.pk],
        "actors": list(event.actors.values_list("pk", flat=True)),
        "correction_note": "", "media-TOTAL_FORMS": 0, "media-INITIAL_FORMS": 0,
        "citations-TOTAL_FORMS": 1, "citations-INITIAL_FORMS": 1,
        "citations-0-id": citation.pk, "citations-0-event": event.pk, "citations-0-source": article.pk,
        "citations-0-quote": citation.quote, "citations-0-claim": "", "citations-0-position": 0,
        "key_figures-TOTAL_FORMS": 0, "key_figures-INITIAL_FORMS": 0,
    }  # fmt: skip
    saved = client.post(change, data, follow=True)
    assert "Date read as 22 October 2025 (day precision)" in saved.content.decode()
    event.refresh_from_db()
    assert (event.period.start.isoformat(), event.precision, event.status) == ("2025-10-22", "day", "published")
    public = client.get(f"/t/{SAMPLE}/events/{event.slug}/").content.decode()
    assert "22 October 2025" in public and "the recent layoff of 600 AI staff members" in public
    assert f'id="event-{event.slug}"' in client.get(f"/t/{SAMPLE}/", {"category": ""}).content.decode()
    draft_version = event.history.order_by("history_date").first()
    revert = reverse("admin:timeline_event_simple_history", args=[event.pk, draft_version.history_id])
    assert client.get(revert).status_code == 200
    reverted = {**data, "status": "draft", "date_text": "15 November 2025", "headline": draft_version.headline}
    client.post(revert, {**reverted, "confirm_unpublish": "on"})  # taking it offline is confirmed
    event.refresh_from_db()
    assert event.status == "draft"
    assert f'id="event-{event.slug}"' not in client.get(f"/t/{SAMPLE}/").content.decode()
