"""Knowing when a timeline changed, so derived data can be cached safely.

Every timeline carries a `revision` number. Any change that can alter what a
reader sees of it (an event saved or deleted, its categories, actors,
citations or key figures changed, a category or source renamed) bumps the
revision through the signals below. Cache keys include the revision, so a
stale entry is never read again; nothing has to be deleted.

Bulk updates (QuerySet.update, bulk_create) send no signals: code that uses
them calls bump() itself, as the admin actions do.
"""

from django.core.cache import cache
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone

CACHE_SECONDS = 60 * 60


def bump(timelines=None):
    """Mark timelines (a queryset, or all when None) as changed."""
    from .models import Timeline

    queryset = Timeline.objects.all() if timelines is None else timelines
    queryset.update(revision=F("revision") + 1, updated_at=timezone.now())


def bump_for_events(event_ids):
    from .models import Timeline

    bump(Timeline.objects.filter(events__in=list(event_ids)).distinct())


def cached(timeline, name, compute):
    """`compute()`, remembered until the timeline next changes."""
    key = f"timeline:{timeline.pk}:{timeline.revision}:{name}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, CACHE_SECONDS)
    return value


def connect():
    """Wire the signals; called from the app's ready()."""
    from .models import Actor, Category, Citation, Event, KeyFigure, SourceArticle

    @receiver([post_save, post_delete], sender=Event, weak=False)
    def event_changed(sender, instance, **kwargs):
        bump_for_events([instance.pk])

    @receiver([post_save, post_delete], sender=Citation, weak=False)
    @receiver([post_save, post_delete], sender=KeyFigure, weak=False)
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
