"""The Atom feed of a timeline's filtered view, newest events first."""

from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from ..domain.models import Timeline
from ..reader.views import bad_filters_response, filtered_events, published_timeline

# A feed is read for what is new; the full history is in events.json.
FEED_LIMIT = 500


@dataclass
class FilteredTimeline:
    timeline: Timeline
    events: QuerySet


class TimelineFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request, slug):
        timeline = published_timeline(slug)
        _form, events = filtered_events(request, timeline)
        return FilteredTimeline(timeline, events)

    def title(self, obj):
        return obj.timeline.title

    def subtitle(self, obj):
        return obj.timeline.description

    def link(self, obj):
        return obj.timeline.get_absolute_url()

    def items(self, obj):
        items = list(obj.events.chronological(descending=True).prefetch_related("categories")[:FEED_LIMIT])
        for item in items:
            item.timeline_slug = obj.timeline.slug  # the feed object is shared between requests
        return items

    def item_title(self, item):
        return f"{item.date_display}: {item.headline}"

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return reverse("event", args=[item.timeline_slug, item.slug])

    def item_guid(self, item):
        return f"event-{item.pk}"

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_categories(self, item):
        return [category.name for category in item.categories.all()]


_feed = TimelineFeed()


def timeline_feed(request, slug):
    """The feed, or a 400 naming the filters that could not be read."""
    form, _events = filtered_events(request, published_timeline(slug))
    if form.errors:
        return bad_filters_response(form)
    return _feed(request, slug=slug)
