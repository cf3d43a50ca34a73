"""Error pages in the site's look: what happened, and where a reader can go next.

timeline/urls.py names these as Django's 400 and 404 handlers. The 500 page is
Django's own handler rendering templates/500.html, which needs neither the
database nor the request. The embed answers its 404 through
publishing/embed.frameable, so the page shows inside the host's frame.
"""

from django.shortcuts import render

from ..domain.models import Timeline


def not_found(request, exception=None, *, embed=False):
    context = {"message": _message(exception), "timeline": _timeline_of(request), "embed": embed}
    return render(request, "404.html", context, status=404)


def bad_request(request, exception=None):
    # No database and no host: the request may be refused for its Host header.
    return render(request, "400.html", status=400)


def _message(exception):
    """The Http404's own sentence (ours are written for readers); not the resolver's, which is a dict."""
    message = exception.args[0] if exception is not None and exception.args else None
    return message if isinstance(message, str) else ""


def _timeline_of(request):
    """The published timeline the missing page belongs to, if the URL names one."""
    match = getattr(request, "resolver_match", None)
    slug = match.kwargs.get("slug") if match else None  # only /t/<slug>/... routes take a slug
    return Timeline.objects.published().filter(slug=slug).first() if slug else None
