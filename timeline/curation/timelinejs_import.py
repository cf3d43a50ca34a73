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
keeps its uploaded images. A published Google Sheets link is read as its CSV
export (sheet_csv_url). Rows that cannot be imported are reported with their
reason; an unreadable file imports nothing.

Writing is done in batches of BATCH rows, each in its own short transaction
(all of a batch or none of it), so other editors' saves wait milliseconds, not
minutes, and a killed import leaves every committed batch whole. Each event
keeps its row's import key (the TimelineJS unique_id, or a hash of its date and
headline), unique within the timeline, so re-running an import resumes where it
stopped and updates what changed, without duplicates. Group names are matched
to existing categories case and accents aside (domain/names.py). New timelines
and events stay drafts unless the import is asked to publish. After the last
batch, PostgreSQL's planner learns the tables' new sizes if the import grew them
by more than a tenth (bulk.refresh_statistics).
"""

import csv
import functools
import hashlib
import io
import json
import re
import time
import unicodedata
from dataclasses import dataclass, field
from html import unescape
from urllib.parse import parse_qs, urlencode, urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_slug
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.html import strip_tags as _strip_tags
from django.utils.text import Truncator, slugify

from ..domain import dates, names
from ..domain.dates import Day, Period, Precision
from ..domain.models import Category, Event, Media, Timeline
from ..domain.rendering import sanitise_html, text_of
from . import bulk, fetching

# Rows per write transaction. Larger than bulk.BATCH (admin actions): a fifth of the per-batch queries,
# history statements and commits of 100-row batches, for a write lock held 0.1 s to 0.9 s on this shared
# machine (rows are read and checked before the transaction opens; docs/imports-and-exports.md).
BATCH = 500
# Skipped rows listed one by one in a report (the admin shows each as a message); the rest are counted.
SKIPPED_SHOWN = 100

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
    unchanged: list = field(default_factory=list)
    skipped: list = field(default_factory=list)  # (row label, reason)
    notices: list = field(default_factory=list)

    def lines(self):
        yield (
            f"{len(self.created)} created, {len(self.updated)} updated, {len(self.unchanged)} unchanged, "
            f"{len(self.skipped)} skipped."
        )
        yield from self.notices
        for label, reason in self.skipped[:SKIPPED_SHOWN]:
            yield f"Skipped {label}: {reason}"
        if len(self.skipped) > SKIPPED_SHOWN:
            yield f"Skipped {len(self.skipped) - SKIPPED_SHOWN} more rows (only the first {SKIPPED_SHOWN} are listed)."


@dataclass(slots=True)  # a large file has a hundred thousand of them, held for the whole import
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
    if "<" not in html:  # most fields are plain text; Django's HTML parser would return them as they are
        return unescape(html) if "&" in html else html
    return unescape(_strip_tags(html))


def clip(text, length):
    """`text` cut to `length` characters with an ellipsis, as Truncator(text).chars(length) cuts it;
    text that fits (most of it) is not walked character by character."""
    text = unicodedata.normalize("NFC", text)
    return text if len(text) <= length else Truncator(text).chars(length)


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
        text_part = raw.get("text") if isinstance(raw.get("text"), dict) else {}
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
        return _period(year, month, day)
    except ValueError as error:
        raise ValueError(f"the {what} date {year}-{month or '?'}-{day or '?'} does not exist ({error})") from None


@functools.lru_cache(maxsize=16384)
def _period(year, month, day):
    """The Period of TimelineJS parts, computed once per date: a big import repeats its dates.
    (16,384 dates at most stay in a web process after an admin import: a few megabytes.)"""
    first = Day(dates.year_from_timelinejs(year), month or 1, day or 1)
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


def check_slug(slug):
    """The timeline slug an import is asked for, or ImportFailed saying what a slug may hold."""
    try:
        validate_slug(slug)
    except ValidationError:
        raise ImportFailed(
            f"“{slug}” cannot be a timeline's address: use only letters, numbers, hyphens and underscores."
        ) from None
    if len(slug) > Timeline._meta.get_field("slug").max_length:
        raise ImportFailed(f"“{slug}” is too long for a timeline's address (50 characters at most).")
    return slug


@dataclass
class Row:
    """A slide read and checked, ready to write: its key, the event's fields and its category."""

    label: str
    key: str
    event: Event
    category: Category | None
    media: list = field(default_factory=list)  # unsaved Media, in order


