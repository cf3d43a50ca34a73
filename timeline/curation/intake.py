"""Source articles in: pasted text, a URL, or an HTML, Markdown or text file.

One path for the admin and the command line: a Submission goes through
take_in(), which reads (fetching happens here, never in a form), fills the
metadata and runs extraction, all before any transaction opens; then it saves
the article in one short transaction and its candidates in batches.

HTML goes through trafilatura, which finds the main text, title, author,
publisher and publication date of news pages far better than hand-written
rules. An article already here (same URL, or the same text) is reused, and
running extraction again never duplicates candidates: each sentence position
has at most one, and a reviewed candidate keeps its decision.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db import transaction

from ..domain.models import Actor, Candidate, SourceArticle, text_fingerprint
from . import bulk, fetching
from .extraction import extract

# The longest article text we take in, in UTF-8 bytes. A long feature is about 100 KB;
# anything near this is not an article, and extraction's time grows with it.
MAX_TEXT_BYTES = 2 * 1024 * 1024


def size_problem(size):
    """The sentence an editor reads when text of `size` bytes is over the cap, else ""."""
    if size <= MAX_TEXT_BYTES:
        return ""
    return (
        f"The text is {-(-size // 1024):,} KB; the limit is {MAX_TEXT_BYTES // 1024 // 1024} MB "
        f"({MAX_TEXT_BYTES // 1024:,} KB). Import the part of the article you need."
    )


def text_size_problem(text):
    """size_problem for a text, measured as UTF-8."""
    return size_problem(len(text.encode("utf-8", "surrogatepass")))


class IntakeError(Exception):
    """The article could not be imported; nothing was saved."""


class AlreadyHere(IntakeError):
    """The article (same URL or same text) is already here."""

    def __init__(self, article):
        super().__init__(f"This article is already here: “{article.title}”.")
        self.article = article


@dataclass
class Submission:
    """What an editor or a command hands in: pasted text, a URL, an uploaded file, or
    (from the command line only) a local path, plus the metadata they typed, which wins
    over what a page says about itself."""

    text: str = ""
    url: str = ""
    upload_name: str = ""
    upload: bytes = b""
    path: str = ""
    fields: dict = field(default_factory=dict)  # url, title, publisher, author, published_on, ...


def take_in(submission, *, reuse=True):
    """The one way in: read, fill the metadata, save the article and its candidates.

    Fetching and extraction happen here, before any transaction opens; the article is
    saved in one short transaction and its candidates in batches (save_candidates).
    Returns (article, created). With reuse=False an article that is already here is an
    AlreadyHere error, not a re-read. Raises IntakeError or fetching.FetchError; nothing
    is saved then.
    """
    fields = _read(submission)
    typed = {name: value for name, value in submission.fields.items() if value not in (None, "")}
    fields.update(typed)
    if not fields.get("text", "").strip():
        raise IntakeError("The article has no text to read.")
    if problem := text_size_problem(fields["text"]):
        raise IntakeError(problem)
    fields["title"] = fields.get("title") or parse_text(fields["text"])["title"] or "Untitled article"
    existing = existing_article(fields.get("url", ""), fields["text"])
    if existing is not None and not reuse:
        raise AlreadyHere(existing)
    article = existing or SourceArticle(
        url=fields.get("url", ""),
        title=fields["title"][:300],
        publisher=fields.get("publisher", "")[:120],
        author=fields.get("author", "")[:200],
        published_on=fields.get("published_on"),
        published_precision=fields.get("published_precision") or "day",
        text=fields["text"],
        imported_from=fields.get("imported_from", "")[:500],
    )
    if existing is not None:
        if not article.imported_from:
            article.imported_from = fields.get("imported_from", "")[:500]
        if typed.get("published_on"):
            article.published_on, article.published_precision = typed["published_on"], "day"
    if typed.get("timeline") is not None:
        article.timeline = typed["timeline"]
    found = extract_from(article)
    with transaction.atomic():
        article.save()
    save_candidates(article, found)
    return article, existing is None


def _read(submission):
    """Article fields from whichever source the submission gives."""
    if submission.url:
        source = fetching.read_url(submission.url)  # an ftp:// or file path typed as a URL is refused
    elif submission.path:
        source = fetching.read(submission.path)
    elif submission.upload_name:
        source = fetching.Source(
            fetching.decode(submission.upload),
            fetching.is_html_name(submission.upload_name),
            submission.upload_name,
        )
    else:
        return parse_text(submission.text)
    return fields_from(source)


def fields_from(source):
    """Article fields from fetched or uploaded text (a fetching.Source)."""
    from_web = source.origin.startswith("http")
    fields = parse_html(source.text, source.origin if from_web else "") if source.is_html else parse_text(source.text)
    if from_web and not fields.get("url"):
        fields["url"] = source.origin
    if not fields.get("url", "").startswith("http"):
        fields["url"] = ""
    fields["imported_from"] = source.origin
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
    """The command line's way in: a URL or a file path. Returns (article, created)."""
    is_url = source.lower().startswith(("http://", "https://"))
    fields = {"published_on": published, "timeline": timeline}
    return take_in(Submission(url=source if is_url else "", path="" if is_url else source, fields=fields))


def extract_from(article):
    """The candidate events in an article's text (no writes: run it outside transactions)."""
    return extract(article.text, article.published_on, Actor.objects.all())


def run_extraction(article):
    """Read the article's text again and refresh its candidates; returns them."""
    save_candidates(article, extract_from(article))
    return article.candidates.all()


def save_candidates(article, found):
    """Create or refresh the article's candidates from `found` (extraction's results), in batches of
    short transactions; reviewed candidates keep their decision, and ones no longer found go."""
    current = {(c.position, c.mention): c for c in article.candidates.all()}
    new, changed, seen = [], [], set()
    for data in found:
        key = (data.position, data.index)
        seen.add(key)
        candidate = current.get(key)
        if candidate is not None and candidate.status != Candidate.Status.PENDING:
            continue
        if candidate is None:
            candidate = Candidate(article=article, position=data.position, mention=data.index)
            new.append(candidate)
        else:
            changed.append(candidate)
        _fill(candidate, data)
    stale = [c.pk for key, c in current.items() if key not in seen and c.status == Candidate.Status.PENDING]
    for batch in bulk.batches(new, CANDIDATE_BATCH):
        with transaction.atomic():
            Candidate.objects.bulk_create(batch, ignore_conflicts=True)  # another intake of the same article
    for batch in bulk.batches(changed, CANDIDATE_BATCH):
        with transaction.atomic():
            Candidate.objects.bulk_update(batch, CANDIDATE_FIELDS)
    for batch in bulk.batches(stale, CANDIDATE_BATCH):
        with transaction.atomic():
            Candidate.objects.filter(pk__in=batch).delete()


# Candidates are small rows without history: more of them fit in a short transaction.
CANDIDATE_BATCH = 1000
CANDIDATE_FIELDS = ["passage", "date_text", "how", "start_day", "end_day", "precision", "part", "qualifier",
                    "end_precision", "cues", "figures", "actor_slugs", "confidence"]  # fmt: skip


def _fill(candidate, data):
    candidate.passage = data.passage
    candidate.date_text = data.mention.text[:100] if data.mention else ""
    candidate.how = data.mention.how[:300] if data.mention else ""
    if data.mention:
        candidate.period = data.mention.period
    else:
        candidate.start_day = candidate.end_day = None
        candidate.precision = candidate.part = candidate.qualifier = candidate.end_precision = ""
    candidate.cues, candidate.figures = data.cues, data.figures
    candidate.actor_slugs, candidate.confidence = data.actor_slugs, data.confidence
