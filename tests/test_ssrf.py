"""Server-side request forgery: every address and answer a URL fetch must refuse.

Each vector is refused before any connection is made (literal addresses and
names resolved here), or, for what a server answers (redirects, media types, a
drip-fed body), by a local server. Nothing here reaches the network.
"""

import ipaddress
import re
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.urls import reverse

from timeline.curation import fetching
from timeline.curation.intake import Submission, take_in
from timeline.domain.models import SourceArticle

# (URL, why it is refused): one per vector. Each resolves to its own address, locally.
REFUSED = [
    ("http://127.0.0.1/", "a private or local address"),
    ("http://127.1/", "a private or local address"),  # short IPv4 form
    ("http://2130706433/", "a private or local address"),  # 127.0.0.1 as one decimal number
    ("http://0x7f.0.0.1/", "a private or local address"),  # hexadecimal
    ("http://localhost/", "a private or local address"),
    ("http://10.0.0.1/", "a private or local address"),
    ("http://172.16.0.1/", "a private or local address"),
    ("http://192.168.1.1/", "a private or local address"),
    ("http://169.254.169.254/latest/meta-data/", "a private or local address"),  # cloud metadata
    ("http://100.64.0.1/", "a private or local address"),  # carrier-grade NAT
    ("http://0.0.0.0/", "a private or local address"),
    ("http://255.255.255.255/", "a private or local address"),
    ("http://240.0.0.1/", "a private or local address"),  # reserved
    ("http://192.0.2.1/", "a private or local address"),  # documentation
    ("http://224.0.0.1/", "a multicast address"),
    ("http://239.255.255.250/", "a multicast address"),
    ("http://[::1]/", "a private or local address"),
    ("http://[::]/", "a private or local address"),  # unspecified
    ("http://[::127.0.0.1]/", "an IPv6 address around an IPv4 one"),  # IPv4-compatible
    ("http://[::8.8.8.8]/", "an IPv6 address around an IPv4 one"),  # IPv4-compatible, deprecated
    ("http://[::ffff:127.0.0.1]/", "an IPv6 address around an IPv4 one"),  # IPv4-mapped
    ("http://[::ffff:169.254.169.254]/", "an IPv6 address around an IPv4 one"),
    ("http://[64:ff9b::7f00:1]/", "a private or local address"),  # NAT64 of 127.0.0.1
    ("http://[64:ff9b::a9fe:a9fe]/", "a private or local address"),  # NAT64 of the metadata address
    ("http://[64:ff9b:1::a00:1]/", "a private or local address"),  # local-use NAT64
    ("http://[ff02::1]/", "a multicast address"),
    ("http://[ff05::2]/", "a multicast address"),
    ("http://[fe80::1]/", "a private or local address"),  # link-local
    ("http://[fc00::1]/", "a private or local address"),  # unique local
    ("http://[fd12:3456::1]/", "a private or local address"),
    ("http://[fec0::1]/", "a private or local address"),  # site-local (deprecated)
    ("http://[2001:db8::1]/", "a private or local address"),  # documentation
    ("http://[100::1]/", "a private or local address"),  # discard-only
    ("http://[2002:7f00:1::1]/", "a 6to4 address around a private or local address"),
    ("http://[2002:a9fe:a9fe::1]/", "a 6to4 address around a private or local address"),
    ("http://[2002:e000:1::1]/", "a 6to4 address around a multicast address"),
    ("http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/", "a Teredo tunnel address"),
]


@pytest.fixture
def strict(settings):
    settings.FETCH_ALLOW_PRIVATE_ADDRESSES = False
    settings.FETCH_TIMEOUT_SECONDS = 2


@pytest.mark.parametrize(("url", "reason"), REFUSED, ids=[url for url, _reason in REFUSED])
def test_every_address_that_is_not_global_unicast_is_refused_before_connecting(strict, monkeypatch, url, reason):
    """Each vector is a FetchError naming why, and no socket is ever opened."""

    def no_connection(*args, **kwargs):
        raise AssertionError("a connection was attempted")

    monkeypatch.setattr(socket, "create_connection", no_connection)
    with pytest.raises(fetching.FetchError, match=f"points to {reason} "):
        fetching.fetch(url)


def test_a_name_with_one_private_address_among_public_ones_is_refused(strict, monkeypatch):
    """DNS that answers a public and a private address is refused: every address must be public."""
    answers = [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, 80)) for address in ("8.8.8.8", "10.1.2.3")]
    monkeypatch.setattr(socket, "getaddrinfo", lambda *args, **kwargs: answers)
    with pytest.raises(fetching.FetchError, match=r"points to a private or local address \(10\.1\.2\.3\)"):
        fetching.fetch("http://rebinding.example/")


@pytest.mark.parametrize(
    "address", ["8.8.8.8", "93.184.215.14", "2606:4700::1111", "2a00:1450:4009:81d::200e", "2002:808:808::1"]
)
def test_global_unicast_addresses_pass_the_check(address):
    """The check is not a blanket refusal: public IPv4, IPv6 and 6to4 around a public IPv4 pass."""
    assert fetching.public_address_problem(ipaddress.ip_address(address)) == ""


