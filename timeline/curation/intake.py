"""Source articles in: pasted text, a URL, or an HTML, Markdown or text file.

HTML goes through trafilatura, which finds the main text, title, author,
publisher and publication date of news pages far better than hand-written
rules. An article already here (same URL, or the same text) is reused, and
running extraction again never duplicates candidates: each sentence position
has at most one, and a reviewed candidate keeps its decision.
"""

import re
from datetime import date
from pathlib import Path

from django.db import transaction

from ..domain.models import Actor, Candidate, SourceArticle, text_fingerprint
from . import fetching
from .extraction import extract


class IntakeError(Exception):
    """The article could not be imported; nothing was saved."""


def read(source):
    """(text, kind, origin) from an http(s) URL or a local file path."""
    if re.match(r"^https?://", source, re.I):
        fetched = fetching.fetch(source)
        kind = "html" if "html" in fetched.content_type or fetched.body.lstrip()[:1] == b"<" else "text"
        return fetching.decode(fetched.body, fetched.charset), kind, fetched.url
    path = Path(source)
    if not path.is_file():
        raise IntakeError(f"No file at {source}.")
    return fetching.decode(path.read_bytes()), kind_of(path.name), str(path.resolve())


def kind_of(filename):
    return "html" if filename.lower().endswith((".html", ".htm")) else "text"


def fields_from(text, kind, origin):
    """Article fields from fetched or uploaded text; `origin` is the URL or file name it came from."""
    from_web = origin.startswith("http")
    fields = parse_html(text, origin if from_web else "") if kind == "html" else parse_text(text)
    if from_web and not fields.get("url"):
        fields["url"] = origin
    if not fields.get("url", "").startswith("http"):
        fields["url"] = ""
    fields["imported_from"] = origin
    return fields


def parse_html(html, url=""):
    """Metadata and main text of a news page."""
    import trafilatura

    document = trafilatura.bare_extraction(html, url=url or None, with_metadata=True)
    if document is None or not (document.text or "").strip():
        raise IntakeError("No article text could be found in that page.")
    lines = [line.strip() for line in document.text.splitlines() if line.strip()]
    if lines and document.title and lines[0] == document.title.strip():
        lines = lines[1:]  # the headline is kept as the title, not as a sentence
    published = None
    if document.date:
        try:
            published = date.fromisoformat(document.date[:10])
        except ValueError:
            published = None
    return {
        "title": (document.title or "").strip(),
        "author": (document.author or "").strip(),
        "publisher": (document.sitename or "").strip(),
        "published_on": published,
        "text": "\n\n".join(lines),
        "url": document.url or url,
    }


def parse_text(text):
    """Markdown or plain text: the first heading (or line) is the title."""
    title = ""
    for line in text.splitlines():
        if line.strip():
            title = line.strip().lstrip("#").strip()
            break
    return {"title": title[:300], "text": text.strip()}


def existing_article(url, text):
    if url:
        found = SourceArticle.objects.filter(url=url).first()
        if found:
            return found
    if text.strip():
        return SourceArticle.objects.filter(text_hash=text_fingerprint(text)).first()
    return None


def import_article(source, *, published=None, timeline=None):
    """Import from a URL or file; returns (article, created). Raises IntakeError or FetchError."""
    fields = fields_from(*read(source))
    return save_article(fields, imported_from=fields["imported_from"], published=published, timeline=timeline)


def save_article(fields, *, imported_from="", published=None, timeline=None):
    """Create (or reuse) the article and run extraction, all or nothing."""
    if not fields.get("text", "").strip():
        raise IntakeError("The article has no text to read.")
    with transaction.atomic():
        article = existing_article(fields.get("url", ""), fields["text"])
        created = article is None
        if created:
            article = SourceArticle(
                url=fields.get("url", ""),
                title=(fields.get("title") or "Untitled article")[:300],
                publisher=fields.get("publisher", "")[:120],
                author=fields.get("author", "")[:200],
                published_on=fields.get("published_on"),
                text=fields["text"],
                imported_from=imported_from[:500],
            )
        if not article.imported_from:
            article.imported_from = imported_from[:500]
        if published:
            article.published_on = published
            article.published_precision = "day"
        if timeline is not None:
            article.timeline = timeline
        article.save()
        run_extraction(article)
    return article, created


def run_extraction(article):
    """Create or refresh the article's candidates; reviewed ones are left as they are."""
    found = extract(article.text, article.published_on, Actor.objects.all())
    reviewed = set(article.candidates.exclude(status=Candidate.Status.PENDING).values_list("position", "mention"))
    seen = set()
    for data in found:
        key = (data.position, data.index)
        seen.add(key)
        if key in reviewed:
            continue
        candidate = Candidate.objects.filter(article=article, position=data.position, mention=data.index).first()
        candidate = candidate or Candidate(article=article, position=data.position, mention=data.index)
        candidate.passage = data.passage
        candidate.date_text = data.mention.text if data.mention else ""
        candidate.how = data.mention.how[:300] if data.mention else ""
        if data.mention:
            candidate.period = data.mention.period
        else:
            candidate.start_day = candidate.end_day = None
            candidate.precision = candidate.part = candidate.qualifier = candidate.end_precision = ""
        candidate.cues, candidate.figures = data.cues, data.figures
        candidate.actor_slugs, candidate.confidence = data.actor_slugs, data.confidence
        candidate.save()
    stale = [
        pk
        for pk, position, mention in article.candidates.filter(status=Candidate.Status.PENDING).values_list(
            "pk", "position", "mention"
        )
        if (position, mention) not in seen
    ]
    article.candidates.filter(pk__in=stale).delete()
    return article.candidates.all()
