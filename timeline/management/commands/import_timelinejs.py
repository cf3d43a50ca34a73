"""python manage.py import_timelinejs FILE_OR_URL --timeline SLUG [--publish]"""

from django.core.management import BaseCommand, CommandError

from timeline.curation import fetching
from timeline.curation.timelinejs_import import ImportFailed, check_slug, import_timeline, read_source


class Command(BaseCommand):
    help = (
        "Import a TimelineJS timeline (JSON, or the Google Sheets CSV layout). New timelines and events stay "
        "drafts unless --publish is given. Rows are written in batches; re-running resumes without duplicates."
    )

    def add_arguments(self, parser):
        parser.add_argument("source", help="A .json or .csv file, an http(s) URL, or a Google Sheets link.")
        parser.add_argument("--timeline", required=True, help="Slug of the timeline to import into (created if new).")
        parser.add_argument(
            "--publish", action="store_true", help="Publish the timeline and the imported events (default: drafts)."
        )

    def handle(self, source, timeline, publish, verbosity, **options):
        self.verbosity = verbosity
        try:
            check_slug(timeline)  # before reading a file that may be large, or a URL
            report = import_timeline(read_source(source), timeline, publish=publish, progress=self.progress)
        except (ImportFailed, fetching.FetchError) as error:
            raise CommandError(f"Nothing was imported: {error}") from None
        for line in report.lines():
            self.stdout.write(line)

    def progress(self, done, total, seconds):
        if self.verbosity >= 2:
            self.stderr.write(f"{done} of {total} rows written (transaction: {seconds * 1000:.0f} ms)")
