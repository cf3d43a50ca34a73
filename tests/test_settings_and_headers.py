"""Settings from the environment, and the security headers every page sends."""

import base64
import hashlib
import os
import subprocess
import sys

import pytest
from django.conf import settings

from .conftest import SAMPLE


def run_settings(env):
    code = "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)"
    base = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    return subprocess.run(
        [sys.executable, "-c", code],
        env={**base, "DJANGO_SETTINGS_MODULE": "timeline.settings", **env},
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
    )


def test_production_without_a_secret_key_fails_fast():
    """DEBUG off and no DJANGO_SECRET_KEY: the process refuses to start, naming the variable."""
    result = run_settings({})
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_debug_is_off_unless_asked_for():
    """DJANGO_DEBUG=1 turns it on; a secret alone leaves it off."""
    assert run_settings({"DJANGO_SECRET_KEY": "x"}).stdout.strip() == "False"
    assert run_settings({"DJANGO_DEBUG": "1"}).stdout.strip() == "True"


def test_database_url_selects_postgresql():
    """DATABASE_URL=postgres://... configures the PostgreSQL backend."""
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.DATABASES['default']['ENGINE'])"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "timeline.settings", "DJANGO_SECRET_KEY": "x",
             "DATABASE_URL": "postgres://u:p@db.example:5432/news"},
        capture_output=True, text=True, cwd=settings.BASE_DIR,
    )  # fmt: skip
    assert result.stdout.strip() == "django.db.backends.postgresql"


@pytest.mark.django_db
def test_pages_send_csp_with_a_nonce_and_refuse_framing(client):
    """Strict CSP (nonce-only scripts, frame-ancestors 'none') and X-Frame-Options DENY."""
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self' 'nonce-" in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    html = response.content.decode()
    nonce = csp.split("'nonce-")[1].split("'")[0]
    assert f'nonce="{nonce}"' in html
    assert "<script>" not in html  # no inline script at all


@pytest.mark.django_db
def test_the_stylesheet_is_written_into_the_page_and_allowed_by_its_hash(client, sample):
    """The first paint waits for no stylesheet request: timeline.css is in the page's <head>. The
    CSP allows exactly that text, by its SHA-256 (never 'unsafe-inline'), in every response: the
    page rendered, the page replayed by the page cache, and the 304 that a reload gets, whose
    headers the browser puts on the body it kept."""
    css = (settings.BASE_DIR / "static" / "css" / "timeline.css").read_text()
    digest = base64.b64encode(hashlib.sha256(css.encode()).digest()).decode()
    allowed = f"'sha256-{digest}'"
    url = f"/t/{SAMPLE}/"
    for _ in range(2):  # rendered, then from the page cache
        response = client.get(url, headers={"Accept-Encoding": "identity"})
        assert f"<style>{css}</style>" in response.content.decode()
        assert 'rel="stylesheet"' not in response.content.decode()
        assert f"style-src 'self' {allowed};" in response["Content-Security-Policy"]
    revalidated = client.get(url, headers={"If-None-Match": response["ETag"]})
    assert revalidated.status_code == 304
    assert f"style-src 'self' {allowed};" in revalidated["Content-Security-Policy"]


@pytest.mark.django_db
def test_public_pages_leave_the_opener_alone_and_the_admin_keeps_its_window_isolated(client, sample):
    """Reader pages send Cross-Origin-Opener-Policy: unsafe-none (a reader coming from an article
    needs no new browsing context group before the first paint); the admin keeps same-origin."""
    for url in (f"/t/{SAMPLE}/", f"/t/{SAMPLE}/events/meta-cuts-600-ai-jobs/", "/", f"/t/{SAMPLE}/embed/"):
        for _ in range(2):  # rendered, then from the page cache
            assert client.get(url)["Cross-Origin-Opener-Policy"] == "unsafe-none", url
    assert client.get("/admin/login/")["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.mark.django_db
def test_htmx_comes_from_our_static_files_with_a_strict_config(client):
    """htmx is served by us (timeline.js adds it from data-htmx) and configured not to eval or inject styles."""
    html = client.get("/").content.decode()
    assert "/static/django_htmx/htmx-2.min.js" in html
    assert '"allowEval":false' in html and '"includeIndicatorStyles":false' in html


def test_check_deploy_is_clean_behind_https():
    """With DJANGO_SECURE_COOKIES=1 (the HTTPS switch) `manage.py check --deploy` reports nothing:
    HSTS, the https redirect and secure cookies are all on."""
    base = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env = {**base, "DJANGO_SETTINGS_MODULE": "timeline.settings", "DJANGO_SECURE_COOKIES": "1",
           "DJANGO_SECRET_KEY": "a-long-random-production-like-key-" + "x7Kp2Qw9" * 6,
           "DJANGO_ALLOWED_HOSTS": "timelines.example.org"}  # fmt: skip
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=env, capture_output=True, text=True, cwd=settings.BASE_DIR,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
