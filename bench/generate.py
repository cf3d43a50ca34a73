"""Realistic synthetic timelines for benchmarks: N events over ten years (or the years given).

Events get 1-2 categories, 1-3 actors, 2 citations and a key figure, at a mix
of precisions, mostly published, like a busy newsroom timeline. Rows are
written in bulk, BATCH events (with their links, citations, figures and
history, curation/bulk.py) per transaction.
    python bench/generate.py 10000 bench/data/bench-10000.sqlite3 [years]
"""

import os
import random
import sys
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

WORDS = [
    "Meta",
    "OpenAI",
    "Google",
    "lab",
    "layoffs",
    "stake",
    "model",
    "release",
    "chief",
    "scientist",
    "reorganisation",
    "investors",
    "shares",
    "superintelligence",
    "research",
    "hiring",
    "departure",
    "board",
    "acquisition",
    "chips",
    "datacentre",
    "capex",
    "earnings",
]
CATEGORIES = ["Departures", "Hiring", "Reorganisation", "Layoffs", "Deals", "Markets", "Models", "Policy"]
PRECISIONS = ["day"] * 8 + ["month", "quarter", "year", "season"]
BATCH = 2000  # events written per transaction, with their links, citations, figures and history


def generate(count, seed=2025, years=10):
    from django.db import transaction

    from timeline.curation import bulk
    from timeline.domain import dates
    from timeline.domain.models import Actor, Category, Citation, Event, KeyFigure, SourceArticle, Timeline

    rng = random.Random(seed)
    timeline = Timeline.objects.create(slug="bench", title=f"Benchmark timeline ({count:,} events)", is_published=True)
    categories = Category.objects.bulk_create([Category(name=name, slug=name.lower()) for name in CATEGORIES])
    actors = Actor.objects.bulk_create(
        [Actor(name=f"Actor {i}", slug=f"actor-{i}", kind="person" if i % 3 else "organisation") for i in range(200)]
    )
    sources = SourceArticle.objects.bulk_create(
        [SourceArticle(title=f"Report {i}", publisher=f"Publisher {i % 40}", url=f"https://news.example/{i}")
         for i in range(max(50, count // 20))]
    )  # fmt: skip
    first_day = date(2026 - years, 1, 1)
    events = []
    for i in range(count):
        precision = rng.choice(PRECISIONS)
        day = dates.Day.from_date(first_day + timedelta(days=rng.randrange(365 * years)))
        headline = " ".join(rng.choice(WORDS) for _ in range(rng.randint(5, 10))).capitalize()
        event = Event(
            headline=headline,
            slug=f"event-{i}",
            summary=" ".join(rng.choice(WORDS) for _ in range(rng.randint(15, 35))).capitalize() + ".",
            body="",
            importance=rng.choice([1, 2, 2, 2, 3]),
            status="published" if rng.random() < 0.95 else "draft",
        )
        event.period = dates.Period.of(day, precision)
        events.append(event)
    # Every event's links drawn up front, in the order earlier versions drew them, so a seed gives the same data.
    in_categories = [rng.sample(categories, rng.randint(1, 2)) for _ in events]
    by_actors = [rng.sample(actors, rng.randint(1, 3)) for _ in events]
    cited = [rng.sample(sources, 2) for _ in events]
    figures = [f"{rng.randint(1, 900)}" for _ in events]
    for first in range(0, count, BATCH):  # one short transaction per batch, as imports write
        last = first + BATCH
        with transaction.atomic():
            written = Event.objects.bulk_create(events[first:last])
            Event.timelines.through.objects.bulk_create(
                [Event.timelines.through(event_id=event.pk, timeline_id=timeline.pk) for event in written]
            )
            Event.categories.through.objects.bulk_create(
                [Event.categories.through(event_id=event.pk, category_id=category.pk)
                 for event, chosen in zip(written, in_categories[first:last], strict=True) for category in chosen]
            )  # fmt: skip
            Event.actors.through.objects.bulk_create(
                [Event.actors.through(event_id=event.pk, actor_id=actor.pk)
                 for event, chosen in zip(written, by_actors[first:last], strict=True) for actor in chosen]
            )  # fmt: skip
            citations = Citation.objects.bulk_create(
                [Citation(event_id=event.pk, source_id=source.pk, quote="A quoted passage.", position=position)
                 for event, chosen in zip(written, cited[first:last], strict=True)
                 for position, source in enumerate(chosen)]
            )  # fmt: skip
            figures_written = KeyFigure.objects.bulk_create(
                [KeyFigure(event_id=event.pk, value=value, unit="jobs", label="cut")
                 for event, value in zip(written, figures[first:last], strict=True)]
            )  # fmt: skip
            # history as a save would record it, with the events' relations
            bulk.record_event_history(created=written, reason="Generated")
            bulk.record_history(Citation, citations, reason="Generated")
            bulk.record_history(KeyFigure, figures_written, reason="Generated")
    bulk.refresh_statistics(count)  # as an import does: PostgreSQL's planner learns the new sizes
    return timeline


def setup_django(database_path):
    os.environ["DATABASE_URL"] = f"sqlite:///{database_path}"
    os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "timeline.settings")
    import django

    django.setup()


def build(count, database_path, years=10):
    """Create (or reuse) a database file holding a timeline of `count` events."""
    database_path = Path(database_path)
    database_path.parent.mkdir(parents=True, exist_ok=True)
    setup_django(database_path)
    from django.core.management import call_command

    from timeline.domain.models import Timeline

    call_command("migrate", verbosity=0)  # also brings an older benchmark database up to date
    if not Timeline.objects.filter(slug="bench").exists():
        generate(count, years=years)
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return database_path


if __name__ == "__main__":
    build(int(sys.argv[1]), sys.argv[2], *map(int, sys.argv[3:4]))
