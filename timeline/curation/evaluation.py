"""Scoring extraction against a hand-labelled corpus (tests/data/extraction/).

Each corpus file is one freely licensed news article with its publication
date and the dated events a person labelled by reading it: the evidence
sentence, the first day of the period and its precision. We score what an
editor sees on the review screen:

- recall: labelled events that got a candidate with the right date at the
  labelled precision;
- date accuracy: of the labelled events we located (some candidate holds the
  evidence sentence), how many got the right date;
- dated noise: dated candidates that match no labelled event.

Each candidate answers for at most one label. Other engines (HeidelTime, as a
yardstick) are scored the same way from a file of their dated expressions.
"""

import json
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .extraction import extract


@dataclass
class Guess:
    """One dated (or undated) candidate: its sentence and what it says the date is."""

    passage: str
    start: str | None  # first day of the whole unit, ISO
    precision: str | None
    text: str = ""


@dataclass
class Score:
    name: str
    labels: int = 0
    located: int = 0
    right: int = 0
    dated: int = 0
    noise: int = 0
    misses: list = field(default_factory=list)  # (evidence, expected, what we said)
    noisy: list = field(default_factory=list)  # dated guesses that match no label

    def add(self, other):
        self.labels += other.labels
        self.located += other.located
        self.right += other.right
        self.dated += other.dated
        self.noise += other.noise

    @property
    def recall(self):
        return self.right / self.labels if self.labels else 0.0

    @property
    def accuracy(self):
        return self.right / self.located if self.located else 0.0

    @property
    def noise_rate(self):
        return self.noise / self.dated if self.dated else 0.0


def load(directory):
    """The corpus: every *.json file in `directory`, sorted by name."""
    return [(path.name, json.loads(path.read_text())) for path in sorted(Path(directory).glob("*.json"))]


def our_guesses(name, article):
    published = date.fromisoformat(article["published"])
    guesses = []
    for candidate in extract(article["text"], published):
        period = candidate.period
        guesses.append(
            Guess(
                candidate.passage,
                period.unit_start.isoformat() if period else None,
                period.precision if period else None,
                candidate.mention.text if candidate.mention else "",
            )
        )
    return guesses


def _words(text):
    return re.findall(r"\w+", text.lower())


def holds(passage, evidence):
    """Does a candidate's sentence hold the labelled sentence (allowing other sentence splits)?"""
    passage_words, evidence_words = _words(passage), _words(evidence)
    if not passage_words or not evidence_words:
        return False
    joined_passage, joined_evidence = " ".join(passage_words), " ".join(evidence_words)
    if joined_evidence in joined_passage or joined_passage in joined_evidence:
        return True
    shared = len(set(evidence_words) & set(passage_words))
    return shared / len(set(evidence_words)) >= 0.8


def score(name, labels, guesses):
    """Match labels to guesses one to one: right dates first, then any guess in the sentence."""
    result = Score(name, labels=len(labels), dated=sum(1 for guess in guesses if guess.start))
    used, right = set(), set()  # guesses taken; labels that got the right date
    located = {}
    for index, label in enumerate(labels):
        holding = [i for i, guess in enumerate(guesses) if holds(guess.passage, label["evidence"])]
        located[index] = holding
        exact = [
            i
            for i in holding
            if i not in used and (guesses[i].start, guesses[i].precision) == (label["date"], label["precision"])
        ]
        if exact:
            used.add(exact[0])
            right.add(index)
    result.right = len(right)
    for index, label in enumerate(labels):
        holding = located[index]
        if not holding:
            result.misses.append((label["evidence"], _expected(label), "not found"))
            continue
        result.located += 1
        if index in right:
            continue
        free = [i for i in holding if i not in used and guesses[i].start] or [i for i in holding if i not in used]
        said = "no date"
        if free:
            used.add(free[0])
            guess = free[0]
            said = f"{guesses[guess].start} {guesses[guess].precision} from “{guesses[guess].text}”"
        result.misses.append((label["evidence"], _expected(label), said))
    for i, guess in enumerate(guesses):
        if guess.start and i not in used:
            result.noise += 1
            result.noisy.append((guess.passage, f"{guess.start} {guess.precision} from “{guess.text}”"))
    return result


def _expected(label):
    return f"{label['date']} {label['precision']}"


def evaluate(directory, guesses_for=our_guesses):
    """Per-article Scores and their total; `guesses_for(name, article)` gives an engine's guesses."""
    per_article, total = [], Score("total")
    for name, article in load(directory):
        result = score(name, article["events"], guesses_for(name, article))
        per_article.append(result)
        total.add(result)
    return per_article, total


def guesses_from_file(path):
    """A function giving another engine's guesses, read from its JSON output (see bench/)."""
    data = json.loads(Path(path).read_text())
    articles = data["articles"]

    def guesses_for(article_name, article):
        return [
            Guess(row["passage"], row.get("start"), row.get("precision"), row.get("text", ""))
            for row in articles.get(article_name, [])
        ]

    return data.get("engine", str(path)), guesses_for
