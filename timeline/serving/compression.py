"""Compressing what the views send: pages, fragments and exports, gzipped when the client accepts it.

Static files are not compressed here: whitenoise serves the .br and .gz copies
that collectstatic wrote (settings.STORAGES), so this middleware leaves any
response that already has a Content-Encoding, and any type that does not
shrink (images), alone.

Why BREACH does not apply: the attack recovers a secret that a response
carries beside text an attacker can inject, by watching compressed sizes.
Public pages and exports carry no secret (no CSRF token, no session data, the
same bytes for every reader). Nor is the CSP nonce one: it changes with each
rendering, and a page kept in the cache (reader/cached_pages.py) repeats its
rendering's nonce, in the same bytes, to every reader until the next edit;
our scripts come from our own origin, which the policy allows without it.
The admin's pages do carry CSRF tokens and editors' data, so /admin/ is never
compressed.
"""

from django.conf import settings
from django.middleware.gzip import GZipMiddleware

# The text formats the views answer with: pages and fragments, JSON, CSV, iCalendar, Atom.
COMPRESSIBLE = ("text/html", "application/json", "text/csv", "text/calendar", "application/atom+xml", "text/xml")
PRIVATE_PREFIXES = ("/admin/",)


class CompressPublicResponses(GZipMiddleware):
    """Django's gzip, for the public text responses only."""

    def process_response(self, request, response):
        content_type = response.get("Content-Type", "").split(";")[0].strip()
        if request.path.startswith(PRIVATE_PREFIXES) or request.path.startswith(settings.STATIC_URL):
            return response
        if content_type not in COMPRESSIBLE:
            return response
        return super().process_response(request, response)
