"""The words a search matched, marked with <mark> in a card's rendered HTML.

Cards are rendered once per timeline revision and cached (cards.py), so the
marks go into the rendered, already escaped HTML: tags and character
references pass through untouched, and only whole words of text inside the
parts search reads (headline, summary, category and actor names, a display
date) are wrapped. Nothing a reader typed is ever written into the page here:
a mark only wraps text that was already escaped on the card.
"""

import re

from django.utils.safestring import mark_safe

# Tags and character references are kept whole; the text between them is what may be marked.
_MARKUP = re.compile(r"(<[^>]*>|&#?\w+;)")
_TAG = re.compile(r"<\s*(/?)\s*([a-zA-Z][\w-]*)([^>]*?)(/?)\s*>")
_CLASS = re.compile(r"""\bclass\s*=\s*["']([^"']*)["']""")
_WORD = re.compile(r"[^\W_]+")
# The elements whose text search reads (the card template's classes), and <time> for display dates.
SEARCHED_CLASSES = {"event-title", "summary", "tags"}
SEARCHED_TAGS = {"time"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


def mark(html, matcher):
    """`html` (safe, escaped) with each word `matcher` matches wrapped in <mark>, inside the searched parts."""
    if not matcher:
        return html
    pieces = _MARKUP.split(html)
    open_elements = []  # (tag name, searched?) of the elements around the current text
    for index, piece in enumerate(pieces):
        if index % 2:  # a tag or a character reference
            _follow(piece, open_elements)
        elif piece and any(searched for _, searched in open_elements):
            pieces[index] = _WORD.sub(lambda word: _marked(word[0], matcher), piece)
    return mark_safe("".join(pieces))


def _marked(word, matcher):
    return f"<mark>{word}</mark>" if matcher.matches(word) else word


def _follow(piece, open_elements):
    """Keep the stack of open elements current as `piece` (a tag, comment or reference) passes."""
    tag = _TAG.fullmatch(piece)
    if tag is None:  # a character reference or a comment
        return
    closing, name, attributes, self_closing = tag.groups()
    name = name.lower()
    if closing:
        while open_elements:
            if open_elements.pop()[0] == name:
                break
    elif not self_closing and name not in _VOID:
        classes = set(_CLASS.search(attributes)[1].split()) if _CLASS.search(attributes) else set()
        open_elements.append((name, name in SEARCHED_TAGS or bool(classes & SEARCHED_CLASSES)))
