"""Shared links preview well (issue 11): Open Graph, Twitter, canonical, JSON-LD, the share card, the Data links.

Pages are parsed with extruct (a maintained extractor of JSON-LD and Open
Graph), as a scraper would read them.
"""

import json
import re
from datetime import date
from io import BytesIO

import extruct
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from PIL import Image

from timeline.domain import dates
from timeline.domain.models import Timeline

from .conftest import SAMPLE, make_category, make_event, make_source, make_timeline

BASE = "http://testserver"


def extract(response):
    html = response.content.decode()
    return extruct.extract(html, base_url=BASE + response.wsgi_request.path, syntaxes=["json-ld", "opengraph"])


def opengraph(data):
    """The page's Open Graph properties as a dict (the first value of each)."""
    properties = {}
    for name, value in data["opengraph"][0]["properties"]:
        properties.setdefault(name, value)
    return properties


def meta(html, name):
    match = re.search(rf'<meta name="{re.escape(name)}" content="([^"]*)"', html)
    return match and match.group(1)


def canonical(html):
    return re.search(r'<link rel="canonical" href="([^"]*)"', html).group(1)


@pytest.fixture
def dated(db):
    """A timeline whose events are known to a day, a month and a year, with a cited source."""
    timeline = make_timeline(slug="dated", title="A dated story", description="Three dates, three precisions.")
    source = make_source(title="The report", publisher="The Paper", url="https://example.com/report")
    make_event(timeline, slug="a-year", headline="Known to the year", start_date=date(2023, 1, 1),
               precision=dates.Precision.YEAR)  # fmt: skip
    make_event(timeline, slug="a-month", headline="Known to the month", start_date=date(2024, 6, 1),
               precision=dates.Precision.MONTH, sources=[source], summary="Sometime in June.")  # fmt: skip
    make_event(timeline, slug="a-day", headline="Known to the day", start_date=date(2025, 3, 14))
    return timeline


def test_timeline_page_has_open_graph_twitter_and_canonical(client, sample):
    """The chronology has og:title/description/url/type/image (sized, with alt), a large Twitter card, a canonical."""
    response = client.get(f"/t/{SAMPLE}/")
    og = opengraph(extract(response))
    html = response.content.decode()
    assert og["og:title"] == "Meta's AI restructuring"
    assert og["og:type"] == "website"
    assert og["og:url"] == f"{BASE}/t/{SAMPLE}/"
    assert og["og:description"].startswith("From FAIR's founding")
    assert og["og:image"].startswith(f"{BASE}/t/{SAMPLE}/card.png?v=")
    assert (og["og:image:width"], og["og:image:height"]) == ("1200", "630")
    assert "Meta's AI restructuring" in og["og:image:alt"]
    assert meta(html, "twitter:card") == "summary_large_image"
    assert meta(html, "twitter:image") == og["og:image"]
    assert canonical(html) == f"{BASE}/t/{SAMPLE}/"


def test_home_page_names_the_featured_timeline_as_canonical(client, sample):
    """/ shows the featured timeline; its canonical URL is that timeline's own address, so links count once."""
    assert canonical(client.get("/").content.decode()) == f"{BASE}/t/{SAMPLE}/"


def test_canonical_keeps_the_filters_and_drops_unknown_parameters(client, sample):
    """?junk=1&category=layoffs&utm_source=x has one canonical URL: the filters only, in canonical order."""
    response = client.get(f"/t/{SAMPLE}/", {"utm_source": "x", "category": "layoffs", "junk": "1", "view": "print"})
    html = response.content.decode()
    assert canonical(html) == f"{BASE}/t/{SAMPLE}/?category=layoffs"
    assert opengraph(extract(response))["og:url"] == f"{BASE}/t/{SAMPLE}/?category=layoffs"


def test_timeline_json_ld_is_the_ordered_list_of_its_events(client, dated):
    """JSON-LD: an ItemList of the page's events in order, absolute URLs, dates at their precision, sources cited."""
    data = extract(client.get("/t/dated/"))["json-ld"]
    [listing] = [item for item in data if item["@type"] == "ItemList"]
    assert listing["name"] == "A dated story"
    assert listing["url"] == f"{BASE}/t/dated/"
    assert listing["numberOfItems"] == 3
    assert listing["itemListOrder"] == "https://schema.org/ItemListOrderAscending"
    elements = listing["itemListElement"]
    assert [element["position"] for element in elements] == [1, 2, 3]
    assert [element["url"] for element in elements] == [
        f"{BASE}/t/dated/events/{slug}/" for slug in ("a-year", "a-month", "a-day")
    ]
    assert [element["item"]["about"]["startDate"] for element in elements] == ["2023", "2024-06", "2025-03-14"]
    month = elements[1]["item"]
    assert month["headline"] == "Known to the month"
    assert month["citation"] == ["https://example.com/report"]  # in full on the event's own page


