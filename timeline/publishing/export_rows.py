"""Events with everything an export shows, loaded in batches, for exports.py.

prefetch_related would make a model instance and a related manager for every
category link, actor link, citation, source and key figure: about 90,000 of
them for 10,000 events, most of an export's time. Here each batch of events
takes one query per relation that returns plain rows; the categories, actors
and sources they point to are few, and each is loaded once per export. Media
stay model instances (their URLs and renditions are methods), and are rare.
"""

from dataclasses import dataclass
from itertools import batched

from ..domain.models import Actor, Category, Citation, Event, KeyFigure, Media, SourceArticle

BATCH = 500
# What an export reads of a source; its article text (often many kilobytes) is left in the database.
SOURCE_FIELDS = ("id", "url", "title", "publisher", "published_on", "published_precision")


@dataclass(frozen=True)
class Figure:
    value: str
    unit: str
    label: str
    source: SourceArticle | None


@dataclass(frozen=True)
class Cited:
    source: SourceArticle
    quote: str
    claim: str


@dataclass(frozen=True)
class Row:
    """One exported event and its related rows, each tuple in the order the models declare."""

    event: Event
    categories: tuple[Category, ...]
    actors: tuple[Actor, ...]
    key_figures: tuple[Figure, ...]
    citations: tuple[Cited, ...]
    media: tuple[Media, ...]


def batches(events, size=BATCH):
    """Lists of Row for `events` (a QuerySet), `size` at a time and in its order: six queries a batch."""
    known = {Category: {}, Actor: {}, SourceArticle: {}}

    def load(model, ids):
        found = known[model]
        missing = set(ids) - found.keys() - {None}
        if missing:
            queryset = model.objects.only(*SOURCE_FIELDS) if model is SourceArticle else model.objects
            found.update(queryset.in_bulk(missing))
        return found

    for chunk in batched(events.iterator(chunk_size=size), size, strict=False):
        ids = [event.pk for event in chunk]
        # Ordered by name in the database, as Category and Actor order themselves (its collation, not Python's).
        categories = _grouped(
            Event.categories.through.objects.filter(event_id__in=ids).order_by("category__name", "category_id"),
            "category_id",
        )
        actors = _grouped(
            Event.actors.through.objects.filter(event_id__in=ids).order_by("actor__name", "actor_id"), "actor_id"
        )
        figures = _grouped(KeyFigure.objects.filter(event_id__in=ids), "value", "unit", "label", "source_id")
        citations = _grouped(Citation.objects.filter(event_id__in=ids), "source_id", "quote", "claim")
        media = {}
        for item in Media.objects.filter(event_id__in=ids):
            media.setdefault(item.event_id, []).append(item)
        category_of = load(Category, [pk for links in categories.values() for (pk,) in links])
        actor_of = load(Actor, [pk for links in actors.values() for (pk,) in links])
        source_ids = [row[-1] for rows in figures.values() for row in rows]
        source_of = load(SourceArticle, source_ids + [row[0] for rows in citations.values() for row in rows])
        yield [
            Row(
                event=event,
                categories=tuple(category_of[pk] for (pk,) in categories.get(event.pk, ())),
                actors=tuple(actor_of[pk] for (pk,) in actors.get(event.pk, ())),
                key_figures=tuple(
                    Figure(value, unit, label, source_of.get(source))
                    for value, unit, label, source in figures.get(event.pk, ())
                ),
                citations=tuple(
                    Cited(source_of[source], quote, claim) for source, quote, claim in citations.get(event.pk, ())
                ),
                media=tuple(media.get(event.pk, ())),
            )
            for event in chunk
        ]


def _grouped(queryset, *fields):
    """{event id: [(fields...), ...]} from `queryset`, one query, rows in the queryset's order."""
    grouped = {}
    for event_id, *values in queryset.values_list("event_id", *fields):
        grouped.setdefault(event_id, []).append(tuple(values))
    return grouped
