"""The ceiling's two views and their URLs: /bare/ and /cards/ (50 cards from a template)."""

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import path

CARDS = [
    {
        "slug": f"event-{n}",
        "headline": f"Event number {n}: a company reorganises its research lab",
        "date": f"2025-{1 + n % 12:02d}-{1 + n % 28:02d}",
        "summary": "A short summary of what happened, as an editor wrote it, in a sentence or two. " * 2,
        "categories": ["Reorganisation", "Layoffs"],
        "actors": ["Actor one", "Actor two"],
        "sources": [("Publisher", f"https://news.example/{n}"), ("Another", f"https://other.example/{n}")],
    }
    for n in range(50)
]


def bare(request):
    return HttpResponse("ok", content_type="text/plain")


def cards(request):
    return render(request, "cards.html", {"cards": CARDS})


urlpatterns = [path("bare/", bare), path("cards/", cards), path("", bare)]
