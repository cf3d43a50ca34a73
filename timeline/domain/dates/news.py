"""Dates in running news text, resolved as a careful reader does.

`Reader(published).mentions(sentence)` finds the date expressions in one
sentence and resolves each against the article: explicit dates as written,
relative ones ("last month", "on Tuesday") against the publication date, and
references back ("the next day", "later that month") against the last date
the text mentioned. Past or future comes from the verb that governs the
expression, not from anywhere in the sentence: "announced on Wednesday that
he will leave" is the Wednesday before publication.

Each mention says how it was resolved, in words an editor can check, and how
sure we are: a weekday placed by tense is never certain.

Patterns never start inside a figure ("a 49% stake", "$14.3 billion", "Llama
4 in April"), and a bare month name must be capitalised, so "may" the verb is
not May.
"""

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache

from .days import Day, OutOfRange
from .parsing import shift, weekday_near
from .periods import PRECISION_ORDER, Part, Period, Precision, Qualifier, display, unit, unit_label
from .words import MONTH_PATTERN, MONTHS, NUMBER_PATTERN, ORDINALS, SEASONS, WEEKDAY_NAMES, WEEKDAY_PATTERN, number

_I = re.IGNORECASE
_MON = rf"(?P<month>{MONTH_PATTERN})\.?"
_CAP_MON = (
    r"(?P<month>January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
)
_YEAR = r"(?P<year>(?:1[0-9]|20)\d{2})"
_DAYNUM = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_WD = rf"(?P<weekday>{WEEKDAY_PATTERN})"
_NOT_FIGURE = r"(?!\s*(?:%|percent|per cent|billion|million|thousand|bn\b|m\b))"
_ORD = r"(?P<ordinal>first|second|third|fourth|1st|2nd|3rd|4th|final|last)"
_UNIT = r"(?P<unit>day|week|month|quarter|year|decade)s?"
_COUNT = rf"(?P<count>{NUMBER_PATTERN})"