def test_a_malformed_url_is_a_fetch_error_not_a_crash(strict):
    """An unclosed IPv6 bracket or an impossible port is a sentence, not a ValueError."""
    for url in ("http://[::1", "http://example.com:99999/"):
        with pytest.raises(fetching.FetchError, match="not a valid URL"):
            fetching.fetch(url)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "ftp://example.com/a.txt", "gopher://127.0.0.1:70/", "/etc/os-release"]
)
def test_the_url_way_in_takes_http_and_https_only(strict, url):
    """A URL submission is never read as a file path or another scheme; nothing is saved."""
    with pytest.raises(fetching.FetchError, match="Only http:// and https:// addresses can be imported."):
        take_in(Submission(url=url))
    assert not SourceArticle.objects.exists()


def test_oembed_with_a_malformed_url_is_a_400(client, db):
    """The fuzzer's 500: `http://[::1` as oEmbed's url is now a 400 with a reason."""
    response = client.get(reverse("oembed"), {"url": "http://[::1", "format": "json"})
    assert response.status_code == 400 and response.json()["error"] == "That URL could not be read."


# --- what a server answers -------------------------------------------------------------------

PAGE = b"<html><body><p>Meta said on Monday it would cut 600 jobs.</p></body></html>"


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 (http.server's name)
        if self.path.startswith("/redirect-to/"):
            self.send_response(302)
            self.send_header("Location", self.path.removeprefix("/redirect-to/"))
            self.end_headers()
            return
        if self.path == "/drip-body":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self._drip(b"<p>" + b"x" * 100)
            return
        if self.path == "/drip-headers":
            self.wfile.write(b"HTTP/1.1 200 OK\r\n")
            self._drip(b"X-Slow: " + b"y" * 100)
            return
        content_type = {
            "/none": None,
            "/evil": "text/htmlx-evil",
            "/html": "text/html; charset=utf-8",
            "/xhtml": "application/xhtml+xml",
            "/plain": "text/plain",
            "/json": "application/json",
            "/csv": "text/csv",
            "/svg": "image/svg+xml",
        }[self.path]
        self.send_response(200)
        if content_type:
            self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(PAGE)))
        self.end_headers()
        self.wfile.write(PAGE)

    def _drip(self, body):
        """One byte every half second until the client goes away."""
        for byte in body:
            try:
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
            except OSError:
                return
            time.sleep(0.5)

    def log_message(self, *args):
        pass


@pytest.fixture
def server(settings):
    settings.FETCH_ALLOW_PRIVATE_ADDRESSES = True  # the test server is on loopback
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/none", "did not say what kind of document it is"),
        ("/evil", "returned text/htmlx-evil"),
        ("/json", "returned application/json"),
        ("/svg", "returned image/svg+xml"),
    ],
)
def test_an_answer_without_an_accepted_media_type_is_refused(server, path, message):
    """No Content-Type, or one that only starts like an accepted one, is not imported."""
    with pytest.raises(fetching.FetchError, match=re.escape(message)):
        fetching.fetch(server + path)


@pytest.mark.parametrize("path", ["/html", "/xhtml", "/plain"])
def test_articles_may_be_html_xhtml_or_plain_text(server, path):
    """The accepted types for an article are read, and their body returned whole."""
    assert fetching.fetch(server + path).body == PAGE


@pytest.mark.parametrize("path", ["/json", "/csv"])
def test_the_timelinejs_importer_accepts_json_and_csv(server, path):
    """What the TimelineJS importer asks for (JSON, CSV) is accepted there, and HTML is not."""
    accept = ("application/json", "text/csv", "text/plain")
    assert fetching.fetch(server + path, accept=accept).content_type == path.strip("/").replace(
        "json", "application/json"
    ).replace("csv", "text/csv")
    with pytest.raises(fetching.FetchError, match="returned text/html"):
        fetching.fetch(server + "/html", accept=accept)


def test_a_redirect_to_a_private_address_is_refused(server, settings, monkeypatch):
    """The first hop is allowed (the test server, made to look public); its redirect to an
    IPv4-compatible loopback address is checked like any other address, and refused."""
    settings.FETCH_ALLOW_PRIVATE_ADDRESSES = False
    checked = fetching.public_address_problem
    monkeypatch.setattr(
        fetching,
        "public_address_problem",
        lambda ip: "" if str(ip) == "127.0.0.1" else checked(ip),
    )
    target = "http://[::127.0.0.1]/"
    with pytest.raises(fetching.FetchError, match="points to an IPv6 address around an IPv4 one"):
        fetching.fetch(f"{server}/redirect-to/{target}")


@pytest.mark.parametrize("path", ["/drip-body", "/drip-headers"])
def test_a_server_dripping_bytes_is_cut_off_at_the_deadline(server, settings, path):
    """A byte every half second never trips the per-read timeout; the overall deadline ends
    the fetch with a sentence that says so."""
    settings.FETCH_DEADLINE_SECONDS = 1
    settings.FETCH_TIMEOUT_SECONDS = 5
    with pytest.raises(fetching.FetchError, match="did not send the page within 1 seconds"):
        fetching.fetch(server + path)


@pytest.mark.django_db
def test_the_intake_form_shows_the_deadline_and_keeps_what_was_typed(server, settings, editor, client):
    """In the admin, the deadline is a message beside the URL, with the typed title kept."""
    settings.FETCH_DEADLINE_SECONDS = 1
    response = client.post(
        reverse("admin:timeline_sourcearticle_add"),
        {"import_url": server + "/drip-body", "title": "Kept title", "published_precision": "day"},
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "did not send the page within 1 seconds" in html and 'value="Kept title"' in html
    assert not SourceArticle.objects.exists()
