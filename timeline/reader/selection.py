"""The reader's selection: everything about the question a reader asks of a timeline.

One module owns it: reading the query string through one form (every field
optional; a value it cannot read gets a message and is left out while the
other filters still apply), the QuerySet it selects, the counts and the page,
the one canonical query string that links, chips, the strip, pushed URLs and
exports all use, and the 400 that data routes answer for unreadable filters.

A new filter is one field here plus one EventQuerySet method; the template
renders fields generically from their widgets, labels and help texts.
"""

import hashlib
from dataclasses import dataclass
from functools import cached_property
from typing import NamedTuple

from django import forms
from django.conf import settings
from django.core.paginator import InvalidPage, Paginator
from django.db import connections
from django.db.models import Exists, OuterRef
from django.http import Http404, JsonResponse, QueryDict
from django.utils import timezone

from ..domain import caching, dates, search
from ..domain.models import CHRONOLOGY, Actor, Category, Event, Timeline

# ?view=print lists the matches on one page, up to this many (page=2 has the next ones): a
# printable chronology, not an unbounded amount of work for one anonymous request.
PRINT_LIMIT = 1000


class DateField(forms.CharField):
    """ISO, EDTF or natural language ("June 2025", "3 months ago", "100 BC"), read relative to today.

    Cleans to a dates.Period; the selection uses its first day for "from" and its last for "to".
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", "A date, month or year; “3 months ago” and “44 BC” work too.")
        kwargs.setdefault("widget", forms.TextInput(attrs={"placeholder": "e.g. June 2025", "autocomplete": "off"}))
        super().__init__(required=False, strip=True, **kwargs)

    def to_python(self, value):
        text = super().to_python(value)
        if not text:
            return None
        try:
            return dates.parse(text, base=timezone.localdate())
        except dates.DateParseError as error:
            raise forms.ValidationError(str(error), code="unreadable_date") from None


class EventFilterForm(forms.Form):
    q = forms.CharField(
        required=False,
        max_length=200,
        strip=True,
        label="Search",
        widget=forms.SearchInput(attrs={"autocomplete": "off"}),
    )
    category = forms.MultipleChoiceField(required=False, widget=forms.CheckboxSelectMultiple, label="Categories")
    actor = forms.MultipleChoiceField(
        required=False, widget=forms.CheckboxSelectMultiple, label="People and organisations"
    )
    order = forms.ChoiceField(required=False, choices=Timeline.Order.choices, label="Order")

    def __init__(self, data, *, categories, actors, default_order=Timeline.Order.ASC):
        super().__init__(data)
        # The timeline's own order comes first: a form without an order shows it as chosen.
        self.fields["order"].choices = sorted(Timeline.Order.choices, key=lambda choice: choice[0] != default_order)
        # "from" is a Python keyword, so these two are added by name.
        self.fields["from"] = DateField(label="From")
        self.fields["to"] = DateField(label="To")
        self.fields["category"].choices = [(c.slug, c.name) for c in categories]
        self.fields["category"].error_messages["invalid_choice"] = "There is no category “%(value)s” here."
        self.fields["actor"].choices = [(a.slug, a.name) for a in actors]
        self.fields["actor"].error_messages["invalid_choice"] = "There is no person or organisation “%(value)s” here."
        self.order_fields(FILTERS)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("from"), cleaned.get("to")
        if start and end and start.bounds()[0] > end.bounds()[1]:
            self.add_error("to", f"“To” ({end}) is before “From” ({start}).")
            cleaned.pop("to", None)
        return cleaned


# The query-string names of the filters, in the order the form shows them and links spell them.
FILTERS = ["q", "from", "to", "category", "actor", "order"]
QUERY_ORDER = ["category", "actor", "from", "to", "q", "order"]
# Names a link may carry besides the filters; anything else in a query string is dropped.
NAVIGATION = ["page", "view"]


NO_TIMELINE = "There is no published timeline at this address."


def published_timeline(slug):
    """The published timeline at /t/<slug>/, or a 404. Written out: building the query through the
    ORM took longer than running it. (A page served from the cache reads less: published_stamp.)"""
    table = Timeline._meta.db_table
    # list(): read to the end, so the cursor is closed now (an open one keeps its statement active).
    found = list(Timeline.objects.raw(f"SELECT * FROM {table} WHERE slug = %s AND is_published = %s", [slug, True]))
    timeline = found[0] if found else None
    if timeline is None:
        raise Http404(NO_TIMELINE)
    return timeline


def published_stamp(slug):
    """The id, revision and version of the published timeline at /t/<slug>/, or a 404: all a page
    served from the cache reads (reader/cached_pages.py). Three columns through a plain cursor: a
    Timeline built from its row took 170 of the 550 µs of such a page in one process."""
    with connections[Timeline.objects.db].cursor() as cursor:
        cursor.execute(
            f"SELECT id, revision, version FROM {Timeline._meta.db_table} WHERE slug = %s AND is_published = %s",
            [slug, True],
        )
        row = cursor.fetchone()
    if row is None:
        raise Http404(NO_TIMELINE)
    return caching.Stamp(*row)


class Listed(NamedTuple):
    """A published timeline as the home page's cache key reads it (a Timeline serves as well)."""

    pk: int
    revision: int
    version: int
    slug: str
    featured: bool


