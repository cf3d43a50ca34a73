"""Throttling: per-IP rate limits on the expensive routes, and the admin's login lockout."""

from types import SimpleNamespace

import pytest
from django.contrib.auth.models import User
from django.test import override_settings

from .conftest import SAMPLE

LIMITS = {"print": "3/m", "exports": "3/m", "oembed": "3/m"}
limited = override_settings(RATELIMIT_ENABLE=True, RATE_LIMITS=LIMITS)


@pytest.fixture(autouse=True)
def still_clock(monkeypatch):
    """django-ratelimit counts in fixed windows; a clock that stands still keeps a slow test inside one."""
    monkeypatch.setattr("django_ratelimit.core.time", SimpleNamespace(time=lambda: 1_800_000_000.0))


def fetch(client, url, times, **extra):
    return [client.get(url, **extra) for _ in range(times)]


@limited
def test_print_view_answers_429_with_retry_after_past_the_limit(sample, client):
    """The fourth print view in a minute from one address is refused with a styled page and Retry-After."""
    first = fetch(client, f"/t/{SAMPLE}/", 3, data={"view": "print"})
    refused = client.get(f"/t/{SAMPLE}/", {"view": "print"})
    assert [response.status_code for response in first] == [200, 200, 200]
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert "Too many requests" in refused.content.decode()
    assert f"Try again in {refused['Retry-After']} second" in refused.content.decode()
    assert f'<a href="/t/{SAMPLE}/">read it page by page</a>' in refused.content.decode()
    assert refused["Cache-Control"] == "no-store"


@limited
@pytest.mark.parametrize("route", ["events.json", "events.csv", "events.ics", "timelinejs.json", "feed/"])
def test_exports_answer_429_in_plain_text_past_the_limit(sample, client, route):
    """Each export is a large response: the fourth in a minute gets a short text 429."""
    assert [r.status_code for r in fetch(client, f"/t/{SAMPLE}/{route}", 3)] == [200, 200, 200]
    refused = client.get(f"/t/{SAMPLE}/{route}")
    assert refused.status_code == 429
    assert refused["Content-Type"].startswith("text/plain")
    assert refused.content.decode().startswith("Too many requests from your address.")
    assert int(refused["Retry-After"]) >= 1


@limited
def test_oembed_answers_429_as_json_past_the_limit(sample, client):
    """oEmbed clients read JSON errors, so its 429 is JSON too."""
    url = f"http://testserver/t/{SAMPLE}/"
    for _ in range(3):
        assert client.get("/oembed/", {"url": url}).status_code == 200
    refused = client.get("/oembed/", {"url": url})
    assert refused.status_code == 429
    assert "Too many requests" in refused.json()["error"]
    assert int(refused["Retry-After"]) >= 1


@limited
def test_ordinary_pages_are_never_limited(sample, client):
    """Pages, fragments, permalinks and the index stay open however often one address asks."""
    event = sample.events.filter(status="published").first()
    urls = [f"/t/{SAMPLE}/", f"/t/{SAMPLE}/?category=layoffs", f"/t/{SAMPLE}/events/{event.slug}/", "/timelines/"]
    for url in urls:
        assert {r.status_code for r in fetch(client, url, 10)} == {200}
    assert {r.status_code for r in fetch(client, f"/t/{SAMPLE}/", 10, headers={"HX-Request": "true"})} == {200}


@limited
def test_each_address_has_its_own_count(sample, client):
    """One address over its limit does not block another."""
    fetch(client, f"/t/{SAMPLE}/events.json", 4, REMOTE_ADDR="192.0.2.1")
    assert client.get(f"/t/{SAMPLE}/events.json", REMOTE_ADDR="192.0.2.1").status_code == 429
    assert client.get(f"/t/{SAMPLE}/events.json", REMOTE_ADDR="192.0.2.2").status_code == 200


@limited
def test_forwarded_for_is_ignored_without_a_trusted_proxy(sample, client):
    """With no proxy declared, a client cannot dodge its limit by writing X-Forwarded-For."""
    for n in range(4):
        last = client.get(f"/t/{SAMPLE}/events.json", headers={"X-Forwarded-For": f"198.51.100.{n}"})
    assert last.status_code == 429


