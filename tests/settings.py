"""Settings for the test suite, named by pytest's configuration (pyproject.toml).

The site's settings refuse to start without a secret key; the tests give one here
instead of the settings guessing that pytest is running.
"""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "tests-only-key-not-secret")

from timeline.settings import *  # noqa: E402, F403

# Rate limits are switched on by the tests that check them (tests/test_throttling.py), so that
# the many requests other tests make from one address are never counted against each other.
RATELIMIT_ENABLE = False

# No collectstatic before the tests: serve static/ through the finders under plain names.
# tests/test_compression.py runs collectstatic itself to check the production storage.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
WHITENOISE_USE_FINDERS = True
