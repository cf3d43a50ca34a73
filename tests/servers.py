"""Real gunicorn servers for the tests that need one: started with timeline/serving/gunicorn_conf.py on a free port.

A test gets a site (a database URL with the sample timeline in it) and starts
one or more `Gunicorn`s on it; each is stopped, by its own process id, when
the `with` block ends.
"""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = Path(sys.executable).with_name("gunicorn")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def site_environment(database_url, **extra):
    """The environment a server process runs with: the site's settings, not the tests'."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "PYTEST", "REDIS_URL"))}
    env.update(DJANGO_SECRET_KEY="server-tests-key-not-secret", DATABASE_URL=database_url, PYTHONPATH=str(ROOT))
    env.update(extra)
    return env


def sqlite_site(directory):
    """A SQLite database file in `directory`, migrated, with the sample timeline loaded; its URL."""
    url = f"sqlite:///{directory / 'site.sqlite3'}"
    env = site_environment(url)
    for command in (["migrate", "--noinput", "-v0"], ["loaddata", "meta_ai_restructuring", "-v0"]):
        subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True, timeout=300)
    return url


_collected = False


def collect_static(env):
    """collectstatic as `make run` does it, once per test run: with DEBUG off, pages link the
    content-hashed names its manifest gives."""
    global _collected
    if not _collected:
        subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env,
                       check=True, timeout=300)  # fmt: skip
        _collected = True


def get(url, timeout=30):
    """(status, body) of a GET, whatever the status."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


class Gunicorn:
    """gunicorn with the project's configuration, as `make run` starts it."""

    def __init__(self, database_url, *, workers=2, **env):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = site_environment(
            database_url, GUNICORN_BIND=f"127.0.0.1:{self.port}", GUNICORN_WORKERS=str(workers), **env
        )
        self.workers = workers
        self.process = None

    def __enter__(self):
        collect_static(self.env)
        self.process = subprocess.Popen(
            [GUNICORN, "-c", "python:timeline.serving.gunicorn_conf", "timeline.wsgi", "--access-logfile", "/dev/null"],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited: {self.process.stderr.read().decode()[-2000:]}")
            try:
                if get(self.url + "/timelines/", timeout=5)[0] == 200 and len(self.worker_pids()) == self.workers:
                    return self
            except OSError:
                pass
            time.sleep(0.3)
        self.__exit__()
        raise RuntimeError("gunicorn did not answer within 120 s")

    def __exit__(self, *exc_info):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def worker_pids(self):
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in children.read_text().split()] if children.exists() else []


def rss_bytes(pid):
    """A process's resident memory, from /proc/<pid>/status."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    raise RuntimeError(f"no VmRSS for process {pid}")
