"""The index of published timelines (/timelines/): what each covers, how much, how fresh.

Two queries whatever the number of timelines: the timelines with their count of
published events and the ids of their first and last ones, then those events'
dates. Before them, one for the validator (`validator`), which answers a reader's
current copy with a 304. The span is the first and last events' dates as the date rules show
them (domain/dates); nothing here computes with dates.
"""

from dataclasses import dataclass

from django.db.models import Count, OuterRef, Q, Subquery
from django.utils import timezone

from ..domain import caching, dates
from ..domain.models import Event, Timeline

DATE_FIELDS = ("start_day", "end_day", "precision", "part", "qualifier", "end_precision")


@dataclass(frozen=True)
class DateLabel:
    """A period as a reader sees it, and its `<time datetime>` value ("" where HTML has none)."""

    text: str
    machine: str

    @classmethod
    def of(cls, period):
        return cls(dates.display(period), dates.machine(period) or "")


@dataclass(frozen=True)
class TimelineSummary:
    """One row of the index. `last` is None when the span is a single date, `first` too when
    the timeline has no published events yet."""

    timeline: Timeline
    event_count: int
    first: DateLabel | None
    last: DateLabel | None


def validator(request):
    """The ETag of the index: which timelines are published, each one's revision (its events) and
    version (its own title and settings), the URL, today's date and the release. One query."""
    published = Timeline.objects.published().order_by("pk").only("pk", "revision", "version")
    return caching.etag_of(
        "index", request.build_absolute_uri(), timezone.localdate(), caching.release(), *map(caching.stamp, published)
    )


def summaries():
    """Every published timeline, most recently updated first."""
    events = Event.objects.published().filter(timelines=OuterRef("pk")).values("pk")
    timelines = list(
        Timeline.objects.published()
        .annotate(
            event_count=Count("events", filter=Q(events__status=Event.Status.PUBLISHED)),
            first_event=Subquery(events.chronological()[:1]),
            last_event=Subquery(events.chronological(descending=True)[:1]),
        )
        .order_by("-updated_at", "title")
    )
    ends = {pk for timeline in timelines for pk in (timeline.first_event, timeline.last_event) if pk}
    periods = {pk: event.period for pk, event in Event.objects.only(*DATE_FIELDS).in_bulk(ends).items()}
    return [_summary(timeline, periods) for timeline in timelines]


def _summary(timeline, periods):
    first = DateLabel.of(periods[timeline.first_event]) if timeline.first_event in periods else None
    last = DateLabel.of(periods[timeline.last_event]) if timeline.last_event in periods else None
    return TimelineSummary(timeline, timeline.event_count, first, last if last != first else None)
