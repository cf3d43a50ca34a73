"""No lost edits: the admin's side of optimistic locking (the model side is domain.models.Versioned).

Every form of a versioned row carries, hidden, the version it showed. A save made
against an old version is refused before anything is written: the message sets
the stored version and what the editor typed side by side, field by field, and
the form keeps what was typed. The hidden version then moves to the stored one,
so saving again is a deliberate choice to replace it. Should another save land
between that check and the write, the claim in Versioned.save refuses it too and
the admin answers the same way (LockingAdmin).
"""

from django import forms
from django.db import transaction
from django.db.models import Manager
from django.utils.html import format_html, format_html_join
from simple_history.models import SIMPLE_HISTORY_REVERSE_ATTR_NAME

from ..domain.models import EditConflict


def historic_record(instance):
    """The history record an instance was rebuilt from (the admin's revert form), or None."""
    return getattr(instance, SIMPLE_HISTORY_REVERSE_ATTR_NAME, None)


class VersionedForm(forms.ModelForm):
    """A model form that refuses a save made against an old version."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = self.stored_version()

    def stored_version(self):
        if historic_record(self.instance) is None:
            return self.instance.version
        # A revert form shows an old record; the save replaces the row as it is now.
        return type(self.instance)._base_manager.filter(pk=self.instance.pk).values_list("version", flat=True).first()

    def clean(self):
        cleaned = super().clean()
        if not self.instance.pk:
            cleaned["version"] = self.instance.version  # a new row starts at the first version
            return cleaned
        stored_version = self.stored_version()
        typed_version = cleaned.get("version")
        if typed_version is None:  # a form from before versions: it showed the row as it is now
            cleaned["version"] = stored_version
        elif typed_version != stored_version:
            stored = type(self.instance)._base_manager.get(pk=self.instance.pk)
            self._move_to_version(stored_version)
            raise forms.ValidationError(self.conflict_message(stored, typed_version), code="edit_conflict")
        return cleaned

    def _move_to_version(self, version):
        """Saving again after reading the message replaces the stored version, as the message says."""
        self.data = self.data.copy()
        self.data[self.add_prefix("version")] = str(version)

    def conflict_message(self, stored, typed_version):
        rows = [
            (self.fields[name].label or name.replace("_", " ").capitalize(), theirs, yours)
            for name, theirs, yours in self.differences(stored)
        ]
        table = format_html(
            '<table class="edit-conflict"><thead><tr><th scope="col">Field</th>'
            '<th scope="col">Saved (version {})</th><th scope="col">What you typed (from version {})</th>'
            "</tr></thead><tbody>{}</tbody></table>",
            stored.version,
            typed_version,
            format_html_join("", "<tr><th scope='row'>{}</th><td>{}</td><td>{}</td></tr>", rows),
        )
        return format_html(
            "Someone else saved this {} while you were editing it, so your changes were not saved. "
            "Everything you typed is still in the form. Where the two differ:{}"
            "Copy what you want to keep from the saved version into the form, then save again: "
            "saving again replaces the saved version with what is in the form.",
            stored._meta.verbose_name,
            table,
        )

    def differences(self, stored):
        """(field, stored text, typed text) for every field where the two differ."""
        for name in self.fields:
            if name == "version" or name not in self.cleaned_data:
                continue
            theirs, yours = shown(self.stored_value(stored, name)), shown(self.typed_value(name))
            if theirs != yours:
                yield name, theirs or "(empty)", yours or "(empty)"

    def typed_value(self, name):
        return self.cleaned_data[name]

    def stored_value(self, stored, name):
        value = getattr(stored, name, "")
        return value.all() if isinstance(value, Manager) else value


def shown(value):
    """A value as the conflict table shows it: many-to-many as a list of names."""
    if value is None:
        return ""
    if hasattr(value, "__iter__") and not isinstance(value, str):
        return ", ".join(sorted(str(item) for item in value))
    return str(value)


class LockingAdmin:
    """Admin views that answer a lost race like a stale form: with both versions side by side.

    The change view's transaction is rolled back when Versioned.save refuses the claim; the
    view then runs again, and the form's own check finds the newer version and says so.
    """

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except EditConflict:
            return super().changeform_view(request, object_id, form_url, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """A revert is a save like any other: all or nothing, and refused against an old version."""
        try:
            with transaction.atomic():
                return super().history_form_view(request, object_id, version_id, extra_context)
        except EditConflict:
            return super().history_form_view(request, object_id, version_id, extra_context)
