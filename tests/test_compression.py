"""Light on the wire: compressed responses, hashed static files cached for ever, 304s for unchanged pages."""

import gzip
import re

import pytest
from django.core.management import call_command
from django.test import Client

from .conftest import SAMPLE, make_event

PRODUCTION_STORAGE = "whitenoise.storage.CompressedManifestStaticFilesStorage"
GZIP = {"Accept-Encoding": "gzip, deflate, br"}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "content_type"),
    [
        (f"/t/{SAMPLE}/", "text/html"),
        (f"/t/{SAMPLE}/events.json", "application/json"),
        (f"/t/{SAMPLE}/events.csv", "text/csv"),
        (f"/t/{SAMPLE}/events.ics", "text/calendar"),
    ],
)
def test_pages_and_exports_are_gzipped_for_clients_that_accept_it(client, sample, path, content_type):
    """HTML, JSON, CSV and ICS go out gzipped when asked, and still read as the same text."""
    response = client.get(path, headers=GZIP)
    assert response.status_code == 200
    assert response["Content-Type"].startswith(content_type)
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert "Meta" in gzip.decompress(body).decode()


@pytest.mark.django_db
def test_a_client_that_does_not_accept_gzip_gets_plain_html(client, sample):
    """Without Accept-Encoding the page is sent as it is."""
    response = client.get(f"/t/{SAMPLE}/")
    assert not response.has_header("Content-Encoding")
    assert "<html" in response.content.decode()


@pytest.mark.django_db
def test_admin_pages_are_never_compressed(client):
    """Admin pages carry CSRF tokens, so they are left uncompressed (BREACH)."""
    response = client.get("/admin/login/", headers=GZIP)
    assert response.status_code == 200
    assert "csrfmiddlewaretoken" in response.content.decode()
    assert not response.has_header("Content-Encoding")