def published_listing():
    """Every published timeline's id, revision, version, slug and pin, in id order: all the home
    page reads when it is served from the cache (views._home_page), through a plain cursor. With
    200 timelines published, building a Timeline of each made such a page take 4.9 ms in one
    process; 1.3 ms now (0.86 and 0.46 with one timeline)."""
    with connections[Timeline.objects.db].cursor() as cursor:
        cursor.execute(
            f"SELECT id, revision, version, slug, featured FROM {Timeline._meta.db_table} "
            "WHERE is_published = %s ORDER BY id",
            [True],
        )
        return [Listed(*row) for row in cursor.fetchall()]


def filter_choices(timeline):
    """Categories and actors that the timeline's published events use."""

    def used(model, through, column):
        # EXISTS stops at the first matching event: fast even for 100k events.
        links = through.objects.filter(
            **{column: OuterRef("pk")},
            event__status=Event.Status.PUBLISHED,
            event__timelines=timeline,
        )
        return list(model.objects.filter(Exists(links)))

    def compute():
        return (
            used(Category, Event.categories.through, "category"),
            used(Actor, Event.actors.through, "actor"),
        )

    return caching.cached(timeline, "choices", compute)


def filed_months(timeline, using="default"):
    """{(year, month): count} of the timeline's published events, from the filters' index
    (models.Filing): its rows under no category, one index range in day order, grouped by the raw
    day number and folded here (a date function in SQL would run once per event). At 100k events
    15 ms; joining the events to their timeline links took 108."""
    with connections[using].cursor() as cursor:
        cursor.execute(
            "SELECT start_day, COUNT(*) FROM timeline_filing WHERE timeline_id = %s AND category_id IS NULL "
            "AND status = %s GROUP BY start_day",
            [timeline.pk, Event.Status.PUBLISHED],
        )
        return _by_month(cursor.fetchall())


def _by_month(day_counts):
    """{(year, month): count} from (day number, count) pairs. The days are read in order and a
    month's range of day numbers worked out once, so a thousand days are a few dozen dates."""
    counts, month, last = {}, None, None
    for number, count in sorted(day_counts):
        if last is None or number > last:
            day = dates.Day.from_number(number)
            month, last = (day.year, day.month), dates.unit(day, dates.Precision.MONTH)[1].number
        counts[month] = counts.get(month, 0) + count
    return counts


def months_and_first(events, first):
    """({(year, month): count}, the ids of the first `first` events in `events`' order), from one
    statement: the matches (a search's index lookup, the category and date filters) are gathered
    once, into a table the database keeps for the statement (a CTE read twice is materialised by
    SQLite and PostgreSQL alike), and both the counts and the first page are read from it.
    Reading them in two queries gathered every match twice."""
    sequence = [field.lstrip("-") for field in CHRONOLOGY]  # all that is read of each match
    matched, params = events.order_by().values_list(*sequence).query.sql_with_params()
    connection = connections[events.db]
    order = ", ".join(
        f"{connection.ops.quote_name(field.lstrip('-'))} {'DESC' if field.startswith('-') else 'ASC'}"
        for field in events.query.order_by  # CHRONOLOGY, or its reverse
    )
    columns = ", ".join(connection.ops.quote_name(column) for column in sequence)
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH matched ({columns}) AS ({matched}) "
            "SELECT 'day', start_day, COUNT(*) FROM matched GROUP BY start_day UNION ALL "
            f"SELECT 'page', id, position FROM (SELECT id, ROW_NUMBER() OVER (ORDER BY {order}) AS position "
            f"FROM matched ORDER BY {order} LIMIT %s) AS first_page",
            [*params, first],
        )
        rows = cursor.fetchall()
    days = [(number, count) for kind, number, count in rows if kind == "day"]
    leading = sorted((position, pk) for kind, pk, position in rows if kind == "page")
    return _by_month(days), [pk for _, pk in leading]