# The fields an import writes on an event it finds again.
WRITTEN = ["headline", "summary", "body", "start_day", "end_day", "precision", "part", "qualifier",
           "end_precision", "display_text"]  # fmt: skip
# Fields full_clean() leaves alone on an imported row: its defaults, and the days (the period sets them).
NOT_FROM_THE_FILE = [f.name for f in Event._meta.concrete_fields if f.name not in WRITTEN] + ["start_day", "end_day"]


def import_timeline(source_text, timeline_slug, *, publish=False, progress=None):
    """Import into the timeline `timeline_slug` (created if new); returns a Report.

    The file is parsed before anything is written (an unreadable file writes nothing);
    then BATCH rows at a time are read, checked and written in one transaction. `progress(done, total, seconds)`
    is called after each batch commits, with the seconds its transaction took.
    """
    check_slug(timeline_slug)
    title, slides, notices = parse(source_text)
    if not slides:
        raise ImportFailed("The file has no events.")
    report = Report(notices=list(notices))
    timeline = _timeline(timeline_slug, title, publish)
    categories = {}  # group text → Category, or the reason its rows are skipped
    seen = {}  # import key → label of the row that had it first
    for first in range(0, len(slides), BATCH):  # each batch read, then written in one short transaction
        rows = []
        for slide in slides[first : first + BATCH]:
            try:
                row, media_notices = _read_slide(slide, categories)
            except ValueError as error:
                report.skipped.append((slide.label, str(error)))
                continue
            if row.key in seen:
                report.skipped.append((slide.label, f"it repeats {seen[row.key]} (same unique_id, or date and title)"))
                continue
            seen[row.key] = slide.label
            rows.append(row)
            report.notices.extend(media_notices)
        seconds = _write_batch(timeline, rows, publish, report)
        if progress:
            progress(min(first + BATCH, len(slides)), len(slides), seconds)
    bulk.refresh_statistics(len(report.created))
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


def media_items(slide):
    """The slide's media as unsaved Media, in order, and notices for the items left out. Reads no rows."""
    items, notices = [], []
    for raw in slide.media:
        if not str(raw.get("url") or "").strip():
            continue
        try:
            items.append(media_item(raw))
        except ValueError as error:
            notices.append(f"Kept {slide.label} without one media item: {error}.")
    return items, notices


def _replace_media(created, found):
    """Each written event's links and quotations become its row's; uploaded images stay, first.
    Events just created have no media yet: only those found again are looked at. Returns the
    media items written."""
    events = {event.pk: (row, event) for row, event in [*created, *found]}
    images = {}
    if found:
        ids = [event.pk for _, event in found]
        Media.objects.filter(event_id__in=ids).exclude(kind=Media.Kind.IMAGE).delete()
        kept = Media.objects.filter(event_id__in=ids).values("event_id").annotate(n=Count("pk"))
        images = dict(kept.values_list("event_id", "n"))
    fresh = []
    for pk, (row, event) in events.items():
        for position, item in enumerate(row.media, images.get(pk, 0)):
            item.event, item.position = event, position
            fresh.append(item)
    return Media.objects.bulk_create(fresh)


