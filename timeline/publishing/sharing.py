"""What a shared link shows: Open Graph and Twitter tags, the canonical URL, JSON-LD, the share card.

A timeline page or an event permalink pasted into a chat or a social app is
previewed from the tags this module writes (partials/share_meta.html renders
a `ShareMeta`). `share_image` alone decides which picture represents a page;
today that is the card drawn here (share_card.py): the timeline's title, the
event's date at its precision and its headline, 1200×630, in the site's type
and colours. Cards are cached per timeline revision and their URL carries the
revision, so a changed timeline gets a new image URL and an unchanged one is
kept by browsers and scrapers for a year.

JSON-LD describes the timeline page as an ordered ItemList of the events it
shows, and an event page as an Article about the Event, with its sources as
`citation`s. Dates are written at their precision ("2025-06", "2025") by
domain/dates.
"""

import json
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_safe

from ..domain import caching, dates
from ..domain.models import Citation, Event
from ..reader.selection import published_timeline
from . import share_card

# A year: the card's URL names the revision it was drawn from, so it never changes under that URL.
IMMUTABLE_SECONDS = 365 * 24 * 60 * 60


@dataclass(frozen=True)
class ShareImage:
    """The picture that represents a page when it is shared, with what og:image needs besides its URL."""

    url: str
    width: int
    height: int
    alt: str
    type: str = "image/png"


@dataclass(frozen=True)
class ShareMeta:
    """Everything partials/share_meta.html writes into a page's <head>."""

    title: str
    description: str
    url: str  # the canonical URL, absolute
    type: str  # og:type: "website" for a timeline, "article" for an event
    image: ShareImage
    json_ld: SafeString
    feed_url: str = ""


def share_image(request, timeline, event=None):
    """The image that represents the timeline page, or the event's permalink when `event` is given.

    The one place that chooses it: an event's own first uploaded image, at its widest
    rendition; otherwise the card drawn for the page (share_card.py).
    """
    image = event.first_image if event is not None else None
    if image is not None and image.picture:
        widest = image.rendition_widths[-1] if image.rendition_widths else image.width
        height = round(image.height * widest / image.width)
        url = request.build_absolute_uri(image.picture.largest)
        return ShareImage(url, widest, height, image.alt_text, "image/jpeg")
    if event is None:
        path = reverse("share-card", args=[timeline.slug])
        alt = f"{timeline.title}: a timeline"
    else:
        path = reverse("event-share-card", args=[timeline.slug, event.slug])
        alt = f"{timeline.title} — {event.date_display}: {event.headline}"
    url = request.build_absolute_uri(path) + f"?v={timeline.revision}"
    return ShareImage(url, share_card.WIDTH, share_card.HEIGHT, alt)


def absolute(request, path, query=""):
    return request.build_absolute_uri(path) + (f"?{query}" if query else "")


def timeline_meta(request, timeline, selection, page):
    """The tags of a chronology page: the canonical URL is the view's canonical query (selection.query)."""
    query = selection.query(page=page.number if page.number > 1 else None)
    url = absolute(request, reverse("chronology", args=[timeline.slug]), query)
    description = timeline.description or f"A dated, sourced chronology: {timeline.title}."

    def compute():
        return item_list(request, timeline, url, selection, page)

    # The list is the same for every reader of this view until the timeline changes.
    data = caching.cached(timeline, "json-ld", compute, request.build_absolute_uri("/"), query)
    title = timeline.title + (" (filtered)" if selection.is_filtered else "")
    return ShareMeta(
        title=title,
        description=_shorten(description),
        url=url,
        type="website",
        image=share_image(request, timeline),
        json_ld=json_ld(data),
        feed_url=absolute(request, reverse("feed", args=[timeline.slug]), selection.query()),
    )


def event_meta(request, timeline, event):
    """The tags of an event's permalink (its citations are prefetched by Event.objects.for_cards)."""
    url = absolute(request, reverse("event", args=[timeline.slug, event.slug]))
    description = event.summary or f"{event.date_display}: {event.headline}. From the timeline {timeline.title}."
    data = {"@context": "https://schema.org", **event_entity(request, timeline, event)}
    return ShareMeta(
        title=event.headline,
        description=_shorten(description),
        url=url,
        type="article",
        image=share_image(request, timeline, event),
        json_ld=json_ld(data),
    )


