"""Full-text search: what a reader typed, the index that answers it, and which words it matched.

One owner for the whole concern, so the cache key, the query and the
highlighting can never disagree:

- `normalise` is the one reading of what a reader typed (accents stripped,
  lower case, whitespace collapsed); the count cache key and the database
  query both start from it, so two texts share a cached count only if they
  run the same query.
- `matching` is the condition EventQuerySet.search() adds. An event matches
  a word found in its own text (headline, summary, body, display text) or in
  the name of one of its categories or actors; every word must match; the
  last one is a prefix, so results follow the typing. Words reach the
  database as quoted terms, never as query syntax. Matching names are looked
  up first, so the events query carries only their links, and the words no
  name matched are one query to the index.
- The index: SQLite's FTS5 (`porter unicode61 remove_diacritics 2`) in
  external-content tables kept current by triggers; on PostgreSQL a
  `search_vector` column kept current by a trigger, under a GIN index, and
  GIN expression indexes on category and actor names, all read through the
  `timeline_search` configuration (English stemming after `unaccent`).
  Names are indexed on their own tables, not copied into each event, so a
  rename touches one row and linking a category to an event touches none.
  `install` creates all of it; migration 0011 runs it, and so does every
  migrate (SQLite drops a table's triggers when a migration rebuilds the
  table, so they are put back and the index rebuilt).
- `Matcher` says which words of a text a search matched, with the stemmer
  the database uses (Porter for FTS5, Snowball English for PostgreSQL), for
  the <mark>s on cards.
"""

import functools
import re
import threading
import unicodedata
from typing import NamedTuple

import snowballstemmer
from django.db import connections
from django.db.models import BooleanField, Q
from django.db.models.expressions import Expression, RawSQL

CONFIG = "timeline_search"  # PostgreSQL text search configuration: unaccent, then English stemming
WORD = re.compile(r"[^\W_]+")  # letters and digits, as FTS5's unicode61 tokenizer splits text
TOKENIZER = "porter unicode61 remove_diacritics 2"
# FTS5 keeps a doclist for each prefix of these lengths, so the unfinished last word is read
# like a whole one: a longer prefix ("scien"*) merged every term that starts with it, at
# 100k events two to three times the cost. Names are few: two and three letters do there.
PREFIXES = {"timeline_event": "2 3 4 5 6 7 8 9 10"}
# SQLite: the ids of the events whose own text matches a query (text_query, the one parameter).
MATCHING_EVENT_IDS = "SELECT rowid FROM timeline_event_search WHERE timeline_event_search MATCH %s"
# (table, indexed columns) on SQLite; events by text, categories and actors by name.
INDEXED = {
    "timeline_event": ("headline", "summary", "body", "display_text"),
    "timeline_category": ("name",),
    "timeline_actor": ("name",),
}


def normalise(text):
    """What a reader typed, as search reads it: Latin accents stripped, lower case, whitespace collapsed.

    Only Latin letters lose their accents, as in FTS5's unicode61 tokenizer
    (PostgreSQL's unaccent strips those too, and folds the rest itself): a
    Greek tonos stripped here would no longer find the word in SQLite's index.
    Lower case rather than casefold for the same reason: casefold's "ß" → "ss"
    is a change neither index makes, so "Straße" would no longer find "Straße".
    """
    decomposed = unicodedata.normalize("NFKD", text)
    kept = []
    for character in decomposed:
        if unicodedata.combining(character) and kept and _is_latin(kept[-1]):
            continue
        kept.append(character)
    return " ".join(unicodedata.normalize("NFC", "".join(kept)).lower().split())


def _is_latin(character):
    return character.isascii() or "\u00c0" <= character <= "\u024f" or "\u1e00" <= character <= "\u1eff"


def words(text):
    """The words a search looks for, in order: what FTS5 and PostgreSQL would read as words."""
    return WORD.findall(normalise(text))


class Condition(NamedTuple):
    """What one word (or the words no name matched, together) asks of an event: its own text
    matches every one of `terms`, or it has one of these categories or actors."""

    terms: tuple
    categories: tuple = ()
    actors: tuple = ()


def conditions(found, *, using="default"):
    """The Conditions an event must all meet to match `found` (`searchable()` words, the last
    one a prefix): one per word that names a category or an actor, and one for the words no name
    matched, which go to the index as one query ("a AND b*"): the index intersects them itself,
    and a query reads one set of matches instead of one per word (at 100k events, a common word
    is in most of them).

    The names are looked up here (two small tables, one query per word), so a query only
    carries the links of the names that matched, if any.
    """
    postgresql = connections[using].vendor == "postgresql"
    if postgresql:
        names = f"SELECT id FROM {{table}} WHERE to_tsvector('{CONFIG}'::regconfig, name) @@ to_tsquery('{CONFIG}', %s)"
    else:
        names = "SELECT rowid FROM {table}_search WHERE {table}_search MATCH %s"
    in_text, found_conditions = [], []
    for position, word in enumerate(found):
        term = _term(word, prefix=position == len(found) - 1, postgresql=postgresql)
        with connections[using].cursor() as cursor:
            cursor.execute(
                f"SELECT 'category', * FROM ({names.format(table='timeline_category')}) AS categories "
                f"UNION ALL SELECT 'actor', * FROM ({names.format(table='timeline_actor')}) AS actors",
                [term, term],
            )
            found_names = cursor.fetchall()
        if not found_names:
            in_text.append(term)
            continue
        categories = tuple(pk for kind, pk in found_names if kind == "category")
        actors = tuple(pk for kind, pk in found_names if kind == "actor")
        found_conditions.append(Condition((term,), categories, actors))
    if in_text:
        found_conditions.append(Condition(tuple(in_text)))
    return found_conditions


