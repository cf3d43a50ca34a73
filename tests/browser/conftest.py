"""Real-browser tests: Playwright driving Debian's Chromium against a live server.

Playwright never downloads a browser here. The Chromium comes from CHROMIUM_PATH,
/usr/bin/chromium (installed by `make test`), or chromium / google-chrome on
PATH. Without one the tests are skipped, except under CI=true, where a missing
browser fails the run.

Wait with a function, `page.wait_for_function("() => ...")`, never a bare
expression: Playwright evaluates an expression with `eval` on every check after
the first, and our pages' CSP (no 'unsafe-eval') refuses that, so a wait that is
not met at the first check fails with an EvalError. A function is evaluated once.
"""

import os

import pytest
from django.core.management import call_command

from .chromium import CHROMIUM_FLAGS, find_chromium

# Playwright's sync API runs an event loop in this thread; the live server's
# database work happens in its own thread, so Django's guard is not needed here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    path = find_chromium()
    if path is None:
        if os.environ.get("CI") == "true":
            pytest.fail("No Chromium found: CI must run the browser tests (make test installs Debian's chromium).")
        pytest.skip("No Chromium found; install Debian's 'chromium' to run the browser tests.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def context(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield context
    context.close()


@pytest.fixture
def page(context):
    page = context.new_page()
    page.set_default_timeout(10_000)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on(
        "console",
        lambda message: (
            errors.append(message.text)
            if message.type == "error" and "Content Security Policy" in message.text
            else None
        ),
    )
    yield page
    assert not errors, f"JavaScript or CSP errors in the page: {errors}"


@pytest.fixture
def site(live_server, transactional_db):
    """The live server's URL with the sample timeline loaded."""
    call_command("loaddata", "meta_ai_restructuring", verbosity=0)
    return live_server.url


def run_axe(page):
    """axe-core (shipped inside axe-playwright-python, no network) on the current page."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return results.violations_count, results.generate_report() if results.violations_count else ""


@pytest.fixture
def serve_files(tmp_path):
    """A static file server on another localhost port (a host page of another origin); returns its URL."""
    import threading
    from functools import partial
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    handler = partial(SimpleHTTPRequestHandler, directory=str(tmp_path))
    handler.log_message = lambda *args: None
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
