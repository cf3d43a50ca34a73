"""Periods: what a date means (its first and last day) and how it is shown.

A date in this product is a period at a precision: "22 October 2025" is one
day, "October 2025" a month, "the 1990s" a decade, "44 BC" a year. A period
can be narrowed to a part ("late October 2025", "mid-2025"), qualified
("c. 500 BC", "2025?", "before 1900"), or be a span ("1943–1946"). It is
stored as its first and last day numbers plus these words, sorts at its first
day, and is shown at its precision, never finer.
"""

from dataclasses import dataclass, replace

from django.db import models

from .days import FIRST_DAY, LAST_DAY, MIN_YEAR, Day, days_in_month
from .words import MONTH_NAMES, SEASON_NAMES, ordinal_suffix


class Precision(models.TextChoices):
    DAY = "day", "Day"
    WEEK = "week", "Week"
    MONTH = "month", "Month"
    SEASON = "season", "Season"
    QUARTER = "quarter", "Quarter"
    HALF = "half", "Half-year"
    YEAR = "year", "Year"
    DECADE = "decade", "Decade"
    CENTURY = "century", "Century"


# Finest first: how to tell the more exact of two readings.
PRECISION_ORDER = [precision.value for precision in Precision]


class Part(models.TextChoices):
    WHOLE = "", "Whole period"
    EARLY = "early", "Early"
    MID = "mid", "Mid"
    LATE = "late", "Late"


class Qualifier(models.TextChoices):
    EXACT = "", "As given"
    APPROXIMATE = "approximate", "Approximate (c.)"
    UNCERTAIN = "uncertain", "Uncertain (?)"
    BEFORE = "before", "Before"
    AFTER = "after", "After"


def year_label(year):
    """2025, "AD 79", "44 BC" (astronomical year -43)."""
    if year <= 0:
        return f"{1 - year} BC"
    return f"AD {year}" if year < 1000 else str(year)


def _bc(year):
    """The BC year (1 BC = astronomical 0) of a year at or before 1 BC."""
    return 1 - year


