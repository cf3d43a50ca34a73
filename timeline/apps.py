from django.apps import AppConfig


class TimelineConfig(AppConfig):
    name = "timeline"
    verbose_name = "Timelines"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from .curation import admin  # noqa: F401 - registers the editors' admin (it lives by audience, not at timeline/admin.py)
        from .domain import caching

        caching.connect()
