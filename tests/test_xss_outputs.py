"""The XSS corpus through every field and importer: no page, oEmbed answer or export carries live markup.

tests/xss.py puts the ~100 payloads of tests/data/xss/ into every writable field
(as saved by the admin, and through the TimelineJS JSON and CSV importers and
article intake); each output is parsed here, and whatever a browser or a feed
reader would run is a failure. The browser tests (tests/browser/test_xss_browser.py)
then check that nothing executes in Chromium.
"""

import csv
import io
import json
import xml.etree.ElementTree as ET

import icalendar
import pytest
from django.urls import reverse

from . import xss
from .xss import JSON_SLUG, ORM_SLUG, POISONED_SLUGS, live_markup

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def poisoned(django_db_setup, django_db_blocker):
    """The four poisoned timelines, built once for the module (intake and imports take a while)
    and removed afterwards."""
    with django_db_blocker.unblock():
        xss.poison_orm()
        xss.poison_importers()
    yield
    with django_db_blocker.unblock():
        xss.remove_all()


def _body(response):
    assert response.status_code == 200, response.status_code
    return (b"".join(response.streaming_content) if response.streaming else response.content).decode()


def test_the_corpus_holds_a_hundred_payloads_each_marked():
    """About 100 payloads, each calling __xss(N) or alert(N) with its own number."""
    corpus = xss.payloads()
    assert len(corpus) >= 100
    assert all(f"__xss({n})" in payload or f"alert({n})" in payload or "&#" in payload or "base64" in payload
               for n, payload in enumerate(corpus, 1))  # fmt: skip


def test_every_importer_took_the_corpus_in(poisoned):
    """The poisoned timelines exist and are full: the payloads reached the database, not a refusal."""
    from timeline.domain.models import Event

    for slug in POISONED_SLUGS:
        assert Event.objects.published().filter(timelines__slug=slug).count() >= 90, slug


def test_a_timelinejs_group_spelt_like_an_existing_category_joins_it(db):
    """Found by the corpus: a group whose name an existing category has (under another slug)
    made the import fail on the unique name; it now joins that category."""
    from timeline.curation.timelinejs_import import import_timeline
    from timeline.domain.models import Category

    Category.objects.create(name="Layoffs", slug="job-cuts")
    sheet = "Year,Month,Day,Headline,Group\n2025,3,3,Meta cuts jobs,<b>Layoffs</b>\n"
    report = import_timeline(sheet, "imported")
    assert len(report.created) == 1
    assert list(Category.objects.get(slug="job-cuts").events.values_list("headline", flat=True)) == ["Meta cuts jobs"]


@pytest.mark.parametrize("slug", POISONED_SLUGS)
def test_the_pages_carry_no_live_markup(client, poisoned, slug):
    """The chronology, its fragment, the embed and the print view: every payload is inert text."""
    base = f"/t/{slug}/"
    pages = [client.get(base), client.get(base, headers={"HX-Request": "true"}), client.get(base + "embed/"),
             client.get(base, {"view": "print"}), client.get("/"), client.get("/timelines/")]  # fmt: skip
    for response in pages:
        assert live_markup(_body(response), page=True) == [], response.request["PATH_INFO"]


def test_every_event_page_carries_no_live_markup(client, poisoned):
    """Each event's permalink (body Markdown, citations, sources, figures, media, correction)."""
    from timeline.domain.models import Event

    for slug in POISONED_SLUGS:
        for event_slug in Event.objects.published().filter(timelines__slug=slug).values_list("slug", flat=True):
            html = _body(client.get(reverse("event", args=[slug, event_slug])))
            assert live_markup(html, page=True) == [], (slug, event_slug)


@pytest.mark.parametrize("slug", POISONED_SLUGS)
def test_timelinejs_json_fields_that_timelinejs_renders_are_inert(client, poisoned, slug):
    """Headline, text, display date, group, media credit and caption: TimelineJS sets them as HTML."""
    data = json.loads(_body(client.get(reverse("timelinejs-json", args=[slug]))))
    title = data.get("title", {}).get("text", {})
    fields = [title.get("headline", ""), title.get("text", "")]
    for event in data["events"]:
        media = event.get("media", {})
        fields += [event["text"].get("headline", ""), event["text"].get("text", ""), event.get("display_date", ""),
                   event.get("group", ""), media.get("credit", ""), media.get("caption", "")]  # fmt: skip
        assert not event.get("media", {}).get("url", "").lower().startswith(xss.BAD_SCHEMES)
    assert len(data["events"]) >= 90
    for field in fields:
        assert live_markup(field or "") == [], field


