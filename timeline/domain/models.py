"""The domain: timelines of dated, sourced events.

Visibility rules live in EventQuerySet (published(), between(), ...), so no
view spells out what a reader may see.
"""

import hashlib

from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import linebreaks, strip_tags
from django.utils.text import Truncator
from simple_history.models import HistoricalRecords

from . import dates, search
from .dates import Day, Part, Period, Precision, Qualifier
from .providers import recognise
from .rendering import render_markdown, sanitise_html, web_url


class EditConflict(Exception):
    """A save made against an old version: someone else saved the row since it was read."""

    def __init__(self, instance, expected):
        super().__init__(f"{instance._meta.verbose_name} {instance.pk} is no longer at version {expected}.")
        self.instance, self.expected = instance, expected


class Versioned(models.Model):
    """Optimistic locking: every save of an existing row moves `version` on by one.

    `save(expected_version=n)` claims the row with `UPDATE ... WHERE id=... AND version=n`
    first and raises EditConflict when no row matched, so of two editors who read version
    n only the first one's save lands; the second is refused instead of silently undoing it.
    """

    version = models.PositiveIntegerField(
        default=1, help_text="Moves on by one with every save; a form carries the one it showed (hidden)."
    )

    class Meta:
        abstract = True

    def save(self, *args, expected_version=None, **kwargs):
        if self._state.adding or self.pk is None:
            return super().save(*args, **kwargs)
        expected = self.version if expected_version is None else expected_version
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = [*kwargs["update_fields"], "version"]
        with transaction.atomic():
            claimed = type(self)._base_manager.filter(pk=self.pk, version=expected).update(version=expected + 1)
            if not claimed:
                raise EditConflict(self, expected)
            self.version = expected + 1
            super().save(*args, **kwargs)


class TimelineQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)


