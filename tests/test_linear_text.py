"""Text that once made extraction quadratic, and the 2 MB cap on an article's text.

Each pathological input is checked at a small size for the right answer; how long
40 KB of it takes is bench/extraction_worst_case.py's business (`make bench`), not a
test's.
"""

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from timeline.curation import extraction
from timeline.curation.intake import MAX_TEXT_BYTES, IntakeError, Submission, take_in
from timeline.domain.dates.news import Reader, clause_around
from timeline.domain.models import SourceArticle

PUBLISHED = date(2025, 11, 12)  # a Wednesday


def _dated(text):
    """(date text, first day, precision) of each candidate extract() finds."""
    return [
        (c.mention.text, c.period.start.isoformat(), c.period.precision) if c.mention else None
        for c in extraction.extract(text, PUBLISHED)
    ]


def test_a_long_run_of_digits_with_a_percent_sign_is_one_figure():
    """The percent regex reads a run of digits once: 300 digits and "%" are one figure, the run alone none."""
    assert extraction.find_figures("1" * 300 + "%") == [{"kind": "percent", "text": "1" * 300 + "%"}]
    assert extraction.find_figures("1" * 300) == []
    assert extraction.find_figures("Shares fell 4.5% and then 12 per cent.") == [
        {"kind": "percent", "text": "4.5%"},
        {"kind": "percent", "text": "12 per cent"},
    ]


def test_a_long_comma_separated_number_of_people_is_one_figure():
    """ "1,1,1,...1 jobs" is read from its first digit, as one count of people."""
    number = "1," * 100 + "1"
    assert extraction.find_figures(f"{number} jobs were cut.") == [{"kind": "people", "text": f"{number} jobs"}]
    assert extraction.find_figures("Meta cut 1,200 jobs, or 5% of staff.") == [
        {"kind": "percent", "text": "5%"},
        {"kind": "people", "text": "1,200 jobs"},
    ]


def test_initials_repeated_are_one_sentence_with_its_date():
    """ "A. A. A. ..." are initials, not sentence ends: one sentence, and its date is found."""
    text = "A. " * 100 + "Meta laid off 600 staff on 3 March 2025."
    assert extraction.split_sentences(text) == [text]
    assert _dated(text) == [("3 March 2025", "2025-03-03", "day")]


def test_cut_jobs_followed_by_thousands_of_digits_is_an_undated_cut():
    """The paste that once took 31 s and a 500: a cue without a date or a figure."""
    (candidate,) = extraction.extract("Meta cut jobs " + "1" * 3000, PUBLISHED)
    assert candidate.mention is None and candidate.cues == ["cuts"] and candidate.figures == []


@pytest.mark.parametrize(
    "unit, expected",
    [
        ("Jan 1 ", ("Jan 1", "2026-01-01", "day")),  # no verb: the one nearest to publication
        ("on Monday ", ("on Monday", "2025-11-10", "day")),
        ("Meta said on Monday ", ("on Monday", "2025-11-10", "day")),
        ("last week ", ("last week", "2025-11-03", "week")),
    ],
)
def test_one_date_said_hundreds_of_times_in_a_sentence_is_one_event(unit, expected):
    """A sentence of the same date repeated: every repetition is read, and they make one candidate."""
    assert _dated(unit * 200) == [expected]


def test_a_clause_is_read_only_so_far_either_side_of_a_date():
    """A clause without breaks is cut at CLAUSE_REACH characters, at a space, on both sides."""
    sentence = "word " * 200 + "in March 2025 " + "word " * 200
    start = sentence.index("in March")
    offset, clause = clause_around(sentence, start, start + len("in March 2025"))
    assert 0 < offset < start and clause.startswith("word ") and clause.endswith("word")
    assert len(clause) < 700


def test_every_date_of_a_long_sentence_is_still_resolved_in_order():
    """Hundreds of different dates in one sentence: each is found, in order (overlaps looked up in order)."""
    sentence = " ".join(f"on {day} March 2025," for day in range(1, 29)) * 10
    mentions = Reader(PUBLISHED).mentions(sentence)
    assert [mention.period.start.day for mention in mentions] == list(range(1, 29))  # repeats are one event


