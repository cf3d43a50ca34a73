"""The same filtered view as data: JSON, TimelineJS JSON, iCalendar, CSV.

Every export takes the chronology's filters and returns every matching
published event (not one page). The first request after an edit streams it,
a batch of events at a time (export_rows.py loads each batch in a few
queries), so a 100k-event timeline never sits in memory, and keeps it gzipped
(domain/stored_responses.py); until the next edit, every request for the same
filters is answered from that copy. Responses carry an ETag made of the
timeline's revision and the filters, so an unchanged view costs a 304.
"""

import csv
import json
from functools import lru_cache

from django.core.files.storage import default_storage
from django.http import HttpResponseNotModified, StreamingHttpResponse
from django.urls import get_script_prefix, reverse
from django.utils import timezone
from django.utils.html import escape
from django.views.decorators.http import require_safe

from ..domain import caching, dates, images, stored_responses
from ..domain.dates import Precision
from ..reader.selection import FILTERS, Selection, published_timeline
from .export_rows import batches


def export_view(render_rows, content_type, extension=None):
    """A filtered export view from a generator of text chunks, `render_rows(request, timeline,
    selection, batches)`; made once per revision and filters, then sent from the cache."""

    @require_safe
    def view(request, slug):
        timeline = published_timeline(slug)
        identity = _identity(request, timeline, view.__name__)
        etag = caching.etag(timeline, *identity)
        if etag in request.headers.get("If-None-Match", ""):
            response = HttpResponseNotModified()
        else:
            response = stored_responses.cached_response(
                request, timeline, identity, lambda: _export(request, timeline, render_rows, content_type)
            )
            if response.status_code != 200:
                return response
        # A gzipped body is one representation of several: its validator is weak (as GZipMiddleware's).
        response["ETag"] = f"W/{etag}" if response.get("Content-Encoding") == "gzip" else etag
        response["Cache-Control"] = f"public, max-age={caching.RESPONSE_SECONDS}"
        response["Access-Control-Allow-Origin"] = "*"
        response["Vary"] = "Accept-Encoding"
        if extension:
            response["Content-Disposition"] = f'attachment; filename="{timeline.slug}.{extension}"'
        return response

    view.__name__ = render_rows.__name__
    return view


def _identity(request, timeline, name):
    """All an export's body depends on besides the timeline's revision and version (caching.key
    holds both): the format, scheme and host (its URLs are absolute), the filters as typed
    (nothing else in the query changes it), today (for "3 months ago") and the release."""
    query = [(field, request.GET.getlist(field)) for field in FILTERS if field in request.GET]
    base = request.build_absolute_uri("/")
    return [name, base, repr(query), timezone.localdate(), caching.release()]


def _export(request, timeline, render_rows, content_type):
    selection = Selection.from_request(request, timeline)
    if selection.errors:
        return selection.bad_filters_response()
    rows = render_rows(request, timeline, selection, batches(selection.events))
    return StreamingHttpResponse(rows, content_type=content_type)


# The permalink path with this in place of an event's slug: reverse() once per timeline, not per event.
_SLUG_MARK = "event-slug"


@lru_cache(maxsize=256)
def _permalink_around(script_prefix, timeline_slug):
    path = reverse("event", args=[timeline_slug, _SLUG_MARK])
    head, _, tail = path.rpartition(_SLUG_MARK)
    return head, tail


def permalink(request, timeline, event):
    head, tail = _permalink_around(get_script_prefix(), timeline.slug)
    return request.build_absolute_uri(f"{head}{event.slug}{tail}")


def event_record(request, timeline, row):
    """One event (an export_rows.Row) as documented JSON (see docs/data.md); field names are stable."""
    event = row.event
    return {
        "slug": event.slug,
        "url": permalink(request, timeline, event),
        "headline": event.headline,
        "summary": event.summary,
        "body_html": event.body_html,
        "date": _date_record(event),
        "importance": event.importance,
        "categories": [{"slug": c.slug, "name": c.name} for c in row.categories],
        "actors": [{"slug": a.slug, "name": a.name, "kind": a.kind} for a in row.actors],
        "key_figures": [
            {
                "value": f.value,
                "unit": f.unit,
                "label": f.label,
                "source_url": (f.source.link or None) if f.source else None,
                "source": str(f.source) if f.source else None,
            }
            for f in row.key_figures
        ],
        "citations": [
            {
                "source": {
                    "title": c.source.title,
                    "url": c.source.link or None,
                    "publisher": c.source.publisher,
                    "published": c.source.published_machine or None,
                },
                "quote": c.quote,
                "claim": c.claim or None,
            }
            for c in row.citations
        ],
        "media": [media_record(request, item) for item in row.media],
        "correction_note": event.correction_note or None,
        "published_at": event.published_at.isoformat() if event.published_at else None,
        "updated_at": event.updated_at.isoformat(),
    }