class Timeline(Versioned):
    class Order(models.TextChoices):
        """The order readers see the events in unless the query string asks for the other."""

        ASC = "asc", "Oldest first"
        DESC = "desc", "Newest first"

    slug = models.SlugField(unique=True, help_text="Part of the public URL: /t/this-slug/. Changing it breaks links.")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True, help_text="One or two sentences shown under the title.")
    is_published = models.BooleanField(
        "published",
        default=False,
        help_text="Unpublished timelines are hidden from readers. A new timeline starts unpublished.",
    )
    featured = models.BooleanField(
        "featured on the home page",
        default=False,
        help_text="The timeline the home page shows (one at most; pinning this one unpins the other). "
        "With none pinned, the home page lists the timelines.",
    )
    default_order = models.CharField(
        max_length=4,
        choices=Order,
        default=Order.ASC,
        help_text="How readers see the events unless they choose: oldest first tells a story from its start; "
        "newest first suits a developing story, where readers come back for the latest.",
    )
    revision = models.PositiveIntegerField(
        default=0, editable=False, help_text="Bumped on every change (see freshness.py)."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TimelineQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at"]
        constraints = [models.UniqueConstraint(fields=["featured"], condition=Q(featured=True), name="one_featured")]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self._state.adding and self.pk is not None and kwargs.get("update_fields") is None:
            # The revision moves on through caching.bump() alone, an UPDATE of the stored value.
            # Written back from a form loaded before an event's edit, it would move backwards.
            kwargs["update_fields"] = [
                field.name for field in self._meta.concrete_fields if field.name not in ("id", "revision")
            ]
        with transaction.atomic():
            if self.featured:  # pinning one timeline unpins the one before it
                Timeline.objects.filter(featured=True).exclude(pk=self.pk).update(featured=False)
            super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("chronology", args=[self.slug])


class Category(models.Model):
    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(unique=True, help_text="Lower-case English, used in filter URLs: ?category=this-slug.")

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "categories"

    def __str__(self):
        return self.name


class Actor(models.Model):
    class Kind(models.TextChoices):
        PERSON = "person", "Person"
        ORGANISATION = "organisation", "Organisation"

    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(unique=True, help_text="Used in filter URLs: ?actor=this-slug.")
    kind = models.CharField(max_length=12, choices=Kind, default=Kind.PERSON)
    description = models.CharField(max_length=200, blank=True, help_text="A role, e.g. “Chief AI Scientist, Meta”.")

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Dated(models.Model):
    """A date stored as a period (timeline/dates): first and last day, precision and its words.

    Days are integers (dates.days explains why: BC dates, and one sort order on
    SQLite and PostgreSQL). `period` reads and writes the six fields together.
    """

    start_day = models.IntegerField(null=True, blank=True, editable=False, help_text="First day (day number).")
    end_day = models.IntegerField(null=True, blank=True, editable=False, help_text="Last day covered (day number).")
    precision = models.CharField(max_length=12, choices=Precision, blank=True)
    part = models.CharField(max_length=8, choices=Part, blank=True, editable=False)
    qualifier = models.CharField(max_length=12, choices=Qualifier, blank=True, editable=False)
    end_precision = models.CharField(max_length=12, choices=Precision, blank=True, editable=False)

    class Meta:
        abstract = True

    @property
    def period(self):
        if self.start_day is None:
            return None
        return Period(
            Day.from_number(self.start_day),
            Day.from_number(self.end_day),
            self.precision,
            self.part,
            self.qualifier,
            self.end_precision,
        )

    @period.setter
    def period(self, period):
        self.start_day = period.start.number
        self.end_day = period.end.number
        self.precision = period.precision
        self.part = period.part
        self.qualifier = period.qualifier
        self.end_precision = period.end_precision

    @property
    def start(self):
        """The first day, as a dates.Day (years before AD 1 included)."""
        return Day.from_number(self.start_day)


class SourceArticle(models.Model):
    url = models.URLField(max_length=500, blank=True, help_text="Leave empty for pasted text with no public URL.")
    title = models.CharField(max_length=300)
    publisher = models.CharField(max_length=120, blank=True)
    author = models.CharField(max_length=200, blank=True)
    published_on = models.DateField(null=True, blank=True)
    published_precision = models.CharField(
        max_length=12,
        choices=Precision,
        default=Precision.DAY,
        help_text="How exactly the publication date is known.",
    )
    text = models.TextField(blank=True, help_text="The article's text; extraction reads it.")
    text_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    imported_from = models.CharField(max_length=500, blank=True, help_text="The URL or file it was imported from.")
    timeline = models.ForeignKey(
        Timeline,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="articles",
        help_text="Where accepted candidates go as draft events.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-published_on", "title"]
        constraints = [
            models.UniqueConstraint(fields=["url"], condition=~Q(url=""), name="unique_source_url"),
        ]

    def __str__(self):
        return f"{self.publisher}: {self.title}" if self.publisher else self.title

    def save(self, *args, **kwargs):
        self.text_hash = text_fingerprint(self.text) if self.text.strip() else ""
        super().save(*args, **kwargs)

    @property
    def published_period(self):
        if not self.published_on:
            return None
        return Period.of(Day.from_date(self.published_on), self.published_precision or Precision.DAY)

    @property
    def published_display(self):
        return dates.display(self.published_period) if self.published_on else ""

    @property
    def published_machine(self):
        return (dates.machine(self.published_period) or "") if self.published_on else ""

    @property
    def link(self):
        """The URL to link to: only an http(s) one."""
        return web_url(self.url)


def text_fingerprint(text):
    """The same article pasted twice (whitespace aside) has the same fingerprint."""
    return hashlib.sha256(" ".join(text.split()).encode()).hexdigest()


class EventQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Event.Status.PUBLISHED)

    def public(self):
        """Everything that has a public permalink: published or retracted."""
        return self.filter(status__in=[Event.Status.PUBLISHED, Event.Status.RETRACTED])

    def in_timeline(self, timeline):
        return self.filter(timelines=timeline)

    def formerly(self, slug):
        """Events that once had this slug and have another now (their history says so)."""
        return self.filter(pk__in=Event.history.filter(slug=slug).values("id")).exclude(slug=slug)

    def between(self, start=None, end=None):
        """Events whose period overlaps [start, end] (dates.Day); a month event matches any day in it."""
        queryset = self
        if start:
            queryset = queryset.filter(end_day__gte=start.number)
        if end:
            queryset = queryset.filter(start_day__lte=end.number)
        return queryset

    def in_categories(self, slugs):
        if not slugs:
            return self
        through = Event.categories.through.objects.filter(category__slug__in=slugs)
        return self.filter(pk__in=through.values("event_id"))

    def with_actors(self, slugs):
        if not slugs:
            return self
        through = Event.actors.through.objects.filter(actor__slug__in=slugs)
        return self.filter(pk__in=through.values("event_id"))

    def search(self, text):
        """Events matching every word of `text` (stemmed, any accents or case) in their own text or
        their categories' and actors' names; the last word may be unfinished (search.py)."""
        found = search.searchable(text, self.db)
        return self.filter(search.matching(found, using=self.db)) if found else self

    def before(self, event):
        """Events that come before `event` in chronological order (CHRONOLOGY)."""
        return self.filter(_sequence(event, earlier=True))

    def after(self, event):
        """Events that come after `event` in chronological order."""
        return self.filter(_sequence(event, earlier=False))

    def chronological(self, descending=False):
        if descending:
            return self.order_by(*(_reversed(field) for field in CHRONOLOGY))
        return self.order_by(*CHRONOLOGY)

    def for_cards(self):
        """Everything an event card shows, in a fixed number of queries."""
        return self.prefetch_related(
            "categories",
            "actors",
            "key_figures__source",
            models.Prefetch("citations", queryset=Citation.objects.select_related("source")),
            "media",
        )