# (kind, pattern, flags): tried in this order; a later match may not overlap an earlier one.
PATTERNS = [
    ("iso", r"\b(?P<year>(?:1[0-9]|20)\d{2})-(?P<mm>[01]\d)-(?P<dd>[0-3]\d)\b", 0),
    (
        "weekend",
        r"\b(?P<which>this|last|next|the|over the|during the|this past|this coming|the coming|the past)\s+weekend\b",
        _I,
    ),
    ("the_week", r"\b(?:over the course of|during|for|over|through)\s+the\s+week\b", _I),
    (
        "month_span",
        rf"\b(?:between|from)\s+{_MON}(?:\s+(?P<year1>(?:1[0-9]|20)\d{{2}}))?\s+(?:and|to|until|through)\s+"
        rf"(?P<month2>{MONTH_PATTERN})\.?,?\s+(?:of\s+)?{_YEAR}\b",
        _I,
    ),
    ("month_day", rf"\b(?:{_WD},?\s+)?{_MON}\s+{_DAYNUM}\b{_NOT_FIGURE}(?:,?\s+{_YEAR}\b)?", _I),
    ("day_month", rf"\b(?:{_WD},?\s+)?(?:the\s+)?{_DAYNUM}\s+(?:of\s+)?{_MON}(?:,?\s+{_YEAR})?\b", _I),
    (
        "part",
        rf"\b(?:the\s+)?(?P<part>early|mid|late|end of|beginning of|start of|middle of)[\s-]+"
        rf"(?:{_MON}(?:,?\s+(?:of\s+)?{_YEAR})?|(?P<bare_year>(?:1[0-9]|20)\d{{2}})"
        r"|the\s+(?P<decade>(?:1[0-9]|20)\d0)s)\b",
        _I,
    ),
    ("quarter", rf"\b(?:the\s+)?{_ORD}[\s-]quarter(?:\s+of)?(?:\s+{_YEAR})?\b", _I),
    ("quarter", rf"\b(?:Q(?P<number>[1-4])|(?P<number2>[1-4])Q)(?:\s+{_YEAR})?\b", 0),
    ("half", rf"\b(?:the\s+)?(?P<which>first|second|1st|2nd)\s+half(?:\s+of)?(?:\s+(?:the\s+year|{_YEAR}))?\b", _I),
    ("month_year", rf"\b{_MON},?\s+(?:of\s+)?{_YEAR}\b", _I),
    ("decade", r"\bthe\s+(?P<decade>(?:1[0-9]|20)\d0)s\b", _I),
    (
        "same_day",
        r"\b(?:(?:for|over|during|of|end|close|ended|closed|ending|closing)\s+the\s+(?:day|session)"
        r"|mid-?day|that\s+day|this\s+day|the\s+same\s+day|(?:earlier|later)\s+in\s+the\s+day|(?:a|the)\s+day'?s?\s+(?:high|low)"
        r"|(?:a|the)\s+(?:second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d+(?:st|nd|rd|th))\s+"
        r"(?:straight|consecutive|successive)?\s*(?:day|session|trading day))\b"
        r"|\b(?:at|by|as of|around|before|after|until)\s+[0-2]?\d[:.]?[0-5]\d\s*"
        r"(?:UTC|GMT|EST|EDT|ET|BST|CET|CEST|JST|local time|a\.m\.|p\.m\.|am|pm)",
        _I,
    ),
    (
        "backref",
        r"\b(?:(?P<side>later|earlier)\s+that|that\s+same|the\s+same|that)\s+(?P<unit>day|morning|afternoon|evening|night|week|month|year)\b",
        _I,
    ),
    (
        "backref_step",
        r"\bthe\s+(?P<which>next|following|previous|preceding)\s+(?P<unit>day|morning|week|month|year)\b",
        _I,
    ),
    (
        "backref_step",
        r"\bthe\s+(?P<unit>day|week|month|year)\s+(?P<which>after|before)\b(?!\s+(?:yesterday|tomorrow|\w+ing\b))",
        _I,
    ),
    (
        "backref_count",
        rf"\b{_COUNT}\s+(?P<unit>day|week|month|year)s?\s+(?P<which>later|earlier|afterwards?)\b(?!\s+than)",
        _I,
    ),
    (
        "ago",
        rf"\b(?:(?P<approx>over|more than|nearly|almost|about|roughly|some|around)\s+)?{_COUNT}\s+{_UNIT}\s+ago\b",
        _I,
    ),
    ("year_end", r"\b(?:the\s+)?(?:year-end|year end)\b", _I),
    (
        "part_step",
        r"\b(?:the\s+)?(?P<part>end|beginning|start|middle)\s+of\s+(?P<which>the|this|next|last)\s+(?P<unit>month|year)\b",
        _I,
    ),
    (
        "relative",
        r"\b(?P<which>yesterday|today|tonight|tomorrow|this morning|this afternoon|this evening|last night)\b",
        _I,
    ),
    (
        "step",
        r"\b(?P<side>earlier|later|early|late)?\s*"
        r"(?P<which>this|last|next|the previous|the past|the coming|the following|the current)"
        r"\s+(?P<unit>week|month|quarter|year)\b",
        _I,
    ),
    (
        "season",
        rf"\b(?P<when>in|this|last|during|next|over|through|since|by|until|the|its|their|his|her)\s+(?:the\s+)?"
        rf"(?P<season>spring|summer|autumn|fall|winter)(?:\s+of)?(?:\s+{_YEAR})?\b",
        _I,
    ),
    (
        "weekday",
        r"(?<!Black )(?<!Cyber )(?<!Super )(?<!Good )(?<!Ash )(?<!Easter )"
        rf"\b(?:(?P<qualifier>on|last|this|next|since|by|until|from|late|early)\s+)?{_WD}(?:'s)?\b"
        r"(?!\s+(?:Times|Post|Night|Mail|Herald|Morning Post))",
        _I,
    ),
    (
        "month",
        r"\b(?P<lead>in|since|from|by|during|until|through|last|this|next|early|late|mid|a|an|the|its|their|his|her|of"
        rf"|and|or)[\s-]+{_CAP_MON}(?!\s+\d)\b",
        0,
    ),
    ("month", rf"\b{_CAP_MON}(?:'s)\b", 0),
    (
        "year",
        r"\b(?P<lead>in|since|during|by|of|from|until|through|for|early|late|around|before|after|fiscal|calendar|not|than)"
        rf"\s+(?:the\s+)?{_YEAR}\b(?!\s*(?:%|percent|-\d|'?s\b))",
        _I,
    ),
    ("year", rf"\b{_YEAR}'s\b", 0),
    ("year", rf"(?:\b(?:its|their|his|her|the|a|an)|'s)\s+{_YEAR}\s+(?=[a-z])", 0),
]
REGEXES = [(kind, re.compile(pattern, flags)) for kind, pattern, flags in PATTERNS]

# --- tense: the verb that governs an expression ----------------------------------------------

