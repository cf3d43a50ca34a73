"""No input a reader can put in a URL makes the server fail: absurd dates get a 400 and a message.

A hypothesis test drives every public route's query string with thousands of
generated values (dates near the edges of time, huge numbers, control
characters, long text, unknown names) and asserts that no response is a 5xx.
"""

import collections

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .conftest import SAMPLE, SAMPLE_ROUTES

BASE = f"/t/{SAMPLE}/"
# "/" first, then the filtered routes (ROUTES[1:8]), then the rest.
ROUTES = ["/", *SAMPLE_ROUTES, BASE + "events/meta-cuts-600-ai-jobs/", "/oembed/", "/timelines/"]
ABSURD_DATES = [
    "winter 9999", "99999 years ago", "first quarter of 0000", "9999999999999999999999 weeks ago",
    "10000 BC", "year 0", "-99999-01-01", "9999-12-31", "the 100th century BC", "c. " * 60,
    "late 9999", "in 20000 centuries", "2025-99", "Q5 2025", "31 February 2025", "\x00\x1f", "9" * 5000,
]  # fmt: skip
NAMES = ["from", "to", "q", "category", "actor", "order", "page", "theme", "filters", "start", "view", "url",
         "format", "maxwidth", "maxheight", "title"]  # fmt: skip

dates_or_text = st.one_of(
    st.sampled_from(ABSURD_DATES),
    st.text(max_size=80),
    st.from_regex(r"(c\. |early |late |mid-|before |after )?-?\d{1,25}( BC| AD|s|-\d{1,3}|-W\d\d)?", fullmatch=True),
    st.from_regex(r"\d{1,25} (days?|weeks?|months?|years?|decades?|centuries) (ago|from now)", fullmatch=True),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
)
queries = st.dictionaries(st.one_of(st.sampled_from(NAMES), st.text(max_size=12)), dates_or_text, max_size=5)


@pytest.mark.parametrize("text", ["winter 9999", "99999 years ago", "first quarter of 0000",
                                  "9999999999999999999999 weeks ago"])  # fmt: skip
@pytest.mark.parametrize("route", ROUTES[1:8])
def test_absurd_dates_in_filters_are_a_400_with_a_message(client, sample, route, text):
    """The dates issue's list: on the page, the embed and every export, a 400 that says why."""
    for field in ("from", "to"):
        response = client.get(route, {field: text})
        assert response.status_code == 400, (route, field, text)
        content = b"".join(response.streaming_content) if response.streaming else response.content
        assert b"9999 BC to AD 9999" in content or b"no year 0" in content


def test_the_fragment_answers_absurd_dates_with_a_400(client, sample):
    """The htmx fragment says the same, without the page around it."""
    response = client.get(BASE, {"from": "winter 9999"}, headers={"HX-Request": "true"})
    assert response.status_code == 400 and b"<html" not in response.content
    assert b"9999 BC to AD 9999" in response.content


@settings(max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(route=st.sampled_from(ROUTES), query=queries, htmx=st.booleans())
def test_no_query_string_makes_any_public_route_fail(client, sample, route, query, htmx):
    """Thousands of generated query strings over every public route: never a 5xx."""
    headers = {"HX-Request": "true"} if htmx else {}
    response = client.get(route, query, headers=headers)
    # oEmbed's specification asks for 501 when format=xml is not implemented; nothing else may be 5xx.
    allowed = route == "/oembed/" and query.get("format") == "xml" and response.status_code == 501
    assert response.status_code < 500 or allowed, (route, query, response.status_code)


# --- headers -----------------------------------------------------------------------------------

# Printable Latin-1, as a WSGI server hands header values over, with tabs and odd bytes.
header_text = st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0xFF) | st.just("\t"), max_size=120)
HEADER_VALUES = {
    "Accept": ["text/html", "application/json", "*/*", "", "text/html;q=abc", "*/*;q=-1", "a/" * 500],
    "Accept-Encoding": ["gzip", "br", "gzip;q=0, br;q=x", "identity;q=0", "*", "zstd, br;q=1.5", ","],
    "Accept-Language": ["en", "fr-CA,fr;q=0.9", "*", "xx-" * 200, "en;q=NaN", "de-1996", "ü"],
    "If-None-Match": ['"abc"', "*", 'W/"x"', '"' * 7, "W/", '"a", "b", W/"c"', "\x7f"],
    "If-Modified-Since": ["Mon, 30 Nov 2026 10:00:00 GMT", "Thu, 01 Jan 1970 00:00:00 GMT",
                          "Fri, 31 Dec 9999 23:59:59 GMT", "Sat, 01 Jan 0001 00:00:00 GMT", "-1", "yesterday"],
    "HX-Request": ["true", "false", "", "TRUE", "1"],
    "HX-Current-URL": [f"http://testserver{BASE}?from=June%202025", "javascript:alert(1)", "http://[::1", "//evil"],
    "HX-Target": ["results", "event-list", "#results", ""],
    "HX-Trigger": ["filters", "", "x" * 300],
    "HX-Boosted": ["true", "nope"],
    "HX-History-Restore-Request": ["true", "false"],
    "Referer": [f"http://testserver{BASE}", "http://[::1", "https://example.com/?" + "a" * 2000, "\x00"],
    "Origin": ["null", "https://example.com", "http://[::1"],
    "Cookie": ["a=b", "csrftoken=x", "sessionid=garbage", "=;;;=", "sessionid=" + "A" * 4000, 'a="unterminated'],
    "Range": ["bytes=0-10", "bytes=-5", "bytes=abc", ",".join(["bytes=0-0"] * 200), "items=1-2"],
    "X-Forwarded-Proto": ["https", "ftp", ""],
    "X-Requested-With": ["XMLHttpRequest", ""],
}  # fmt: skip
# Hosts the site answers (ALLOWED_HOSTS, plus the test client's own), with and without a port.
HOSTS = ["testserver", "localhost", "127.0.0.1", "[::1]", "localhost:8000", "127.0.0.1:80", "[::1]:8000", "LOCALHOST"]

headers = st.dictionaries(
    st.sampled_from(sorted(HEADER_VALUES)),
    st.one_of(st.sampled_from(sum(HEADER_VALUES.values(), [])), header_text),
    max_size=6,
).flatmap(
    lambda chosen: st.fixed_dictionaries(
        {name: st.one_of(st.sampled_from(HEADER_VALUES[name]), st.just(value)) for name, value in chosen.items()}
    )
)
HEADER_ROUTES = [*ROUTES, "/t/no-such-timeline/", BASE + "events/no-such-event/", "/oembed/?url=http://[::1"]
STATUSES = collections.Counter()


@pytest.fixture(scope="module", autouse=True)
def status_counts():
    """The header fuzzer's status counts, printed at the end (`pytest -s tests/test_fuzz.py -k header`)."""
    yield
    if STATUSES:
        print(f"\nheader fuzz: {sum(STATUSES.values())} requests, statuses {dict(sorted(STATUSES.items()))}")


@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(route=st.sampled_from(HEADER_ROUTES), sent=headers, host=st.sampled_from(HOSTS), head=st.booleans())
def test_no_header_makes_any_public_route_fail(client, sample, route, sent, host, head):
    """Generated Accept*, conditional, htmx, Referer, Cookie and Range headers, on hosts the
    site answers, over every public route with GET and HEAD: never a 5xx."""
    request = client.head if head else client.get
    response = request(route, headers={**sent, "Host": host})
    STATUSES[response.status_code] += 1
    assert response.status_code < 500, (route, sent, host, response.status_code)