# Chronological order: the period's first day, then the editors' order within that day,
# then the more important first, then the older row.
CHRONOLOGY = ("start_day", "day_order", "-importance", "id")


def _reversed(field):
    return field[1:] if field.startswith("-") else f"-{field}"


def _sequence(event, *, earlier):
    """A Q for rows before (or after) `event` in CHRONOLOGY order."""
    condition, equal = Q(), Q()
    for field in CHRONOLOGY:
        name = field.lstrip("-")
        value = getattr(event, "pk" if name == "id" else name)
        ascending = not field.startswith("-")
        lookup = "lt" if ascending == earlier else "gt"
        condition |= equal & Q(**{f"{name}__{lookup}": value})
        equal &= Q(**{name: value})
    return condition


class Event(Dated, Versioned):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"
        RETRACTED = "retracted", "Retracted"

    class Importance(models.IntegerChoices):
        MINOR = 1, "Minor"
        NORMAL = 2, "Normal"
        MAJOR = 3, "Major"

    timelines = models.ManyToManyField(Timeline, related_name="events", blank=True)
    headline = models.CharField(max_length=200)
    slug = models.SlugField(
        max_length=120,
        unique=True,
        help_text="The permalink: /t/timeline-slug/events/this-slug/. Changing it breaks links.",
    )
    summary = models.TextField(blank=True, help_text="One or two plain sentences for the chronology card.")
    body = models.TextField(blank=True, help_text="Markdown. Shown on the event's own page.")
    start_day = models.IntegerField(editable=False, help_text="First day of the period (day number, sorts).")
    end_day = models.IntegerField(editable=False, db_index=True, help_text="Last day the event covers.")
    precision = models.CharField(max_length=12, choices=Precision, default=Precision.DAY)
    day_order = models.PositiveSmallIntegerField(
        "order within the date",
        default=0,
        help_text="Events on the same date are shown in this order (lower first), then by importance.",
    )
    display_text = models.CharField(
        max_length=80, blank=True, help_text="Shown instead of the date, e.g. “Autumn 2025”. Leave empty normally."
    )
    categories = models.ManyToManyField(Category, related_name="events", blank=True)
    actors = models.ManyToManyField(Actor, related_name="events", blank=True)
    importance = models.PositiveSmallIntegerField(choices=Importance, default=Importance.NORMAL)
    status = models.CharField(max_length=10, choices=Status, default=Status.DRAFT, db_index=True)
    published_at = models.DateTimeField(null=True, blank=True)
    correction_note = models.TextField(
        blank=True, help_text="Public note shown on the event, e.g. what was corrected and when."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Where an import put this event, and the row's key in that import (the TimelineJS
    # unique_id, or a hash of its date and headline): re-running an import finds it again.
    imported_into = models.ForeignKey(
        Timeline, on_delete=models.SET_NULL, null=True, blank=True, editable=False, related_name="+"
    )
    import_key = models.CharField(max_length=64, blank=True, editable=False)

    objects = EventQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[categories, actors, timelines])

    class Meta:
        ordering = list(CHRONOLOGY)
        # The date filter reads status, start_day and end_day from the index alone (migration 0013).
        indexes = [models.Index(fields=["status", "start_day", "end_day"], name="event_status_span")]
        constraints = [
            models.UniqueConstraint(
                fields=["imported_into", "import_key"], condition=~Q(import_key=""), name="one_event_per_import_key"
            )
        ]

    def __str__(self):
        return self.headline

    def save(self, *args, **kwargs):
        if self.start_day is None:
            raise ValueError("An event needs a date: set event.period first.")
        if self.status == self.Status.PUBLISHED and not self.published_at:
            self.published_at = timezone.now()
        super().save(*args, **kwargs)

    @property
    def slug_is_fixed(self):
        """The slug follows the headline until the event is first published, then stays: readers link to it."""
        return self.published_at is not None

    @classmethod
    def was_public_in(cls, slug, timeline):
        """Did readers ever see an event with this slug in this timeline (its history says so)?"""
        return cls.history.filter(
            slug=slug,
            status__in=[cls.Status.PUBLISHED, cls.Status.RETRACTED],
            historicalevent_timelines__timeline=timeline,
        ).exists()

    @property
    def date_display(self):
        return self.display_text or dates.display(self.period)

    @property
    def date_machine(self):
        """The `<time datetime>` value, or "" where HTML has no form for the period."""
        return dates.machine(self.period) or ""

    @property
    def edtf(self):
        return dates.edtf(self.period)

    @cached_property
    def body_html(self):
        return render_markdown(self.body)

    @cached_property
    def sources(self):
        """Distinct sources in citation order (uses the prefetched citations)."""
        seen, result = set(), []
        for citation in self.citations.all():
            if citation.source_id not in seen:
                seen.add(citation.source_id)
                result.append(citation.source)
        return result

    @cached_property
    def disputed_citations(self):
        """Citations that carry a claim of their own: shown side by side, never merged."""
        return [citation for citation in self.citations.all() if citation.claim]

    @property
    def is_disputed(self):
        return len(self.disputed_citations) > 1

    @property
    def is_retracted(self):
        return self.status == self.Status.RETRACTED

    @cached_property
    def first_image(self):
        """The first uploaded image (uses the prefetched media): the card's thumbnail."""
        return next((item for item in self.media.all() if item.kind == Media.Kind.IMAGE), None)


