from django.apps import AppConfig


class TimelineConfig(AppConfig):
    name = "timeline"
    verbose_name = "Timelines"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import freshness

        freshness.connect()
