"""Reader journeys in a real browser: filters, history, no-JS, keyboard, phone."""

import re
from datetime import date, timedelta

from playwright.sync_api import expect

from tests.conftest import make_event, make_timeline

from .conftest import run_axe

TIMELINE = "/t/meta-ai-restructuring/"


def article_ids(page):
    return page.eval_on_selector_all("#event-feed > article", "els => els.map(e => e.id)")


def test_filter_swaps_results_without_reload_and_updates_url(page, site):
    """Ticking Departures and typing June 2025 swaps only the results; the URL says so."""
    page.goto(site + TIMELINE)
    page.evaluate("window.__sameDocument = true")
    page.locator("summary", has_text="Categories").click()
    page.get_by_label("Departures").check()
    page.wait_for_url(re.compile(r"category=departures"))
    page.get_by_label("From").fill("June 2025")
    page.get_by_label("From").press("Enter")
    page.wait_for_url(re.compile(r"from=June\+2025"))
    expect(page.locator("#event-feed > article")).to_have_count(2)
    assert article_ids(page) == ["event-lecun-exit-reported", "event-lecun-confirms-departure"]
    assert page.evaluate("window.__sameDocument") is True  # no full reload happened
    assert page.locator("[data-result-count]").inner_text().startswith("2 events")


def test_back_and_forward_restore_controls_and_results(page, site):
    """History steps bring back both the ticked boxes and the matching events."""
    page.goto(site + TIMELINE)
    page.locator("summary", has_text="Categories").click()
    page.get_by_label("Layoffs").check()
    page.wait_for_url(re.compile(r"category=layoffs"))
    expect(page.locator("#event-feed > article")).to_have_count(1)
    page.go_back()
    expect(page.locator("#event-feed > article")).to_have_count(13)
    assert not page.locator("input[value=layoffs]").is_checked()
    page.go_forward()
    expect(page.locator("#event-feed > article")).to_have_count(1)
    assert page.locator("input[value=layoffs]").is_checked()
    page.reload()
    assert article_ids(page) == ["event-meta-cuts-600-ai-jobs"]


def test_everything_works_with_javascript_off(browser, site):
    """No JavaScript: the form submits normally, chips and bars are links, the view is the same."""
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site + TIMELINE)
    page.locator("summary", has_text="Categories").click()
    page.get_by_label("Departures").check()
    page.get_by_label("From").fill("June 2025")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url(re.compile(r"(?=.*category=departures)(?=.*from=June\+2025)"))
    assert article_ids(page) == ["event-lecun-exit-reported", "event-lecun-confirms-departure"]
    page.get_by_role("link", name=re.compile("Departures.*remove")).click()
    assert len(article_ids(page)) == 10  # only "from June 2025" is left
    context.close()


def test_permalink_and_back_keeps_scroll_position(page, site):
    """Open an event from far down the list and come back to the same place."""
    page.goto(site + TIMELINE)
    page.locator("#event-meta-cuts-600-ai-jobs a").first.scroll_into_view_if_needed()
    before = page.evaluate("window.scrollY")
    assert before > 300
    page.locator("#event-meta-cuts-600-ai-jobs h3 a").click()
    page.wait_for_url(re.compile(r"/events/meta-cuts-600-ai-jobs/"))
    page.go_back()
    page.wait_for_load_state()
    expect(page.locator("#event-meta-cuts-600-ai-jobs")).to_be_in_viewport()
    assert abs(page.evaluate("window.scrollY") - before) < 5


def test_keyboard_only_filter_open_and_return(page, site):
    """Skip link first; Tab walks the filters in order; Space ticks Layoffs; Enter opens the event."""
    page.goto(site + TIMELINE)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Skip to content"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"
    page.locator("#id_q").focus()
    order = []
    for _ in range(3):
        page.keyboard.press("Tab")
        order.append(page.evaluate("document.activeElement.id || document.activeElement.textContent.trim()"))
    assert order == ["id_from", "id_to", "Categories"]
    page.keyboard.press("Enter")  # opens the Categories disclosure
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.value") == "layoffs":
            break
    assert page.evaluate("document.activeElement.value") == "layoffs"
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"  # visible focus
    page.keyboard.press("Space")
    expect(page.locator("#event-feed > article")).to_have_count(1)
    page.locator("#event-meta-cuts-600-ai-jobs h3 a").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/events/meta-cuts-600-ai-jobs/"))
    page.go_back()
    page.wait_for_url(re.compile(r"category=layoffs"))
    assert article_ids(page) == ["event-meta-cuts-600-ai-jobs"]