def test_json_ld_follows_the_reader_order(client, dated):
    """order=desc lists the events newest first and says so."""
    data = extract(client.get("/t/dated/", {"order": "desc"}))["json-ld"]
    [listing] = [item for item in data if item["@type"] == "ItemList"]
    assert listing["itemListOrder"] == "https://schema.org/ItemListOrderDescending"
    assert [element["item"]["about"]["startDate"] for element in listing["itemListElement"]] == [
        "2025-03-14",
        "2024-06",
        "2023",
    ]


def test_print_view_lists_a_page_not_every_event(client, dated, settings):
    """?view=print shows every match, but its JSON-LD (and the cached list it shares) holds one page."""
    settings.TIMELINE_PAGE_SIZE = 2
    for query in ({"view": "print"}, {}):
        data = extract(client.get("/t/dated/", query))["json-ld"]
        [listing] = [item for item in data if item["@type"] == "ItemList"]
        assert len(listing["itemListElement"]) == 2
        assert listing["numberOfItems"] == 3
        assert listing["url"] == f"{BASE}/t/dated/"


def test_event_page_has_its_own_tags_and_json_ld(client, dated):
    """An event page: og:type article, its headline and summary, its own card, JSON-LD of the event and its citation."""
    response = client.get("/t/dated/events/a-month/")
    extracted = extract(response)
    og = opengraph(extracted)
    assert og["og:type"] == "article"
    assert og["og:title"] == "Known to the month"
    assert og["og:description"] == "Sometime in June."
    assert og["og:url"] == f"{BASE}/t/dated/events/a-month/"
    assert og["og:image"].startswith(f"{BASE}/t/dated/events/a-month/card.png?v=")
    assert og["og:image:alt"] == "A dated story — June 2024: Known to the month"
    assert canonical(response.content.decode()) == f"{BASE}/t/dated/events/a-month/"
    [entity] = extracted["json-ld"]
    assert entity["@type"] == "Article"
    assert entity["url"] == f"{BASE}/t/dated/events/a-month/"
    assert entity["about"] == {"@type": "Event", "name": "Known to the month", "startDate": "2024-06"}
    assert entity["temporalCoverage"] == "2024-06"
    assert entity["isPartOf"]["url"] == f"{BASE}/t/dated/"
    assert entity["image"] == og["og:image"]
    assert [cited["url"] for cited in entity["citation"]] == ["https://example.com/report"]


def test_a_span_has_an_end_date(client, db):
    """A span ("June – August 2025") is written as startDate and endDate at its precision."""
    timeline = make_timeline(slug="span")
    make_event(timeline, slug="summer", start_date=date(2025, 6, 1), end_date=date(2025, 8, 1),
               precision=dates.Precision.MONTH)  # fmt: skip
    [entity] = extract(client.get("/t/span/events/summer/"))["json-ld"]
    assert entity["about"]["startDate"] == "2025-06"
    assert entity["about"]["endDate"] == "2025-08"
    assert entity["temporalCoverage"] == "2025-06/2025-08"


def test_json_ld_cannot_be_closed_by_an_editor(client, db):
    """A headline with </script> and <!-- stays inside the JSON-LD block, escaped, and still parses."""
    timeline = make_timeline(slug="hostile")
    headline = "</script><script>alert(1)</script><!-- & more"
    make_event(timeline, slug="hostile-event", headline=headline)
    html = client.get("/t/hostile/events/hostile-event/").content.decode()
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    assert "<" not in block and ">" not in block
    assert json.loads(block)["headline"] == headline


def test_card_is_a_1200_by_630_png(client, dated):
    """The event's and the timeline's cards are 1200×630 PNGs."""
    for url in ("/t/dated/events/a-month/card.png", "/t/dated/card.png"):
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "image/png"
        image = Image.open(BytesIO(response.content))
        assert (image.format, image.size) == ("PNG", (1200, 630))


