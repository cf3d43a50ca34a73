"""Candidate events from an article's text.

The article is split into sentences. In each we look for date expressions
(explicit, "on 22 October 2025", "Oct. 30"; and relative, "last month",
"on Wednesday", "over a decade ago"), resolved against the article's
publication date; for event cues (leaves, joins, appointed, lays off, cuts,
acquires, stake, falls, launches, restructures, reports to...); for key
figures (money, percentages, counts of people); and for actors the database
already knows. A sentence with a cue, or with a date and someone in it,
becomes a candidate. Sentences with cues but no date are kept, undated, for
an editor to date.

Date expressions are found with our own patterns and then resolved, rather
than with dateparser.search.search_dates, which reads figures as dates: "a
49% stake" as 1949, "$14.3 billion" as the 14th, "fell 11% on Oct. 30" as 11
October, "Llama 4 in April" as 4 April, and a bare "2025" as today's day in
2025. Our patterns never start inside a number with a %, $ or unit, and a
coarse date is normalised to the start of its period.
"""

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from . import dates
from .dates import Precision

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "several": 3, "a few": 3,
}  # fmt: skip

_MONTH = r"(?P<month>january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\.?"
_YEAR = r"(?P<year>(?:19|20)\d{2})"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_WEEKDAY = r"(?P<weekday>monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_COUNT = r"(?P<count>\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|a few)"

# (kind, pattern): tried in this order; a later match may not overlap an earlier one.
DATE_PATTERNS = [
    ("iso", r"\b(?P<year>(?:19|20)\d{2})-(?P<mm>[01]\d)-(?P<dd>[0-3]\d)\b"),
    (
        "month_day",
        rf"\b(?:{_WEEKDAY},?\s+)?{_MONTH}\s+{_DAY}\b(?!\s*(?:%|percent|per cent|billion|million))(?:,?\s+{_YEAR})?",
    ),
    ("day_month", rf"\b(?:{_WEEKDAY},?\s+)?(?:the\s+)?{_DAY}\s+(?:of\s+)?{_MONTH}(?:,?\s+{_YEAR})?\b"),
    (
        "part",
        rf"\b(?P<part>early|mid|late|the end of|end of|the beginning of|the start of|the middle of)[\s-]+(?:{_MONTH}(?:\s+{_YEAR})?|(?P<bare_year>(?:19|20)\d{{2}}))\b",
    ),
    (
        "quarter",
        r"\b(?:the\s+)?(?P<ordinal>first|second|third|fourth|1st|2nd|3rd|4th)[\s-]quarter(?:\s+of)?(?:\s+(?P<year>(?:19|20)\d{2}))?\b",
    ),
    ("quarter", r"\bQ(?P<number>[1-4])(?:\s+(?P<year>(?:19|20)\d{2}))?\b"),
    ("month_year", rf"\b{_MONTH}\s+(?:of\s+)?{_YEAR}\b"),
    (
        "month",
        rf"\b(?:in|since|from|by|during|until|through|last|this|early|earlier in|later in)\s+{_MONTH}(?!\s+\d)\b",
    ),
    (
        "decade_ago",
        r"\b(?:(?:over|more than|nearly|almost|about|roughly|some)\s+)?(?P<count>a|one|two|three|\d+)\s+decades?\s+ago\b",
    ),
    (
        "ago",
        rf"\b(?:(?:over|more than|nearly|almost|about|roughly|some)\s+)?{_COUNT}\s+(?P<unit>day|week|month|year)s?\s+ago\b",
    ),
    ("year_end", r"\b(?:at |by )?(?:the )?(?:year-end|year end|end of (?:the|this) year)\b"),
    (
        "season",
        r"\b(?P<when>in|this|last|during|next|over|through)\s+(?:the\s+)?(?P<season>spring|summer|autumn|fall|winter)(?:\s+of)?(?:\s+(?P<year>(?:19|20)\d{2}))?\b",
    ),
    (
        "relative",
        r"\b(?P<which>yesterday|today|tonight|tomorrow|(?:earlier |later |late |early )?this (?:week|month|year)|(?:late |early )?last (?:week|month|year)|(?:early |late )?next (?:week|month|year)|the previous (?:week|month|year)|a week ago|a month ago|a year ago)\b",
    ),
    (
        "weekday",
        rf"(?<!Black )(?<!Cyber )(?<!Super )(?<!Good )(?<!Ash )\b(?:(?P<qualifier>on|last|this|since|by|until|next)\s+)?{_WEEKDAY}(?:'s)?\b",
    ),
    ("year", rf"\b(?:in|since|during|by|of|from|until|through|for|early|late)\s+{_YEAR}\b(?!\s*(?:%|percent))"),
]
DATE_REGEXES = [(kind, re.compile(pattern, re.I)) for kind, pattern in DATE_PATTERNS]

