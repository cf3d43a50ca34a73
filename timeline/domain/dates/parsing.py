"""Reading what people type as a period: the rules listed in docs/dates.md.

`parse(text, base=...)` reads one date as an editor, a reader's filter or an
importer gives it, relative to `base` (today for a filter, the publication
date for an article), and returns a Period. Text it cannot place raises
DateParseError with a sentence that says what can be typed: it never falls
back to today or to 1 January.

Our own grammar reads every form in the table; dateparser is asked only for
complete day-month-year dates in other layouts or languages ("Sat, 22 Oct
2025 10:00 GMT", "22 octobre 2025"), with every part required, so it cannot
fill a gap with today.
"""

import re
import unicodedata
from datetime import date, datetime

from .days import MIN_YEAR, Day, OutOfRange, days_in_month
from .periods import PARTABLE, Part, Period, Precision, Qualifier, display, unit
from .words import (
    MONTH_PATTERN,
    MONTHS,
    NUMBER_PATTERN,
    ORDINALS,
    SEASON_PATTERN,
    SEASONS,
    WEEKDAY_NAMES,
    WEEKDAY_PATTERN,
    WEEKDAYS,
    number,
)

MAX_LENGTH = 200  # longer text is not a date; refusing it keeps every pattern cheap

EXAMPLES = "“22 October 2025”, “October 2025”, “Q3 2025”, “the 1990s”, “44 BC” or “3 months ago”"


class DateParseError(ValueError):
    """Text that does not read as a date; the message says why, for a person."""


def parse(text, *, base):
    """Read `text` as a Period relative to `base` (a Day or a date); raise DateParseError if it cannot."""
    base = base if isinstance(base, Day) else Day.from_date(base)
    raw = str(text)
    if len(raw) > MAX_LENGTH:
        raise DateParseError(f"That is too long for a date ({len(raw)} characters; at most {MAX_LENGTH}).")
    cleaned = normalise(raw)
    if not cleaned:
        raise DateParseError(f"Enter a date, such as {EXAMPLES}.")
    try:
        found = _read(cleaned, base)
    except OutOfRange as error:
        raise DateParseError(f"“{raw.strip()}”: {error}") from None
    except (OverflowError, ValueError) as error:
        if isinstance(error, DateParseError):
            raise
        raise DateParseError(f"“{raw.strip()}” is not a date we can place: {error}") from None
    if found is None:
        raise DateParseError(f"Could not read “{raw.strip()}” as a date. Try {EXAMPLES}.")
    return found


def normalise(text):
    """Lower case, one space between words, plain quotes and dashes, no full stop at the end."""
    text = unicodedata.normalize("NFKC", text)
    text = "".join(" " if unicodedata.category(char).startswith("C") else char for char in text)
    text = text.lower().replace("’", "'").replace("‘", "'").replace("—", "–").replace("−", "-")
    text = " ".join(text.split()).strip(" ,;")
    while text.endswith(".") and not re.search(r"\b(?:b\.c|a\.d|c|ca|approx)\.$", text):
        text = text[:-1].rstrip()
    return text


# Words that only frame a date: "since June 2025", "in the 1990s", "by 2030".
_FILLER = re.compile(r"^(?:since|from|as of|on|in|during|by|until|till|til|through|to|of)\s+")
_OPEN = re.compile(r"^(before|after|pre|post)[\s-]+(.+)$")
_CIRCA = re.compile(r"^(?:c\.|ca\.|(?:circa|about|around|approximately|approx|roughly|some|ca|c)\b\.?)\s*(.+)$")
_SPAN_BETWEEN = re.compile(r"^(?:between|from)\s+(.+?)\s+(?:and|to|until|till|through)\s+(.+)$")
_SPAN = re.compile(
    r"^(.+?)(?:\s+(?:to|until|till|through|thru)\s+|\s*–\s*|\s+-\s+|(?<=\d)-(?=\d{2,4}(?:\s*(?:bc|bce|ad|ce))?$)|(?<=\d)/(?=-?\d{2,4}))(.+)$"
)


