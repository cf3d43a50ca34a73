"""The category filter's index (timeline_filing) follows every write to events and their
timeline and category links, whoever makes it, on SQLite and PostgreSQL: its rows are always
exactly the events ⋈ timelines ⋈ categories join, with the events' status, dates and order."""

from datetime import date

import pytest
from django.db import connection

from timeline.domain import dates, filing, search
from timeline.domain.models import Event, Filing

from .conftest import make_category, make_event, make_timeline


def in_order(rows):
    """Rows sorted, those under no category (None) first within a timeline."""
    return sorted(rows, key=lambda row: [(value is not None, value if value is not None else 0) for value in row])


def filed():
    """The index's rows, as (timeline, category, event, status, start, end, order, importance)."""
    return in_order(
        Filing.objects.values_list(
            "timeline_id", "category_id", "event_id", "status", "start_day", "end_day", "day_order", "importance"
        )
    )


def expected():
    """What the index must hold: the join it stands for."""
    with connection.cursor() as cursor:
        cursor.execute(filing.FILED)
        return in_order(cursor.fetchall())


def assert_in_step():
    assert filed() == expected()


@pytest.fixture
def world(db):
    """Two timelines, three categories and an event filed under two of them in one timeline."""
    one, two = make_timeline(slug="one"), make_timeline(slug="two")
    layoffs, deals, models = make_category("Layoffs"), make_category("Deals"), make_category("Models")
    event = make_event(one, slug="cut", categories=[layoffs, deals])
    return one, two, layoffs, deals, models, event


def test_a_new_event_is_filed_under_each_timeline_and_category(world):
    """Saving an event and linking it files one row per timeline and category, with its dates,
    and one per timeline under no category (the timeline as a whole)."""
    one, _, layoffs, deals, _, event = world
    rows = {(row[0], row[1], row[2]) for row in filed()}
    assert rows == {(one.pk, layoffs.pk, event.pk), (one.pk, deals.pk, event.pk), (one.pk, None, event.pk)}
    assert_in_step()


def test_an_event_without_categories_is_filed_under_its_timelines_as_a_whole(world):
    """No category: one row per timeline, under none. A category added or removed leaves that row."""
    one, two, layoffs, *_ = world
    plain = make_event(one, slug="plain")
    plain.timelines.add(two)
    assert {(row[0], row[1]) for row in filed() if row[2] == plain.pk} == {(one.pk, None), (two.pk, None)}
    plain.categories.add(layoffs)
    plain.categories.remove(layoffs)
    assert {(row[0], row[1]) for row in filed() if row[2] == plain.pk} == {(one.pk, None), (two.pk, None)}
    plain.timelines.remove(one)
    assert {(row[0], row[1]) for row in filed() if row[2] == plain.pk} == {(two.pk, None)}
    assert_in_step()


def test_links_added_and_removed_through_the_orm(world):
    """m2m add, remove, set and clear."""
    one, two, layoffs, deals, models, event = world
    event.timelines.add(two)
    assert_in_step()
    event.categories.remove(deals)
    assert_in_step()
    event.categories.set([models, layoffs])
    assert_in_step()
    make_event(two, slug="other").categories.add(models)
    assert_in_step()
    event.timelines.clear()
    assert_in_step()
    event.timelines.add(one)
    event.categories.clear()
    assert_in_step()


def test_an_edit_of_dates_status_order_or_importance_is_copied(world):
    """save(), QuerySet.update() and bulk_update() all reach the index."""
    *_, event = world
    event.period = dates.Period.of(dates.Day(2019, 3, 1), dates.Precision.QUARTER)
    event.day_order, event.importance = 4, Event.Importance.MAJOR
    event.save()
    assert_in_step()
    Event.objects.filter(pk=event.pk).update(status=Event.Status.DRAFT)
    assert_in_step()
    event.refresh_from_db()
    event.start_day -= 10
    Event.objects.bulk_update([event], ["start_day"])
    assert_in_step()


def test_deletes_of_events_categories_and_timelines(world):
    """Deleting an event, a category or a timeline through the ORM leaves no row behind."""
    one, two, layoffs, deals, models, event = world
    make_event(two, slug="kept", categories=[deals, models])
    deals.delete()
    assert_in_step()
    two.delete()
    assert_in_step()
    event.delete()
    assert_in_step()
    assert filed() == []


def test_bulk_create_in_any_order(db):
    """Links written before their event (deferred constraints) or after it, in bulk."""
    timeline, category = make_timeline(slug="bulk"), make_category("Bulk")
    events = [Event(headline=f"Bulk {i}", slug=f"bulk-{i}", status=Event.Status.PUBLISHED) for i in range(3)]
    for event in events:
        event.period = dates.Period.of(dates.Day(2024, 5, 1), dates.Precision.DAY)
    Event.objects.bulk_create(events)
    Event.categories.through.objects.bulk_create([Event.categories.through(event=e, category=category) for e in events])
    assert filed() == []  # in no timeline yet
    Event.timelines.through.objects.bulk_create([Event.timelines.through(event=e, timeline=timeline) for e in events])
    assert len(filed()) == 6  # under the category, and under none
    assert_in_step()


