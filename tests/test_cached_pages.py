"""Reader pages asked for since the last edit are answered from the cache ahead of the middleware
stack (reader/cached_pages.py): one query, the same bytes and headers, and never stale."""

import gzip
import warnings

import pytest
from django.core.cache import CacheKeyWarning

from timeline.domain.models import Event, Timeline

from .conftest import SAMPLE, make_timeline

GZIP = {"Accept-Encoding": "gzip"}
KEPT_HEADERS = ("Content-Type", "Content-Security-Policy", "X-Frame-Options", "ETag", "Cache-Control", "Vary")


def body(response):
    if response.get("Content-Encoding") == "gzip":
        return gzip.decompress(response.content).decode()
    return response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "headers"),
    [
        (f"/t/{SAMPLE}/", {}),
        (f"/t/{SAMPLE}/?category=layoffs", {"HX-Request": "true", "HX-Target": "results"}),
        (f"/t/{SAMPLE}/events/meta-cuts-600-ai-jobs/", {}),
        ("/", {}),
    ],
)
def test_a_repeat_is_one_query_with_the_same_page_and_headers(client, sample, django_assert_num_queries, path, headers):
    Timeline.objects.filter(slug=SAMPLE).update(featured=True)
    first = client.get(path, headers={**GZIP, **headers})
    assert first.status_code == 200
    with django_assert_num_queries(1):
        again = client.get(path, headers={**GZIP, **headers})
    assert again.status_code == 200
    assert again["Content-Encoding"] == "gzip"
    assert body(again) == body(first)
    for name in KEPT_HEADERS:
        assert again[name] == first[name], name  # the ETag of a gzipped body is weak, as Django's gzip makes it
    assert again.get("HX-Push-Url") == first.get("HX-Push-Url")
    assert not again.cookies


@pytest.mark.django_db
def test_a_client_without_gzip_gets_the_stored_page_plain(client, sample):
    first = client.get(f"/t/{SAMPLE}/", headers=GZIP)
    plain = client.get(f"/t/{SAMPLE}/")
    assert "Content-Encoding" not in plain
    assert plain.content.decode() == body(first)
    assert "Accept-Encoding" in plain["Vary"]
    assert not plain["ETag"].startswith("W/")  # the plain body is the one its strong ETag names


@pytest.mark.django_db
def test_an_edited_event_is_in_the_next_page(client, sample):
    assert "Meta cuts about 600" in body(client.get(f"/t/{SAMPLE}/"))
    event = Event.objects.get(slug="meta-cuts-600-ai-jobs")
    event.headline = "A corrected headline"
    event.save()
    page = body(client.get(f"/t/{SAMPLE}/"))
    assert "A corrected headline" in page
    assert "A corrected headline" in body(client.get(f"/t/{SAMPLE}/events/meta-cuts-600-ai-jobs/"))


@pytest.mark.django_db
def test_a_deleted_event_is_gone_from_the_next_page(client, sample):
    """Deleting an event removes its timeline links before its own row: the timelines it was in
    are found before the delete, so their pages change at once."""
    assert "Meta cuts about 600" in body(client.get(f"/t/{SAMPLE}/"))
    etag = client.get(f"/t/{SAMPLE}/")["ETag"]
    Event.objects.get(slug="meta-cuts-600-ai-jobs").delete()
    response = client.get(f"/t/{SAMPLE}/", headers={"If-None-Match": etag})
    assert response.status_code == 200
    assert "Meta cuts about 600" not in body(response)


@pytest.mark.django_db
def test_a_renamed_timeline_is_in_the_next_page(client, sample):
    """Saving the timeline itself (title, description) changes its pages at once."""
    client.get(f"/t/{SAMPLE}/")
    client.get(f"/t/{SAMPLE}/events/meta-cuts-600-ai-jobs/")
    timeline = Timeline.objects.get(slug=SAMPLE)
    timeline.title = "Meta's AI year, revised"
    timeline.save()
    assert "Meta&#x27;s AI year, revised" in body(client.get(f"/t/{SAMPLE}/"))
    assert "Meta&#x27;s AI year, revised" in body(client.get(f"/t/{SAMPLE}/events/meta-cuts-600-ai-jobs/"))


@pytest.mark.django_db
def test_saving_a_timeline_loaded_before_an_edit_keeps_the_edits_revision(client, sample):
    """An editor opens the timeline's form, an event is edited meanwhile, then the form is saved:
    the revision the edit set stays, so the pages cached before the edit are not read again."""
    opened = Timeline.objects.get(slug=SAMPLE)
    event = Event.objects.get(slug="meta-cuts-600-ai-jobs")
    event.headline = "A corrected headline"
    event.save()
    edited = Timeline.objects.get(slug=SAMPLE).revision
    assert edited > opened.revision
    opened.description = "A new description."
    opened.save()
    saved = Timeline.objects.get(slug=SAMPLE)
    assert (saved.revision, saved.description) == (edited, "A new description.")
    assert "A corrected headline" in body(client.get(f"/t/{SAMPLE}/"))


@pytest.mark.django_db
def test_the_home_page_shows_another_timelines_new_title(client, sample):
    """The pinned timeline's home page lists the other timelines: renaming one (its version moves,
    not its revision) changes the stored page and the ETag."""
    Timeline.objects.filter(slug=SAMPLE).update(featured=True)
    other = Timeline.objects.create(slug="other-story", title="The other story", is_published=True)
    first = client.get("/")
    assert "The other story" in body(first)
    other.refresh_from_db()
    other.title = "The other story, renamed"
    other.save()
    again = client.get("/", headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 200
    assert "The other story, renamed" in body(again)


@pytest.mark.django_db
def test_the_home_page_is_kept_under_a_key_any_cache_accepts_however_many_timelines(
    client, sample, django_assert_num_queries
):
    """The pinned home page's key names every other timeline's state. With 40 of them it ran past
    the 250 characters memcached accepts (Django warns, and its memcached backends refuse the key);
    they are now one hashed part."""
    Timeline.objects.filter(slug=SAMPLE).update(featured=True)
    for n in range(40):
        make_timeline(f"story-{n}")
    with warnings.catch_warnings():
        warnings.simplefilter("error", CacheKeyWarning)
        first = client.get("/", headers=GZIP)
        with django_assert_num_queries(1):
            again = client.get("/", headers=GZIP)
    assert body(again) == body(first)


@pytest.mark.django_db
def test_a_conditional_request_gets_its_304(client, sample):
    etag = client.get(f"/t/{SAMPLE}/")["ETag"]
    client.get(f"/t/{SAMPLE}/")
    assert client.get(f"/t/{SAMPLE}/", headers={"If-None-Match": etag}).status_code == 304
