"""Reading what an editor or a command hands us: a URL, fetched safely, or a local file.

http(s) only. Every address the host name resolves to must be global unicast
(public_address_problem says why not: loopback, private, link-local, multicast,
reserved, unspecified, IPv4-mapped or -compatible IPv6, NAT64, 6to4 around a
private address, Teredo...) unless the FETCH_ALLOW_PRIVATE_ADDRESSES setting says
otherwise; the connection goes to the address that was checked, so DNS cannot
swap it afterwards; redirects are followed by hand and checked the same way. A
timeout per operation, an overall deadline (FETCH_DEADLINE_SECONDS, redirects
included: a server dripping a byte at a time is cut off) and a size cap apply, and
the response must declare one of the media types asked for. Every failure is a
FetchError with a sentence an editor can act on.
"""

import contextlib
import http.client
import ipaddress
import re
import socket
import ssl
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from django.conf import settings

MAX_REDIRECTS = 5
ARTICLE_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "text/markdown")
USER_AGENT = "TimelinesBot/1.0 (+newsroom timeline tool)"


class FetchError(Exception):
    """The URL or file could not be read; the message says why, for a person."""


@dataclass
class Fetched:
    url: str
    content_type: str
    charset: str | None
    body: bytes


def _limits():
    return (
        getattr(settings, "FETCH_TIMEOUT_SECONDS", 10),
        getattr(settings, "FETCH_MAX_BYTES", 5 * 1024 * 1024),
        getattr(settings, "FETCH_ALLOW_PRIVATE_ADDRESSES", False),
    )


_GLOBAL_UNICAST_V6 = ipaddress.ip_network("2000::/3")
_TEREDO = ipaddress.ip_network("2001::/32")
_SIX_TO_FOUR = ipaddress.ip_network("2002::/16")


def public_address_problem(ip):
    """Why `ip` (an ipaddress object) may not be fetched, or "" when it is global unicast."""
    if ip.is_multicast:
        return "a multicast address"
    if ip.version == 4:
        if not ip.is_global or ip.is_reserved or ip == ipaddress.IPv4Address("255.255.255.255"):
            return "a private or local address"
        return ""
    # IPv6: only the global unicast block, which leaves out ::1, ::, IPv4-mapped (::ffff:0:0/96),
    # IPv4-compatible (::a.b.c.d), NAT64 (64:ff9b::/96), link-local, unique-local and multicast.
    if ip in (ipaddress.IPv6Address("::"), ipaddress.IPv6Address("::1")):
        return "a private or local address"
    if ip.ipv4_mapped is not None or ip in ipaddress.ip_network("::/96"):
        return "an IPv6 address around an IPv4 one"
    if ip in _TEREDO:
        return "a Teredo tunnel address"
    if ip in _SIX_TO_FOUR:
        embedded = ipaddress.IPv4Address((int(ip) >> 80) & 0xFFFFFFFF)
        problem = public_address_problem(embedded)
        return f"a 6to4 address around {problem}" if problem else ""
    if ip not in _GLOBAL_UNICAST_V6 or not ip.is_global:
        return "a private or local address"
    return ""


def _public_address(host, port, allow_private):
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError, ValueError):
        raise FetchError(f"The host “{host}” could not be found.") from None
    addresses = [info[4][0] for info in infos]
    for address in addresses:
        ip = ipaddress.ip_address(address.split("%")[0])
        problem = "" if allow_private else public_address_problem(ip)
        if problem:
            raise FetchError(f"“{host}” points to {problem} ({ip}); it will not be fetched.")
    return addresses[0]


class _Deadline:
    """The whole fetch's time limit. A watchdog shuts the socket when it passes, because a
    server sending a byte at a time never trips the per-read timeout."""

    def __init__(self, seconds):
        self.seconds = seconds
        self.at = time.monotonic() + seconds
        self.passed = threading.Event()

    def remaining(self):
        return self.at - time.monotonic()

    def guard(self, connection):
        """A started timer that cuts `connection` off at the deadline; cancel it when done."""

        def cut():
            self.passed.set()
            sock = connection.watched_socket  # http.client forgets its socket once a response owns it
            if sock is not None:
                with contextlib.suppress(OSError):  # already closed: nothing left to cut
                    sock.shutdown(socket.SHUT_RDWR)

        timer = threading.Timer(max(0.0, self.remaining()), cut)
        timer.daemon = True
        timer.start()
        return timer

    def error(self):
        return FetchError(f"The server did not send the page within {self.seconds:g} seconds, so it was not read.")


def _media_type(response):
    return (response.getheader("Content-Type") or "").split(";")[0].strip().lower()


