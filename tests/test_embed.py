"""Embedding: framable only where meant to be, options, snippets and oEmbed."""

import json

import pytest

from .conftest import SAMPLE, make_event, make_timeline, markup

EMBED = f"/t/{SAMPLE}/embed/"


def test_embed_can_be_framed_and_keeps_the_site_csp(client, sample):
    """The embed drops X-Frame-Options and allows any ancestor, but keeps script-src with its nonce."""
    response = client.get(EMBED)
    assert response.status_code == 200
    assert "X-Frame-Options" not in response
    csp = response["Content-Security-Policy"]
    assert "frame-ancestors 'self' *" in csp
    assert "script-src 'self' 'nonce-" in csp and "default-src 'self'" in csp


def test_embed_origins_come_from_the_setting(client, sample, settings):
    """EMBED_ALLOWED_ORIGINS narrows who may frame the embed."""
    settings.EMBED_ALLOWED_ORIGINS = ["https://news.example"]
    assert "frame-ancestors 'self' https://news.example" in client.get(EMBED)["Content-Security-Policy"]


def test_other_pages_refuse_framing(client, sample):
    """Chronology and permalink pages send DENY and frame-ancestors 'none'."""
    for url in (f"/t/{SAMPLE}/", f"/t/{SAMPLE}/events/meta-cuts-600-ai-jobs/", "/"):
        response = client.get(url)
        assert response["X-Frame-Options"] == "DENY"
        assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


def test_embed_options(client, sample):
    """theme, filters=0, start and the filters themselves all apply; event links leave the frame."""
    options = {"theme": "dark", "filters": "0", "start": "meta-cuts-600-ai-jobs", "category": "layoffs"}
    html = markup(client.get(EMBED, options))
    assert 'data-theme="dark"' in html
    assert 'class="filters"' not in html
    assert 'data-embed-start="meta-cuts-600-ai-jobs"' in html
    assert 'id="event-meta-cuts-600-ai-jobs"' in html and 'id="event-pineau-announces-exit"' not in html
    assert 'target="_top"' in html
    assert f'href="{EMBED}?category=layoffs"' in html  # tags filter inside the frame


def test_embed_unknown_theme_falls_back(client, sample):
    """A theme we do not know is ignored rather than rejected."""
    assert "data-theme" not in markup(client.get(EMBED, {"theme": "neon"}))


def test_timeline_page_offers_snippets_for_the_current_filters(client, sample):
    """The Embed box shows the iframe and loader snippets with the current filters."""
    html = client.get(f"/t/{SAMPLE}/", {"category": "layoffs"}).content.decode()
    assert "Embed this timeline" in html
    assert f"data-timeline-embed src=&quot;http://testserver{EMBED}?category=layoffs&quot;" in html
    assert "/static/timeline/embed.js" in html


def test_pages_advertise_oembed(client, sample):
    """Timeline and event pages carry the oEmbed discovery link."""
    for url in (f"/t/{SAMPLE}/", f"/t/{SAMPLE}/events/meta-cuts-600-ai-jobs/"):
        assert 'type="application/json+oembed"' in client.get(url).content.decode()


def test_oembed_for_a_timeline_and_an_event(client, sample):
    """type rich with an iframe to the embed; an event URL starts at that event."""
    data = client.get("/oembed/", {"url": f"http://testserver/t/{SAMPLE}/?category=layoffs", "format": "json"}).json()
    assert data["type"] == "rich" and data["version"] == "1.0"
    assert f"{EMBED}?category=layoffs" in data["html"]
    assert data["provider_name"] == "Timelines" and data["title"] == "Meta's AI restructuring"
    event = client.get("/oembed/", {"url": f"http://testserver/t/{SAMPLE}/events/meta-cuts-600-ai-jobs/"}).json()
    assert "start=meta-cuts-600-ai-jobs" in event["html"]


