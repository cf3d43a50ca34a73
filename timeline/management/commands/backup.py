"""python manage.py backup PATH: a consistent snapshot of the whole site, taken while it serves.

PATH is a new directory; timeline/operations/backups.py says what goes in it.
"""

from django.core.management import BaseCommand, CommandError

from timeline.operations import backups


class Command(BaseCommand):
    help = "Write a consistent snapshot of the database (and uploaded media) into a new directory."

    def add_arguments(self, parser):
        parser.add_argument("path", help="A new (or empty) directory for the backup.")
        parser.add_argument("--database", default="default")

    def handle(self, path, database, **options):
        try:
            manifest = backups.backup(path, using=database)
        except backups.BackupError as error:
            raise CommandError(str(error)) from None
        media = " and uploaded media" if manifest["media"] else ""
        self.stdout.write(f"Backed up the {manifest['engine']} database{media} to {path}.")
