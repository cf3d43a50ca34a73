"""python manage.py import_article URL_OR_PATH [--published DATE] [--timeline SLUG] [--json]"""

import json

from django.core.management import BaseCommand, CommandError
from django.utils import timezone

from timeline.curation import fetching
from timeline.curation.intake import IntakeError, import_article
from timeline.domain import dates
from timeline.domain.models import Timeline


class Command(BaseCommand):
    help = "Import a source article from a URL or an HTML, Markdown or text file, and list its candidate events."

    def add_arguments(self, parser):
        parser.add_argument("source", help="An http(s) URL or a file path.")
        parser.add_argument("--published", help="Publication date, e.g. 2025-11-14 or “14 November 2025”.")
        parser.add_argument("--timeline", help="Slug of the timeline accepted candidates go to.")
        parser.add_argument("--json", action="store_true", help="Print the candidates as a JSON list.")

    def handle(self, source, published, timeline, json: bool, **options):
        published_on = None
        if published:
            try:
                published_on = dates.parse(published, base=timezone.localdate()).start.to_date()
            except dates.DateParseError as error:
                raise CommandError(f"--published: {error}") from None
        target = None
        if timeline:
            target = Timeline.objects.filter(slug=timeline).first()
            if target is None:
                raise CommandError(f"There is no timeline “{timeline}”.")
        try:
            article, created = import_article(source, published=published_on, timeline=target)
        except (IntakeError, fetching.FetchError) as error:
            raise CommandError(f"Nothing was imported: {error}") from None
        candidates = list(article.candidates.all())
        if json:
            self.stdout.write(_json_list(candidates))
            return
        verb = "Imported" if created else "Already here, re-read"
        when = article.published_display or "no publication date"
        self.stdout.write(f"{verb}: {article} ({when}), article #{article.pk}")
        self.stdout.write(f"{len(candidates)} candidate event(s):")
        for candidate in candidates:
            cues = ", ".join(candidate.cues) or "no cue"
            self.stdout.write(f"  [{candidate.date_display:>18}] {candidate.passage[:100]}")
            self.stdout.write(f"  {'':>20} ({cues}; confidence {candidate.confidence:.2f})")


def _json_list(candidates):
    return json.dumps(
        [
            {
                "passage": c.passage,
                "date": c.period.start.isoformat() if c.period else None,
                "date_display": c.date_display if c.period else None,
                "edtf": dates.edtf(c.period) if c.period else None,
                "date_text": c.date_text or None,
                "how": c.how or None,
                "precision": c.precision or None,
                "confidence": round(c.confidence, 2),
                "cues": c.cues,
                "figures": [figure["text"] for figure in c.figures],
                "actors": c.actor_slugs,
                "status": c.status,
            }
            for c in candidates
        ],
        indent=2,
        ensure_ascii=False,
    )
