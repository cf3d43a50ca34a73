"""Bringing TimelineJS timelines in: its JSON, and its Google Sheets CSV layout.

Precision comes from the date parts given (year, month, day), and negative
years are BC as TimelineJS shows them ("-44" is 44 BC); end dates make spans;
a display date that our date rules read as the same days ("Q3 2025",
"1990s", "c. 500 BC", "Late October 2025") restores what the parts cannot
say; the title slide becomes the timeline's description; eras are skipped
with a notice; groups become categories; HTML is sanitised.

Media becomes the event's media items, never a reason to skip a row: a URL
is kept as a link (image URLs too: nothing is fetched at import), an HTML
blockquote as a quotation, an iframe as the link it frames, each with its
credit and caption; media that is none of these is left out with a notice.
Our own export's "additional_media" list (an event's items after the first)
is read back too. Re-importing replaces an event's links and quotations and
keeps its uploaded images.

A published Google Sheets link is read as its CSV export (sheet_csv_url).
Rows that cannot be imported are reported with their reason; an unreadable
file imports nothing. Re-importing the same file updates the events it
created (matched by unique_id, or by date and headline).
"""

import csv
import io
import json
import re
from dataclasses import dataclass, field
from html import unescape
from urllib.parse import parse_qs, urlencode, urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils.html import strip_tags as _strip_tags
from django.utils.text import Truncator, slugify

from ..domain import dates
from ..domain.dates import Day, Period, Precision
from ..domain.models import Category, Event, Media, Timeline
from ..domain.rendering import sanitise_html
from . import fetching

SHEET_COLUMNS = [
    "Year", "Month", "Day", "Time", "End Year", "End Month", "End Day", "End Time", "Display Date",
    "Headline", "Text", "Media", "Media Credit", "Media Caption", "Media Thumbnail", "Type", "Group", "Background",
]  # fmt: skip


class ImportFailed(Exception):
    """Nothing was imported; the message says why."""


@dataclass
class Report:
    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    skipped: list = field(default_factory=list)  # (row label, reason)
    notices: list = field(default_factory=list)

    def lines(self):
        yield f"{len(self.created)} created, {len(self.updated)} updated, {len(self.skipped)} skipped."
        yield from self.notices
        for label, reason in self.skipped:
            yield f"Skipped {label}: {reason}"


@dataclass
class Slide:
    label: str
    start: dict
    end: dict | None
    headline: str
    text: str
    display_date: str = ""
    group: str = ""
    media: list = field(default_factory=list)  # TimelineJS media dicts, in order
    unique_id: str = ""


def strip_tags(html):
    """The text of a TimelineJS field, which TimelineJS treats as HTML: no tags, entities decoded."""
    return unescape(_strip_tags(html))


ACCEPT = ("application/json", "text/csv", "text/plain")


def read_source(source):
    """Text of a local file or an http(s) URL (fetching.read; a Google Sheets link is read as CSV)."""
    return fetching.read(sheet_csv_url(source), accept=ACCEPT).text


def read_url(url):
    """Text of an http(s) URL, for the admin (a Google Sheets link is read as CSV)."""
    return fetching.read_url(sheet_csv_url(url), accept=ACCEPT).text


_SHEET = re.compile(r"^/spreadsheets/d/(e/)?([A-Za-z0-9_-]+)")


def sheet_csv_url(url):
    """A Google Sheets link (shared, or "published to the web") as its CSV export address;
    any other text is returned as it is. The sheet's tab (gid) is kept."""
    parts = urlsplit(url.strip())
    match = _SHEET.match(parts.path) if parts.hostname == "docs.google.com" else None
    if match is None:
        return url
    query = parse_qs(parts.query)
    gid = (query.get("gid") or re.findall(r"gid=(\d+)", parts.fragment) or [None])[0]
    if match.group(1):  # published: /spreadsheets/d/e/<id>/pubhtml or /pub?output=html
        params = {"output": "csv", **({"gid": gid} if gid else {}), **({"single": "true"} if gid else {})}
        return f"https://docs.google.com/spreadsheets/d/e/{match.group(2)}/pub?{urlencode(params)}"
    params = {"format": "csv", **({"gid": gid} if gid else {})}
    return f"https://docs.google.com/spreadsheets/d/{match.group(2)}/export?{urlencode(params)}"


def parse(text):
    """(title slide or None, [Slide], notices) from TimelineJS JSON or sheet CSV."""
    stripped = text.lstrip("\ufeff \n\r\t")
    if not stripped:
        raise ImportFailed("The file is empty.")
    if stripped.startswith("{"):
        return _parse_json(stripped)
    return _parse_csv(stripped)


