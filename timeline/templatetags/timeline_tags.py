from django import template

from ..publishing.embed import discovery_url, snippets

register = template.Library()


@register.simple_tag(takes_context=True)
def oembed_discovery(context, page_url, title):
    """<link rel=alternate type=application/json+oembed> for a timeline or event page."""
    return discovery_url(context["request"], page_url, title)


@register.simple_tag(takes_context=True)
def embed_snippets(context, timeline, query):
    """The iframe and loader snippets for the current view."""
    return snippets(context["request"], timeline, query)
