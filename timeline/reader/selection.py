"""The reader's filters: one form bound to request.GET feeds the QuerySet.

Every field is optional. A value the form cannot read gets a message next to
its field and is left out; the other filters still apply.
"""

import hashlib

from django import forms
from django.utils import timezone

from ..domain import dates


class DateField(forms.CharField):
    """ISO, EDTF or natural language ("June 2025", "3 months ago", "100 BC"), read relative to today.

    Cleans to a dates.Period; the form uses its start for "from" and its end for "to".
    """

    def __init__(self, **kwargs):
        super().__init__(required=False, strip=True, **kwargs)

    def to_python(self, value):
        text = super().to_python(value)
        if not text:
            return None
        try:
            return dates.parse(text, base=timezone.localdate())
        except dates.DateParseError as error:
            raise forms.ValidationError(str(error), code="unreadable_date") from None


class EventFilterForm(forms.Form):
    ORDER_CHOICES = [("asc", "Oldest first"), ("desc", "Newest first")]

    category = forms.MultipleChoiceField(required=False, widget=forms.CheckboxSelectMultiple)
    actor = forms.MultipleChoiceField(required=False, widget=forms.CheckboxSelectMultiple)
    q = forms.CharField(required=False, max_length=200, strip=True, label="Search")
    order = forms.ChoiceField(required=False, choices=ORDER_CHOICES, label="Order")

    def __init__(self, data, *, categories, actors):
        super().__init__(data)
        # "from" is a Python keyword, so these two are added by name.
        self.fields["from"] = DateField(label="From")
        self.fields["to"] = DateField(label="To")
        self.fields["category"].choices = [(c.slug, c.name) for c in categories]
        self.fields["category"].error_messages["invalid_choice"] = "There is no category “%(value)s” here."
        self.fields["actor"].choices = [(a.slug, a.name) for a in actors]
        self.fields["actor"].error_messages["invalid_choice"] = "There is no person or organisation “%(value)s” here."
        self.order_fields(["q", "category", "actor", "from", "to", "order"])

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("from"), cleaned.get("to")
        if start and end and start.bounds()[0] > end.bounds()[1]:
            self.add_error("to", f"“To” ({end}) is before “From” ({start}).")
            cleaned.pop("to", None)
        return cleaned

    @property
    def date_range(self):
        """(first, last) dates.Day of the selection, either None when not given."""
        start, end = self.cleaned_data.get("from"), self.cleaned_data.get("to")
        return (start.bounds()[0] if start else None, end.bounds()[1] if end else None)

    def filter(self, queryset):
        """Apply every valid filter: callers call is_valid() first, whatever it says."""
        data = self.cleaned_data
        queryset = queryset.between(*self.date_range)
        queryset = queryset.in_categories(data.get("category")).with_actors(data.get("actor"))
        if data.get("q"):
            queryset = queryset.search(data["q"])
        return queryset.chronological(descending=self.descending)

    @property
    def descending(self):
        return self.cleaned_data.get("order") == "desc"

    def chips(self):
        """The active filters, each with the query string that removes it."""
        data = self.cleaned_data
        chips = []
        names = {"category": dict(self.fields["category"].choices), "actor": dict(self.fields["actor"].choices)}
        for field in ("category", "actor"):
            for slug in data.get(field) or []:
                chips.append((field, slug, names[field][slug]))
        for field, prefix in (("from", "From"), ("to", "To")):
            if data.get(field):
                chips.append((field, self.data.get(field), f"{prefix} {data[field]}"))
        if data.get("q"):
            chips.append(("q", data["q"], f"“{data['q']}”"))
        return [
            {"label": label, "field": field, "remove": self._without(field, value)} for field, value, label in chips
        ]

    def _without(self, field, value):
        query = self.data.copy()
        query.pop("page", None)
        if field in ("category", "actor"):
            query.setlist(field, [v for v in query.getlist(field) if v != value])
        else:
            query.pop(field, None)
        return query.urlencode()

    def signature(self):
        """A stable text naming the selection (dates resolved), for cache keys; "all" when unfiltered."""
        if not self.is_filtered:
            return "all"
        data = self.cleaned_data
        start, end = self.date_range
        parts = [
            ",".join(sorted(data.get("category") or [])),
            ",".join(sorted(data.get("actor") or [])),
            str(start.number) if start else "",
            str(end.number) if end else "",
            (data.get("q") or "").lower(),
        ]
        return hashlib.sha256("|".join(parts).encode()).hexdigest()[:24]

    @property
    def is_filtered(self):
        data = self.cleaned_data
        return any(data.get(name) for name in ("category", "actor", "from", "to", "q"))
