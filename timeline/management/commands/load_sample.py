"""Load the sample timeline once: `make run` calls this on every start.

Unlike `loaddata`, it never overwrites what an editor has changed since.
"""

from django.core.management import BaseCommand, call_command

from timeline.domain.models import Timeline

SAMPLE_SLUG = "meta-ai-restructuring"


class Command(BaseCommand):
    help = "Load the Meta AI restructuring sample timeline unless it is already there."

    def handle(self, *args, **options):
        if Timeline.objects.filter(slug=SAMPLE_SLUG).exists():
            self.stdout.write(f"Sample timeline “{SAMPLE_SLUG}” already loaded; leaving it as it is.")
            return
        call_command("loaddata", "meta_ai_restructuring", verbosity=0)
        # Fixtures bypass history; record a first version so edits have something to diff and revert to.
        call_command("populate_history", "--auto", stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS(f"Loaded the sample timeline at /t/{SAMPLE_SLUG}/."))
