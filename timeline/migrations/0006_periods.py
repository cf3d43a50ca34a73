"""Dates become periods: day numbers (BC included), parts, qualifiers, spans, same-day order.

Existing events and candidates are carried over without loss: a date's first
day and last covered day become day numbers; "approximate" becomes a
qualifier on the month or year it meant; a span keeps its end's precision; a
display text that the date rules can read ("Late August 2025", "Autumn 2025")
becomes the period itself.
"""

from django.db import migrations, models

OLD_APPROXIMATE = "approximate"


def _period_fields(start, precision, end, covers_until, display_text):
    """New fields for an old (start_date, precision, end_date, covers_until, display_text)."""
    qualifier = ""
    if precision == OLD_APPROXIMATE:
        qualifier = "approximate"
        precision = "year" if (start.month, start.day) == (1, 1) else "month"
    fields = {
        "start_day": start.toordinal(),
        "end_day": covers_until.toordinal() if covers_until else start.toordinal(),
        "precision": precision,
        "part": "",
        "qualifier": qualifier,
        "end_precision": precision if end and end > start else "",
    }
    if display_text and not fields["end_precision"]:
        try:
            from timeline.domain import dates

            said = dates.parse(display_text, base=start)
        except Exception:  # noqa: BLE001 - a label we cannot read stays a label
            said = None
        if said is not None and not said.is_span and said.unit_start.number == start.toordinal():
            fields.update(
                start_day=said.start.number,
                end_day=said.end.number,
                precision=said.precision,
                part=said.part,
                qualifier=said.qualifier,
                display_text="",
            )
    return fields


def forwards(apps, schema_editor):
    for name in ("Event", "HistoricalEvent"):
        model = apps.get_model("timeline", name)
        for row in model.objects.all().iterator():
            fields = _period_fields(row.start_date, row.precision, row.end_date, row.covers_until, row.display_text)
            model.objects.filter(pk=row.pk).update(**fields)
    candidate = apps.get_model("timeline", "Candidate")
    for row in candidate.objects.exclude(start_date=None).iterator():
        fields = _period_fields(row.start_date, row.precision, None, None, "")
        day = row.start_date
        if fields["precision"] in ("month", "quarter", "year"):
            from timeline.domain import dates

            period = dates.Period.of(dates.Day.from_date(day), fields["precision"], qualifier=fields["qualifier"])
            fields.update(start_day=period.start.number, end_day=period.end.number)
        candidate.objects.filter(pk=row.pk).update(**fields)
    for name in ("SourceArticle", "HistoricalSourceArticle"):
        apps.get_model("timeline", name).objects.filter(published_precision=OLD_APPROXIMATE).update(
            published_precision="month"
        )


PRECISIONS = [
    ("day", "Day"), ("week", "Week"), ("month", "Month"), ("season", "Season"), ("quarter", "Quarter"),
    ("half", "Half-year"), ("year", "Year"), ("decade", "Decade"), ("century", "Century"),
]  # fmt: skip
OLD_PRECISIONS = PRECISIONS + [(OLD_APPROXIMATE, "Approximate")]
PARTS = [("", "Whole period"), ("early", "Early"), ("mid", "Mid"), ("late", "Late")]
QUALIFIERS = [
    ("", "As given"), ("approximate", "Approximate (c.)"), ("uncertain", "Uncertain (?)"),
    ("before", "Before"), ("after", "After"),
]  # fmt: skip


def period_fields(*, history=False):
    return [
        ("start_day", models.IntegerField(null=True, blank=True, editable=False)),
        ("end_day", models.IntegerField(null=True, blank=True, editable=False)),
        ("part", models.CharField(max_length=8, choices=PARTS, blank=True, editable=False)),
        ("qualifier", models.CharField(max_length=12, choices=QUALIFIERS, blank=True, editable=False)),
        ("end_precision", models.CharField(max_length=12, choices=PRECISIONS, blank=True, editable=False)),
    ]


class Migration(migrations.Migration):
    dependencies = [("timeline", "0005_help_texts")]

    operations = [
        migrations.RemoveIndex(model_name="event", name="event_status_start"),
        migrations.RemoveConstraint(model_name="candidate", name="one_candidate_per_sentence"),
        *[
            migrations.AddField(model_name=model, name=name, field=field)
            for model in ("event", "historicalevent", "candidate")
            for name, field in period_fields()
        ],
        *[
            migrations.AlterField(
                model_name=model,
                name="precision",
                field=models.CharField(max_length=12, choices=OLD_PRECISIONS, default="day"),
            )
            for model in ("event", "historicalevent")
        ],
        migrations.AlterField(
            model_name="candidate",
            name="precision",
            field=models.CharField(max_length=12, choices=OLD_PRECISIONS, blank=True),
        ),
        *[
            migrations.AddField(
                model_name=model,
                name="day_order",
                field=models.PositiveSmallIntegerField(
                    "order within the date",
                    default=0,
                    help_text="Events on the same date are shown in this order (lower first), then by importance.",
                ),
            )
            for model in ("event", "historicalevent")
        ],
        migrations.AddField(
            model_name="candidate",
            name="mention",
            field=models.PositiveSmallIntegerField(default=0, help_text="Which dated event of the sentence this is."),
        ),
        migrations.AddField(
            model_name="candidate",
            name="how",
            field=models.CharField(max_length=300, blank=True, help_text="How the date was resolved, in words."),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
        *[
            migrations.RemoveField(model_name=model, name=name)
            for model in ("event", "historicalevent")
            for name in ("start_date", "end_date", "covers_until")
        ],
        migrations.RemoveField(model_name="candidate", name="start_date"),
        *[
            migrations.AlterField(
                model_name=model,
                name="start_day",
                field=models.IntegerField(editable=False, help_text="First day of the period (day number, sorts)."),
            )
            for model in ("event", "historicalevent")
        ],
        migrations.AlterField(
            model_name="event",
            name="end_day",
            field=models.IntegerField(editable=False, db_index=True, help_text="Last day the event covers."),
        ),
        migrations.AlterField(
            model_name="historicalevent",
            name="end_day",
            field=models.IntegerField(editable=False, db_index=True, help_text="Last day the event covers."),
        ),
        migrations.AddIndex(
            model_name="event",
            index=models.Index(fields=["status", "start_day"], name="event_status_start_day"),
        ),
        migrations.AddConstraint(
            model_name="candidate",
            constraint=models.UniqueConstraint(fields=("article", "position", "mention"), name="one_candidate_per_mention"),
        ),
    ]
