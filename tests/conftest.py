"""Small factories and the sample timeline, shared by every test."""

import itertools
import re
from datetime import date

import pytest
from django.contrib.auth.models import Group, User
from django.core.cache import cache
from django.core.management import call_command

from timeline.curation import bulk
from timeline.domain import dates
from timeline.domain.models import Actor, Category, Citation, Event, KeyFigure, SourceArticle, Timeline

SAMPLE = "meta-ai-restructuring"
# The sample timeline's public routes that take the reader's filters (the public contract).
SAMPLE_ROUTES = [
    f"/t/{SAMPLE}/",
    f"/t/{SAMPLE}/embed/",
    f"/t/{SAMPLE}/events.json",
    f"/t/{SAMPLE}/timelinejs.json",
    f"/t/{SAMPLE}/events.ics",
    f"/t/{SAMPLE}/events.csv",
    f"/t/{SAMPLE}/feed/",
]
_counter = itertools.count(1)


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: row ids repeat after a rollback."""
    cache.clear()


@pytest.fixture
def sample(db):
    """The Meta AI restructuring timeline, loaded from its fixture."""
    call_command("loaddata", "meta_ai_restructuring", verbosity=0)
    return Timeline.objects.get(slug=SAMPLE)


def make_timeline(slug=None, **fields):
    n = next(_counter)
    fields.setdefault("is_published", True)  # the model's default is a draft; most tests read public pages
    return Timeline.objects.create(slug=slug or f"timeline-{n}", title=fields.pop("title", f"Timeline {n}"), **fields)


def make_event(timeline=None, *, categories=(), actors=(), sources=(), when=None, **fields):
    """An event dated by `when` (text read by the date rules, e.g. "44 BC"), or by
    `start_date` (a date) at `precision`, with an optional `end_date` for a span."""
    n = next(_counter)
    fields.setdefault("headline", f"Event number {n}")
    fields.setdefault("slug", f"event-{n}")
    fields.setdefault("status", Event.Status.PUBLISHED)
    start = fields.pop("start_date", date(2025, 1, 1))
    precision = fields.pop("precision", dates.Precision.DAY)
    end = fields.pop("end_date", None)
    if when is not None:
        period = dates.parse(when, base=date(2026, 11, 29))
    else:
        period = dates.Period.of(dates.Day.from_date(start), precision)
        if end is not None:
            period = dates.Period.span(period, dates.Period.of(dates.Day.from_date(end), precision))
    event = Event(**fields)
    event.period = period
    event.save()
    if timeline is not None:
        event.timelines.add(timeline)
    event.categories.add(*categories)
    event.actors.add(*actors)
    for position, source in enumerate(sources):
        Citation.objects.create(event=event, source=source, quote=f"Quote {n}", position=position)
    return event


def markup(response):
    """A page's HTML without the stylesheet written into its <head> (base.html): the class and
    attribute names the CSS mentions are then found only where the page uses them."""
    return re.sub(r"<style>.*?</style>", "", response.content.decode(), count=1, flags=re.DOTALL)


def article_ids(response):
    """The slugs of the events a page shows, in order."""
    return re.findall(r'<article id="event-([a-z0-9-]+)"', response.content.decode())


def make_category(name):
    return Category.objects.create(name=name, slug=name.lower().replace(" ", "-"))


def make_actor(name, kind=Actor.Kind.PERSON):
    return Actor.objects.create(name=name, slug=name.lower().replace(" ", "-"), kind=kind)


def make_source(**fields):
    n = next(_counter)
    fields.setdefault("title", f"Source {n}")
    fields.setdefault("publisher", f"Publisher {n}")
    fields.setdefault("url", f"https://example.com/{n}")
    return SourceArticle.objects.create(**fields)


def make_figure(event, value, **fields):
    return KeyFigure.objects.create(event=event, value=value, **fields)


@pytest.fixture
def editor(db, client):
    """A logged-in member of the Editors group (created by the data migration)."""
    user = User.objects.create_user("ed", password="a-long-editor-password", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    return user


@pytest.fixture
def populated(db):
    """A factory for a timeline of n published events with categories, actors, citations and figures."""

    def build(n):
        timeline = make_timeline(slug="big")
        categories = [make_category(f"Category {i}") for i in range(3)]
        actors = [make_actor(f"Actor {i}") for i in range(3)]
        sources = [make_source() for _ in range(2)]
        for i in range(n):
            event = make_event(
                timeline,
                start_date=date(2020 + i % 5, 1 + i % 12, 1 + i % 28),
                categories=[categories[i % 3]],
                actors=[actors[i % 3], actors[(i + 1) % 3]],
                sources=sources,
            )
            make_figure(event, f"{i}%")
        return timeline

    return build


def spread_timeline(slug, count, first_year, years, category=None):
    """A timeline of `count` published events, one every so many days from 1 January of
    `first_year` over `years` years, written in bulk (no signals, so no revision bump is needed:
    the timeline is new). Every third event is in `category`, when given."""
    timeline = make_timeline(slug=slug)
    first = dates.Day(first_year, 1, 1).number
    step = (dates.Day(first_year + years - 1, 12, 31).number - first) / max(count - 1, 1)
    events = []
    for i in range(count):
        event = Event(headline=f"Event {i} of {slug}", slug=f"{slug}-{i}", summary="A dated development.")
        event.status = Event.Status.PUBLISHED
        event.period = dates.Period.of(dates.Day.from_number(first + round(i * step)), dates.Precision.DAY)
        events.append(event)
    Event.objects.bulk_create(events, batch_size=1000)
    ids = list(Event.objects.filter(slug__startswith=f"{slug}-").values_list("id", flat=True))
    Event.timelines.through.objects.bulk_create([Event.timelines.through(event_id=i, timeline=timeline) for i in ids])
    if category is not None:
        Event.categories.through.objects.bulk_create(
            [Event.categories.through(event_id=i, category=category) for i in ids[::3]]
        )
    bulk.refresh_statistics(count)  # as an import does (counted as empty, PostgreSQL plans nested loops)
    return timeline