PRECISION_RANK = {
    Precision.DAY: 0,
    Precision.MONTH: 1,
    Precision.QUARTER: 2,
    Precision.YEAR: 3,
    Precision.APPROXIMATE: 4,
}

# Event cues: the verbs and nouns of things that happen in a newsroom's chronology.
CUES = {
    "leaves": r"leav(?:e|es|ing)|left (?:the|his|her|their|meta|google|openai|[A-Z])|depart(?:s|ed|ing|ure)?|exit(?:s|ed|ing)?|quit(?:s|ting)?|resign(?:s|ed|ing|ation)?|step(?:s|ped)? down|stepping down|ousted|fired",
    "joins": r"join(?:s|ed|ing)|hire[sd]?|hiring|recruit(?:s|ed|ing)?|poach(?:es|ed|ing)?",
    "appointed": r"appoint(?:s|ed|ment)?|named|names|promot(?:es|ed)|tapped to|to lead|will lead",
    "lays off": r"lay(?:s|ing)? off|laid off|layoffs?|job cuts?|cut(?:s|ting)? (?:about |some |roughly |nearly )?[\d,]+|redundanc(?:y|ies)",
    "cuts": r"\bcut(?:s|ting)?\b|slash(?:es|ed|ing)?",
    "acquires": r"acquir(?:e|es|ed|ing)|acquisition|buy(?:s|ing)? |bought|takeover|merg(?:e|es|ed|er)",
    "stake": r"stake",
    "invests": r"invest(?:s|ed|ing|ment)|funding round|rais(?:e|es|ed|ing) \$|fundrais(?:e|ing)",
    "falls": r"fall(?:s|ing)?|fell|drop(?:s|ped|ping)?|plummet(?:s|ed|ing)?|plung(?:e|es|ed)|tumbl(?:e|es|ed)|slump(?:s|ed)?|sank|sink(?:s)?|underperform(?:s|ed)?",
    "rises": r"ris(?:e|es|ing)|rose|surg(?:e|es|ed)|soar(?:s|ed)?|jump(?:s|ed)",
    "launches": r"launch(?:es|ed|ing)?|releas(?:e|es|ed|ing)|unveil(?:s|ed|ing)?|introduc(?:e|es|ed)|debut(?:s|ed)?|ship(?:s|ped)",
    "restructures": r"restructur(?:e|es|ed|ing)|reorgani[sz](?:e|es|ed|ing|ation)|reorg\b|split(?:s|ting)? (?:into|up)|overhaul(?:s|ed)?|assembl(?:e|es|ed) (?:an?|the)|form(?:s|ed) (?:an?|the) new|creat(?:e|es|ed) (?:an?|the) new",
    "reports to": r"report(?:s|ed|ing)? to|repositioned|reassigned|moved under",
    "founds": r"found(?:s|ed|ing)? (?:an?|the|his|her|its)|co-?founded|establish(?:es|ed|ing)? (?:an?|the|his|her|its|own)|start(?:s|ed|ing)? (?:an?|his|her|a new) (?:company|startup|start-up|venture)",
    "announces": r"announc(?:e|es|ed|ing)|confirm(?:s|ed|ing)|disclos(?:e|es|ed)",
    "reports results": r"report(?:s|ed|ing)? (?:its |their )?(?:quarterly |annual |first-quarter |second-quarter |third-quarter |fourth-quarter )?(?:results|earnings)|earnings",
    "sues": r"su(?:e|es|ed|ing)\b|lawsuit|fined|settle(?:s|d|ment)",
}
CUE_REGEXES = {name: re.compile(rf"\b(?:{pattern})", re.I) for name, pattern in CUES.items()}

