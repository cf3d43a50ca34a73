"""Writing many rows at once, in short transactions, with their history and fresh planner statistics.

On SQLite one writer holds the database at a time: a transaction that lasts
minutes makes every other editor's save wait minutes, then fail. Imports, bulk
actions and article intake therefore write `batches()` of rows, each batch in
its own transaction (all of it or none), and bulk writes skip Model.save(), so
the history django-simple-history would have recorded on save is recorded here,
with the events' categories, actors and timelines as they stand after the write.
"""

from itertools import islice

from django.apps import apps
from django.db import connection
from django.utils import timezone

from ..domain import caching
from ..domain.models import Event, Filing, Media

# Rows per write transaction: a batch takes a few tens of milliseconds on SQLite, so a save
# from the admin during an import waits at most that long for the write lock.
BATCH = 100
# The event's many-to-many relations whose links history records, with each link's column.
RELATIONS = {"timelines": "timeline_id", "categories": "category_id", "actors": "actor_id"}


def batches(rows, size=BATCH):
    """`rows` in lists of at most `size`."""
    rows = iter(rows)
    while batch := list(islice(rows, size)):
        yield batch


def record_event_history(created=(), changed=(), *, reason="", user=None, when=None):
    """History rows for events written in bulk, as a save of each would have made them,
    with their relations (the history of an event says which timelines it was in).

    The rows are copied inside the database (INSERT ... SELECT), not built as objects:
    at import sizes this halves the time each batch holds the write lock.
    """
    when = when or timezone.now()
    for events, kind in ((created, "+"), (changed, "~")):
        ids = [event.pk for event in events]
        if ids:
            _copy_to_history(ids, kind, reason, user, when)


def record_history(model, created, *, reason="", user=None, when=None):
    """History rows for rows of `model` (one without related links in its history: a citation,
    a key figure, a media item) created in bulk, as a save of each would have made them."""
    ids = [row.pk for row in created]
    if ids:
        _copy_rows(model, ids, "+", reason, user, when or timezone.now())


def _copy_rows(model, ids, kind, reason, user, when):
    """Copy the rows `ids` of `model` into its history table, inside the database (INSERT ... SELECT)."""
    history = model.history.model
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in history.tracked_fields)
    marks = ", ".join(["%s"] * len(ids))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {quote(history._meta.db_table)} ({columns}, history_date, history_change_reason, "
            f"history_type, history_user_id) SELECT {columns}, %s, %s, %s, %s FROM {quote(model._meta.db_table)} "
            f"WHERE {quote(model._meta.pk.column)} IN ({marks})",
            [connection.ops.adapt_datetimefield_value(when), reason, kind, user.pk if user else None, *ids],
        )


def _copy_to_history(ids, kind, reason, user, when):
    _copy_rows(Event, ids, kind, reason, user, when)
    history = Event.history.model
    quote = connection.ops.quote_name
    marks = ", ".join(["%s"] * len(ids))
    stamp = connection.ops.adapt_datetimefield_value(when)
    with connection.cursor() as cursor:
        for relation, column in RELATIONS.items():
            through = getattr(Event, relation).through._meta.db_table
            target = _history_of(relation)._meta.db_table
            cursor.execute(
                f"INSERT INTO {quote(target)} (id, event_id, {column}, history_id) "
                f"SELECT link.id, link.event_id, link.{column}, record.history_id FROM {quote(through)} link "
                f"JOIN {quote(history._meta.db_table)} record ON record.id = link.event_id "
                f"AND record.history_date = %s AND record.history_type = %s WHERE link.event_id IN ({marks})",
                [stamp, kind, *ids],
            )


def refresh_statistics(written):
    """After a bulk write that created, linked or changed `written` events (an import, an admin
    bulk action): on PostgreSQL, ANALYZE the tables such writes fill if that is more than
    autovacuum's own threshold (50 rows and a tenth of the events counted).

    Autovacuum analyses a grown table a minute or more after the write, and until then the
    planner keeps the old row counts. Counted as empty (autovacuum after the rows were
    deleted), a timeline of imported events was planned as one row, and its export's join
    became a nested loop that read every link of the timeline for each event: 51 s instead of
    10 s at 20,000 events, and at 50,000 more than ten minutes, when CI was stopped. Adding
    thousands of events to a timeline, or publishing them, moves the link table's and the
    category filter's counts the same way. SQLite's planner uses no row counts unless ANALYZE
    was run.
    """
    if connection.vendor != "postgresql" or written <= 0:
        return
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [Event._meta.db_table])
        known = max(cursor.fetchone()[0], 0)  # -1: never counted
        if written <= 50 + 0.1 * known:
            return
        for table in _bulk_written_tables():
            cursor.execute(f"ANALYZE {quote(table)}")


def _bulk_written_tables():
    """The tables an import fills: the events, their links, the category filter's index, media and history."""
    models = [Event, Filing, Media, Event.history.model, Media.history.model]
    models += [getattr(Event, relation).through for relation in RELATIONS]
    models += [_history_of(relation) for relation in RELATIONS]
    return [model._meta.db_table for model in models]


def _history_of(relation):
    """The model django-simple-history keeps an event relation's links in."""
    return apps.get_model("timeline", f"HistoricalEvent_{relation}")


def events_changed(event_ids):
    """Readers' caches of every timeline showing these events are stale (bulk writes send no signals)."""
    caching.bump_for_events(list(event_ids))
