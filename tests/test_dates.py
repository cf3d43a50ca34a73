"""The date rules: driven by the table in docs/dates.md, so the documentation is what runs.

Every row is read by the parser, the reader's filter form, the editors' event
form and the TimelineJS round trip, and must give the same period in each.
"""

import re
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from timeline.domain import dates
from timeline.domain.dates import DateParseError, Day, Period, Precision

BASE = date(2026, 11, 29)  # the base date docs/dates.md states
TABLE = Path(__file__).resolve().parent.parent / "docs" / "dates.md"


def _rows(heading):
    """The rows of the first table after `heading` in docs/dates.md, as lists of cells."""
    text = TABLE.read_text().split(heading, 1)[1]
    rows = []
    for line in text.splitlines():
        if line.startswith("|") and not line.startswith("|---"):
            rows.append([cell.strip() for cell in line.strip("|").split("|")])
        elif rows and not line.startswith("|"):
            break
    return rows[1:]  # without the header row


FORMS = [pytest.param(*row, id=row[0].strip("`")) for row in _rows("## What can be typed")]
REFUSED = [text for row in _rows("## What is refused") for text in re.findall(r"`([^`]*)`", row[0])]
# Rows whose meaning depends on the base date: a filter reads them against today, so they
# are checked by the parser only.
RELATIVE = re.compile(r"ago|last|next|this|today|yesterday|year-end|in 3|^`June`$")


@pytest.mark.parametrize(("typed", "first", "last", "precision", "shown", "edtf"), FORMS)
def test_every_documented_form_reads_as_documented(typed, first, last, precision, shown, edtf):
    """Each row of docs/dates.md: the first and last day, precision, display and EDTF."""
    period = dates.parse(typed.strip("`"), base=BASE)
    assert period.start.isoformat() == first
    assert period.end.isoformat() == last
    assert period.precision == precision
    assert dates.display(period) == shown
    assert dates.edtf(period) == edtf


@pytest.mark.parametrize(("typed", "first", "last", "precision", "shown", "edtf"), FORMS)
def test_what_is_shown_reads_back_as_the_same_period(typed, first, last, precision, shown, edtf):
    """The text an editor sees in the form ("Late October 2025") is read back unchanged."""
    period = dates.parse(typed.strip("`"), base=BASE)
    assert dates.parse(dates.display(period), base=BASE) == period


@pytest.mark.parametrize(("typed", "first", "last", "precision", "shown", "edtf"), FORMS)
def test_the_timelinejs_round_trip_keeps_the_period(typed, first, last, precision, shown, edtf):
    """Export to TimelineJS parts and a display date, import again: the same period."""
    from timeline.curation.timelinejs_import import _period_and_label, read_date

    period = dates.parse(typed.strip("`"), base=BASE)
    start, end = dates.timelinejs_dates(period)
    imported, label = _period_and_label(
        read_date(start, "start"), read_date(end, "end") if end else None, dates.display(period)
    )
    assert (imported, label) == (period, "")


@pytest.mark.parametrize(
    ("typed", "first", "last", "precision", "shown", "edtf"),
    [row for row in FORMS if not RELATIVE.search(row.values[0])],
)
def test_filters_read_the_same_words_as_the_table(typed, first, last, precision, shown, edtf):
    """The reader's from/to fields cover the documented days (open-ended for before/after)."""
    from timeline.reader.selection import EventFilterForm, Selection

    form = EventFilterForm({"from": typed.strip("`"), "to": typed.strip("`")}, categories=[], actors=[])
    assert form.is_valid(), form.errors
    low, high = Selection(timeline=None, form=form).date_range
    period = dates.parse(typed.strip("`"), base=BASE)
    assert (low, high) == period.bounds()
    if not period.qualifier or period.qualifier in ("approximate", "uncertain"):
        assert (low.isoformat(), high.isoformat()) == (first, last)


@pytest.mark.parametrize("typed", REFUSED + ["", "   ", "c. " * 1000, "x" * 5000, "2025\x00-10", "\x07\x1b"])
def test_refused_text_is_an_error_that_says_why(typed):
    """Unreadable input is a DateParseError with a sentence, never today and never a crash."""
    with pytest.raises(DateParseError) as error:
        dates.parse(typed, base=BASE)
    assert len(str(error.value)) > 10


def test_the_1990s_are_never_today():
    """The bug that started it: "in the 1990s" used to be read as today at day precision."""
    period = dates.parse("in the 1990s", base=BASE)
    assert (period.start.year, period.end.year, period.precision) == (1990, 1999, Precision.DECADE)


def test_late_october_sorts_after_20_october():
    """A part of a month starts where its days start, so it sorts among them."""
    late = dates.parse("late October 2025", base=BASE)
    assert late.start > dates.parse("20 October 2025", base=BASE).start


def test_day_numbers_count_through_bc_and_leap_years():
    """Day numbers match Python's ordinals from AD 1 and continue below it without a gap."""
    assert Day(2025, 10, 22).number == date(2025, 10, 22).toordinal()
    assert Day(1, 1, 1).number == 1 and Day(0, 12, 31).number == 0
    assert Day(0, 2, 29).number + 1 == Day(0, 3, 1).number  # 1 BC was a leap year
    assert Day(-43, 3, 15).weekday == Day.from_number(Day(-43, 3, 15).number).weekday


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=Day(-9998, 1, 1).number, max_value=Day(9999, 12, 31).number))
def test_day_numbers_round_trip(number):
    """Every day from 9999 BC to AD 9999 converts to a calendar date and back."""
    assert Day.from_number(number).number == number


@settings(max_examples=1500, deadline=None)
@given(
    st.text(max_size=80) | st.from_regex(r"(c\. |early |late |mid-|before )?\d{1,6}(s| BC| AD|-\d\d)?", fullmatch=True)
)
def test_the_parser_returns_a_period_or_the_one_documented_error(text):
    """Arbitrary text gives a Period inside 9999 BC–AD 9999 or a DateParseError: nothing else."""
    try:
        period = dates.parse(text, base=BASE)
    except DateParseError:
        return
    assert isinstance(period, Period)
    assert dates.FIRST_DAY <= period.start <= period.end <= dates.LAST_DAY


@settings(max_examples=300, deadline=None)
@given(st.integers(-9998, 9999), st.sampled_from(list(Precision)))
def test_every_period_is_shown_and_read_back(year, precision):
    """Any year at any precision displays as text that parses back to the same period."""
    if year == 0 and precision == Precision.YEAR:
        year = 1
    period = Period.of(Day(year, 6, 15), precision)
    assert dates.parse(dates.display(period), base=BASE) == period
