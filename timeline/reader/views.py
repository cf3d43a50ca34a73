"""Reader pages: the home page, the chronology and its fragment, permalinks."""

from django.conf import settings
from django.core.paginator import InvalidPage, Paginator
from django.db.models import Exists, OuterRef
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from ..domain import caching
from ..domain.models import Actor, Category, Event, Timeline
from .cards import attach_card_html
from .overview import month_histogram, monthly_counts, year_links
from .selection import EventFilterForm


def published_timeline(slug):
    return get_object_or_404(Timeline, slug=slug, is_published=True)


def filter_choices(timeline):
    """Categories and actors that the timeline's published events use."""

    def used(model, through, column):
        # EXISTS stops at the first matching event: fast even for 100k events.
        links = through.objects.filter(
            **{column: OuterRef("pk")},
            event__status=Event.Status.PUBLISHED,
            event__timelines=timeline,
        )
        return list(model.objects.filter(Exists(links)))

    def compute():
        return (
            used(Category, Event.categories.through, "category"),
            used(Actor, Event.actors.through, "actor"),
        )

    return caching.cached(timeline, "choices", compute)


def filtered_events(request, timeline):
    """The filter form bound to the query string, and the events it selects."""
    categories, actors = filter_choices(timeline)
    form = EventFilterForm(request.GET, categories=categories, actors=actors)
    form.is_valid()  # invalid fields are reported and left out; the rest still filter
    return form, form.filter(Event.objects.published().in_timeline(timeline))


PRINT_LIMIT = 5000  # ?view=print lists every match on one page, up to this many


def page_of(timeline, form, events, request, start=None):
    # The count is the sum of the per-month counts the page needs anyway.
    count = sum(monthly_counts(timeline, form.signature(), events).values())
    per_page = min(max(count, 1), PRINT_LIMIT) if is_print_view(request) else settings.TIMELINE_PAGE_SIZE
    paginator = Paginator(events, per_page, allow_empty_first_page=True)
    paginator.count = count
    number = request.GET.get("page")
    if not number and start:
        number = page_containing(events, start, per_page, form.descending)
    try:
        return paginator.page(number or 1)
    except InvalidPage:
        raise Http404("There is no such page of this timeline.") from None


def page_containing(events, slug, per_page, descending):
    """The page on which the event `slug` appears in this ordering (1 if it is not there)."""
    event = events.filter(slug=slug).only("pk", "start_day", "day_order", "importance").first()
    if event is None:
        return 1
    ahead = events.after(event) if descending else events.before(event)
    return ahead.count() // per_page + 1


def bad_filters_response(form):
    """The data routes' 400: JSON naming each filter that could not be read."""
    fields = {field: [str(message) for message in messages] for field, messages in form.errors.items()}
    return JsonResponse({"error": "Some filters could not be read.", "fields": fields}, status=400)


def is_print_view(request):
    return request.GET.get("view") == "print"


def shareable_query(form):
    """The query string of the current view without empty fields, for the address bar."""
    query = form.data.copy()
    for key in list(query):
        values = [value for value in query.getlist(key) if value.strip()]
        if key == "page" or (key == "order" and values == ["asc"]) or not values:
            query.pop(key)
        else:
            query.setlist(key, values)
    return query.urlencode()


@require_GET
@vary_on_headers("HX-Request")
def home(request):
    timelines = Timeline.objects.filter(is_published=True)
    featured = None
    if settings.TIMELINE_FEATURED_SLUG:
        featured = timelines.filter(slug=settings.TIMELINE_FEATURED_SLUG).first()
    featured = featured or timelines.order_by("-updated_at").first()
    if featured is None:
        return render(request, "timeline/empty_site.html", {"timelines": []})
    others = [timeline for timeline in timelines if timeline.pk != featured.pk]
    return chronology_response(request, featured, others=others)


@require_GET
@vary_on_headers("HX-Request")
def chronology(request, slug):
    return chronology_response(request, published_timeline(slug))


def chronology_response(request, timeline, others=(), template_name="timeline/chronology.html", extra=None):
    """The full page, or with htmx only the part it asked for; 400 when a filter could not be read."""
    embed = bool(extra and extra.get("embed"))
    form, events = filtered_events(request, timeline)
    page = page_of(timeline, form, events, request, start=(extra or {}).get("start"))
    page_events = attach_card_html(timeline, list(page.object_list), embed=embed)
    context = {
        "timeline": timeline,
        "form": form,
        "page": page,
        "events": mark_headings(page_events, previous_month(events, page)),
        "years": year_links(timeline, form, events, page),
        "others": others,
        "overview": month_histogram(timeline, form),
        "share_query": shareable_query(form),
        "print_view": is_print_view(request),
        **(extra or {}),
    }
    status = 400 if form.errors else 200
    if request.htmx and not request.htmx.history_restore_request:
        partial = "feed_page" if request.htmx.target == "event-feed" else "results"
        # The embed page shares the chronology's partials.
        response = render(request, f"timeline/chronology.html#{partial}", context, status=status)
        if partial == "results":
            path = request.path + (f"?{context['share_query']}" if context["share_query"] else "")
            response["HX-Push-Url"] = path
        return response
    return render(request, template_name, context, status=status)


def mark_headings(events, previous):
    """Flag the first event of each month (a heading) and of each year (a jump target)."""
    previous_year = previous[0] if previous else None
    for event in events:
        event.month_heading = event.month_key != previous
        event.year_anchor = event.month_key[0] != previous_year
        previous, previous_year = event.month_key, event.month_key[0]
    return events


def previous_month(events, page):
    """The month of the last event on the previous page, so a month heading is not repeated."""
    if not page.has_previous():
        return None
    return events.only("start_day")[page.start_index() - 2].month_key


@require_GET
def event_detail(request, slug, event_slug):
    timeline = published_timeline(slug)
    event = Event.objects.public().in_timeline(timeline).for_cards().filter(slug=event_slug).first()
    if event is None:
        if (
            Event.history.filter(slug=event_slug, history_type="-").exists()
            and not Event.objects.filter(slug=event_slug).exists()
        ):
            # A deleted event's permalink says so: 410 Gone, not "never existed".
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