def test_phone_width_has_no_horizontal_scroll(browser, site):
    """At 375 px wide nothing overflows sideways and the filters still work."""
    context = browser.new_context(viewport={"width": 375, "height": 800}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(site + TIMELINE)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.get_by_text("Filter", exact=True).click()  # on a phone the filters sit behind one button
    page.locator("summary", has_text="Categories").click()
    page.get_by_label("Layoffs").check()
    expect(page.locator("#event-feed > article")).to_have_count(1)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    context.close()


def test_live_region_announces_the_count_and_feed_pattern_keys(page, site):
    """After a filter change the live region says "N events"; Page Down moves to the next article."""
    page.goto(site + TIMELINE)
    page.locator("#id_q").fill("LeCun")
    expect(page.locator("#announcer")).to_contain_text("events")
    assert re.match(r"\d+ events", page.locator("#announcer").inner_text())
    assert page.locator("#event-feed").get_attribute("aria-busy") == "false"
    first = page.locator("#event-feed > article").first
    first.focus()
    page.keyboard.press("PageDown")
    second_id = page.eval_on_selector_all("#event-feed > article", "els => els[1].id")
    assert page.evaluate("document.activeElement.id") == second_id
    page.keyboard.press("PageUp")
    assert page.evaluate("document.activeElement.id") == first.get_attribute("id")


def test_overview_bar_filters_to_its_month(page, site):
    """Activating the October 2025 bar filters to that month, highlighted, URL pushed."""
    page.goto(site + TIMELINE)
    page.locator('a.bar-link[aria-label^="October 2025"]').click()
    page.wait_for_url(re.compile(r"from=2025-10&to=2025-10"))
    expect(page.locator("#event-feed > article")).to_have_count(2)
    expect(page.locator("#id_from")).to_have_value("2025-10")  # the form follows the link's filter


def test_load_more_appends_the_next_page(page, live_server, transactional_db):
    """With 60 events, Load more appends events 51-60 to the same feed."""
    timeline = make_timeline(slug="long")
    for day in range(60):
        make_event(timeline, start_date=date(2024, 1, 1) + timedelta(days=day))
    page.goto(live_server.url + "/t/long/")
    assert len(article_ids(page)) == 50
    page.get_by_role("link", name=re.compile("Load more events")).click()
    expect(page.locator("#event-feed > article")).to_have_count(60)
    assert page.locator("#event-feed > article").nth(50).get_attribute("aria-posinset") == "51"
    assert page.get_by_role("link", name=re.compile("Load more events")).count() == 0


def test_axe_finds_no_violations(page, site):
    """axe-core: zero violations on the chronology, a filtered empty state and an event page."""
    for path in (
        TIMELINE,
        TIMELINE + "?q=nothing-matches-this",
        TIMELINE + "events/meta-stock-falls-after-q3-earnings/",
    ):
        page.goto(site + path)
        count, report = run_axe(page)
        assert count == 0, f"{path}\n{report}"


def test_accessibility_tree_makes_sense(page, site):
    """What a screen reader gets: a search landmark, the count, a feed of articles named by headline, dates."""
    page.goto(site + TIMELINE + "?category=layoffs")
    tree = page.locator("main").aria_snapshot()
    assert 'search "Filter events"' in tree
    assert "1 event matches your filters" in tree
    assert 'feed "Events"' in tree
    assert 'article "Meta cuts about 600 jobs in its AI unit"' in tree
    assert "22 October 2025" in tree
    assert 'heading "October 2025" [level=2]' in tree


def test_axe_in_dark_theme_on_a_phone_with_a_form_error(browser, site):
    """axe-core: zero violations in the dark theme at 375 px, including a date the form could not read."""
    context = browser.new_context(color_scheme="dark", viewport={"width": 375, "height": 800})
    page = context.new_page()
    for path in (TIMELINE, TIMELINE + "?from=not-a-date", TIMELINE + "events/meta-cuts-600-ai-jobs/"):
        page.goto(site + path)
        count, report = run_axe(page)
        assert count == 0, f"{path}\n{report}"
    context.close()