@pytest.mark.parametrize("slug", POISONED_SLUGS)
def test_events_json_html_is_inert_and_text_stays_text(client, poisoned, slug):
    """body_html is sanitised; plain fields hold the payload as typed (for consumers to escape)."""
    data = json.loads(_body(client.get(reverse("events-json", args=[slug]))))
    events = data["events"] if isinstance(data, dict) else data
    assert len(events) >= 90
    for event in events:
        assert live_markup(event["body_html"] or "") == [], event["slug"]
    if slug == ORM_SLUG:
        assert any(event["headline"] == "<script>__xss(1)</script>" for event in events)


@pytest.mark.parametrize("slug", POISONED_SLUGS)
def test_the_atom_feed_marks_text_as_text_and_its_html_is_inert(client, poisoned, slug):
    """Every Atom text construct is type="text", or HTML without live markup."""
    feed = ET.fromstring(_body(client.get(reverse("feed", args=[slug]))))
    constructs = [element for element in feed.iter() if element.get("type") in ("html", "xhtml", "text")]
    assert constructs
    for element in constructs:
        if element.get("type") != "text":
            assert live_markup(element.text or "") == [], element.tag


@pytest.mark.parametrize("slug", POISONED_SLUGS)
def test_ics_and_csv_hold_one_record_per_event(client, poisoned, slug):
    """Payloads cannot add events or rows: the calendar and the sheet parse to one record per event."""
    from timeline.domain.models import Event

    count = Event.objects.published().filter(timelines__slug=slug).count()
    calendar = icalendar.Calendar.from_ical(_body(client.get(reverse("events-ics", args=[slug]))))
    assert len(calendar.walk("VEVENT")) == count
    rows = list(csv.reader(io.StringIO(_body(client.get(reverse("events-csv", args=[slug]))))))
    assert len(rows) == count + 1


@pytest.mark.parametrize("target", ["timeline", "event"])
def test_oembed_html_is_only_our_frame(client, poisoned, target):
    """oEmbed's html is our iframe (and loader), with every title escaped; the JSON title is text."""
    url = f"http://testserver/t/{JSON_SLUG}/"
    if target == "event":
        from timeline.domain.models import Event

        url += "events/" + Event.objects.published().filter(timelines__slug=JSON_SLUG).first().slug + "/"
    answer = client.get(reverse("oembed"), {"url": url, "format": "json"}).json()
    assert live_markup(answer["html"], allowed_frames=["http://testserver/t/"], page=True) == []
    assert "<img" not in answer["html"] and "<script>__xss" not in answer["html"]


def test_payloads_through_the_admin_event_form_are_saved_as_typed_and_shown_inert(editor, client):
    """Every fifth payload typed into every field of the admin's event form, with a citation and a
    key figure inline: saved exactly as typed (no silent rewriting), and inert on the event page."""
    from timeline.domain.models import Event, SourceArticle, Timeline

    timeline = Timeline.objects.create(slug="xss-admin", title="Admin", is_published=True)
    source = SourceArticle.objects.create(title="Source", url="https://example.com/source")
    for number, payload in list(enumerate(xss.payloads(), 1))[::5]:
        data = {
            "headline": payload[:200], "slug": f"xss-admin-{number}", "date_text": "22 Oct 2025",
            "display_text": payload[:80], "status": "published", "timelines": [timeline.pk], "summary": payload,
            "body": payload, "importance": 2, "day_order": 0, "correction_note": payload,
            "media-TOTAL_FORMS": 1, "media-INITIAL_FORMS": 0, "media-0-url": f"https://example.com/{number}",
            "media-0-credit": payload[:200], "media-0-caption": payload[:300], "media-0-position": 0,
            "citations-TOTAL_FORMS": 1, "citations-INITIAL_FORMS": 0, "citations-0-source": source.pk,
            "citations-0-quote": payload, "citations-0-claim": payload[:300], "citations-0-position": 0,
            "key_figures-TOTAL_FORMS": 1, "key_figures-INITIAL_FORMS": 0, "key_figures-0-value": payload[:40],
            "key_figures-0-unit": payload[:40], "key_figures-0-label": payload[:200], "key_figures-0-position": 0,
        }  # fmt: skip
        response = client.post(reverse("admin:timeline_event_add"), data)
        assert response.status_code == 302, (number, response.content.decode()[:2000])
        event = Event.objects.get(slug=f"xss-admin-{number}")
        assert (event.headline, event.body, event.citations.get().quote) == (payload[:200], payload, payload)
        html = _body(client.get(reverse("event", args=["xss-admin", event.slug])))
        assert live_markup(html, page=True) == [], number
    assert live_markup(_body(client.get("/t/xss-admin/")), page=True) == []