def _read(text, base, hint=None):
    """A Period for the whole of `text`, or None. `hint` is the other end of a span, which
    lends a missing year (and month) to this one: "1 April to 30 May 2025"."""
    relative = _read_relative(text, base, hint)  # before "in" is taken for filler: "in 3 weeks"
    if relative is not None:
        return relative
    text = _FILLER.sub("", text)
    if text.startswith("../") or text.endswith("/.."):  # EDTF open intervals
        inner = _single(text.replace("../", "").replace("/..", ""), base, hint)
        if inner is None:
            return None
        return inner.qualified(Qualifier.BEFORE if text.startswith("../") else Qualifier.AFTER)
    match = _OPEN.match(text)
    if match:
        inner = _read(match.group(2), base, hint)
        if inner is None:
            return None
        if inner.is_span:
            raise DateParseError("“before” and “after” take a single date, not a span.")
        kind = Qualifier.BEFORE if match.group(1) in ("before", "pre") else Qualifier.AFTER
        return inner.qualified(kind)
    single = _single(text, base, hint)
    if single is not None:
        return single
    return _span(text, base)


def _span(text, base):
    match = _SPAN_BETWEEN.match(text) or _SPAN.match(text)
    if not match:
        return None
    first_text, last_text = match.group(1).strip(), match.group(2).strip()
    if re.fullmatch(r"\d{2}", last_text) and re.fullmatch(r"\d{4}", first_text):
        last_text = first_text[:2] + last_text  # "1943–46" ends in 1946
    last = _single(last_text, base)
    if last is None:
        return None
    if re.fullmatch(r"\d{1,2}", first_text) and last.precision == Precision.DAY:
        first = Period.of(Day(last.start.year, last.start.month, int(first_text)), Precision.DAY)
    else:
        first = _single(first_text, base, hint=last)
    if first is None:
        return None
    return Period.span(first, last)


def _single(text, base, hint=None):
    """One date, perhaps qualified: "c. 500 bc", "2025?", "2025~"."""
    match = _CIRCA.match(text)
    if match and match.group(1) != text:
        inner = _unqualified(match.group(1), base, hint)
        if inner is not None:
            return inner.qualified(Qualifier.APPROXIMATE)
    if text[-1:] in "~?%" and len(text) > 1:
        inner = _unqualified(text[:-1].strip(), base, hint)
        if inner is None:
            return None
        return inner.qualified(Qualifier.UNCERTAIN if text.endswith("?") else Qualifier.APPROXIMATE)
    return _unqualified(text, base, hint)


def _unqualified(text, base, hint):
    text = _FILLER.sub("", text)
    for reader in _READERS:
        found = reader(text, base, hint)
        if found is not None:
            return found
    return None


# --- years, with their era --------------------------------------------------------------------

_ERA = r"(?:bce|bc|b\.c\.|b\.c|ad|a\.d\.|a\.d|ce|c\.e\.)"
_YEAR = rf"(?:(?:ad|a\.d\.)\s*\d{{1,5}}|\d{{1,5}}(?:\s*{_ERA})?)"


def year_of(text, *, bare_digits=3):
    """The astronomical year of "2025", "44 bc", "ad 79", "500 bce"; None if `text` is not one.
    A year without an era needs `bare_digits` digits, so "12" is not read as AD 12."""
    match = re.fullmatch(rf"(?:(ad|a\.d\.)\s*)?(\d{{1,5}})(?:\s*({_ERA}))?", text.strip())
    if not match:
        return None
    prefix, digits, era = match.groups()
    value = int(digits)
    if value == 0:
        raise DateParseError("There is no year 0: 1 BC is followed by AD 1.")
    if not prefix and not era and len(digits) < bare_digits:
        return None
    if value > 9999:
        raise OutOfRange("Years run from 9999 BC to AD 9999.")
    if era and era.startswith("b"):
        return 1 - value
    return value