def _timeline(slug, title, publish):
    """The timeline to import into: created unpublished (published with `publish`), its description
    taken from the title slide."""
    text = (title or {}).get("text")
    text = text if isinstance(text, dict) else {}
    headline = strip_tags(str(text.get("headline") or "")).strip()
    description = strip_tags(str(text.get("text") or "")).strip()
    with transaction.atomic():
        timeline, created = Timeline.objects.get_or_create(
            slug=slug, defaults={"title": Truncator(headline or slug).chars(200), "is_published": publish}
        )
        changed = []
        if description and description != timeline.description:
            timeline.description = description
            changed.append("description")
        if publish and not timeline.is_published:
            timeline.is_published = True
            changed.append("is_published")
        if changed:
            timeline.save(update_fields=[*changed, "updated_at"])
    return timeline


def _read_slide(slide, categories):
    """A Row from a slide, or ValueError with the reason it cannot be imported. Reads no rows."""
    start = read_date(slide.start, "start")
    end = read_date(slide.end, "end") if slide.end else None
    if end is not None and end.end < start.start:
        raise ValueError("the end date is before the start date")
    period, display = _period_and_label(start, end, slide.display_date)
    body = sanitise_html(slide.text)
    text = text_of(body)
    headline = clip(strip_tags(slide.headline).strip() or text.strip(), 200)
    if not headline:
        raise ValueError("it has neither a headline nor text")
    event = Event(headline=headline, summary=clip(" ".join(text.split()), 300), body=body, display_text=display)
    event.period = period
    try:  # only the fields the file fills: the others hold their defaults
        event.full_clean(exclude=NOT_FROM_THE_FILE, validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        raise ValueError(
            "; ".join(f"{name}: {' '.join(messages)}" for name, messages in error.message_dict.items())
        ) from None
    event.slug = slugify(slide.unique_id)[:100].strip("-") or slugify(f"{start.start.isoformat()}-{headline}")[
        :100
    ].strip("-")
    category = None
    if slide.group:
        if slide.group not in categories:
            categories[slide.group] = _category(slide.group)
        category = categories[slide.group]
        if isinstance(category, str):
            raise ValueError(category)
    media, notices = media_items(slide)
    return Row(slide.label, import_key(slide, start, headline), event, category, media), notices


def import_key(slide, start, headline):
    """The row's key within its timeline: its unique_id, or a hash of its date and headline."""
    if slide.unique_id:
        raw = f"id:{slide.unique_id}"
        return raw if len(raw) <= 64 else "id#" + hashlib.sha256(slide.unique_id.encode()).hexdigest()[:40]
    return "row#" + hashlib.sha256(f"{start.start.isoformat()}|{headline}".encode()).hexdigest()[:40]


def _category(group):
    """The category a TimelineJS group names: an existing one (case and accents aside), or a new one.

    Returns a string, the reason to skip its rows, when the group has no usable name.
    """
    name = " ".join(strip_tags(group).split())[:80]
    if not name:
        return f"its group “{group[:40]}” has no text once its HTML tags are removed"
    found = names.find(Category, name)
    if found is not None:
        return found
    slug = names.slug_for(name)[:50] or "group-" + hashlib.sha256(name.encode()).hexdigest()[:8]
    try:
        with transaction.atomic():
            return Category.objects.create(name=name, slug=slug)
    except IntegrityError:  # created by someone else meanwhile
        return names.find(Category, name) or f"its group “{name}” clashes with a category that could not be matched"


def _write_batch(timeline, rows, publish, report, attempts=2):
    """Write one batch in one transaction; a slug taken meanwhile by another writer retries it once.
    Returns how long the transaction took, in seconds."""
    started = time.perf_counter()
    try:
        with transaction.atomic():
            outcome = _write(timeline, rows, publish)
    except IntegrityError:
        if attempts <= 1:
            raise
        return _write_batch(timeline, rows, publish, report, attempts - 1)
    for kind, slugs in zip(("created", "updated", "unchanged"), outcome, strict=True):
        getattr(report, kind).extend(slugs)
    return time.perf_counter() - started


def _write(timeline, rows, publish):
    """Create new rows' events, update changed ones, link all to the timeline and their category,
    and record history: the slugs (created, updated, unchanged)."""
    if not rows:
        return [], [], []
    now = timezone.now()
    found = {
        event.import_key: event
        # exclude(import_key="") repeats the unique index's condition, so SQLite can search that index
        for event in Event.objects.filter(imported_into=timeline, import_key__in=[row.key for row in rows])
        .exclude(import_key="")
        .order_by()
    }
    found.update(_from_earlier_imports(timeline, [row for row in rows if row.key not in found]))
    new, changed, unchanged = [], [], []
    for row in rows:
        event = found.get(row.key)
        if event is None:
            new.append(row)
        elif (publish and event.status != Event.Status.PUBLISHED) or _differs(event, row.event):
            changed.append((row, event))
        else:
            unchanged.append((row, event))
    created = list(zip(new, _new_events(timeline, new, publish, now), strict=True))
    Event.objects.bulk_create([event for _, event in created])
    for row, event in changed:
        for name in WRITTEN:
            setattr(event, name, getattr(row.event, name))
        event.import_key, event.imported_into, event.updated_at = row.key, timeline, now
        if publish and event.status != Event.Status.PUBLISHED:
            event.status, event.published_at = Event.Status.PUBLISHED, event.published_at or now
    bookkeeping = ["import_key", "imported_into", "updated_at", "status", "published_at"]
    Event.objects.bulk_update([event for _, event in changed], [*WRITTEN, *bookkeeping])
    written = created + changed + unchanged
    Event.timelines.through.objects.bulk_create(
        [Event.timelines.through(event_id=event.pk, timeline_id=timeline.pk) for _, event in written],
        ignore_conflicts=True,
    )
    Event.categories.through.objects.bulk_create(
        [Event.categories.through(event_id=event.pk, category_id=row.category.pk) for row, event in written
         if row.category is not None],
        ignore_conflicts=True,
    )  # fmt: skip
    media = _replace_media(created, changed + unchanged)
    bulk.record_history(Media, media, reason="Imported", when=now)
    bulk.record_event_history(
        [event for _, event in created], [event for _, event in changed], reason="Imported", when=now
    )
    bulk.events_changed(event.pk for _, event in written)
    return [[event.slug for _, event in pairs] for pairs in (created, changed, unchanged)]


def _differs(event, incoming):
    return any(getattr(event, name) != getattr(incoming, name) for name in WRITTEN)


def _from_earlier_imports(timeline, rows):
    """Events this timeline got from imports made before import keys, matched by slug as they were then."""
    slugs = {}
    for row in rows:
        slugs[row.event.slug] = slugs[f"{timeline.slug}-{row.event.slug}"[:120]] = row.key
    earlier = Event.objects.filter(slug__in=slugs, timelines=timeline, import_key="")
    return {slugs[event.slug]: event for event in earlier}


def _new_events(timeline, rows, publish, now):
    """Unsaved events for new rows, each with a slug no other event has."""
    wanted = {row.event.slug for row in rows} | {f"{timeline.slug}-{row.event.slug}"[:120] for row in rows}
    taken = set(Event.objects.filter(slug__in=wanted).values_list("slug", flat=True))
    events = []
    for row in rows:
        event = row.event
        slug = event.slug if event.slug not in taken else f"{timeline.slug}-{event.slug}"[:120]
        number = 2
        while slug in taken:  # rare: both the slug and the timeline-prefixed one are taken
            slug = f"{timeline.slug}-{event.slug}"[:114] + f"-{number}"
            number += 1
            if Event.objects.filter(slug=slug).exists():
                taken.add(slug)
        taken.add(slug)
        event.slug, event.import_key, event.imported_into = slug, row.key, timeline
        event.status = Event.Status.PUBLISHED if publish else Event.Status.DRAFT
        event.published_at = now if publish else None
        event.created_at = event.updated_at = now
        events.append(event)
    return events
