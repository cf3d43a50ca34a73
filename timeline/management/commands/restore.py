"""python manage.py restore PATH: bring a backup made by `backup` into an empty database.

A database that already holds data is refused: restoring would mix two sites.
"""

from django.core.management import BaseCommand, CommandError

from timeline.operations import backups


class Command(BaseCommand):
    help = "Restore a backup made by `manage.py backup` into an empty database (and MEDIA_ROOT)."

    def add_arguments(self, parser):
        parser.add_argument("path", help="The backup directory.")
        parser.add_argument("--database", default="default")

    def handle(self, path, database, **options):
        try:
            manifest = backups.restore(path, using=database)
        except backups.BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Restored the backup of {manifest['created']} from {path}.")