def _year_or_hint(text, hint, base, *, month=1, day=1):
    """The year written, the span's other end's year, or the latest year that puts
    month/day on or before `base` (a date without a year is most often in the past)."""
    if text:
        return year_of(text, bare_digits=1)
    if hint is not None:
        return hint.start.year
    year = base.year
    if (month, min(day, days_in_month(year, month))) > (base.month, base.day):
        year -= 1
    return year


# --- the readers, most specific first --------------------------------------------------------


def _read_iso(text, base, hint):
    """2025, 2025-06, 2025-06-12, -0043-03-15, 2025-W10, 2025-35 (EDTF Q3), 199X, 18XX."""
    match = re.fullmatch(r"(-?\d{4,5})(?:-(\d{2}))?(?:-(\d{2}))?", text)
    if match:
        year = int(match.group(1))
        if abs(year) > 9999:
            raise OutOfRange("Years run from 9999 BC to AD 9999.")
        month, day = match.group(2), match.group(3)
        if month and int(month) > 12:
            if day or not (21 <= int(month) <= 24 or 33 <= int(month) <= 36 or int(month) in (40, 41)):
                return None  # "1943-46" is a span of years, read by _span
            return _read_edtf_group(year, int(month))
        if day:
            return Period.of(Day(year, int(month), int(day)), Precision.DAY)
        if month:
            return Period.of(Day(year, int(month), 1), Precision.MONTH)
        return Period.of(Day(year, 1, 1), Precision.YEAR)
    match = re.fullmatch(r"(\d{4})-?w(\d{2})", text)
    if match:
        try:
            monday = date.fromisocalendar(int(match.group(1)), int(match.group(2)), 1)
        except ValueError:
            raise DateParseError(f"{match.group(1)} has no week {int(match.group(2))}.") from None
        return Period.of(Day.from_date(monday), Precision.WEEK)
    match = re.fullmatch(r"(-?)(\d{2,3})(x{1,2})", text)
    if match and len(match.group(2)) + len(match.group(3)) == 4:
        sign = -1 if match.group(1) else 1
        first = sign * int(match.group(2)) * 10 ** len(match.group(3))
        precision = Precision.DECADE if len(match.group(3)) == 1 else Precision.CENTURY
        return Period.of(Day(max(first, 1) if sign > 0 else first, 1, 1), precision)
    return None


def _read_edtf_group(year, code):
    if 21 <= code <= 24:
        return Period.of(Day(year, 3 * (code - 20), 1), Precision.SEASON)
    if 33 <= code <= 36:
        return Period.of(Day(year, 3 * (code - 33) + 1, 1), Precision.QUARTER)
    if code in (40, 41):
        return Period.of(Day(year, 1 if code == 40 else 7, 1), Precision.HALF)
    raise DateParseError(f"Month {code} does not exist (EDTF reads 21–24 as seasons, 33–36 as quarters).")


def _read_numeric(text, base, hint):
    """22/10/2025 and 22.10.2025 (day first, as most of the world writes it), 2025/10/22;
    10/22/2025 only where the second number cannot be a month."""
    match = re.fullmatch(r"(\d{4})[/.](\d{1,2})[/.](\d{1,2})", text)
    if match:
        return Period.of(Day(int(match.group(1)), int(match.group(2)), int(match.group(3))), Precision.DAY)
    match = re.fullmatch(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4})", text)
    if match:
        first, second, year = (int(part) for part in match.groups())
        day, month = (second, first) if second > 12 else (first, second)
        return Period.of(Day(year, month, day), Precision.DAY)
    return None


_DAY = r"(\d{1,2})(?:st|nd|rd|th)?"
_WEEKDAY = rf"(?:({WEEKDAY_PATTERN})(?:day)?,?\s+)?"
_MONTH = rf"({MONTH_PATTERN})\.?"


