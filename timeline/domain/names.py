"""Names of categories and actors as editors mean them: case and accents aside.

"M&A", "m&a" and "M&Á" are one category, and so are a name and the slug it
would get ("Mergers" and `mergers`). Imports look names up here before they
create anything, so a collision with a unique name or slug becomes a reuse,
never an IntegrityError.
"""

import unicodedata

from django.utils.text import slugify


def fold(text):
    """`text` without case or accents, and with its spaces collapsed."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


def slug_for(name):
    """The ASCII slug a name gets in filter URLs ("Été 2025" → "ete-2025"); "" if nothing is left."""
    return slugify(fold(name))


def find(model, name):
    """The row of `model` (Category or Actor) whose name or slug is `name`, case and accents aside; or None.

    A name match wins over a slug match. Categories and actors are few (hundreds),
    so the comparison is made here rather than in each database's collation.
    """
    wanted, wanted_slug = fold(name), slug_for(name)
    by_slug = None
    for row in model.objects.only("pk", "name", "slug"):
        if fold(row.name) == wanted:
            return row
        if by_slug is None and wanted_slug and row.slug in (wanted_slug, wanted):
            by_slug = row
    return by_slug
