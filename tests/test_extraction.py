"""Candidate extraction: dates resolved against the publication date, cues, figures, traps."""

from datetime import date

import pytest

from timeline.curation.extraction import extract, find_cues, find_dates, find_figures, split_sentences

# Published on Thursday 13 November 2025.
BASE = date(2025, 11, 13)

# A small labelled set of news sentences: (sentence, expected date, expected precision).
LABELLED = [
    ("Meta said on Wednesday it would cut about 600 jobs.", "2025-11-12", "day"),
    ("The company announced the layoffs on Thursday.", "2025-11-13", "day"),
    ("Shares fell 11% on Oct. 30 after the earnings call.", "2025-10-30", "day"),
    ("She joined the company on 22 October 2025.", "2025-10-22", "day"),
    ("He was named chief executive on March 3.", "2025-03-03", "day"),
    ("OpenAI released the model on December 2, 2024.", "2024-12-02", "day"),
    ("The start-up raised $40 million last month.", "2025-10-01", "month"),
    ("Llama 4 was released in April.", "2025-04-01", "month"),
    ("The deal closed in late August.", "2025-08-01", "month"),
    ("The unit was reorganised in the third quarter.", "2025-07-01", "quarter"),
    ("Google acquired the lab in 2014.", "2014-01-01", "year"),
    ("Pineau left the company in May 2025.", "2025-05-01", "month"),
    ("The lab was founded over a decade ago.", "2015-01-01", "year"),
    ("Two weeks ago the firm hired 40 engineers.", "2025-10-27", "week"),
    ("The board fired its chief executive yesterday.", "2025-11-12", "day"),
    ("The company laid off 200 workers last year.", "2024-01-01", "year"),
    ("Revenue rose 5% this month.", "2025-11-01", "month"),
    ("The chip was unveiled in December.", "2024-12-01", "month"),
    ("The company said Tuesday that it had hired a new chief.", "2025-11-11", "day"),
    ("Monday's announcement surprised investors.", "2025-11-10", "day"),
    ("Meta will launch the model in December.", "2025-12-01", "month"),
    ("The board will meet on Friday to approve the deal.", "2025-11-14", "day"),
    ("LeCun will leave at year-end.", "2025-01-01", "year"),
    ("The lab was reorganised last summer.", "2025-06-01", "season"),
    ("Layoffs are planned for next month.", "2025-12-01", "month"),
    ("The filing is dated 2025-10-22.", "2025-10-22", "day"),
    ("Last Thursday the firm announced cuts.", "2025-11-06", "day"),
    ("The company cut jobs early last month.", "2025-10-01", "month"),
]


@pytest.mark.parametrize(("sentence", "expected", "precision"), LABELLED)
def test_dates_resolve_against_the_publication_date(sentence, expected, precision):
    """Each labelled sentence's date resolves to the right day and precision for a 13 Nov 2025 article."""
    found = find_dates(sentence, BASE)
    assert len(found) == 1, sentence
    period = found[0].period
    assert (period.unit_start.isoformat(), period.precision) == (expected, precision)


@pytest.mark.parametrize(
    "sentence",
    [
        "Meta took a 49% stake in Scale AI.",  # search_dates reads 1949
        "Meta paid $14.3 billion for the stake.",  # search_dates reads the 14th
        "Maverick has 400 billion parameters and 128 experts.",
        "Black Friday sales lifted the retailer's shares.",
        "Shares fall when investors worry.",
    ],
)
def test_figures_are_not_dates(sentence):
    """The known dateparser traps: percentages and money never become dates."""
    assert find_dates(sentence, BASE) == []


def test_percent_before_a_date_keeps_the_date():
    """ "fell 11% on Oct. 30" is 30 October, not 11 October."""
    (found,) = find_dates("Meta fell 11% on Oct. 30.", BASE)
    assert found.period.start.to_date() == date(2025, 10, 30)


def test_model_number_before_a_month_is_not_a_day():
    """ "Llama 4 in April" is April (month precision), not 4 April."""
    (found,) = find_dates("Meta shipped Llama 4 in April.", BASE)
    assert (found.period.start.to_date(), found.period.precision) == (date(2025, 4, 1), "month")


def test_bare_year_is_the_whole_year():
    """ "in 2025" is year precision from 1 January, never today's month and day."""
    (found,) = find_dates("Spending will grow in 2025.", BASE)
    assert (found.period.start.to_date(), found.period.precision) == (date(2025, 1, 1), "year")