def _read_day(text, base, hint):
    """ "22 october 2025", "wednesday, 22 oct 2025", "october 22, 2025", "the 3rd of march", "week of 3 march 2025"."""
    week = re.fullmatch(r"(?:the\s+)?week\s+(?:of|beginning|starting)\s+(.+)", text)
    if week:
        day = _read_day(week.group(1), base, hint)
        return Period.of(day.start, Precision.WEEK) if day else None
    patterns = [
        (rf"{_WEEKDAY}(?:the\s+)?{_DAY}(?:\s+of)?\s+{_MONTH},?(?:\s+({_YEAR}))?", (1, 2, 3, 4)),
        (rf"{_WEEKDAY}{_MONTH}\s+(?:the\s+)?{_DAY},?(?:\s+({_YEAR}))?", (1, 3, 2, 4)),
    ]
    for pattern, (weekday_at, day_at, month_at, year_at) in patterns:
        match = re.fullmatch(pattern, text)
        if not match:
            continue
        month, day_number = MONTHS[match.group(month_at)], int(match.group(day_at))
        if not 1 <= day_number <= 31:
            return None
        year = _year_or_hint(match.group(year_at), hint, base, month=month, day=day_number)
        day = Day(year, month, day_number)
        said = match.group(weekday_at)
        if said and WEEKDAYS[said] != day.weekday:
            shown = display(Period.of(day, Precision.DAY))
            raise DateParseError(f"{shown} is a {WEEKDAY_NAMES[day.weekday]}, not a {WEEKDAY_NAMES[WEEKDAYS[said]]}.")
        return Period.of(day, Precision.DAY)
    return None


def _read_month(text, base, hint):
    """ "october 2025", "oct. 2025", "june of 44 bc", "june" (the latest June so far)."""
    match = re.fullmatch(rf"(?:the\s+)?(?:month\s+of\s+)?{_MONTH},?(?:\s+of)?(?:\s+({_YEAR}))?", text)
    if not match:
        return None
    month = MONTHS[match.group(1)]
    year = _year_or_hint(match.group(2), hint, base, month=month)
    return Period.of(Day(year, month, 1), Precision.MONTH)


def _read_season(text, base, hint):
    """ "summer 2025", "the summer of 2025", "winter 2025–26", "summer" (the latest so far)."""
    match = re.fullmatch(rf"(?:the\s+)?({SEASON_PATTERN})(?:\s+of)?(?:\s+({_YEAR})(?:\s*[–/-]\s*(\d{{2,4}}))?)?", text)
    if not match:
        return None
    month = SEASONS[match.group(1)]
    if match.group(2):
        year = year_of(match.group(2), bare_digits=1)
    elif hint is not None:
        year = hint.start.year
    else:
        year = base.year if Day(base.year, month, 1) <= base else base.year - 1
    return Period.of(Day(year, month, 1), Precision.SEASON)


_ORDINAL_QUARTER = r"(first|second|third|fourth|1st|2nd|3rd|4th|final|last)"


