"""Markdown to safe HTML, and addresses safe to link to.

Editors write Markdown; readers get HTML that nh3 has cleaned: no script,
no event handlers, no javascript: links, whatever was pasted. A stored URL
(a source's, an event's media) is linked only when it is http(s): forms refuse
anything else, and web_url holds to that for rows that came in another way.
"""

import re
import threading
from html import unescape

import markdown
import nh3

ALLOWED_TAGS = {
    "a", "abbr", "blockquote", "br", "code", "em", "h3", "h4", "hr", "li",
    "ol", "p", "pre", "q", "strong", "sub", "sup", "table", "tbody", "td",
    "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "td": {"align"}, "th": {"align"}}


def web_url(url):
    """`url` when it is an http(s) address, else "" (javascript:, data:, and the like are never linked)."""
    url = (url or "").strip()
    return url if re.match(r"https?://", url, re.IGNORECASE) else ""


# A link whose address was unsafe loses its href; its text alone would dangle ("…girders. Report").
_LINK_WITHOUT_ADDRESS = re.compile(r" ?<a(?![^>]*\shref=)[^>]*>[^<]*</a>")


def sanitise_html(html):
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
    return _LINK_WITHOUT_ADDRESS.sub("", cleaned)


def text_of(html):
    """The text of HTML that sanitise_html made: no tags, entities decoded. nh3 reads such HTML
    as Django's strip_tags does, at a third of its cost (a large import reads thousands)."""
    return unescape(nh3.clean(html, tags=set())) if "<" in html else unescape(html)


# Building a Markdown converter compiles its patterns (most of a millisecond); one per thread is
# reused, reset between texts (a converter is not safe to share between threads).
_converters = threading.local()


def render_markdown(text):
    if not text:
        return ""
    converter = getattr(_converters, "markdown", None)
    if converter is None:
        converter = _converters.markdown = markdown.Markdown(extensions=["tables"], output_format="html")
    return sanitise_html(converter.reset().convert(text))