FIGURE_PATTERNS = [
    ("money", r"(?:US)?[$€£]\s?\d[\d,]*(?:\.\d+)?(?:\s*(?:trillion|billion|million|bn|tn|m|b|k)\b)?"),
    ("percent", r"[-+−]?\d+(?:\.\d+)?\s?(?:%|per ?cent\b)"),
    (
        "people",
        r"\b(?:\d[\d,]*|ten|twenty|thirty|forty|fifty|hundreds|thousands)\s+(?:[A-Za-z-]+\s+){0,2}(?:jobs|staff|staffers|employees|workers|people|researchers|engineers|members|hires|roles|positions)\b",
    ),
]
FIGURE_REGEXES = [(kind, re.compile(pattern, re.I)) for kind, pattern in FIGURE_PATTERNS]

# Abbreviations that end with a full stop without ending a sentence.
_ABBREVIATIONS = r"(?:Mr|Mrs|Ms|Dr|Prof|Sen|Rep|Gov|Gen|St|Inc|Corp|Co|Ltd|Jr|Sr|vs|etc|e\.g|i\.e|U\.S|U\.K|No|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)"


@dataclass
class Found:
    """A date expression in a sentence and what it resolves to."""

    text: str
    start: int
    end: int
    day: date
    precision: str


@dataclass
class CandidateData:
    position: int
    passage: str
    date: Found | None = None
    cues: list = field(default_factory=list)
    figures: list = field(default_factory=list)
    actor_slugs: list = field(default_factory=list)
    confidence: float = 0.0

    def as_json(self):
        return {
            "passage": self.passage,
            "date": self.date.day.isoformat() if self.date else None,
            "date_text": self.date.text if self.date else None,
            "precision": self.date.precision if self.date else None,
            "confidence": round(self.confidence, 2),
            "cues": self.cues,
            "figures": self.figures,
            "actors": self.actor_slugs,
        }


def split_sentences(text):
    """Sentences in document order. Markdown headings are not sentences; blank lines,
    headings and list items end a paragraph; hard-wrapped lines are joined."""
    sentences, paragraph = [], []

    def flush():
        if paragraph:
            block = " ".join(" ".join(paragraph).split())
            sentences.extend(part.strip() for part in _split_block(block) if len(part.strip()) > 1)
            paragraph.clear()

    for line in text.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            flush()
            continue
        if re.match(r"[-*•]\s|\d+[.)]\s", stripped):
            flush()
            stripped = re.sub(r"^([-*•]|\d+[.)])\s+", "", stripped)
        paragraph.append(stripped)
    flush()
    return sentences


_ABBREV_TAIL = re.compile(rf"\b{_ABBREVIATIONS}\.$|\b[A-Z]\.$")


def _split_block(block):
    parts, start = [], 0
    for match in re.finditer(r"[.!?][\"”’)]?\s+(?=[\"“‘(]?[A-Z0-9])", block):
        candidate = block[start : match.end()].strip()
        if _ABBREV_TAIL.search(block[start : match.start() + 1]):
            continue  # "Oct. 30", "Mr. Wang": not the end of a sentence
        parts.append(candidate)
        start = match.end()
    parts.append(block[start:])
    return parts


def find_dates(sentence, base):
    """Every date expression in `sentence`, resolved against `base` (the publication date)."""
    future = bool(FUTURE.search(sentence))
    found, taken = [], []
    for kind, regex in DATE_REGEXES:
        for match in regex.finditer(sentence):
            if any(match.start() < end and start < match.end() for start, end in taken):
                continue
            if match.group(0)[0].isdigit() and _inside_figure(sentence, match.start()):
                continue
            resolved = _resolve(kind, match, base, future)
            if resolved is None:
                continue
            day, precision = resolved
            taken.append((match.start(), match.end()))
            found.append(Found(match.group(0), match.start(), match.end(), day, precision))
    return sorted(found, key=lambda item: item.start)


