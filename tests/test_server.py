"""The app under real gunicorn, configured as production runs it: slow clients and junk queries.

These start gunicorn processes on a free port (tests/servers.py) against a
SQLite file with the sample timeline, so they take a few seconds each.
"""

import socket
import time
from urllib.parse import urlencode

import pytest

from .servers import Gunicorn, get, rss_bytes, sqlite_site

pytestmark = pytest.mark.server

SAMPLE = "meta-ai-restructuring"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return sqlite_site(tmp_path_factory.mktemp("site"))


def test_slow_header_clients_do_not_starve_the_public_page(site):
    """Six clients that send half their headers and stall (slowloris) leave the home page answering."""
    with Gunicorn(site, workers=2) as server:
        stalled = []
        try:
            for n in range(6):
                connection = socket.create_connection(("127.0.0.1", server.port), timeout=10)
                connection.sendall(f"GET /?stalled={n} HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ".encode())
                stalled.append(connection)
            time.sleep(1)  # let every worker pick up a stalled connection
            status, body = get(server.url + "/", timeout=20)
            assert status == 200
            assert b'role="feed"' in body
        finally:
            for connection in stalled:
                connection.close()


def junk_query(n):
    """About 4 KB of parameters the site does not know, different every time."""
    return urlencode({f"junk{n}_{i}": "x" * 120 for i in range(32)})


def filter_query(n):
    """A valid filter state, varied across categories, dates, order and text."""
    categories = ["layoffs", "hiring", "departures", "deals", "reorganisation", "models", "markets"]
    actors = ["meta", "mark-zuckerberg", "alexandr-wang", "scale-ai", "openai"]
    query = {"category": categories[n % len(categories)], "order": ("asc", "desc")[n % 2]}
    if n % 5 == 0:
        query["actor"] = actors[n // 5 % len(actors)]
    if n % 3:
        query["from"] = f"{2020 + n % 6}-{1 + n % 12:02d}"
    if n % 4 == 0:
        query["q"] = f"meta {n}"
    return urlencode(query)


def test_worker_memory_stays_flat_under_distinct_junk_queries(site):
    """500 distinct queries (4 KB of unknown parameters each, and valid filter mixes) grow one worker by < 30 MB."""
    with Gunicorn(site, workers=1) as server:
        (worker,) = server.worker_pids()
        for n in range(60):  # warm-up: code paths, templates, connections and caches all in use
            assert get(f"{server.url}/t/{SAMPLE}/?{junk_query(-n - 1)}")[0] == 200
            assert get(f"{server.url}/t/{SAMPLE}/?{filter_query(n)}")[0] == 200
        before = rss_bytes(worker)
        for n in range(500):
            query = junk_query(n) if n % 2 == 0 else f"{filter_query(n)}&{junk_query(n)}"
            assert get(f"{server.url}/t/{SAMPLE}/?{query}")[0] == 200
        after = rss_bytes(worker)
    print(f"worker RSS before {before / 2**20:.1f} MB, after 500 queries {after / 2**20:.1f} MB")
    assert after - before < 30 * 2**20
