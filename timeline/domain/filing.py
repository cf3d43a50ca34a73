"""The filters' index: timeline_filing (models.Filing), kept by database triggers.

One row per event, per timeline it is in, per category it has, and one more per timeline with
no category (NULL: the timeline as a whole), each holding the event's status, dates and place
in the chronology; the rows are exactly those of

    timeline_event ⋈ timeline_event_timelines ⋈ timeline_event_categories
    UNION ALL timeline_event ⋈ timeline_event_timelines, under no category

(`FILED`). Triggers on the three tables keep it so on every write, whoever makes it: the
admin, imports, `bulk_create`, `QuerySet.update`, m2m `add`/`remove`/`set`/`clear`, deletes,
raw SQL, and TRUNCATE on PostgreSQL. A new (event, timeline, category) row is filed by the
trigger of whichever of its three rows is written last, so the order of the writes does
not matter; an (event, timeline) row by the event's or its timeline link's.

The rows under a category answer the category filter; those under none answer the filters
without one (a date range, and a search on SQLite) and the whole timeline's counts, from one
index range instead of each event's row.

`install` creates the triggers and files the existing rows; it is idempotent. On SQLite the
triggers exist only between migrations: a trigger on one table that names another stops
SQLite from renaming a rebuilt table into place (a migration's AlterField on Event), so
`before_migrate` drops them when migrations are about to run and `reinstall` puts them back
after (post_migrate), filing every row anew. PostgreSQL rebuilds nothing and keeps them.
"""

from django.db import connections

TABLE = "timeline_filing"
COLUMNS = "timeline_id, category_id, event_id, status, start_day, end_day, day_order, importance"
COPIED_FROM_EVENT = "e.id, e.status, e.start_day, e.end_day, e.day_order, e.importance"
IN_TIMELINES = "FROM timeline_event e JOIN timeline_event_timelines t ON t.event_id = e.id"
BY_CATEGORY = (
    f"SELECT t.timeline_id, c.category_id, {COPIED_FROM_EVENT} {IN_TIMELINES} "
    "JOIN timeline_event_categories c ON c.event_id = e.id"
)
WHOLE = f"SELECT t.timeline_id, NULL, {COPIED_FROM_EVENT} {IN_TIMELINES}"  # under no category
FILED = f"{BY_CATEGORY} UNION ALL {WHOLE}"
# What each table's triggers do; {row} is NEW or OLD. (table, filed for a new row, unfiled for an old
# one, and whether the row under no category is filed too: a category link leaves it as it is)
LINKS = {
    "timeline_event_timelines": (
        "e.id = {row}.event_id AND t.timeline_id = {row}.timeline_id",
        "event_id = {row}.event_id AND timeline_id = {row}.timeline_id",
        True,
    ),
    "timeline_event_categories": (
        "e.id = {row}.event_id AND c.category_id = {row}.category_id",
        "event_id = {row}.event_id AND category_id = {row}.category_id",
        False,
    ),
}
COPIED = ("status", "start_day", "end_day", "day_order", "importance")  # from the event into its rows


def _file(where, row, whole=True):
    """The statements that file what `where` selects: under each category, and under none (`whole`)."""
    selects = [BY_CATEGORY, WHOLE] if whole else [BY_CATEGORY]
    return " ".join(f"INSERT INTO {TABLE} ({COLUMNS}) {select} WHERE {where.format(row=row)};" for select in selects)


def _unfile(where, row):
    return f"DELETE FROM {TABLE} WHERE {where.format(row=row)};"


def _event_update(new, old):
    assignments = ", ".join(f"{column} = {new}.{column}" for column in COPIED)
    return f"UPDATE {TABLE} SET event_id = {new}.id, {assignments} WHERE event_id = {old}.id;"


def _sqlite_triggers(whole=True):
    """{name: SQL} of every trigger, on SQLite; `whole`: the rows under no category are filed too."""
    triggers = {
        f"{TABLE}_event_insert": f"AFTER INSERT ON timeline_event BEGIN {_file('e.id = {row}.id', 'new', whole)} END",
        f"{TABLE}_event_update": (
            f"AFTER UPDATE OF id, {', '.join(COPIED)} ON timeline_event BEGIN {_event_update('new', 'old')} END"
        ),
        f"{TABLE}_event_delete": f"AFTER DELETE ON timeline_event BEGIN {_unfile('event_id = {row}.id', 'old')} END",
    }
    for table, (filed, unfiled, link_whole) in LINKS.items():
        also = whole and link_whole
        triggers[f"{TABLE}_{table}_insert"] = f"AFTER INSERT ON {table} BEGIN {_file(filed, 'new', also)} END"
        triggers[f"{TABLE}_{table}_delete"] = f"AFTER DELETE ON {table} BEGIN {_unfile(unfiled, 'old')} END"
        triggers[f"{TABLE}_{table}_update"] = (
            f"AFTER UPDATE ON {table} BEGIN {_unfile(unfiled, 'old')} {_file(filed, 'new', also)} END"
        )
    return triggers


