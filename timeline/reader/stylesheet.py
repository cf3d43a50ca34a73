"""The site's stylesheet, written into each page's <head> instead of linked.

A linked stylesheet is a second request that holds the first paint: in `make compare` it came
40-80 ms after the HTML. Written into the page, it costs about 6 KB compressed on every page a
reader opens, where a linked file would be cached after the first.

The CSP allows it by its SHA-256 hash (settings.SECURE_CSP, style-src), not by the response's
nonce: a browser that revalidates a page keeps the body it has and takes the headers of the 304,
whose CSP carries a new nonce or none, so a nonce would leave a reloaded page unstyled. The hash
is the same for every response of a release. With DEBUG on, pages link the file instead, so an
edit to it shows on the next load without a restart (base.html, via timeline_tags).
"""

import base64
import hashlib
from functools import cache
from pathlib import Path

STATIC_NAME = "css/timeline.css"
_FILE = Path(__file__).resolve().parent.parent.parent / "static" / STATIC_NAME


@cache
def text():
    """The stylesheet as it goes into a page, read once per process."""
    return _FILE.read_text(encoding="utf-8")


def csp_source():
    """The CSP source that allows exactly this text in a <style> element."""
    digest = hashlib.sha256(text().encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"
