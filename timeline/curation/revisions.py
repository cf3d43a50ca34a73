"""An event's history as editors read it: one revision per save, covering everything the event
form edits (its fields, categories, actors, timelines, key figures and citations), and a revert
that brings all of it back.

django-simple-history records the event (with its many-to-many fields) and, separately, each
key figure and citation. A save in the admin touches several of them; `one_revision` keeps a
single event record for the save, dated after its figures and citations, so that the event's
record and its parts "as of" that date are the revision. Reverting to a record restores the
figures and citations as they were at its date.
"""

from django.db.models import Max
from django.utils import timezone

from ..domain.models import Citation, Event, KeyFigure, SourceArticle

PARTS = {"Key figures": KeyFigure, "Citations": Citation}


def last_record_id(event):
    return event.history.aggregate(last=Max("history_id"))["last"] or 0


def one_revision(event, since, user):
    """Fold the event records made by one save (ids above `since`) into the last of them, dated now,
    so its parts as of that date are those the save left."""
    made = list(event.history.filter(history_id__gt=since).order_by("history_id"))
    if not made:
        return
    kept, extra = made[-1], made[:-1]
    if extra:
        kept.history_type = "+" if any(record.history_type == "+" for record in extra) else kept.history_type
        kept.history_change_reason = next(
            (r.history_change_reason for r in reversed(made) if r.history_change_reason), None
        )
        Event.history.filter(history_id__in=[record.history_id for record in extra]).delete()
    kept.history_date = timezone.now()  # after the figures and citations this save wrote
    kept.history_user = kept.history_user or user
    kept.save()


def parts_as_of(event_id, when):
    """{"Key figures": [...], "Citations": [...]}: the event's parts as they were at `when`, as instances."""
    return {
        label: sorted(
            model.history.filter(event_id=event_id, history_date__lte=when).latest_of_each().as_instances(),
            key=lambda part: (part.position, part.pk),
        )
        for label, model in PARTS.items()
    }


def describe(part):
    """A key figure or a citation in a line of the History page."""
    if isinstance(part, KeyFigure):
        text = " ".join(filter(None, [part.value, part.unit]))
        return f"{text} ({part.label})" if part.label else text
    source = SourceArticle.objects.filter(pk=part.source_id).first()
    claim = f": {part.claim}" if part.claim else ""
    return f"{source or 'Deleted source'}{claim}"


def parts_changes(newer, older):
    """What changed in the parts between two records, as the History page lists changes."""
    before, after = parts_as_of(older.id, older.history_date), parts_as_of(newer.id, newer.history_date)
    changes = []
    for label in PARTS:
        old, new = [describe(part) for part in before[label]], [describe(part) for part in after[label]]
        if old != new:
            changes.append({"field": label, "old": "; ".join(old) or "none", "new": "; ".join(new) or "none"})
    return changes


def restore_parts(event, record):
    """Put the event's key figures and citations back as they were at `record`'s date."""
    parts = parts_as_of(event.pk, record.history_date)
    for label, model in PARTS.items():
        model.objects.filter(event=event).delete()
        for part in parts[label]:
            part.event = event
            part._state.adding = True
            part.save(force_insert=True)