def _inside_figure(sentence, position):
    """True when a match that starts with a digit continues a number ("$14.3", "1,200")."""
    before = sentence[max(0, position - 2) : position]
    return bool(re.search(r"[$€£\d.,]\s?$", before))


def _month(match):
    return MONTHS[match.group("month").lower().rstrip(".")]


def _past_year(month, day, base):
    """The year that puts month/day on or before the publication date (news is about the past)."""
    year = base.year
    try:
        if date(year, month, day or 1) > base + timedelta(days=1):
            year -= 1
        date(year, month, day or 1)
    except ValueError:
        return None
    return year


def _group(match, name):
    return match.groupdict().get(name)


FUTURE = re.compile(
    r"\b(?:will|plans? to|planning to|(?:is|are) expected to|(?:is|are) set to|scheduled|upcoming|next)\b", re.I
)


def _year_for(month, day, base, future):
    """A date without a year: the past one, unless the sentence speaks of the future."""
    year = _past_year(month, day, base)
    if future and year is not None and date(year, month, day or 1) < base:
        year += 1
    return year


def _resolve(kind, match, base, future=False):
    year = int(_group(match, "year")) if _group(match, "year") else None
    try:
        if kind == "iso":
            return date(year, int(match.group("mm")), int(match.group("dd"))), Precision.DAY
        if kind in ("month_day", "day_month"):
            month, day = _month(match), int(match.group("day"))
            if not 1 <= day <= 31:
                return None
            year = year or _year_for(month, day, base, future)
            return (date(year, month, day), Precision.DAY) if year else None
        if kind == "month_year":
            return date(year, _month(match), 1), Precision.MONTH
        if kind == "month":
            month = _month(match)
            if match.group(0).lower().startswith("last ") and month >= base.month:
                return date(base.year - 1, month, 1), Precision.MONTH
            return date(_year_for(month, 1, base, future), month, 1), Precision.MONTH
        if kind == "year_end":
            return date(base.year, 12, 1), Precision.APPROXIMATE
        if kind == "season":
            return _season(match, year, base, future), Precision.APPROXIMATE
        if kind == "part":
            if _group(match, "month"):
                month = _month(match)
                year = year or _past_year(month, 1, base)
                return date(year, month, 1), Precision.APPROXIMATE
            month = {"early": 2, "mid": 7, "late": 11, "the middle of": 7}.get(match.group("part").lower(), 1)
            if "end" in match.group("part").lower():
                month = 12
            return date(int(match.group("bare_year")), month, 1), Precision.APPROXIMATE
        if kind == "quarter":
            number = _group(match, "number")
            ordinal = _group(match, "ordinal")
            quarter = (
                int(number)
                if number
                else {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}[
                    ordinal.lower()
                ]
            )
            start_month = 3 * quarter - 2
            year = year or _past_year(start_month, 1, base)
            return date(year, start_month, 1), Precision.QUARTER
        if kind == "decade_ago":
            count = _count(match.group("count"))
            return date(base.year - 10 * count, 1, 1), Precision.APPROXIMATE
        if kind == "ago":
            count, unit = _count(match.group("count")), match.group("unit").lower()
            approximate = bool(re.match(r"(over|more than|nearly|almost|about|roughly|some)\b", match.group(0), re.I))
            if unit == "day":
                return base - timedelta(days=count), Precision.DAY
            if unit == "week":
                return base - timedelta(weeks=count), Precision.APPROXIMATE if approximate else Precision.DAY
            if unit == "month":
                return dates.add_months(base, -count).replace(
                    day=1
                ), Precision.APPROXIMATE if approximate else Precision.MONTH
            return date(base.year - count, 1, 1), Precision.APPROXIMATE if approximate else Precision.YEAR
        if kind == "relative":
            return _relative(match.group("which").lower(), base)
        if kind == "weekday":
            return _weekday(match, base, future), Precision.DAY
        if kind == "year":
            return date(year, 1, 1), Precision.YEAR
    except (ValueError, TypeError):
        return None
    return None


def _count(word):
    word = word.lower()
    return NUMBER_WORDS.get(word) or int(word)


