"""`gunicorn -c python:timeline.serving.gunicorn_conf bench.ceiling.wsgi` serves the ceiling app."""

import os

from django.core.wsgi import get_wsgi_application

os.environ["DJANGO_SETTINGS_MODULE"] = "bench.ceiling.settings"
application = get_wsgi_application()