def test_cues_and_figures():
    """Event cues and key figures are found by kind."""
    sentence = "Meta cut 600 jobs and took a 49% stake for $14.3 billion."
    assert {"cuts", "lays off", "stake"} <= set(find_cues(sentence))
    assert {f["text"] for f in find_figures(sentence)} == {"600 jobs", "49%", "$14.3 billion"}


def test_sentences_split_around_abbreviations_and_headings():
    """ "Oct. 30" and "Mr. Wang" do not end sentences; Markdown headings are not sentences."""
    text = "## Heading\nShares fell on Oct. 30 after results. Mr. Wang joined in June.\n\nA new paragraph."
    assert split_sentences(text) == [
        "Shares fell on Oct. 30 after results.",
        "Mr. Wang joined in June.",
        "A new paragraph.",
    ]


def test_undated_sentences_with_strong_cues_are_kept():
    """A cue without a date is a candidate with no date, for an editor to date."""
    (candidate,) = extract("The company laid off 600 AI staff members.", BASE)
    assert candidate.period is None and "lays off" in candidate.cues


def test_commentary_without_cue_or_date_is_dropped():
    """Sentences with neither an event cue nor a date are not candidates."""
    assert extract("The timing underscores deepening tensions within the research arm.", BASE) == []


def test_dated_candidates_rank_above_undated():
    """Confidence is higher for a sentence with a date."""
    dated, undated = extract("Meta cut 600 jobs on Wednesday. Meta cut 600 jobs.", BASE)
    assert dated.confidence > undated.confidence


def test_an_unseen_news_article_end_to_end():
    """A wire-style story: each event sentence gets the right date from its relative words."""
    story = """SAN FRANCISCO (Reuters) - Acme Corp said on Wednesday it would lay off 1,200 workers,
its second round of cuts this year.

The company hired a new chief financial officer last month, after its previous finance chief resigned
in late August. Acme's shares fell 7% in early trading.

Acme will report quarterly results on Friday. The layoffs follow a restructuring announced in March 2025."""
    dated = {}
    for c in extract(story, date(2025, 11, 13)):
        when = (c.period.unit_start.isoformat(), c.period.precision) if c.period else None
        dated.setdefault(c.passage[:25], set()).add(when)
    assert dated["SAN FRANCISCO (Reuters) -"] == {("2025-11-12", "day")}
    # two dated events in one sentence: the hire last month, the resignation in late August
    assert dated["The company hired a new c"] == {("2025-10-01", "month"), ("2025-08-01", "month")}
    assert dated["Acme will report quarterl"] == {("2025-11-14", "day")}
    assert dated["The layoffs follow a rest"] == {("2025-03-01", "month")}
    assert dated["Acme's shares fell 7% in "] == {None}  # a cue without a date stays, undated


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # The verb that governs the weekday decides, not a future word elsewhere in the sentence.
        ("LeCun announced on Wednesday that he will leave Meta.", ["2025-11-12"]),
        # An explicit date beside a weekday wins.
        ("Zuckerberg told staff Monday (June 30) that the lab would split.", ["2025-06-30"]),
        # The publication day itself: a Thursday story about Thursday.
        ("Shares fell on Thursday.", ["2025-11-13"]),
        # Two dated events in one sentence, each with its own tense.
        ("She said on Tuesday that her last day will be 30 May.", ["2025-11-11", "2026-05-30"]),
        # A precise phrase beats a vague one in the same clause.
        ("The strike continued through the summer until late August.", ["2025-08-21"]),
        ("During a July earnings call, the chief executive spoke.", ["2025-07-01"]),
    ],
)
def test_the_classes_of_failure_the_dates_issue_lists(sentence, expected):
    """Each class of wrong date from real news, fixed by rule rather than by example."""
    assert [m.period.start.isoformat() for m in find_dates(sentence, BASE)] == expected


def test_references_back_count_from_the_last_date_mentioned():
    """ "The next day", "later that month", "a week later" follow the previous dated sentence."""
    story = (
        "Meta announced the cuts on March 3, 2025. Shares fell the next day. "
        "Later that month, the unit was split. A week later, two executives left."
    )
    found = [(c.passage[:12], c.period.start.isoformat(), c.period.precision) for c in extract(story, BASE)]
    assert ("Shares fell ", "2025-03-04", "day") in found
    assert ("Later that m", "2025-03-01", "month") in found


def test_weekdays_resolved_by_tense_are_never_certain():
    """The review screen's confidence says a weekday placed by tense is a judgement."""
    (mention,) = find_dates("The board will meet on Friday.", BASE)
    assert mention.confidence < 1.0
    assert "the first Friday from publication on Thursday 13 November 2025 (future tense)" in mention.how
