"""The overview strip: events per day, month, year, decade... as a server-drawn SVG, and year links.

Counts come from one grouped query, so the strip costs the same for 13 events
or 100,000. Each bar is a link to the selection narrowed to its span; the bars
that hold the current selection's events are highlighted.

Its weight is bounded whatever the span: the bins (days, months, quarters,
years, decades...) are the finest in which at most MAX_BARS hold events, and
only those are drawn and listed; empty stretches are breaks. The span shown is the timeline's,
or the filtered date range within it, so narrowing the dates zooms the strip
in (years, then quarters, months, days). page.py caches the result per revision
and canonical query, so a cache hit computes nothing here.
"""

from dataclasses import dataclass

from django.db.models import Count
from django.http import QueryDict

from ..domain import dates
from ..domain.dates import Day, Precision
from .selection import Selection

CHART_HEIGHT = 64  # SVG user units; the width follows the number of bars
BAR_WIDTH = 10
GAP_WIDTH = 2 * BAR_WIDTH  # a long empty stretch is drawn as a break this wide, not as a mile of nothing
MIN_UNITS = 40  # a strip of a few bars keeps them bar-shaped instead of stretching them across the page

# The most bars a strip draws (bins with events): past this many busy months it counts quarters
# instead (then years, decades, centuries, millennia), so ten busy years are 40 bars, not 120, and
# 25 busy years are 25. About 40 bytes compressed per drawn bar and table row, so a strip stays
# under about 4 KB compressed whatever the timeline holds. Empty stretches are breaks, not bars,
# so a sparse timeline keeps fine bins; the span is bounded too (the bins are walked, and every
# first of a year is a tick): 44 BC to AD 2025 is 208 decades, not 24,000 months.
MAX_BARS = 60
MAX_SPAN_BINS = 600
YEAR_BINS = {1: "year", 10: "decade", 100: "century", 1000: "millennium"}
SHORT_SPAN_DAYS = 62  # a timeline of a month or two counts days, not one slab
# How many empty bars in a row become a break: three years of months, a fortnight of days, five of the rest.
GAP_AFTER = {"month": 36, "quarter": 8, "day": 14}


@dataclass
class Bar:
    first: Day
    last: Day
    unit: str  # "day", "month", "quarter", "year", "decade", "century" or "millennium"
    count: int
    x: int
    height: float
    query: str
    highlighted: bool  # it holds events of the current selection

    @property
    def name(self):
        if self.unit == "day":
            return dates.unit_label(self.first, Precision.DAY)
        if self.unit == "month":
            return dates.unit_label(self.first, Precision.MONTH)
        if self.unit == "quarter":
            return dates.unit_label(self.first, Precision.QUARTER)
        first = dates.periods.year_label(self.first.year)
        return first if self.unit == "year" else f"{first} – {dates.periods.year_label(self.last.year)}"

    @property
    def label(self):
        noun = "event" if self.count == 1 else "events"
        selected = " (in your selection)" if self.highlighted else ""
        return f"{self.name}: {self.count} {noun}{selected}"

    @property
    def y(self):
        return round(CHART_HEIGHT - self.height, 1)


@dataclass
class Gap:
    """A stretch with no events, drawn as a break."""

    first: Day
    last: Day
    x: int

    @property
    def label(self):
        first, last = (dates.periods.year_label(day.year) for day in (self.first, self.last))
        return f"No events from {first} to {last}"


def _day_counts(events):
    return dict(events.values_list("start_day").annotate(n=Count("id")).order_by())


def _bins(unit, size, first, last):
    """(first day, last day) of each bin from the bin holding `first` to the one holding `last`."""
    if unit == "day":
        return [(Day.from_number(n), Day.from_number(n)) for n in range(first.number, last.number + 1)]
    if unit in ("month", "quarter"):
        months, precision = (1, Precision.MONTH) if unit == "month" else (3, Precision.QUARTER)
        bins, day = [], dates.unit(first, precision)[0]
        while day <= last:
            bins.append(dates.unit(day, precision))
            day = day.add_months(months)
        return bins
    bins, year = [], first.year // size * size
    while year <= last.year:
        low, high = max(year, dates.days.MIN_YEAR), min(year + size - 1, dates.days.MAX_YEAR)
        bins.append((Day(low, 1, 1), Day(high, 12, 31)))
        year += size
    return bins


def _shown_span(monthly, selection):
    """(first, last) Day of the strip: the timeline's first to last month, narrowed to the filtered
    date range when that range overlaps it."""
    first_month, last_month = min(monthly), max(monthly)
    first, last = Day(*first_month, 1), dates.unit(Day(*last_month, 1), Precision.MONTH)[1]
    start, end = selection.date_range if selection else (None, None)
    low, high = max(first, start) if start else first, min(last, end) if end else last
    return (low, high) if low <= high else (first, last)


