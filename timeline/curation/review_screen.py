"""The review screen: an article's candidates in document order, each in its context,
with Accept, Edit, Dismiss and Restore. Admin views; the decisions are review.py's.

Candidates come PER_PAGE at a time: a long article can have tens of thousands.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.core.paginator import InvalidPage, Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.template.response import TemplateResponse
from django.urls import reverse

from ..domain.models import Candidate, SourceArticle
from . import review
from .extraction import split_sentences

PER_PAGE = 50


@dataclass(frozen=True)
class InContext:
    """A candidate with the sentences around it, as the editor reads it."""

    candidate: Candidate
    before: str
    after: str


def in_context(candidates, text):
    sentences = split_sentences(text)
    return [
        InContext(
            candidate,
            sentences[candidate.position - 1] if 0 < candidate.position <= len(sentences) else "",
            sentences[candidate.position + 1] if candidate.position + 1 < len(sentences) else "",
        )
        for candidate in candidates
    ]


def review_page(model_admin, request, pk):
    """An article's candidates, a page at a time, each in its context, with the actions."""
    article = get_object_or_404(SourceArticle, pk=pk)
    if not model_admin.has_view_permission(request, article):
        return HttpResponse(status=403)
    paginator = Paginator(article.candidates.select_related("event"), PER_PAGE)
    try:
        page = paginator.page(request.GET.get("page") or 1)
    except InvalidPage:
        raise Http404("There is no such page of candidates.") from None
    context = {
        **model_admin.admin_site.each_context(request),
        "title": f"Review candidates: {article.title}",
        "article": article,
        "page": page,
        "items": in_context(page.object_list, article.text),
        "opts": model_admin.model._meta,
        "can_change": model_admin.has_change_permission(request, article),
        "report": review.quality(article),
    }
    return TemplateResponse(request, "admin/timeline/review.html", context)


def candidate_action(model_admin, request, pk, candidate, action):
    """Accept, edit, dismiss or restore one candidate; with htmx, only that candidate is sent back."""
    candidate = get_object_or_404(Candidate, pk=candidate, article_id=pk)
    if not model_admin.has_change_permission(request, candidate.article):
        return HttpResponse(status=403)
    if action in ("accept", "edit"):
        event = review.accept(candidate, request.user)
        if action == "edit":
            return HttpResponseRedirect(reverse("admin:timeline_event_change", args=[event.pk]))
        message = f"Draft event created: “{event.headline}”."
        if candidate.period is None:
            message += " The sentence had no date: set one before publishing."
    elif action == "dismiss":
        review.dismiss(candidate)
        message = "Dismissed."
    elif action == "restore":
        review.restore(candidate)
        message = "Back in the queue."
    else:
        return JsonResponse({"error": "Unknown action."}, status=400)
    if request.htmx:
        candidate.refresh_from_db()
        (item,) = in_context([candidate], candidate.article.text)
        context = {"item": item, "article": candidate.article, "can_change": True, "message": message}
        return render(request, "admin/timeline/review.html#candidate", context)
    model_admin.message_user(request, message, messages.SUCCESS)
    url = reverse("admin:timeline_sourcearticle_review", args=[pk])
    return HttpResponseRedirect(f"{url}?page={page_of(candidate)}#candidate-{candidate.pk}")


def page_of(candidate):
    """The review page that shows `candidate` (candidates are in document order)."""
    before = Candidate.objects.filter(article_id=candidate.article_id).filter(
        Q(position__lt=candidate.position) | Q(position=candidate.position, mention__lt=candidate.mention)
    )
    return before.count() // PER_PAGE + 1