def _season(match, year, base, future):
    """ "last summer", "in the autumn of 2024", "this spring": the season's first month."""
    start_month = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}[match.group("season").lower()]
    if year is not None:
        return date(year, start_month, 1)
    when = match.group("when").lower()
    year = base.year
    if when == "last":  # the most recent season that has ended
        return date(year if dates.add_months(date(year, start_month, 1), 3) <= base else year - 1, start_month, 1)
    if when not in ("next", "this") and not future and date(year, start_month, 1) > base:
        year -= 1
    elif when == "next" or (future and when != "this" and date(year, start_month, 1) < base):
        year += 1
    return date(year, start_month, 1)


def _relative(which, base):
    if which in ("today", "tonight"):
        return base, Precision.DAY
    if which == "yesterday":
        return base - timedelta(days=1), Precision.DAY
    if which == "tomorrow":
        return base + timedelta(days=1), Precision.DAY
    words = which.split()
    unit = words[-1]
    step = -1 if ("last" in words or "previous" in words or words[0] == "a") else 1 if "next" in words else 0
    if unit == "week":
        day = base + timedelta(days=7 * step)
        return day - timedelta(days=day.weekday()), Precision.APPROXIMATE
    if unit == "month":
        return dates.add_months(base, step).replace(day=1), Precision.MONTH
    return date(base.year + step, 1, 1), Precision.YEAR


def _weekday(match, base, future=False):
    """ "on Wednesday": the most recent Wednesday on or before the publication date;
    the next one when the sentence speaks of the future ("will meet on Friday")."""
    target = WEEKDAYS.index(match.group("weekday").lower())
    qualifier = (match.group("qualifier") or "").lower()
    if qualifier == "next" or (future and qualifier != "last"):
        return base + timedelta(days=(target - base.weekday()) % 7 or 7)
    back = (base.weekday() - target) % 7
    if qualifier == "last" and back == 0:
        back = 7
    return base - timedelta(days=back)


def find_cues(sentence):
    return [name for name, regex in CUE_REGEXES.items() if regex.search(sentence)]


def find_figures(sentence):
    figures, taken = [], []
    for kind, regex in FIGURE_REGEXES:
        for match in regex.finditer(sentence):
            if any(match.start() < end and start < match.end() for start, end in taken):
                continue
            taken.append((match.start(), match.end()))
            figures.append({"kind": kind, "text": match.group(0).strip()})
    return figures


def actor_patterns(actors):
    """(slug, regex) for each known actor: the full name, and a person's surname on its own."""
    patterns = []
    for actor in actors:
        names = [actor.name]
        if actor.kind == "person" and " " in actor.name:
            surname = actor.name.split()[-1]
            if len(surname) >= 3:
                names.append(surname)
        alternatives = "|".join(re.escape(name) for name in sorted(names, key=len, reverse=True))
        patterns.append((actor.slug, re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])")))
    return patterns


def best_date(found):
    """The most precise date in the sentence; the first one when two are as precise."""
    if not found:
        return None
    return min(found, key=lambda item: (PRECISION_RANK[item.precision], item.start))


def extract(text, published, actors=()):
    """Candidate events from `text`, published on `published` (a date; today if unknown)."""
    base = published or date.today()
    patterns = actor_patterns(actors)
    candidates = []
    for position, sentence in enumerate(split_sentences(text)):
        cues = find_cues(sentence)
        found = find_dates(sentence, base)
        actor_slugs = [slug for slug, regex in patterns if regex.search(sentence)]
        chosen = best_date(found)
        exact = chosen is not None and chosen.precision in (Precision.DAY, Precision.MONTH)
        # A cue, or an exact date, or any date with someone we know: otherwise it is commentary.
        if not cues and not exact and not (found and actor_slugs):
            continue
        figures = find_figures(sentence)
        confidence = 0.25 + (0.35 if chosen else 0) + 0.15 * min(len(cues), 2)
        confidence += 0.1 if actor_slugs else 0
        confidence += 0.05 if figures else 0
        candidates.append(
            CandidateData(
                position=position,
                passage=sentence,
                date=chosen,
                cues=cues,
                figures=figures,
                actor_slugs=actor_slugs,
                confidence=min(1.0, confidence),
            )
        )
    return candidates
