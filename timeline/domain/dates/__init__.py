"""Every date rule in the product, in one package (the table is docs/dates.md).

- `days`: day numbers from 9999 BC to AD 9999, which the database stores and sorts;
- `periods`: precisions, parts and qualifiers, period arithmetic, and display;
- `parsing`: reading what an editor, a reader or an importer types;
- `formats`: HTML `<time datetime>`, EDTF and TimelineJS;
- `news`: finding and resolving date expressions in running news text.

Other modules import from here, never from month names or calendars of their own.
"""

from .days import FIRST_DAY, LAST_DAY, Day, OutOfRange, as_day, today
from .formats import all_day_range, edtf, machine, machine_range, timelinejs_dates, year_from_timelinejs
from .parsing import DateParseError, parse
from .periods import PRECISION_ORDER, Part, Period, Precision, Qualifier, display, heading, unit, unit_label

__all__ = [
    "FIRST_DAY", "LAST_DAY", "PRECISION_ORDER", "DateParseError", "Day", "OutOfRange", "Part", "Period",
    "Precision", "Qualifier", "all_day_range", "as_day", "display", "edtf", "heading", "machine", "machine_range",
    "parse", "timelinejs_dates", "today", "unit", "unit_label", "year_from_timelinejs",
]  # fmt: skip
