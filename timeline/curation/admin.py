"""The admin, built for curation: find, fix, cite, publish, and see who changed what."""

from functools import partial

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, F, Func, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.views.decorators.http import require_POST
from simple_history.admin import SimpleHistoryAdmin

from ..domain import dates
from ..domain.models import Actor, Candidate, Category, Citation, Event, KeyFigure, Media, SourceArticle, Timeline
from . import bulk, fetching, intake, review_screen, revisions
from .forms import (
    AddToTimelineForm,
    ArticleIntakeForm,
    EventAdminForm,
    MediaForm,
    TimelineImportForm,
    describe,
    parse_date_text,
)
from .locking import LockingAdmin, VersionedForm, historic_record
from .timelinejs_import import ImportFailed, import_timeline, read_url

admin.site.site_header = "Timelines: editors"
admin.site.site_title = "Timelines admin"
admin.site.index_title = "Curate timelines"


class AnswersInvalidWith400:
    """A form sent back with errors answers 400, not 200: the input was refused, and says why."""

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        response = super().changeform_view(request, object_id, form_url, extra_context)
        if request.method == "POST" and getattr(response, "context_data", None) and response.context_data.get("errors"):
            response.status_code = 400
        return response


class HistoryForEditors:
    """Every link on a History page opens for whoever reads it: "changed by" links to the user only
    for those allowed to see users (editors see the name)."""

    def history_view(self, request, object_id, extra_context=None):
        if not request.user.has_perm("auth.view_user"):
            extra_context = {**(extra_context or {}), "admin_user_view": ""}  # {% url "" as x %} leaves x empty
        return super().history_view(request, object_id, extra_context)


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "event_count"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(event_count=Count("events"))

    @admin.display(description="Events", ordering="event_count")
    def event_count(self, obj):
        return obj.event_count


@admin.register(Actor)
class ActorAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "description"]
    list_filter = ["kind"]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Timeline)
class TimelineAdmin(LockingAdmin, AnswersInvalidWith400, admin.ModelAdmin):
    form = VersionedForm
    list_display = ["title", "slug", "is_published", "featured", "default_order", "event_count", "updated_at"]
    list_filter = ["is_published", "featured", "default_order"]
    search_fields = ["title", "slug", "description"]
    prepopulated_fields = {"slug": ["title"]}
    change_list_template = "admin/timeline/timeline/change_list.html"

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(event_count=Count("events"))

    @admin.display(description="Events", ordering="event_count")
    def event_count(self, obj):
        return obj.event_count

    def get_urls(self):
        view = self.admin_site.admin_view(self.import_timelinejs_view)
        return [path("import-timelinejs/", view, name="timeline_import_timelinejs"), *super().get_urls()]

    def import_timelinejs_view(self, request):
        """Upload a TimelineJS file; every row that could not be imported is listed."""
        if not self.has_add_permission(request):
            return HttpResponse(status=403)
        form = TimelineImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload, url = form.cleaned_data["file"], form.cleaned_data["url"]
            try:
                text = fetching.decode(upload.read()) if upload else read_url(url)
                report = import_timeline(text, form.cleaned_data["timeline_slug"], publish=form.cleaned_data["publish"])
            except (ImportFailed, fetching.FetchError) as error:
                form.add_error("file" if upload else "url", f"Nothing was imported: {error}")
            else:
                for line in report.lines():
                    self.message_user(
                        request, line, messages.WARNING if line.startswith("Skipped") else messages.SUCCESS
                    )
                return HttpResponseRedirect(reverse("admin:timeline_event_changelist") + "?status__exact=draft")
        context = {**self.admin_site.each_context(request), "form": form, "title": "Import a TimelineJS timeline",
                   "opts": self.model._meta}  # fmt: skip
        return TemplateResponse(request, "admin/timeline/timeline/import.html", context)


class CitationInline(admin.TabularInline):
    model = Citation
    form = VersionedForm
    extra = 0
    autocomplete_fields = ["source"]
    fields = ["source", "quote", "claim", "position", "version"]