class Filing(models.Model):
    """An event as the reader's filters find it: one row for each of its timelines and each of
    its categories, and one for each timeline under no category (the timeline as a whole), with
    its status, dates and place in the chronology.

    The filters' index (issue 12). Asking the link tables which events of a category fall in a
    timeline's dates read each event's row to test its status and dates (18,645 rows to keep
    6,340 at 100k events); these rows answer it from one index range, already in the
    chronology's order. Without a category, the rows under none do the same for a date range
    (34k events of 100k in 17 ms, where the events' rows took 187) and for the whole timeline's
    counts. Written only by database triggers (domain/filing.py), which follow every edit of
    events and their timeline and category links, whoever makes it; never written or deleted
    from Python.
    """

    timeline = models.ForeignKey(
        Timeline, on_delete=models.DO_NOTHING, db_constraint=False, db_index=False, related_name="+"
    )
    category = models.ForeignKey(  # None: the timeline as a whole
        Category, on_delete=models.DO_NOTHING, db_constraint=False, db_index=False, null=True, related_name="+"
    )
    event = models.ForeignKey(Event, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+")
    status = models.CharField(max_length=10)
    start_day = models.IntegerField()
    end_day = models.IntegerField()
    day_order = models.PositiveSmallIntegerField()
    importance = models.PositiveSmallIntegerField()

    class Meta:
        indexes = [
            # A category's published events of a timeline, in the chronology's order, with the
            # last day to test the range: the filter and the first page from the index alone.
            models.Index(
                fields=["timeline", "category", "status", "start_day", "day_order", "-importance", "event", "end_day"],
                name="filing_chronology",
            )
        ]

    def __str__(self):
        return f"{self.event_id} in {self.timeline_id}/{self.category_id}"


class Citation(Versioned):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="citations")
    source = models.ForeignKey(SourceArticle, on_delete=models.PROTECT, related_name="citations")
    quote = models.TextField(blank=True, help_text="The passage in the source that supports the event.")
    claim = models.CharField(
        max_length=300,
        blank=True,
        help_text="Only where sources differ: what this source says (e.g. “shares fell 12.6%”).",
    )
    position = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["event", "source"], name="one_citation_per_source")]

    def __str__(self):
        return f"{self.event} ← {self.source}"


class KeyFigure(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="key_figures")
    value = models.CharField(max_length=40, help_text="As shown: “$14.3B”, “600”, “-11%”.")
    unit = models.CharField(max_length=40, blank=True, help_text="“jobs”, “stake”…")
    label = models.CharField(max_length=200, blank=True, help_text="What the figure measures.")
    source = models.ForeignKey(
        SourceArticle,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="figures",
        help_text="Who says so, when sources differ.",
    )
    position = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "id"]

    def __str__(self):
        return f"{self.value} {self.unit}".strip()


