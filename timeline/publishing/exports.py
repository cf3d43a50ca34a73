"""The same filtered view as data: JSON, TimelineJS JSON, iCalendar, CSV.

Every export takes the chronology's filters and returns every matching
published event (not one page), streamed in chunks so a 100k-event timeline
never sits in memory. Responses carry an ETag made of the timeline's revision
and the filter, so an unchanged view costs a 304.
"""

import csv
import json

from django.core.files.storage import default_storage
from django.http import StreamingHttpResponse
from django.urls import reverse
from django.utils.html import escape
from django.views.decorators.http import require_safe

from ..domain import caching, dates, images
from ..domain.dates import Precision
from ..reader.cards import CARD_RELATIONS
from ..reader.selection import Selection, published_timeline

CHUNK = 500


def export_view(render_rows, content_type, extension=None):
    """Wrap a generator of text chunks into a cached, filtered, streaming export view."""

    @require_safe
    def view(request, slug):
        timeline = published_timeline(slug)
        selection = Selection.from_request(request, timeline)
        if selection.errors:
            return selection.bad_filters_response()
        etag = caching.etag(timeline, view.__name__, selection.signature(), int(selection.descending))
        if etag in request.headers.get("If-None-Match", ""):
            response = StreamingHttpResponse([], status=304)
        else:
            rows = selection.events.prefetch_related(*CARD_RELATIONS).iterator(chunk_size=CHUNK)
            response = StreamingHttpResponse(render_rows(request, timeline, rows), content_type=content_type)
        response["ETag"] = etag
        response["Cache-Control"] = f"public, max-age={caching.RESPONSE_SECONDS}"
        response["Access-Control-Allow-Origin"] = "*"
        response["Vary"] = "Accept-Encoding"
        if extension:
            response["Content-Disposition"] = f'attachment; filename="{timeline.slug}.{extension}"'
        return response

    view.__name__ = render_rows.__name__
    return view


def permalink(request, timeline, event):
    return request.build_absolute_uri(reverse("event", args=[timeline.slug, event.slug]))


def event_record(request, timeline, event):
    """One event as documented JSON (see docs/data.md); field names are stable."""
    return {
        "slug": event.slug,
        "url": permalink(request, timeline, event),
        "headline": event.headline,
        "summary": event.summary,
        "body_html": event.body_html,
        "date": _date_record(event),
        "importance": event.importance,
        "categories": [{"slug": c.slug, "name": c.name} for c in event.categories.all()],
        "actors": [{"slug": a.slug, "name": a.name, "kind": a.kind} for a in event.actors.all()],
        "key_figures": [
            {
                "value": f.value,
                "unit": f.unit,
                "label": f.label,
                "source_url": (f.source.link or None) if f.source else None,
                "source": str(f.source) if f.source else None,
            }
            for f in event.key_figures.all()
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
            for c in event.citations.all()
        ],
        "media": [media_record(request, item) for item in event.media.all()],
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


def json_rows(request, timeline, events):
    head = {
        "timeline": {
            "slug": timeline.slug,
            "title": timeline.title,
            "description": timeline.description,
            "url": request.build_absolute_uri(timeline.get_absolute_url()),
        },
        "filters": request.GET.urlencode(),
    }
    yield json.dumps(head, ensure_ascii=False)[:-1] + ', "events": ['
    for index, event in enumerate(events):
        yield ("," if index else "") + json.dumps(event_record(request, timeline, event), ensure_ascii=False)
    yield "]}\n"


# TimelineJS 3.9 decodes the entities of a display date and a group before it sets them as
# HTML, so escaping alone is undone there (tests/browser/test_xss_browser.py). Those labels
# get no markup characters at all: typographic look-alikes stand in, then the text is escaped.
_LABEL_LOOKALIKES = str.maketrans({"<": "‹", ">": "›", '"': "”", "'": "’", "`": "‘"})


def _timelinejs_label(text):
    return escape(text.translate(_LABEL_LOOKALIKES))


def timelinejs_event(request, timeline, event):
    """A TimelineJS slide. TimelineJS renders headline, display date, group, credit and caption
    as HTML, so editors' plain text is escaped there (labels without markup characters), and
    HTML fields go through the pages' allow-list."""
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
    categories = list(event.categories.all())
    if categories:
        slide["group"] = _timelinejs_label(categories[0].name)
    media = [timelinejs_media(request, item) for item in event.media.all()]
    if media:
        # TimelineJS shows one media item per slide; the others follow for our own import to read back.
        slide["media"] = media[0]
        if len(media) > 1:
            slide["additional_media"] = media[1:]
    return slide


def timelinejs_rows(request, timeline, events):
    title = {"text": {"headline": escape(timeline.title), "text": f"<p>{escape(timeline.description)}</p>"}}
    yield '{"title": ' + json.dumps(title, ensure_ascii=False) + ', "events": ['
    for index, event in enumerate(events):
        yield ("," if index else "") + json.dumps(timelinejs_event(request, timeline, event), ensure_ascii=False)
    yield "]}\n"


def ics_rows(request, timeline, events):
    """iCalendar: all-day events; a month or a span covers its days (DTEND is exclusive).

    iCalendar dates have four-digit years from AD 1, so events before AD 1 are left out
    (docs/data.md says so); events.json carries them.
    """
    from icalendar import Calendar
    from icalendar import Event as CalendarEvent

    calendar = Calendar()
    calendar.add("prodid", "-//Timelines//timeline export//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", timeline.title)
    head = calendar.to_ical().decode()
    yield head.replace("END:VCALENDAR\r\n", "")
    host = request.get_host().split(":")[0]
    for event in events:
        period = event.period
        days = dates.all_day_range(period)
        if days is None:
            continue
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
        categories = [c.name for c in event.categories.all()]
        if categories:
            entry.add("categories", categories)
        yield entry.to_ical().decode()
    yield "END:VCALENDAR\r\n"


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


def csv_rows(request, timeline, events):
    writer = csv.writer(_Echo())
    yield "\ufeff"  # a byte-order mark, so spreadsheet programs read UTF-8
    yield writer.writerow(CSV_COLUMNS)
    for event in events:
        yield writer.writerow(
            map(
                _cell,
                [
                    event.slug,
                    permalink(request, timeline, event),
                    event.period.start.isoformat(),
                    event.period.end.isoformat(),
                    event.precision,
                    event.date_display,
                    event.edtf,
                    event.headline,
                    event.summary,
                    "; ".join(c.name for c in event.categories.all()),
                    "; ".join(a.name for a in event.actors.all()),
                    "; ".join(f"{f.value} {f.unit} {f.label}".strip() for f in event.key_figures.all()),
                    " ".join(c.source.link for c in event.citations.all() if c.source.link),
                    event.importance,
                ],
            )
        )


events_json = export_view(json_rows, "application/json")
timelinejs_json = export_view(timelinejs_rows, "application/json")
events_ics = export_view(ics_rows, "text/calendar; charset=utf-8", "ics")
events_csv = export_view(csv_rows, "text/csv; charset=utf-8", "csv")
