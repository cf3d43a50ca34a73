"""Event permalinks: the full story of one event with every source."""

from datetime import date

import pytest

from timeline.domain.models import Citation, Event

from .conftest import SAMPLE, make_event, make_source, make_timeline


def test_permalink_shows_body_citations_and_neighbours(client, sample):
    """The layoffs event has its quotes, its sources, and earlier/later events."""
    response = client.get(f"/t/{SAMPLE}/events/meta-cuts-600-ai-jobs/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<h1 id="event-headline">Meta cuts about 600 jobs in its AI unit</h1>' in html
    assert "the recent layoff of 600 AI staff members" in html  # quote from the article
    assert "https://the-decoder.com/meta-cuts-600-ai-jobs-to-reduce-overly-bureaucratic-ai-efforts/" in html
    assert 'rel="prev"' in html and "splits Superintelligence Labs into four groups" in html
    assert 'rel="next"' in html and "stock falls" in html


def test_conflicting_claims_are_shown_side_by_side(client, sample):
    """The stock drop shows about -11% per the market report and -12.6% per the article, each sourced."""
    html = client.get(f"/t/{SAMPLE}/events/meta-stock-falls-after-q3-earnings/").content.decode()
    assert "Sources differ" in html
    assert "Shares closed about 11% lower" in html
    assert "Shares fell 12.6%, erasing about $240B" in html
    assert html.count('<figure class="claim">') == 2


def test_conflict_is_flagged_on_the_chronology_card(client, sample):
    """Readers see the conflict from the list, not only on the event page."""
    html = client.get(f"/t/{SAMPLE}/").content.decode()
    assert html.count("Sources differ on the figures") == 2  # the stock drop and the $100M claim


@pytest.mark.django_db
def test_correction_note_is_public(client):
    """A published event with a correction note shows it."""
    timeline = make_timeline(slug="t")
    make_event(timeline, slug="fixed", correction_note="An earlier version gave the wrong date.")
    html = client.get("/t/t/events/fixed/").content.decode()
    assert "Correction:" in html and "An earlier version gave the wrong date." in html


@pytest.mark.django_db
def test_retracted_event_keeps_its_permalink_marked_as_retracted(client):
    """Retracted: gone from the chronology, but its permalink stays with the note (news convention)."""
    timeline = make_timeline(slug="t")
    make_event(timeline, slug="gone", status=Event.Status.RETRACTED, correction_note="The report was wrong.")
    page = client.get("/t/t/events/gone/")
    assert page.status_code == 200
    assert "Retracted." in page.content.decode() and "The report was wrong." in page.content.decode()
    assert "event-gone" not in client.get("/t/t/").content.decode()


@pytest.mark.django_db
def test_event_of_another_timeline_is_404(client):
    """An event is only reachable under a timeline it belongs to."""
    make_timeline(slug="a")
    other = make_timeline(slug="b")
    make_event(other, slug="elsewhere")
    assert client.get("/t/a/events/elsewhere/").status_code == 404


@pytest.mark.django_db
def test_scripts_in_any_field_never_reach_the_page(client):
    """<script> and javascript: links in headline, summary, body, quote or note are neutralised."""
    timeline = make_timeline(slug="t")
    source = make_source(title="<script>alert('title')</script>", url="https://example.com/x")
    event = make_event(
        timeline,
        slug="evil",
        headline="<script>alert('headline')</script>",
        summary="<img src=x onerror=alert(1)>",
        body="Hello <script>alert('body')</script> [click](javascript:alert('link'))",
        correction_note="<script>alert('note')</script>",
        start_date=date(2025, 1, 1),
    )
    Citation.objects.create(event=event, source=source, quote="<script>alert('quote')</script>")
    for url in ("/t/t/", "/t/t/events/evil/"):
        html = client.get(url).content.decode()
        assert "<script>alert" not in html
        assert "javascript:" not in html
        assert "<img src=x" not in html


@pytest.mark.django_db
def test_neighbours_follow_the_list_order_on_a_shared_day(client):
    """Same day: the major event is listed first, and earlier/later links follow that order."""
    timeline = make_timeline(slug="t")
    minor = make_event(timeline, slug="minor", start_date=date(2025, 5, 1), importance=1)
    major = make_event(timeline, slug="major", start_date=date(2025, 5, 1), importance=3)
    listed = client.get("/t/t/").content.decode()
    assert listed.index('id="event-major"') < listed.index('id="event-minor"')
    assert f'href="/t/t/events/{minor.slug}/" rel="next"' in client.get("/t/t/events/major/").content.decode()
    assert f'href="/t/t/events/{major.slug}/" rel="prev"' in client.get("/t/t/events/minor/").content.decode()


@pytest.mark.django_db
def test_a_deleted_draft_or_another_timelines_event_is_404_not_410(client):
    """410 says "this was here": only for events published in this timeline, so drafts stay secret."""
    here, elsewhere = make_timeline(slug="here"), make_timeline(slug="elsewhere")
    draft = make_event(here, slug="embargoed", status="draft")
    draft.delete()
    assert client.get("/t/here/events/embargoed/").status_code == 404
    other = make_event(elsewhere, slug="published-elsewhere")
    other.delete()
    assert client.get("/t/here/events/published-elsewhere/").status_code == 404
    assert client.get("/t/elsewhere/events/published-elsewhere/").status_code == 410