def text_query(terms, *, postgresql):
    """The index's query for a text that matches every one of `terms`: FTS5's MATCH, or PostgreSQL's tsquery."""
    if postgresql:
        return " & ".join(f"({term})" for term in terms)
    return " AND ".join(terms)


def matching(found, *, using="default"):
    """A Q for events that have every word of `found` (`searchable()` words, the last one a
    prefix) in their text or in a category's or actor's name (`conditions`)."""
    from .models import Event

    postgresql = connections[using].vendor == "postgresql"
    condition = Q()
    for needed in conditions(found, using=using):
        either = _text_matches(needed.terms, postgresql)
        if needed.categories:
            links = Event.categories.through.objects.filter(category_id__in=needed.categories)
            either |= Q(pk__in=links.values("event_id"))
        if needed.actors:
            links = Event.actors.through.objects.filter(actor_id__in=needed.actors)
            either |= Q(pk__in=links.values("event_id"))
        condition &= either
    return condition


def _term(word, *, prefix, postgresql):
    """One word as a quoted index term, never query syntax; the last word is a prefix."""
    if not postgresql:
        return f'"{word}"' + ("*" if prefix else "")
    # 'w' | 'w':* finds what 'w':* finds. PostgreSQL guesses a prefix matches 2% of the rows
    # whatever it is, so it would gather every match of a common word from the GIN index before
    # the other filters; with the word itself beside it, the estimate comes from the column's
    # statistics, and a common word is tested on the rows the other filters leave instead.
    return f"'{word}' | '{word}':*" if prefix else f"'{word}'"


def _text_matches(terms, postgresql):
    """A Q for events whose own text matches every one of `terms`."""
    query = text_query(terms, postgresql=postgresql)
    if postgresql:
        # On the row itself: PostgreSQL tests the few rows the other filters leave, or ANDs the GIN index in.
        return Q(_VectorMatches(query))
    return Q(pk__in=RawSQL(MATCHING_EVENT_IDS, [query]))


class _VectorMatches(Expression):
    """`<events table>.search_vector @@ to_tsquery(...)`, under whatever alias the events table has in the query."""

    output_field = BooleanField()
    conditional = True

    def __init__(self, term):
        super().__init__()
        self.term = term

    def as_sql(self, compiler, connection):
        table = compiler.quote_name(compiler.query.get_initial_alias())
        return f"{table}.search_vector @@ to_tsquery('{CONFIG}'::regconfig, %s)", [self.term]


def searchable(text, using="default"):
    """The words of `text` that can match anything: PostgreSQL leaves out English stop words ("the", "of")."""
    found = words(text)
    if connections[using].vendor != "postgresql":
        return found
    return [word for word in found if not _is_stop_word(word, using)]


@functools.lru_cache(maxsize=4096)
def _is_stop_word(word, using):
    with connections[using].cursor() as cursor:
        cursor.execute(f"SELECT numnode(to_tsquery('{CONFIG}'::regconfig, %s)) = 0", [f"'{word}'"])
        return cursor.fetchone()[0]


class Matcher:
    """Which words of a text the search for `text` matched: the same words, stems and prefix rule as the query."""

    def __init__(self, text, using="default"):
        self._algorithm = "english" if connections[using].vendor == "postgresql" else "porter"
        found = searchable(text, using)
        self._exact = {_stem(word, self._algorithm) for word in found[:-1]}
        self._prefix = _stem(found[-1], self._algorithm) if found else None

    def __bool__(self):
        return self._prefix is not None

    def matches(self, word):
        """Does `word`, as it appears in a text (any case, any accents), match the search?"""
        if not self:
            return False
        stem = _stem(word, self._algorithm)
        return bool(stem) and (stem in self._exact or stem.startswith(self._prefix))


@functools.lru_cache(maxsize=65536)
def _stem(word, algorithm):
    """The index term of a word: normalised, then stemmed as the database stems it."""
    return _stemmer(algorithm).stemWord(normalise(word))


_threads = threading.local()  # a Snowball stemmer keeps state while it works: one per thread


def _stemmer(algorithm):
    stemmers = _threads.__dict__.setdefault("stemmers", {})
    if algorithm not in stemmers:
        stemmers[algorithm] = snowballstemmer.stemmer(algorithm)
    return stemmers[algorithm]


def install(connection):
    """Create the index, its triggers and (PostgreSQL) its configuration where missing; fill what is new.

    Idempotent: migration 0011 calls it, and so does every migrate (apps.py).
    """
    if connection.vendor == "postgresql":
        _install_postgresql(connection)
    elif connection.vendor == "sqlite":
        _install_sqlite(connection)


