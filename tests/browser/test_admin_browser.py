"""The editor's review screen in a real browser: keyboard, htmx in place, axe."""

from datetime import date

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect

from timeline.curation import editors
from timeline.curation.intake import import_article

from .conftest import run_axe


@pytest.fixture
def review_page(page, site):
    """Logged in as an editor, on the review screen of the sample article."""
    # A live-server test flushes the database between tests, the data migrations' rows included.
    group = editors.ensure_group()
    user = User.objects.create_user("ed", password="a-long-editor-password", is_staff=True)
    user.groups.add(group)
    article, _ = import_article("tests/data/lecun-exit-article.md", published=date(2025, 11, 15))
    page.goto(site + "/admin/login/")
    page.fill("#id_username", "ed")
    page.fill("#id_password", "a-long-editor-password")
    page.press("#id_password", "Enter")
    page.wait_for_url("**/admin/")
    page.goto(f"{site}/admin/timeline/sourcearticle/{article.pk}/review/")
    return page, article


def test_keyboard_accept_swaps_in_place(review_page):
    """Tab to an Accept button, press Enter: that candidate becomes accepted without a reload; focus stays there."""
    page, article = review_page
    candidate = article.candidates.get(passage__contains="600 AI staff")
    page.evaluate("window.__sameDocument = true")
    button = page.locator(f"#candidate-{candidate.pk} button", has_text="Accept")
    button.focus()
    page.keyboard.press("Enter")
    expect(page.locator(f"#candidate-{candidate.pk}")).to_contain_text("Accepted:")
    assert page.evaluate("window.__sameDocument") is True
    assert page.evaluate(f"document.getElementById('candidate-{candidate.pk}').contains(document.activeElement)")


def test_review_screen_passes_axe(review_page):
    """axe-core finds no violations on the admin review screen."""
    page, _article = review_page
    count, report = run_axe(page)
    assert count == 0, report


def test_date_field_shows_what_it_understood(review_page, site):
    """Typing "late October 2025" or "44 BC" shows the days it covers, without saving."""
    page, _article = review_page
    page.goto(site + "/admin/timeline/event/add/")
    page.fill("#id_date_text", "late October 2025")
    expect(page.locator("#date-understood")).to_contain_text(
        "Late October 2025 (21 October 2025 to 31 October 2025; month precision)"
    )
    page.fill("#id_date_text", "44 BC")
    expect(page.locator("#date-understood")).to_contain_text("44 BC (1 January 44 BC to 31 December 44 BC")
    page.fill("#id_date_text", "nonsense words")
    expect(page.locator("#date-understood")).to_contain_text("Could not read")
