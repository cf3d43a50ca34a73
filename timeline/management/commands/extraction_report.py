"""python manage.py extraction_report ARTICLE | --corpus DIR [--candidates FILE] [--details]

With an article (an id, its URL, or the file it was imported from): compare its
candidates with the events that already cite it. With --corpus: score
extraction on a hand-labelled corpus (see timeline/evaluation.py), per article
and in total; --candidates scores another engine's output the same way.
"""

from pathlib import Path

from django.core.management import BaseCommand, CommandError

from timeline.curation import evaluation
from timeline.curation.review import quality
from timeline.domain.models import SourceArticle


class Command(BaseCommand):
    help = "Measure extraction: on one article against the events citing it, or on a labelled corpus."

    def add_arguments(self, parser):
        parser.add_argument("article", nargs="?", help="Article id, URL, or the path of the file it was imported from.")
        parser.add_argument("--corpus", help="A folder of labelled articles (tests/data/extraction).")
        parser.add_argument("--candidates", help="Score this JSON file of another engine's dates instead of ours.")
        parser.add_argument("--details", action="store_true", help="List every miss and every noisy candidate.")

    def handle(self, article, corpus, candidates, details, **options):
        if corpus:
            return self.report_corpus(corpus, candidates, details)
        if not article:
            raise CommandError("Give an article, or --corpus DIR.")
        self.report_article(article)

    def report_corpus(self, corpus, candidates, details):
        if not Path(corpus).is_dir():
            raise CommandError(f"There is no folder “{corpus}”.")
        engine, guesses_for = "ours (timeline.curation.extraction)", evaluation.our_guesses
        if candidates:
            if not Path(candidates).is_file():
                raise CommandError(f"There is no file “{candidates}”.")
            engine, guesses_for = evaluation.guesses_from_file(candidates)
        per_article, total = evaluation.evaluate(corpus, guesses_for)
        self.stdout.write(f"Engine: {engine}")
        self.stdout.write(f"{'article':48} {'labels':>6} {'recall':>7} {'accuracy':>9} {'noise':>6}")
        for result in [*per_article, total]:
            if result is total:
                self.stdout.write("-" * 80)
            self.stdout.write(
                f"{result.name[:48]:48} {result.labels:>6} {result.recall:>7.2f} {result.accuracy:>9.2f} "
                f"{result.noise_rate:>6.2f}"
            )
            if details and result is not total:
                for evidence, expected, said in result.misses:
                    self.stdout.write(f"    miss: expected {expected}, got {said}: “{evidence[:100]}”")
                for passage, said in result.noisy:
                    self.stdout.write(f"    noise: {said}: “{passage[:100]}”")
        self.stdout.write(
            f"\nRecall with the right date at the labelled precision: {total.recall:.3f} "
            f"({total.right} of {total.labels} labelled events)\n"
            f"Date accuracy among located events: {total.accuracy:.3f} ({total.right} of {total.located} located)\n"
            f"Dated noise: {total.noise_rate:.3f} ({total.noise} of {total.dated} dated candidates match no label)"
        )

    def report_article(self, reference):
        found = find_article(reference)
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