@pytest.mark.django_db
def test_the_review_page_of_a_pathological_article_opens(editor, client):
    """The review screen splits the text again: 20 KB of initials still opens, with its candidate."""
    article, _created = take_in(Submission(text="A. " * 7000 + "Meta laid off 600 staff on 3 March 2025."))
    response = client.get(reverse("admin:timeline_sourcearticle_review", args=[article.pk]))
    assert response.status_code == 200 and "3 March 2025" in response.content.decode()


# --- the 2 MB cap ----------------------------------------------------------------------------

TOO_LONG = ("Meta laid off 600 staff on 3 March 2025. " * (MAX_TEXT_BYTES // 40 + 1))[: MAX_TEXT_BYTES + 1]
OVER_THE_CAP = "The text is 2,049 KB; the limit is 2 MB (2,048 KB)."


def test_intake_refuses_text_over_two_megabytes_and_saves_nothing(db):
    """take_in, the one way in, refuses an over-long text with the size and the limit."""
    with pytest.raises(IntakeError) as refused:
        take_in(Submission(text=TOO_LONG))
    assert str(refused.value).startswith(OVER_THE_CAP)
    assert not SourceArticle.objects.exists()


def test_text_at_the_cap_is_taken_in_and_a_byte_more_is_not(db, monkeypatch):
    """The cap is a limit, not an off-by-one; it counts UTF-8 bytes (a small cap, to keep this quick)."""
    monkeypatch.setattr("timeline.curation.intake.MAX_TEXT_BYTES", 2048)
    text = ("Meta laid off 600 staff on 3 March 2025. " * 60)[:2046] + "é"  # 2,048 bytes
    article, created = take_in(Submission(text=text))
    assert created and len(article.text.encode()) == 2048
    with pytest.raises(IntakeError, match="The text is 3 KB;"):
        take_in(Submission(text=text + "!"))


def test_pasting_over_two_megabytes_is_a_message_beside_the_text(editor, client):
    """The admin's intake form answers 400 with the cap beside the text; the title typed stays."""
    response = client.post(
        reverse("admin:timeline_sourcearticle_add"),
        {"text": TOO_LONG, "title": "Kept title", "published_precision": "day"},
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert OVER_THE_CAP in html and 'value="Kept title"' in html
    assert not SourceArticle.objects.exists()


def test_uploading_a_file_over_two_megabytes_is_refused(editor, client):
    """An uploaded file over the cap is refused before it is read."""
    upload = SimpleUploadedFile("long.txt", TOO_LONG.encode(), content_type="text/plain")
    response = client.post(
        reverse("admin:timeline_sourcearticle_add"),
        {"import_file": upload, "title": "Kept title", "published_precision": "day"},
    )
    assert response.status_code == 400 and OVER_THE_CAP in response.content.decode()
    assert not SourceArticle.objects.exists()


def test_editing_an_article_to_over_two_megabytes_is_refused(editor, client):
    """The change form holds to the same cap, and keeps the article as it was."""
    article, _created = take_in(Submission(text="Meta laid off 600 staff on 3 March 2025."))
    response = client.post(
        reverse("admin:timeline_sourcearticle_change", args=[article.pk]),
        {"text": TOO_LONG, "title": "Cuts", "published_precision": "day", "url": ""},
    )
    assert response.status_code in (200, 400) and OVER_THE_CAP in response.content.decode()
    article.refresh_from_db()
    assert article.text == "Meta laid off 600 staff on 3 March 2025."


def test_the_command_line_refuses_a_file_over_two_megabytes(db, tmp_path):
    """`import_article` on an over-long file says why, and imports nothing."""
    path = tmp_path / "long.txt"
    path.write_text(TOO_LONG)
    with pytest.raises(CommandError, match=r"Nothing was imported: The text is 2,049 KB; the limit is 2 MB"):
        call_command("import_article", str(path), stdout=io.StringIO())
    assert not SourceArticle.objects.exists()