def uninstall(connection):
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("DROP TRIGGER IF EXISTS timeline_event_search ON timeline_event")
            cursor.execute("DROP FUNCTION IF EXISTS timeline_event_search_vector()")
            cursor.execute("ALTER TABLE timeline_event DROP COLUMN IF EXISTS search_vector")
            cursor.execute("DROP INDEX IF EXISTS timeline_category_search")
            cursor.execute("DROP INDEX IF EXISTS timeline_actor_search")
            cursor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {CONFIG}")
        elif connection.vendor == "sqlite":
            for table in INDEXED:
                for action in ("insert", "update", "delete"):
                    cursor.execute(f"DROP TRIGGER IF EXISTS {table}_search_{action}")
                cursor.execute(f"DROP TABLE IF EXISTS {table}_search")


def _install_sqlite(connection):
    with connection.cursor() as cursor:
        for table, columns in INDEXED.items():
            index = f"{table}_search"
            cursor.execute("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s", [f"{index}_%"])
            if cursor.fetchone()[0] == 3 and _rows(cursor, table) == _rows(cursor, f"{index}_docsize"):
                continue
            listed = ", ".join(columns)
            new = ", ".join(f"new.{column}" for column in columns)
            old = ", ".join(f"old.{column}" for column in columns)
            cursor.execute(
                f"CREATE VIRTUAL TABLE IF NOT EXISTS {index} USING fts5({listed}, content='{table}', "
                f"content_rowid='id', tokenize='{TOKENIZER}', prefix='{PREFIXES.get(table, '2 3')}')"
            )
            insert = f"INSERT INTO {index}(rowid, {listed}) VALUES (new.id, {new});"
            delete = f"INSERT INTO {index}({index}, rowid, {listed}) VALUES ('delete', old.id, {old});"
            triggers = {
                "insert": f"AFTER INSERT ON {table} BEGIN {insert} END",
                "update": f"AFTER UPDATE OF {listed} ON {table} BEGIN {delete} {insert} END",
                "delete": f"AFTER DELETE ON {table} BEGIN {delete} END",
            }
            for action, body in triggers.items():
                cursor.execute(f"CREATE TRIGGER IF NOT EXISTS {index}_{action} {body}")
            # Rows written while the triggers were missing (or before they existed) are read in again.
            cursor.execute(f"INSERT INTO {index}({index}) VALUES ('rebuild')")


def reindex_events(connection):
    """Rebuild the events' text index with the table's present options (PREFIXES); SQLite only."""
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        for action in ("insert", "update", "delete"):
            cursor.execute(f"DROP TRIGGER IF EXISTS timeline_event_search_{action}")
        cursor.execute("DROP TABLE IF EXISTS timeline_event_search")
    _install_sqlite(connection)


def _rows(cursor, table):
    cursor.execute(f"SELECT count(*) FROM {table}")
    return cursor.fetchone()[0]


def _install_postgresql(connection):
    def document(row):
        columns = ", ".join(f"{row}{column}" for column in INDEXED["timeline_event"])
        return f"to_tsvector('{CONFIG}'::regconfig, concat_ws(' ', {columns}))"

    with connection.cursor() as cursor:
        cursor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
        cursor.execute("SELECT 1 FROM pg_ts_config WHERE cfgname = %s", [CONFIG])
        if cursor.fetchone() is None:
            cursor.execute(f"CREATE TEXT SEARCH CONFIGURATION {CONFIG} (COPY = english)")
            cursor.execute(
                f"ALTER TEXT SEARCH CONFIGURATION {CONFIG} "
                "ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem"
            )
        cursor.execute("ALTER TABLE timeline_event ADD COLUMN IF NOT EXISTS search_vector tsvector")
        cursor.execute(
            "CREATE OR REPLACE FUNCTION timeline_event_search_vector() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN NEW.search_vector := {document('NEW.')}; RETURN NEW; END $$"
        )
        cursor.execute(
            "CREATE OR REPLACE TRIGGER timeline_event_search "
            "BEFORE INSERT OR UPDATE OF headline, summary, body, display_text ON timeline_event "
            "FOR EACH ROW EXECUTE FUNCTION timeline_event_search_vector()"
        )
        cursor.execute(f"UPDATE timeline_event SET search_vector = {document('')} WHERE search_vector IS NULL")
        cursor.execute("CREATE INDEX IF NOT EXISTS timeline_event_search ON timeline_event USING gin (search_vector)")
        for table in ("timeline_category", "timeline_actor"):
            cursor.execute(
                f"CREATE INDEX IF NOT EXISTS {table}_search ON {table} "
                f"USING gin (to_tsvector('{CONFIG}'::regconfig, name))"
            )


def reinstall(using="default", **kwargs):
    """post_migrate: SQLite drops a table's triggers when a migration rebuilds it; put them back."""
    connection = connections[using]
    if connection.vendor == "sqlite" and "timeline_event_search" in connection.introspection.table_names():
        install(connection)