def test_raw_sql_writes(world):
    """INSERT, UPDATE and DELETE written in SQL, on the links and on the event."""
    one, two, layoffs, deals, models, event = world
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO timeline_event_categories (event_id, category_id) VALUES (%s, %s)", [event.pk, models.pk]
        )
        assert_in_step()
        cursor.execute(
            "UPDATE timeline_event_categories SET category_id = %s WHERE event_id = %s AND category_id = %s",
            [models.pk + 1000, event.pk, models.pk],
        )
        assert_in_step()
        cursor.execute("UPDATE timeline_event_timelines SET timeline_id = %s WHERE event_id = %s", [two.pk, event.pk])
        assert_in_step()
        cursor.execute("UPDATE timeline_event SET end_day = end_day + 40, day_order = 9 WHERE id = %s", [event.pk])
        assert_in_step()
        cursor.execute("DELETE FROM timeline_event_timelines WHERE event_id = %s", [event.pk])
        assert_in_step()
        cursor.execute(
            "INSERT INTO timeline_event_timelines (event_id, timeline_id) VALUES (%s, %s)", [event.pk, one.pk]
        )
        assert_in_step()
        cursor.execute("DELETE FROM timeline_event_categories WHERE event_id = %s", [event.pk])
        cursor.execute("DELETE FROM timeline_event_timelines WHERE event_id = %s", [event.pk])
        cursor.execute("DELETE FROM timeline_event WHERE id = %s", [event.pk])
    assert_in_step()
    assert filed() == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="TRUNCATE triggers are PostgreSQL's")
def test_truncate_of_the_links_unfiles_what_they_filed(world):
    """TRUNCATE of the category links leaves the events under their timelines as a whole; of the
    timeline links, nothing."""
    one, *_, event = world
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the test's transaction has deferred checks pending
        cursor.execute("TRUNCATE timeline_event_categories")
    assert [row[:3] for row in filed()] == [(one.pk, None, event.pk)]
    assert_in_step()
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE timeline_event_timelines")
    assert filed() == []


def test_the_sample_timeline_loaded_from_its_fixture_is_filed(sample):
    """loaddata writes events and links itself; every published event of a category is filed."""
    assert filed()
    assert_in_step()


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite drops triggers when a migration rebuilds a table")
def test_migrate_puts_back_triggers_a_rebuilt_table_lost(world):
    """Links written while the triggers were gone are filed once migrate runs again."""
    one, two, layoffs, deals, models, event = world
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER timeline_filing_timeline_event_categories_insert")
    event.categories.add(models)
    assert filed() != expected()
    filing.reinstall(using="default")
    assert_in_step()
    make_event(two, slug="later", categories=[models])
    assert_in_step()


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite rebuilds a table to alter a column")
def test_a_rebuilt_events_table_keeps_the_index_in_step(transactional_db):
    """A migration that rebuilds timeline_event (as an AlterField does on SQLite) and the migrate
    that follows it leave the index and its triggers whole."""
    timeline, category = make_timeline(slug="rebuilt"), make_category("Rebuilt")
    event = make_event(timeline, slug="before", categories=[category])
    old = Event._meta.get_field("display_text")
    new = old.clone()
    new.set_attributes_from_name("display_text")
    new.max_length = old.max_length + 10
    try:
        filing.before_migrate(using="default", plan=["a migration"])
        with connection.schema_editor() as editor:
            editor.alter_field(Event, old, new)
        filing.reinstall(using="default")
        make_event(timeline, slug="after", categories=[category], start_date=date(2020, 2, 2))
        Event.objects.filter(pk=event.pk).update(day_order=3)
        assert_in_step()
    finally:
        filing.before_migrate(using="default", plan=["a migration"])
        with connection.schema_editor() as editor:
            editor.alter_field(Event, new, old)
        search.reinstall(using="default")
        filing.reinstall(using="default")


def test_the_index_is_a_table_flush_empties(db):
    """Tests that flush the database (TransactionTestCase) leave no stale rows: flush empties
    the tables of Django's models, and the index is one."""
    assert "timeline_filing" in connection.introspection.django_table_names(only_existing=True)


@pytest.mark.django_db(transaction=True)
def test_migrating_back_to_0015_and_forward_again_keeps_writes_working():
    """Back at 0015 the table takes no row under no category, and the triggers file none (a new
    link is still filed, not refused); forward again, every event is filed under its timelines
    as a whole once more."""
    from django.core.management import call_command

    one, two, layoffs = make_timeline(slug="one"), make_timeline(slug="two"), make_category("Layoffs")
    event = make_event(one, slug="cut", categories=[layoffs])
    try:
        call_command("migrate", "timeline", "0015_search_prefixes", verbosity=0)
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO timeline_event_timelines (event_id, timeline_id) VALUES (%s, %s)", [event.pk, two.pk]
            )
            cursor.execute("SELECT timeline_id, category_id, event_id FROM timeline_filing ORDER BY timeline_id")
            assert cursor.fetchall() == [(one.pk, layoffs.pk, event.pk), (two.pk, layoffs.pk, event.pk)]
    finally:
        call_command("migrate", "timeline", verbosity=0)
    assert {row[:2] for row in filed()} == {(one.pk, layoffs.pk), (two.pk, layoffs.pk), (one.pk, None), (two.pk, None)}
    assert_in_step()