def media_record(request, item):
    """One media item as documented JSON (docs/media.md): its kind and what that kind carries."""
    record = {"kind": item.kind, "credit": item.credit or None, "caption": item.caption or None}
    if item.is_image and item.picture:
        record.update(
            url=request.build_absolute_uri(item.picture.src),
            alt=item.alt_text,
            width=item.width,
            height=item.height,
            renditions=[
                request.build_absolute_uri(default_storage.url(images.rendition_name(item.digest, width, extension)))
                for width in item.rendition_widths
                for extension in ("webp", "jpg")
            ],
        )
    elif item.is_quote:
        record.update(quote_html=item.quote_html, attribution=item.attribution or None)
    elif item.link:
        record.update(url=item.link.url, provider=item.link.provider or None, link_kind=item.link.kind)
    return record


def timelinejs_media(request, item):
    """A media item as TimelineJS media: an image's largest JPEG, a link as it is, a quotation as
    the blockquote TimelineJS shows. Credit and caption are HTML there, so they are escaped."""
    if item.is_quote:
        url, credit = f"<blockquote>{item.quote_html}</blockquote>", item.attribution
    elif item.is_image and item.picture:
        url, credit = request.build_absolute_uri(item.picture.largest), item.credit
    else:
        url, credit = (item.link.url if item.link else ""), item.credit
    media = {"url": url, "credit": escape(credit), "caption": escape(item.caption)}
    if item.alt_text:
        media["alt"] = escape(item.alt_text)
    return media


def _date_record(event):
    period = event.period
    return {
        "start": period.start.isoformat(),
        "end": period.end.isoformat(),
        "precision": period.precision,
        "part": period.part or None,
        "qualifier": period.qualifier or None,
        "end_precision": period.end_precision or None,
        "edtf": dates.edtf(period),
        "display": event.date_display,
    }


def json_rows(request, timeline, selection, batches):
    head = {
        "timeline": {
            "slug": timeline.slug,
            "title": timeline.title,
            "description": timeline.description,
            "url": request.build_absolute_uri(timeline.get_absolute_url()),
        },
        "filters": selection.query(),
    }
    yield json.dumps(head, ensure_ascii=False)[:-1] + ', "events": ['
    yield from _json_array_items([event_record(request, timeline, row) for row in batch] for batch in batches)
    yield "]}\n"


def _json_array_items(batches_of_values):
    """The items of a JSON array, one chunk of text per batch (a chunk a batch, not an event)."""
    separator = ""
    for values in batches_of_values:
        if values:
            yield separator + json.dumps(values, ensure_ascii=False)[1:-1]
            separator = ","


# TimelineJS 3.9 decodes the entities of a display date and a group before it sets them as
# HTML, so escaping alone is undone there (tests/browser/test_xss_browser.py). Those labels
# get no markup characters at all: typographic look-alikes stand in, then the text is escaped.
_LABEL_LOOKALIKES = str.maketrans({"<": "‹", ">": "›", '"': "”", "'": "’", "`": "‘"})


def _timelinejs_label(text):
    return escape(text.translate(_LABEL_LOOKALIKES))


def timelinejs_event(request, timeline, row):
    """A TimelineJS slide (of an export_rows.Row). TimelineJS renders headline, display date, group, credit and caption
    as HTML, so editors' plain text is escaped there (labels without markup characters), and
    HTML fields go through the pages' allow-list."""
    event = row.event
    start, end = dates.timelinejs_dates(event.period)
    slide = {
        "unique_id": event.slug,
        "start_date": start,
        "display_date": _timelinejs_label(event.date_display),
        "text": {
            "headline": escape(event.headline),
            "text": (event.body_html or f"<p>{escape(event.summary)}</p>")
            + f'<p><a href="{permalink(request, timeline, event)}">Sources and details</a></p>',
        },
    }
    if end:
        slide["end_date"] = end
    if row.categories:
        slide["group"] = _timelinejs_label(row.categories[0].name)
    media = [timelinejs_media(request, item) for item in row.media]
    if media:
        # TimelineJS shows one media item per slide; the others follow for our own import to read back.
        slide["media"] = media[0]
        if len(media) > 1:
            slide["additional_media"] = media[1:]
    return slide


