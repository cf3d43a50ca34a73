"""The category filter's index: timeline_filing (models.Filing), kept by database triggers.

One row per event, per timeline it is in, per category it has, holding the event's status,
dates and place in the chronology; the rows are exactly those of

    timeline_event ⋈ timeline_event_timelines ⋈ timeline_event_categories

(`FILED`). Triggers on the three tables keep it so on every write, whoever makes it: the
admin, imports, `bulk_create`, `QuerySet.update`, m2m `add`/`remove`/`set`/`clear`, deletes,
raw SQL, and TRUNCATE on PostgreSQL. A new (event, timeline, category) row is filed by the
trigger of whichever of its three rows is written last, so the order of the writes does
not matter.

`install` creates the triggers and files the existing rows; it is idempotent. On SQLite the
triggers exist only between migrations: a trigger on one table that names another stops
SQLite from renaming a rebuilt table into place (a migration's AlterField on Event), so
`before_migrate` drops them when migrations are about to run and `reinstall` puts them back
after (post_migrate), filing every row anew. PostgreSQL rebuilds nothing and keeps them.
"""

from django.db import connections

TABLE = "timeline_filing"
COLUMNS = "timeline_id, category_id, event_id, status, start_day, end_day, day_order, importance"
FILED = (
    "SELECT t.timeline_id, c.category_id, e.id, e.status, e.start_day, e.end_day, e.day_order, e.importance "
    "FROM timeline_event e "
    "JOIN timeline_event_timelines t ON t.event_id = e.id "
    "JOIN timeline_event_categories c ON c.event_id = e.id"
)
# What each table's triggers do; {row} is NEW or OLD. (table, filed for a new row, unfiled for an old one)
LINKS = {
    "timeline_event_timelines": (
        "e.id = {row}.event_id AND t.timeline_id = {row}.timeline_id",
        "event_id = {row}.event_id AND timeline_id = {row}.timeline_id",
    ),
    "timeline_event_categories": (
        "e.id = {row}.event_id AND c.category_id = {row}.category_id",
        "event_id = {row}.event_id AND category_id = {row}.category_id",
    ),
}
COPIED = ("status", "start_day", "end_day", "day_order", "importance")  # from the event into its rows


def _file(where, row):
    return f"INSERT INTO {TABLE} ({COLUMNS}) {FILED} WHERE {where.format(row=row)};"


def _unfile(where, row):
    return f"DELETE FROM {TABLE} WHERE {where.format(row=row)};"


def _event_update(new, old):
    assignments = ", ".join(f"{column} = {new}.{column}" for column in COPIED)
    return f"UPDATE {TABLE} SET event_id = {new}.id, {assignments} WHERE event_id = {old}.id;"


def _sqlite_triggers():
    """{name: SQL} of every trigger, on SQLite."""
    triggers = {
        f"{TABLE}_event_insert": f"AFTER INSERT ON timeline_event BEGIN {_file('e.id = {row}.id', 'new')} END",
        f"{TABLE}_event_update": (
            f"AFTER UPDATE OF id, {', '.join(COPIED)} ON timeline_event BEGIN {_event_update('new', 'old')} END"
        ),
        f"{TABLE}_event_delete": f"AFTER DELETE ON timeline_event BEGIN {_unfile('event_id = {row}.id', 'old')} END",
    }
    for table, (filed, unfiled) in LINKS.items():
        triggers[f"{TABLE}_{table}_insert"] = f"AFTER INSERT ON {table} BEGIN {_file(filed, 'new')} END"
        triggers[f"{TABLE}_{table}_delete"] = f"AFTER DELETE ON {table} BEGIN {_unfile(unfiled, 'old')} END"
        triggers[f"{TABLE}_{table}_update"] = (
            f"AFTER UPDATE ON {table} BEGIN {_unfile(unfiled, 'old')} {_file(filed, 'new')} END"
        )
    return triggers


def _postgresql_functions():
    """{table: plpgsql body} of the row trigger on each table, on PostgreSQL."""
    new, old = (", ".join(f"{row}.{column}" for column in ("id", *COPIED)) for row in ("NEW", "OLD"))
    changed = f"({new}) IS DISTINCT FROM ({old})"
    functions = {
        "timeline_event": (
            f"IF TG_OP = 'INSERT' THEN {_file('e.id = {row}.id', 'NEW')} "
            f"ELSIF TG_OP = 'DELETE' THEN {_unfile('event_id = {row}.id', 'OLD')} "
            f"ELSIF {changed} THEN {_event_update('NEW', 'OLD')} END IF;"
        )
    }
    for table, (filed, unfiled) in LINKS.items():
        functions[table] = (
            f"IF TG_OP IN ('UPDATE', 'DELETE') THEN {_unfile(unfiled, 'OLD')} END IF; "
            f"IF TG_OP IN ('INSERT', 'UPDATE') THEN {_file(filed, 'NEW')} END IF;"
        )
    return functions


def install(connection):
    """Create the triggers where missing and file what is not filed. Idempotent."""
    if connection.vendor == "sqlite":
        _install_sqlite(connection)
    elif connection.vendor == "postgresql":
        _install_postgresql(connection)


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


def _refile(cursor):
    cursor.execute(f"DELETE FROM {TABLE}")
    cursor.execute(f"INSERT INTO {TABLE} ({COLUMNS}) {FILED}")


def _install_sqlite(connection):
    triggers = _sqlite_triggers()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE '{TABLE}_%'")
        present = {name for (name,) in cursor.fetchall()}
        if present == set(triggers):
            return
        for name, body in triggers.items():
            cursor.execute(f"CREATE TRIGGER IF NOT EXISTS {name} {body}")
        # Rows written while a trigger was missing (or before there were any) are filed anew.
        _refile(cursor)


def _install_postgresql(connection):
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE OR REPLACE FUNCTION {TABLE}_truncate() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN DELETE FROM {TABLE}; RETURN NULL; END $$"
        )
        for table, body in _postgresql_functions().items():
            cursor.execute(
                f"CREATE OR REPLACE FUNCTION {TABLE}_{table}() RETURNS trigger LANGUAGE plpgsql AS $$ "
                f"BEGIN {body} RETURN NULL; END $$"
            )
            cursor.execute(
                f"CREATE OR REPLACE TRIGGER {TABLE} AFTER INSERT OR UPDATE OR DELETE ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION {TABLE}_{table}()"
            )
            cursor.execute(
                f"CREATE OR REPLACE TRIGGER {TABLE}_truncate AFTER TRUNCATE ON {table} "
                f"FOR EACH STATEMENT EXECUTE FUNCTION {TABLE}_truncate()"
            )
        cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {TABLE})")
        if not cursor.fetchone()[0]:
            cursor.execute(f"INSERT INTO {TABLE} ({COLUMNS}) {FILED}")


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
