from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from .publishing import embed, exports, feeds, sharing
from .reader import views

timeline_patterns = [
    path("", views.chronology, name="chronology"),
    path("events/<slug:event_slug>/", views.event_detail, name="event"),
    path("events/<slug:event_slug>/card.png", sharing.event_card, name="event-share-card"),
    path("card.png", sharing.timeline_card, name="share-card"),
    path("embed/", embed.embed, name="embed"),
    path("events.json", exports.events_json, name="events-json"),
    path("timelinejs.json", exports.timelinejs_json, name="timelinejs-json"),
    path("events.ics", exports.events_ics, name="events-ics"),
    path("events.csv", exports.events_csv, name="events-csv"),
    path("feed/", feeds.timeline_feed, name="feed"),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("timelines/", views.timelines, name="timelines"),
    path("t/<slug:slug>/", include(timeline_patterns)),
    path("oembed/", embed.oembed, name="oembed"),
    path("admin/", admin.site.urls),
]

# Local media (the filesystem storage) is served here; a remote MEDIA_URL is its storage's to serve.
if settings.MEDIA_URL.startswith("/"):
    urlpatterns.append(path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", views.media_file, name="media"))

# Styled error pages (reader/errors.py); the 500 page is Django's handler with templates/500.html.
handler400 = "timeline.reader.errors.bad_request"
handler404 = "timeline.reader.errors.not_found"