def timelinejs_rows(request, timeline, selection, batches):
    title = {"text": {"headline": escape(timeline.title), "text": f"<p>{escape(timeline.description)}</p>"}}
    yield '{"title": ' + json.dumps(title, ensure_ascii=False) + ', "events": ['
    yield from _json_array_items([timelinejs_event(request, timeline, row) for row in batch] for batch in batches)
    yield "]}\n"


def ics_rows(request, timeline, selection, batches):
    """iCalendar: all-day events; a month or a span covers its days (DTEND is exclusive).

    iCalendar dates have four-digit years from AD 1, so events before AD 1 are left out
    (docs/data.md says so); events.json carries them.
    """
    from icalendar import Calendar

    calendar = Calendar()
    calendar.add("prodid", "-//Timelines//timeline export//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", timeline.title)
    head = calendar.to_ical().decode()
    yield head.replace("END:VCALENDAR\r\n", "")
    host = request.get_host().split(":")[0]
    for batch in batches:
        yield "".join(filter(None, (_ics_event(request, timeline, row, host) for row in batch)))
    yield "END:VCALENDAR\r\n"


def _ics_event(request, timeline, row, host):
    """One VEVENT, or "" for an event iCalendar cannot date."""
    from icalendar import Event as CalendarEvent

    event, period = row.event, row.event.period
    days = dates.all_day_range(period)
    if days is None:
        return ""
    entry = CalendarEvent()
    entry.add("uid", f"{event.slug}@{host}")
    entry.add("summary", event.headline)
    entry.add("dtstart", days[0])
    entry.add("dtend", days[1])
    entry.add("dtstamp", event.updated_at)
    entry.add("url", permalink(request, timeline, event))
    description = event.summary
    if period.precision != Precision.DAY or period.part or period.qualifier or period.is_span:
        description = f"Date: {event.date_display} ({period.precision} precision). {description}"
    entry.add("description", description)
    categories = [c.name for c in row.categories]
    if categories:
        entry.add("categories", categories)
    return entry.to_ical().decode()


class _Echo:
    def write(self, value):
        return value


CSV_COLUMNS = [
    "slug", "url", "start_date", "end_date", "precision", "date_display", "edtf", "headline", "summary",
    "categories", "actors", "key_figures", "sources", "importance",
]  # fmt: skip


# A cell a spreadsheet would run as a formula (OWASP's CSV injection rule): prefixed with ' to stay text.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value):
    text = str(value)
    return f"'{text}" if text.startswith(_FORMULA_START) else value


def csv_rows(request, timeline, selection, batches):
    writer = csv.writer(_Echo())
    yield "\ufeff"  # a byte-order mark, so spreadsheet programs read UTF-8
    yield writer.writerow(CSV_COLUMNS)
    for batch in batches:
        yield "".join(writer.writerow(map(_cell, _csv_row(request, timeline, row))) for row in batch)


def _csv_row(request, timeline, row):
    event = row.event
    return [
        event.slug,
        permalink(request, timeline, event),
        event.period.start.isoformat(),
        event.period.end.isoformat(),
        event.precision,
        event.date_display,
        event.edtf,
        event.headline,
        event.summary,
        "; ".join(c.name for c in row.categories),
        "; ".join(a.name for a in row.actors),
        "; ".join(f"{f.value} {f.unit} {f.label}".strip() for f in row.key_figures),
        " ".join(c.source.link for c in row.citations if c.source.link),
        event.importance,
    ]


events_json = export_view(json_rows, "application/json")
timelinejs_json = export_view(timelinejs_rows, "application/json")
events_ics = export_view(ics_rows, "text/calendar; charset=utf-8", "ics")
events_csv = export_view(csv_rows, "text/csv; charset=utf-8", "csv")
