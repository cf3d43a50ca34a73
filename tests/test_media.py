"""Media on events: uploads in the admin, how each kind shows, thumbnails, providers, TimelineJS, serving."""

import io
import json
import re

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from timeline.curation.timelinejs_import import import_timeline, sheet_csv_url
from timeline.domain import images
from timeline.domain.models import Event, Media
from timeline.domain.providers import PLAYER_ORIGINS, recognise

from .conftest import make_event, make_timeline, markup
from .test_admin import event_form_data

GPS_IFD = 0x8825


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploads go to a throwaway folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def photo(width=800, height=600, *, gps=False, noise=False, name="photo.jpg"):
    """A JPEG upload; with `gps`, it carries a location in its EXIF data as phones write it."""
    image = Image.effect_noise((width, height), 60).convert("RGB") if noise else Image.new("RGB", (width, height))
    if not noise:
        image.paste((180, 40, 30), (0, 0, width // 2, height))
    exif = Image.Exif()
    if gps:
        exif[0x010F] = "PhoneMaker"
        location = exif.get_ifd(GPS_IFD)
        location.update({1: "N", 2: (51.0, 30.0, 12.5), 3: "W", 4: (0.0, 7.0, 39.0)})
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif, quality=95)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def media_forms(*items, prefix="media"):
    """The media inline's POST data for new items (dicts of field values)."""
    data = {f"{prefix}-TOTAL_FORMS": len(items), f"{prefix}-INITIAL_FORMS": 0}
    for index, item in enumerate(items):
        for name in ("alt_text", "url", "quote", "attribution", "credit", "caption"):
            data[f"{prefix}-{index}-{name}"] = item.get(name, "")
        data[f"{prefix}-{index}-position"] = item.get("position", index)
        if "upload" in item:
            data[f"{prefix}-{index}-upload"] = item["upload"]
    return data


def add_event(client, timeline, *items, **fields):
    data = {
        **event_form_data(status="published", timelines=[timeline.pk], **fields),
        **media_forms(*items),
    }
    return client.post(reverse("admin:timeline_event_add"), data)


def streamed(response):
    return b"".join(response.streaming_content).decode()


def stored_image(media):
    with default_storage.open(media.image) as handle:
        image = Image.open(io.BytesIO(handle.read()))
        image.load()
    return image


def test_editor_adds_image_video_and_quote_and_the_event_page_shows_all_three(editor, client):
    """An uploaded image with alt text, a YouTube link and a blockquote, added in the admin, all show on
    the permalink: a sized, responsive image, a click-to-load facade and the quotation."""
    timeline = make_timeline(slug="media-story")
    response = add_event(
        client,
        timeline,
        {"upload": photo(), "alt_text": "Protesters outside the headquarters", "credit": "Jane Doe/Agency",
         "caption": "The crowd at noon"},
        {"url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ", "caption": "The announcement"},
        {"quote": "We are <em>reshaping</em> the lab.<script>alert(1)</script>", "attribution": "A spokesperson"},
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:3000]
    event = Event.objects.get(slug="cuts")
    assert [item.kind for item in event.media.all()] == ["image", "link", "quote"]

    page = client.get(f"/t/media-story/events/{event.slug}/").content.decode()
    img = re.search(r"<img [^>]*alt=\"Protesters outside the headquarters\"[^>]*>", page).group(0)
    assert re.search(r'width="800"', img) and re.search(r'height="600"', img)
    assert 'srcset="' in img and "640w" in img and 'sizes="' in img
    assert '<source type="image/webp" srcset="' in page
    assert "The crowd at noon" in page and "Jane Doe/Agency" in page
    facade = re.search(r'<a class="media-play" href="([^"]+)"[^>]*data-player="([^"]+)"', page)
    assert facade.group(1) == "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
    assert facade.group(2).startswith("https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ")
    assert "<iframe" not in page
    assert re.search(r'<blockquote class="media-quote"><p>We are <em>reshaping</em> the lab.', page)
    assert "<script>alert" not in page and "A spokesperson" in page


def test_a_file_that_is_not_an_image_is_refused_in_the_form_and_the_rest_is_kept(editor, client):
    """A text file named .jpg gets a message beside the upload; the headline and other items typed stay."""
    timeline = make_timeline()
    fake = SimpleUploadedFile("photo.jpg", b"this is not an image at all", content_type="image/jpeg")
    response = add_event(
        client, timeline, {"upload": fake, "alt_text": "A chart"}, {"url": "https://vimeo.com/76979871"},
        headline="Headline the editor typed",
    )  # fmt: skip
    page = response.content.decode()
    assert response.status_code == 400
    assert "This file is not an image that can be read" in page
    assert 'value="Headline the editor typed"' in page and 'value="https://vimeo.com/76979871"' in page
    assert 'value="A chart"' in page
    assert not Event.objects.exists()


def test_an_image_with_too_many_pixels_is_refused_before_decoding(editor, client, settings):
    """An image over MEDIA_MAX_PIXELS is refused with its size in the message; the form keeps the rest."""
    settings.MEDIA_MAX_PIXELS = 100_000
    response = add_event(
        client, make_timeline(), {"upload": photo(1000, 800), "alt_text": "Big", "caption": "Kept caption"}
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "1,000 × 800 pixels (0.8 megapixels); images may have at most 0.1 megapixels" in page
    assert 'value="Kept caption"' in page and not Media.objects.exists()


def test_an_image_over_the_byte_cap_is_refused(editor, client, settings):
    """A file over MEDIA_MAX_UPLOAD_BYTES is refused with both sizes; the form keeps the rest."""
    settings.MEDIA_MAX_UPLOAD_BYTES = 20_000
    response = add_event(client, make_timeline(), {"upload": photo(600, 600, noise=True), "alt_text": "Noise"},
                         headline="Still here")  # fmt: skip
    page = response.content.decode()
    assert response.status_code == 400
    assert re.search(r"This file is \d+\.\d KB; images may be at most 19\.5 KB", page)
    assert 'value="Still here"' in page and 'value="Noise"' in page


def test_an_image_needs_alt_text(editor, client):
    """Alt text is required for an uploaded image, with a message that says why."""
    response = add_event(client, make_timeline(), {"upload": photo(), "alt_text": " "})
    assert response.status_code == 400
    assert "alt text is required" in response.content.decode()


def test_one_item_is_one_thing(editor, client):
    """A link and a quotation in the same item are refused: each item is one image, link or quotation."""
    response = add_event(client, make_timeline(), {"url": "https://example.com/a", "quote": "Words"})
    assert response.status_code == 400
    assert "One item holds one thing" in response.content.decode()


def test_the_stored_image_has_no_location_or_other_exif(editor, client, media_root):
    """A phone photo's GPS position and camera data are gone from the stored original and renditions."""
    upload = photo(gps=True)
    assert Image.open(io.BytesIO(upload.read())).getexif().get_ifd(GPS_IFD), "the test photo carries a location"
    upload.seek(0)
    assert add_event(client, make_timeline(), {"upload": upload, "alt_text": "Street"}).status_code == 302
    media = Media.objects.get()
    original = stored_image(media)
    assert not original.getexif() and "exif" not in original.info
    assert (original.width, original.height) == (800, 600)
    renditions = sorted(path.name for path in media_root.rglob("*w.*"))
    assert renditions == sorted(f"{media.digest}-{w}w.{ext}" for w in (160, 320, 640, 800) for ext in ("jpg", "webp"))
    for path in media_root.rglob("*w.*"):
        assert not Image.open(path).getexif()


def test_local_media_is_served_with_a_year_long_immutable_cache(editor, client):
    """Content-addressed files are served from MEDIA_URL with Cache-Control: immutable; a missing one is a 404."""
    add_event(client, make_timeline(), {"upload": photo(), "alt_text": "Street"})
    media = Media.objects.get()
    response = client.get(media.picture.src)
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    assert client.get("/media/images/00/missing.jpg").status_code == 404


def image_media(event, digest="ab" * 16, position=0):
    """An image item without touching storage (for markup tests)."""
    return Media.objects.create(
        event=event, kind=Media.Kind.IMAGE, image=f"images/{digest[:2]}/{digest}.jpg", width=1200, height=800,
        rendition_widths=[160, 320, 640, 960, 1200], alt_text=f"Picture for {event.headline}", position=position,
    )  # fmt: skip


@pytest.mark.django_db
def test_chronology_of_fifty_image_events_has_sized_lazy_thumbnails(client):
    """Page weight: with 50 image-bearing events, every thumbnail has width, height, srcset and sizes for its
    box; the first three load at once and the rest lazily; the page holds thumbnails, not full images."""
    timeline = make_timeline(slug="pictures")
    for day in range(1, 51):
        event = make_event(timeline, start_date=__import__("datetime").date(2025, 3, 1 + day % 28), headline=f"E{day}")
        image_media(event)
    page = client.get("/t/pictures/").content.decode()
    thumbs = re.findall(r'<div class="event-thumb">.*?</div>', page, re.S)
    assert len(thumbs) == 50
    loading = []
    for thumb in thumbs:
        img = re.search(r"<img [^>]+>", thumb).group(0)
        assert 'width="128"' in img and 'height="96"' in img
        assert 'sizes="(max-width: 760px) 96px, 128px"' in img and "160w" in img
        loading.append(re.search(r'loading="(\w+)"', img).group(1))
    assert loading == ["eager"] * 3 + ["lazy"] * 47
    assert "1200w" in page  # srcset offers them, but sizes tells the browser to pick the small ones
    assert page.count('<figure class="media') == 0


@pytest.mark.django_db
def test_the_second_page_of_thumbnails_is_all_lazy(client, settings):
    """Events appended by "Load more" are below the fold: all their thumbnails are lazy."""
    settings.TIMELINE_PAGE_SIZE = 5
    timeline = make_timeline(slug="pictures")
    for day in range(1, 11):
        image_media(make_event(timeline, start_date=__import__("datetime").date(2025, 3, day)))
    page = client.get("/t/pictures/", {"page": 2}, headers={"HX-Request": "true"}).content.decode()
    assert page.count('loading="lazy"') == 5 and 'loading="eager"' not in page


@pytest.mark.django_db
def test_embed_and_print_show_all_media_and_the_card_only_a_thumbnail(client):
    """The chronology's card shows the first image only; the embed and ?view=print show every item
    (print with every image loaded at once)."""
    timeline = make_timeline(slug="story")
    event = make_event(timeline)
    image_media(event)
    Media.objects.create(event=event, kind=Media.Kind.LINK, url="https://youtu.be/dQw4w9WgXcQ", position=1)
    Media.objects.create(event=event, kind=Media.Kind.QUOTE, quote="Words said", attribution="Someone", position=2)
    card = markup(client.get("/t/story/"))
    assert 'class="event-thumb"' in card and "media-play" not in card and "Words said" not in card
    for url in ("/t/story/embed/", "/t/story/?view=print"):
        page = markup(client.get(url))
        assert "media-play" in page and "Words said" in page and "Picture for" in page, url
        assert 'class="event-thumb"' not in page
    assert 'loading="lazy"' in client.get("/t/story/embed/").content.decode()
    printed = client.get("/t/story/?view=print").content.decode()
    assert 'loading="eager"' in printed and 'loading="lazy"' not in printed  # lazy images may not print


@pytest.mark.parametrize(
    ("url", "provider", "kind", "player"),
    [
        ("https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=1m5s", "youtube", "video",
         "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1&start=65"),
        ("https://youtu.be/dQw4w9WgXcQ", "youtube", "video", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1"),
        ("https://vimeo.com/76979871", "vimeo", "video", "https://player.vimeo.com/video/76979871?autoplay=1&dnt=1"),
        ("https://soundcloud.com/artist/track-name", "soundcloud", "audio",
         "https://w.soundcloud.com/player/?url=https%3A%2F%2Fsoundcloud.com%2Fartist%2Ftrack-name&auto_play=true&visual=false"),
        ("https://www.openstreetmap.org/#map=15/51.50000/-0.12000", "openstreetmap", "map",
         "https://www.openstreetmap.org/export/embed.html?"),
        ("https://www.google.com/maps/place/Menlo+Park,+CA/@37.45,-122.18,13z", "googlemaps", "map",
         "https://www.google.com/maps?q=Menlo+Park%2C+CA&z=13&output=embed"),
        ("https://www.documentcloud.org/documents/2046432-meta-filing", "documentcloud", "document",
         "https://embed.documentcloud.org/documents/2046432-meta-filing/?embed=1&responsive=1"),
        ("https://en.wikipedia.org/wiki/Meta_Platforms", "wikipedia", "page", ""),
        ("https://example.com/photos/crowd.JPG", "", "image", ""),
        ("https://example.com/news/story", "", "page", ""),
        ("https://www.youtube.com/watch?v=short", "", "page", ""),
    ],
)  # fmt: skip
def test_providers_are_recognised_from_the_url_alone(url, provider, kind, player):
    """Each provider's URL shapes map to its kind and a player address on the allow-list; others are cards."""
    link = recognise(url)
    assert (link.provider, link.kind) == (provider, kind)
    assert link.player.startswith(player) if player else not link.player
    if link.player:
        assert any(link.player.startswith(origin + "/") for origin in PLAYER_ORIGINS)


def test_commons_files_load_their_image_only_on_click():
    """A Wikimedia Commons file page is a facade for its image, from Commons' own address."""
    link = recognise("https://commons.wikimedia.org/wiki/File:Mark_Zuckerberg_2019.jpg")
    assert link.is_facade and link.kind == "image" and not link.player
    assert link.image.startswith("https://commons.wikimedia.org/wiki/Special:FilePath/Mark_Zuckerberg_2019.jpg")


@pytest.mark.django_db
def test_the_csp_lets_players_frame_only_from_the_allow_list(client):
    """Pages name the provider players in frame-src; besides them only our own pages (the embed preview)."""
    timeline = make_timeline(slug="story")
    make_event(timeline)
    policy = client.get("/t/story/")["Content-Security-Policy"]
    frame_src = re.search(r"frame-src ([^;]+)", policy).group(1).split()
    assert frame_src == ["'self'", *PLAYER_ORIGINS]


@pytest.mark.parametrize(
    ("link", "csv_url"),
    [
        ("https://docs.google.com/spreadsheets/d/1xAbC_d-9/edit#gid=0",
         "https://docs.google.com/spreadsheets/d/1xAbC_d-9/export?format=csv&gid=0"),
        ("https://docs.google.com/spreadsheets/d/e/2PACX-1vT/pubhtml",
         "https://docs.google.com/spreadsheets/d/e/2PACX-1vT/pub?output=csv"),
        ("https://docs.google.com/spreadsheets/d/e/2PACX-1vT/pub?gid=42&single=true&output=html",
         "https://docs.google.com/spreadsheets/d/e/2PACX-1vT/pub?output=csv&gid=42&single=true"),
        ("https://example.com/timeline.json", "https://example.com/timeline.json"),
    ],
)  # fmt: skip
def test_google_sheets_links_are_read_as_their_csv_export(link, csv_url):
    """Shared and published Google Sheets links become the sheet's CSV address; other URLs are left alone."""
    assert sheet_csv_url(link) == csv_url


def test_the_admin_imports_a_google_sheets_link(editor, client, monkeypatch):
    """Pasting a published sheet's link imports it: the CSV export address is what gets fetched."""
    fetched = []

    def fake_read_url(url, *, accept):
        fetched.append(url)
        with open("tests/data/timelinejs_media_sheet.csv", encoding="utf-8") as handle:
            return type("Source", (), {"text": handle.read()})

    monkeypatch.setattr("timeline.curation.fetching.read_url", fake_read_url)
    response = client.post(
        reverse("admin:timeline_import_timelinejs"),
        {"url": "https://docs.google.com/spreadsheets/d/e/2PACX-1vT/pubhtml", "timeline_slug": "from-sheet"},
    )
    assert response.status_code == 302
    assert fetched == ["https://docs.google.com/spreadsheets/d/e/2PACX-1vT/pub?output=csv"]
    assert Event.objects.filter(timelines__slug="from-sheet").count() == 4


def test_the_import_form_asks_for_a_file_or_a_link(editor, client):
    """Neither file nor link is a message in the form, not a crash."""
    response = client.post(reverse("admin:timeline_import_timelinejs"), {"timeline_slug": "nothing"})
    assert response.status_code == 200 and "Choose a file, or paste the link" in response.content.decode()


@pytest.mark.django_db
def test_timelinejs_sheet_with_blockquote_video_and_image_urls_keeps_every_row(client):
    """No row is skipped for its media: a blockquote becomes a quotation (sanitised), the YouTube link a
    facade, image URLs links (not fetched); credits and captions are kept, and the export carries them back."""
    with open("tests/data/timelinejs_media_sheet.csv", encoding="utf-8") as handle:
        report = import_timeline(handle.read(), "media-sheet", publish=True)
    assert report.skipped == [] and len(report.created) == 4
    events = {event.headline: event for event in Event.objects.all()}
    quote = events["The memo leaks"].media.get()
    assert quote.kind == "quote" and quote.attribution == "Internal memo" and quote.caption == "Sent on a Sunday"
    assert "<script" not in quote.quote and "onclick" not in quote.quote and "We will move faster" in quote.quote
    video = events["The all-hands meeting"].media.get()
    assert (video.kind, video.link.provider, video.credit) == ("link", "youtube", "Meta")
    picture = events["Protest outside the campus"].media.get()
    assert picture.url == "https://upload.example.org/photos/protest.jpg" and picture.caption == "Staff & supporters"
    assert picture.credit == "Photo: A. Reporter"

    exported = json.loads(streamed(client.get("/t/media-sheet/timelinejs.json")))
    slides = {slide["text"]["headline"]: slide for slide in exported["events"]}
    assert slides["The memo leaks"]["media"]["url"].startswith("<blockquote><p>We will move faster")
    assert slides["The memo leaks"]["media"]["credit"] == "Internal memo"
    assert slides["The all-hands meeting"]["media"]["url"] == "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
    assert slides["Protest outside the campus"]["media"]["caption"] == "Staff &amp; supporters"
    assert slides["A map of the offices"]["media"]["url"].startswith("https://www.openstreetmap.org/")


@pytest.mark.django_db
def test_imported_media_items_have_their_history_as_a_save_would_record_it():
    """Each media item an import writes has its "created" history row, reason "Imported", with its
    fields; a re-import that replaces a link records the old one's deletion and the new one's creation."""
    with open("tests/data/timelinejs_media_sheet.csv", encoding="utf-8") as handle:
        sheet = handle.read()
    import_timeline(sheet, "media-sheet")
    history = Media.history.model.objects
    assert history.count() == Media.objects.count() == 4
    assert set(history.values_list("history_type", "history_change_reason")) == {("+", "Imported")}
    video = Media.objects.get(event__headline="The all-hands meeting")
    assert history.get(id=video.pk).credit == "Meta"
    import_timeline(sheet.replace("dQw4w9WgXcQ", "oHg5SJYRHA0"), "media-sheet")
    again = Media.objects.get(event__headline="The all-hands meeting")
    assert history.filter(id=video.pk, history_type="-").exists()
    assert history.get(id=again.pk, history_type="+").url.endswith("oHg5SJYRHA0")


@pytest.mark.django_db
def test_timelinejs_round_trip_keeps_every_media_item(client):
    """Export then import: an event's several items come back in order, with credits and captions."""
    timeline = make_timeline(slug="origin")
    event = make_event(timeline, headline="Several things")
    Media.objects.create(event=event, kind="link", url="https://vimeo.com/76979871", credit="Vimeo user", caption="A")
    Media.objects.create(event=event, kind="quote", quote="<p>Said & done</p>", attribution="B. Person", position=1)
    Media.objects.create(event=event, kind="link", url="https://example.com/x.png", caption="<b>C</b>", position=2)
    text = streamed(client.get("/t/origin/timelinejs.json"))
    import_timeline(text, "copy")
    copy = Event.objects.get(timelines__slug="copy", headline="Several things")
    items = list(copy.media.all())
    assert [(i.kind, i.url, i.credit, i.caption) for i in items] == [
        ("link", "https://vimeo.com/76979871", "Vimeo user", "A"),
        ("quote", "", "", ""),
        ("link", "https://example.com/x.png", "", "<b>C</b>"),
    ]
    assert items[1].quote == "<p>Said &amp; done</p>" and items[1].attribution == "B. Person"


@pytest.mark.django_db
def test_media_that_is_neither_link_nor_quote_keeps_its_row():
    """Plain text in a media cell is left out with a notice; the event itself is imported."""
    sheet = "Year,Month,Day,Headline,Text,Media\n2025,3,1,Kept,Body,just some words\n"
    report = import_timeline(sheet, "odd")
    assert len(report.created) == 1 and not report.skipped
    assert any("neither a link nor a blockquote" in notice for notice in report.notices)
    assert not Event.objects.get().media.exists()


@pytest.mark.django_db
def test_events_json_lists_media(client):
    """events.json carries each item with its kind, and an image's sized renditions as absolute URLs."""
    timeline = make_timeline(slug="story")
    event = make_event(timeline)
    image_media(event)
    record = json.loads(streamed(client.get("/t/story/events.json")))["events"][0]["media"][0]
    assert record["kind"] == "image" and record["alt"].startswith("Picture for")
    assert record["width"] == 1200 and record["url"].startswith("http://testserver/media/images/ab/")
    assert len(record["renditions"]) == 10


def test_renditions_never_upscale():
    """A small image gets renditions up to its own width, never wider."""
    assert images.widths_for(500) == [160, 320, 500]
    assert images.widths_for(3000) == [160, 320, 640, 960, 1280]


def test_editing_an_image_item_keeps_the_image_and_takes_the_new_alt_text(editor, client):
    """Changing an existing image's alt text and caption, without choosing the file again, keeps the image."""
    timeline = make_timeline()
    add_event(client, timeline, {"upload": photo(), "alt_text": "Old words"})
    event, media = Event.objects.get(), Media.objects.get()
    data = {
        **event_form_data(status="published", timelines=[timeline.pk]),
        "media-TOTAL_FORMS": 1, "media-INITIAL_FORMS": 1, "media-0-id": media.pk, "media-0-event": event.pk,
        "media-0-alt_text": "New words", "media-0-url": "", "media-0-quote": "", "media-0-attribution": "",
        "media-0-credit": "", "media-0-caption": "A caption", "media-0-position": 0,
    }  # fmt: skip
    response = client.post(reverse("admin:timeline_event_change", args=[event.pk]), data)
    assert response.status_code == 302
    media.refresh_from_db()
    assert (media.kind, media.alt_text, media.caption, media.width) == ("image", "New words", "A caption", 800)
    assert default_storage.exists(media.image)


def test_media_files_answer_head(editor, client):
    """HEAD on a stored rendition answers like GET, without the body."""
    add_event(client, make_timeline(), {"upload": photo(), "alt_text": "Street"})
    response = client.head(Media.objects.get().picture.src)
    assert response.status_code == 200 and response["Cache-Control"].endswith("immutable")


@pytest.mark.django_db
def test_the_embed_keeps_the_player_allow_list(client):
    """The framable embed has its own CSP; it names the same players in frame-src."""
    timeline = make_timeline(slug="story")
    make_event(timeline)
    policy = client.get("/t/story/embed/")["Content-Security-Policy"]
    assert re.search(r"frame-src ([^;]+)", policy).group(1).split() == ["'self'", *PLAYER_ORIGINS]
    assert "frame-ancestors" in policy


@pytest.mark.django_db
def test_timelinejs_export_gives_an_uploaded_image_as_its_widest_jpeg(client):
    """TimelineJS gets an uploaded image as the absolute URL of its widest JPEG, with its alt text."""
    timeline = make_timeline(slug="story")
    image_media(make_event(timeline))
    slide = json.loads(streamed(client.get("/t/story/timelinejs.json")))["events"][0]
    assert slide["media"]["url"] == f"http://testserver/media/images/ab/{'ab' * 16}-1200w.jpg"
    assert slide["media"]["alt"].startswith("Picture for") and "additional_media" not in slide


def test_a_shared_event_previews_with_its_own_image(editor, client):
    """og:image of an event with an uploaded image is that image (its widest JPEG), sized and described by
    its alt text, instead of the drawn card; an event without one keeps the card."""
    timeline = make_timeline(slug="media-story")
    response = add_event(client, timeline, {"upload": photo(1600, 1000), "alt_text": "The lab's front door"})
    assert response.status_code == 302
    page = client.get("/t/media-story/events/cuts/").content.decode()
    image = re.search(r'<meta property="og:image" content="([^"]+)"', page).group(1)
    assert image.startswith("http://testserver/media/") and image.endswith("-1280w.jpg"), image
    assert '<meta property="og:image:width" content="1280">' in page
    assert '<meta property="og:image:height" content="800">' in page
    assert '<meta property="og:image:alt" content="The lab&#x27;s front door">' in page
    assert '<meta property="og:image:type" content="image/jpeg">' in page
    assert client.get(image.removeprefix("http://testserver")).status_code == 200
