"""Article intake: URLs (from a local server), files, pasted text, and everything that can go wrong."""

import io
import json
import threading
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import CommandError, call_command

from timeline.curation import fetching
from timeline.curation.intake import IntakeError, Submission, import_article, take_in
from timeline.domain.models import Candidate, SourceArticle

ARTICLE_HTML = """<!doctype html><html><head><title>Meta cuts 600 AI jobs | The Daily Example</title>
<meta name="author" content="Jane Reporter"><meta property="og:site_name" content="The Daily Example">
<meta property="article:published_time" content="2025-10-23T09:00:00Z"></head>
<body><nav>Home | World | Tech</nav><article><h1>Meta cuts 600 AI jobs</h1>
<p>Meta said on Wednesday it would cut about 600 jobs in its artificial intelligence unit,
according to an internal memo.</p>
<p>The cuts hit FAIR and product teams, while TBD Lab was spared.
The company declined to comment further on the plans.</p>
<p>Shares rose 1% in late trading after the news was reported by several outlets on Wednesday evening.</p>
</article><footer>Copyright</footer></body></html>"""


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 (http.server's name)
        routes = {
            "/article": (200, "text/html; charset=utf-8", ARTICLE_HTML.encode()),
            "/huge": (200, "text/html", b"<p>" + b"x" * (2 * 1024 * 1024) + b"</p>"),
            "/image": (200, "image/png", b"\x89PNG"),
            "/missing": (404, "text/html", b"gone"),
            "/latin1": (200, "text/plain", "Caf\xe9 news".encode("latin-1")),
        }
        if self.path == "/redirect":
            self.send_response(302)
            self.send_header("Location", "/article")
            self.end_headers()
            return
        status, content_type, body = routes.get(self.path, (404, "text/plain", b""))
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def server(settings):
    settings.FETCH_ALLOW_PRIVATE_ADDRESSES = True  # the test server is on loopback
    settings.FETCH_MAX_BYTES = 1024 * 1024
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.mark.django_db
def test_import_from_url_reads_metadata_and_finds_candidates(server):
    """A news page gives title, publisher, author, date, text, and dated candidates."""
    article, created = import_article(f"{server}/article")
    assert created
    assert article.title == "Meta cuts 600 AI jobs"
    assert (article.publisher, article.author) == ("The Daily Example", "Jane Reporter")
    assert article.published_on == date(2025, 10, 23)
    assert "Home | World" not in article.text
    first = article.candidates.order_by("position").first()
    assert (
        first.period.start.to_date() == date(2025, 10, 22) and first.precision == "day"
    )  # "on Wednesday" before 23 Oct


@pytest.mark.django_db
def test_reimport_reuses_the_article_and_does_not_duplicate_candidates(server):
    """The same URL twice: one article, the same candidates; reviewed ones keep their decision."""
    article, _ = import_article(f"{server}/article")
    count = article.candidates.count()
    first = article.candidates.first()
    first.status = Candidate.Status.DISMISSED
    first.save()
    again, created = import_article(f"{server}/article")
    assert not created and again.pk == article.pk
    assert again.candidates.count() == count
    assert again.candidates.get(pk=first.pk).status == Candidate.Status.DISMISSED


@pytest.mark.django_db
def test_redirects_are_followed(server):
    """A redirect to the article is followed (and checked again)."""
    article, _ = import_article(f"{server}/redirect")
    assert article.title == "Meta cuts 600 AI jobs"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/huge", "larger than"),
        ("/image", "image/png"),
        ("/missing", "404"),
        ("/latin1", "not UTF-8"),
    ],
)
def test_bad_urls_fail_clearly_and_save_nothing(server, path, message):
    """Oversized, wrong type, missing, or undecodable: a clear error and no article."""
    with pytest.raises((fetching.FetchError, IntakeError), match=message):
        import_article(f"{server}{path}")
    assert not SourceArticle.objects.exists()


@pytest.mark.django_db
def test_private_addresses_are_refused_by_default(settings):
    """Without the setting, loopback and private addresses are not fetched."""
    settings.FETCH_ALLOW_PRIVATE_ADDRESSES = False
    for url in ("http://127.0.0.1:9/", "http://169.254.169.254/latest/meta-data/", "http://10.0.0.1/"):
        with pytest.raises(fetching.FetchError, match="private or local"):
            fetching.fetch(url)


@pytest.mark.django_db
def test_unreachable_host_and_bad_scheme(settings):
    """A closed port or a file:// URL is an error with a reason."""
    settings.FETCH_ALLOW_PRIVATE_ADDRESSES = True
    settings.FETCH_TIMEOUT_SECONDS = 2
    with pytest.raises(fetching.FetchError, match="Could not fetch"):
        fetching.fetch("http://127.0.0.1:9/")
    with pytest.raises(fetching.FetchError, match="Only http"):
        fetching.fetch("file:///etc/passwd")


@pytest.mark.django_db
def test_markdown_file_import_and_empty_article(tmp_path):
    """A Markdown file's heading becomes the title; an empty article is refused."""
    path = tmp_path / "story.md"
    path.write_text("# Big news\n\nMeta laid off 600 staff members on Wednesday.\n", encoding="utf-8")
    article, _ = import_article(str(path), published=date(2025, 10, 23))
    assert article.title == "Big news" and article.candidates.count() == 1
    empty = tmp_path / "empty.txt"
    empty.write_text("   \n")
    with pytest.raises(IntakeError, match="no text"):
        import_article(str(empty))
    with pytest.raises(IntakeError, match="no text"):
        take_in(Submission(text="", fields={"title": "x"}))


@pytest.mark.django_db
def test_non_utf8_file_is_refused(tmp_path):
    """A Latin-1 file is an error asking for UTF-8, not mojibake."""
    path = tmp_path / "latin.txt"
    path.write_bytes("Caf\xe9 society".encode("latin-1"))
    with pytest.raises(fetching.FetchError, match="UTF-8"):
        import_article(str(path))


@pytest.mark.django_db
def test_import_article_command_prints_json(tmp_path):
    """--json prints a list of candidates with passage, date, precision, confidence, figures and actors."""
    path = tmp_path / "story.md"
    path.write_text("Meta cut 600 jobs on Wednesday.\n\nThe mood was grim.\n", encoding="utf-8")
    out = io.StringIO()
    call_command("import_article", str(path), published="2025-10-23", json=True, stdout=out)
    (candidate,) = json.loads(out.getvalue())
    assert candidate["date"] == "2025-10-22" and candidate["precision"] == "day"
    assert candidate["figures"] == ["600 jobs"] and set(candidate) >= {"passage", "confidence", "actors"}


@pytest.mark.django_db
def test_import_article_command_errors():
    """A missing file or an unreadable --published date is a CommandError with the reason."""
    with pytest.raises(CommandError, match="No file"):
        call_command("import_article", "/nonexistent/story.md")
    with pytest.raises(CommandError, match="--published"):
        call_command("import_article", "/nonexistent/story.md", published="someday")
