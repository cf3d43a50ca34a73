"""Reader pages: the home page, the index of timelines, the chronology and its fragment, permalinks.

The chronology itself is built by page.py from a Selection (selection.py).
"""

from django.conf import settings
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers

from ..domain import caching
from ..domain.models import Event, Timeline
from .index import summaries
from .page import cached_html, chronology_response, not_modified, page_validator, validated
from .selection import published_timeline


@require_safe
@vary_on_headers("HX-Request")
def home(request):
    timelines = Timeline.objects.published()
    featured = None
    if settings.TIMELINE_FEATURED_SLUG:
        featured = timelines.filter(slug=settings.TIMELINE_FEATURED_SLUG).first()
    featured = featured or timelines.order_by("-updated_at").first()
    if featured is None:
        return render(request, "timeline/empty_site.html", {"timelines": []})
    others = [timeline for timeline in timelines if timeline.pk != featured.pk]
    return chronology_response(request, featured, others=others)


@require_safe
def timelines(request):
    return render(request, "timeline/timelines.html", {"summaries": summaries()})


@require_safe
@vary_on_headers("HX-Request")
def chronology(request, slug):
    return chronology_response(request, published_timeline(slug))


@require_safe
def event_detail(request, slug, event_slug):
    timeline = published_timeline(slug)
    validator = page_validator(request, timeline, "event")
    if current := not_modified(request, validator):
        return current
    identity = [request.get_host(), request.path, caching.release()]
    return validated(
        cached_html(request, timeline, identity, lambda: _event_page(request, timeline, event_slug)), validator
    )


def _event_page(request, timeline, event_slug):
    event = Event.objects.public().in_timeline(timeline).for_cards().filter(slug=event_slug).first()
    if event is None:
        if Event.was_public_in(event_slug, timeline) and not Event.objects.filter(slug=event_slug).exists():
            # A deleted event's permalink says so: 410 Gone, not "never existed". Only for events
            # readers could have seen here: a deleted draft stays a 404, so an embargo is not revealed.
            return render(request, "timeline/gone.html", {"timeline": timeline}, status=410)
        raise Http404("No such event in this timeline.")
    neighbours = (
        Event.objects.published()
        .in_timeline(timeline)
        .only(
            "slug",
            "headline",
            "start_day",
            "end_day",
            "precision",
            "part",
            "qualifier",
            "end_precision",
            "display_text",
            "importance",
            "day_order",
        )  # fmt: skip
    )
    retracted = event.is_retracted  # a retracted event is outside the sequence
    context = {
        "timeline": timeline,
        "event": event,
        "previous_event": None if retracted else neighbours.before(event).chronological(descending=True).first(),
        "next_event": None if retracted else neighbours.after(event).chronological().first(),
    }
    return render(request, "timeline/event_detail.html", context)
