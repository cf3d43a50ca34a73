"""Event cards for the chronology, rendered once per timeline revision.

Django's template engine spends about half a millisecond on a card, which
would dominate a page of fifty. Each card's inner HTML is cached under the
timeline's revision (freshness.py), so any edit shows at once; only the cards
missing from the cache are prefetched and rendered, in a fixed number of
queries. The <article> wrapper, whose position attributes depend on the page,
is rendered fresh every time.
"""

from django.core.cache import cache
from django.db.models import Prefetch, prefetch_related_objects
from django.template.loader import get_template
from django.utils.safestring import mark_safe

from ..domain.caching import CACHE_SECONDS
from ..domain.models import Citation

CARD_RELATIONS = (
    "categories",
    "actors",
    "key_figures__source",
    Prefetch("citations", queryset=Citation.objects.select_related("source")),
)


def attach_card_html(timeline, events, *, embed=False):
    """Give each event a `card_html` attribute; returns the events."""
    keys = {event.pk: f"timeline:{timeline.pk}:{timeline.revision}:card:{event.pk}:{int(embed)}" for event in events}
    found = cache.get_many(list(keys.values()))
    missing = [event for event in events if keys[event.pk] not in found]
    if missing:
        prefetch_related_objects(missing, *CARD_RELATIONS)
        template = get_template("timeline/partials/event_card_body.html")
        fresh = {
            keys[event.pk]: str(template.render({"event": event, "timeline": timeline, "embed": embed}))
            for event in missing
        }
        cache.set_many(fresh, CACHE_SECONDS)
        found.update(fresh)
    for event in events:
        event.card_html = mark_safe(found[keys[event.pk]])  # rendered by our own escaping template
    return events
