"""python manage.py extraction_report ARTICLE (an id, its URL, or the file it was imported from)"""

from pathlib import Path

from django.core.management import BaseCommand, CommandError

from timeline.models import SourceArticle
from timeline.review import quality


class Command(BaseCommand):
    help = "Compare an article's candidates with the events that cite it: recall, precision, and what was missed."

    def add_arguments(self, parser):
        parser.add_argument("article", help="Article id, URL, or the path of the file it was imported from.")

    def handle(self, article, **options):
        found = find_article(article)
        report = quality(found)
        self.stdout.write(f"Article #{found.pk}: {found}")
        self.stdout.write(f"Events citing it: {len(report.events)}; candidates: {len(report.candidates)}")
        self.stdout.write(
            f"Recall:    {report.recall:.2f} ({len(report.covered)} of {len(report.events)} events found)"
        )
        self.stdout.write(
            f"Precision: {report.precision:.2f} ({len(report.useful)} of {len(report.candidates)} candidates useful)"
        )
        for event, quote in report.missed:
            self.stdout.write(f"  missed: {event.slug}: “{quote[:90]}”")
        for candidate in report.unmatched:
            self.stdout.write(f"  not an event yet: “{candidate.passage[:90]}”")


def find_article(reference):
    if reference.isdigit():
        article = SourceArticle.objects.filter(pk=int(reference)).first()
    else:
        resolved = str(Path(reference).resolve()) if not reference.startswith("http") else reference
        article = (
            SourceArticle.objects.filter(url=reference).first()
            or SourceArticle.objects.filter(imported_from__in=[reference, resolved]).first()
        )
    if article is None:
        raise CommandError(f"No article matches “{reference}” (give its id, URL, or the file it was imported from).")
    return article