_CLAUSE_BREAK = re.compile(
    r";|:|\s[—–]\s|,\s+(?:and|but|which|who|while|when|where|as|although|though)\b|\bthat\b|\bsaying\b"
    r"|\s(?:and|but)\s+(?=(?:then|later|in|on|it|he|she|they|we|the company|has|have|had|is|are|was|were|will)\b)"
    r"|,\s+(?=[a-z]+ing\b)",  # ", continuing their trend...": a participle starts another event
    _I,
)
_FUTURE = re.compile(
    r"\b(?:will|'ll|shall|would|may|going to|(?:is|are|was|were|be)\s+(?:expected|scheduled|set|due|slated|"
    r"poised|likely|planning|about|hoping|aiming|preparing)\s+to|(?:is|are|has been|have been|been|be)\s+"
    r"(?:scheduled|slated|planned|expected|due|set)\b|(?:not\s+)?due\b|plans?\s+to|planned\s+to|intends?\s+to|aims?\s+to|"
    r"hopes?\s+to|expects?\s+to|(?:is|are)\s+to|upcoming|next|later this|wants? to|promised to|vowed to|maybe"
    r"|(?:an|the)\s+expected)\b",
    _I,
)
_IRREGULAR_PAST = (
    "said|told|fell|rose|left|took|made|gave|came|went|began|sold|bought|held|met|won|lost|paid|saw|became|"
    "brought|built|caught|chose|drove|found|flew|got|grew|had|heard|kept|knew|laid|led|meant|ran|sent|shot|spoke|"
    "spent|stood|struck|taught|thought|threw|wrote|was|were|did|sank|slid|sought|spun|withdrew|overtook|underwent|"
    "undertook|stole|shut|quit|hit|cut|set|put|split|let|beat|shed|slashed|hired|quitted|became|froze|swore|wore|"
    "broke|forgot|rang|sang|drew|ate|hid|lay|lent|dealt|felt|fled|led|clung|dug|bid|bound|bent|burst|cast|cost|"
    "forecast|leapt|leaped|lit|read|rid|sat|shone|slept|spread|sprang|stuck|stung|strove|swam|swung|tore|woke|won"
)
_VERB_WORDS = frozenset(
    f"will|'ll|shall|would|could|may|might|is|are|am|was|were|be|been|has|have|had|did|does|do|says|{_IRREGULAR_PAST}".split(
        "|"
    )
)
# Words, then a set lookup: one pass over the text, where an alternation of a hundred
# verbs tried at every position cost a millisecond per clause.
_WORD = re.compile(r"(?<=\w)'ll\b|\b[a-z]+\b", _I)


def _is_verb(word):
    word = word.lower()
    return word in _VERB_WORDS or (len(word) >= 5 and word.endswith("ed")) or (len(word) >= 6 and word.endswith("ing"))


_NOT_VERBS = {
    "this", "its", "has", "his", "was", "is", "us", "news", "business", "analysts", "shares", "sales", "jobs",
    "plans", "markets", "results", "earnings", "years", "months", "weeks", "days", "hours", "percent",
    "points", "billions", "millions", "thousands", "employees", "workers", "products", "services", "times",
    "during", "morning", "evening", "thing", "nothing", "something", "building", "according", "including",
    "following", "trading", "meeting", "opening", "closing", "beginning", "spending", "funding", "hundred",
    "red", "need", "speed", "seed", "feed", "bed", "led", "shed", "indeed", "united", "limited", "based",
}  # fmt: skip
_PAST_MARK = re.compile(rf"\b(?:{_IRREGULAR_PAST}|[a-z]{{3,}}ed|has been|have been|had)\b", _I)
_SUBORDINATE = re.compile(r"\b(?:when|once|until|as soon as|by the time)\s+(?:\S+\s+){0,3}$", _I)
_PROGRESSIVE = re.compile(r"\b(?:is|are|am)\s+(?:\w+\s+)?[a-z]{3,}ing\b", _I)


# How far a clause reaches either side of an expression. A news clause is a few dozen
# words; reading no further keeps each expression's work bounded, so a sentence of
# thousands of dates costs time in proportion to its length, not its square.
CLAUSE_REACH = 300


@lru_cache(maxsize=8)
def _clause_breaks(sentence):
    """(starts, ends) of the clause breaks in `sentence`, found once per sentence."""
    breaks = [match.span() for match in _CLAUSE_BREAK.finditer(sentence)]
    return [start for start, _end in breaks], [end for _start, end in breaks]