class KeyFigureInline(admin.TabularInline):
    model = KeyFigure
    extra = 0
    autocomplete_fields = ["source"]
    fields = ["value", "unit", "label", "source", "position"]


class MediaInline(admin.StackedInline):
    """The event's media in order: each item is an image file, a link or a quotation (forms.MediaForm)."""

    model = Media
    form = MediaForm
    extra = 1
    fields = ["preview", ("upload", "alt_text"), "url", ("quote", "attribution"), ("credit", "caption", "position")]
    readonly_fields = ["preview"]
    verbose_name = "media item"
    verbose_name_plural = "Media: images, links (video, audio, maps, documents) and quotations, in order"

    @admin.display(description="Now")
    def preview(self, obj):
        if obj.picture:
            return format_html(
                '<img src="{}" width="{}" height="{}" alt="{}" class="media-preview">',
                obj.picture.src, 160, round(160 * obj.height / obj.width), obj.alt_text,
            )  # fmt: skip
        if obj.link:
            return format_html("{}: {}", obj.link.provider_name or obj.link.kind.title(), obj.url)
        if obj.is_quote:
            return "Quotation"
        return "—"


@admin.register(Event)
class EventAdmin(LockingAdmin, HistoryForEditors, AnswersInvalidWith400, SimpleHistoryAdmin):
    form = EventAdminForm
    list_display = ["when", "headline", "status", "category_list", "source_count"]
    list_display_links = ["headline"]
    list_filter = ["status", "categories", "precision", "timelines", "importance", "actors"]
    search_fields = ["headline", "summary", "body", "slug"]
    autocomplete_fields = ["actors", "categories", "timelines"]
    prepopulated_fields = {"slug": ["headline"]}
    inlines = [CitationInline, KeyFigureInline, MediaInline]
    action_form = AddToTimelineForm
    actions = ["publish", "retract", "make_draft", "add_to_timeline"]
    list_per_page = 100
    history_list_display = ["status"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "headline",
                    "slug",
                    "date_text",
                    "display_text",
                    "day_order",
                    "status",
                    "confirm_unpublish",
                    "timelines",
                    "version",
                ]
            },
        ),  # fmt: skip
        ("Story", {"fields": ["summary", "body", "importance", "categories", "actors"]}),
        ("Corrections", {"fields": ["correction_note"], "classes": ["collapse"]}),
    ]

    def get_queryset(self, request):
        # A changelist of any length: one query for the rows, one for the categories.
        return (
            super()
            .get_queryset(request)
            .annotate(source_count=Count("citations", distinct=True))
            .prefetch_related("categories")
        )

    @admin.display(description="Date", ordering="start_day")
    def when(self, obj):
        return obj.date_display

    @admin.display(description="Categories")
    def category_list(self, obj):
        return ", ".join(category.name for category in obj.categories.all())

    @admin.display(description="Sources", ordering="source_count")
    def source_count(self, obj):
        return obj.source_count

    def view_on_site(self, obj):
        timeline = obj.timelines.first()
        if timeline is None or obj.status == Event.Status.DRAFT:
            return None
        return reverse("event", args=[timeline.slug, obj.slug])

    def save_model(self, request, obj, form, change):
        obj._history_since = revisions.last_record_id(obj) if change else 0
        super().save_model(request, obj, form, change)
        record = historic_record(obj)
        if record is not None:  # a revert brings the key figures and citations back too
            revisions.restore_parts(obj, record)
        if form.understood:
            self.message_user(request, f"Date read as {form.understood}.", messages.INFO)

    def log_addition(self, request, obj, message):
        revisions.one_revision(obj, 0, request.user)
        return super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        """Called after the figures, citations and many-to-many fields are saved: fold the save's
        records into one revision."""
        revisions.one_revision(obj, getattr(obj, "_history_since", 0), request.user)
        return super().log_change(request, obj, message)

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        """The History page lists changes to key figures and citations beside the event's own."""
        super().set_history_delta_changes(request, historical_records, foreign_keys_are_objs)
        records = list(historical_records)
        for newer, older in zip(records, records[1:], strict=False):
            changes = revisions.parts_changes(newer, older)
            if changes:
                newer.history_delta_changes = [*getattr(newer, "history_delta_changes", []), *changes]

    def _set_status(self, request, queryset, status, verb):
        """Set the status of the selected events, a batch per short transaction, with history
        saying who did it (Event.save's rule: publishing dates the first publication)."""
        ids = list(queryset.values_list("pk", flat=True))
        changed = 0
        for batch in bulk.batches(ids):
            with transaction.atomic():
                events = list(Event.objects.filter(pk__in=batch).exclude(status=status))
                changed += len(events)
                now = timezone.now()
                for event in events:
                    event.status, event.updated_at = status, now
                    if status == Event.Status.PUBLISHED and not event.published_at:
                        event.published_at = now
                Event.objects.bulk_update(events, ["status", "published_at", "updated_at"])
                bulk.record_event_history(changed=events, reason=f"Bulk {verb}", user=request.user, when=now)
                bulk.events_changed(batch)
        bulk.refresh_statistics(changed)
        self.message_user(request, f"{len(ids)} event(s) {verb}.", messages.SUCCESS)

    @admin.action(description="Publish selected events", permissions=["change"])
    def publish(self, request, queryset):
        self._set_status(request, queryset, Event.Status.PUBLISHED, "published")

    @admin.action(description="Retract selected events (permalinks stay, marked retracted)", permissions=["change"])
    def retract(self, request, queryset):
        self._set_status(request, queryset, Event.Status.RETRACTED, "retracted")

    @admin.action(description="Move selected events back to draft", permissions=["change"])
    def make_draft(self, request, queryset):
        """Public events go offline only after a confirmation page that lists their URLs."""
        public = list(queryset.public().prefetch_related("timelines"))
        if public and request.POST.get("confirm_unpublish") != "yes":
            offline = [
                (event, [reverse("event", args=[t.slug, event.slug]) for t in event.timelines.all() if t.is_published])
                for event in public
            ]
            selected = request.POST.getlist(helpers.ACTION_CHECKBOX_NAME)
            context = {**self.admin_site.each_context(request), "title": "Take events off the public site?",
                       "offline": offline, "selected": selected, "opts": self.model._meta}  # fmt: skip
            return TemplateResponse(request, "admin/timeline/event/confirm_unpublish.html", context)
        self._set_status(request, queryset, Event.Status.DRAFT, "moved to draft")
        return None

    @admin.action(description="Add selected events to the timeline chosen above", permissions=["change"])
    def add_to_timeline(self, request, queryset):
        timeline = Timeline.objects.filter(pk=request.POST.get("timeline")).first()
        if timeline is None:
            self.message_user(request, "Choose a timeline in the box next to the action first.", messages.ERROR)
            return
        ids = list(queryset.values_list("pk", flat=True))
        through = Event.timelines.through
        for batch in bulk.batches(ids):
            with transaction.atomic():
                through.objects.bulk_create(
                    [through(event_id=pk, timeline_id=timeline.pk) for pk in batch], ignore_conflicts=True
                )
                events = list(Event.objects.filter(pk__in=batch))
                bulk.record_event_history(changed=events, reason=f"Added to {timeline.slug}", user=request.user)
                bulk.events_changed(batch)
        bulk.refresh_statistics(len(ids))
        self.message_user(request, f"{len(ids)} event(s) added to “{timeline}”.", messages.SUCCESS)

    def get_urls(self):
        view = self.admin_site.admin_view(self.understand_date)
        return [path("understand-date/", view, name="timeline_event_understand_date"), *super().get_urls()]

    def understand_date(self, request):
        """What the date field would store, for the live preview under it (editors of events only;
        the parser refuses long input before reading it)."""
        if not self.has_change_permission(request):
            raise PermissionDenied
        text = request.GET.get("date_text", "").strip()
        if not text:
            return HttpResponse("")
        try:
            period = parse_date_text(text)
        except dates.DateParseError as error:
            return HttpResponse(format_html('<span class="understood understood--error">{}</span>', error))
        return HttpResponse(format_html('<span class="understood">Understood: {}</span>', describe(period)))


