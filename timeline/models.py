"""The domain: timelines of dated, sourced events.

Visibility rules live in EventQuerySet (published(), between(), ...), so no
view spells out what a reader may see.
"""

import hashlib

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from simple_history.models import HistoricalRecords

from . import dates
from .dates import Precision
from .rendering import render_markdown


class Timeline(models.Model):
    slug = models.SlugField(unique=True, help_text="Part of the public URL: /t/this-slug/. Changing it breaks links.")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True, help_text="One or two sentences shown under the title.")
    is_published = models.BooleanField(
        "published", default=True, help_text="Unpublished timelines are hidden from readers."
    )
    revision = models.PositiveIntegerField(
        default=0, editable=False, help_text="Bumped on every change (see freshness.py)."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at"]

    def __str__(self):
        return self.title

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
    def published_display(self):
        if not self.published_on:
            return ""
        return dates.format_date(self.published_on, self.published_precision)

    @property
    def published_machine(self):
        if not self.published_on:
            return ""
        return dates.machine_date(self.published_on, self.published_precision)


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

    def between(self, start=None, end=None):
        """Events whose period overlaps [start, end]; a month event matches any day in it."""
        queryset = self
        if start:
            queryset = queryset.filter(covers_until__gte=start)
        if end:
            queryset = queryset.filter(start_date__lte=end)
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
        queryset = self
        for word in text.split():
            queryset = queryset.filter(
                Q(headline__icontains=word) | Q(summary__icontains=word) | Q(body__icontains=word)
            )
        return queryset

    def before(self, event):
        """Events that come before `event` in chronological order (date, then importance, then id)."""
        same_day = Q(start_date=event.start_date)
        return self.filter(
            Q(start_date__lt=event.start_date)
            | (same_day & Q(importance__gt=event.importance))
            | (same_day & Q(importance=event.importance, pk__lt=event.pk))
        )

    def after(self, event):
        """Events that come after `event` in chronological order."""
        same_day = Q(start_date=event.start_date)
        return self.filter(
            Q(start_date__gt=event.start_date)
            | (same_day & Q(importance__lt=event.importance))
            | (same_day & Q(importance=event.importance, pk__gt=event.pk))
        )

    def chronological(self, descending=False):
        if descending:
            return self.order_by("-start_date", "-importance", "-id")
        return self.order_by("start_date", "-importance", "id")

    def for_cards(self):
        """Everything an event card shows, in a fixed number of queries."""
        return self.prefetch_related(
            "categories",
            "actors",
            "key_figures__source",
            models.Prefetch("citations", queryset=Citation.objects.select_related("source")),
        )


class Event(models.Model):
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
    start_date = models.DateField(
        help_text="The first day of the period: 2025-08-01 for a month-precision event in August 2025."
    )
    precision = models.CharField(max_length=12, choices=Precision, default=Precision.DAY)
    end_date = models.DateField(null=True, blank=True, help_text="For spans only.")
    covers_until = models.DateField(editable=False, db_index=True, help_text="Last day the event covers.")
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
    media_url = models.URLField(max_length=500, blank=True)
    media_credit = models.CharField(max_length=200, blank=True)
    media_caption = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EventQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[categories, actors, timelines])

    class Meta:
        ordering = ["start_date", "-importance", "id"]
        indexes = [models.Index(fields=["status", "start_date"], name="event_status_start")]

    def __str__(self):
        return self.headline

    def save(self, *args, **kwargs):
        self.start_date = dates.start_of_period(self.start_date, self.precision)
        self.covers_until = self.compute_covers_until()
        if self.status == self.Status.PUBLISHED and not self.published_at:
            self.published_at = timezone.now()
        super().save(*args, **kwargs)

    def compute_covers_until(self):
        last = dates.end_of_period(self.start_date, self.precision)
        if self.end_date:
            last = max(last, dates.end_of_period(self.end_date, self.precision))
        return last

    @property
    def date_display(self):
        if self.display_text:
            return self.display_text
        return dates.format_span(self.start_date, self.precision, self.end_date)

    @property
    def date_machine(self):
        return dates.machine_date(self.start_date, self.precision)

    @property
    def end_machine(self):
        return dates.machine_date(self.end_date, self.precision) if self.end_date else ""

    @property
    def edtf(self):
        start = dates.edtf(self.start_date, self.precision)
        if self.end_date:
            return f"{start}/{dates.edtf(self.end_date, self.precision)}"
        return start

    @property
    def month_key(self):
        return (self.start_date.year, self.start_date.month)

    @property
    def month_label(self):
        return dates.format_date(self.start_date, Precision.MONTH)

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


class Citation(models.Model):
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


class Candidate(models.Model):
    """A dated passage that extraction found in an article, waiting for an editor."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for review"
        ACCEPTED = "accepted", "Accepted"
        DISMISSED = "dismissed", "Dismissed"

    article = models.ForeignKey(SourceArticle, on_delete=models.CASCADE, related_name="candidates")
    position = models.PositiveIntegerField(help_text="Sentence number in the article.")
    passage = models.TextField()
    date_text = models.CharField(max_length=100, blank=True, help_text="The words that gave the date.")
    start_date = models.DateField(null=True, blank=True)
    precision = models.CharField(max_length=12, choices=Precision, blank=True)
    cues = models.JSONField(default=list, blank=True)
    figures = models.JSONField(default=list, blank=True)
    actor_slugs = models.JSONField(default=list, blank=True)
    confidence = models.FloatField(default=0)
    status = models.CharField(max_length=10, choices=Status, default=Status.PENDING)
    event = models.ForeignKey(Event, on_delete=models.SET_NULL, null=True, blank=True, related_name="candidates")

    class Meta:
        ordering = ["article", "position"]
        constraints = [models.UniqueConstraint(fields=["article", "position"], name="one_candidate_per_sentence")]

    def __str__(self):
        return self.passage[:80]

    @property
    def date_display(self):
        return dates.format_date(self.start_date, self.precision) if self.start_date else "No date"