def filed_months_and_first(
    timeline, categories, *, actors=(), start=None, end=None, found=(), descending=False, first=50, using="default"
):
    """months_and_first for the published events of `timeline` in any of `categories` (ids; None
    for any or none), with `actors` (slugs), overlapping [start, end] (day numbers, either None)
    and matching the search words `found`: the same counts and first page, read from the filters'
    index (models.Filing) instead of the events.

    The index holds each filed event's status, dates and place in the chronology, keyed by
    timeline and category (NULL: the timeline as a whole): the category and the dates are one
    range of it, already in the chronology's order, and no event row is read. Each search
    condition is tested on those candidates only: one that every chosen category meets
    (`layoffs` names the category Layoffs) is left out; on SQLite the text index's matches are
    merged with the candidates, both in id order (a MERGE INTERSECT, where an IN list built a
    temporary index of every match), or, when the candidates are the whole timeline, each
    candidate is looked up in the matches (sorting the whole timeline by id cost more); on
    PostgreSQL each candidate's own search_vector is tested.
    """
    if categories is not None and not categories:  # the chosen ones are gone (deleted since the form was read)
        return {}, []
    postgresql = connections[using].vendor == "postgresql"
    where, params = ["f.timeline_id = %s", "f.status = %s"], [timeline.pk, Event.Status.PUBLISHED]
    if categories is None:
        where.append("f.category_id IS NULL")
    else:
        where.append(f"f.category_id IN ({', '.join(['%s'] * len(categories))})")
        params += list(categories)
    if end is not None:
        where.append("f.start_day <= %s")
        params.append(end)
    if start is not None:
        where.append("f.end_day >= %s")
        params.append(start)
    if actors:
        listed = ", ".join(["%s"] * len(actors))
        where.append(
            "f.event_id IN (SELECT l.event_id FROM timeline_event_actors l JOIN timeline_actor a ON a.id = l.actor_id "
            f"WHERE a.slug IN ({listed}))"
        )
        params += list(actors)
    text = None  # the terms of the condition on the text alone, if any
    for needed in search.conditions(found, using=using):
        if categories is not None and set(categories) <= set(needed.categories):
            continue  # every candidate is in one of the categories it names
        if not (needed.categories or needed.actors):
            text = needed.terms
            continue
        either, more = [_text_test(postgresql)], [search.text_query(needed.terms, postgresql=postgresql)]
        named = (("categories", "category_id", needed.categories), ("actors", "actor_id", needed.actors))
        for table, column, ids in named:
            if ids:
                either.append(
                    f"f.event_id IN (SELECT event_id FROM timeline_event_{table} "
                    f"WHERE {column} IN ({', '.join(['%s'] * len(ids))}))"
                )
                more += list(ids)
        where.append(f"({' OR '.join(either)})")
        params += more
    sequence = ("start_day", "day_order", "-importance", "event_id")
    order = ", ".join(
        f"f.{field.lstrip('-')} {'DESC' if field.startswith('-') != descending else 'ASC'}" for field in sequence
    )
    # An event filed under two of the chosen categories is one match.
    distinct, counted = ("DISTINCT ", "DISTINCT f.event_id") if categories and len(categories) > 1 else ("", "*")
    prefix, prefix_params, source = "", [], "timeline_filing f"
    if text and postgresql:
        where.append(_text_test(postgresql))
        params.append(search.text_query(text, postgresql=True))
        # Gathered once for the counts and the page: the text is tested on each candidate once.
        prefix = (
            f"WITH matched AS MATERIALIZED (SELECT {distinct}f.start_day, f.day_order, f.importance, f.event_id "
            f"FROM timeline_filing f WHERE {' AND '.join(where)}) "
        )
        prefix_params, where, params, distinct, counted = params, ["TRUE"], [], "", "*"
        source = "matched f"
    elif text and categories is None and len(where) == 3:
        # No filter but the timeline (no category, dates, actors or names): every event of it is a
        # candidate, each looked up among the matches, which the text index gives in id order (at
        # 100k events, 84 ms for a common word; 133 merged).
        prefix = f"WITH hits(id) AS MATERIALIZED ({search.MATCHING_EVENT_IDS}) "
        prefix_params = [search.text_query(text, postgresql=False)]
        where.append("+f.event_id IN hits")
    elif text:
        candidates = f"SELECT f.event_id FROM timeline_filing f WHERE {' AND '.join(where)}"
        prefix = f"WITH hits(id) AS MATERIALIZED ({search.MATCHING_EVENT_IDS} INTERSECT {candidates} ORDER BY 1) "
        prefix_params = [search.text_query(text, postgresql=False), *params]
        where.append("+f.event_id IN hits")  # a test on each candidate: the index keeps the order
    condition = " AND ".join(where)
    with connections[using].cursor() as cursor:
        cursor.execute(
            f"{prefix}SELECT 'day', f.start_day, 0, 0, COUNT({counted}) FROM {source} WHERE {condition} "
            "GROUP BY f.start_day UNION ALL "
            "SELECT 'page', start_day, day_order, importance, event_id FROM ("
            f"SELECT {distinct}f.start_day, f.day_order, f.importance, f.event_id FROM {source} WHERE {condition} "
            f"ORDER BY {order} LIMIT %s) AS first_page",
            [*prefix_params, *params, *params, first],
        )
        rows = cursor.fetchall()
    days = [(day, count) for kind, day, _, _, count in rows if kind == "day"]
    leading = sorted(
        ((day, day_order, -importance, pk) for kind, day, day_order, importance, pk in rows if kind == "page"),
        reverse=descending,
    )
    return _by_month(days), [pk for *_, pk in leading]


