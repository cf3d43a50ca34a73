"""Dates at a precision: parsing, periods, display.

A date in this product is a start day plus how exactly it is known. A
month-precision date is stored as the first of its month, covers the whole
month, and is shown as "August 2025", never as a day. Natural language
("June 2025", "3 months ago", "Q3 2025", "late August") is read with
dateparser relative to a base date: today for a reader's filter, the
publication date for an article.
"""

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from dateparser.date import DateDataParser
from django.db import models


class Precision(models.TextChoices):
    DAY = "day", "Day"
    MONTH = "month", "Month"
    QUARTER = "quarter", "Quarter"
    YEAR = "year", "Year"
    APPROXIMATE = "approximate", "Approximate"


class DateParseError(ValueError):
    """Text that does not read as a date; the message says why, for a person."""


MONTH_NAMES = [calendar.month_name[m] for m in range(1, 13)]


def start_of_period(day, precision):
    """The first day of the period that `day` falls in at `precision`.

    An approximate date is kept as its month ("c. April 2025"), or as 1 January for a year.
    """
    if precision in (Precision.MONTH, Precision.APPROXIMATE):
        return day.replace(day=1)
    if precision == Precision.QUARTER:
        return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    if precision == Precision.YEAR:
        return date(day.year, 1, 1)
    return day


def end_of_period(start, precision):
    """The last day that a date stored as `start` at `precision` covers.

    An approximate date covers its year when it starts on 1 January ("c. 2025"),
    otherwise its month.
    """
    if precision == Precision.DAY:
        return start
    if precision == Precision.YEAR or (precision == Precision.APPROXIMATE and _is_new_year(start)):
        return date(start.year, 12, 31)
    if precision == Precision.QUARTER:
        last_month = 3 * ((start.month - 1) // 3) + 3
        return date(start.year, last_month, calendar.monthrange(start.year, last_month)[1])
    return date(start.year, start.month, calendar.monthrange(start.year, start.month)[1])


def _is_new_year(day):
    return day.month == 1 and day.day == 1


def quarter_of(day):
    return (day.month - 1) // 3 + 1


def format_date(day, precision):
    """Show a date at its precision and never finer: "22 October 2025", "August 2025"."""
    if precision == Precision.DAY:
        return f"{day.day} {MONTH_NAMES[day.month - 1]} {day.year}"
    if precision == Precision.MONTH:
        return f"{MONTH_NAMES[day.month - 1]} {day.year}"
    if precision == Precision.QUARTER:
        return f"Q{quarter_of(day)} {day.year}"
    if precision == Precision.YEAR:
        return str(day.year)
    if _is_new_year(day):
        return f"c. {day.year}"
    return f"c. {MONTH_NAMES[day.month - 1]} {day.year}"


def format_span(start, precision, end=None):
    """A date, or a span "1 April – 30 May 2025" when an end date is given."""
    if end is None or end <= start:
        return format_date(start, precision)
    first, last = format_date(start, precision), format_date(end, precision)
    if precision == Precision.DAY and start.year == end.year:
        if start.month == end.month:
            return f"{start.day}–{last}"
        return f"{start.day} {MONTH_NAMES[start.month - 1]} – {last}"
    if precision == Precision.MONTH and start.year == end.year:
        return f"{MONTH_NAMES[start.month - 1]} – {last}"
    return f"{first} – {last}"


def machine_date(day, precision):
    """The value for `<time datetime>`: a valid date string no finer than known."""
    if precision == Precision.DAY:
        return day.isoformat()
    if precision == Precision.YEAR or (precision == Precision.APPROXIMATE and _is_new_year(day)):
        return f"{day.year:04d}"
    return f"{day.year:04d}-{day.month:02d}"


def edtf(day, precision):
    """Extended Date/Time Format: 2025-10-22, 2025-08, 2025, 2025-35 (Q3), 2025~."""
    if precision == Precision.QUARTER:
        return f"{day.year:04d}-{32 + quarter_of(day)}"
    if precision == Precision.APPROXIMATE:
        return f"{machine_date(day, precision)}~"
    return machine_date(day, precision)


@dataclass(frozen=True)
class FuzzyDate:
    """What a piece of text said: a first and last day, a precision, and a label."""

    start: date
    precision: str
    end: date
    label: str = ""

    @classmethod
    def at(cls, day, precision, label=""):
        start = start_of_period(day, precision)
        return cls(start, precision, end_of_period(start, precision), label)

    @property
    def stored_start(self):
        """The day an event keeps: an approximate date is kept as its month."""
        if self.precision == Precision.APPROXIMATE and not _is_new_year(self.start):
            return self.start.replace(day=1)
        return self.start

    def __str__(self):
        return self.label or format_date(self.start, self.precision)


# Words a reader puts in front of a date in a filter: "since June 2025".
_LEADING_WORDS = re.compile(r"^(since|from|after|until|till|til|to|before|by|as of)\s+", re.I)
_ISO = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
_QUARTER = re.compile(
    r"^(?:q([1-4])|([1-4])q|(first|second|third|fourth|1st|2nd|3rd|4th) quarter(?: of)?)"
    r"[\s,]*(\d{4})?$",
    re.I,
)
_QUARTER_YEAR_FIRST = re.compile(r"^(\d{4})[\s-]*q([1-4])$", re.I)
_QUARTER_WORDS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}
_PART = re.compile(r"^(early|mid|middle of|late|end of|start of|beginning of)[\s-]+(.+)$", re.I)
_CIRCA = re.compile(r"^(?:c\.|ca\.|circa|around|about|approximately|approx\.)\s*(.+)$", re.I)
_SEASON = re.compile(r"^(spring|summer|autumn|fall|winter)(?: of)?\s+(\d{4})$", re.I)
_SEASON_MONTHS = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}
_AGO = re.compile(
    r"^(a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d+)\s+"
    r"(day|week|month|year)s?\s+ago$",
    re.I,
)
_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip


def add_months(day, months):
    month_index = day.year * 12 + day.month - 1 + months
    year, month = divmod(month_index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def parse(text, *, base):
    """Read `text` as a date relative to `base`; raise DateParseError if it cannot.

    Handles ISO (2025, 2025-06, 2025-06-12), quarters (Q3 2025), parts of a
    period (early/mid/late 2025, late August), seasons, "N months ago", and
    anything dateparser reads ("June 2025", "Oct 22 2025", "last month").
    """
    cleaned = " ".join(str(text).strip().rstrip(".").split())
    cleaned = _LEADING_WORDS.sub("", cleaned)
    if not cleaned:
        raise DateParseError("Enter a date, such as “June 2025” or “2025-06-12”.")
    for reader in (_read_circa, _read_iso, _read_quarter, _read_season, _read_part, _read_ago):
        found = reader(cleaned, base)
        if found is not None:
            return found
    return _read_natural(cleaned, base)


def _read_circa(text, base):
    """ "c. 2025", "around July 2025": the same period, marked approximate."""
    match = _CIRCA.match(text)
    if not match:
        return None
    whole = parse(match.group(1), base=base)
    start = whole.start if whole.precision != Precision.DAY else whole.start.replace(day=1)
    return FuzzyDate(
        start,
        Precision.APPROXIMATE,
        whole.end if whole.precision != Precision.DAY else end_of_period(start, Precision.MONTH),
    )


def _read_iso(text, base):
    match = _ISO.match(text)
    if not match:
        return None
    year, month, day = (int(part) if part else None for part in match.groups())
    try:
        if day:
            return FuzzyDate.at(date(year, month, day), Precision.DAY)
        if month:
            return FuzzyDate.at(date(year, month, 1), Precision.MONTH)
        return FuzzyDate.at(date(year, 1, 1), Precision.YEAR)
    except ValueError:
        raise DateParseError(f"“{text}” is not a real date.") from None


def _read_quarter(text, base):
    match = _QUARTER_YEAR_FIRST.match(text)
    if match:
        year, quarter = int(match.group(1)), int(match.group(2))
    else:
        match = _QUARTER.match(text)
        if not match:
            return None
        number, number_first, word, year = match.groups()
        quarter = int(number or number_first or _QUARTER_WORDS[word.lower()])
        year = int(year) if year else base.year
    return FuzzyDate.at(date(year, 3 * quarter - 2, 1), Precision.QUARTER)


def _read_season(text, base):
    match = _SEASON.match(text)
    if not match:
        return None
    season, year = match.group(1).lower(), int(match.group(2))
    first = date(year, _SEASON_MONTHS[season], 1)
    last = end_of_period(add_months(first, 2), Precision.MONTH)
    return FuzzyDate(first, Precision.APPROXIMATE, last, f"{season.capitalize()} {year}")


def _read_part(text, base):
    """ "early 2025", "mid-2025", "late August": an approximate part of a period."""
    match = _PART.match(text)
    if not match:
        return None
    part = match.group(1).lower()
    whole = parse(match.group(2), base=base)
    days = (whole.end - whole.start).days + 1
    if part in {"early", "start of", "beginning of"}:
        first, last = whole.start, whole.start + timedelta(days=days // 3 - 1)
    elif part in {"late", "end of"}:
        first, last = whole.end - timedelta(days=days // 3 - 1), whole.end
    else:
        first = whole.start + timedelta(days=days // 3)
        last = whole.end - timedelta(days=days // 3)
    label = f"{part.capitalize()} {whole}" if part != "mid" else f"Mid-{whole}"
    return FuzzyDate(first, Precision.APPROXIMATE, last, label)


def _read_ago(text, base):
    match = _AGO.match(text)
    if not match:
        return None
    count = match.group(1).lower()
    count = _NUMBER_WORDS.get(count) or int(count)
    unit = match.group(2).lower()
    if unit == "day":
        day = base - timedelta(days=count)
    elif unit == "week":
        day = base - timedelta(weeks=count)
    else:
        day = add_months(base, -count * (12 if unit == "year" else 1))
    return FuzzyDate.at(day, Precision.DAY)


_PERIODS = {"day": Precision.DAY, "month": Precision.MONTH, "year": Precision.YEAR}


def _read_natural(text, base):
    parser = DateDataParser(
        languages=["en"],
        settings={
            "RELATIVE_BASE": datetime(base.year, base.month, base.day),
            "PREFER_DAY_OF_MONTH": "first",
            "PREFER_DATES_FROM": "past",
            "DATE_ORDER": "DMY",
        },
    )
    data = parser.get_date_data(text)
    if data is None or data.date_obj is None:
        raise DateParseError(f"Could not read “{text}” as a date. Try “June 2025”, “2025-06-12” or “3 months ago”.")
    day = data.date_obj.date()
    if data.period == "week":
        monday = day - timedelta(days=day.weekday())
        label = f"Week of {format_date(monday, Precision.DAY)}"
        return FuzzyDate(monday, Precision.DAY, monday + timedelta(days=6), label)
    return FuzzyDate.at(day, _PERIODS.get(data.period, Precision.DAY))