class _PinnedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, host, port, address, timeout):
        super().__init__(host, port, timeout=timeout)
        self._address = address

    watched_socket = None

    def connect(self):
        self.sock = self.watched_socket = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, host, port, address, timeout):
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self._address = address

    watched_socket = None

    def connect(self):
        raw = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self.watched_socket = self._context.wrap_socket(raw, server_hostname=self.host)


def fetch(url, *, accept=ARTICLE_TYPES):
    """GET `url` and return its body; raise FetchError with a readable reason."""
    timeout, max_bytes, allow_private = _limits()
    deadline = _Deadline(getattr(settings, "FETCH_DEADLINE_SECONDS", 20))
    for _ in range(MAX_REDIRECTS + 1):
        try:
            parts = urlsplit(url)
            port = parts.port or (443 if parts.scheme == "https" else 80)
        except ValueError:
            raise FetchError("That address is not a valid URL.") from None
        if parts.scheme not in ("http", "https"):
            raise FetchError("Only http:// and https:// addresses can be imported.")
        if not parts.hostname:
            raise FetchError("That address has no host name.")
        address = _public_address(parts.hostname, port, allow_private)
        if deadline.remaining() <= 0:
            raise deadline.error()
        connection_class = _PinnedHTTPSConnection if parts.scheme == "https" else _PinnedHTTPConnection
        connection = connection_class(parts.hostname, port, address, min(timeout, deadline.remaining()))
        path = parts.path or "/"
        if parts.query:
            path += "?" + parts.query
        watchdog = deadline.guard(connection)
        try:
            connection.request("GET", path, headers={"User-Agent": USER_AGENT, "Accept": ", ".join(accept)})
            response = connection.getresponse()
            if deadline.passed.is_set():
                raise deadline.error()  # the watchdog cut the headers short
            if response.status in (301, 302, 303, 307, 308):
                location = response.getheader("Location")
                if not location:
                    raise FetchError("The server redirected without saying where.")
                url = urljoin(url, location)
                continue
            if response.status >= 400:
                raise FetchError(f"The server answered {response.status} {response.reason}.")
            content_type = _media_type(response)
            if not content_type:
                raise FetchError("That address did not say what kind of document it is (no Content-Type).")
            if content_type not in accept:
                raise FetchError(f"That address returned {content_type}, not something that can be imported.")
            declared = response.getheader("Content-Length")
            if declared and declared.isdigit() and int(declared) > max_bytes:
                raise FetchError(f"The page is larger than the {max_bytes // 1024 // 1024} MB limit.")
            body = response.read(max_bytes + 1)
            if deadline.passed.is_set():
                raise deadline.error()  # the watchdog cut the read short: the body is incomplete
            if len(body) > max_bytes:
                raise FetchError(f"The page is larger than the {max_bytes // 1024 // 1024} MB limit.")
            return Fetched(url, content_type, response.headers.get_content_charset(), body)
        except TimeoutError:
            if deadline.passed.is_set():
                raise deadline.error() from None
            raise FetchError(f"The server did not answer within {timeout} seconds.") from None
        except (OSError, http.client.HTTPException, ssl.SSLError) as error:
            if deadline.passed.is_set():
                raise deadline.error() from None
            raise FetchError(f"Could not fetch that address: {error}.") from None
        finally:
            watchdog.cancel()
            connection.close()
    raise FetchError("Too many redirects.")


def decode(body, charset=None):
    """Bytes to text: the declared charset, else UTF-8; anything else is an error, not mojibake."""
    for encoding in filter(None, (charset, "utf-8")):
        try:
            return body.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    raise FetchError("The file is not UTF-8 text (and declares no other encoding); save it as UTF-8 and try again.")


@dataclass(frozen=True)
class Source:
    """Text read from a URL or a file, with what it is and where it came from."""

    text: str
    is_html: bool
    origin: str  # the final URL, or the file's absolute path


def read_url(url, *, accept=ARTICLE_TYPES):
    """Text from an http(s) URL; anything else is refused, never read as a file path."""
    fetched = fetch(url, accept=accept)
    is_html = "html" in fetched.content_type or fetched.body.lstrip()[:1] == b"<"
    return Source(decode(fetched.body, fetched.charset), is_html, fetched.url)


def read(source, *, accept=ARTICLE_TYPES):
    """Text from an http(s) URL, or from a local file path: the command line's way in only
    (the admin takes URLs through read_url and files only as uploads)."""
    if re.match(r"^https?://", source, re.I):
        return read_url(source, accept=accept)
    path = Path(source)
    if not path.is_file():
        raise FetchError(f"No file at {source}.")
    return Source(decode(path.read_bytes()), is_html_name(path.name), str(path.resolve()))


def is_html_name(filename):
    return filename.lower().endswith((".html", ".htm"))
