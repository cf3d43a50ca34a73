"""Periods written for machines: HTML `<time datetime>`, EDTF, TimelineJS parts.

Each writer gives no more precision than the period has. Where a format
cannot say something (HTML has no decades, iCalendar no BC), the writer says
so by returning None, and the caller leaves the value out.
"""

from datetime import date, timedelta

from .days import Day
from .periods import Period, Precision, Qualifier, unit

_EDTF_SEASONS = {3: 21, 6: 22, 9: 23, 12: 24}  # EDTF level 2: spring 21 … winter 24
_EDTF_QUARTER = 33  # Q1 is 33 … Q4 is 36
_EDTF_HALF = 40  # first half 40, second half 41


def edtf_year(year):
    return f"-{abs(year):04d}" if year < 0 else f"{year:04d}"


def machine(period):
    """A valid HTML date string no finer than the period, or None where HTML has none."""
    day = period.start
    if day.year < 1:
        return None  # HTML dates have no years before AD 1
    if period.part or period.qualifier in (Qualifier.BEFORE, Qualifier.AFTER):
        return None  # HTML has no "late October" or "before 1900"
    if period.precision in (Precision.DECADE, Precision.CENTURY):
        return None
    if period.precision == Precision.DAY:
        return day.isoformat()
    if period.precision == Precision.WEEK:
        iso_year, week, _ = day.to_date().isocalendar()
        return f"{iso_year:04d}-W{week:02d}"
    if period.precision == Precision.MONTH:
        return f"{day.year:04d}-{day.month:02d}"
    return f"{unit(day, period.precision)[0].year:04d}"


def machine_range(period):
    """(start, end) as `machine` writes them (ISO 8601 at the period's precision: "2025-06", "2025");
    end is None unless the period is a span, and either is None where `machine` has no form."""
    start = machine(period)
    if not period.is_span:
        return start, None
    return start, machine(Period.of(period.end, period.end_precision))


def _unit_edtf(day, precision):
    first, last = unit(day, precision)
    year = edtf_year(first.year)
    if precision == Precision.DAY:
        return first.isoformat()
    if precision == Precision.WEEK:
        return f"{first.isoformat()}/{last.isoformat()}"
    if precision == Precision.MONTH:
        return f"{year}-{first.month:02d}"
    if precision == Precision.SEASON:
        return f"{year}-{_EDTF_SEASONS[first.month]}"
    if precision == Precision.QUARTER:
        return f"{year}-{_EDTF_QUARTER + (first.month - 1) // 3}"
    if precision == Precision.HALF:
        return f"{year}-{_EDTF_HALF + (first.month > 6)}"
    if precision == Precision.YEAR:
        return year
    digits = 1 if precision == Precision.DECADE else 2
    if first.year >= 10**digits and last.year == first.year + 10**digits - 1:
        return year[: 4 - digits] + "X" * digits  # 199X, 18XX
    return f"{edtf_year(first.year)}/{edtf_year(last.year)}"  # BC decades and the first ones


def _part_edtf(period):
    """Early/mid/late as an interval of the sub-units: days of a month, months of a year, years."""
    first, last = period.start, period.end
    if period.precision == Precision.MONTH:
        return first.isoformat(), last.isoformat()
    if period.precision == Precision.YEAR:
        return f"{edtf_year(first.year)}-{first.month:02d}", f"{edtf_year(last.year)}-{last.month:02d}"
    return edtf_year(first.year), edtf_year(last.year)


def edtf(period):
    """Extended Date/Time Format (Library of Congress, 2019): 2025-10-22, 2025-35, 199X, -0043, 2025~."""
    mark = {Qualifier.APPROXIMATE: "~", Qualifier.UNCERTAIN: "?"}.get(period.qualifier, "")
    if period.part:
        low, high = _part_edtf(period)
        text = f"{low}{mark}/{high}{mark}"
    elif period.is_span:
        text = (
            f"{_unit_edtf(period.start, period.precision)}{mark}/{_unit_edtf(period.end, period.end_precision)}{mark}"
        )
    else:
        text = _unit_edtf(period.start, period.precision)
        text = f"{text}{mark}" if "/" not in text else "/".join(side + mark for side in text.split("/"))
    if period.qualifier == Qualifier.BEFORE:
        return f"../{text}"
    if period.qualifier == Qualifier.AFTER:
        return f"{text}/.."
    return text


def timelinejs_year(year):
    """TimelineJS counts BC years as negative numbers shown without a sign ("-44" is 44 BC),
    so there is no year 0 and astronomical year -43 is -44."""
    return year if year >= 1 else year - 1


def year_from_timelinejs(year):
    if year == 0:
        raise ValueError("TimelineJS has no year 0: use -1 for 1 BC or 1 for AD 1")
    return year if year > 0 else year + 1


def timelinejs_parts(day, precision):
    """TimelineJS date parts, no finer than the precision: {"year": 2025, "month": 8}."""
    parts = {"year": timelinejs_year(day.year)}
    if precision in (Precision.DAY, Precision.WEEK, Precision.MONTH, Precision.SEASON, Precision.QUARTER,
                     Precision.HALF):  # fmt: skip
        parts["month"] = day.month
    if precision in (Precision.DAY, Precision.WEEK):
        parts["day"] = day.day
    return parts


def timelinejs_dates(period):
    """(start_date, end_date or None) for a TimelineJS slide."""
    first = period.unit_start
    start = timelinejs_parts(first, period.precision)
    if period.is_span:
        return start, timelinejs_parts(period.last_unit[0], period.end_precision)
    if period.precision in (Precision.DAY, Precision.MONTH, Precision.YEAR) and not period.part:
        return start, None
    # A week, season, quarter, half, decade or century, or a part of a month or year: its first
    # and last day, month or year, the finest parts TimelineJS can say for it.
    finer = {
        Precision.WEEK: Precision.DAY,
        Precision.MONTH: Precision.DAY,
        Precision.DECADE: Precision.YEAR,
        Precision.CENTURY: Precision.YEAR,
    }.get(period.precision, Precision.MONTH)
    return timelinejs_parts(period.start, finer), timelinejs_parts(period.end, finer)


def all_day_range(period):
    """(first day, day after the last) as Python dates, for iCalendar's all-day events;
    None before AD 1, where iCalendar has no dates."""
    if period.start.year < 1:
        return None
    last = period.end.to_date()
    return period.start.to_date(), (last + timedelta(days=1) if last < date.max else last)


__all__ = ["Day", "Period", "all_day_range", "edtf", "machine", "timelinejs_dates", "timelinejs_parts"]
