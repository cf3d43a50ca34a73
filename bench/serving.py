"""The app as production runs it, for `make compare` and `make loadtest`.

`database(size)` is a SQLite file holding the sample timeline (size 13) or a
bench/generate.py timeline of `size` events; `gunicorn(...)` serves it with
`gunicorn -c python:timeline.serving.gunicorn_conf`, DEBUG off, from the static files
collectstatic wrote (the Makefile verbs run it first).
"""

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / "data"
BIN = Path(sys.executable).parent
SAMPLE_SIZE = 13  # events in fixtures/meta_ai_restructuring.json
SAMPLE_SLUG = "meta-ai-restructuring"
BENCH_SLUG = "bench"


def slug_for(size):
    return SAMPLE_SLUG if size == SAMPLE_SIZE else BENCH_SLUG


def environment(database_path, **extra):
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "DATABASE_URL"))}
    env.update(
        DATABASE_URL=f"sqlite:///{database_path}",
        DJANGO_SECRET_KEY="bench-only-not-secret",
        DJANGO_SETTINGS_MODULE="timeline.settings",
        PYTHONPATH=str(ROOT),
        # One address sends every request here: per-address limits would answer 429 and measure nothing.
        RATE_LIMIT_PRINT="1000000/s",
        RATE_LIMIT_EXPORTS="1000000/s",
        RATE_LIMIT_OEMBED="1000000/s",
        **extra,
    )
    return env


def database(size):
    """The path of a database holding the sample (13) or a generated timeline of `size` events."""
    path = DATA / f"served-{size}.sqlite3"
    if path.exists():  # kept from an earlier run: brought up to this checkout's migrations (indexes too)
        subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=environment(path),
                       check=True)  # fmt: skip
        return path
    DATA.mkdir(parents=True, exist_ok=True)
    if size == SAMPLE_SIZE:
        for command in (["migrate", "--noinput", "-v0"], ["load_sample"]):
            subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=environment(path), check=True,
                           stdout=subprocess.DEVNULL)  # fmt: skip
    else:
        subprocess.run([sys.executable, "bench/generate.py", str(size), str(path)], cwd=ROOT,
                       env=environment(path), check=True)  # fmt: skip
    return path


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def gunicorn(database_path, *, wsgi="timeline.wsgi", port=None, env=None):
    """Serve `wsgi` on 127.0.0.1 with the project's gunicorn configuration; yields the base URL."""
    port = port or free_port()
    process = subprocess.Popen(
        [str(BIN / "gunicorn"), "-c", "python:timeline.serving.gunicorn_conf", "--access-logfile", "/dev/null", wsgi],
        cwd=ROOT,
        env=environment(database_path, GUNICORN_BIND=f"127.0.0.1:{port}", **(env or {})),
        stdout=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base + "/", process)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


def wait_until_up(url, process, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within {timeout} s")
