"""Reader pages: the home page, the index of timelines, the chronology and its fragment, permalinks,
and locally stored media files.

The chronology itself is built by page.py from a Selection (selection.py).
"""

from django.conf import settings
from django.http import Http404
from django.shortcuts import redirect, render
from django.views import static
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers

from ..domain import caching
from ..domain.models import Event, Timeline
from . import index
from .cached_pages import answered_from_cache
from .page import chronology_response, not_modified, page_key, page_validator, validated
from .selection import published_listing, published_stamp, published_timeline


def _featured(timelines):
    """The timeline an editor pinned (TIMELINE_FEATURED_SLUG overrides the pin), or None, and the
    other published timelines, among `timelines`."""
    slug = settings.TIMELINE_FEATURED_SLUG
    featured = next((t for t in timelines if (t.slug == slug if slug else t.featured)), None)
    others = [timeline for timeline in timelines if featured and timeline.pk != featured.pk]
    return featured, others


def _home_page(request):
    featured, others = _featured(published_listing())
    return featured and page_key(request, featured, others=others)


@answered_from_cache(_home_page)
@require_safe
@vary_on_headers("HX-Request")
def home(request):
    """The pinned timeline; with none pinned, the list of timelines, so publishing a new timeline
    never takes the home page over."""
    featured, others = _featured(list(Timeline.objects.published()))
    if featured is None:
        return _index(request, home=True)
    return chronology_response(request, featured, others=others)


@require_safe
def timelines(request):
    return _index(request)


def _index(request, home=False):
    """The list of published timelines (on the home page, the empty site's welcome when there are
    none), revalidated like every public page: a reader's copy is answered with a 304 until a
    timeline is published, edited or withdrawn."""
    validator = index.validator(request)
    if current := not_modified(request, validator):
        return current
    listed = index.summaries()
    if home and not listed:
        return validated(render(request, "timeline/empty_site.html", {"timelines": []}), validator)
    return validated(render(request, "timeline/timelines.html", {"summaries": listed}), validator)


@answered_from_cache(lambda request, slug: page_key(request, published_stamp(slug)))
@require_safe
@vary_on_headers("HX-Request")
def chronology(request, slug):
    return chronology_response(request, published_timeline(slug))


def _event_page_key(request, slug, event_slug):
    return caching.key(published_stamp(slug), "html", request.get_host(), request.path, caching.release())


@answered_from_cache(_event_page_key)
@require_safe
def event_detail(request, slug, event_slug):
    timeline = published_timeline(slug)
    validator = page_validator(request, timeline, "event")
    if current := not_modified(request, validator):
        return current
    return validated(_event_page(request, timeline, event_slug), validator)


def _event_page(request, timeline, event_slug):
    event = Event.objects.public().in_timeline(timeline).for_cards().filter(slug=event_slug).first()
    if event is None:
        renamed = Event.objects.public().in_timeline(timeline).formerly(event_slug).only("slug").first()
        if renamed is not None:  # an old slug keeps working: links made before a rename still arrive
            return redirect("event", timeline.slug, renamed.slug, permanent=True)
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


# Stored media names are made of their content's hash (domain/images.py): a name never changes meaning.
MEDIA_CACHE_CONTROL = "public, max-age=31536000, immutable"


@require_safe
def media_file(request, path):
    """An upload in the local media storage (MEDIA_ROOT), cached for a year; a missing file is a 404."""
    response = static.serve(request, path, document_root=settings.MEDIA_ROOT)
    response["Cache-Control"] = MEDIA_CACHE_CONTROL
    return response
