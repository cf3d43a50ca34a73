"""Candidate events from an article's text.

The article is split into sentences and read in order by a dates.news.Reader,
which finds each date expression and resolves it against the publication
date (or, for "the next day", against the last date mentioned), choosing past
or future from the verb that governs it. Every dated expression that survives
in a sentence becomes its own candidate, so "said on Tuesday that her last
day will be 30 May" gives two. We also look for event cues (leaves, joins,
appointed, lays off, cuts, acquires, falls, launches...), key figures (money,
percentages, counts of people) and actors the database already knows.
Sentences with cues but no date are kept, undated, for an editor to date.

Date words live in timeline/dates; this module knows sentences, cues,
figures and actors.
"""

import re
from dataclasses import dataclass, field

from ..domain.dates import Precision
from ..domain.dates.news import Claims, Mention, Reader, has_verb
from ..domain.dates.words import MONTH_NAMES

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
    # Each number is tried once, from its first digit: starting again inside a run of
    # digits (or "1,2,3...") re-reads the rest of it, which is quadratic in its length.
    ("percent", r"[-+−]?(?<!\d)\d+(?:\.\d+)?\s?(?:%|per ?cent\b)"),
    (
        "people",
        r"\b(?:(?<![\d,]{2})\d[\d,]*|ten|twenty|thirty|forty|fifty|hundreds|thousands)\s+(?:[A-Za-z-]+\s+){0,2}(?:jobs|staff|staffers|employees|workers|people|researchers|engineers|members|hires|roles|positions)\b",
    ),
]
FIGURE_REGEXES = [(kind, re.compile(pattern, re.I)) for kind, pattern in FIGURE_PATTERNS]

# Abbreviations that end with a full stop without ending a sentence.
# "Oct." abbreviates; "May." ends a sentence.
_MONTH_ABBREVIATIONS = "|".join([name[:3] for name in MONTH_NAMES if name != "May"] + ["Sept"])
_ABBREVIATIONS = rf"(?:Mr|Mrs|Ms|Dr|Prof|Sen|Rep|Gov|Gen|St|Inc|Corp|Co|Ltd|Jr|Sr|vs|etc|e\.g|i\.e|U\.S|U\.K|No|{_MONTH_ABBREVIATIONS})"

# A sentence's precision counts as "exact" down to a month: enough to place an event without a cue.
EXACT = {Precision.DAY, Precision.WEEK, Precision.MONTH}


@dataclass
class CandidateData:
    position: int  # the sentence's number in the article
    passage: str
    mention: Mention | None = None
    index: int = 0  # which dated event of the sentence this is
    cues: list = field(default_factory=list)
    figures: list = field(default_factory=list)
    actor_slugs: list = field(default_factory=list)
    confidence: float = 0.0

    @property
    def period(self):
        return self.mention.period if self.mention else None


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
_SENTENCE_END = re.compile(r"[.!?][\"”’)]?\s+(?=[\"“‘(]?[A-Z0-9])")


def _split_block(block):
    """Sentences of one paragraph, in one pass: each full stop looks back only a few
    characters to see whether it ends an abbreviation ("Oct. 30", "Mr. Wang")."""
    parts, start = [], 0
    for match in _SENTENCE_END.finditer(block):
        tail = block[max(start, match.start() - 8) : match.start() + 1]
        if _ABBREV_TAIL.search(tail):
            continue
        parts.append(block[start : match.end()].strip())
        start = match.end()
    parts.append(block[start:])
    return parts


def find_cues(sentence):
    return [name for name, regex in CUE_REGEXES.items() if regex.search(sentence)]


def find_figures(sentence):
    figures, taken = [], Claims()
    for kind, regex in FIGURE_REGEXES:
        for match in regex.finditer(sentence):
            if taken.overlaps(match.start(), match.end()):
                continue
            taken.claim(match.start(), match.end(), kind)
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


def find_dates(sentence, published):
    """The resolved date expressions of one sentence read on its own (for tests and tools)."""
    return Reader(published).mentions(sentence)


def extract(text, published, actors=()):
    """Candidate events from `text`, published on `published` (a date; today if unknown)."""
    from datetime import date

    reader = Reader(published or date.today())
    patterns = actor_patterns(actors)
    candidates = []
    for position, sentence in enumerate(split_sentences(text)):
        mentions = reader.mentions(sentence)
        cues = find_cues(sentence)
        actor_slugs = [slug for slug, regex in patterns if regex.search(sentence)]
        # A cue, an exact date, someone we know, or a verb: otherwise the date is commentary.
        kept = [m for m in mentions if cues or actor_slugs or m.period.precision in EXACT or has_verb(sentence, m)]
        if not kept and not cues:
            continue
        figures = find_figures(sentence)
        base = 0.25 + 0.15 * min(len(cues), 2) + (0.1 if actor_slugs else 0) + (0.05 if figures else 0)
        for index, mention in enumerate(kept or [None]):
            confidence = base + (0.35 * mention.confidence if mention else 0)
            candidates.append(
                CandidateData(
                    position=position,
                    passage=sentence,
                    mention=mention,
                    index=index,
                    cues=cues,
                    figures=figures,
                    actor_slugs=actor_slugs,
                    confidence=round(min(0.99, confidence), 2),
                )
            )
    return candidates
