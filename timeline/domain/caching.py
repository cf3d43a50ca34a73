"""Caching that never serves stale data: one owner for cache keys, lifetimes and validators.

Every timeline carries a `revision` number. Any change that can alter what a
reader sees of it (an event saved or deleted, its categories, actors,
citations, key figures or media changed, a category or source renamed) bumps the
revision through the signals below. Every key and ETag built here includes
the revision, so a stale entry is never read again; nothing has to be
deleted. Long key parts (a query string, a filter signature) are hashed, so a
key has a bounded length whatever a reader puts in a URL.

Bulk updates (QuerySet.update, bulk_create) send no signals: code that uses
them must call bump() itself (bench/generate.py writes a new timeline, so it
needs none).
"""

import hashlib
import re
from functools import cache as once
from pathlib import Path
from typing import NamedTuple

from django.conf import settings
from django.core.cache import cache
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.dispatch import receiver
from django.utils import timezone
from django.utils.http import quote_etag

# How long a derived value lives; the revision, not this, decides when it is stale.
CACHE_SECONDS = 60 * 60
# How long a browser or shared cache may keep a public response before revalidating.
RESPONSE_SECONDS = 5 * 60
# oEmbed answers are about the site, not one revision: a reader's app may keep them this long.
OEMBED_SECONDS = 60 * 60
SAFE_PART = re.compile(r"[\w.,/-]{0,40}", re.ASCII)  # no spaces, colons or quotes, and short


def _part(value):
    """A key part as it is when short and plain, else its hash: keys stay short and safe for any backend."""
    text = str(value)
    return text if SAFE_PART.fullmatch(text) else hashlib.sha256(text.encode()).hexdigest()[:24]


class Stamp(NamedTuple):
    """All that a key or validator reads of a timeline: what a page served from the cache fetches
    instead of the whole row (reader/selection.published_stamp). A Timeline serves as well."""

    pk: int
    revision: int
    version: int


def stamp(timeline):
    """A timeline's identity and state where another timeline's page shows it (its title and
    events): its id, revision and version."""
    return f"{timeline.pk}.{timeline.revision}.{timeline.version}"


def key(timeline, *parts):
    """The cache key of a value derived from `timeline` at its current revision and version (its
    own title, description and settings: saving the timeline bumps the version, not the revision)."""
    stamp = f"{timeline.revision}.{timeline.version}"
    return ":".join(["timeline", str(timeline.pk), stamp, *map(_part, parts)])


def etag(timeline, *parts):
    """A strong validator for a response made from `timeline` at its current revision."""
    return etag_of(key(timeline, *parts))


def etag_of(*parts):
    """A strong validator for a response made from `parts` alone (texts that change when it does)."""
    return quote_etag(hashlib.sha256("\x1f".join(map(str, parts)).encode()).hexdigest()[:32])


@once
def release():
    """A digest of the code, templates and static manifest this process serves, so a deploy that
    changes a page's markup (or its hashed static URLs) changes the pages' ETags too."""
    roots = [Path(settings.BASE_DIR) / "templates", Path(__file__).resolve().parent.parent]
    files = [path for root in roots for path in sorted(root.rglob("*")) if path.suffix in {".py", ".html"}]
    manifest = Path(settings.STATIC_ROOT or "") / "staticfiles.json"
    files += [manifest] if settings.STATIC_ROOT and manifest.exists() else []
    digest = hashlib.sha256()
    for path in files:  # contents, not times: every server of one release agrees
        digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()[:16]


def cached(timeline, name, compute, *parts):
    """`compute()`, remembered until the timeline next changes."""
    cache_key = key(timeline, name, *parts)
    value = cache.get(cache_key)
    if value is None:
        value = compute()
        cache.set(cache_key, value, CACHE_SECONDS)
    return value


def get_many(keys):
    return cache.get_many(list(keys))


def set_many(values):
    cache.set_many(values, CACHE_SECONDS)


def bump(timelines=None):
    """Mark timelines (a queryset, or all when None) as changed."""
    from .models import Timeline

    queryset = Timeline.objects.all() if timelines is None else timelines
    queryset.update(revision=F("revision") + 1, updated_at=timezone.now())


def bump_for_events(event_ids):
    from .models import Timeline

    bump(Timeline.objects.filter(events__in=list(event_ids)).distinct())


def connect():
    """Wire the signals; called from the app's ready()."""
    from .models import Actor, Category, Citation, Event, KeyFigure, Media, SourceArticle

    @receiver(post_save, sender=Event, weak=False)
    def event_changed(sender, instance, **kwargs):
        bump_for_events([instance.pk])

    @receiver(pre_delete, sender=Event, weak=False)
    def event_deleted(sender, instance, **kwargs):
        # Before the delete: its timeline links go with it, and after them nothing says which
        # timelines showed it. In the delete's transaction, so no reader sees one without the other.
        bump_for_events([instance.pk])

    @receiver([post_save, post_delete], sender=Citation, weak=False)
    @receiver([post_save, post_delete], sender=KeyFigure, weak=False)
    @receiver([post_save, post_delete], sender=Media, weak=False)
    def part_changed(sender, instance, **kwargs):
        bump_for_events([instance.event_id])

    @receiver([post_save, post_delete], sender=Category, weak=False)
    @receiver([post_save, post_delete], sender=Actor, weak=False)
    @receiver([post_save, post_delete], sender=SourceArticle, weak=False)
    def shared_changed(sender, instance, **kwargs):
        bump()

    def relation_changed(sender, instance, action, reverse, pk_set, **kwargs):
        from .models import Timeline

        if action == "pre_clear" and not reverse:
            bump_for_events([instance.pk])  # before the links to its timelines are gone
        if not action.startswith("post_"):
            return
        if not reverse:  # event.timelines / event.categories / event.actors changed
            bump_for_events([instance.pk])
            if sender is Event.timelines.through and pk_set:
                bump(Timeline.objects.filter(pk__in=pk_set))  # the timelines it left
        elif isinstance(instance, Timeline):
            bump(Timeline.objects.filter(pk=instance.pk))
        elif pk_set:
            bump_for_events(pk_set)
        else:
            bump()

    for through in (Event.timelines.through, Event.categories.through, Event.actors.through):
        m2m_changed.connect(relation_changed, sender=through, weak=False)
