"""Throttling: per-IP rate limits on the expensive public routes, the admin's login lockout page, and who the client is.

A few routes cost far more than a page: the print view (every match on one
page), the exports and the feed (every matching event), and oEmbed (a URL to
resolve). Each belongs to a group with its own rate in `settings.RATE_LIMITS`;
a client over its group's rate gets a 429 with `Retry-After`, in the route's
own language (a styled page, plain text, or oEmbed's JSON error). Every other
route is never limited.

django-ratelimit does the counting, in the default cache: per process with the
local cache, shared by every app server when REDIS_URL is set. The client is
REMOTE_ADDR, or, when `settings.TRUSTED_PROXIES` says how many proxies stand
in front, the address those proxies recorded in X-Forwarded-For. django-axes
asks `client_ip` too, so login throttling and rate limits agree on who is who,
and renders its lockout through `login_locked_out`.
"""

import ipaddress

from axes.helpers import get_client_username, get_cool_off
from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django_ratelimit.core import get_usage

# Which routes belong to which group; the print view is any page route with ?view=print.
EXPORT_ROUTES = {"events-json", "timelinejs-json", "events-ics", "events-csv", "feed"}
PAGE_ROUTES = {"home", "chronology", "embed"}


# Requests whose address cannot be read (gunicorn on a Unix socket with no trusted proxy declared)
# share one count under this address, rather than failing.
UNKNOWN_ADDRESS = "0.0.0.0"


def client_ip(request):
    """The client's address: REMOTE_ADDR, or the entry our own trusted proxies added to X-Forwarded-For."""
    remote = _address(request.META.get("REMOTE_ADDR", ""))
    if settings.TRUSTED_PROXIES < 1:
        return remote or UNKNOWN_ADDRESS
    # Each proxy appends the address it received the request from, so the entry our
    # outermost proxy appended is the TRUSTED_PROXIES-th from the right; anything left
    # of it was written by the client and proves nothing.
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    if len(forwarded) >= settings.TRUSTED_PROXIES:
        return _address(forwarded[-settings.TRUSTED_PROXIES]) or remote or UNKNOWN_ADDRESS
    return remote or UNKNOWN_ADDRESS


def _address(text):
    try:
        return str(ipaddress.ip_address(text.strip()))
    except ValueError:
        return None


def group_of(request):
    """The rate-limit group a resolved request belongs to, or None for the routes that are never limited."""
    match = request.resolver_match
    name = match.url_name if match else None
    if name in PAGE_ROUTES and request.GET.get("view") == "print":
        return "print"
    if name in EXPORT_ROUTES:
        return "exports"
    if name == "oembed":
        return "oembed"
    return None


def _rate(group, request):
    return settings.RATE_LIMITS.get(group)


class RateLimitMiddleware:
    """Counts each limited request against its client's group, and answers 429 past the rate."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        group = group_of(request)
        if group is None:
            return None
        usage = get_usage(request, group=group, key="ip", rate=_rate, increment=True)
        if usage is None or not usage["should_limit"]:
            return None
        return too_many_requests(request, group, retry_after=max(usage["time_left"], 1))


def too_many_requests(request, group, retry_after):
    """The 429: what happened and when to come back, in the form the route's clients read."""
    message = f"Too many requests from your address. Please try again in {retry_after} seconds."
    if group == "print":
        # The same page without ?view=print is never limited: offer it.
        response = render(request, "429.html", {"retry_after": retry_after, "paged_url": request.path}, status=429)
    elif group == "oembed":
        response = JsonResponse({"error": message}, status=429)
    else:
        response = HttpResponse(message + "\n", content_type="text/plain; charset=utf-8", status=429)
    response["Retry-After"] = str(retry_after)
    response["Cache-Control"] = "no-store"  # a shared cache must not hand one client's 429 to others
    return response


def login_locked_out(request, original_response=None, credentials=None):
    """django-axes' answer once an account or an address has failed too often: a 429 that says how long to wait."""
    minutes = max(round(get_cool_off(request).total_seconds() / 60), 1)
    context = {"minutes": minutes, "username": get_client_username(request, credentials) or ""}
    response = render(request, "admin/locked_out.html", context, status=429)
    response["Retry-After"] = str(minutes * 60)
    return response