def _read_quarter_or_half(text, base, hint):
    """ "q3 2025", "3q 2025", "2025 q3", "the third quarter of 2025", "h1 2025", "the second half of 2025"."""
    forms = [
        (rf"q([1-4])(?:\s+of)?[\s,]*({_YEAR})?", Precision.QUARTER),
        (rf"([1-4])q[\s,]*({_YEAR})?", Precision.QUARTER),
        (rf"(?:the\s+)?{_ORDINAL_QUARTER}[\s-]+(?:calendar\s+|fiscal\s+)?quarter(?:\s+of)?[\s,]*({_YEAR})?",
         Precision.QUARTER),
        (rf"h([12])(?:\s+of)?[\s,]*({_YEAR})?", Precision.HALF),
        (rf"([12])h[\s,]*({_YEAR})?", Precision.HALF),
        (rf"(?:the\s+)?(first|second|1st|2nd|latter)\s+half(?:\s+of)?[\s,]*(?:the\s+year\s*)?({_YEAR})?",
         Precision.HALF),
    ]  # fmt: skip
    for pattern, form_precision in forms:
        match = re.fullmatch(pattern, text)
        if match:
            which, year_text, precision = match.group(1), match.group(2), form_precision
            break
    else:
        match = re.fullmatch(rf"({_YEAR})[\s-]*(q|h)([1-4])", text)
        if not match or (match.group(2) == "h" and match.group(3) not in "12"):
            return None
        year_text, which = match.group(1), match.group(3)
        precision = Precision.QUARTER if match.group(2) == "q" else Precision.HALF
    words = {"first": 1, "second": 2, "third": 3, "fourth": 4, "final": 4, "last": 4, "latter": 2}
    index = int(which[0]) if which[0].isdigit() else words[which]
    first_month = 3 * index - 2 if precision == Precision.QUARTER else 6 * index - 5
    year = _year_or_hint(year_text, hint, base, month=first_month)
    return Period.of(Day(year, first_month, 1), precision)


def _read_decade(text, base, hint):
    """ "the 1990s", "1990s", "the '90s", "the 90s", "the 440s bc"; "the 1800s" is the 19th century."""
    match = re.fullmatch(r"(?:the\s+)?(ad\s+)?(?:'|‘)?(\d{0,4}0)'?s(\s+\(decade\))?(?:\s+(bce|bc|b\.c\.))?", text)
    if not match:
        return None
    said_ad, digits, said_decade, era = match.groups()
    if said_ad:
        return Period.of(Day(max(int(digits), 1), 1, 1), Precision.DECADE)
    value = int(digits)
    if era:
        if value == 0:
            return Period(Day(-8, 1, 1), Day(0, 12, 31), Precision.DECADE)
        return Period.of(Day(1 - value, 1, 1), Precision.DECADE)
    if len(digits) == 2:
        value = base.year // 100 * 100 + value  # "the '90s": the latest such decade so far
        if value > base.year:
            value -= 100
    if len(digits) == 4 and digits.endswith("00") and digits != "2000" and not said_decade:
        return Period.of(Day(value, 1, 1), Precision.CENTURY)
    return Period.of(Day(max(value, 1), 1, 1), Precision.DECADE)


_CENTURY_WORDS = "|".join(sorted((word for word in ORDINALS if word != "last"), key=len, reverse=True))


def _read_century(text, base, hint):
    """ "the 19th century", "nineteenth-century", "the 5th century bc"."""
    match = re.fullmatch(
        rf"(?:the\s+)?(?:(\d{{1,3}})(?:st|nd|rd|th)|({_CENTURY_WORDS}))[\s-]+century(?:\s+({_ERA}))?", text
    )
    if not match:
        return None
    n = int(match.group(1)) if match.group(1) else ORDINALS[match.group(2)]
    if not 1 <= n <= 100:
        raise OutOfRange("Years run from 9999 BC to AD 9999.")
    era = match.group(3) or ""
    if era.startswith("b"):
        return Period.of(Day(max(1 - n * 100, MIN_YEAR), 1, 1), Precision.CENTURY)
    return Period.of(Day(max((n - 1) * 100, 1), 1, 1), Precision.CENTURY)


_PART_WORDS = {
    "early": Part.EARLY, "the early": Part.EARLY, "start of": Part.EARLY, "the start of": Part.EARLY,
    "beginning of": Part.EARLY, "the beginning of": Part.EARLY,
    "mid": Part.MID, "the mid": Part.MID, "middle of": Part.MID, "the middle of": Part.MID,
    "late": Part.LATE, "the late": Part.LATE, "end of": Part.LATE, "the end of": Part.LATE,
}  # fmt: skip
_PART = re.compile(r"^(" + "|".join(sorted(_PART_WORDS, key=len, reverse=True)) + r")(?:[\s-]+|(?=\d|'))(.+)$")