def unit(day, precision):
    """(first, last) day of the period at `precision` that contains `day`."""
    year, month = day.year, day.month
    if precision == Precision.DAY:
        return day, day
    if precision == Precision.WEEK:
        monday = day.plus(-day.weekday)
        return monday, monday.plus(6)
    if precision == Precision.MONTH:
        return Day(year, month, 1), Day(year, month, days_in_month(year, month))
    if precision == Precision.SEASON:
        first_month = 12 if month in (12, 1, 2) else 3 * (month // 3)
        first = Day(year - 1 if month < 3 else year, first_month, 1)
        return first, first.add_months(3).plus(-1)
    if precision == Precision.QUARTER:
        first = Day(year, 3 * ((month - 1) // 3) + 1, 1)
        return first, first.add_months(3).plus(-1)
    if precision == Precision.HALF:
        first = Day(year, 1 if month <= 6 else 7, 1)
        return first, first.add_months(6).plus(-1)
    first_year, last_year = year_range(year, precision)
    return Day(max(first_year, MIN_YEAR), 1, 1), Day(last_year, 12, 31)  # the 100th century BC starts in range


def year_range(year, precision):
    """(first, last) astronomical year of the year, decade or century holding `year`.

    Decades and centuries are counted as people say them: the 1990s are
    1990–1999, the 19th century 1800–1899, the 440s BC 449–440 BC and the
    5th century BC 500–401 BC. The decade "0s" starts in AD 1: there is no year 0.
    """
    if precision == Precision.YEAR:
        return year, year
    size = 10 if precision == Precision.DECADE else 100
    if year >= 1:
        base = year // size * size
        return max(base, 1), base + size - 1
    bc = _bc(year)
    if precision == Precision.DECADE:
        base = bc // 10 * 10
        return 1 - (base + 9), 1 - max(base, 1)
    number = (bc - 1) // 100 + 1
    return 1 - number * 100, 1 - ((number - 1) * 100 + 1)


def unit_label(day, precision):
    """The unit holding `day`, in words: "22 October 2025", "Q3 2025", "1990s", "5th century BC"."""
    first, last = unit(day, precision)
    if precision == Precision.DAY:
        return f"{day.day} {MONTH_NAMES[day.month - 1]} {year_label(day.year)}"
    if precision == Precision.WEEK:
        return f"week of {unit_label(first, Precision.DAY)}"
    if precision == Precision.MONTH:
        return f"{MONTH_NAMES[day.month - 1]} {year_label(day.year)}"
    if precision == Precision.SEASON:
        name = SEASON_NAMES[[3, 6, 9, 12].index(first.month)]
        if first.month == 12:
            return f"{name} {year_label(first.year)}–{_short_next_year(first.year)}"
        return f"{name} {year_label(first.year)}"
    if precision == Precision.QUARTER:
        return f"Q{(first.month - 1) // 3 + 1} {year_label(first.year)}"
    if precision == Precision.HALF:
        return f"{'first' if first.month == 1 else 'second'} half of {year_label(first.year)}"
    if precision == Precision.YEAR:
        return year_label(day.year)
    if precision == Precision.DECADE:
        if last.year >= 1:
            start = first.year // 10 * 10
            # "the 1900s" reads as the century; its first decade says so
            if start < 1000:
                return f"AD {start}s"  # "the 10s" would read as the 2010s
            return f"{start}s (decade)" if start % 100 == 0 and start != 2000 else f"{start}s"
        return f"{_bc(last.year) // 10 * 10}s BC"
    if last.year >= 1:
        return f"{ordinal_suffix(first.year // 100 + 1)} century"
    return f"{ordinal_suffix((_bc(last.year) - 1) // 100 + 1)} century BC"


def _short_next_year(year):
    following = year + 1
    if year >= 1000 and following // 100 == year // 100:
        return f"{following % 100:02d}"
    return year_label(following)


def part_of(first, last, precision, part):
    """The early, mid or late third of the unit (first, last)."""
    if not part:
        return first, last
    if precision == Precision.MONTH:
        bounds = {Part.EARLY: (1, 10), Part.MID: (11, 20), Part.LATE: (21, last.day)}[part]
        return Day(first.year, first.month, bounds[0]), Day(first.year, first.month, bounds[1])
    if precision == Precision.YEAR:
        months = {Part.EARLY: (1, 4), Part.MID: (5, 8), Part.LATE: (9, 12)}[part]
        return Day(first.year, months[0], 1), Day(first.year, months[1], days_in_month(first.year, months[1]))
    # Decades and centuries, in years: 0–3/4–6/7–9 of a decade, 0–32/33–66/67–99 of a century.
    years = last.year - first.year + 1
    third = {Precision.DECADE: (4, 3), Precision.CENTURY: (33, 34)}.get(precision)
    if third is None:
        raise ValueError(f"“early”, “mid” and “late” apply to months, years, decades and centuries, not a {precision}.")
    early, mid = third
    offsets = {Part.EARLY: (0, early - 1), Part.MID: (early, early + mid - 1), Part.LATE: (early + mid, years - 1)}
    low, high = offsets[part]
    return Day(first.year + low, 1, 1), Day(first.year + high, 12, 31)


PARTABLE = {Precision.MONTH, Precision.YEAR, Precision.DECADE, Precision.CENTURY}


@dataclass(frozen=True)
class Period:
    """A date as stored: first and last day, precision, and the words that qualify it.

    `end_precision` is set for spans ("June – August 2025"): the unit of the last day.
    For "before X" and "after X" the days are X's own, so the event sorts and filters
    beside X; `bounds()` gives the open range a filter needs.
    """

    start: Day
    end: Day
    precision: str
    part: str = ""
    qualifier: str = ""
    end_precision: str = ""

    @classmethod
    def of(cls, day, precision, part="", qualifier=""):
        first, last = unit(day, precision)
        first, last = part_of(first, last, precision, part)
        return cls(first, last, precision, part, qualifier)

    @classmethod
    def span(cls, first, last):
        """From the start of `first` to the end of `last` (both Periods)."""
        if last.end < first.start:
            raise ValueError(f"The span ends ({last}) before it starts ({first}).")
        if last.is_span or first.is_span:
            raise ValueError("A span's ends must each be a single date.")
        if unit(first.start, first.precision) == unit(last.end, last.precision) and first.precision == last.precision:
            return first
        return cls(first.start, last.end, first.precision, first.part, first.qualifier, last.precision)

    def qualified(self, qualifier):
        return replace(self, qualifier=qualifier)

    @property
    def is_span(self):
        return bool(self.end_precision)

    @property
    def unit_start(self):
        """The first day of the whole unit, whatever its part: 1 October for "late October"."""
        return unit(self.start, self.precision)[0]

    @property
    def last_unit(self):
        """The (first, last) days of the span's final unit, or of the period itself."""
        return unit(self.end, self.end_precision or self.precision)

    def bounds(self):
        """(first, last) day a filter should use: open-ended for "before" and "after"."""
        if self.qualifier == Qualifier.BEFORE:
            return FIRST_DAY, self.start.plus(-1) if self.start > FIRST_DAY else FIRST_DAY
        if self.qualifier == Qualifier.AFTER:
            return self.end.plus(1) if self.end < LAST_DAY else LAST_DAY, LAST_DAY
        return self.start, self.end

    def __str__(self):
        return display(self)


def _single_label(period):
    label = unit_label(period.start, period.precision)
    if period.part == Part.MID:
        return f"mid-{label}"
    if period.part:
        return f"{period.part} {label}"
    return label


def _span_label(period):
    first, last = period.start, period.end
    same = period.precision == period.end_precision
    if same and period.precision == Precision.DAY and first.year == last.year:
        if first.month == last.month:
            return f"{first.day}–{unit_label(last, Precision.DAY)}"
        return f"{first.day} {MONTH_NAMES[first.month - 1]} – {unit_label(last, Precision.DAY)}"
    if same and period.precision == Precision.MONTH and first.year == last.year:
        return f"{MONTH_NAMES[first.month - 1]} – {unit_label(last, Precision.MONTH)}"
    if same and period.precision == Precision.YEAR and first.year >= 1:
        return f"{year_label(first.year)}–{year_label(last.year)}"
    return f"{_single_label(period)} – {unit_label(last, period.end_precision)}"


def display(period):
    """How a reader sees the period: "Late October 2025", "c. 500 BC", "1943–1946"."""
    label = _span_label(period) if period.is_span else _single_label(period)
    if period.qualifier == Qualifier.APPROXIMATE:
        return f"c. {label}"
    if period.qualifier == Qualifier.UNCERTAIN:
        label = f"{label}?"
    elif period.qualifier == Qualifier.BEFORE:
        label = f"before {label}"
    elif period.qualifier == Qualifier.AFTER:
        label = f"after {label}"
    return label[0].upper() + label[1:]


# A chronology groups day, week and month dates under their month; coarser dates under their own unit.
_HEADING_UNIT = {Precision.DAY: Precision.MONTH, Precision.WEEK: Precision.MONTH}


def heading(period):
    """(key, label) of the heading a chronology shows above the period: "August 2025" for a day
    or a month, "Q3 2025" for a quarter, "2025" for a year, "1990s" for a decade. Equal keys share
    a heading."""
    precision = _HEADING_UNIT.get(period.precision, period.precision)
    first = unit(period.start, precision)[0]
    label = unit_label(first, precision)
    return (first.number, precision), label[0].upper() + label[1:]