@limited
@override_settings(TRUSTED_PROXIES=1)
def test_behind_a_trusted_proxy_the_address_it_recorded_is_the_client(sample, client):
    """Behind one proxy, clients are told apart by the entry the proxy appended, not by what they wrote."""
    spoofed = [f"203.0.113.{n}, 192.0.2.7" for n in range(4)]  # the client wrote the first part itself
    statuses = [client.get(f"/t/{SAMPLE}/events.json", headers={"X-Forwarded-For": xff}).status_code for xff in spoofed]
    assert statuses == [200, 200, 200, 429]
    other = client.get(f"/t/{SAMPLE}/events.json", headers={"X-Forwarded-For": "192.0.2.8"})
    assert other.status_code == 200


@limited
def test_a_request_without_a_readable_address_is_counted_not_refused(sample, client):
    """Behind a Unix socket REMOTE_ADDR is empty: such requests share one count instead of failing with a 500."""
    statuses = [client.get(f"/t/{SAMPLE}/events.json", REMOTE_ADDR="").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]


# Admin login throttling (django-axes, AXES_FAILURE_LIMIT = 5 by default).


def login(client, username, password, address):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
    )


@pytest.fixture
def staff(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # many logins, quickly
    User.objects.create_user("alice", password="alice-right-password", is_staff=True)
    User.objects.create_user("bob", password="bob-right-password", is_staff=True)


@override_settings(AXES_FAILURE_LIMIT=5)
def test_wrong_passwords_lock_the_account_even_for_the_right_password(staff, client):
    """The fifth wrong password locks the account: then even the right one is refused with a page that says to wait."""
    statuses = [login(client, "alice", "wrong", "192.0.2.10").status_code for _ in range(5)]
    assert statuses == [200, 200, 200, 200, 429]  # the form with its error, then the lockout
    locked = login(client, "alice", "alice-right-password", "192.0.2.10")
    assert locked.status_code == 429
    page = locked.content.decode()
    assert "Login temporarily locked" in page
    assert "paused for 15 minutes" in page
    assert int(locked["Retry-After"]) == 15 * 60
    assert "_auth_user_id" not in client.session


@override_settings(AXES_FAILURE_LIMIT=5)
def test_the_account_is_locked_from_any_address(staff, client):
    """Per account: moving to another address does not buy more guesses at alice's password."""
    for n in range(5):
        login(client, "alice", "wrong", f"192.0.2.{20 + n}")
    assert login(client, "alice", "alice-right-password", "192.0.2.99").status_code == 429


@override_settings(AXES_FAILURE_LIMIT=5)
def test_the_address_is_locked_for_any_account(staff, client):
    """Per address: guessing across many accounts from one address is stopped too."""
    for n in range(5):
        login(client, f"nobody-{n}", "wrong", "192.0.2.30")
    assert login(client, "bob", "bob-right-password", "192.0.2.30").status_code == 429


@override_settings(AXES_FAILURE_LIMIT=5)
def test_another_account_from_another_address_still_logs_in(staff, client):
    """A lockout of alice from one address leaves bob, elsewhere, free to log in."""
    for _ in range(6):
        login(client, "alice", "wrong", "192.0.2.40")
    response = login(client, "bob", "bob-right-password", "192.0.2.41")
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert client.session["_auth_user_id"] == str(User.objects.get(username="bob").pk)


@override_settings(AXES_FAILURE_LIMIT=5)
def test_a_successful_login_resets_the_count(staff, client):
    """Four mistakes, then success: the count starts again, so four more mistakes do not lock."""
    for _ in range(4):
        login(client, "alice", "wrong", "192.0.2.50")
    assert login(client, "alice", "alice-right-password", "192.0.2.50").status_code == 302
    client.logout()
    for _ in range(4):
        login(client, "alice", "wrong", "192.0.2.50")
    assert login(client, "alice", "alice-right-password", "192.0.2.50").status_code == 302
