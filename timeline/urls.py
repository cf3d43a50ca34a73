from django.contrib import admin
from django.urls import include, path

from . import views

timeline_patterns = [
    path("", views.chronology, name="chronology"),
    path("events/<slug:event_slug>/", views.event_detail, name="event"),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("t/<slug:slug>/", include(timeline_patterns)),
    path("admin/", admin.site.urls),
]
