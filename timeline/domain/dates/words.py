"""The vocabulary of dates in English: month, weekday and season names, numbers.

Every other module that needs one of these words asks here, so "Sept." or
"fall" means the same thing in the event form, the filters and extraction.
"""

MONTH_NAMES = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
]  # fmt: skip

# Every spelling of a month that news text and editors use, lower-cased, to its number.
MONTHS = {name.lower(): number for number, name in enumerate(MONTH_NAMES, start=1)}
MONTHS.update({name.lower()[:3]: number for number, name in enumerate(MONTH_NAMES, start=1)})
MONTHS["sept"] = 9

WEEKDAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
WEEKDAYS = {name.lower(): number for number, name in enumerate(WEEKDAY_NAMES)}
WEEKDAYS.update({name.lower()[:3]: number for number, name in enumerate(WEEKDAY_NAMES)})
WEEKDAYS.update({"tues": 1, "wed": 2, "thur": 3, "thurs": 3})

# Meteorological seasons of the northern hemisphere: the month each starts in.
SEASON_NAMES = ["Spring", "Summer", "Autumn", "Winter"]
SEASONS = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}

NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "several": 3, "a few": 3,
    "a couple of": 2, "couple of": 2, "a dozen": 12, "dozen": 12, "fifteen": 15, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "a hundred": 100,
}  # fmt: skip

ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
    "nineteenth": 19, "twentieth": 20, "twenty-first": 21, "last": -1,
}  # fmt: skip

# Regex alternations, longest first so "september" wins over "sep".
MONTH_PATTERN = "|".join(sorted(MONTHS, key=len, reverse=True))
WEEKDAY_PATTERN = "|".join(name.lower() for name in WEEKDAY_NAMES)
SEASON_PATTERN = "|".join(SEASONS)
NUMBER_PATTERN = r"\d+|" + "|".join(sorted(NUMBERS, key=len, reverse=True))


def number(word):
    """ "three" → 3, "12" → 12."""
    word = " ".join(word.lower().split())
    return NUMBERS[word] if word in NUMBERS else int(word)


def ordinal_suffix(n):
    if 10 <= n % 100 <= 20:
        return f"{n}th"
    return f"{n}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th') }"
