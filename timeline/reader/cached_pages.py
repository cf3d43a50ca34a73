"""Whole reader pages answered from the cache, ahead of the rest of the middleware stack.

A page that another reader asked for since the last edit (the chronology and its htmx fragments,
an event page, the featured home page) is answered here, before sessions, CSRF, rate limits, CSP
and the view run: one query for the timeline's revision, and one cache lookup. A view takes part
by naming its page (`answered_from_cache`): a cache key made from the timeline it shows and all
else its markup depends on. The key holds the timeline's revision (domain/caching.py), so an edit
makes every stored page unreachable and the next reader gets a fresh one.

What is stored is the response as the stack finished it, 200s only: its headers (CSP, frame
options, ETag, Vary, HX-Push-Url) and its body, gzipped once (a tenth of its size) and sent so to
the clients that accept gzip. A response that sets a cookie is never stored. Conditional requests
and HEAD go on to the view, whose 304 costs the same one query; so do the rate-limited print
view and exports (serving/throttling.py), whose limits must still count.
"""

from django.http import Http404
from django.urls import Resolver404, resolve

from ..domain import stored_responses
from ..serving.throttling import group_of

# Set again for each answer, from the body that is sent; a cookie is never stored.
NOT_STORED = {"content-length", "content-encoding", "set-cookie"}


def answered_from_cache(page_key):
    """Let `CachedPages` answer a view: `page_key(request, **url_kwargs)` names the page the view
    would render (a key from domain/caching.key), or None, or raises Http404, to let the view
    answer. Apply it outermost, above the view's other decorators."""

    def decorate(view):
        view.page_key = page_key
        return view

    return decorate


class CachedPages:
    """The middleware: sits after whitenoise, before the session middleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = self.key_for(request)
        if key is None:
            return self.get_response(request)
        stored = stored_responses.lookup(key)
        if stored is not None:
            return stored_responses.answer(request, stored)
        response = self.get_response(request)
        if response.status_code == 200 and not response.streaming and not response.cookies:
            headers = {name: value for name, value in response.items() if name.lower() not in NOT_STORED}
            stored_responses.keep_content(key, headers, response.content)
        return response

    @staticmethod
    def key_for(request):
        if request.method != "GET" or "If-None-Match" in request.headers:
            return None
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return None
        page_key = getattr(match.func, "page_key", None)
        request.resolver_match = match  # group_of reads it; the handler sets it again
        if page_key is None or group_of(request) is not None:
            return None
        try:
            return page_key(request, *match.args, **match.kwargs)
        except Http404:
            return None