class Candidate(Dated):
    """A dated passage that extraction found in an article, waiting for an editor."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for review"
        ACCEPTED = "accepted", "Accepted"
        DISMISSED = "dismissed", "Dismissed"

    article = models.ForeignKey(SourceArticle, on_delete=models.CASCADE, related_name="candidates")
    position = models.PositiveIntegerField(help_text="Sentence number in the article.")
    passage = models.TextField()
    mention = models.PositiveSmallIntegerField(default=0, help_text="Which dated event of the sentence this is.")
    date_text = models.CharField(max_length=100, blank=True, help_text="The words that gave the date.")
    how = models.CharField(max_length=300, blank=True, help_text="How the date was resolved, in words.")
    cues = models.JSONField(default=list, blank=True)
    figures = models.JSONField(default=list, blank=True)
    actor_slugs = models.JSONField(default=list, blank=True)
    confidence = models.FloatField(default=0)
    status = models.CharField(max_length=10, choices=Status, default=Status.PENDING)
    event = models.ForeignKey(Event, on_delete=models.SET_NULL, null=True, blank=True, related_name="candidates")

    class Meta:
        ordering = ["article", "position", "mention"]
        constraints = [
            models.UniqueConstraint(fields=["article", "position", "mention"], name="one_candidate_per_mention")
        ]

    def __str__(self):
        return self.passage[:80]

    @property
    def date_display(self):
        return dates.display(self.period) if self.start_day is not None else "No date"


class Media(models.Model):
    """One of an event's media items, in order: an uploaded image, a link, or a quotation.

    Uploaded images are stored re-encoded (no EXIF) under content-addressed names
    with their renditions (domain/images.py); links are recognised by
    domain/providers.py when shown; quotations are sanitised HTML.
    """

    class Kind(models.TextChoices):
        IMAGE = "image", "Uploaded image"
        LINK = "link", "Link (video, audio, map, document, image or page)"
        QUOTE = "quote", "Quotation"

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="media")
    position = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(max_length=5, choices=Kind, default=Kind.LINK)
    image = models.CharField(
        max_length=200, blank=True, editable=False, help_text="The stored original's name in the media storage."
    )
    width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    rendition_widths = models.JSONField(default=list, blank=True, editable=False)
    alt_text = models.CharField(
        max_length=300,
        blank=True,
        help_text="Required for images: what the image shows, for readers who cannot see it.",
    )
    url = models.URLField(
        "link",
        max_length=500,
        blank=True,
        help_text="YouTube, Vimeo, SoundCloud, Wikimedia Commons, Wikipedia, OpenStreetMap, Google Maps, "
        "DocumentCloud or an image address; any other page becomes a link card.",
    )
    quote = models.TextField(blank=True, help_text="The quoted words. Simple HTML is kept; anything unsafe is removed.")
    attribution = models.CharField(max_length=200, blank=True, help_text="Who said or wrote the quotation.")
    credit = models.CharField(max_length=200, blank=True, help_text="Photographer, agency or owner, e.g. “Reuters”.")
    caption = models.CharField(max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "id"]
        verbose_name = "media item"
        verbose_name_plural = "media"

    def __str__(self):
        return self.alt_text or self.url or Truncator(strip_tags(self.quote)).chars(60) or self.get_kind_display()

    def save(self, *args, **kwargs):
        self.quote = sanitise_html(self.quote) if self.quote else ""
        super().save(*args, **kwargs)

    @property
    def is_image(self):
        return self.kind == self.Kind.IMAGE

    @property
    def is_quote(self):
        return self.kind == self.Kind.QUOTE

    @property
    def digest(self):
        """The content hash that names the stored image and its renditions (domain/images.py)."""
        return self.image.rsplit("/", 1)[-1].split(".", 1)[0]

    @cached_property
    def picture(self):
        """The image's renditions for <picture> (domain/images.Picture), or None."""
        from .images import picture

        return picture(self) if self.is_image and self.image else None

    @cached_property
    def link(self):
        """What the link is (domain/providers.Link), or None; only an http(s) URL is a link."""
        return recognise(self.url) if self.kind == self.Kind.LINK and web_url(self.url) else None

    @property
    def quote_html(self):
        """The quotation as HTML: paragraphs for plain text, the sanitised HTML as it is otherwise."""
        if not self.quote:
            return ""
        html = sanitise_html(self.quote)  # again here: rows written by update() or bulk_create skip save()
        return html if html.lstrip().startswith("<") else linebreaks(html)
