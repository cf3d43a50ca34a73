"""The site's WSGI application with one fault injected, for tests/test_export_streaming.py:
every export fails at its 600th event, as a lost database connection would."""

from importlib import import_module

from timeline.wsgi import application

exports = import_module("timeline.publishing.exports")  # after the WSGI module has set Django up
_permalink = exports.permalink
FAIL_AT = 600


def _failing_permalink(request, timeline, event):
    count = request.META["tests.exported"] = request.META.get("tests.exported", 0) + 1
    if count == FAIL_AT:
        raise RuntimeError(f"injected failure at event {FAIL_AT}")
    return _permalink(request, timeline, event)


exports.permalink = _failing_permalink

__all__ = ["application"]