@admin.register(Citation)
class CitationAdmin(LockingAdmin, HistoryForEditors, SimpleHistoryAdmin):
    form = VersionedForm
    list_display = ["event", "source", "claim"]
    search_fields = ["quote", "claim", "event__headline", "source__title"]
    autocomplete_fields = ["event", "source"]
    list_select_related = ["event", "source"]


@admin.register(KeyFigure)
class KeyFigureAdmin(HistoryForEditors, SimpleHistoryAdmin):
    list_display = ["value", "unit", "label", "event", "source"]
    search_fields = ["value", "label", "event__headline"]
    autocomplete_fields = ["event", "source"]
    list_select_related = ["event", "source"]


def _count(rows, field):
    """How many of `rows` point at the outer query's article through `field`, as a subquery."""
    rows = rows.filter(**{field: OuterRef("pk")}).order_by().values(field)
    return Coalesce(Subquery(rows.annotate(n=Func(F("pk"), function="COUNT")).values("n")), 0)


@admin.register(SourceArticle)
class SourceArticleAdmin(HistoryForEditors, AnswersInvalidWith400, SimpleHistoryAdmin):
    form = ArticleIntakeForm
    list_display = ["title", "publisher", "published_display", "pending_count", "citation_count", "review_link"]
    list_filter = ["publisher", "timeline"]
    search_fields = ["title", "publisher", "author", "url", "text"]
    date_hierarchy = "published_on"
    autocomplete_fields = ["timeline"]

    def get_queryset(self, request):
        # Never the article's text (megabytes each): the change form reads it with one query of its own.
        # Counts as subqueries, not joins: an article with 100k candidates must not multiply its citations.
        return (
            super()
            .get_queryset(request)
            .defer("text")
            .annotate(
                pending=_count(Candidate.objects.filter(status=Candidate.Status.PENDING), "article"),
                cited=_count(Citation.objects.all(), "source"),
            )
        )

    def get_history_queryset(self, request, history_manager, pk_name, object_id):
        return super().get_history_queryset(request, history_manager, pk_name, object_id).defer("text")

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        """As django-simple-history's, but a change of text shows as a change of its fingerprint:
        each version's text can be megabytes, and History never loads it."""
        previous = None
        for current in historical_records:
            # The list names each version by its title: built from the fields it needs, not from every
            # field as django-simple-history's history_object is (text included).
            current.history_object = SourceArticle(pk=current.id, title=current.title, publisher=current.publisher)
            if previous is not None:
                delta = previous.diff_against(current, excluded_fields=["text"], foreign_keys_are_objs=True)
                helper = self.get_historical_record_context_helper(request, previous)
                previous.history_delta_changes = helper.context_for_delta_changes(delta)
            previous = current

    def get_deleted_objects(self, objs, request):
        """What deleting articles takes with it, summarised: their candidates are counted, not listed
        (an article can have 100,000), and citations, which protect an article, are named."""
        articles = list(objs)
        candidates = Candidate.objects.filter(article__in=articles).count()
        citations = Citation.objects.filter(source__in=articles).select_related("event", "source").defer("source__text")
        protected = [str(citation) for citation in citations[:50]]
        perms_needed = set()
        if candidates and not request.user.has_perm("timeline.delete_candidate"):
            perms_needed.add(Candidate._meta.verbose_name)
        to_delete = [
            format_html(
                'Source article: <a href="{}">{}</a>', reverse("admin:timeline_sourcearticle_change", args=[a.pk]), a
            )
            for a in articles
        ]
        if candidates:
            to_delete.append([f"{candidates} candidate event(s) found in {'it' if len(articles) == 1 else 'them'}"])
        counts = {SourceArticle._meta.verbose_name_plural: len(articles)}
        if candidates:
            counts[Candidate._meta.verbose_name_plural] = candidates
        return to_delete, counts, perms_needed, protected

    @admin.display(description="Published", ordering="published_on")
    def published_display(self, obj):
        return obj.published_display

    @admin.display(description="Waiting for review", ordering="pending")
    def pending_count(self, obj):
        return obj.pending

    @admin.display(description="Cited by", ordering="cited")
    def citation_count(self, obj):
        return obj.cited

    @admin.display(description="Candidates")
    def review_link(self, obj):
        return format_html('<a href="{}">Review</a>', reverse("admin:timeline_sourcearticle_review", args=[obj.pk]))

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        return [f for f in fields if f not in ("import_url", "import_file")] if obj else fields

    def add_view(self, request, form_url="", extra_context=None):
        """Article intake: the form checks what was typed; intake.take_in reads, saves and extracts.
        A URL that cannot be read is a message beside its field, with everything typed kept."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = self.get_form(request)(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            try:
                article, _created = intake.take_in(form.submission(), reuse=False)
            except intake.AlreadyHere as here:
                link = reverse("admin:timeline_sourcearticle_review", args=[here.article.pk])
                form.add_error(None, format_html('This article is already here: <a href="{}">review “{}”</a>.',
                                                 link, here.article.title))  # fmt: skip
            except (intake.IntakeError, fetching.FetchError) as error:
                form.add_error(form.source_field, str(error))
            else:
                self.log_addition(request, article, [{"added": {}}])
                count = article.candidates.count()
                self.message_user(request, f"{count} candidate event(s) found.", messages.SUCCESS)
                return HttpResponseRedirect(reverse("admin:timeline_sourcearticle_review", args=[article.pk]))
        fieldsets = self.get_fieldsets(request)
        admin_form = helpers.AdminForm(form, list(fieldsets), {}, model_admin=self)
        context = {
            **self.admin_site.each_context(request),
            "title": "Add source article",
            "adminform": admin_form,
            "object_id": None,
            "original": None,
            "is_popup": False,
            "to_field": None,
            "media": self.media + admin_form.media,
            "inline_admin_formsets": [],
            "errors": helpers.AdminErrorList(form, []),
            "preserved_filters": self.get_preserved_filters(request),
            **(extra_context or {}),
        }
        response = self.render_change_form(request, context, add=True, form_url=form_url)
        if request.method == "POST":
            response.status_code = 400  # refused, with the reasons beside the fields
        return response

    def save_model(self, request, obj, form, change):
        """Editing an article: save it (a blank title falls back to the text's first line, as on intake),
        then, once that is committed, read its text again for candidates."""
        obj.title = obj.title or intake.parse_text(obj.text)["title"] or "Untitled article"
        super().save_model(request, obj, form, change)
        transaction.on_commit(partial(self._extract, request, obj))  # after the admin's transaction, not in it

    def _extract(self, request, article):
        candidates = intake.run_extraction(article)
        self.message_user(request, f"{candidates.count()} candidate event(s) found.", messages.SUCCESS)

    def get_urls(self):
        def admin_view(view):
            return self.admin_site.admin_view(partial(view, self))

        return [
            path("<int:pk>/review/", admin_view(review_screen.review_page), name="timeline_sourcearticle_review"),
            path(
                "<int:pk>/review/<int:candidate>/<str:action>/",
                require_POST(admin_view(review_screen.candidate_action)),
                name="timeline_candidate_action",
            ),
            *super().get_urls(),
        ]


@admin.register(Candidate)
class CandidateAdmin(admin.ModelAdmin):
    list_display = ["passage_start", "article", "date_display", "status", "confidence"]
    list_filter = ["status", "precision"]
    search_fields = ["passage", "article__title"]

    def get_queryset(self, request):
        # Each row names its article: its title and publisher, never its text.
        return super().get_queryset(request).select_related("article").defer("article__text")

    readonly_fields = ["article", "position", "mention", "passage", "date_text", "date_display", "how", "cues",
                       "figures", "actor_slugs", "confidence", "event"]  # fmt: skip

    @admin.display(description="Passage")
    def passage_start(self, obj):
        return obj.passage[:90]

    def has_add_permission(self, request):
        return False