def _read_part(text, base, hint):
    """ "late october 2025", "mid-2025", "the early 1990s", "the late 19th century"."""
    match = _PART.match(text)
    if not match:
        return None
    inner_text = match.group(2)
    if inner_text.startswith("the ") is False and re.fullmatch(r"\d0s|'\d0s", inner_text):
        inner_text = "the " + inner_text
    inner = _unqualified(inner_text, base, hint)
    if inner is None:
        return None
    if inner.precision not in PARTABLE or inner.part or inner.is_span:
        raise DateParseError("“early”, “mid” and “late” go with a month, a year, a decade or a century.")
    return Period.of(inner.start, inner.precision, _PART_WORDS[match.group(1)])


def _read_year(text, base, hint):
    """ "2025", "44 bc", "ad 79", "500 bce", "the year 1066"."""
    match = re.fullmatch(rf"(?:the\s+)?(?:year\s+)?({_YEAR})", text)
    if not match:
        return None
    year = year_of(match.group(1))
    return Period.of(Day(year, 1, 1), Precision.YEAR) if year is not None else None


_UNITS = {
    "day": Precision.DAY, "week": Precision.WEEK, "month": Precision.MONTH, "quarter": Precision.QUARTER,
    "year": Precision.YEAR, "decade": Precision.DECADE, "century": Precision.CENTURY,
    "centurie": Precision.CENTURY,
}  # fmt: skip
_AGO = re.compile(
    rf"(?:(?:over|more than|nearly|almost|about|roughly|some|just over|just under)\s+)?({NUMBER_PATTERN})\s+"
    r"(day|week|month|quarter|year|decade|centurie|century)s?\s+(ago|earlier|before|from now|later|hence)"
)
_IN = re.compile(rf"in\s+({NUMBER_PATTERN})\s+(day|week|month|quarter|year|decade|centurie|century)s?(?:'s? time)?")
_STEP = re.compile(
    r"(?:(earlier|later|early|late)\s+)?"
    r"(last|this|next|the previous|the past|the coming|the following|the current|current|past|previous|coming)\s+"
    r"(week|month|quarter|year|decade|century)"
)
_WEEKDAY_ALONE = re.compile(rf"(?:(last|this|next|this past|this coming|on)\s+)?({WEEKDAY_PATTERN})")
_SEASON_STEP = re.compile(rf"(last|this|next|the previous|the coming|past|previous|coming)\s+({SEASON_PATTERN})")


def shift(base, count, precision):
    """`base` moved by `count` units (negative for the past), as the period of that unit."""
    if abs(count) > 20_000:
        raise OutOfRange("Years run from 9999 BC to AD 9999.")
    if precision == Precision.DAY:
        day = base.plus(count)
    elif precision == Precision.WEEK:
        day = base.plus(7 * count)
    elif precision in (Precision.MONTH, Precision.QUARTER, Precision.YEAR, Precision.DECADE, Precision.CENTURY):
        months = {Precision.MONTH: 1, Precision.QUARTER: 3, Precision.YEAR: 12, Precision.DECADE: 120,
                  Precision.CENTURY: 1200}[precision]  # fmt: skip
        day = Day(base.year, base.month, 1).add_months(count * months)
    else:
        raise ValueError(precision)
    return Period.of(day, precision)


def weekday_near(base, weekday, direction):
    """The `weekday` on or before `base` (direction -1), or after it (+1, never `base` itself)."""
    if direction < 0:
        return base.plus(-((base.weekday - weekday) % 7))
    return base.plus((weekday - base.weekday) % 7 or 7)


