"""The chronology page and its htmx fragment, as a reader sees them."""

import re
from datetime import date

import pytest
from django.urls import reverse

from .conftest import SAMPLE, article_ids, make_category, make_event, make_timeline

URL = f"/t/{SAMPLE}/"


def test_home_shows_the_sample_timeline_in_date_order(client, sample):
    """The home page is the featured timeline: 13 events, oldest first, dates at their precision."""
    response = client.get("/")
    assert response.status_code == 200
    ids = article_ids(response)
    assert len(ids) == 13
    assert ids[0] == "lecun-to-lead-facebook-ai-research"
    assert ids[-1] == "lecun-confirms-departure"
    html = response.content.decode()
    assert '<time datetime="2013-12-09" data-edtf="2013-12-09">9 December 2013</time>' in html
    assert '<time datetime="2025-08" data-edtf="2025-08">August 2025</time>' in html  # month precision, never a day


def test_month_precision_event_sorts_at_the_start_of_its_month(client, sample):
    """LeCun reporting to Wang (August 2025) comes before the 19 August reorganisation."""
    ids = article_ids(client.get(URL))
    assert ids.index("lecun-reports-to-wang") < ids.index("msl-split-into-four-groups")


def test_markup_follows_the_feed_contract(client, sample):
    """Results are a role=feed of <article id=event-slug> with aria-posinset and aria-setsize."""
    html = client.get(URL).content.decode()
    assert 'role="feed"' in html
    first = r'<article id="event-lecun-to-lead-facebook-ai-research"[^>]*\n?[^>]*aria-posinset="1" aria-setsize="13"'
    assert re.search(first, html)
    assert 'href="#main"' in html  # skip link


def test_filter_by_category_and_natural_language_date(client, sample):
    """Departures from June 2025: Pineau's April exit goes, LeCun's November departure stays."""
    response = client.get(URL, {"category": "departures", "from": "June 2025"})
    assert response.status_code == 200
    ids = article_ids(response)
    assert "pineau-announces-exit" not in ids
    assert ids == ["lecun-exit-reported", "lecun-confirms-departure"]
    assert "2 events match your filters" in response.content.decode()


def test_coarse_dates_cover_their_whole_period(client, sample):
    """to=June 2025 includes 30 June; from=2025 starts on 1 January."""
    ids = article_ids(client.get(URL, {"from": "2025", "to": "June 2025"}))
    assert ids[0] == "pineau-announces-exit"
    assert ids[-1] == "meta-superintelligence-labs-formed"  # 30 June 2025


def test_month_event_matches_a_range_that_overlaps_it(client, sample):
    """An August-precision event matches a filter from 20 August."""
    ids = article_ids(client.get(URL, {"from": "2025-08-20", "to": "2025-09-30"}))
    assert ids == ["lecun-reports-to-wang"]


def test_actor_filter_is_repeatable(client, sample):
    """Two actors select events involving either of them."""
    ids = article_ids(client.get(URL, {"actor": ["sam-altman", "shengjia-zhao"]}))
    assert ids == ["altman-100-million-offers-claim", "shengjia-zhao-chief-scientist"]


def test_text_search_and_descending_order(client, sample):
    """q searches headline, summary and body; order=desc puts the newest first."""
    ids = article_ids(client.get(URL, {"q": "LeCun", "order": "desc"}))
    assert ids[0] == "lecun-confirms-departure"
    assert ids[-1] == "lecun-to-lead-facebook-ai-research"