def _parse_json(text):
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ImportFailed(f"This is not valid JSON (line {error.lineno}: {error.msg}).") from None
    if not isinstance(data, dict) or not isinstance(data.get("events"), list):
        raise ImportFailed("TimelineJS JSON needs an “events” list.")
    notices = []
    if data.get("eras"):
        notices.append(f"Skipped {len(data['eras'])} era(s): eras are background periods, not events.")
    slides = []
    for index, raw in enumerate(data["events"], 1):
        if not isinstance(raw, dict):
            slides.append(Slide(f"event {index}", {}, None, "", ""))
            continue
        text_part = raw.get("text") or {}
        slides.append(
            Slide(
                label=f"event {index}",
                start=raw.get("start_date") or {},
                end=raw.get("end_date"),
                headline=str(text_part.get("headline") or ""),
                text=str(text_part.get("text") or ""),
                display_date=str(raw.get("display_date") or ""),
                group=str(raw.get("group") or ""),
                media=[
                    item for item in [raw.get("media"), *(raw.get("additional_media") or [])] if isinstance(item, dict)
                ],
                unique_id=str(raw.get("unique_id") or ""),
            )
        )
    title = data.get("title") if isinstance(data.get("title"), dict) else None
    return title, slides, notices


def _parse_csv(text):
    reader = csv.DictReader(io.StringIO(text))
    missing = [name for name in ("Year", "Headline") if name not in (reader.fieldnames or [])]
    if missing:
        raise ImportFailed(
            "This does not look like a TimelineJS sheet: the header row lacks " + ", ".join(missing) + "."
        )
    title, slides, eras = None, [], 0
    for line, row in enumerate(reader, 2):
        kind = (row.get("Type") or "").strip().lower()
        if kind == "era":
            eras += 1
            continue
        if kind == "title":
            title = {"text": {"headline": row.get("Headline") or "", "text": row.get("Text") or ""}}
            continue
        if not any((value or "").strip() for value in row.values()):
            continue

        def parts(prefix, row=row):
            return {
                key: (row.get(f"{prefix}{name}") or "").strip()
                for key, name in (("year", "Year"), ("month", "Month"), ("day", "Day"))
            }

        end = parts("End ")
        media = []
        if (row.get("Media") or "").strip():
            media.append(
                {
                    "url": row["Media"].strip(),
                    "credit": row.get("Media Credit") or "",
                    "caption": row.get("Media Caption") or "",
                }
            )
        slides.append(
            Slide(
                label=f"row {line}",
                start=parts(""),
                end=end if any(end.values()) else None,
                headline=(row.get("Headline") or "").strip(),
                text=row.get("Text") or "",
                display_date=(row.get("Display Date") or "").strip(),
                group=(row.get("Group") or "").strip(),
                media=media,
            )
        )
    notices = [f"Skipped {eras} era row(s): eras are background periods, not events."] if eras else []
    return title, slides, notices


def read_date(parts, what):
    """A Period from TimelineJS integer parts; ValueError says what is wrong."""
    if not isinstance(parts, dict):
        raise ValueError(f"the {what} date is not a set of year/month/day parts")

    def number(key):
        value = parts.get(key)
        if value in (None, ""):
            return None
        try:
            return int(str(value).strip())
        except ValueError:
            raise ValueError(f"the {what} {key} “{value}” is not a whole number") from None

    year, month, day = number("year"), number("month"), number("day")
    if year is None:
        raise ValueError(f"the {what} date has no year")
    if day is not None and month is None:
        raise ValueError(f"the {what} date has a day but no month")
    try:
        first = Day(dates.year_from_timelinejs(year), month or 1, day or 1)
    except ValueError as error:
        raise ValueError(f"the {what} date {year}-{month or '?'}-{day or '?'} does not exist ({error})") from None
    precision = Precision.DAY if day is not None else Precision.MONTH if month is not None else Precision.YEAR
    return Period.of(first, precision)


def _period_and_label(start, end, display_date):
    """The period the slide means, and a display text only when it says more than the period.

    TimelineJS has no quarters, decades, parts or "circa": our own export writes
    them as their first and last parts plus a display date, which is read back here.
    """
    period = Period.span(start, end) if end is not None else start
    display = strip_tags(display_date).strip()[:80]
    if not display:
        return period, ""
    try:
        said = dates.parse(display, base=period.start)
    except dates.DateParseError:
        return period, display
    if (said.start, said.end) == (period.start, period.end) or (
        said.unit_start == period.start and said.end <= period.end and end is None
    ):
        return said, ""
    if display == dates.display(period):
        return period, ""
    return period, display


