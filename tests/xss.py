"""The XSS corpus (tests/data/xss/) put into every writable field, and a check for live markup.

A plain module, not a conftest: the export tests and the browser tests both use it.
`poison_orm` writes a payload into every text field of a published timeline, its
events and everything they show (categories, actors, citations, sources, key
figures, media), as the admin would save it; `poison_importers` sends the corpus
through the TimelineJS JSON and CSV importers and article intake. `live_markup`
parses HTML and lists whatever a browser would run.
"""

import csv
import io
import json
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

from timeline.curation import review
from timeline.curation.intake import Submission, take_in
from timeline.curation.timelinejs_import import import_timeline
from timeline.domain import dates
from timeline.domain.models import (
    Actor,
    Candidate,
    Category,
    Citation,
    Event,
    KeyFigure,
    Media,
    SourceArticle,
    Timeline,
)

CORPUS = Path(__file__).resolve().parent / "data" / "xss" / "payloads.txt"
ORM_SLUG, JSON_SLUG, CSV_SLUG, INTAKE_SLUG = "xss", "xss-json", "xss-csv", "xss-intake"
POISONED_SLUGS = [ORM_SLUG, JSON_SLUG, CSV_SLUG, INTAKE_SLUG]


def payloads():
    """The corpus, each payload calling __xss(N) or alert(N) with its own line number N."""
    lines = CORPUS.read_text(encoding="utf-8").splitlines()
    return [
        line.replace("XSS", f"__xss({number})").replace("ALERT", f"alert({number})").replace("\\n", "\n")
        for number, line in enumerate(lines, 1)
    ]


def _fit(model, name, text):
    """`text` cut to the field's max_length, as a form would refuse anything longer."""
    limit = model._meta.get_field(name).max_length
    return text[:limit] if limit else text


def poison_orm():
    """A published timeline where every text field of every object holds a payload."""
    corpus = payloads()
    timeline = Timeline.objects.create(
        slug=ORM_SLUG, is_published=True, title=_fit(Timeline, "title", corpus[0]), description="\n".join(corpus)
    )
    for number, payload in enumerate(corpus, 1):
        source = SourceArticle.objects.create(
            title=_fit(SourceArticle, "title", payload),
            publisher=_fit(SourceArticle, "publisher", payload),
            author=_fit(SourceArticle, "author", payload),
            # A URL field: a form refuses javascript:, the database does not.
            url=f"javascript:__xss({number})" if number % 2 else f"https://example.com/{number}?q={payload}"[:500],
            text=payload,
        )
        event = Event(
            slug=f"xss-{number}",
            headline=_fit(Event, "headline", payload),
            summary=payload,
            body=f"{payload}\n\n**Body** with {payload}",
            display_text=_fit(Event, "display_text", payload),
            correction_note=payload,
            status=Event.Status.PUBLISHED,
        )
        event.period = dates.Period.of(dates.Day(2025, 1 + number % 12, 1 + number % 28), dates.Precision.DAY)
        event.save()
        event.timelines.add(timeline)
        link = f"javascript:__xss({number})" if number % 3 == 0 else f"https://example.com/{number}.jpg"
        text = {name: _fit(Media, name, payload) for name in ("credit", "caption", "alt_text", "attribution")}
        Media.objects.create(event=event, kind=Media.Kind.LINK, url=link, position=0, **text)
        Media.objects.create(event=event, kind=Media.Kind.QUOTE, quote=payload, position=1, **text)
        category = Category.objects.create(name=_fit(Category, "name", payload), slug=f"xss-category-{number}")
        actor = Actor.objects.create(
            name=_fit(Actor, "name", payload),
            slug=f"xss-actor-{number}",
            description=_fit(Actor, "description", payload),
        )
        event.categories.add(category)
        event.actors.add(actor)
        Citation.objects.create(event=event, source=source, quote=payload, claim=_fit(Citation, "claim", payload))
        KeyFigure.objects.create(
            event=event,
            source=source,
            value=_fit(KeyFigure, "value", payload),
            unit=_fit(KeyFigure, "unit", payload),
            label=_fit(KeyFigure, "label", payload),
        )
    return timeline


def timelinejs_json(corpus):
    """A TimelineJS JSON file with a payload in every field TimelineJS reads (after a few words
    in the headline: a slide with no text at all is rightly skipped)."""
    events = [
        {
            "start_date": {"year": 2025, "month": 1 + number % 12, "day": 1 + number % 28},
            "display_date": payload,
            "text": {"headline": f"Slide {number}: {payload}", "text": f"<p>{payload}</p>"},
            # A group that is only markup is a skipped row (issue 15); words keep the row in.
            "group": f"Group {number % 7} {payload}",
            "media": {"url": f"https://example.com/{number}.jpg", "credit": payload, "caption": payload},
            "unique_id": f"json-{number}",
        }
        for number, payload in enumerate(corpus, 1)
    ]
    return json.dumps({"title": {"text": {"headline": corpus[0], "text": corpus[1]}}, "events": events})


