"""Several app servers behind one load balancer: shared PostgreSQL and Redis keep them in agreement.

Runs under `make test-postgres` (tests/with_postgres.sh and tests/with_redis.sh
set DATABASE_URL and REDIS_URL); skipped elsewhere. Two gunicorn servers use
the test database and the throwaway Redis; an editor saves through the admin
of server A, and a reader of server B sees the change on the next request.
"""

import http.cookiejar
import os
import urllib.parse
import urllib.request
from html.parser import HTMLParser

import pytest
import redis
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import connection
from django.utils.html import escape

from timeline.domain.models import Event

from .conftest import SAMPLE
from .servers import Gunicorn, get

pytestmark = [
    pytest.mark.server,
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))
        or not os.environ.get("REDIS_URL"),
        reason="needs PostgreSQL (DATABASE_URL) and Redis (REDIS_URL): make test-postgres",
    ),
]


def database_url_of_this_run():
    """The URL of the database this test run writes to, for the servers it starts."""
    db = connection.settings_dict
    credentials = urllib.parse.quote(db["USER"]) + (f":{urllib.parse.quote(db['PASSWORD'])}" if db["PASSWORD"] else "")
    return f"postgres://{credentials}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


class FormFields(HTMLParser):
    """What a browser would submit from the page's form with the given id: every named field as it stands."""

    def __init__(self, form_id):
        super().__init__()
        self.form_id, self.inside, self.fields = form_id, False, []
        self.select, self.textarea = None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        if not self.inside:
            return
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type", "text") not in ("submit", "button", "file", "image"):
            if attrs.get("type") not in ("checkbox", "radio") or "checked" in attrs:
                self.fields.append((name, attrs.get("value", "on" if attrs.get("type") == "checkbox" else "")))
        elif tag == "select":
            self.select = name
        elif tag == "option" and self.select and "selected" in attrs:
            self.fields.append((self.select, attrs.get("value", "")))
        elif tag == "textarea" and name:
            self.textarea = [name, ""]

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self.select = None
        elif tag == "textarea" and self.textarea is not None:
            self.fields.append(tuple(self.textarea))
            self.textarea = None


def edit_through_admin(server, event, headline):
    """Log in to `server`'s admin as an editor would and save `event` with a new headline."""
    browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def form(path, form_id):
        parser = FormFields(form_id)
        parser.feed(browser.open(server.url + path, timeout=60).read().decode())
        return parser.fields

    def submit(path, fields):
        return browser.open(server.url + path, urllib.parse.urlencode(fields).encode(), timeout=60)

    login = [(k, v) for k, v in form("/admin/login/", "login-form") if k not in ("username", "password")]
    submit("/admin/login/", [*login, ("username", "editor"), ("password", "an-editor-password-for-tests")])
    change = f"/admin/timeline/event/{event.pk}/change/"
    fields = [(k, headline if k == "headline" else v) for k, v in form(change, "event_form")]
    assert ("headline", headline) in fields
    response = submit(change, fields)
    assert response.url.endswith("/admin/timeline/event/"), "the admin did not accept the edit"


def test_an_edit_through_one_server_shows_through_the_other(transactional_db):
    """Server B serves a cached page; after an editor saves through server A, B's next answer has the edit."""
    call_command("loaddata", "meta_ai_restructuring", verbosity=0)
    User.objects.create_superuser("editor", password="an-editor-password-for-tests")
    event = Event.objects.published().filter(timelines__slug=SAMPLE).first()
    database_url, redis_url = database_url_of_this_run(), os.environ["REDIS_URL"]
    page = f"/t/{SAMPLE}/"
    with Gunicorn(database_url, REDIS_URL=redis_url) as a, Gunicorn(database_url, REDIS_URL=redis_url) as b:
        for server in (a, b, b):  # warm the shared cache, then read it through B
            status, body = get(server.url + page)
            assert status == 200
            assert escape(event.headline).encode() in body
        assert redis.Redis.from_url(redis_url).dbsize() > 0  # the servers cache in Redis, not each in its own memory

        edit_through_admin(a, event, "Edited through server A")

        status, body = get(b.url + page)
        assert status == 200
        assert b"Edited through server A" in body
        status, body = get(f"{b.url}{page}events/{event.slug}/")
        assert b"Edited through server A" in body
    event.refresh_from_db()
    assert event.headline == "Edited through server A"


def test_rate_limits_count_across_servers(transactional_db):
    """With Redis, one address's exports are counted together, whichever server answers."""
    call_command("loaddata", "meta_ai_restructuring", verbosity=0)
    database_url, redis_url = database_url_of_this_run(), os.environ["REDIS_URL"]
    # A day's window: a test run never straddles two of them in practice.
    limits = {"REDIS_URL": redis_url, "RATE_LIMIT_EXPORTS": "3/d"}
    with Gunicorn(database_url, **limits) as a, Gunicorn(database_url, **limits) as b:
        statuses = [get(f"{server.url}/t/{SAMPLE}/events.json")[0] for server in (a, b, a, b)]
    assert statuses == [200, 200, 200, 429]
