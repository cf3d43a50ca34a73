"""The Atom feed of a timeline's filtered view, newest events first."""

from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.views.decorators.http import require_safe

from ..domain.models import Event
from ..reader.selection import Selection, published_timeline

# A feed is read for what is new; the full history is in events.json.
FEED_LIMIT = 500


@dataclass(frozen=True)
class FeedItem:
    """An event and the timeline it is read in: the feed object is shared between requests."""

    event: Event
    timeline_slug: str


class PlainTextAtom(Atom1Feed):
    """Summaries are plain text: say so (Django writes type="html"), so a feed reader never takes
    an editor's "<" for markup."""

    def add_item_elements(self, handler, item):
        summary = item.get("description")
        super().add_item_elements(handler, {**item, "description": None})
        if summary:
            handler.addQuickElement("summary", summary, {"type": "text"})


class TimelineFeed(Feed):
    feed_type = PlainTextAtom

    def get_object(self, request, selection):
        return selection

    def title(self, selection):
        return selection.timeline.title

    def subtitle(self, selection):
        return selection.timeline.description

    def link(self, selection):
        return selection.timeline.get_absolute_url()

    def items(self, selection):
        events = selection.events.chronological(descending=True).prefetch_related("categories")[:FEED_LIMIT]
        return [FeedItem(event, selection.timeline.slug) for event in events]

    def item_title(self, item):
        return f"{item.event.date_display}: {item.event.headline}"

    def item_description(self, item):
        return item.event.summary

    def item_link(self, item):
        return reverse("event", args=[item.timeline_slug, item.event.slug])

    def item_guid(self, item):
        return f"event-{item.event.pk}"

    def item_pubdate(self, item):
        return item.event.published_at

    def item_updateddate(self, item):
        return item.event.updated_at

    def item_categories(self, item):
        return [category.name for category in item.event.categories.all()]


_feed = TimelineFeed()


@require_safe
def timeline_feed(request, slug):
    """The feed, or a 400 naming the filters that could not be read (the query is read once)."""
    selection = Selection.from_request(request, published_timeline(slug))
    if selection.errors:
        return selection.bad_filters_response()
    return _feed(request, selection=selection)