def _unit(first, last, monthly):
    """The bin ("day", "month", "quarter", "year", "decade"...) and its size in years: the finest in
    which at most MAX_BARS bins hold events (empty stretches are drawn as breaks, not bars) and the
    span is at most MAX_SPAN_BINS bins."""
    if last.number - first.number <= SHORT_SPAN_DAYS:
        return "day", 1
    months = (last.year - first.year) * 12 + last.month - first.month
    if len(monthly) <= MAX_BARS and months < MAX_SPAN_BINS:
        return "month", 1
    quarters = {(year, (month - 1) // 3) for year, month in monthly}
    if len(quarters) <= MAX_BARS and months < MAX_SPAN_BINS:  # quarters only where months would do but for weight
        return "quarter", 1
    for size, unit in YEAR_BINS.items():
        busy = {year // size for year, _month in monthly}
        if len(busy) <= MAX_BARS and last.year // size - first.year // size < MAX_SPAN_BINS:
            return unit, size
    return "millennium", 1000


def histogram(selection, zoom=True):
    """Bars over the timeline's span (or the filtered date range within it) in days, months, years,
    decades... as the span needs; the bars holding the current selection's events are highlighted,
    and long empty stretches are drawn as breaks."""
    everything = Selection.from_query(selection.timeline, QueryDict())
    monthly = everything.monthly_counts
    if not monthly:
        return None
    first, last = _shown_span(monthly, selection if zoom else None)
    shown = {month: n for month, n in monthly.items() if (first.year, first.month) <= month <= (last.year, last.month)}
    zoomed = bool(shown) and len(shown) < len(monthly)
    if not shown:  # nothing in the filtered range: show the whole timeline
        first, last = _shown_span(monthly, None)
    monthly = shown or monthly
    all_days = sel_days = None
    if last.number - first.number <= 2 * SHORT_SPAN_DAYS:  # a few months: the events' own days decide
        all_days = _day_counts(everything.events.filter(start_day__gte=first.number, start_day__lte=last.number))
        if all_days:
            first, last = Day.from_number(min(all_days)), Day.from_number(max(all_days))
    unit, size = _unit(first, last, monthly)
    if unit == "day":
        sel_days = _day_counts(selection.events) if selection.is_filtered else {}
    chosen = selection.monthly_counts if selection.is_filtered else {}

    totals = _fold(all_days if unit == "day" else monthly, unit, size)
    selected = _fold(sel_days if unit == "day" else chosen, unit, size)
    rows = [
        (low, high, totals.get(low.number, 0), selected.get(low.number, 0))
        for low, high in _bins(unit, size, first, last)
    ]
    if not any(row[2] for row in rows):  # the range holds no event's start: show the whole timeline
        return histogram(selection, zoom=False)
    tallest = max(row[2] for row in rows)
    bars, gaps, ticks, x, index, after_gap = [], [], [], 0, 0, False
    gap_after = GAP_AFTER.get(unit, 5)
    while index < len(rows):
        empty = index
        while empty < len(rows) and rows[empty][2] == 0:
            empty += 1
        if empty - index > gap_after:
            gaps.append(Gap(rows[index][0], rows[empty - 1][1], x))
            x += GAP_WIDTH
            index, after_gap = empty, True
            continue
        low, high, total, selected = rows[index]
        if _is_tick(unit, size, low, index == 0 or after_gap):
            ticks.append({"x": x, "year": _tick_label(unit, low)})
        height = 0 if not total else round(max(3, CHART_HEIGHT * total / tallest), 1)
        bars.append(Bar(low, high, unit, total, x, height, _bin_query(selection, unit, low, high), selected > 0))
        x += BAR_WIDTH
        index, after_gap = index + 1, False
    width = max(x, MIN_UNITS * BAR_WIDTH)
    step = -(-len(ticks) // 6)  # on a phone, label at most about six ticks
    shown = None
    for position, tick in enumerate(ticks):
        tick["percent"] = round(100 * tick["x"] / width, 2)
        # a label too close to the last one shown (either side of a break) is left to the desk, or dropped
        close = shown is not None and tick["percent"] - shown < 8
        tick["minor"] = position % step != 0 or close
        tick["hidden"] = shown is not None and tick["percent"] - shown < 4
        if not tick["minor"]:
            shown = tick["percent"]
    return {
        "unit": unit,
        "first_label": bars[0].name,
        "last_label": bars[-1].name,
        "bars": bars,
        "gaps": gaps,
        "ticks": ticks,
        "width": width,
        "height": CHART_HEIGHT,
        "total": sum(row[2] for row in rows),
        "zoomed": zoomed,
        "busy_bars": [bar for bar in bars if bar.count],
        "filtered": selection.is_filtered,
    }


def _fold(counts, unit, size):
    """{first day number of a bin: count}, from counts by day number ("day") or by (year, month)."""
    if unit == "day":
        return counts
    folded = {}
    for (year, month), count in counts.items():
        if unit in ("month", "quarter"):
            first = Day(year, month if unit == "month" else (month - 1) // 3 * 3 + 1, 1)
        else:
            first = Day(max(year // size * size, dates.days.MIN_YEAR), 1, 1)
        folded[first.number] = folded.get(first.number, 0) + count
    return folded


def _is_tick(unit, size, low, first):
    if first:
        return True
    if unit == "day":
        return low.day == 1 or low.weekday == 0
    if unit in ("month", "quarter"):
        return low.month == 1
    return (low.year // size) % 10 == 0


def _tick_label(unit, low):
    if unit == "day":
        return f"{low.day} {dates.words.MONTH_NAMES[low.month - 1][:3]}"
    return dates.periods.year_label(low.year)


def _bin_query(selection, unit, low, high):
    """The selection narrowed to one bar's days, month or years."""
    if unit == "day":
        first = last = low.isoformat()
    elif unit == "month":
        first = last = f"{dates.formats.edtf_year(low.year)}-{low.month:02d}"
    elif unit == "quarter":
        first = last = f"{dates.formats.edtf_year(low.year)}-Q{(low.month - 1) // 3 + 1}"
    else:
        first, last = dates.formats.edtf_year(low.year), dates.formats.edtf_year(high.year)
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
