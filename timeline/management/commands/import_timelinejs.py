"""python manage.py import_timelinejs FILE_OR_URL --timeline SLUG [--publish]"""

from django.core.management import BaseCommand, CommandError

from timeline.curation import fetching
from timeline.curation.timelinejs_import import ImportFailed, import_timeline, read_source


class Command(BaseCommand):
    help = "Import a TimelineJS timeline (JSON, or the Google Sheets CSV layout) as draft events."

    def add_arguments(self, parser):
        parser.add_argument("source", help="A .json or .csv file, an http(s) URL, or a Google Sheets link.")
        parser.add_argument("--timeline", required=True, help="Slug of the timeline to import into (created if new).")
        parser.add_argument("--publish", action="store_true", help="Publish the events instead of keeping drafts.")

    def handle(self, source, timeline, publish, **options):
        try:
            report = import_timeline(read_source(source), timeline, publish=publish)
        except (ImportFailed, fetching.FetchError) as error:
            raise CommandError(f"Nothing was imported: {error}") from None
        for line in report.lines():
            self.stdout.write(line)