@pytest.mark.django_db
def test_an_unchanged_page_answers_304_to_its_etag(client, sample):
    """A reader's browser that holds the page gets 304 Not Modified, with no body."""
    first = client.get(f"/t/{SAMPLE}/", {"category": "departures"})
    assert first.status_code == 200
    assert "no-cache" in first["Cache-Control"] and "public" in first["Cache-Control"]
    again = client.get(f"/t/{SAMPLE}/", {"category": "departures"}, headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == first["ETag"]


@pytest.mark.django_db
def test_a_gzipped_pages_weak_etag_still_gets_its_304(client, sample):
    """Compression makes the ETag weak (W/"..."); sending it back still validates."""
    first = client.get(f"/t/{SAMPLE}/", headers=GZIP)
    assert first["ETag"].startswith('W/"')
    again = client.get(f"/t/{SAMPLE}/", headers={**GZIP, "If-None-Match": first["ETag"]})
    assert again.status_code == 304


@pytest.mark.django_db
def test_an_edit_changes_the_pages_etag(client, sample):
    """After an editor publishes an event, the old ETag no longer matches: the reader gets the new page."""
    old = client.get(f"/t/{SAMPLE}/")["ETag"]
    make_event(sample, headline="A brand new development")
    response = client.get(f"/t/{SAMPLE}/", headers={"If-None-Match": old})
    assert response.status_code == 200
    assert "A brand new development" in response.content.decode()
    assert response["ETag"] != old


@pytest.mark.django_db
def test_the_fragment_and_the_page_have_different_etags(client, sample):
    """The htmx fragment is a different body from the full page, so it never validates the page's copy."""
    page = client.get(f"/t/{SAMPLE}/")
    fragment = client.get(f"/t/{SAMPLE}/", headers={"HX-Request": "true", "HX-Target": "results"})
    assert page["ETag"] != fragment["ETag"]


@pytest.mark.django_db
def test_an_event_page_answers_304_to_its_etag(client, sample):
    """Permalinks carry a validator too."""
    event = sample.events.filter(status="published").first()
    url = f"/t/{SAMPLE}/events/{event.slug}/"
    first = client.get(url)
    assert first.status_code == 200
    assert client.get(url, headers={"If-None-Match": first["ETag"]}).status_code == 304


@pytest.fixture(scope="module")
def collected(tmp_path_factory):
    """collectstatic as `make run` does it: hashed names, .gz and .br copies, a manifest."""
    root = tmp_path_factory.mktemp("staticfiles")
    from django.test.utils import override_settings

    storages = {"default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
                "staticfiles": {"BACKEND": PRODUCTION_STORAGE}}  # fmt: skip
    with override_settings(STATIC_ROOT=root, STORAGES=storages):
        call_command("collectstatic", interactive=False, verbosity=0)
    return root, storages


@pytest.fixture
def production_static(settings, collected):
    root, storages = collected
    settings.STATIC_ROOT = root
    settings.STORAGES = storages
    settings.WHITENOISE_USE_FINDERS = False
    return Client()  # a fresh client builds whitenoise from these settings


@pytest.mark.django_db
def test_pages_link_hashed_static_files_served_immutable_and_brotli(production_static, sample):
    """The page's scripts and icon have content-hashed names; each is served cached for a year,
    immutable, and Brotli-compressed to a client that accepts it. (The stylesheet is in the page.)"""
    html = production_static.get(f"/t/{SAMPLE}/").content.decode()
    script = re.search(r'src="(/static/js/timeline\.[0-9a-f]{12}\.js)"', html)
    htmx = re.search(r'data-htmx="(/static/django_htmx/htmx-2\.min\.[0-9a-f]{12}\.js)"', html)
    assert script and htmx
    for url in (script[1], htmx[1]):
        response = production_static.get(url, headers=GZIP)
        assert response.status_code == 200
        assert "immutable" in response["Cache-Control"]
        assert "max-age=315360000" in response["Cache-Control"]
        assert response["Content-Encoding"] == "br"


@pytest.mark.django_db
def test_the_embed_loader_keeps_its_fixed_url_with_a_short_cache(production_static, sample):
    """/static/timeline/embed.js, printed in other sites' pages, is served under that name and
    revalidated within minutes, so a fix reaches every host page."""
    response = production_static.get("/static/timeline/embed.js", headers=GZIP)
    assert response.status_code == 200
    assert response["Cache-Control"] == "max-age=300, public"
    assert "immutable" not in response["Cache-Control"]
    snippet = production_static.get(f"/t/{SAMPLE}/").content.decode()
    assert "/static/timeline/embed.js" in snippet


@pytest.mark.django_db
def test_a_repeated_page_is_sent_from_the_cache_with_one_query(client, sample, django_assert_num_queries):
    """The second reader of a filtered page costs one query (the timeline and its revision); unknown
    parameters do not make it a different page; the htmx fragment keeps its pushed URL."""
    headers = {"HX-Request": "true", "HX-Target": "results"}
    first = client.get(f"/t/{SAMPLE}/", {"category": "departures"}, headers=headers)
    with django_assert_num_queries(1):
        again = client.get(f"/t/{SAMPLE}/", {"category": "departures", "utm_source": "x"}, headers=headers)
    assert again.content == first.content
    assert again["HX-Push-Url"] == first["HX-Push-Url"] == f"/t/{SAMPLE}/?category=departures"


@pytest.mark.django_db
def test_a_cached_page_follows_an_edit(client, sample):
    """The cached page is keyed by the timeline's revision: an edit shows on the next request."""
    client.get(f"/t/{SAMPLE}/")
    event = sample.events.filter(status="published").first()
    event.headline = "A corrected headline"
    event.save()
    assert "A corrected headline" in client.get(f"/t/{SAMPLE}/").content.decode()


@pytest.mark.django_db
def test_a_cached_page_is_sent_gzipped_or_plain_as_the_client_accepts(client, sample):
    """From the cache, a page goes out gzipped to a client that accepts it and plain to one that
    does not, the same text either way."""
    plain = client.get(f"/t/{SAMPLE}/events/{sample.events.filter(status='published').first().slug}/")
    url = plain.wsgi_request.path
    zipped = client.get(url, headers=GZIP)
    assert zipped["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in zipped["Vary"]
    assert gzip.decompress(zipped.content) == plain.content
    again = client.get(url)
    assert not again.has_header("Content-Encoding")
    assert again.content == plain.content
