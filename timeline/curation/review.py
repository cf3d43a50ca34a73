"""Turning candidates into events, and measuring how well extraction did.

Accepting a candidate creates a draft event with a citation quoting the
sentence, its actors and figures; the editor then fixes the headline and the
date and publishes. The report compares an article's candidates with the
events that already cite it.
"""

import re
from dataclasses import dataclass

from django.db import transaction
from django.utils.text import Truncator, slugify

from ..domain.dates import Day, Period, Precision, Qualifier
from ..domain.models import Actor, Candidate, Citation, Event, KeyFigure


def headline_from(passage):
    """A first draft of a headline: the sentence's main clause, trimmed."""
    text = re.split(r"[:;—–]|, (?:which|who|a move|according)", passage)[0].strip().rstrip(".")
    return Truncator(text).words(16, truncate="…")


def unique_slug(text, exclude=None):
    """A slug made from `text` that no other event has (`exclude`: the event being renamed)."""
    base = slugify(text)[:90].strip("-") or "event"
    slug, n = base, 2
    while Event.objects.filter(slug=slug).exclude(pk=exclude).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def accept(candidate, user=None):
    """Create a draft event citing the candidate's sentence; returns the event.

    Idempotent under concurrency: the candidate is read again under a row lock (SQLite's
    IMMEDIATE transactions serialise writers the same way), so of two simultaneous accepts
    the second finds the first one's event and returns it instead of making another.
    """
    candidate = Candidate.objects.select_for_update().select_related("article").get(pk=candidate.pk)
    if candidate.event_id:
        return candidate.event
    article = candidate.article
    period = candidate.period
    if period is None:
        # No date in the sentence: the article's month, marked approximate, until an editor dates it.
        published = Day.from_date(article.published_on or article.created_at.date())
        period = Period.of(published, Precision.MONTH, qualifier=Qualifier.APPROXIMATE)
    headline = headline_from(candidate.passage)
    event = Event(headline=headline, slug=unique_slug(headline), summary=candidate.passage, status=Event.Status.DRAFT)
    event.period = period
    event.save()
    if article.timeline_id:
        event.timelines.add(article.timeline_id)
    event.actors.set(Actor.objects.filter(slug__in=candidate.actor_slugs))
    Citation.objects.create(event=event, source=article, quote=candidate.passage)
    for position, figure in enumerate(candidate.figures):
        KeyFigure.objects.create(event=event, value=figure["text"][:40], source=article, position=position)
    candidate.status, candidate.event = Candidate.Status.ACCEPTED, event
    candidate.save(update_fields=["status", "event"])
    return event


def dismiss(candidate):
    candidate.status = Candidate.Status.DISMISSED
    candidate.save(update_fields=["status"])


def restore(candidate):
    """Undo a dismissal."""
    if candidate.status == Candidate.Status.DISMISSED:
        candidate.status = Candidate.Status.PENDING
        candidate.save(update_fields=["status"])


def _words(text):
    return set(re.findall(r"[a-z0-9$%.]+", text.lower()))


def covers(passage, quote):
    """Does a candidate's sentence hold the cited passage (allowing for small edits)?"""
    if not quote:
        return False
    if quote.lower() in passage.lower():
        return True
    quote_words = _words(quote)
    return bool(quote_words) and len(quote_words & _words(passage)) / len(quote_words) >= 0.8


@dataclass
class Report:
    events: list
    candidates: list
    covered: set
    useful: set

    @property
    def recall(self):
        return len(self.covered) / len(self.events) if self.events else 0.0

    @property
    def precision(self):
        return len(self.useful) / len(self.candidates) if self.candidates else 0.0

    @property
    def missed(self):
        return [(event, quote) for event, quote in self.events if event.pk not in self.covered]

    @property
    def unmatched(self):
        return [candidate for candidate in self.candidates if candidate.pk not in self.useful]


def quality(article):
    """Compare the article's candidates with the events that cite it (with their quotes)."""
    citations = Citation.objects.filter(source=article).select_related("event").exclude(event__status="retracted")
    events = [(citation.event, citation.quote) for citation in citations]
    candidates = list(article.candidates.exclude(status=Candidate.Status.DISMISSED).only("pk", "event", "passage"))
    covered, useful = set(), set()
    for event, quote in events:
        for candidate in candidates:
            if candidate.event_id == event.pk or covers(candidate.passage, quote):
                covered.add(event.pk)
                useful.add(candidate.pk)
    return Report(events, candidates, covered, useful)
