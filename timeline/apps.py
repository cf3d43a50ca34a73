from django.apps import AppConfig
from django.db.models.signals import post_migrate, pre_migrate


class TimelineConfig(AppConfig):
    name = "timeline"
    verbose_name = "Timelines"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from .curation import admin  # noqa: F401 - registers the editors' admin (it lives by audience, not at timeline/admin.py)
        from .domain import caching, filing, search

        caching.connect()
        # A migration that rebuilds the events table on SQLite drops its search triggers: put them back.
        post_migrate.connect(search.reinstall, sender=self)
        # The filter's triggers would stop such a migration on SQLite: off while migrations run.
        pre_migrate.connect(filing.before_migrate, sender=self)
        post_migrate.connect(filing.reinstall, sender=self)
