"""Reading what an editor or a command hands us: a URL, fetched safely, or a local file.

http(s) only; every address the host name resolves to must be public (no
loopback, private, link-local or reserved ranges) unless the
FETCH_ALLOW_PRIVATE_ADDRESSES setting says otherwise; the connection goes to
the address that was checked, so DNS cannot swap it afterwards; redirects are
followed by hand and checked the same way; a timeout and a size cap apply.
Every failure is a FetchError with a sentence an editor can act on.
"""

import http.client
import ipaddress
import re
import socket
import ssl
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from django.conf import settings

MAX_REDIRECTS = 5
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


def _public_address(host, port, allow_private):
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror:
        raise FetchError(f"The host “{host}” could not be found.") from None
    addresses = [info[4][0] for info in infos]
    for address in addresses:
        ip = ipaddress.ip_address(address.split("%")[0])
        if not allow_private and not ip.is_global:
            raise FetchError(f"“{host}” points to a private or local address ({ip}); it will not be fetched.")
    return addresses[0]


class _PinnedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, host, port, address, timeout):
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self):
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, host, port, address, timeout):
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self._address = address

    def connect(self):
        raw = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(raw, server_hostname=self.host)


def fetch(url, *, accept=("text/html", "text/plain", "text/markdown")):
    """GET `url` and return its body; raise FetchError with a readable reason."""
    timeout, max_bytes, allow_private = _limits()
    for _ in range(MAX_REDIRECTS + 1):
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https"):
            raise FetchError("Only http:// and https:// addresses can be imported.")
        if not parts.hostname:
            raise FetchError("That address has no host name.")
        port = parts.port or (443 if parts.scheme == "https" else 80)
        address = _public_address(parts.hostname, port, allow_private)
        connection_class = _PinnedHTTPSConnection if parts.scheme == "https" else _PinnedHTTPConnection
        connection = connection_class(parts.hostname, port, address, timeout)
        path = parts.path or "/"
        if parts.query:
            path += "?" + parts.query
        try:
            connection.request("GET", path, headers={"User-Agent": USER_AGENT, "Accept": ", ".join(accept)})
            response = connection.getresponse()
            if response.status in (301, 302, 303, 307, 308):
                location = response.getheader("Location")
                if not location:
                    raise FetchError("The server redirected without saying where.")
                url = urljoin(url, location)
                continue
            if response.status >= 400:
                raise FetchError(f"The server answered {response.status} {response.reason}.")
            declared = response.getheader("Content-Length")
            if declared and declared.isdigit() and int(declared) > max_bytes:
                raise FetchError(f"The page is larger than the {max_bytes // 1024 // 1024} MB limit.")
            body = response.read(max_bytes + 1)
            if len(body) > max_bytes:
                raise FetchError(f"The page is larger than the {max_bytes // 1024 // 1024} MB limit.")
            content_type = (response.getheader("Content-Type") or "").split(";")[0].strip().lower()
            charset = response.headers.get_content_charset()
            if content_type and not any(content_type.startswith(kind) for kind in accept):
                raise FetchError(f"That address returned {content_type}, not something that can be imported.")
            return Fetched(url, content_type, charset, body)
        except TimeoutError:
            raise FetchError(f"The server did not answer within {timeout} seconds.") from None
        except (OSError, http.client.HTTPException, ssl.SSLError) as error:
            raise FetchError(f"Could not fetch that address: {error}.") from None
        finally:
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


def read_url(url, *, accept=("text/html", "text/plain", "text/markdown")):
    """Text from an http(s) URL; anything else is refused, never read as a file path."""
    fetched = fetch(url, accept=accept)
    is_html = "html" in fetched.content_type or fetched.body.lstrip()[:1] == b"<"
    return Source(decode(fetched.body, fetched.charset), is_html, fetched.url)


def read(source, *, accept=("text/html", "text/plain", "text/markdown")):
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
