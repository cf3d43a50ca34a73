import re

from django import template
from django.conf import settings
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from ..domain import dates
from ..publishing import sharing
from ..publishing.embed import discovery_url, snippets
from ..reader import stylesheet as stylesheet_file

register = template.Library()


@register.simple_tag
def stylesheet():
    """The site's stylesheet: written into the page (reader/stylesheet.py says why), or linked
    with DEBUG on, so that edits show without a restart."""
    if settings.DEBUG:
        return format_html('<link rel="stylesheet" href="{}">', static(stylesheet_file.STATIC_NAME))
    return format_html("<style>{}</style>", mark_safe(stylesheet_file.text()))


@register.simple_tag(takes_context=True)
def oembed_discovery(context, page_url, title):
    """<link rel=alternate type=application/json+oembed> for a timeline or event page."""
    return discovery_url(context["request"], page_url, title)


@register.simple_tag(takes_context=True)
def embed_snippets(context, timeline, query):
    """The iframe and loader snippets for the current view."""
    return snippets(context["request"], timeline, query)


@register.simple_tag(takes_context=True)
def timeline_share_meta(context):
    """Open Graph, Twitter, canonical and JSON-LD of the chronology page being rendered."""
    return sharing.timeline_meta(context["request"], context["timeline"], context["selection"], context["page"])


@register.simple_tag(takes_context=True)
def event_share_meta(context):
    """Open Graph, Twitter, canonical and JSON-LD of the event permalink being rendered."""
    return sharing.event_meta(context["request"], context["timeline"], context["event"])


@register.filter
def minus(value):
    """A figure's hyphen-minus as a real minus sign: "-11%" reads "−11%"."""
    return re.sub(r"(^|(?<=\s))-(?=\d)", "\u2212", str(value))


@register.simple_tag
def understood(form, name):
    """What a date filter was read as, in words ("June 2025: 1 June 2025 to 30 June 2025"), or ""."""
    period = form.cleaned_data.get(name) if hasattr(form, "cleaned_data") and name not in form.errors else None
    if not isinstance(period, dates.Period):
        return ""
    first, last = period.bounds()
    if first == last:
        return dates.display(period)
    days = [dates.unit_label(day, dates.Precision.DAY) for day in (first, last)]
    return f"{dates.display(period)}: {days[0]} to {days[1]}"