def clause_around(sentence, start, end):
    """(offset, text) of the clause that holds sentence[start:end], at most CLAUSE_REACH
    characters either side of it (cut at a space, so no word is halved)."""
    starts, ends = _clause_breaks(sentence)
    before = bisect_right(ends, start)
    low = ends[before - 1] if before else 0
    after = bisect_left(starts, end)
    high = starts[after] if after < len(starts) else len(sentence)
    if start - low > CLAUSE_REACH:
        cut = start - CLAUSE_REACH
        space = sentence.find(" ", cut, start)
        low = space + 1 if space >= 0 else cut
    if high - end > CLAUSE_REACH:
        cut = end + CLAUSE_REACH
        space = sentence.rfind(" ", end, cut)
        high = space if space >= 0 else cut
    return low, sentence[low:high]


def _verbs(text):
    return [match for match in _WORD.finditer(text) if _is_verb(match.group(0)) and (
            match.group(0).lower() not in _NOT_VERBS or match.group(0).lower() in ("has", "was", "is"))]  # fmt: skip


@lru_cache(maxsize=8)
def _sentence_verbs(sentence):
    """(starts, ends, matches) of every verb in `sentence`, found once per sentence."""
    verbs = _verbs(sentence)
    return [verb.start() for verb in verbs], [verb.end() for verb in verbs], verbs


def _verbs_between(sentence, low, high):
    """The verbs of sentence[low:high], by bisection in the sentence's own list."""
    starts, ends, verbs = _sentence_verbs(sentence)
    return verbs[bisect_left(starts, low) : bisect_right(ends, high)]


def tense(sentence, start, end):
    """ "past", "future" or "" for the expression at sentence[start:end]: the tense of the
    nearest verb before it in its clause, else of the first verb after it."""
    offset, clause = clause_around(sentence, start, end)
    verbs = _verbs_between(sentence, offset, start)
    # A bare "-ing" form ("institutions collapsing after...") is not a finite verb: look past it.
    while (
        len(verbs) > 1
        and verbs[-1].group(0).lower().endswith("ing")
        and not _PROGRESSIVE.search(sentence[max(offset, verbs[-1].start() - 12) : verbs[-1].end()])
    ):
        verbs = verbs[:-1]
    if verbs:
        verb = verbs[-1]
        lead = sentence[offset : verb.start()]
        if _SUBORDINATE.search(lead) and _FUTURE.search(lead):
            return "future"  # "would be infused when they opened on Friday": the main verb decides
        low = max(offset, verb.start() - 40)
        head = sentence[low : verb.end()]
        # the words up to the date count too: "are not due until October"
        window = sentence[low + head.rfind(",") + 1 : start] if "," in head[:-1] else sentence[low:start]
    else:
        high = offset + len(clause)
        verbs = _verbs_between(sentence, end, high)
        if not verbs:
            return ""
        verb = verbs[0]
        window = sentence[end : verb.end()]
        following = sentence[verb.end() : min(verb.end() + 30, high)]
        window += following[: len(following) - len(following.lstrip()) + len(following.lstrip().split(" ")[0])]
    if _FUTURE.search(window):
        return "future"
    if _PAST_MARK.search(verb.group(0)) or re.search(r"\b(?:was|were|had|did)\b", window, _I):
        return "past"
    if _PROGRESSIVE.search(window):
        return "future"
    return ""


# --- mentions --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Mention:
    """A date expression in a sentence and what it resolves to."""

    text: str
    start: int
    end: int
    kind: str
    period: Period
    how: str
    confidence: float

    @property
    def precision_rank(self):
        return PRECISION_ORDER.index(self.period.precision)

    @property
    def explicit(self):
        return self.kind in ("iso", "month_day", "day_month", "month_year")


def _long(day):
    return f"{WEEKDAY_NAMES[day.weekday]} {unit_label(day, Precision.DAY)}"


def _inside_figure(sentence, position):
    """True when a match that starts with a digit continues a number ("$14.3", "1,200")."""
    return bool(re.search(r"[$€£\d.,]\s?$", sentence[max(0, position - 2) : position]))


class Claims:
    """Stretches of a sentence already claimed, kept in order, so whether a new match
    overlaps one is two neighbours' check (a bisection), not a scan of all of them."""

    def __init__(self):
        self._starts, self._ends, self._items = [], [], []

    def overlaps(self, start, end):
        index = bisect_left(self._starts, end)  # the claims that start before `end`...
        return index > 0 and self._ends[index - 1] > start  # ...the last of which reaches past `start`

    def claim(self, start, end, item):
        index = bisect_left(self._starts, start)
        self._starts.insert(index, start)
        self._ends.insert(index, end)
        self._items.insert(index, item)

    def in_order(self):
        return list(self._items)


