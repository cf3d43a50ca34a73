"""Dates at a precision: reading what people type, and showing no more than is known."""

from datetime import date

import pytest

from timeline import dates
from timeline.dates import DateParseError, Precision

BASE = date(2026, 11, 29)


@pytest.mark.parametrize(
    ("text", "start", "end", "precision"),
    [
        ("2025-10-22", date(2025, 10, 22), date(2025, 10, 22), Precision.DAY),
        ("2025-06", date(2025, 6, 1), date(2025, 6, 30), Precision.MONTH),
        ("2025", date(2025, 1, 1), date(2025, 12, 31), Precision.YEAR),
        ("June 2025", date(2025, 6, 1), date(2025, 6, 30), Precision.MONTH),
        ("since June 2025", date(2025, 6, 1), date(2025, 6, 30), Precision.MONTH),
        ("Oct 22 2025", date(2025, 10, 22), date(2025, 10, 22), Precision.DAY),
        ("22 Oct 2025", date(2025, 10, 22), date(2025, 10, 22), Precision.DAY),
        ("Q3 2025", date(2025, 7, 1), date(2025, 9, 30), Precision.QUARTER),
        ("third quarter of 2025", date(2025, 7, 1), date(2025, 9, 30), Precision.QUARTER),
        ("3 months ago", date(2026, 8, 29), date(2026, 8, 29), Precision.DAY),
        ("yesterday", date(2026, 11, 28), date(2026, 11, 28), Precision.DAY),
        ("last month", date(2026, 10, 1), date(2026, 10, 31), Precision.MONTH),
        ("last year", date(2025, 1, 1), date(2025, 12, 31), Precision.YEAR),
        ("autumn 2025", date(2025, 9, 1), date(2025, 11, 30), Precision.APPROXIMATE),
    ],
)
def test_parse_reads_iso_and_natural_language(text, start, end, precision):
    """Each form a reader or editor types becomes the right first day, last day and precision."""
    parsed = dates.parse(text, base=BASE)
    assert (parsed.start, parsed.end, parsed.precision) == (start, end, precision)


def test_bare_year_does_not_keep_todays_month():
    """dateparser answers "2025" with today's month; we normalise to the whole year."""
    assert dates.parse("2025", base=date(2026, 11, 29)).start == date(2025, 1, 1)


def test_parts_of_a_period_are_approximate_and_labelled():
    """ "late August" is the last third of August, approximate, and says so."""
    parsed = dates.parse("late August 2025", base=BASE)
    assert parsed.precision == Precision.APPROXIMATE
    assert parsed.start == date(2025, 8, 22) and parsed.end == date(2025, 8, 31)
    assert str(parsed) == "Late August 2025"
    assert dates.parse("mid-2025", base=BASE).stored_start.day == 1


@pytest.mark.parametrize("text", ["", "   ", "garbage", "2025-02-30", "the day after never"])
def test_unreadable_text_raises_a_message_for_people(text):
    """Unreadable input is a DateParseError with a sentence, not a crash or a silent guess."""
    with pytest.raises(DateParseError) as error:
        dates.parse(text, base=BASE)
    assert len(str(error.value)) > 10


@pytest.mark.parametrize(
    ("day", "precision", "shown", "machine", "edtf"),
    [
        (date(2025, 10, 22), Precision.DAY, "22 October 2025", "2025-10-22", "2025-10-22"),
        (date(2025, 8, 1), Precision.MONTH, "August 2025", "2025-08", "2025-08"),
        (date(2025, 7, 1), Precision.QUARTER, "Q3 2025", "2025-07", "2025-35"),
        (date(2025, 1, 1), Precision.YEAR, "2025", "2025", "2025"),
        (date(2025, 1, 1), Precision.APPROXIMATE, "c. 2025", "2025", "2025~"),
        (date(2025, 7, 1), Precision.APPROXIMATE, "c. July 2025", "2025-07", "2025-07~"),
    ],
)
def test_dates_are_shown_at_their_precision_never_finer(day, precision, shown, machine, edtf):
    """A month event reads "August 2025" and its <time datetime> is "2025-08", never a day."""
    assert dates.format_date(day, precision) == shown
    assert dates.machine_date(day, precision) == machine
    assert dates.edtf(day, precision) == edtf


def test_spans_read_naturally():
    """A day span within one year names the year once."""
    assert dates.format_span(date(2025, 4, 1), Precision.DAY, date(2025, 5, 30)) == "1 April – 30 May 2025"
    assert dates.format_span(date(2025, 6, 1), Precision.MONTH, date(2025, 8, 1)) == "June – August 2025"


def test_end_of_period_covers_the_whole_period():
    """Quarters, months (leap years included) and years end on their last day."""
    assert dates.end_of_period(date(2024, 2, 1), Precision.MONTH) == date(2024, 2, 29)
    assert dates.end_of_period(date(2025, 10, 1), Precision.QUARTER) == date(2025, 12, 31)
    assert dates.end_of_period(date(2025, 1, 1), Precision.YEAR) == date(2025, 12, 31)
