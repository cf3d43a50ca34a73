"""Writing many rows at once, in short transactions, with their history.

On SQLite one writer holds the database at a time: a transaction that lasts
minutes makes every other editor's save wait minutes, then fail. Imports, bulk
actions and article intake therefore write `batches()` of rows, each batch in
its own transaction (all of it or none), and bulk writes skip Model.save(), so
the history django-simple-history would have recorded on save is recorded here,
with the events' categories, actors and timelines as they stand after the write.
"""

from itertools import islice

from django.apps import apps
from django.utils import timezone

from ..domain import caching
from ..domain.models import Event

# Rows per write transaction: a batch takes a few tens of milliseconds on SQLite, so a save
# from the admin during an import waits at most that long for the write lock.
BATCH = 100


def batches(rows, size=BATCH):
    """`rows` in lists of at most `size`."""
    rows = iter(rows)
    while batch := list(islice(rows, size)):
        yield batch


def record_event_history(created=(), changed=(), *, reason="", user=None, when=None):
    """History rows for events written in bulk, as a save of each would have made them,
    with their relations (the history of an event says which timelines it was in)."""
    when = when or timezone.now()
    options = {"default_date": when, "default_change_reason": reason, "default_user": user}
    historical = [
        *(Event.history.bulk_history_create(list(created), **options) or []),
        *(Event.history.bulk_history_create(list(changed), update=True, **options) or []),
    ]
    if not historical:
        return
    history_of = {record.id: record.history_id for record in historical}
    for relation, column in (("timelines", "timeline_id"), ("categories", "category_id"), ("actors", "actor_id")):
        links = getattr(Event, relation).through.objects.filter(event_id__in=history_of)
        model = apps.get_model("timeline", f"HistoricalEvent_{relation}")
        model.objects.bulk_create(
            model(
                history_id=history_of[link["event_id"]],
                id=link["id"],
                event_id=link["event_id"],
                **{column: link[column]},
            )
            for link in links.values("id", "event_id", column)
        )


def events_changed(event_ids):
    """Readers' caches of every timeline showing these events are stale (bulk writes send no signals)."""
    caching.bump_for_events(list(event_ids))
