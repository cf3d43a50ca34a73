"""Event cards for the chronology, rendered once per timeline revision.

Django's template engine spends about half a millisecond on a card, which
would dominate a page of fifty. Each card's inner HTML is cached under the
timeline's revision (domain/caching.py), so any edit shows at once; only the
cards missing from the cache are prefetched and rendered, in a fixed number
of queries. The <article> wrapper, whose position attributes depend on the
page, is rendered fresh every time, with the card's thumbnail (the event's
first image): eager for the first EAGER_THUMBNAILS cards of a first page, lazy
below them. The embed and the print view show every media item in the card.
The <mark>s of a search (highlighting.py) are put into the cached HTML fresh
every time too.
"""

from dataclasses import dataclass

from django.db.models import Prefetch, prefetch_related_objects
from django.template.loader import get_template
from django.utils.safestring import SafeString, mark_safe

from ..domain import caching, dates
from ..domain.images import Picture
from ..domain.models import Citation, Event
from . import highlighting

CARD_RELATIONS = (
    "categories",
    "actors",
    "key_figures__source",
    Prefetch("citations", queryset=Citation.objects.select_related("source")),
    "media",
)
# Thumbnails likely to be on the first screen load at once; the rest wait until scrolled near.
EAGER_THUMBNAILS = 3


@dataclass(frozen=True)
class Card:
    """One event on a page: its rendered body, the heading above it if it starts a new group
    (its month, or its quarter, year or decade when it is known only that well), and whether
    it is the first of its year (the year links' target); its thumbnail (images.Picture) unless the
    card shows all its media, and whether the thumbnail loads lazily."""

    event: Event
    html: SafeString
    heading: str
    year_anchor: bool
    thumbnail: Picture | None = None
    thumbnail_loading: str = "lazy"


def cards_for(timeline, events, *, previous=None, embed=False, all_media=False, first_page=True, matcher=None):
    """Cards for `events` in order; `previous` is the event shown just before them, if any.
    `all_media` puts every media item in the card (the embed, the print view) instead of a thumbnail;
    `matcher` (search.Matcher) marks the words a search matched."""
    all_media = all_media or embed
    keys = {event.pk: caching.key(timeline, "card", event.pk, int(embed), int(all_media)) for event in events}
    found = caching.get_many(keys.values())
    missing = [event for event in events if keys[event.pk] not in found]
    if missing:
        prefetch_related_objects(missing, *CARD_RELATIONS)
        template = get_template("timeline/partials/event_card_body.html")
        # The print view (all media, not the embed) loads every image at once: lazy ones may not print.
        context = {"timeline": timeline, "embed": embed, "all_media": all_media, "print_view": all_media and not embed}
        fresh = {
            keys[event.pk]: (
                str(template.render({**context, "event": event})),
                None if all_media or event.first_image is None else event.first_image.picture,
            )
            for event in missing
        }
        caching.set_many(fresh)
        found.update(fresh)
    cards = []
    previous_key = dates.heading(previous.period)[0] if previous else None
    previous_year = previous.start.year if previous else None
    for index, event in enumerate(events):
        key, label = dates.heading(event.period)
        body, thumbnail = found[keys[event.pk]]
        html = highlighting.mark(mark_safe(body), matcher)  # rendered by our own escaping template
        loading = "eager" if first_page and index < EAGER_THUMBNAILS else "lazy"
        heading = label if key != previous_key else ""
        cards.append(Card(event, html, heading, event.start.year != previous_year, thumbnail, loading))
        previous_key, previous_year = key, event.start.year
    return cards