class Reader:
    """Reads the sentences of one article in order, remembering the last date it saw."""

    def __init__(self, published):
        self.published = published if isinstance(published, Day) else Day.from_date(published)
        self.anchor = None  # the last resolved mention: what "the next day" counts from
        self.story_day = None  # the first day the story names near publication: "the day" it reports

    def mentions(self, sentence):
        """The date expressions in `sentence`, resolved, in order; the more exact wins in a clause."""
        chosen = Claims()  # the most specific pattern claims its words first
        for kind, regex in REGEXES:
            for match in regex.finditer(sentence):
                if chosen.overlaps(match.start(), match.end()):
                    continue
                if match.group(0).strip()[0].isdigit() and _inside_figure(sentence, match.start()):
                    continue
                chosen.claim(match.start(), match.end(), (kind, match))
        found = []
        for kind, match in chosen.in_order():
            text = match.group(0).strip()
            start = match.start() + (len(match.group(0)) - len(match.group(0).lstrip()))
            try:
                resolved = self._resolve(kind, match, sentence, start, start + len(text))
            except (OutOfRange, ValueError, KeyError):
                resolved = None
            if resolved is None:
                continue
            mention = Mention(text, start, start + len(text), kind, *resolved)
            if _is_benchmark(sentence, mention):
                continue
            found.append(mention)
            if (
                self.story_day is None
                and kind in ("weekday", "relative")
                and _near_publication(mention, self.published)
            ):
                self.story_day = mention
            self.anchor = mention  # "a year later" may count from a date earlier in the same sentence
        return _prefer_exact(sentence, found)

    # Each resolver returns (period, how, confidence) or None.

    def _resolve(self, kind, match, sentence, start, end):
        groups = {key: value for key, value in match.groupdict().items() if value is not None}
        text = match.group(0).strip()
        when = lambda: tense(sentence, start, end)  # noqa: E731 - computed only where it matters
        if kind == "iso":
            day = Day(int(groups["year"]), int(groups["mm"]), int(groups["dd"]))
            return Period.of(day, Precision.DAY), f"“{text}” as written", 0.95
        if kind in ("month_day", "day_month"):
            return self._explicit_day(groups, text, when)
        if kind == "month_year":
            period = Period.of(Day(int(groups["year"]), MONTHS[groups["month"].lower()], 1), Precision.MONTH)
            return period, f"“{text}” as written", 0.95
        if kind == "part":
            return self._part(groups, text, when)
        if kind == "quarter":
            return self._quarter(groups, text, when)
        if kind == "half":
            which = 1 if groups["which"].lower() in ("first", "1st") else 2
            year = int(groups["year"]) if "year" in groups else self.published.year
            period = Period.of(Day(year, 6 * which - 5, 1), Precision.HALF)
            return period, self._as_said(text, period, "year" in groups), 0.85
        if kind == "decade":
            period = Period.of(Day(int(groups["decade"]), 1, 1), Precision.DECADE)
            return period, f"“{text}” as written", 0.8
        if kind == "same_day":
            return self._same_day(text)
        if kind == "weekend":
            return self._weekend(groups["which"].lower(), text, when)
        if kind == "the_week":
            day, reason = self._story_day()
            return Period.of(day, Precision.WEEK), f"“{text}” → the week of {_long(day)}, {reason}", 0.6
        if kind == "month_span":
            last_month = Day(int(groups["year"]), MONTHS[groups["month2"].lower()], 1)
            first = Day(int(groups.get("year1") or last_month.year), MONTHS[groups["month"].lower()], 1)
            period = Period.span(Period.of(first, Precision.MONTH), Period.of(last_month, Precision.MONTH))
            return period, f"“{text}” as written", 0.9
        if kind.startswith("backref"):
            return self._backref(kind, groups, text)
        if kind == "ago":
            return self._ago(groups, text)
        if kind == "year_end":
            period = Period.of(Day(self.published.year, 1, 1), Precision.YEAR, Part.LATE)
            return period, f"“{text}” → {display(period)}, the end of the year of publication", 0.8
        if kind == "part_step":
            step = {"next": 1, "last": -1}.get(groups["which"].lower(), 0)
            precision = Precision.MONTH if groups["unit"].lower() == "month" else Precision.YEAR
            base = shift(self.published, step, precision)
            part = {"end": Part.LATE, "middle": Part.MID}.get(groups["part"].lower(), Part.EARLY)
            period = Period.of(base.start, precision, part)
            return period, f"“{text}” → {display(period)}, placed from publication on {_long(self.published)}", 0.8
        if kind == "relative":
            return self._relative(groups["which"].lower(), text)
        if kind == "step":
            return self._step(groups, text)
        if kind == "season":
            return self._season(groups, text, when)
        if kind == "weekday":
            return self._weekday(groups, text, when, clause_around(sentence, start, end)[1])
        if kind == "month":
            return self._month(groups, text, when)
        if kind == "year":
            period = Period.of(Day(int(groups["year"]), 1, 1), Precision.YEAR)
            return period, f"“{text}” as written", 0.85
        return None

    def _explicit_day(self, groups, text, when):
        month, day_number = MONTHS[groups["month"].lower()], int(groups["day"])
        if not 1 <= day_number <= 31:
            return None
        if "year" in groups:
            day = Day(int(groups["year"]), month, day_number)
            how, confidence = f"“{text}” as written", 0.95
        else:
            day, how = self._without_year(month, day_number, when(), text, Precision.DAY)
            confidence = 0.85
        said = groups.get("weekday")
        if said and WEEKDAY_NAMES[day.weekday].lower() != said.lower():
            actual = WEEKDAY_NAMES[day.weekday]
            how += f" (the text calls it a {said.capitalize()}; {unit_label(day, Precision.DAY)} is a {actual})"
            confidence = 0.5
        return Period.of(day, Precision.DAY), how, confidence

    def _without_year(self, month, day_number, direction, text, precision):
        """The year of a date written without one. Past tense: the latest such date up to
        publication; future tense: the first from publication on; no clear tense: the one
        nearest to publication (a May story's "June 3 hearing" is next month's)."""
        published = self.published
        day_number = min(day_number, 28) if month == 2 and day_number > 28 else day_number
        options = [Day(published.year + step, month, day_number) for step in (-1, 0, 1)]
        if direction == "past":
            candidate = [day for day in options if unit(day, precision)[0] <= published.plus(1)][-1]
            reason = "the latest one up to publication (past tense)"
        elif direction == "future":
            candidate = [day for day in options if unit(day, precision)[1] >= published][0]
            reason = "the first one from publication on (future tense)"
        else:
            candidate = min(options, key=lambda day: abs(day.number - published.number))
            reason = "the one nearest to publication"
        label = unit_label(candidate, precision)
        return candidate, f"“{text}” → {label}: no year given, {reason} on {_long(published)}"

    def _month(self, groups, text, when):
        month = MONTHS[groups["month"].lower().rstrip(".")]
        lead = (groups.get("lead") or "").lower()
        direction = "future" if lead == "next" else "past" if lead in ("last", "since") else when()
        day, how = self._without_year(month, 1, direction, text, Precision.MONTH)
        if lead == "last" and day.month >= self.published.month and day.year == self.published.year:
            day = Day(day.year - 1, month, 1)
            how = f"“{text}” → {unit_label(day, Precision.MONTH)}, the last {groups['month']} before publication"
        part = {"early": Part.EARLY, "late": Part.LATE, "mid": Part.MID}.get(lead, "")
        return Period.of(day, Precision.MONTH, part), how, 0.8

    def _part(self, groups, text, when):
        word = groups["part"].lower()
        part = {"early": Part.EARLY, "beginning of": Part.EARLY, "start of": Part.EARLY, "mid": Part.MID,
                "middle of": Part.MID}.get(word, Part.LATE)  # fmt: skip
        if "decade" in groups:
            period = Period.of(Day(int(groups["decade"]), 1, 1), Precision.DECADE, part)
            return period, f"“{text}” as written", 0.8
        if "month" in groups:
            month = MONTHS[groups["month"].lower()]
            if "year" in groups:
                day, how = Day(int(groups["year"]), month, 1), f"“{text}” as written"
            else:
                day, how = self._without_year(month, 1, when(), text, Precision.MONTH)
            return Period.of(day, Precision.MONTH, part), how, 0.8
        period = Period.of(Day(int(groups["bare_year"]), 1, 1), Precision.YEAR, part)
        return period, f"“{text}” as written", 0.8

    def _quarter(self, groups, text, when):
        ordinal = groups.get("ordinal")
        index = int(groups.get("number") or groups.get("number2") or 0) or ORDINALS.get(ordinal.lower(), 0)
        if ordinal and ordinal.lower() in ("final", "last"):
            index = 4
        index = index if 1 <= index <= 4 else 4
        if "year" in groups:
            period = Period.of(Day(int(groups["year"]), 3 * index - 2, 1), Precision.QUARTER)
            return period, f"“{text}” as written", 0.9
        day, how = self._without_year(3 * index - 2, 1, when(), text, Precision.QUARTER)
        return Period.of(day, Precision.QUARTER), how, 0.75

    def _as_said(self, text, period, explicit):
        if explicit:
            return f"“{text}” as written"
        return f"“{text}” → {display(period)}, in the year of publication"

    def _relative(self, which, text):
        published = self.published
        shift = {"yesterday": -1, "last night": -1, "tomorrow": 1}.get(which, 0)
        day = published.plus(shift)
        relation = {-1: "the day before publication", 1: "the day after publication"}.get(
            shift, "the day of publication"
        )
        return Period.of(day, Precision.DAY), f"“{text}” → {_long(day)}, {relation}", 0.9

    def _step(self, groups, text):
        which, unit_word = groups["which"].lower(), groups["unit"].lower()
        step = {"last": -1, "the previous": -1, "the past": -1, "next": 1, "the coming": 1, "the following": 1}.get(
            which, 0
        )
        precision = {"week": Precision.WEEK, "month": Precision.MONTH, "quarter": Precision.QUARTER,
                     "year": Precision.YEAR}[unit_word]  # fmt: skip
        period = shift(self.published, step, precision)
        side = (groups.get("side") or "").lower()
        if side in ("early", "late") and precision in (Precision.MONTH, Precision.YEAR):
            period = Period.of(period.start, precision, Part.EARLY if side == "early" else Part.LATE)
        relation = {
            -1: f"the {unit_word} before the one of publication",
            1: f"the {unit_word} after the one of publication",
        }
        return period, f"“{text}” → {display(period)}, {relation.get(step, f'the {unit_word} of publication')}", 0.85

    def _ago(self, groups, text):
        count = number(groups["count"])
        unit_word = groups["unit"].lower().rstrip("s")
        precision = Precision(unit_word)
        period = shift(self.published, -count, precision)
        if precision == Precision.DECADE:
            period = Period.of(Day(period.start.year + self.published.year % 10, 1, 1), Precision.YEAR)
        if groups.get("approx"):
            period = period.qualified(Qualifier.APPROXIMATE)
        return period, f"“{text}” → {display(period)}, counted back from publication on {_long(self.published)}", 0.8

    def _season(self, groups, text, when):
        month = SEASONS[groups["season"].lower()]
        when_word = groups["when"].lower()
        if "year" in groups:
            period = Period.of(Day(int(groups["year"]), month, 1), Precision.SEASON)
            return period, f"“{text}” as written", 0.85
        published = self.published
        start = Day(published.year if month != 12 or published.month == 12 else published.year - 1, month, 1)
        direction = "future" if when_word == "next" else "past" if when_word == "last" else when()
        if when_word == "last":
            while unit(start, Precision.SEASON)[1] >= published:
                start = Day(start.year - 1, month, 1)
        elif direction == "future":
            while unit(start, Precision.SEASON)[1] < published:
                start = Day(start.year + 1, month, 1)
        elif when_word != "this" and start > published:
            start = Day(start.year - 1, month, 1)
        period = Period.of(start, Precision.SEASON)
        return period, f"“{text}” → {display(period)}, placed from publication on {_long(published)}", 0.7

    def _weekday(self, groups, text, when, clause):
        weekday = WEEKDAY_NAMES.index(groups["weekday"].capitalize())
        qualifier = (groups.get("qualifier") or "").lower()
        published = self.published
        name = WEEKDAY_NAMES[weekday]
        if qualifier == "next":
            direction, confidence = "future", 0.8
        elif qualifier == "last":
            direction, confidence = "last", 0.8
        else:
            # "has kept markets closed until Friday": an end point looks ahead from a present or perfect
            if qualifier in ("until", "by") and re.search(r"\b(?:has|have|is|are|remains?|stays?)\b", clause, _I):
                direction = "future"
            else:
                direction = when() or ("future" if qualifier in ("until", "by") else "past")
            confidence = 0.8 if direction == "past" else 0.7
        if direction == "future":
            day = published if published.weekday == weekday else weekday_near(published, weekday, 1)
            relation = f"the first {name} from publication on {_long(published)} (future tense)"
        else:
            day = weekday_near(published, weekday, -1)
            if direction == "last" and day == published:
                day = day.plus(-7)
            if day == published:
                relation = f"the day of publication, {_long(published)}"
            else:
                relation = f"the {name} before publication on {_long(published)}"
        return Period.of(day, Precision.DAY), f"“{text}” → {unit_label(day, Precision.DAY)}, {relation}", confidence

    def _weekend(self, which, text, when):
        """ "over the weekend" (past: the last one), "this weekend" (the coming one in a future
        sentence): the week holding that weekend's Saturday."""
        published = self.published
        future = which in ("next", "this coming", "the coming") or (
            which not in ("last", "the past", "this past") and when() == "future"
        )
        saturday = 5
        if future:
            day = published if published.weekday >= saturday else weekday_near(published, saturday, 1)
        else:
            day = weekday_near(published, saturday, -1)
        period = Period.of(day, Precision.WEEK)
        side = "coming" if future else "last"
        return period, f"“{text}” → {display(period)}, the {side} weekend from publication on {_long(published)}", 0.7

    def _same_day(self, text):
        day, reason = self._story_day()
        return Period.of(day, Precision.DAY), f"“{text}” → {_long(day)}, {reason}", 0.6

    def _story_day(self):
        """(day, why) of the day a report is about, for "for the day", "a third straight day",
        "at 0800 UTC": the first weekday or "yesterday"/"today" the story names within a week
        of publication, or else the day of publication."""
        if self.story_day is not None:
            return self.story_day.period.start, f"the story's day (“{self.story_day.text}”)"
        return self.published, "the day of publication"

    def _backref(self, kind, groups, text):
        anchor = self.anchor
        if anchor is None:
            return None
        base = anchor.period
        unit_word = groups["unit"].lower()
        precision = {"day": Precision.DAY, "morning": Precision.DAY, "afternoon": Precision.DAY,
                     "evening": Precision.DAY, "night": Precision.DAY, "week": Precision.WEEK,
                     "month": Precision.MONTH, "year": Precision.YEAR}[unit_word]  # fmt: skip
        if PRECISION_ORDER.index(base.precision) > PRECISION_ORDER.index(precision):
            return None  # "the next day" after "in 2009" cannot be placed
        step = 0
        if kind == "backref_step":
            step = -1 if groups["which"].lower() in ("previous", "preceding", "before") else 1
        elif kind == "backref_count":
            step = number(groups["count"]) * (-1 if groups["which"].lower() == "earlier" else 1)
        period = shift(base.start, step, precision) if step else Period.of(base.start, precision)
        return (
            period,
            f"“{text}” → {display(period)}, counted from {display(base)} (“{anchor.text}”, mentioned before)",
            0.7,
        )


