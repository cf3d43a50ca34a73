"""Editor forms: the event form's natural-language date, article intake, TimelineJS import,
and the event list's action box."""

from django import forms
from django.contrib.admin.helpers import ActionForm
from django.urls import reverse
from django.utils import timezone

from ..domain import dates
from ..domain.models import Event, SourceArticle, Timeline
from . import intake


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
    """Paste an article, or give a URL or a file to import; typed metadata wins over the page's own.

    The form only checks what was typed; reading the URL or file, and saving, is
    intake.take_in's work (the admin's add view calls it with submission()).
    """

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

    def clean_text(self):
        text = self.cleaned_data["text"]
        if problem := intake.text_size_problem(text or ""):
            raise forms.ValidationError(problem)
        return text

    def clean_import_file(self):
        upload = self.cleaned_data.get("import_file")
        if upload and (problem := intake.size_problem(upload.size)):
            raise forms.ValidationError(problem)
        return upload

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            return cleaned
        sources = [
            bool(cleaned.get("import_url")),
            bool(cleaned.get("import_file")),
            bool((cleaned.get("text") or "").strip()),
        ]
        if not any(sources) and not self.errors:
            raise forms.ValidationError("Paste the article's text, or give a URL or a file to import.")
        if sum(sources[:2]) > 1:
            raise forms.ValidationError("Give either a URL or a file, not both.")
        return cleaned

    @property
    def source_field(self):
        """The field a reading error belongs beside."""
        if self.cleaned_data.get("import_url"):
            return "import_url"
        return "import_file" if self.cleaned_data.get("import_file") else "text"

    def submission(self):
        """What the editor handed in, for intake.take_in."""
        data = self.cleaned_data
        upload = data.get("import_file")
        typed = ("url", "title", "publisher", "author", "published_on", "published_precision", "timeline")
        return intake.Submission(
            text=data.get("text") or "",
            url=data.get("import_url") or "",
            upload_name=upload.name if upload else "",
            upload=upload.read() if upload else b"",
            fields={name: data.get(name) for name in typed},
        )


class TimelineImportForm(forms.Form):
    file = forms.FileField(help_text="TimelineJS JSON, or its Google Sheets layout saved as CSV (UTF-8).")
    timeline_slug = forms.SlugField(label="Into timeline", help_text="An existing slug, or a new one to create.")
    publish = forms.BooleanField(required=False, help_text="Leave unticked to review the events as drafts first.")


class AddToTimelineForm(ActionForm):
    """The box beside the event list's actions: which timeline "Add to timeline" adds to."""

    timeline = forms.ModelChoiceField(Timeline.objects.all(), required=False, label="Timeline")
