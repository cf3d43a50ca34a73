"""The chronology as a reader gets it: the full page, its htmx fragments, and the embed.

One function builds the context from a Selection and renders the page, or,
for htmx, only the part asked for; a filter it could not read makes it a 400
with the message beside the field.
"""

from dataclasses import dataclass

from django.shortcuts import render

from ..domain import caching
from .cards import cards_for
from .overview import histogram, year_links
from .selection import Selection


@dataclass(frozen=True)
class Links:
    """Query strings of the page's own links, all canonical (see Selection.query)."""

    share: str
    next: str
    previous: str
    print: str


def chronology_response(request, timeline, *, others=(), template_name="timeline/chronology.html", extra=None):
    extra = extra or {}
    embed = bool(extra.get("embed"))
    selection = Selection.from_request(request, timeline, default_order=extra.get("default_order", ""))
    page = selection.page(request.GET.get("page"), start=extra.get("start"))
    links = Links(
        share=selection.query(),
        next=selection.query(page=page.next_page_number()) if page.has_next() else "",
        previous=selection.query(page=page.previous_page_number()) if page.has_previous() else "",
        print=selection.query(view="print"),
    )
    context = {
        "timeline": timeline,
        "selection": selection,
        "form": selection.form,
        "page": page,
        # An embed's max=N shows only the first N events; its "See all" link leads to the rest.
        "cards": cards_for(
            timeline,
            list(page.object_list)[: extra.get("max")],
            previous=_previous_event(selection, page),
            embed=embed,
            all_media=selection.print_view,
            first_page=not page.has_previous(),
            matcher=selection.matcher,
        ),
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


def _previous_event(selection, page):
    """The last event of the previous page, so its heading is not repeated on this one."""
    if not page.has_previous():
        return None
    # A slice, not an index: a page past the last event (counts cached a moment before an edit) has none.
    before = selection.events.only("start_day", "end_day", "precision")[page.start_index() - 2 :][:1]
    return next(iter(before), None)
