"""The overview strip: events per month as a server-drawn SVG, and year jumps.

Counts come from one grouped query, so the strip costs the same for 13 events
or 100,000. Each bar is a link to the same filter form's URL for its month.
"""

from dataclasses import dataclass

from django.http import QueryDict

from ..domain import dates
from ..domain.dates import Day, Precision
from .selection import Selection

CHART_HEIGHT = 64  # SVG user units; the width follows the number of months
BAR_WIDTH = 10


# Past this many months the strip counts years instead (then decades, centuries, millennia),
# so a long history stays light: 44 BC to AD 2025 is 208 decades, not 24,000 months.
MAX_MONTH_BARS = 600
YEAR_BINS = {1: "year", 10: "decade", 100: "century", 1000: "millennium"}


@dataclass
class Bar:
    year: int  # the first year of the bar
    month: int | None  # None on a strip of years, decades...
    count: int
    x: int
    height: float
    query: str
    highlighted: bool
    years: int = 1  # how many years one bar counts, on a strip of years

    @property
    def name(self):
        if self.month is None:
            first = dates.periods.year_label(self.year)
            return first if self.years == 1 else f"{first} – {dates.periods.year_label(self.year + self.years - 1)}"
        return dates.unit_label(Day(self.year, self.month, 1), Precision.MONTH)

    @property
    def label(self):
        noun = "event" if self.count == 1 else "events"
        return f"{self.name}: {self.count} {noun}"

    @property
    def y(self):
        return round(CHART_HEIGHT - self.height, 1)


def histogram(selection):
    """Bars for every month (or year, decade... for long spans) from the timeline's first event
    to its last, the selected range highlighted."""
    counts = Selection.from_query(selection.timeline, QueryDict()).monthly_counts
    if not counts:
        return None
    first, last = min(counts), max(counts)
    by_year = (last[0] - first[0]) * 12 + last[1] - first[1] >= MAX_MONTH_BARS
    span = 1
    if by_year:
        span = next((size for size in YEAR_BINS if (last[0] - first[0]) // size < MAX_MONTH_BARS), 1000)
        yearly = {}
        for (year, _month), count in counts.items():
            key = (year // span * span, None)
            yearly[key] = yearly.get(key, 0) + count
        counts = yearly
        first, last = min(counts), max(counts)
    start, end = selection.date_range
    tallest = max(counts.values())
    bars, ticks = [], []
    year, month = first
    while year <= last[0] and (by_year or (year, month) <= last):
        index = len(bars)
        count = counts.get((year, month), 0)
        if by_year:
            period_start = Day(max(year, dates.days.MIN_YEAR), 1, 1)  # the first century BC bin starts in range
            period_end = Day(min(year + span - 1, dates.days.MAX_YEAR), 12, 31)
        else:
            period_start, period_end = dates.unit(Day(year, month, 1), Precision.MONTH)
        highlighted = bool(
            count and (start or end) and (not start or period_end >= start) and (not end or period_start <= end)
        )
        if ((year // span) % 10 == 0 if by_year else month == 1) or (index == 0 and (by_year or month <= 9)):
            ticks.append({"x": index * BAR_WIDTH, "year": dates.periods.year_label(max(year, dates.days.MIN_YEAR))})
        height = 0 if not count else round(max(3, CHART_HEIGHT * count / tallest), 1)
        first_year = period_start.year
        query = _bin_query(selection, first_year, month, year + span - first_year)
        bars.append(
            Bar(first_year, month, count, index * BAR_WIDTH, height, query, highlighted, year + span - first_year)
        )
        if by_year:
            year += span
        else:
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    width = len(bars) * BAR_WIDTH
    step = -(-len(ticks) // 6)  # on a phone, label at most about six ticks
    for index, tick in enumerate(ticks):
        tick["percent"] = round(100 * tick["x"] / width, 2)
        tick["minor"] = index % step != 0
    return {
        "unit": YEAR_BINS[span] if by_year else "month",
        "first_label": bars[0].name,
        "last_label": bars[-1].name,
        "bars": bars,
        "ticks": ticks,
        "width": width,
        "height": CHART_HEIGHT,
        "total": sum(counts.values()),
        "busy_bars": [bar for bar in bars if bar.count],
    }


def _bin_query(selection, year, month, span=1):
    """The selection narrowed to one bar's month or years."""
    if month:
        first = last = f"{dates.formats.edtf_year(year)}-{month:02d}"
    else:
        first = dates.formats.edtf_year(year)
        last = dates.formats.edtf_year(min(year + span - 1, dates.days.MAX_YEAR))
    return selection.query(**{"from": first, "to": last})


def year_links(selection, page):
    """Years in the current results, each with the page that holds its first event."""
    per_year = {}
    for (year, _month), count in selection.monthly_counts.items():
        per_year[year] = per_year.get(year, 0) + count
    links, seen = [], 0
    for year in sorted(per_year, reverse=selection.descending):
        first_index = seen  # zero-based position of the year's first event
        links.append(
            {
                "year": year,
                "label": dates.periods.year_label(year),
                "query": selection.query(page=first_index // page.paginator.per_page + 1),
                "on_this_page": page.start_index() - 1 <= first_index < page.end_index(),
            }
        )
        seen += per_year[year]
    return links
