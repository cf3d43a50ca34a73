"""Days from 9999 BC to AD 9999, as numbers a database can sort and compare.

Python's `date` stops at AD 1, and neither SQLite nor PostgreSQL dates agree
on anything before that. So a day is stored as an integer: the proleptic
Gregorian day number, counted so that 1 January AD 1 is 1, exactly like
`date.toordinal()`. Earlier days are zero or negative. An integer column
sorts, indexes and compares the same way on every database, and periods are
two integers (first and last day), so "does this event overlap that range"
is two comparisons.

Years are astronomical, as in ISO 8601 and EDTF: year 0 is 1 BC, -43 is 44 BC.
The Gregorian calendar repeats every 400 years (146,097 days), which is how
days outside `date`'s range are computed with `date`'s own arithmetic.
"""

from dataclasses import dataclass
from datetime import date

MIN_YEAR = -9998  # 9999 BC
MAX_YEAR = 9999
_CYCLE_DAYS = 146_097  # days in 400 Gregorian years


class OutOfRange(ValueError):
    """A day outside 9999 BC to AD 9999, or one that does not exist (30 February)."""


def is_leap(year):
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def days_in_month(year, month):
    if month == 2:
        return 29 if is_leap(year) else 28
    return 30 if month in (4, 6, 9, 11) else 31


@dataclass(frozen=True, order=True)
class Day:
    """A calendar day in astronomical year numbering; ordering is chronological."""

    year: int
    month: int
    day: int

    def __post_init__(self):
        if not MIN_YEAR <= self.year <= MAX_YEAR:
            raise OutOfRange("Years run from 9999 BC to AD 9999.")
        if not 1 <= self.month <= 12 or not 1 <= self.day <= days_in_month(self.year, self.month):
            raise OutOfRange(f"{self.year:04d}-{self.month:02d}-{self.day:02d} is not a real day.")

    @classmethod
    def from_date(cls, value):
        return cls(value.year, value.month, value.day)

    @classmethod
    def from_number(cls, number):
        cycles, rest = divmod(number - 1, _CYCLE_DAYS)
        within = date.fromordinal(rest + 1)
        return cls(within.year + 400 * cycles, within.month, within.day)

    @property
    def number(self):
        cycles, year_in_cycle = divmod(self.year - 1, 400)
        return date(year_in_cycle + 1, self.month, self.day).toordinal() + cycles * _CYCLE_DAYS

    @property
    def weekday(self):
        """0 for Monday, as `date.weekday()`."""
        return (self.number - 1) % 7

    def plus(self, days):
        return Day.from_number(self.number + days)

    def to_date(self):
        """The same day as a `date`, or None before AD 1."""
        return date(self.year, self.month, self.day) if self.year >= 1 else None

    def add_months(self, months):
        """The same day of the month `months` later (or earlier), clamped to the month's end."""
        index = self.year * 12 + self.month - 1 + months
        year, month = divmod(index, 12)
        return Day(year, month + 1, min(self.day, days_in_month(year, month + 1)))

    def isoformat(self):
        """ISO 8601 / EDTF: 2025-10-22, -0043-03-15."""
        sign = "-" if self.year < 0 else ""
        return f"{sign}{abs(self.year):04d}-{self.month:02d}-{self.day:02d}"


FIRST_DAY = Day(MIN_YEAR, 1, 1)
LAST_DAY = Day(MAX_YEAR, 12, 31)


def today():
    from django.utils import timezone

    return Day.from_date(timezone.localdate())


def as_day(value):
    """A Day from a Day, a `date` or a stored day number."""
    if isinstance(value, Day):
        return value
    if isinstance(value, int):
        return Day.from_number(value)
    return Day.from_date(value)
