"""Editor forms: the event form's natural-language date, and article intake."""

from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from ..domain import dates
from ..domain.models import Event, SourceArticle, Timeline
from . import fetching, intake


def parse_date_text(text, base=None):
    """The Period an editor typed, read relative to today; DateParseError if unreadable."""
    return dates.parse(text, base=base or timezone.localdate())


def describe(period):
    """What the form understood, in words: "Late October 2025 (21 October 2025 to 31 October 2025;
    month precision)", so an editor never has to guess which days a date covers."""
    shown = dates.display(period)
    precision = f"{dates.Precision(period.precision).label.lower()} precision"
    if period.start == period.end:
        return f"{shown} ({precision})"
    first, last = (dates.unit_label(day, dates.Precision.DAY) for day in (period.start, period.end))
    return f"{shown} ({first} to {last}; {precision})"


class DateTextInput(forms.TextInput):
    """A text input that shows, as the editor types, what it will store (htmx; plain input without JS)."""

    template_name = "timeline/widgets/date_text.html"

    def __init__(self):
        super().__init__(attrs={"size": 40, "autocomplete": "off", "aria-describedby": "date-understood"})

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["preview_url"] = reverse("admin:timeline_event_understand_date")
        context["understood"] = _understood_text(value)
        return context


def _understood_text(value):
    if not value:
        return ""
    try:
        return "Understood: " + describe(parse_date_text(value))
    except dates.DateParseError:
        return ""


class EventAdminForm(forms.ModelForm):
    date_text = forms.CharField(
        label="Date",
        max_length=dates.parsing.MAX_LENGTH,
        widget=DateTextInput(),
        help_text=(
            "Type it as you would say it: “22 Oct 2025”, “late October 2025”, “Q3 2025”, “mid-2025”, "
            "“the 1990s”, “c. 500 BC”, “44 BC”, or a span “1 April to 30 May 2025”. "
            "The date is stored no finer than you give it (every form: docs/dates.md)."
        ),
    )

    class Meta:
        model = Event
        # The period (timeline/dates) comes from date_text.
        fields = [
            "headline", "slug", "display_text", "status", "timelines", "summary", "body", "importance",
            "categories", "actors", "correction_note", "media_url", "media_credit", "media_caption", "day_order",
        ]  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        event = self.instance
        if event.pk and event.start_day is not None and not self.is_bound:
            self.initial["date_text"] = dates.display(event.period)  # reads back as the same period
        self.understood = ""

    def clean_date_text(self):
        text = self.cleaned_data["date_text"]
        try:
            period = parse_date_text(text)
        except dates.DateParseError as error:
            raise forms.ValidationError(str(error)) from None
        self.instance.period = period
        self.understood = describe(period)
        return text


class ArticleIntakeForm(forms.ModelForm):
    """Paste an article, or give a URL or a file to import; metadata found in HTML fills blank fields."""

    SETTABLE = {"url", "title", "publisher", "author", "published_on", "text", "imported_from"}

    import_url = forms.URLField(
        required=False,
        label="Import from URL",
        assume_scheme="https",
        help_text="A news page: its text, title, author, publisher and date are read for you.",
    )
    import_file = forms.FileField(
        required=False, label="…or from a file", help_text="An .html, .md or .txt file (UTF-8)."
    )

    class Meta:
        model = SourceArticle
        fields = ["import_url", "import_file", "url", "title", "publisher", "author", "published_on",
                  "published_precision", "timeline", "text"]  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].required = False
        self.fields["timeline"].queryset = Timeline.objects.order_by("title")

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        imported = {}
        try:
            if cleaned.get("import_url"):
                imported = intake.fields_from(*intake.read(cleaned["import_url"]))
            elif cleaned.get("import_file"):
                upload = cleaned["import_file"]
                imported = intake.fields_from(fetching.decode(upload.read()), intake.kind_of(upload.name), upload.name)
        except (intake.IntakeError, fetching.FetchError) as error:
            field = "import_url" if cleaned.get("import_url") else "import_file"
            self.add_error(field, str(error))
            return cleaned
        if imported:
            cleaned["imported"] = {key: value for key, value in imported.items() if key in self.SETTABLE}
        text = cleaned.get("text") or imported.get("text", "")
        if not self.instance.pk and (imported or cleaned.get("text")):
            if not text.strip():
                raise forms.ValidationError("The article has no text to read.")
            found = intake.existing_article(cleaned.get("url") or imported.get("url", ""), text)
            if found is not None:
                link = reverse("admin:timeline_sourcearticle_review", args=[found.pk])
                raise forms.ValidationError(
                    format_html('This article is already here: <a href="{}">review “{}”</a>.', link, found.title)
                )
        sources = [
            bool(cleaned.get("import_url")),
            bool(cleaned.get("import_file")),
            bool(cleaned.get("text", "").strip()),
        ]
        if not self.instance.pk and not any(sources):
            raise forms.ValidationError("Paste the article's text, or give a URL or a file to import.")
        if not self.instance.pk and sum(sources[:2]) > 1:
            raise forms.ValidationError("Give either a URL or a file, not both.")
        return cleaned