def _text_test(postgresql):
    """An SQL test that a candidate's own text matches a query (the one parameter)."""
    if postgresql:
        # A subplan run for each candidate: as a join, PostgreSQL tested every event's vector
        # (a sequential scan, 100k tests) to keep the few thousand candidates.
        return (
            "(SELECT e.search_vector FROM timeline_event e WHERE e.id = f.event_id) "
            f"@@ to_tsquery('{search.CONFIG}'::regconfig, %s)"
        )
    return f"f.event_id IN ({search.MATCHING_EVENT_IDS})"


class MonthlyPaginator(Paginator):
    """Pages of a chronology, each read only from the months it starts in.

    The events are ordered by start_day first, so the monthly counts (computed anyway, for
    the count and the strip) say which months hold a page's events and how many come before
    them. The page's query then carries those months' days, and the database reads and sorts
    a page's few months instead of every match before it: the same rows, in the same order.
    """

    def __init__(self, events, per_page, monthly_counts, *, descending=False, first_page=None):
        super().__init__(events, per_page, allow_empty_first_page=True)
        self.months = sorted(monthly_counts.items(), reverse=descending)
        self.count = sum(monthly_counts.values())
        self.descending = descending
        self.first_page = first_page  # the first page's ids, when known (months_and_first)

    def page(self, number):
        number = self.validate_number(number)
        if number == 1 and self.first_page is not None:
            events = self.object_list.model.objects.filter(pk__in=self.first_page[: self.per_page])
            return self._get_page(events.chronological(descending=self.descending), number, self)
        bottom = (number - 1) * self.per_page
        top = self.count if bottom + self.per_page + self.orphans >= self.count else bottom + self.per_page
        before, seen, held = 0, 0, []  # events of the months before the page; so far; the page's months
        for month, count in self.months:
            if seen >= top:
                break
            if seen + count > bottom:
                held.append(month)
            else:
                before += count
            seen += count
        if not held:
            return self._get_page(self.object_list.none(), number, self)
        days = [dates.unit(dates.Day(year, month, 1), dates.Precision.MONTH) for year, month in held]
        first, last = min(day for day, _ in days), max(day for _, day in days)
        events = self.object_list.filter(start_day__gte=first.number, start_day__lte=last.number)
        return self._get_page(events[bottom - before : top - before], number, self)


