"""Responses made once per timeline revision and kept gzipped: a repeat is one cache lookup.

`cached_response` stores what a view made (an HttpResponse, or a
StreamingHttpResponse as it streams) under caching.key, so the next request
for the same timeline revision and identity is answered from the cache with
no query, form, template or serialisation. The body is kept gzipped and sent
so, as it is, to clients that accept gzip (no compressing per request), and
decompressed for the others; either way with `Vary: Accept-Encoding`.

A streamed body is compressed as it goes out, once: the same gzip stream
serves a client that accepts gzip and the cache. It is stored only when it
ended cleanly (a failure or a client hanging up midway stores nothing) and
when it is at most MAX_STORED_BYTES compressed; anything larger streams every
time. It is stored in parts of PART_BYTES, so each cache value stays under the
per-process cache's MAX_VALUE_BYTES (settings.CACHES); a body up to PART_BYTES
is one lookup, a larger one two. Within a process, one request at a time
makes a given response; the others wait for it (up to WAIT_SECONDS) instead
of all making it at once after an edit.
"""

import gzip
import re
import threading
import time
import zlib

from django.http import HttpResponse, StreamingHttpResponse
from django.utils.cache import patch_vary_headers

from . import caching

ACCEPTS_GZIP = re.compile(r"\bgzip\b")  # as Django's GZipMiddleware reads Accept-Encoding
LEVEL = 6
# Under the per-process cache's MAX_VALUE_BYTES (1 MB, pickled): each part is one cache value.
PART_BYTES = 512 * 1024
# About 100 MB of JSON; 10,000 events are 1.3 MB. Larger bodies stream every time instead of
# crowding a 64 MB per-process cache.
MAX_STORED_BYTES = 8 * 2**20
# How long a request waits for another thread of its process making the same response.
WAIT_SECONDS = 30

_making = {}  # cache key -> threading.Event set when that response is made (or given up)
_making_lock = threading.Lock()


def accepts_gzip(request):
    return bool(ACCEPTS_GZIP.search(request.headers.get("Accept-Encoding", "")))


def cached_response(request, timeline, identity, respond, *, keep=()):
    """The response `respond()` makes, made once per revision of `timeline` and `identity` (a list
    of everything else the body depends on: host, parameters, today, release...), and kept gzipped.
    Only a 200 is stored, with its Content-Type and the `keep` headers (e.g. HX-Push-Url); the
    caller adds validators and cache headers to whatever comes back, stored or fresh."""
    key = caching.key(timeline, "response", *identity)
    stored = lookup(key)
    if stored is not None:
        return answer(request, stored)
    response = respond()
    if response.status_code != 200 or response.has_header("Content-Encoding"):
        return response
    headers = {name: response[name] for name in ("Content-Type", *keep) if response.has_header(name)}
    if not response.streaming:
        keep_content(key, headers, response.content)
        return _vary(response)
    zipped = accepts_gzip(request)
    # The original body still closes with the response (its database cursor with it).
    response.streaming_content = _making_once(key, headers, response.streaming_content, zipped)
    if zipped:
        response["Content-Encoding"] = "gzip"
    return _vary(response)


def keep_content(key, headers, content):
    """Store a whole body (bytes) under `key`, gzipped, unless it is over MAX_STORED_BYTES so."""
    body = gzip.compress(content, LEVEL, mtime=0)
    if len(body) <= MAX_STORED_BYTES:
        store(key, headers, body)


def lookup(key):
    """(headers, gzipped body parts) stored under `key`, or None when any part is missing."""
    head = caching.get_many([key]).get(key)
    if head is None:
        return None
    headers, first, count = head
    if count == 1:
        return headers, [first]
    keys = [f"{key}:{index}" for index in range(1, count)]
    rest = caching.get_many(keys)
    if len(rest) < len(keys):  # a part was evicted: make it again
        return None
    return headers, [first, *(rest[name] for name in keys)]


def store(key, headers, body):
    parts = [body[start : start + PART_BYTES] for start in range(0, len(body), PART_BYTES)] or [b""]
    values = {f"{key}:{index}": part for index, part in enumerate(parts) if index}
    values[key] = (headers, parts[0], len(parts))
    caching.set_many(values)


def answer(request, stored):
    """The response for a stored (headers, parts): gzipped as stored to a client that accepts
    gzip (a stored ETag then made weak, as Django's gzip makes it: another representation), the
    body decompressed for the others."""
    headers, parts = stored
    if accepts_gzip(request):
        response = HttpResponse(b"".join(parts), content_type=headers["Content-Type"])
        response["Content-Encoding"] = "gzip"
    elif len(parts) == 1:
        response = HttpResponse(gzip.decompress(parts[0]), content_type=headers["Content-Type"])
    else:
        response = StreamingHttpResponse(_gunzipped(parts), content_type=headers["Content-Type"])
    for name, value in headers.items():
        response[name] = value
    if response.get("Content-Encoding") == "gzip" and response.get("ETag", "W/").startswith('"'):
        response["ETag"] = "W/" + response["ETag"]
    return _vary(response)


def _gunzipped(parts):
    decompressor = zlib.decompressobj(31)  # 31: a gzip stream
    for part in parts:
        yield decompressor.decompress(part)
    yield decompressor.flush()


def _vary(response):
    patch_vary_headers(response, ["Accept-Encoding"])
    return response


def _making_once(key, headers, chunks, zipped):
    """The body of a fresh streamed response: gzipped as it goes (sent gzipped or plain, as the
    client accepts), and stored once it has ended cleanly. If another thread of this process is
    making the same response, wait for it and send what it stored instead."""
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        with _making_lock:
            other = _making.get(key)
            if other is None:
                mine = _making[key] = threading.Event()
                break
        other.wait(max(0, deadline - time.monotonic()))
        if (stored := lookup(key)) is not None:
            yield from _stored_body(stored[1], zipped)
            return
        if time.monotonic() >= deadline:  # still being made, slowly: make it here too, unclaimed
            mine = None
            break
    try:
        compressor = zlib.compressobj(LEVEL, zlib.DEFLATED, 31)
        kept, size = [], 0
        for data in chunks:  # bytes: StreamingHttpResponse made them
            packed = compressor.compress(data)
            if kept is not None:
                kept.append(packed)
                size += len(packed)
                kept = kept if size <= MAX_STORED_BYTES else None
            if zipped and packed:
                yield packed
            elif not zipped and data:
                yield data
        tail = compressor.flush()
        if kept is not None and size + len(tail) <= MAX_STORED_BYTES:
            store(key, headers, b"".join(kept) + tail)
        if zipped:
            yield tail
    finally:
        if mine is not None:
            with _making_lock:
                _making.pop(key, None)
            mine.set()


def _stored_body(parts, zipped):
    if zipped:
        yield from parts
    else:
        yield from _gunzipped(parts)
