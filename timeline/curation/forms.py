"""Editor forms: the event form's natural-language date, its media items, article intake,
TimelineJS import, and the event list's action box."""

from django import forms
from django.contrib.admin.helpers import ActionForm
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from ..domain import dates, images
from ..domain.models import Event, Media, SourceArticle, Timeline
from ..domain.rendering import sanitise_html
from . import intake, review
from .locking import VersionedForm, historic_record


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


PUBLIC_STATUSES = (Event.Status.PUBLISHED, Event.Status.RETRACTED)


class EventAdminForm(VersionedForm):
    confirm_unpublish = forms.BooleanField(
        label="Yes, take it off the public site",
        required=False,
        help_text="Needed only when a published event goes back to draft: its permalink stops working.",
    )
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
            "categories", "actors", "correction_note", "day_order",
        ]  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        event = self.instance
        if event.pk and event.start_day is not None and not self.is_bound:
            self.initial["date_text"] = dates.display(event.period)  # reads back as the same period
        self.understood = ""
        self.stored = (
            Event.objects.filter(pk=event.pk).values("slug", "published_at", "status").first() if event.pk else None
        )
        self._fix_slug_once_published()
        self._revert_many_to_many()
        self._ask_before_unpublishing()

    def _fix_slug_once_published(self):
        """Once published, the slug is the permalink: shown, not editable (a revert keeps it too)."""
        if self.stored and self.stored["published_at"] is not None and "slug" in self.fields:
            self.fields["slug"].disabled = True
            self.fields["slug"].help_text = "Fixed since the event was first published: readers' links use it."
            self.initial["slug"] = self.stored["slug"]

    def _revert_many_to_many(self):
        """A revert form shows the categories, actors and timelines the old version had, not today's."""
        record = historic_record(self.instance)
        if record is None or self.is_bound:
            return
        for name in ("categories", "actors", "timelines"):
            target = Event._meta.get_field(name).m2m_reverse_field_name()
            self.initial[name] = [getattr(row, f"{target}_id") for row in getattr(record, name).all()]

    def _ask_before_unpublishing(self):
        """Only a public event can be taken offline: only then is the confirmation box shown."""
        if not (self.stored and self.stored["status"] in PUBLIC_STATUSES):
            self.fields["confirm_unpublish"].widget = forms.HiddenInput()

    def public_urls(self):
        slugs = Timeline.objects.filter(events=self.instance.pk, is_published=True).values_list("slug", flat=True)
        return [reverse("event", args=[slug, self.stored["slug"]]) for slug in slugs]

    def clean(self):
        """Before its first publication an event's slug follows its headline, unless the editor set one;
        moving a public event back to draft needs the confirmation box, and says which URL goes offline."""
        cleaned = super().clean()
        headline = cleaned.get("headline")
        renamed = "headline" in self.changed_data and "slug" not in self.changed_data
        if self.instance.pk and headline and renamed and not self.fields["slug"].disabled:
            cleaned["slug"] = review.unique_slug(headline, exclude=self.instance.pk)
        unpublishing = self.stored and self.stored["status"] in PUBLIC_STATUSES and cleaned.get("status") == "draft"
        if unpublishing and not cleaned.get("confirm_unpublish"):
            self.fields["confirm_unpublish"].widget = forms.CheckboxInput()
            urls = self.public_urls()
            where = f" Its public page goes offline: {', '.join(urls)}." if urls else ""
            self.add_error(
                "confirm_unpublish",
                f"Moving this event back to draft takes it off the public site.{where} "
                "Tick the box to confirm, then save again.",
            )
        return cleaned

    def clean_date_text(self):
        text = self.cleaned_data["date_text"]
        try:
            period = parse_date_text(text)
        except dates.DateParseError as error:
            raise forms.ValidationError(str(error)) from None
        self.instance.period = period
        self.understood = describe(period)
        return text

    def typed_value(self, name):
        return self.understood if name == "date_text" else super().typed_value(name)

    def stored_value(self, stored, name):
        return describe(stored.period) if name == "date_text" else super().stored_value(stored, name)


