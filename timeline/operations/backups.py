"""Backups an operator can trust: a consistent, complete snapshot taken while the site serves,
and a restore into an empty database.

A backup is a directory:

    manifest.json       what it holds: engine, when, the last migration it was taken at
    database.sqlite3    SQLite: a page-for-page copy by SQLite's online backup API, or
    database.pgdump     PostgreSQL: pg_dump's custom format (one snapshot transaction)
    media.tar           the uploaded files under MEDIA_ROOT, when there are any

Both database copies see one instant: SQLite's backup step reads every page under one
read lock (writers in WAL mode carry on), pg_dump reads in one repeatable-read
transaction. Everything is in them: drafts, candidates, citations' claims, history,
users and the admin log, not only what the public exports show.
"""

import datetime
import glob
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connections
from django.db.migrations.recorder import MigrationRecorder

MANIFEST = "manifest.json"
SQLITE_FILE = "database.sqlite3"
POSTGRES_FILE = "database.pgdump"
MEDIA_FILE = "media.tar"
# Rows that `migrate` itself writes into a new database; any other row means it is in use.
MADE_BY_MIGRATE = {"contenttypes.contenttype", "auth.permission", "auth.group", "sessions.session"}


class BackupError(Exception):
    """A backup or restore that cannot go ahead, with the reason in words."""


def backup(path, using="default"):
    """Write a snapshot of the database (and media) into the new directory `path`; returns the manifest."""
    target = Path(path)
    if target.exists() and any(target.iterdir()):
        raise BackupError(f"{target} already exists and is not empty; give a new directory.")
    target.mkdir(parents=True, exist_ok=True)
    connection = connections[using]
    if connection.vendor == "sqlite":
        database = SQLITE_FILE
        _backup_sqlite(connection, target / database)
    elif connection.vendor == "postgresql":
        database = POSTGRES_FILE
        _run(_pg_tool("pg_dump"), "--format=custom", "--no-owner", f"--file={target / database}",
             *_pg_target(connection), settings_dict=connection.settings_dict)  # fmt: skip
    else:
        raise BackupError(f"Backups of {connection.vendor} databases are not supported.")
    media = _media_root()
    has_media = media is not None and any(path.is_file() for path in media.rglob("*"))
    if has_media:
        with tarfile.open(target / MEDIA_FILE, "w") as archive:
            archive.add(media, arcname=".")
    manifest = {
        "engine": connection.vendor,
        "database": database,
        "media": MEDIA_FILE if has_media else None,
        "created": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "last_migration": _last_migration(connection),
    }
    (target / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n")
    return manifest


def restore(path, using="default"):
    """Bring the snapshot in `path` back into the database `using`, which must hold no data yet."""
    source = Path(path)
    try:
        manifest = json.loads((source / MANIFEST).read_text())
    except (OSError, ValueError) as error:
        raise BackupError(f"{source} is not a backup made by `manage.py backup` ({error}).") from None
    connection = connections[using]
    if manifest["engine"] != connection.vendor:
        raise BackupError(f"This backup is of a {manifest['engine']} database; the site uses {connection.vendor}.")
    in_use = tables_with_data(connection)
    if in_use:
        raise BackupError(
            "The database is not empty, so nothing was restored (restoring would mix two sites). "
            f"Tables with data: {', '.join(in_use[:8])}{'…' if len(in_use) > 8 else ''}. "
            "Restore into a new, empty database (set DATABASE_URL to it)."
        )
    media = _media_root()
    if manifest.get("media"):
        if media is None:
            raise BackupError("The backup holds uploaded media but MEDIA_ROOT is not set.")
        if media.exists() and any(media.iterdir()):
            raise BackupError(f"MEDIA_ROOT ({media}) is not empty, so nothing was restored.")
    if connection.vendor == "sqlite":
        _restore_sqlite(connection, source / manifest["database"])
    else:
        _run(_pg_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--single-transaction",
             *_pg_target(connection, flag="--dbname"), str(source / manifest["database"]),
             settings_dict=connection.settings_dict)  # fmt: skip
    if manifest.get("media"):
        media.mkdir(parents=True, exist_ok=True)
        with tarfile.open(source / manifest["media"]) as archive:
            archive.extractall(media, filter="data")
    return manifest


def tables_with_data(connection):
    """Tables of the site's models that hold rows other than what `migrate` writes."""
    existing = set(connection.introspection.table_names())
    busy = []
    for model in apps.get_models(include_auto_created=True):
        table = model._meta.db_table
        ours = table in existing and model._meta.label_lower not in MADE_BY_MIGRATE
        if ours and not _is_made_by_migrate(model) and model._base_manager.using(connection.alias).exists():
            busy.append(table)
    return sorted(busy)


def _is_made_by_migrate(model):
    """The group-permission links of the Editors group (migration 0004) are migrate's too."""
    return model._meta.auto_created and model._meta.auto_created._meta.label_lower in MADE_BY_MIGRATE


def _backup_sqlite(connection, destination):
    connection.ensure_connection()
    copy = sqlite3.connect(destination)
    try:
        with copy:
            connection.connection.backup(copy)  # all pages in one step: one consistent instant
    finally:
        copy.close()


def _restore_sqlite(connection, source):
    connection.ensure_connection()
    if connection.in_atomic_block:
        raise BackupError("Restore cannot run inside a transaction.")
    snapshot = sqlite3.connect(source)
    try:
        snapshot.backup(connection.connection)
    finally:
        snapshot.close()


def _pg_tool(name):
    """pg_dump or pg_restore: on PATH, or the newest under /usr/lib/postgresql/*/bin (Debian)."""
    found = shutil.which(name) or next(iter(sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)), None)
    if not found:
        raise BackupError(f"{name} was not found; install the PostgreSQL client tools.")
    return found


def _pg_target(connection, flag=None):
    params = connection.settings_dict
    args = [f"--host={params['HOST']}"] if params.get("HOST") else []
    args += [f"--port={params['PORT']}"] if params.get("PORT") else []
    args += [f"--username={params['USER']}"] if params.get("USER") else []
    return [*args, f"{flag}={params['NAME']}" if flag else params["NAME"]]


def _run(*command, settings_dict):
    env = {**os.environ, "PGPASSWORD": settings_dict.get("PASSWORD") or ""}
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed: {result.stderr.strip()}")


def _media_root():
    root = getattr(settings, "MEDIA_ROOT", "")
    return Path(root) if root else None


def _last_migration(connection):
    recorder = MigrationRecorder(connection)
    if not recorder.has_table():
        return None
    last = recorder.migration_qs.filter(app="timeline").order_by("-applied", "-id").first()
    return last.name if last else None