def _postgresql_functions(whole=True):
    """{table: plpgsql body} of the row trigger on each table, on PostgreSQL; `whole` as on SQLite."""
    new, old = (", ".join(f"{row}.{column}" for column in ("id", *COPIED)) for row in ("NEW", "OLD"))
    changed = f"({new}) IS DISTINCT FROM ({old})"
    functions = {
        "timeline_event": (
            f"IF TG_OP = 'INSERT' THEN {_file('e.id = {row}.id', 'NEW', whole)} "
            f"ELSIF TG_OP = 'DELETE' THEN {_unfile('event_id = {row}.id', 'OLD')} "
            f"ELSIF {changed} THEN {_event_update('NEW', 'OLD')} END IF;"
        )
    }
    for table, (filed, unfiled, link_whole) in LINKS.items():
        functions[table] = (
            f"IF TG_OP IN ('UPDATE', 'DELETE') THEN {_unfile(unfiled, 'OLD')} END IF; "
            f"IF TG_OP IN ('INSERT', 'UPDATE') THEN {_file(filed, 'NEW', whole and link_whole)} END IF;"
        )
    return functions


def install(connection, refile=False, whole=None):
    """Create the triggers where missing and file what is not filed. Idempotent. `refile` files
    every row anew on PostgreSQL too (a migration that changed what is filed). `whole`: file the
    rows under no category; by default, if the table can hold them (migration 0016 on), so that
    migrating back to 0015 leaves triggers that 0015's table takes."""
    if whole is None:
        whole = _takes_whole(connection)
    if connection.vendor == "sqlite":
        _install_sqlite(connection, whole)
    elif connection.vendor == "postgresql":
        _install_postgresql(connection, refile, whole)


def _takes_whole(connection):
    """Can the table hold rows under no category (is category_id nullable)?"""
    with connection.cursor() as cursor:
        columns = connection.introspection.get_table_description(cursor, TABLE)
    return next(column.null_ok for column in columns if column.name == "category_id")


def uninstall(connection):
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for name in _sqlite_triggers():
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
        elif connection.vendor == "postgresql":
            for table in _postgresql_functions():
                cursor.execute(f"DROP TRIGGER IF EXISTS {TABLE} ON {table}")
                cursor.execute(f"DROP TRIGGER IF EXISTS {TABLE}_truncate ON {table}")
                cursor.execute(f"DROP FUNCTION IF EXISTS {TABLE}_{table}()")
            cursor.execute(f"DROP FUNCTION IF EXISTS {TABLE}_truncate()")
            cursor.execute(f"DROP FUNCTION IF EXISTS {TABLE}_truncate_categories()")


def _refile(cursor, whole):
    cursor.execute(f"DELETE FROM {TABLE}")
    cursor.execute(f"INSERT INTO {TABLE} ({COLUMNS}) {FILED if whole else BY_CATEGORY}")


def _install_sqlite(connection, whole):
    triggers = _sqlite_triggers(whole)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE '{TABLE}_%'")
        present = {name for (name,) in cursor.fetchall()}
        if present == set(triggers):
            return
        for name, body in triggers.items():
            cursor.execute(f"CREATE TRIGGER IF NOT EXISTS {name} {body}")
        # Rows written while a trigger was missing (or before there were any) are filed anew.
        _refile(cursor, whole)
        # A migration that rebuilt the table dropped its statistics: where ANALYZE has been run,
        # they are taken again, or the planner guesses (the category filter's statement at 100k
        # events took 23.7 ms instead of 14.8 without them).
        cursor.execute("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'")
        if cursor.fetchone()[0]:
            cursor.execute(f"ANALYZE {TABLE}")


def _install_postgresql(connection, refile, whole):
    with connection.cursor() as cursor:
        # TRUNCATE of the events or their timeline links empties the index; of the category links,
        # only the rows under a category: the events are still in their timelines.
        for name, where in (("truncate", ""), ("truncate_categories", " WHERE category_id IS NOT NULL")):
            cursor.execute(
                f"CREATE OR REPLACE FUNCTION {TABLE}_{name}() RETURNS trigger LANGUAGE plpgsql AS $$ "
                f"BEGIN DELETE FROM {TABLE}{where}; RETURN NULL; END $$"
            )
        for table, body in _postgresql_functions(whole).items():
            cursor.execute(
                f"CREATE OR REPLACE FUNCTION {TABLE}_{table}() RETURNS trigger LANGUAGE plpgsql AS $$ "
                f"BEGIN {body} RETURN NULL; END $$"
            )
            cursor.execute(
                f"CREATE OR REPLACE TRIGGER {TABLE} AFTER INSERT OR UPDATE OR DELETE ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION {TABLE}_{table}()"
            )
            truncate = "truncate_categories" if table == "timeline_event_categories" else "truncate"
            cursor.execute(
                f"CREATE OR REPLACE TRIGGER {TABLE}_truncate AFTER TRUNCATE ON {table} "
                f"FOR EACH STATEMENT EXECUTE FUNCTION {TABLE}_{truncate}()"
            )
        if not refile:
            cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {TABLE})")
            if cursor.fetchone()[0]:
                return  # filed already, and kept so by the triggers
        _refile(cursor, whole)
        if refile:
            cursor.execute(f"ANALYZE {TABLE}")  # its row count changed at once: the planner learns it now


def before_migrate(using="default", plan=None, **kwargs):
    """pre_migrate: on SQLite, drop the triggers while migrations run (`reinstall` puts them back)."""
    connection = connections[using]
    if plan and connection.vendor == "sqlite":
        uninstall(connection)


def reinstall(using="default", **kwargs):
    """post_migrate: on SQLite, put back the triggers and file every row anew."""
    connection = connections[using]
    if connection.vendor == "sqlite" and TABLE in connection.introspection.table_names():
        install(connection)