def item_list(request, timeline, url, selection, page):
    """The events this page shows, in its order, as a schema.org ItemList.

    At most a page's worth: the print view (?view=print, every match on one page) lists
    the same first page, so it shares the cache entry of the page it prints."""
    events = list(page.object_list)[: settings.TIMELINE_PAGE_SIZE]
    prefetch = Event.objects.filter(pk__in=[event.pk for event in events]).prefetch_related(_citations(), "categories")
    by_pk = {event.pk: event for event in prefetch}
    return {
        "@context": "https://schema.org",
        "@type": "ItemList",
        "@id": url,
        "url": url,
        "name": timeline.title,
        "description": timeline.description,
        "numberOfItems": page.paginator.count,
        "itemListOrder": "https://schema.org/ItemListOrder" + ("Descending" if selection.descending else "Ascending"),
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": page.start_index() + index,
                "url": absolute(request, reverse("event", args=[timeline.slug, event.slug])),
                "item": event_entity(request, timeline, by_pk[event.pk], in_list=True),
            }
            for index, event in enumerate(events)
        ],
    }


def event_entity(request, timeline, event, *, in_list=False):
    """An event as schema.org sees a permalink: an Article about an Event, citing its sources.

    In the timeline's list it leaves out what the list or the card already says (the timeline
    it is part of, its URL beside its @id, its summary, its card image) and cites its sources by
    address, which keeps a page of fifty events light: the first screen has a byte budget
    (docs/performance.md)."""
    url = absolute(request, reverse("event", args=[timeline.slug, event.slug]))
    start, end = dates.machine_range(event.period)
    happening = {"@type": "Event"} if in_list else {"@type": "Event", "name": event.headline}
    if start:
        happening["startDate"] = start
    if end:
        happening["endDate"] = end
    entity = {
        "@type": "Article",
        "@id": url,
        "headline": event.headline,
        "about": happening,
        "keywords": [category.name for category in event.categories.all()],
        "citation": [_source(citation.source) for citation in event.citations.all()],
    }
    if in_list:  # the sources by address; each event's own page describes them in full
        entity["citation"] = [cited.get("url") or cited["name"] for cited in entity["citation"]]
    else:
        entity["url"] = url
        entity["description"] = event.summary
        entity["isPartOf"] = {
            "@type": "CreativeWork",
            "name": timeline.title,
            "url": absolute(request, reverse("chronology", args=[timeline.slug])),
        }
        entity["image"] = share_image(request, timeline, event).url
    if start and not in_list:
        entity["temporalCoverage"] = f"{start}/{end}" if end else start
    if event.is_retracted:
        entity["creativeWorkStatus"] = "Retracted"
    return entity


def _source(source):
    cited = {"@type": "CreativeWork", "name": source.title}
    if source.url:
        cited["url"] = source.url
    if source.publisher:
        cited["publisher"] = {"@type": "Organization", "name": source.publisher}
    if source.author:
        cited["author"] = {"@type": "Person", "name": source.author}
    if source.published_machine:
        cited["datePublished"] = source.published_machine
    return cited


def _citations():
    return Prefetch("citations", queryset=Citation.objects.select_related("source"))


def json_ld(data):
    """`data` as the text of a <script type="application/ld+json"> block: <, > and & are escaped,
    so no text an editor typed can end the element ("</script>") or open a comment."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return mark_safe(text)  # escaped above for the only context it is written in


def _shorten(text, limit=200):
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


# --- the card image ---


def card_response(request, timeline, event=None):
    """The card as a PNG, drawn once per revision, with an ETag and a long lifetime under its versioned URL."""
    part = event.pk if event else "timeline"
    etag = caching.etag(timeline, "share-card", part)
    if etag in request.headers.get("If-None-Match", ""):
        response = HttpResponse(status=304)
    else:
        png = caching.cached(timeline, "share-card", lambda: share_card.draw(timeline, event), part)
        response = HttpResponse(png, content_type="image/png")
    response["ETag"] = etag
    # Under the current revision's URL (?v=) the image never changes; under any other, revalidate soon.
    current = request.GET.get("v") == str(timeline.revision)
    lifetime = f"max-age={IMMUTABLE_SECONDS}, immutable" if current else f"max-age={caching.RESPONSE_SECONDS}"
    response["Cache-Control"] = f"public, {lifetime}"
    return response


@require_safe
def timeline_card(request, slug):
    return card_response(request, published_timeline(slug))


@require_safe
def event_card(request, slug, event_slug):
    timeline = published_timeline(slug)
    event = Event.objects.public().in_timeline(timeline).filter(slug=event_slug).first()
    if event is None:
        raise Http404("No such event in this timeline.")
    return card_response(request, timeline, event)