def _near_publication(mention, published):
    period = mention.period
    return period.precision == Precision.DAY and not period.is_span and abs(period.start.number - published.number) <= 7


_SUPERLATIVE = re.compile(
    r"\b(?:\w+est|most|least|first|worst|best|biggest|largest|highest|lowest|longest|strongest|weakest)\b", _I
)


def _is_benchmark(sentence, mention):
    """ "its lowest level since 1997", "the biggest drop since June", "lows not seen since
    October 1982": a yardstick the story measures against, not an event of the story."""
    before = sentence[max(0, mention.start - 7) : mention.start].lower()
    if not (mention.text.lower().startswith("since") or before.rstrip().endswith("since")):
        return False
    offset, clause = clause_around(sentence, mention.start, mention.end)
    lead = clause[: mention.start - offset]
    return bool(_SUPERLATIVE.search(lead) or re.search(r"\b(?:not|never|no)\b", lead, _I))


def has_verb(sentence, mention):
    """Does the clause around a mention have a verb, that is, something that happened?"""
    offset, clause = clause_around(sentence, mention.start, mention.end)
    return bool(_verbs_between(sentence, offset, offset + len(clause)))


def _prefer_exact(sentence, mentions):
    """Within one clause, an explicit date beats a weekday next to it ("Monday (June 30)"),
    and a finer expression beats a coarser one ("through the summer until late August")."""
    kept, kept_periods = [], set()
    starts = [mention.start for mention in mentions]  # mentions come in order
    ranks = [mention.precision_rank for mention in mentions]
    for index, mention in enumerate(mentions):
        offset, clause = clause_around(sentence, mention.start, mention.end)
        # the mentions inside the clause, found by bisection; only the last may run past its end
        low, high = bisect_left(starts, offset), bisect_left(starts, offset + len(clause))
        if high - 1 > index and mentions[high - 1].end > offset + len(clause):
            high -= 1
        # only a neighbour can be adjacent: anything between would separate them
        neighbours = [mentions[i] for i in (index - 1, index + 1) if low <= i < high]
        beside_explicit = any(other.explicit and _adjacent(sentence, mention, other) for other in neighbours)
        beaten = min(ranks[low:high]) < ranks[index] or (mention.kind == "weekday" and beside_explicit)
        if not beaten and mention.period not in kept_periods:
            kept.append(mention)  # the same date said twice in a sentence is one event
            kept_periods.add(mention.period)
    return kept


def _adjacent(sentence, first, second):
    low, high = sorted([first, second], key=lambda mention: mention.start)
    return len(sentence[low.end : high.start].strip(" ,()")) == 0