def _read_relative(text, base, hint):
    """today, yesterday, tomorrow, 3 months ago, in 2 weeks, last month, next year, this week,
    last tuesday, on friday (the latest so far), last summer, year-end."""
    if text in ("today", "now", "tonight", "this morning", "this afternoon", "this evening"):
        return Period.of(base, Precision.DAY)
    if text in ("yesterday", "last night"):
        return Period.of(base.plus(-1), Precision.DAY)
    if text == "tomorrow":
        return Period.of(base.plus(1), Precision.DAY)
    if text in ("the day before yesterday",):
        return Period.of(base.plus(-2), Precision.DAY)
    if re.fullmatch(r"(?:at\s+|by\s+)?(?:the\s+)?(?:year-end|year end|end of (?:the|this) year)", text):
        return Period.of(Day(base.year, 1, 1), Precision.YEAR, Part.LATE)
    match = _AGO.fullmatch(text)
    if match:
        count, unit_word, direction = number(match.group(1)), match.group(2), match.group(3)
        sign = -1 if direction in ("ago", "earlier", "before") else 1
        return shift(base, sign * count, _UNITS[unit_word])
    match = _IN.fullmatch(text)
    if match:
        return shift(base, number(match.group(1)), _UNITS[match.group(2)])
    match = _STEP.fullmatch(text)
    if match:
        part_word, which, unit_word = match.groups()
        step = {"last": -1, "the previous": -1, "previous": -1, "the past": -1, "past": -1, "next": 1,
                "the coming": 1, "coming": 1, "the following": 1}.get(which, 0)  # fmt: skip
        period = shift(base, step, _UNITS[unit_word])
        if part_word and period.precision in PARTABLE:
            part = Part.EARLY if part_word in ("earlier", "early") else Part.LATE
            # "earlier this month" is the month so far; keep the whole unit, but the part when said plainly
            if part_word in ("early", "late"):
                return Period.of(period.start, period.precision, part)
        return period
    match = _SEASON_STEP.fullmatch(text)
    if match:
        which, season = match.groups()
        month = SEASONS[season]
        start = Day(base.year, month, 1) if month != 12 or base.month == 12 else Day(base.year - 1, 12, 1)
        current_end = unit(start, Precision.SEASON)[1]
        if which in ("last", "the previous", "previous", "past"):
            # the latest such season that has ended
            while current_end >= base:
                start = Day(start.year - 1, month, 1)
                current_end = unit(start, Precision.SEASON)[1]
        elif which in ("next", "the coming", "coming"):
            while start <= base:
                start = Day(start.year + 1, month, 1)
        return Period.of(start, Precision.SEASON)
    match = _WEEKDAY_ALONE.fullmatch(text)
    if match:
        which, name = match.groups()
        weekday = WEEKDAYS[name]
        if which in ("next", "this coming"):
            return Period.of(weekday_near(base, weekday, 1), Precision.DAY)
        day = weekday_near(base, weekday, -1)
        if which in ("last", "this past") and day == base:
            day = day.plus(-7)
        return Period.of(day, Precision.DAY)
    return None


def _read_dateparser(text, base, hint):
    """Complete dates in layouts or languages our grammar does not list; every part required."""
    if not re.search(r"\d", text) or not re.search(r"[a-z]{3}", text):
        return None
    import dateparser  # slow to import, and needed only for the few dates our grammar does not read

    try:
        found = dateparser.parse(
            text,
            languages=["en", "fr", "de", "es", "it", "pt", "nl"],
            settings={
                "REQUIRE_PARTS": ["day", "month", "year"],
                "PARSERS": ["absolute-time"],
                "RELATIVE_BASE": datetime(2000, 1, 1),
                "DATE_ORDER": "DMY",
            },
        )
    except (ValueError, OverflowError, TypeError, AttributeError):
        return None
    if found is None:
        return None
    return Period.of(Day(found.year, found.month, found.day), Precision.DAY)


_READERS = [
    _read_iso,
    _read_numeric,
    _read_relative,
    _read_day,
    _read_month,
    _read_season,
    _read_quarter_or_half,
    _read_part,
    _read_decade,
    _read_century,
    _read_year,
    _read_dateparser,
]
