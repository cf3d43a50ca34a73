"""Light at any size: the overview strip's weight is bounded, it is computed once per revision and
filter, and the first load of a 1,000-event timeline stays under 40 KB compressed."""

import gzip
import re
from html.parser import HTMLParser

import brotli
import pytest
from django.contrib.staticfiles import finders

from bench.generate import generate
from timeline.reader import page as page_module

from .conftest import make_category, spread_timeline

STRIP_BUDGET = 10 * 1024  # compressed bytes
FIRST_LOAD_BUDGET = 40 * 1024
FRAGMENT = {"HX-Request": "true", "HX-Target": "results"}  # the results, as a filter change asks for them


def strip_of(html):
    return re.search(r'<section class="overview".*?</section>', html, re.S)[0]


def gzipped_size(text):
    return len(gzip.compress(text.encode()))


@pytest.fixture
def busy_25_years(db):
    """bench/generate.py's realistic timeline: 1,000 events over 25 years, 200 actors, citations."""
    return generate(1000, years=25)


def test_the_strip_of_1000_events_over_25_years_is_under_10_kb(client, busy_25_years):
    """The strip (bars and counts table) of a busy 25-year timeline stays under 10 KB gzipped,
    unfiltered and filtered to a category (highlighted bars)."""
    for query in ({}, {"category": "layoffs"}):
        strip = strip_of(client.get("/t/bench/", query).content.decode())
        assert strip.count('class="bar-link"') > 20  # every year is there
        assert gzipped_size(strip) < STRIP_BUDGET


def test_the_strip_over_200_years_is_under_10_kb(client, db):
    """3,000 events spread over 200 years: counted in decades, under 10 KB gzipped."""
    spread_timeline("centuries", 3000, 1826, 200)
    html = client.get("/t/centuries/").content.decode()
    assert "Events per decade" in html
    assert gzipped_size(strip_of(html)) < STRIP_BUDGET


@pytest.mark.parametrize(("years", "unit"), [(5, "month"), (14, "quarter"), (59, "year")])
def test_the_busiest_strip_is_under_10_kb(client, db, years, unit):
    """The most bars a strip draws (an event in every month of 5 years, every quarter of 14, every
    year of 59), with a filter highlighting a third of them, still fits the budget."""
    timeline = spread_timeline("busiest", years * 24, 2026 - years, years, category=make_category("Layoffs"))
    html = client.get(f"/t/{timeline.slug}/", {"category": "layoffs"}).content.decode()
    strip = strip_of(html)
    assert f"Events per {unit}" in html
    assert strip.count('class="bar-link"') >= 55
    assert gzipped_size(strip) < STRIP_BUDGET


def test_a_filtered_date_range_zooms_the_strip_in(client, busy_25_years):
    """Filtering to two years redraws the strip in months over those years only, with their total."""
    html = client.get("/t/bench/", {"from": "2019", "to": "2020"}).content.decode()
    strip = strip_of(html)
    assert "Events per month" in strip
    assert "from January 2019 to December 2020" in strip
    assert 'aria-label="March 2019: ' in strip
    assert "2018" not in strip and "2021" not in strip


def test_only_bins_with_events_are_links(client, db):
    """Empty months are neither drawn as links nor listed in the counts table."""
    spread_timeline("sparse", 4, 2020, 2)  # four events in 24 months
    strip = strip_of(client.get("/t/sparse/").content.decode())
    assert strip.count('class="bar-link"') == 4
    assert strip.count('<th scope="row">') == 4


def test_the_strip_is_not_recomputed_on_a_cache_hit(client, busy_25_years, monkeypatch, django_assert_max_num_queries):
    """A second view of a filter state draws the strip from the cache: no histogram, and it costs
    the timeline lookup (for the stored page's key, then in the view) and the page of events. The
    second view is the htmx fragment of the same filter, which no stored page answers, so the view
    runs and builds its whole context."""
    calls = []
    real = page_module.histogram
    monkeypatch.setattr(page_module, "histogram", lambda selection: calls.append(1) or real(selection))
    client.get("/t/bench/", {"category": "layoffs"})
    assert calls == [1]
    with django_assert_max_num_queries(3):
        response = client.get("/t/bench/", {"category": "layoffs"}, headers=FRAGMENT)
    assert response.status_code == 200 and "HX-Push-Url" in response  # the view ran, not the stored page
    assert calls == [1]
    assert "Events per year" in response.content.decode()


class Assets(HTMLParser):
    """The stylesheets, scripts and icon a page makes the browser fetch."""

    def __init__(self):
        super().__init__()
        self.urls = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and attrs.get("rel") in {"stylesheet", "icon"} or tag == "script" and attrs.get("src"):
            self.urls.append(attrs.get("href") or attrs["src"])


def test_the_first_load_of_a_1000_event_timeline_is_under_40_kb(client, busy_25_years):
    """HTML (gzipped, as the server sends it) plus every stylesheet, script and icon it loads
    (Brotli, as whitenoise serves them) stays under 40 KB."""
    html = client.get("/t/bench/", headers={"Accept-Encoding": "gzip"})
    assert html["Content-Encoding"] == "gzip"
    total = len(html.content)
    parser = Assets()
    parser.feed(gzip.decompress(html.content).decode())
    assert len(parser.urls) >= 3  # stylesheet, our script, icon (htmx waits for a reader's first use of a filter)
    for url in parser.urls:
        path = finders.find(url.removeprefix("/static/"))
        with open(path, "rb") as file:
            total += len(brotli.compress(file.read()))
    assert total < FIRST_LOAD_BUDGET