class MediaForm(forms.ModelForm):
    """One media item of an event: an image file, a link or a quotation, whichever was given.

    The upload is checked and cleaned here (domain/images.prepare, no I/O);
    it is written to storage only when the form is saved. A refused file is a
    message beside the field; everything else typed stays in the form.
    """

    upload = forms.FileField(
        label="Image file",
        required=False,
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/gif,image/webp"}),
        help_text="JPEG, PNG, GIF or WebP. Location and camera data are removed; sized copies are made for readers.",
    )

    class Meta:
        model = Media
        fields = ["upload", "alt_text", "url", "quote", "attribution", "credit", "caption", "position"]
        widgets = {"quote": forms.Textarea(attrs={"rows": 3}), "caption": forms.TextInput(attrs={"size": 60})}

    def clean_upload(self):
        upload = self.cleaned_data.get("upload")
        return images.prepare(upload) if upload else None

    def clean_quote(self):
        quote = self.cleaned_data.get("quote", "")
        if quote.strip() and not strip_tags(sanitise_html(quote)).strip():
            raise forms.ValidationError("Nothing readable is left once unsafe HTML is removed; type the words.")
        return quote

    def clean(self):
        cleaned = super().clean()
        if any(name in self.errors for name in ("upload", "url", "quote")):
            return cleaned
        prepared = cleaned.get("upload")
        kept_image = bool(self.instance.pk and self.instance.kind == Media.Kind.IMAGE and self.instance.image)
        given = [
            kind
            for kind, present in (
                (Media.Kind.IMAGE, prepared is not None or kept_image),
                (Media.Kind.LINK, bool(cleaned.get("url"))),
                (Media.Kind.QUOTE, bool((cleaned.get("quote") or "").strip())),
            )
            if present
        ]
        if not given:
            raise forms.ValidationError("Add an image file, a link or a quotation (or remove this item).")
        if len(given) > 1:
            raise forms.ValidationError(
                "One item holds one thing: an image file, a link or a quotation. Add another item for the other."
            )
        self.instance.kind = given[0]
        if given[0] == Media.Kind.IMAGE and not (cleaned.get("alt_text") or "").strip():
            self.add_error("alt_text", "Describe the image for readers who cannot see it: alt text is required.")
        return cleaned

    def save(self, commit=True):
        media = super().save(commit=False)
        prepared = self.cleaned_data.get("upload")
        if prepared is not None:
            media.image, media.rendition_widths = images.store(prepared)
            media.width, media.height = prepared.width, prepared.height
        elif media.kind != Media.Kind.IMAGE:
            media.image, media.rendition_widths, media.width, media.height = "", [], None, None
        if commit:
            media.save()
        return media


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
    file = forms.FileField(
        required=False, help_text="TimelineJS JSON, or its Google Sheets layout saved as CSV (UTF-8)."
    )
    url = forms.URLField(
        label="Or a link",
        required=False,
        assume_scheme="https",
        help_text="A TimelineJS Google Sheet (shared or “published to the web”: it is read as CSV), "
        "or the address of a TimelineJS JSON or CSV file.",
    )
    timeline_slug = forms.SlugField(label="Into timeline", help_text="An existing slug, or a new one to create.")
    publish = forms.BooleanField(required=False, help_text="Leave unticked to review the events as drafts first.")

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("file") and not cleaned.get("url") and "url" not in self.errors:
            raise forms.ValidationError("Choose a file, or paste the link of a TimelineJS sheet or file.")
        if cleaned.get("file") and cleaned.get("url"):
            raise forms.ValidationError("Give a file or a link, not both.")
        return cleaned


class AddToTimelineForm(ActionForm):
    """The box beside the event list's actions: which timeline "Add to timeline" adds to."""

    timeline = forms.ModelChoiceField(Timeline.objects.all(), required=False, label="Timeline")