@dataclass
class Selection:
    """A timeline's published events as the query string selects them."""

    timeline: Timeline
    form: EventFilterForm
    print_view: bool = False
    default_order: str = ""  # the order when the query gives none; "" for the timeline's own

    @classmethod
    def from_query(cls, timeline, query, *, default_order=""):
        default_order = default_order or timeline.default_order
        categories, actors = filter_choices(timeline)
        form = EventFilterForm(query, categories=categories, actors=actors, default_order=default_order)
        form.is_valid()  # invalid fields are reported and left out; the rest still filter
        return cls(timeline, form, print_view=query.get("view") == "print", default_order=default_order)

    @classmethod
    def from_request(cls, request, timeline, *, default_order=""):
        return cls.from_query(timeline, request.GET, default_order=default_order)

    # --- what it selects ---

    @property
    def data(self):
        return self.form.cleaned_data

    @property
    def errors(self):
        return self.form.errors

    @property
    def date_range(self):
        """(first, last) dates.Day of the selection, either None when not given."""
        start, end = self.data.get("from"), self.data.get("to")
        return (start.bounds()[0] if start else None, end.bounds()[1] if end else None)

    @property
    def order(self):
        """The order asked for in the query string, or else the default (the timeline's own)."""
        return self.data.get("order") or self.default_order or self.timeline.default_order

    @property
    def descending(self):
        return self.order == Timeline.Order.DESC

    @property
    def is_filtered(self):
        return any(self.data.get(name) for name in FILTERS if name != "order")

    @cached_property
    def events(self):
        """The selected events, in the order asked for."""
        queryset = Event.objects.published().in_timeline(self.timeline).between(*self.date_range)
        queryset = queryset.in_categories(self.data.get("category")).with_actors(self.data.get("actor"))
        if self.data.get("q"):
            queryset = queryset.search(self.data["q"])
        return queryset.chronological(descending=self.descending)

    def signature(self):
        """A stable text naming the selection (dates resolved), for cache keys; "all" when unfiltered."""
        if not self.is_filtered:
            return "all"
        start, end = self.date_range
        parts = [
            ",".join(sorted(self.data.get("category") or [])),
            ",".join(sorted(self.data.get("actor") or [])),
            str(start.number) if start else "",
            str(end.number) if end else "",
            search.normalise(self.data.get("q") or ""),  # as the query reads it: counts match results
        ]
        return hashlib.sha256("|".join(parts).encode()).hexdigest()[:24]

    @cached_property
    def matcher(self):
        """Which words on a card the search matched (for the <mark>s), or None without a search."""
        return search.Matcher(self.data["q"], using=self.events.db) if self.data.get("q") else None

    @cached_property
    def monthly_counts(self):
        """{(year, month): count}, cached until the timeline changes. One grouped query
        serves the overview strip, the year links and the result count (their sum); for a
        filtered selection, the same statement reads the first page too (`_first_reading`)."""
        if not self.is_filtered:
            # The whole timeline: its counts come from the index, and its first page is cheap.
            return caching.cached(
                self.timeline, f"months:{self.signature()}", lambda: filed_months(self.timeline, Event.objects.db)
            )
        return caching.cached(self.timeline, f"months:{self.signature()}", lambda: self._first_reading[0])

    @cached_property
    def _first_reading(self):
        """(monthly counts, ids of the first page) from one statement, when the counts were not cached:
        the matches are gathered once for both, from the filters' index (filed_months_and_first),
        or, for actors or (on PostgreSQL) a search without a category, from the events
        (months_and_first). The ids are kept beside the counts (`_first_page_ids`)."""
        postgresql = connections[Event.objects.db].vendor == "postgresql"
        if not self.data.get("category") and (self.data.get("actor") or self.data.get("q") and postgresql):
            # Without a category, the index's candidates are the whole timeline, or its date range.
            # The actors' links narrow sooner (at 100k events, 15 ms against 30); and on PostgreSQL
            # a search would test each candidate's vector, where the events' GIN index answers.
            reading = months_and_first(self.events, self._first_size)
        else:
            start, end = self.date_range
            chosen = self.data.get("category")
            reading = filed_months_and_first(
                self.timeline,
                list(Category.objects.filter(slug__in=chosen).values_list("pk", flat=True)) if chosen else None,
                actors=self.data.get("actor") or (),
                start=start.number if start else None,
                end=end.number if end else None,
                found=search.searchable(self.data.get("q") or "", Event.objects.db),
                descending=self.descending,
                first=self._first_size,
                using=Event.objects.db,
            )
        caching.set_many({self._first_page_key(): reading[1]})
        return reading

    @property
    def _first_size(self):
        return PRINT_LIMIT if self.print_view else settings.TIMELINE_PAGE_SIZE

    def _first_page_key(self):
        """The cache key of the first page's ids: the counts' revision and filter, in this order and size."""
        return caching.key(self.timeline, "first", self.signature(), int(self.descending), self._first_size)

    def _first_page_ids(self):
        """The first page's ids of a filtered selection when known without a query: read with the
        counts just now, or kept from when they were. With only the counts cached (the page asked
        for after the fragment, or an embed after the page), the page was read again through the
        whole filter: at 100k events 21 ms, and 41 with a common word; by these ids, 3.5."""
        if "_first_reading" in self.__dict__:
            return self._first_reading[1]
        if not self.is_filtered:
            return None  # the whole timeline: its first page is cheap (monthly_counts)
        key = self._first_page_key()
        return caching.get_many([key]).get(key)

    @property
    def count(self):
        return sum(self.monthly_counts.values())

    def page(self, number=None, start=None):
        """The page asked for (or the one holding the event `start`); 404 for a page that is not there."""
        count = self.count
        per_page = min(max(count, 1), PRINT_LIMIT) if self.print_view else settings.TIMELINE_PAGE_SIZE
        if not number and start:
            number = self._page_containing(start, per_page)
        # The first page's ids, when the counts were read and they with them: no second gathering,
        # and the first page needs no QuerySet of the selection (with a search, its name lookups again).
        first = self._first_page_ids() if number in (None, "", 1, "1") else None
        if first is not None:
            events = Event.objects.filter(pk__in=first).chronological(descending=self.descending)
        else:
            events, first = self.events, None
        paginator = MonthlyPaginator(
            events, per_page, self.monthly_counts, descending=self.descending, first_page=first
        )
        try:
            page = paginator.page(number or 1)
        except InvalidPage:
            raise Http404("There is no such page of this timeline.") from None
        if first is None and page.number == 1 and self.is_filtered and not self.print_view:
            # Read through the filter (the counts were cached, these ids not, as for the other
            # order): kept for the next reader of this first page. A kept print view reads none.
            page.object_list = list(page.object_list)
            caching.set_many({self._first_page_key(): [event.pk for event in page.object_list]})
        return page

    def _page_containing(self, slug, per_page):
        """The page on which the event `slug` appears in this ordering (1 if it is not there)."""
        event = self.events.filter(slug=slug).only("pk", "start_day", "day_order", "importance").first()
        if event is None:
            return 1
        ahead = self.events.after(event) if self.descending else self.events.before(event)
        return ahead.count() // per_page + 1

    # --- how it is written in links ---

    def query(self, **changes):
        """The canonical query string of this selection with `changes` (None removes a name).

        Only the filters (as the reader typed them) and page/view survive, empty values
        and the timeline's default order are left out, so one view has one URL (on a
        newest-first timeline, order=asc stays).
        """
        values = {name: [v for v in self.form.data.getlist(name) if v.strip()] for name in FILTERS}
        values.update({name: [] for name in NAVIGATION})
        for name, value in changes.items():
            name = name.rstrip("_")  # from_=... for the keyword
            values[name] = [] if value is None else [str(v) for v in value] if isinstance(value, list) else [str(value)]
        if values["order"] == [self.default_order or self.timeline.default_order]:
            values["order"] = []
        query = QueryDict(mutable=True)
        for name in [*QUERY_ORDER, *NAVIGATION]:
            if values[name]:
                query.setlist(name, values[name])
        return query.urlencode()

    def chips(self):
        """The active filters, each with the query string that removes it."""
        chips = []
        names = {field: dict(self.form.fields[field].choices) for field in ("category", "actor")}
        for field in ("category", "actor"):
            chosen = self.data.get(field) or []
            for slug in chosen:
                remove = self.query(**{field: [other for other in chosen if other != slug]})
                chips.append({"label": names[field][slug], "field": field, "remove": remove})
        for field, prefix in (("from", "From"), ("to", "To")):
            if self.data.get(field):
                remove = self.query(**{field: None})
                chips.append({"label": f"{prefix} {self.data[field]}", "field": field, "remove": remove})
        if self.data.get("q"):
            chips.append({"label": f"“{self.data['q']}”", "field": "q", "remove": self.query(q=None)})
        return chips

    def bad_filters_response(self):
        """The data routes' 400: JSON naming each filter that could not be read."""
        fields = {field: [str(message) for message in messages] for field, messages in self.errors.items()}
        return JsonResponse({"error": "Some filters could not be read.", "fields": fields}, status=400)
