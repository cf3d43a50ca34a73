"""What a media link is: a known provider's player, an image, or a page.

`recognise(url)` reads a URL without contacting anyone and says how to show
it. Players (YouTube, Vimeo, SoundCloud, OpenStreetMap, Google Maps,
DocumentCloud) and Wikimedia Commons files are shown as click-to-load
facades (static/timeline/media.js): the reader's browser contacts the
provider only after the reader clicks, and then only at an address in
PLAYER_ORIGINS (frames) or IMAGE_ORIGINS (images), the lists the CSP
names (settings.SECURE_CSP). Wikipedia articles, image files elsewhere and
every other URL become link cards.
"""

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, quote, unquote, urlencode, urlsplit

# The only origins a player iframe may load from (the CSP's frame-src).
PLAYER_ORIGINS = [
    "https://www.youtube-nocookie.com",
    "https://player.vimeo.com",
    "https://w.soundcloud.com",
    "https://www.openstreetmap.org",
    "https://www.google.com",
    "https://embed.documentcloud.org",
]
# The only origins a clicked Wikimedia Commons facade loads its image from (the CSP's img-src).
IMAGE_ORIGINS = ["https://commons.wikimedia.org", "https://upload.wikimedia.org"]

IMAGE_EXTENSIONS = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif", ".svg")


@dataclass(frozen=True)
class Link:
    """How to show one media URL.

    `kind` is video, audio, map, document, image or page; `player` is the iframe
    address a facade loads on click (from PLAYER_ORIGINS), `image` the image it
    loads instead (from IMAGE_ORIGINS); with neither, the link is a card.
    """

    url: str
    provider: str  # "youtube", "vimeo", ... or "" for a plain page or image
    provider_name: str  # as readers know it: "YouTube"
    kind: str
    title: str = ""
    player: str = ""
    image: str = ""

    @property
    def is_facade(self):
        return bool(self.player or self.image)

    @property
    def host(self):
        return (urlsplit(self.url).hostname or "").removeprefix("www.")

    @property
    def action(self):
        """The facade's button text."""
        verb = {"video": "Play video", "audio": "Play audio", "map": "Show map", "document": "Show document"}
        return f"{verb.get(self.kind, 'Show image')} from {self.provider_name}"

    @property
    def loads_from(self):
        return urlsplit(self.player or self.image).hostname or ""


def recognise(url):
    """A Link for `url`; any http(s) URL is accepted (unknown ones are plain link cards)."""
    url = url.strip()
    parts = urlsplit(url)
    host = (parts.hostname or "").lower().removeprefix("www.").removeprefix("m.")
    for hosts, reader in _READERS:
        if any(host == known or host.endswith(f".{known}") for known in hosts):
            link = reader(url, parts)
            if link is not None:
                return link
    if parts.path.lower().endswith(IMAGE_EXTENSIONS):
        return Link(url, "", "", "image", title=_last_segment(parts.path))
    return Link(url, "", "", "page", title=host)


_YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")


def _youtube(url, parts):
    if parts.hostname and parts.hostname.endswith("youtu.be"):
        video = parts.path.strip("/").split("/")[0]
    else:
        segments = parts.path.strip("/").split("/")
        if segments[0] in ("shorts", "embed", "live", "v") and len(segments) > 1:
            video = segments[1]
        else:
            video = (parse_qs(parts.query).get("v") or [""])[0]
    if not _YOUTUBE_ID.match(video):
        return None
    start = _seconds((parse_qs(parts.query).get("t") or parse_qs(parts.query).get("start") or [""])[0])
    query = {"autoplay": 1, **({"start": start} if start else {})}
    return Link(
        url, "youtube", "YouTube", "video", player=f"https://www.youtube-nocookie.com/embed/{video}?{urlencode(query)}"
    )


def _seconds(text):
    """YouTube's t=90, t=90s or t=1m30s, as whole seconds (0 when unreadable)."""
    match = re.fullmatch(r"(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s?)?", text or "")
    if not match or not text:
        return 0
    hours, minutes, seconds = (int(value or 0) for value in match.groups())
    return hours * 3600 + minutes * 60 + seconds


