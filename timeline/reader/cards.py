"""Event cards for the chronology, rendered once per timeline revision.

Django's template engine spends about half a millisecond on a card, which
would dominate a page of fifty. Each card's inner HTML is cached under the
timeline's revision (domain/caching.py), so any edit shows at once; only the
cards missing from the cache are prefetched and rendered, in a fixed number
of queries. The <article> wrapper, whose position attributes depend on the
page, is rendered fresh every time, and so are the <mark>s of a search
(highlighting.py), put into the cached HTML.
"""

from dataclasses import dataclass

from django.db.models import Prefetch, prefetch_related_objects
from django.template.loader import get_template
from django.utils.safestring import SafeString, mark_safe

from ..domain import caching, dates
from ..domain.models import Citation, Event
from . import highlighting

CARD_RELATIONS = (
    "categories",
    "actors",
    "key_figures__source",
    Prefetch("citations", queryset=Citation.objects.select_related("source")),
)


@dataclass(frozen=True)
class Card:
    """One event on a page: its rendered body, the heading above it if it starts a new group
    (its month, or its quarter, year or decade when it is known only that well), and whether
    it is the first of its year (the year links' target)."""

    event: Event
    html: SafeString
    heading: str
    year_anchor: bool


def cards_for(timeline, events, *, previous=None, embed=False, matcher=None):
    """Cards for `events` in order; `previous` is the event shown just before them, if any;
    `matcher` (search.Matcher) marks the words a search matched."""
    keys = {event.pk: caching.key(timeline, "card", event.pk, int(embed)) for event in events}
    found = caching.get_many(keys.values())
    missing = [event for event in events if keys[event.pk] not in found]
    if missing:
        prefetch_related_objects(missing, *CARD_RELATIONS)
        template = get_template("timeline/partials/event_card_body.html")
        fresh = {
            keys[event.pk]: str(template.render({"event": event, "timeline": timeline, "embed": embed}))
            for event in missing
        }
        caching.set_many(fresh)
        found.update(fresh)
    cards = []
    previous_key = dates.heading(previous.period)[0] if previous else None
    previous_year = previous.start.year if previous else None
    for event in events:
        key, label = dates.heading(event.period)
        html = highlighting.mark(mark_safe(found[keys[event.pk]]), matcher)  # rendered by our own escaping template
        cards.append(Card(event, html, label if key != previous_key else "", event.start.year != previous_year))
        previous_key, previous_year = key, event.start.year
    return cards
