"""Extraction on real news: the hand-labelled Wikinews corpus in tests/data/extraction/.

The floors are the targets of the dates issue. The labels were made by reading
each article (tests/data/extraction/README.md), never from our own output.
"""

import io
import json
from pathlib import Path

from django.core.management import call_command

from timeline.curation import evaluation

CORPUS = Path(__file__).resolve().parent / "data" / "extraction"


def test_the_corpus_is_large_enough_and_licensed():
    """At least 25 freely licensed articles and 150 labelled events, each with its source."""
    articles = evaluation.load(CORPUS)
    assert len(articles) >= 25
    assert sum(len(article["events"]) for _name, article in articles) >= 150
    for name, article in articles:
        assert article["licence"].startswith("CC BY") and article["url"].startswith("https://en.wikinews.org/")
        for label in article["events"]:
            assert label["evidence"] in article["text"], name


def test_extraction_meets_its_targets_on_the_corpus():
    """Recall with the right date >= 0.90, date accuracy among located events >= 0.95, dated noise <= 0.20."""
    _per_article, total = evaluation.evaluate(CORPUS)
    summary = f"recall {total.recall:.3f}, accuracy {total.accuracy:.3f}, noise {total.noise_rate:.3f}"
    assert total.recall >= 0.90, summary
    assert total.accuracy >= 0.95, summary
    assert total.noise_rate <= 0.20, summary


def test_the_report_command_prints_per_article_and_total_figures(db):
    """`extraction_report --corpus` lists every article and the three totals."""
    out = io.StringIO()
    call_command("extraction_report", "--corpus", str(CORPUS), stdout=out)
    report = out.getvalue()
    assert "b-global-markets-surge.json" in report
    assert "Recall with the right date at the labelled precision:" in report
    assert "Date accuracy among located events:" in report and "Dated noise:" in report


def test_another_engine_is_scored_the_same_way(tmp_path, db):
    """A file of another engine's dates (HeidelTime's, from bench/) goes through the same scorer."""
    name, article = evaluation.load(CORPUS)[0]
    label = article["events"][0]
    right = {"passage": label["evidence"], "start": label["date"], "precision": label["precision"], "text": "x"}
    wrong = {"passage": "Nothing to do with it.", "start": "1900-01-01", "precision": "year", "text": "1900"}
    engine = tmp_path / "engine.json"
    engine.write_text(json.dumps({"engine": "Test engine", "articles": {name: [right, wrong]}}))
    title, guesses_for = evaluation.guesses_from_file(engine)
    result = evaluation.score(name, article["events"], guesses_for(name, article))
    assert title == "Test engine" and result.right == 1 and result.noise == 1
