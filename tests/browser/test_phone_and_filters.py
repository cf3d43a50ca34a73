"""The reader on a phone and at the edges of filtering, in a real browser (issue: every screen)."""

import re

from playwright.sync_api import expect

from tests.conftest import make_event, make_timeline

from .conftest import run_axe

TIMELINE = "/t/meta-ai-restructuring/"


def phone(browser):
    return browser.new_context(viewport={"width": 375, "height": 812}, is_mobile=True, has_touch=True)


def test_the_first_headline_is_on_the_first_screen_of_a_phone(browser, site):
    """At 375 × 812 the first event's headline is visible without scrolling; the filters fold away."""
    context = phone(browser)
    page = context.new_page()
    page.goto(site + TIMELINE)
    expect(page.locator("#event-feed > article h3").first).to_be_in_viewport()
    assert page.evaluate("window.scrollY") == 0
    expect(page.locator("#id_q")).to_be_hidden()
    page.locator(".filter-button").click()
    expect(page.locator("#id_q")).to_be_visible()
    count, report = run_axe(page)  # the open filter sheet on a phone
    assert count == 0, report
    context.close()


def test_the_filter_button_says_how_many_filters_are_on(browser, site):
    """The folded sheet's button counts the active filters."""
    context = phone(browser)
    page = context.new_page()
    page.goto(site + TIMELINE + "?category=departures&q=LeCun")
    expect(page.locator(".filter-button")).to_contain_text("(2 active)")
    context.close()


def test_a_bad_date_shows_its_message_and_the_list_is_not_left_greyed(page, site):
    """With JavaScript on, an unreadable "To" answers 400: the message shows, the list is usable."""
    page.goto(site + TIMELINE)
    page.locator("#id_to").fill("yesterdayish")
    page.locator("#id_to").press("Enter")
    expect(page.locator("#errors-to")).to_contain_text("Could not read “yesterdayish”")
    expect(page.locator("#event-feed")).to_have_attribute("aria-busy", "false")
    expect(page.locator("#event-feed > article")).to_have_count(13)  # the other filters (none) still apply
    assert "yesterdayish" not in page.url  # a half-typed date is not pushed into history


def test_a_readable_date_applies_as_it_is_typed_and_says_what_it_understood(page, site):
    """ "From" applies once what is typed reads as a date, and shows what it was read as."""
    page.goto(site + TIMELINE)
    page.locator("#id_from").fill("October 2025")
    page.wait_for_url(re.compile(r"from=October\+2025"))
    expect(page.locator("#hint-from")).to_contain_text("Understood as October 2025: 1 October 2025 to 31 October 2025")
    expect(page.locator("#event-feed > article")).to_have_count(4)


def test_search_then_enter_is_one_request_and_one_history_entry(page, site):
    """Typing a search and pressing Enter sends one request and pushes one entry; Back undoes it."""
    page.goto(site + TIMELINE)
    start_length = page.evaluate("history.length")
    requests = []
    page.on("request", lambda request: requests.append(request.url) if "q=" in request.url else None)
    page.locator("#id_q").fill("LeCun")
    page.wait_for_url(re.compile(r"q=LeCun"))
    expect(page.locator("#event-feed > article")).to_have_count(4)
    page.locator("#id_q").press("Enter")
    page.locator("#id_q").blur()
    page.wait_for_timeout(900)  # longer than the debounce: nothing more may be sent
    assert len(requests) == 1, requests
    assert page.evaluate("history.length") == start_length + 1
    page.go_back()
    expect(page.locator("#event-feed > article")).to_have_count(13)
    assert "q=" not in page.url


def test_the_sidebar_scrolls_on_its_own_when_taller_than_the_window(browser, site):
    """Both lists open in a short window: the sidebar scrolls, and "Apply filters" can be reached."""
    context = browser.new_context(viewport={"width": 1280, "height": 560})
    page = context.new_page()
    page.goto(site + TIMELINE)
    page.locator("summary", has_text="Categories").click()
    page.locator("summary", has_text="People and organisations").click()
    sidebar = page.locator("form.filters")
    assert sidebar.evaluate("el => el.scrollHeight > el.clientHeight")
    apply = page.get_by_role("button", name="Apply filters")
    apply.scroll_into_view_if_needed()
    expect(apply).to_be_in_viewport()
    apply.click()  # reachable and clickable
    context.close()


