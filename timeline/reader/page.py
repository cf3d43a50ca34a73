"""The chronology as a reader gets it: the full page, its htmx fragments, and the embed.

One function builds the context from a Selection and renders the page, or,
for htmx, only the part asked for; a filter it could not read makes it a 400
with the message beside the field.
"""

import zlib
from dataclasses import dataclass

from django.http import HttpResponseNotModified
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.safestring import mark_safe

from ..domain import caching
from .cards import cards_for
from .overview import histogram, year_links
from .selection import FILTERS, NAVIGATION, PRINT_LIMIT, Selection

CHRONOLOGY = "timeline/chronology.html"
# The request headers with which htmx picks a fragment: part of every page's validator and key.
HTMX_HEADERS = ("HX-Request", "HX-Target", "HX-History-Restore-Request")


@dataclass(frozen=True)
class Links:
    """Query strings of the page's own links, all canonical (see Selection.query)."""

    share: str
    next: str
    previous: str
    print: str
    print_next: str  # the print view's next PRINT_LIMIT events, when there are more


def page_validator(request, timeline, *parts):
    """The ETag of a public page made from `timeline`: its revision, the exact URL (host and every
    parameter, so embed options and junk alike get their own), the htmx headers that pick a
    fragment, today's date (filters such as "3 months ago" move with it) and the release."""
    htmx = [request.headers.get(name, "") for name in HTMX_HEADERS]
    return caching.etag(
        timeline, "page", request.build_absolute_uri(), *htmx, timezone.localdate(), caching.release(), *parts
    )


def not_modified(request, validator):
    """A 304 when the reader's copy is current, else None."""
    if validator in request.headers.get("If-None-Match", ""):
        return validated(HttpResponseNotModified(), validator)
    return None


def validated(response, validator):
    """Mark a public page revalidatable: kept by browsers and shared caches, checked on each use.

    It also opens the page to the windows that link to it (Cross-Origin-Opener-Policy: unsafe-none,
    where Django's default for every other response is same-origin). A public page holds nothing
    of the reader's, so isolating its window protects nothing, while it costs readers arriving from
    an article or a search: Chromium must move the page to a new browsing context group, a new
    renderer process, before it can paint (about 80-100 ms in `make compare`), and on Android it
    isolates every site that asks for it. The admin, the login and the error pages keep same-origin.
    """
    if response.status_code in (200, 304):
        response["ETag"] = validator
        response["Cross-Origin-Opener-Policy"] = "unsafe-none"
        patch_cache_control(response, public=True, no_cache=True)
    return response


def chronology_response(request, timeline, *, others=(), template_name=CHRONOLOGY, extra=None):
    validator = page_validator(request, timeline, template_name, *map(caching.stamp, others))
    if current := not_modified(request, validator):
        return current
    return validated(render_chronology(request, timeline, others, template_name, extra or {}), validator)


def page_key(request, timeline, template_name=CHRONOLOGY, others=()):
    """The cache key of a chronology page (reader/cached_pages.py): all its markup depends on
    besides the timeline's revision: host and path, the filter and navigation parameters as typed
    (nothing else in the query changes the page), the htmx headers that choose a fragment, today
    (for "3 months ago"), the release and, on the home page, the other timelines' revisions and
    versions (their titles are listed there). The embed's options change its markup, so it has
    no key: it is rendered every time."""
    query = [(name, request.GET.getlist(name)) for name in (*FILTERS, *NAVIGATION) if name in request.GET]
    htmx = [request.headers.get(name, "") for name in HTMX_HEADERS]
    # One part for all the others, hashed when long: the key stays short however many there are.
    revisions = ",".join(caching.stamp(other) for other in others)
    return caching.key(
        timeline,
        "html",
        request.get_host(),
        request.path,
        template_name,
        repr(query),
        *htmx,
        timezone.localdate(),
        caching.release(),
        revisions,
    )


def render_chronology(request, timeline, others, template_name, extra):
    embed = bool(extra.get("embed"))
    selection = Selection.from_request(request, timeline, default_order=extra.get("default_order", ""))
    page = selection.page(request.GET.get("page"), start=extra.get("start"))
    links = Links(
        share=selection.query(),
        next=selection.query(page=page.next_page_number()) if page.has_next() else "",
        previous=selection.query(page=page.previous_page_number()) if page.has_previous() else "",
        print=selection.query(view="print"),
        print_next=selection.query(view="print", page=page.next_page_number()) if page.has_next() else "",
    )
    if selection.print_view:
        cards, printed = [], print_feed(timeline, selection, page, previous=lambda: _previous_event(selection, page))
    else:
        # An embed's max=N shows only the first N events; its "See all" link leads to the rest.
        events = list(page.object_list)[: extra.get("max")]
        cards = cards_for(
            timeline,
            events,
            previous=_previous_event(selection, page),
            embed=embed,
            first_page=not page.has_previous(),
            matcher=selection.matcher,
        )
        printed = ""
    context = {
        "timeline": timeline,
        "selection": selection,
        "form": selection.form,
        "page": page,
        "cards": cards,
        "print_feed": printed,
        "print_limit": PRINT_LIMIT,
        "years": year_links(selection, page),
        "others": others,
        "overview": caching.cached(timeline, "overview", lambda: histogram(selection), links.share),
        "links": links,
        "share_query": links.share,
        "print_view": selection.print_view,
        **extra,
    }
    status = 400 if selection.errors else 200
    if request.htmx and not request.htmx.history_restore_request:
        partial = "feed_page" if request.htmx.target == "event-feed" else "results"
        # The embed page shares the chronology's partials.
        response = render(request, f"timeline/chronology.html#{partial}", context, status=status)
        if partial == "results":
            # An unreadable filter is answered in place (a 400 that htmx swaps) but not pushed:
            # Back should not step through half-typed dates.
            share = request.path + (f"?{links.share}" if links.share else "")
            response["HX-Push-Url"] = "false" if selection.errors else share
        return response
    return render(request, template_name, context, status=status)


def print_feed(timeline, selection, page, *, previous):
    """The print view's cards as one block of HTML, rendered once per revision, filter, order and
    page, and kept zlib-compressed (a thousand cards are about 1.5 MB of markup, a tenth of that
    compressed), so repeated prints cost one lookup and no query."""

    def compute():
        cards = cards_for(
            timeline, list(page.object_list), previous=previous(), all_media=True, matcher=selection.matcher
        )
        html = render_to_string("timeline/chronology.html#feed_page", {"cards": cards, "page": page})
        return zlib.compress(html.encode(), 6)

    packed = caching.cached(timeline, "print", compute, selection.signature(), int(selection.descending), page.number)
    return mark_safe(zlib.decompress(packed).decode())  # rendered by our own escaping templates


def _previous_event(selection, page):
    """The last event of the previous page, so its heading is not repeated on this one."""
    if not page.has_previous():
        return None
    # A slice, not an index: a page past the last event (counts cached a moment before an edit) has none.
    before = selection.events.only("start_day", "end_day", "precision")[page.start_index() - 2 :][:1]
    return next(iter(before), None)