def test_card_etag_follows_the_revision_and_answers_304(client, dated):
    """If-None-Match with the card's ETag is a 304; an edit changes the revision, the ETag and the image."""
    url = "/t/dated/events/a-month/card.png"
    first = client.get(url)
    assert client.get(url, headers={"If-None-Match": first["ETag"]}).status_code == 304
    event = dated.events.get(slug="a-month")
    event.headline = "A new headline for the card"
    event.save()
    second = client.get(url, headers={"If-None-Match": first["ETag"]})
    assert second.status_code == 200
    assert second["ETag"] != first["ETag"]
    assert second.content != first.content


def test_card_under_its_versioned_url_is_kept_a_year(client, dated):
    """The og:image URL names the current revision, so it may be cached for a year; another version revalidates soon."""
    revision = Timeline.objects.get(slug="dated").revision
    current = client.get("/t/dated/card.png", {"v": revision})
    assert "max-age=31536000" in current["Cache-Control"] and "immutable" in current["Cache-Control"]
    stale = client.get("/t/dated/card.png", {"v": revision - 1})
    assert "immutable" not in stale["Cache-Control"]


def test_card_of_a_draft_or_unknown_event_is_404(client, dated):
    """Drafts have no card: the card route says no more than the permalink does."""
    make_event(dated, slug="embargoed", status="draft")
    assert client.get("/t/dated/events/embargoed/card.png").status_code == 404
    assert client.get("/t/dated/events/nothing-here/card.png").status_code == 404
    assert client.get("/t/no-such-timeline/card.png").status_code == 404


def test_card_answers_head(client, dated):
    """HEAD on a card answers like GET, without a body."""
    response = client.head("/t/dated/card.png")
    assert response.status_code == 200 and response["Content-Type"] == "image/png"


def test_data_section_links_the_exports_with_the_current_filters(client, sample):
    """The Data section links JSON, CSV, iCalendar and Atom for the view's filters, in canonical form."""
    response = client.get(f"/t/{SAMPLE}/", {"category": "layoffs", "junk": "x", "order": "desc"})
    html = response.content.decode()
    section = re.search(r'<section class="data-links".*?</section>', html, re.S).group(0)
    links = {export: href for href, export in re.findall(r'href="([^"]*)"[^>]*data-export="(\w+)"', section)}
    query = "?category=layoffs&amp;order=desc"
    assert links == {
        "json": f"/t/{SAMPLE}/events.json{query}",
        "csv": f"/t/{SAMPLE}/events.csv{query}",
        "ics": f"/t/{SAMPLE}/events.ics{query}",
        "atom": f"/t/{SAMPLE}/feed/{query}",
    }
    assert "Add to calendar" in section
    for url in links.values():
        assert client.get(url.replace("&amp;", "&")).status_code == 200


def test_data_section_comes_with_the_htmx_fragment(client, sample):
    """A filter change through htmx returns #results with the Data links for the new filters."""
    response = client.get(f"/t/{SAMPLE}/", {"category": "layoffs"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "<html" not in html
    assert f'href="/t/{SAMPLE}/events.csv?category=layoffs"' in html


def test_share_control_on_cards_and_permalink(client, sample):
    """Each card and the permalink have a Share link to the event's permalink (it works without JavaScript)."""
    html = client.get(f"/t/{SAMPLE}/").content.decode()
    assert f'<a class="share" href="/t/{SAMPLE}/events/meta-cuts-600-ai-jobs/" data-share' in html
    assert html.count("data-share ") == 13
    page = client.get(f"/t/{SAMPLE}/events/meta-cuts-600-ai-jobs/").content.decode()
    assert f'<a class="share" href="/t/{SAMPLE}/events/meta-cuts-600-ai-jobs/" data-share' in page


def test_embed_has_no_share_control_or_share_tags(client, sample):
    """The embed is not a page to share: no Share links, no canonical, no Data section."""
    html = client.get(f"/t/{SAMPLE}/embed/").content.decode()
    assert "data-share" not in html and 'rel="canonical"' not in html and 'class="data-links"' not in html


def test_page_queries_stay_flat_with_json_ld(client, db, django_assert_max_num_queries):
    """The JSON-LD of a page costs the same few queries for 5 events as for 40, and none once cached."""

    def first_load(slug, n):
        timeline = make_timeline(slug=slug)
        category, source = make_category(f"Things {slug}"), make_source()
        for day in range(n):
            make_event(timeline, start_date=date(2024, 1, 1 + day % 28), categories=[category], sources=[source])
        with CaptureQueriesContext(connection) as queries:
            client.get(f"/t/{slug}/")
        return len(queries)

    assert first_load("few", 5) == first_load("many", 40)
    with django_assert_max_num_queries(2):  # the timeline and the page of events
        client.get("/t/many/")