def _vimeo(url, parts):
    match = re.search(r"(?:^|/)(\d{5,})(?:/([0-9a-f]{6,}))?", parts.path)
    if not match:
        return None
    query = {"autoplay": 1, "dnt": 1, **({"h": match.group(2)} if match.group(2) else {})}
    return Link(
        url, "vimeo", "Vimeo", "video", player=f"https://player.vimeo.com/video/{match.group(1)}?{urlencode(query)}"
    )


def _soundcloud(url, parts):
    if len([segment for segment in parts.path.split("/") if segment]) < 2:
        return None
    track = f"https://soundcloud.com{parts.path}"
    player = "https://w.soundcloud.com/player/?" + urlencode({"url": track, "auto_play": "true", "visual": "false"})
    return Link(url, "soundcloud", "SoundCloud", "audio", player=player)


def _commons(url, parts):
    name = unquote(parts.path.removeprefix("/wiki/"))
    if not name.startswith("File:"):
        return None
    filename = name.removeprefix("File:")
    image = f"https://commons.wikimedia.org/wiki/Special:FilePath/{quote(filename)}?width=1280"
    return Link(url, "commons", "Wikimedia Commons", "image", title=filename.replace("_", " "), image=image)


def _wikipedia(url, parts):
    if not parts.path.startswith("/wiki/"):
        return None
    title = unquote(parts.path.removeprefix("/wiki/")).replace("_", " ")
    return Link(url, "wikipedia", "Wikipedia", "page", title=title)


def _openstreetmap(url, parts):
    query = parse_qs(parts.query)
    match = re.search(r"map=(\d+)/(-?[\d.]+)/(-?[\d.]+)", parts.fragment or parts.query)
    if match:
        zoom, lat, lon = int(match.group(1)), float(match.group(2)), float(match.group(3))
    elif "mlat" in query and "mlon" in query:
        zoom, lat, lon = 15, float(query["mlat"][0]), float(query["mlon"][0])
    else:
        return None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return None
    span = 360 / 2 ** min(max(zoom, 1), 19)
    bbox = ",".join(f"{value:.5f}" for value in (lon - span, lat - span / 2, lon + span, lat + span / 2))
    player = "https://www.openstreetmap.org/export/embed.html?" + urlencode(
        {"bbox": bbox, "layer": "mapnik", "marker": f"{lat},{lon}"}
    )
    return Link(url, "openstreetmap", "OpenStreetMap", "map", player=player)


def _google_maps(url, parts):
    if not (parts.path.startswith("/maps") or (parts.hostname or "").startswith("maps.")):
        return None
    at = re.search(r"@(-?[\d.]+),(-?[\d.]+)(?:,(\d+(?:\.\d+)?)z)?", parts.path)
    place = re.search(r"/maps/(?:place|search)/([^/@]+)", parts.path)
    query = parse_qs(parts.query).get("q", [""])[0]
    if place:
        where = unquote(place.group(1)).replace("+", " ")
    elif query:
        where = query
    elif at:
        where = f"{at.group(1)},{at.group(2)}"
    else:
        return None
    zoom = int(float(at.group(3))) if at and at.group(3) else 14
    player = "https://www.google.com/maps?" + urlencode({"q": where, "z": zoom, "output": "embed"})
    return Link(url, "googlemaps", "Google Maps", "map", title=where, player=player)


def _documentcloud(url, parts):
    match = re.search(r"/documents/(\d+[-\w]*)", parts.path)
    if not match:
        return None
    slug = match.group(1).removesuffix(".html")
    player = f"https://embed.documentcloud.org/documents/{slug}/?embed=1&responsive=1"
    return Link(url, "documentcloud", "DocumentCloud", "document", title=slug, player=player)


def _last_segment(path):
    return unquote(path.rstrip("/").rsplit("/", 1)[-1])


# Hosts (and their subdomains) and the function that reads their URLs.
_READERS = [
    ({"youtube.com", "youtu.be", "youtube-nocookie.com"}, _youtube),
    ({"vimeo.com"}, _vimeo),
    ({"soundcloud.com"}, _soundcloud),
    ({"commons.wikimedia.org"}, _commons),
    ({"wikipedia.org"}, _wikipedia),
    ({"openstreetmap.org", "osm.org"}, _openstreetmap),
    ({"google.com", "google.co.uk"}, _google_maps),
    ({"documentcloud.org"}, _documentcloud),
]
