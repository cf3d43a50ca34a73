"""Bringing TimelineJS timelines in: its JSON, and its Google Sheets CSV layout.

Precision comes from the date parts given (year, month, day), and negative
years are BC as TimelineJS shows them ("-44" is 44 BC); end dates make spans;
a display date that our date rules read as the same days ("Q3 2025",
"1990s", "c. 500 BC", "Late October 2025") restores what the parts cannot
say; the title slide becomes the timeline's description; eras are skipped
with a notice; groups become categories; media goes to the event's media
fields; HTML is sanitised. Rows that cannot be imported are reported with
their reason; an unreadable file imports nothing. Re-importing the same file
updates the events it created (matched by unique_id, or by date and headline).
"""

import csv
import io
import json
from dataclasses import dataclass, field
from html import unescape

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.html import strip_tags as _strip_tags
from django.utils.text import Truncator, slugify

from ..domain import dates
from ..domain.dates import Day, Period, Precision
from ..domain.models import Category, Event, Timeline
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
    media: dict | None = None
    unique_id: str = ""


def strip_tags(html):
    """The text of a TimelineJS field, which TimelineJS treats as HTML: no tags, entities decoded."""
    return unescape(_strip_tags(html))


def read_source(source):
    """Text of a local file or an http(s) URL (fetching.read), for the command line."""
    return fetching.read(source, accept=("application/json", "text/csv", "text/plain")).text


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
                media=raw.get("media") if isinstance(raw.get("media"), dict) else None,
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
        media = None
        if (row.get("Media") or "").strip():
            media = {
                "url": row["Media"].strip(),
                "credit": row.get("Media Credit") or "",
                "caption": row.get("Media Caption") or "",
            }
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
    return report


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
    if slide.media and slide.media.get("url"):
        event.media_url = str(slide.media["url"])[:500]
        event.media_credit = strip_tags(str(slide.media.get("credit") or ""))[:200]
        event.media_caption = strip_tags(str(slide.media.get("caption") or ""))[:300]
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
