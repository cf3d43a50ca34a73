"""python manage.py createeditor USERNAME [--email EMAIL]: a staff account in the Editors group.

The password is asked for twice, or read from DJANGO_EDITOR_PASSWORD (for scripts).
"""

import getpass
import os

from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.core.management import BaseCommand, CommandError

from timeline.curation import editors


class Command(BaseCommand):
    help = "Create an editor: can curate timelines in the admin, cannot manage users."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--email", default="")

    def handle(self, username, email, **options):
        User = get_user_model()
        if User.objects.filter(username=username).exists():
            raise CommandError(f"There is already a user “{username}”.")
        password = os.environ.get("DJANGO_EDITOR_PASSWORD") or self._ask()
        try:
            password_validation.validate_password(password)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        user = User.objects.create_user(username=username, email=email, password=password, is_staff=True)
        user.groups.add(editors.ensure_group())
        self.stdout.write(self.style.SUCCESS(f"Editor “{username}” created. Log in at /admin/."))

    def _ask(self):
        first = getpass.getpass("Password: ")
        if first != getpass.getpass("Password (again): "):
            raise CommandError("The passwords did not match.")
        return first
