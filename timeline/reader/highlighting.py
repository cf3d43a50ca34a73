"""The words a search matched, marked with <mark> in a card's rendered HTML.

Cards are rendered once per timeline revision and cached (cards.py), so the
marks go into the rendered, already escaped HTML: tags and character
references pass through untouched, and only whole words of text inside the
parts search reads (the headline, the summary, category and actor names, a
display date) are wrapped. Nothing a reader typed is ever written into the
page here: a mark only wraps text that was already escaped on the card.
"""

import re

from django.utils.safestring import mark_safe

# The card template's elements (none nests in one of its own kind), and which of them search reads.
_ELEMENT = re.compile(r"<(h3|p|time)\b([^>]*)>(.*?)</\1>", re.S)
_CLASS = re.compile(r"""\bclass\s*=\s*["']([^"']*)["']""")
SEARCHED_CLASSES = {"event-title", "summary", "tags"}
# Within a searched element, tags and character references are kept whole; words between them may be marked.
_MARKUP = re.compile(r"(<[^>]*>|&#?\w+;)")
_WORD = re.compile(r"[^\W_]+")


def mark(html, matcher):
    """`html` (safe, escaped) with each word `matcher` matches wrapped in <mark>, inside the searched parts."""
    if not matcher:
        return html
    return mark_safe(_ELEMENT.sub(lambda element: _element(element, matcher), html))


def _element(element, matcher):
    name, attributes, inner = element.groups()
    classes = _CLASS.search(attributes)
    searched = name == "time" or bool(classes and SEARCHED_CLASSES & set(classes[1].split()))
    if searched:
        pieces = _MARKUP.split(inner)
        for index in range(0, len(pieces), 2):  # the text between tags and references
            pieces[index] = _WORD.sub(lambda word: _marked(word[0], matcher), pieces[index])
        inner = "".join(pieces)
    else:  # a date paragraph holds a <time>
        inner = _ELEMENT.sub(lambda nested: _element(nested, matcher), inner)
    return f"<{name}{attributes}>{inner}</{name}>"


def _marked(word, matcher):
    return f"<mark>{word}</mark>" if matcher.matches(word) else word