def test_unreadable_date_is_a_400_with_a_message_and_other_filters_kept(client, sample):
    """A bad 'from' says so next to the field; the category filter still applies."""
    response = client.get(URL, {"category": "layoffs", "from": "the day after never"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Could not read “the day after never” as a date" in html
    assert 'value="the day after never"' in html  # what the reader typed is kept
    assert article_ids(response) == ["meta-cuts-600-ai-jobs"]


def test_unknown_category_is_a_400_not_a_500(client, sample):
    """A category slug that does not exist is reported, not a crash."""
    response = client.get(URL, {"category": "nonsense"})
    assert response.status_code == 400
    assert "There is no category “nonsense” here." in response.content.decode()


def test_reversed_range_is_reported(client, sample):
    """'To' before 'From' is explained rather than returning nothing."""
    response = client.get(URL, {"from": "2025-10", "to": "2025-01"})
    assert response.status_code == 400
    assert "is before" in response.content.decode()


def test_overlong_query_is_a_400(client, sample):
    """A 5,000-character search is refused with a message."""
    assert client.get(URL, {"q": "x" * 5000}).status_code == 400


def test_chips_show_active_filters_with_links_that_remove_them(client, sample):
    """Each active filter is a chip whose link drops only that filter."""
    html = client.get(URL, {"category": ["departures", "layoffs"], "q": "Meta"}).content.decode()
    assert 'href="?category=layoffs&amp;q=Meta"' in html
    assert "“Meta”" in html


def test_empty_state_offers_to_clear_filters(client, sample):
    """No results: a clear message and a link back to everything."""
    html = client.get(URL, {"q": "zzzzzz"}).content.decode()
    assert "No events match these filters." in html
    assert "Clear all filters" in html


def test_fragment_for_htmx_has_no_page_chrome_and_varies(client, sample):
    """With HX-Request the same URL returns only the results, and says it varies on that header."""
    response = client.get(URL, {"category": "layoffs"}, headers={"HX-Request": "true", "HX-Target": "results"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert html.lstrip().startswith('<section id="results"')
    assert "HX-Request" in response["Vary"]
    assert response["HX-Push-Url"] == f"{URL}?category=layoffs"
    assert article_ids(response) == ["meta-cuts-600-ai-jobs"]


def test_fragment_carries_field_errors_out_of_band(client, sample):
    """The error for a bad date reaches the form (outside #results) through an oob swap."""
    response = client.get(URL, {"from": "blah"}, headers={"HX-Request": "true", "HX-Target": "results"})
    assert response.status_code == 400
    assert 'id="errors-from" hx-swap-oob="true"' in response.content.decode()


def test_pushed_url_drops_empty_fields(client, sample):
    """The address bar gets a clean, shareable URL, not q=&from=&to=."""
    response = client.get(URL, {"q": "", "from": "June 2025", "to": "", "order": "asc"}, headers={"HX-Request": "true"})
    assert response["HX-Push-Url"] == f"{URL}?from=June+2025"


@pytest.mark.django_db
def test_pages_of_fifty_with_load_more(client, populated):
    """120 events: page 1 has 50 and a Load more link; its htmx request returns the next 50 to append."""
    populated(120)
    response = client.get("/t/big/")
    assert len(article_ids(response)) == 50
    html = response.content.decode()
    assert 'href="?page=2"' in html and "Load more events" in html
    more = client.get("/t/big/", {"page": 2}, headers={"HX-Request": "true", "HX-Target": "event-feed"})
    more_html = more.content.decode()
    assert len(article_ids(more)) == 50
    assert 'aria-posinset="51"' in more_html
    assert 'id="load-more" class="pager" aria-label="More events" hx-swap-oob="true"' in more_html
    assert "<section" not in more_html


@pytest.mark.django_db
def test_bad_page_number_is_a_404(client, populated):
    """page=99 or page=abc is Not Found, not a crash."""
    populated(3)
    assert client.get("/t/big/", {"page": 99}).status_code == 404
    assert client.get("/t/big/", {"page": "abc"}).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("size", [10, 300])
def test_query_count_is_flat_whatever_the_size(client, populated, django_assert_max_num_queries, size):
    """Page and fragment, filtered or not, use the same few queries at 10 and 300 events (media: one
    prefetch; and the page cache's lookup of the timeline, reader/cached_pages.py)."""
    populated(size)
    with django_assert_max_num_queries(14):
        assert client.get("/t/big/").status_code == 200
    with django_assert_max_num_queries(14):
        response = client.get(
            "/t/big/",
            {"category": "category-1", "actor": "actor-2", "from": "2021", "q": "Event"},
            headers={"HX-Request": "true"},
        )
        assert response.status_code == 200


@pytest.mark.django_db
def test_unknown_or_unpublished_timeline_is_404(client):
    """Only published timelines have pages."""
    make_timeline(slug="hidden", is_published=False)
    assert client.get("/t/hidden/").status_code == 404
    assert client.get("/t/nope/").status_code == 404


@pytest.mark.django_db
def test_home_lists_other_timelines(client):
    """The home page shows the pinned timeline and links to the others."""
    older = make_timeline(slug="older", title="Older story", featured=True)
    make_event(older)
    newer = make_timeline(slug="newer", title="Newer story")
    make_event(newer)
    html = client.get("/").content.decode()
    assert "<h1>Older story</h1>" in html
    assert f'href="{reverse("chronology", args=["newer"])}"' in html


@pytest.mark.django_db
def test_overview_strip_counts_months_and_links_to_the_filter(client):
    """The SVG overview has a bar per busy month, labelled with its count, linking to that month."""
    timeline = make_timeline(slug="strip")
    category = make_category("Layoffs")
    for day in (1, 2, 3):
        make_event(timeline, start_date=date(2025, 10, day), categories=[category])
    make_event(timeline, start_date=date(2025, 6, 1))
    html = client.get("/t/strip/", {"category": "layoffs"}).content.decode()
    # the highlight is said in words too, not by colour alone
    assert 'aria-label="October 2025: 3 events (in your selection)"' in html
    assert 'href="?category=layoffs&amp;from=2025-10&amp;to=2025-10"' in html
    assert 'aria-label="June 2025: 1 event"' in html


@pytest.mark.django_db
def test_edits_show_at_once_despite_caching(client):
    """Cached cards, counts and filter choices follow every change: save, new link, new category."""
    timeline = make_timeline(slug="fresh")
    event = make_event(timeline, headline="Original headline")
    assert "Original headline" in client.get("/t/fresh/").content.decode()
    event.headline = "Corrected headline"
    event.save()
    html = client.get("/t/fresh/").content.decode()
    assert "Corrected headline" in html and "Original headline" not in html
    event.categories.add(make_category("Markets"))
    html = client.get("/t/fresh/").content.decode()
    assert 'value="markets"' in html  # the new category is offered as a filter
    make_event(timeline, headline="Second")
    assert "2 events" in client.get("/t/fresh/").content.decode()
    event.timelines.remove(timeline)
    assert "1 event" in client.get("/t/fresh/").content.decode()


@pytest.mark.django_db
def test_print_view_lists_every_match_on_one_page(client, populated):
    """?view=print puts all 120 filtered events on one page for printing, without the controls."""
    populated(120)
    response = client.get("/t/big/", {"view": "print"})
    html = response.content.decode()
    assert len(article_ids(response)) == 120
    assert 'class="print-view"' in html and "Load more events" not in html
    assert 'href="?view=print"' in client.get("/t/big/").content.decode()


@pytest.mark.django_db
def test_overview_counts_years_for_a_long_history(client):
    """A timeline spanning 1900-2025 draws one bar per year, linking to that year."""
    timeline = make_timeline(slug="history")
    make_event(timeline, start_date=date(1900, 3, 1))
    make_event(timeline, start_date=date(2025, 6, 1))
    html = client.get("/t/history/").content.decode()
    assert "Events per year" in html
    assert 'aria-label="1900: 1 event"' in html and 'href="?from=2025&amp;to=2025"' in html
    assert html.count('class="bar-link"') == 2


@pytest.mark.django_db
def test_a_short_timeline_counts_days_and_a_long_empty_stretch_is_a_break(client):
    """A timeline of a few weeks is drawn in days, not one slab; ten empty years become one break."""
    short = make_timeline(slug="short")
    for day in (3, 9, 21):
        make_event(short, start_date=date(2025, 10, day))
    html = client.get("/t/short/").content.decode()
    assert "Events per day" in html and 'aria-label="9 October 2025: 1 event"' in html
    long = make_timeline(slug="long")
    make_event(long, start_date=date(2013, 12, 9))
    make_event(long, start_date=date(2025, 4, 1))
    html = client.get("/t/long/").content.decode()
    assert "No events from 2014 to 2025" in html
    assert html.count('class="gap"') == 1
