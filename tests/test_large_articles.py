"""A 2 MB article with thousands of candidates keeps the admin usable: lists never load article
text, every page of the article answers with a bounded number of queries, and the review pages."""

import pytest
from django.urls import reverse

from timeline.curation.review_screen import PER_PAGE
from timeline.domain.models import Candidate, SourceArticle

from .conftest import make_event

CANDIDATES = 3000
SENTENCE = "On 3 March 2025 the company said it would cut costs again, its filing showed. "


@pytest.fixture
def large_article(db):
    """A 2 MB article (about 25,000 sentences) with CANDIDATES pending candidates and one citation."""
    text = SENTENCE * (2_000_000 // len(SENTENCE))
    article = SourceArticle.objects.create(title="A very long report", publisher="Wire", text=text)
    Candidate.objects.bulk_create(
        Candidate(article=article, position=n, passage=SENTENCE.strip(), date_text="3 March 2025")
        for n in range(CANDIDATES)
    )
    make_event(sources=[article], headline="Cited from the long report")
    return article


def selects_text(queries):
    """Queries that read an article's text column (its own table, or its history's)."""
    return [q["sql"] for q in queries if '."text"' in q["sql"]]


def test_the_article_list_never_loads_article_text(admin_client, large_article, django_assert_max_num_queries):
    """The source article change list: counts shown, the text column never selected."""
    with django_assert_max_num_queries(12) as captured:
        response = admin_client.get(reverse("admin:timeline_sourcearticle_changelist"))
    assert response.status_code == 200
    assert f">{CANDIDATES}<" in response.content.decode()  # waiting for review
    assert not selects_text(captured.captured_queries)


def test_the_candidate_list_never_loads_article_text(admin_client, large_article, django_assert_max_num_queries):
    """The candidate change list names each candidate's article without reading its text."""
    with django_assert_max_num_queries(12) as captured:
        response = admin_client.get(reverse("admin:timeline_candidate_changelist"))
    assert response.status_code == 200 and "A very long report" in response.content.decode()
    assert not selects_text(captured.captured_queries)


def test_a_candidate_page_opens_without_article_text(admin_client, large_article, django_assert_max_num_queries):
    """One candidate's page shows its article by name, without reading the text."""
    candidate = large_article.candidates.last()
    with django_assert_max_num_queries(12) as captured:
        response = admin_client.get(reverse("admin:timeline_candidate_change", args=[candidate.pk]))
    assert response.status_code == 200 and "A very long report" in response.content.decode()
    assert not selects_text(captured.captured_queries)


def test_the_article_change_page_answers_with_bounded_queries(
    admin_client, large_article, django_assert_max_num_queries
):
    """The article's own page loads (its text is in the form: read once)."""
    with django_assert_max_num_queries(15) as captured:
        response = admin_client.get(reverse("admin:timeline_sourcearticle_change", args=[large_article.pk]))
    assert response.status_code == 200
    assert len(selects_text(captured.captured_queries)) <= 1


def test_the_history_page_never_loads_the_text_of_each_version(
    admin_client, large_article, django_assert_max_num_queries
):
    """History lists versions of the article without reading each version's text."""
    large_article.title = "A very long report, revised"
    large_article.save()
    with django_assert_max_num_queries(15) as captured:
        response = admin_client.get(reverse("admin:timeline_sourcearticle_history", args=[large_article.pk]))
    assert response.status_code == 200 and "revised" in response.content.decode()
    assert not selects_text(captured.captured_queries)


def test_the_delete_page_counts_candidates_and_names_citations(
    admin_client, large_article, django_assert_max_num_queries
):
    """The delete page summarises thousands of candidates in one line, and the citation that protects it."""
    with django_assert_max_num_queries(15):
        response = admin_client.get(reverse("admin:timeline_sourcearticle_delete", args=[large_article.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Cited from the long report" in html  # the citation protects the article: deletion is refused
    assert html.count("<li>") < 50


def test_deleting_an_uncited_large_article_takes_its_candidates(admin_client, large_article):
    """Without citations, the delete page lists a count of candidates, and confirming deletes them all."""
    large_article.citations.all().delete()
    url = reverse("admin:timeline_sourcearticle_delete", args=[large_article.pk])
    assert f"{CANDIDATES} candidate event(s)" in admin_client.get(url).content.decode()
    response = admin_client.post(url, {"post": "yes"})
    assert response.status_code == 302
    assert not SourceArticle.objects.exists() and not Candidate.objects.exists()


def test_the_review_page_shows_candidates_a_page_at_a_time(admin_client, large_article, django_assert_max_num_queries):
    """The review page shows PER_PAGE candidates with links to the others; a page that does not exist is a 404."""
    url = reverse("admin:timeline_sourcearticle_review", args=[large_article.pk])
    with django_assert_max_num_queries(15):
        response = admin_client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('class="candidate candidate--pending"') == PER_PAGE
    assert f"{CANDIDATES} candidates in document order" in html and f"Page 1 of {CANDIDATES // PER_PAGE}" in html
    second = admin_client.get(url, {"page": 2}).content.decode()
    first_on_two = large_article.candidates.all()[PER_PAGE]
    assert f'id="candidate-{first_on_two.pk}"' in second and f'id="candidate-{first_on_two.pk}"' not in html
    assert admin_client.get(url, {"page": 999}).status_code == 404
    assert admin_client.get(url, {"page": "x"}).status_code == 404


def test_an_action_returns_to_the_page_that_shows_the_candidate(admin_client, large_article):
    """Dismissing a candidate on page 3 (without htmx) comes back to page 3, at that candidate."""
    candidate = large_article.candidates.all()[2 * PER_PAGE + 5]
    url = reverse("admin:timeline_candidate_action", args=[large_article.pk, candidate.pk, "dismiss"])
    response = admin_client.post(url)
    assert response.status_code == 302 and response["Location"].endswith(f"?page=3#candidate-{candidate.pk}")