def timelinejs_csv(corpus):
    """The same in TimelineJS's Google Sheets layout."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["Year", "Month", "Day", "Display Date", "Headline", "Text", "Media", "Media Credit",
                     "Media Caption", "Type", "Group"])  # fmt: skip
    writer.writerow(["", "", "", "", corpus[2], corpus[3], "", "", "", "title", ""])
    for number, payload in enumerate(corpus, 1):
        group = f"Group {number % 7} {payload}"  # words beside the markup: a markup-only group is a skipped row
        writer.writerow([2025, 1 + number % 12, 1 + number % 28, payload, f"Row {number}: {payload}", payload,
                         f"https://example.com/{number}.jpg", payload, payload, "", group])  # fmt: skip
    return out.getvalue()


def poison_importers():
    """The corpus through both TimelineJS importers and article intake, published."""
    corpus = payloads()
    import_timeline(timelinejs_json(corpus), JSON_SLUG, publish=True)
    import_timeline(timelinejs_csv(corpus), CSV_SLUG, publish=True)
    timeline = Timeline.objects.create(slug=INTAKE_SLUG, title="Intake", is_published=True)
    text = "\n\n".join(
        f"Meta cut {number} jobs on 3 March 2025, saying {payload}" for number, payload in enumerate(corpus, 1)
    )
    fields = {"title": corpus[4], "publisher": corpus[5][:120], "author": corpus[6][:200],
              "published_on": date(2025, 3, 4), "timeline": timeline}  # fmt: skip
    article, _created = take_in(Submission(text=text, fields=fields))
    for candidate in article.candidates.filter(status=Candidate.Status.PENDING):
        event = review.accept(candidate)
        event.status = Event.Status.PUBLISHED
        event.save()


def remove_all():
    """Everything the poison_ functions made, for a fixture that outlives a test's transaction."""
    Event.objects.filter(timelines__slug__in=POISONED_SLUGS).delete()
    Candidate.objects.all().delete()
    Citation.objects.all().delete()
    for model in (KeyFigure, SourceArticle, Category, Actor, Timeline):
        model.objects.all().delete()


# --- live markup ------------------------------------------------------------------------------

# Elements that run script, load a document, or change where links and forms go.
ACTIVE_TAGS = {"script", "iframe", "frame", "object", "embed", "applet", "base", "meta", "link", "style",
               "svg", "math", "form", "isindex", "template", "noscript", "xmp", "plaintext"}  # fmt: skip
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "background", "srcdoc"}
BAD_SCHEMES = ("javascript:", "vbscript:", "data:")


MARKERS = ("__xss", "alert(")


class _Finder(HTMLParser):
    """Collects live markup. On a whole page (ours has scripts, styles and icons of its own)
    an active element counts only when it carries a payload's marker."""

    def __init__(self, allowed_frames, page):
        super().__init__(convert_charrefs=True)
        self.allowed_frames, self.page = allowed_frames, page
        self.found, self.open, self.data_block = [], None, False

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        marked = any(marker in (value or "") for _name, value in attrs for marker in MARKERS)
        framed = tag == "iframe" and (values.get("src") or "").startswith(self.allowed_frames)
        # On a page, <meta> and <link> are ours; theirs would need a refresh or a script URL (below).
        inert_head = self.page and (tag == "link" or (tag == "meta" and "http-equiv" not in values))
        if tag in ACTIVE_TAGS and not framed and not inert_head and (marked or not self.page):
            self.found.append(f"<{tag}>")
        self.open = tag
        self.data_block = tag == "script" and values.get("type") == "application/ld+json"
        for name, value in attrs:
            value = "".join((value or "").split()).lower()
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}>")
            elif name in URL_ATTRIBUTES and value.startswith(BAD_SCHEMES):
                self.found.append(f"<{tag} {name}={value[:30]}>")
            elif name == "style" and ("expression(" in value or "javascript:" in value):
                self.found.append(f"<{tag} style>")

    def handle_data(self, data):
        if self.open == "script" and self.data_block:
            # JSON-LD is data, never run; it must stay JSON that no "<" can close early.
            json.loads(data)
            if "<" in data:
                self.found.append("<script type=application/ld+json> holding a '<'")
            return
        if self.open in ("script", "style") and any(marker in data for marker in MARKERS):
            self.found.append(f"<{self.open}> holding a payload")

    def handle_endtag(self, tag):
        self.open = None


def live_markup(html, *, allowed_frames=(), page=False):
    """What in `html` a browser would run or follow into script: [] when it is inert."""
    finder = _Finder(tuple(allowed_frames), page)
    finder.feed(html)
    finder.close()
    return finder.found