def import_timeline(source_text, timeline_slug, *, publish=False):
    """Import into the timeline `timeline_slug` (created if new); returns a Report."""
    title, slides, notices = parse(source_text)
    if not slides:
        raise ImportFailed("The file has no events.")
    report = Report(notices=list(notices))
    with transaction.atomic():
        timeline, _ = Timeline.objects.get_or_create(
            slug=timeline_slug,
            defaults={"title": strip_tags((title or {}).get("text", {}).get("headline", "")) or timeline_slug},
        )
        if title:
            description = strip_tags(title.get("text", {}).get("text", "")).strip()
            if description:
                timeline.description = description
                timeline.save(update_fields=["description", "updated_at"])
        for slide in slides:
            try:
                event, created = _import_slide(timeline, slide, publish)
            except ValueError as error:
                report.skipped.append((slide.label, str(error)))
                continue
            (report.created if created else report.updated).append(event.slug)
            report.notices.extend(_import_media(event, slide))
    return report


_BLOCKQUOTE = re.compile(r"^\s*<blockquote\b[^>]*>(.*)</blockquote>\s*$", re.S | re.I)
_IFRAME_SOURCE = re.compile(r"""^\s*<iframe\b[^>]*\bsrc\s*=\s*["']([^"']+)["']""", re.I)
_is_url = URLValidator(schemes=["http", "https"])


def media_item(raw):
    """An unsaved Media from a TimelineJS media dict; ValueError says why it cannot be kept."""
    value = str(raw.get("url") or "").strip()
    credit = strip_tags(str(raw.get("credit") or "")).strip()
    caption = strip_tags(str(raw.get("caption") or "")).strip()[:300]
    alt = strip_tags(str(raw.get("alt") or "")).strip()[:300]
    quoted = _BLOCKQUOTE.match(value)
    if quoted:
        quote = sanitise_html(quoted.group(1)).strip()
        if not strip_tags(quote).strip():
            raise ValueError("its blockquote is empty")
        return Media(kind=Media.Kind.QUOTE, quote=quote, attribution=credit[:200], caption=caption)
    framed = _IFRAME_SOURCE.match(value)
    if framed:
        value = unescape(framed.group(1))
    if len(value) > 500:
        raise ValueError("its media address is longer than 500 characters")
    try:
        _is_url(value)
    except ValidationError:
        shown = Truncator(strip_tags(value)).chars(60)
        raise ValueError(f"its media “{shown}” is neither a link nor a blockquote") from None
    return Media(kind=Media.Kind.LINK, url=value, credit=credit[:200], caption=caption, alt_text=alt)


def _import_media(event, slide):
    """Replace the event's links and quotations with the slide's media; notices for media left out."""
    items, notices = [], []
    for raw in slide.media:
        if not str(raw.get("url") or "").strip():
            continue
        try:
            items.append(media_item(raw))
        except ValueError as error:
            notices.append(f"Kept {slide.label} without one media item: {error}.")
    event.media.exclude(kind=Media.Kind.IMAGE).delete()
    start = event.media.count()
    for position, item in enumerate(items, start):
        item.event, item.position = event, position
        item.save()
    return notices


def _import_slide(timeline, slide, publish):
    start = read_date(slide.start, "start")
    end = read_date(slide.end, "end") if slide.end else None
    if end is not None and end.end < start.start:
        raise ValueError("the end date is before the start date")
    period, display = _period_and_label(start, end, slide.display_date)
    body = sanitise_html(slide.text)
    headline = Truncator(strip_tags(slide.headline).strip() or strip_tags(body).strip()).chars(200)
    if not headline:
        raise ValueError("it has neither a headline nor text")
    key = slugify(slide.unique_id) or slugify(f"{start.start.isoformat()}-{headline}")[:100].strip("-")
    event = Event.objects.filter(slug=key).first()
    if event is not None and not event.timelines.filter(pk=timeline.pk).exists():
        key = f"{timeline.slug}-{key}"[:120]
        event = Event.objects.filter(slug=key).first()
    created = event is None
    event = event or Event(slug=key, status=Event.Status.DRAFT)
    event.headline = headline
    event.summary = Truncator(" ".join(strip_tags(body).split())).chars(300)
    event.body = body
    event.period = period
    event.display_text = display
    if publish:
        event.status = Event.Status.PUBLISHED
    try:
        event.full_clean(exclude=["start_day", "end_day", "slug"], validate_unique=False)
    except ValidationError as error:
        raise ValueError(
            "; ".join(f"{name}: {' '.join(messages)}" for name, messages in error.message_dict.items())
        ) from None
    event.save()
    event.timelines.add(timeline)
    if slide.group:
        event.categories.add(_category(slide.group))
    return event, created


def _category(group):
    """The category a TimelineJS group names: the one with its slug or its name, else a new one.
    Both are unique, so a group spelt like an existing category joins it instead of failing."""
    slug = slugify(group)[:50] or "group"
    name = strip_tags(group).strip()[:80] or slug
    return (
        Category.objects.filter(slug=slug).first()
        or Category.objects.filter(name=name).first()
        or Category.objects.create(slug=slug, name=name)
    )
