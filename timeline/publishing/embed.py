"""Embedding: the framable chronology, its CSP, the snippets, and oEmbed.

Only embed routes may be framed. Django's per-view CSP override replaces the
whole policy, so the embed policy is the site policy with frame-ancestors
widened to EMBED_ALLOWED_ORIGINS, never a policy without script-src.
"""

from functools import wraps
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.http import Http404, JsonResponse
from django.urls import Resolver404, resolve, reverse
from django.utils.csp import CSP
from django.utils.html import format_html
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.csp import csp_override
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers

from ..domain import caching
from ..domain.models import Event
from ..reader import errors
from ..reader.page import chronology_response
from ..reader.selection import published_timeline

THEMES = {"light", "dark", "auto"}
DEFAULT_WIDTH, DEFAULT_HEIGHT = 720, 640


def frame_ancestors():
    origins = settings.EMBED_ALLOWED_ORIGINS or ["*"]
    return [CSP.SELF, *origins]


def frameable(view):
    """Let `view` be framed by the allowed origins, keeping the rest of the site's CSP.

    Its 404 (no such timeline, no such page) is answered here rather than by Django's
    handler, so it carries the same framing headers and shows inside the host's frame.
    """

    def answer(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except Http404 as missing:
            return errors.not_found(request, missing, embed=True)

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        policy = {**settings.SECURE_CSP, "frame-ancestors": frame_ancestors()}
        return xframe_options_exempt(csp_override(policy)(answer))(request, *args, **kwargs)

    return wrapped


FILTERS_OPTIONS = {"0", "1", "folded"}
# Where a headline opens. "new" by default: the reader keeps their place in the host's
# article (as with the source links and "Open the full timeline"), and the link says so.
LINKS = {"top", "new", "frame"}
DEFAULT_LINKS = "new"


def _count(value, *, least, most):
    """A whole number from the query string within [least, most], or None."""
    if not value or not value.isdigit():
        return None
    return min(max(int(value), least), most)


def embed_options(request):
    """Presentation options from the query string; unknown values fall back to defaults."""
    theme = request.GET.get("theme", "auto")
    theme = theme if theme in THEMES else "auto"
    filters = request.GET.get("filters", "1")
    filters = filters if filters in FILTERS_OPTIONS else "1"
    links = request.GET.get("links", DEFAULT_LINKS)
    links = links if links in LINKS else DEFAULT_LINKS
    # A fixed height (with internal scrolling) instead of following the content.
    height = _count(request.GET.get("height"), least=200, most=5000)
    # The N most recent events only, with a link to all of them.
    limit = _count(request.GET.get("max"), least=1, most=settings.TIMELINE_PAGE_SIZE)
    show_title = request.GET.get("title", "1") != "0"
    # The options that differ from the defaults, which the frame keeps in its requests and its URL.
    chosen = {
        "theme": theme if theme != "auto" else None,
        "filters": filters if filters != "1" else None,
        "links": links if links != DEFAULT_LINKS else None,
        "height": height,
        "max": limit,
        "title": None if show_title else "0",
    }
    return {
        "embed": True,
        "theme": theme,
        "show_filters": filters != "0",
        "filters_folded": filters == "folded",
        "link_target": links,
        "fixed_height": height,
        "max": limit,
        "embed_options": urlencode({name: value for name, value in chosen.items() if value}),
        "show_title": show_title,
        "start": request.GET.get("start", "")[:120],
        "allowed_origins": " ".join(settings.EMBED_ALLOWED_ORIGINS or ["*"]),
    }


@require_safe
@vary_on_headers("HX-Request")
@frameable
def embed(request, slug):
    timeline = published_timeline(slug)
    options = embed_options(request)
    if options["max"]:
        options["default_order"] = "desc"  # max=N shows the N most recent events, unless order says otherwise
    return chronology_response(request, timeline, template_name="timeline/embed.html", extra=options)


# The height the loader's snippet reserves until the frame reports its own: about a
# screen, so text below an embed near the top of an article is not shown, then pushed away.
RESERVED_HEIGHT = 900


def snippets(request, timeline, query):
    """The two ways to embed the current view: a plain iframe, or the same iframe sized by the loader.

    The loader's holder is the iframe itself: it works with no script, and its height attribute
    reserves the space under any host CSP (a style attribute may be refused).
    """
    src = request.build_absolute_uri(reverse("embed", args=[timeline.slug]))
    if query:
        src += f"?{query}"
    loader = request.build_absolute_uri(settings.STATIC_URL + "timeline/embed.js")
    return {
        "src": src,
        "iframe": iframe_html(src, timeline.title, "100%", DEFAULT_HEIGHT),
        "loader": format_html(
            '<iframe data-timeline-embed src="{}" title="{}" width="100%" height="{}" frameborder="0"></iframe>\n'
            '<script src="{}" async></script>',
            src,
            timeline.title,
            RESERVED_HEIGHT,
            loader,
        ),
    }


def iframe_html(src, title, width, height):
    """An iframe as CMSs accept it (oEmbed's html too): src, title, width, height, no script or style."""
    return format_html(
        '<iframe src="{}" title="{}" width="{}" height="{}" frameborder="0" loading="lazy"></iframe>',
        src,
        title,
        width,
        height,
    )


def _dimension(request, name, default):
    value = request.GET.get(name)
    if value in (None, ""):
        return default
    if not value.isdigit() or int(value) < 1:
        raise ValueError(f"{name} must be a positive whole number of pixels.")
    return min(default, int(value))


@require_safe
def oembed(request):
    """oEmbed for a timeline or event URL of this site: type rich, JSON only."""
    response_format = request.GET.get("format", "json")
    if response_format == "xml":
        # The oEmbed specification's answer for a format the provider does not implement.
        return JsonResponse({"error": "Only format=json is supported."}, status=501)
    if response_format != "json":
        return JsonResponse({"error": "format must be json (or xml, which is not implemented)."}, status=400)
    url = request.GET.get("url", "").strip()
    if not url:
        return JsonResponse({"error": "Give the URL of a timeline or event: ?url=..."}, status=400)
    try:
        width = _dimension(request, "maxwidth", DEFAULT_WIDTH)
        height = _dimension(request, "maxheight", DEFAULT_HEIGHT)
    except ValueError as error:
        return JsonResponse({"error": str(error)}, status=400)
    try:
        parts = urlsplit(url)
    except ValueError:  # "http://[::1": an unclosed IPv6 bracket
        return JsonResponse({"error": "That URL could not be read."}, status=400)
    if parts.scheme not in ("http", "https") or parts.netloc != request.get_host():
        raise Http404("That URL is not on this site.")
    try:
        match = resolve(parts.path)
    except Resolver404:
        raise Http404("That URL is not a timeline or event here.") from None
    if match.url_name not in ("chronology", "event", "embed"):
        raise Http404("That URL is not a timeline or event here.")
    timeline = published_timeline(match.kwargs["slug"])
    title, query = timeline.title, parts.query
    if match.url_name == "event":
        event = Event.objects.published().in_timeline(timeline).filter(slug=match.kwargs["event_slug"]).first()
        if event is None:
            raise Http404("No published event at that URL.")
        title, query = event.headline, urlencode({"start": event.slug})
    src = request.build_absolute_uri(reverse("embed", args=[timeline.slug]))
    src += f"?{query}" if query else ""
    response = JsonResponse(
        {
            "type": "rich",
            "version": "1.0",
            "title": title,
            "provider_name": "Timelines",
            "provider_url": request.build_absolute_uri("/"),
            "html": iframe_html(src, title, width, height),
            "width": width,
            "height": height,
            "cache_age": caching.OEMBED_SECONDS,
        }
    )
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = f"public, max-age={caching.OEMBED_SECONDS}"
    return response


def discovery_url(request, page_url, title):
    """The oEmbed discovery link for a page of ours."""
    query = urlencode({"url": request.build_absolute_uri(page_url), "format": "json"})
    return format_html(
        '<link rel="alternate" type="application/json+oembed" href="{}" title="{}">',
        request.build_absolute_uri(reverse("oembed")) + "?" + query,
        title,
    )