def test_the_strip_highlights_the_bins_of_the_results_after_a_filter(page, site):
    """After ticking a category on the page, the highlighted bars are the months of the results."""
    page.goto(site + TIMELINE)
    expect(page.locator(".bar--on")).to_have_count(0)  # nothing highlighted before a filter
    page.locator("summary", has_text="Categories").click()
    page.get_by_label("Departures").check()
    page.wait_for_url(re.compile(r"category=departures"))
    expect(page.locator("#event-feed > article")).to_have_count(3)
    months = set(page.eval_on_selector_all(".month-heading", "els => els.map(e => e.textContent.trim().toLowerCase())"))
    highlighted = page.eval_on_selector_all(
        ".bar-link", "els => els.filter(e => e.querySelector('.bar--on')).map(e => e.getAttribute('aria-label'))"
    )
    assert len(highlighted) == len(months)
    assert {label.split(":")[0].lower() for label in highlighted} == months


def test_a_year_only_event_sits_under_its_year(page, site):
    """An event known only to the year is grouped under "2024", not under "January 2024"."""
    timeline = make_timeline(slug="years", title="Years")
    make_event(timeline, when="2024", slug="year-only", headline="Something in 2024")
    make_event(timeline, when="Q3 2024", slug="quarter-only", headline="Something in the third quarter")
    make_event(timeline, when="3 January 2024", slug="a-day", headline="Something on a day")
    page.goto(site + "/t/years/")
    headings = page.eval_on_selector_all(".month-heading", "els => els.map(e => e.textContent.trim())")
    assert headings == ["2024", "January 2024", "Q3 2024"]
    expect(page.locator("#event-year-only")).to_contain_text("2024")
    assert "January" not in page.locator("#event-year-only .month-heading").inner_text()


def test_figures_use_a_real_minus_sign(page, site):
    """ "-11%" is shown with a minus sign, not a hyphen."""
    page.goto(site + TIMELINE + "events/meta-stock-falls-after-q3-earnings/")
    values = page.eval_on_selector_all(".figure-value", "els => els.map(e => e.textContent)")
    assert any("\u2212" in value for value in values) and not any(re.search(r"-\d", v) for v in values)


def test_after_a_change_on_a_phone_the_results_come_into_view_and_the_count_is_said(browser, site):
    """Ticking a category in the phone's filter sheet scrolls the results' top into view and announces the count."""
    context = phone(browser)
    page = context.new_page()
    page.goto(site + TIMELINE)
    page.locator(".filter-button").click()
    page.locator("summary", has_text="Categories").click()
    page.get_by_label("Layoffs").check()
    expect(page.locator("#event-feed > article")).to_have_count(1)
    expect(page.locator("[data-result-count]")).to_be_in_viewport()
    expect(page.locator("#announcer")).to_contain_text("1 event")
    context.close()


def test_touch_targets_on_a_phone_are_at_least_44_pixels(browser, site):
    """Buttons, inputs, chips, tags, year links and choices are at least 44 px tall on a phone."""
    context = phone(browser)
    page = context.new_page()
    for query, selectors in (
        ("", [".filter-button", "#id_q", ".tag", ".year-nav a", ".choice", "button[type=submit]"]),
        ("?category=departures", [".chip"]),
    ):
        page.goto(site + TIMELINE + query)
        page.locator(".filter-button").click()
        page.locator("summary", has_text="Categories").click()
        for selector in selectors:
            heights = page.eval_on_selector_all(selector, "els => els.map(e => e.getBoundingClientRect().height)")
            visible = [height for height in heights if height > 0]
            assert visible and min(visible) >= 44, (selector, visible)
    context.close()
