"""The overview strip: events per month as a server-drawn SVG, and year jumps.

Counts come from one grouped query, so the strip costs the same for 13 events
or 100,000. Each bar is a link to the same filter form's URL for its month.
"""

from dataclasses import dataclass

from django.db.models import Count

from . import dates, freshness
from .dates import Day, Precision
from .models import Event

CHART_HEIGHT = 64  # SVG user units; the width follows the number of months
BAR_WIDTH = 10


# Past this many months the strip counts years instead, so a long history stays light.
MAX_MONTH_BARS = 600


@dataclass
class Bar:
    year: int
    month: int | None  # None on a strip of years
    count: int
    x: int
    height: float
    query: str
    highlighted: bool

    @property
    def month_name(self):
        if self.month is None:
            return dates.periods.year_label(self.year)
        return dates.unit_label(Day(self.year, self.month, 1), Precision.MONTH)

    @property
    def label(self):
        noun = "event" if self.count == 1 else "events"
        return f"{self.month_name}: {self.count} {noun}"

    @property
    def y(self):
        return round(CHART_HEIGHT - self.height, 1)


def month_histogram(timeline, form):
    """Bars for every month (or year, for long spans) from the timeline's first event to its last."""
    counts = monthly_counts(timeline, "all", Event.objects.published().in_timeline(timeline))
    if not counts:
        return None
    first, last = min(counts), max(counts)
    by_year = (last[0] - first[0]) * 12 + last[1] - first[1] >= MAX_MONTH_BARS
    if by_year:
        yearly = {}
        for (year, _month), count in counts.items():
            yearly[(year, None)] = yearly.get((year, None), 0) + count
        counts, first, last = yearly, (first[0], None), (last[0], None)
    start, end = form.date_range
    tallest = max(counts.values())
    bars, ticks = [], []
    year, month = first
    while year <= last[0] and (by_year or (year, month) <= last):
        index = len(bars)
        count = counts.get((year, month), 0)
        period_start, period_end = dates.unit(Day(year, month or 1, 1), Precision.YEAR if by_year else Precision.MONTH)
        highlighted = bool(
            count and (start or end) and (not start or period_end >= start) and (not end or period_start <= end)
        )
        if (year % 10 == 0 if by_year else month == 1) or (index == 0 and (by_year or month <= 9)):
            ticks.append(
                {"x": index * BAR_WIDTH, "year": dates.periods.year_label(year)}
            )  # no label crowding the next one
        height = 0 if not count else round(max(3, CHART_HEIGHT * count / tallest), 1)
        bars.append(Bar(year, month, count, index * BAR_WIDTH, height, _month_query(form, year, month), highlighted))
        if by_year:
            year += 1
        else:
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    width = len(bars) * BAR_WIDTH
    step = -(-len(ticks) // 6)  # on a phone, label at most about six ticks
    for index, tick in enumerate(ticks):
        tick["percent"] = round(100 * tick["x"] / width, 2)
        tick["minor"] = index % step != 0
    return {
        "unit": "year" if by_year else "month",
        "first_label": bars[0].month_name,
        "last_label": bars[-1].month_name,
        "bars": bars,
        "ticks": ticks,
        "width": width,
        "height": CHART_HEIGHT,
        "total": sum(counts.values()),
        "busy_months": [bar for bar in bars if bar.count],
    }


def _month_query(form, year, month):
    query = form.data.copy()
    for key in ("page", "from", "to"):
        query.pop(key, None)
    query["from"] = query["to"] = dates.formats.edtf_year(year) + (f"-{month:02d}" if month else "")
    return query.urlencode()


def monthly_counts(timeline, signature, events):
    """{(year, month): count} of a selection, cached until the timeline changes.

    One grouped query serves the overview strip, the year links and the
    result count (their sum), so no separate COUNT is needed.
    """
    return freshness.cached(timeline, f"months:{signature}", lambda: months_of(events))


def months_of(events):
    """Grouped by the raw date and folded here: a date function in SQL would
    run once per event (a Python function, on SQLite)."""
    counts = {}
    for number, count in events.values_list("start_day").annotate(n=Count("id")).order_by():
        day = Day.from_number(number)
        counts[(day.year, day.month)] = counts.get((day.year, day.month), 0) + count
    return counts


def year_links(timeline, form, events, page):
    """Years in the current results, each with the page that holds its first event."""
    per_year = {}
    for (year, _month), count in monthly_counts(timeline, form.signature(), events).items():
        per_year[year] = per_year.get(year, 0) + count
    links, seen = [], 0
    for year in sorted(per_year, reverse=form.descending):
        first_index = seen  # zero-based position of the year's first event
        links.append(
            {
                "year": year,
                "label": dates.periods.year_label(year),
                "page": first_index // page.paginator.per_page + 1,
                "on_this_page": page.start_index() - 1 <= first_index < page.end_index(),
            }
        )
        seen += per_year[year]
    return links