def test_oembed_respects_maxwidth_and_maxheight(client, sample):
    """maxwidth/maxheight cap the size; nonsense is a 400."""
    data = client.get("/oembed/", {"url": f"http://testserver/t/{SAMPLE}/", "maxwidth": 400, "maxheight": 300}).json()
    assert (data["width"], data["height"]) == (400, 300)
    assert client.get("/oembed/", {"url": f"http://testserver/t/{SAMPLE}/", "maxwidth": "wide"}).status_code == 400


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("https://elsewhere.example/t/x/", 404),
        ("http://testserver/t/hidden/", 404),
        ("http://testserver/t/open/events/draft-one/", 404),
        ("http://testserver/admin/", 404),
        ("", 400),
    ],
)
def test_oembed_refuses_what_is_not_ours_or_not_published(client, url, status):
    """Foreign hosts, unpublished timelines, drafts and non-timeline pages are 404; no URL is 400."""
    make_timeline(slug="hidden", is_published=False)
    make_event(make_timeline(slug="open"), slug="draft-one", status="draft")
    assert client.get("/oembed/", {"url": url}).status_code == status


@pytest.mark.django_db
def test_oembed_xml_is_not_implemented(client):
    """format=xml is 501, as the oEmbed spec asks."""
    response = client.get("/oembed/", {"url": "http://testserver/t/x/", "format": "xml"})
    assert response.status_code == 501
    assert "json" in json.loads(response.content)["error"]


@pytest.mark.django_db
def test_embed_start_opens_the_page_that_holds_the_event(client):
    """start=<slug> for the 75th of 120 events opens page 2, so the deep link can land on it."""
    from datetime import date, timedelta

    timeline = make_timeline(slug="long")
    for day in range(120):
        make_event(timeline, slug=f"day-{day}", start_date=date(2024, 1, 1) + timedelta(days=day))
    html = client.get("/t/long/embed/", {"start": "day-74"}).content.decode()
    assert 'id="event-day-74"' in html and 'aria-posinset="51"' in html
    newest_first = client.get("/t/long/embed/", {"start": "day-74", "order": "desc"}).content.decode()
    assert 'id="event-day-74"' in newest_first and 'aria-posinset="1"' in newest_first
    assert 'id="event-day-0"' in client.get("/t/long/embed/", {"start": "no-such-event"}).content.decode()


def test_embed_link_and_filter_options_reach_the_frame_script(client, sample):
    """links= and filters=folded reach the page; unknown values fall back to new and shown."""
    html = markup(client.get(EMBED, {"links": "top", "filters": "folded", "theme": "dark"}))
    assert 'data-links="top"' in html and "embed--folded" in html and 'class="filters"' in html
    # The options the frame keeps in its requests and in its own URL.
    assert 'data-embed-options="theme=dark&amp;filters=folded&amp;links=top"' in html
    fallback = markup(client.get(EMBED, {"links": "popup", "filters": "sideways"}))
    assert 'data-links="new"' in fallback and "embed--folded" not in fallback and 'class="filters"' in fallback


def test_embed_max_shows_the_most_recent_and_a_see_all_link(client, sample):
    """max=3 lists the three most recent events, no Load more, and a "See all N events" link."""
    html = markup(client.get(EMBED, {"max": "3"}))
    assert html.count('<article id="event-') == 3
    assert "See all 13 events" in html and "embed--max" in html
    assert html.index("event-lecun-confirms-departure") < html.index("event-lecun-exit-reported")  # newest first
    assert client.get(EMBED, {"max": "many"}).content.decode().count('<article id="event-') > 3


def test_embed_fixed_height(client, sample):
    """height=N marks the page as fixed, so the frame scrolls inside and reports no height."""
    html = markup(client.get(EMBED, {"height": "600"}))
    assert 'data-fixed-height="600"' in html and "embed--fixed" in html
    assert "data-fixed-height" not in client.get(EMBED, {"height": "tall"}).content.decode()


def test_oembed_html_is_a_plain_iframe_cms_accept(client, sample):
    """oEmbed html: one iframe with src, title, numeric width and height; no script, no style."""
    html = client.get("/oembed/", {"url": f"http://testserver/t/{SAMPLE}/"}).json()["html"]
    assert html.startswith("<iframe ") and html.endswith("></iframe>")
    assert 'width="720" height="640"' in html and "title=" in html
    assert "<script" not in html and "style=" not in html
