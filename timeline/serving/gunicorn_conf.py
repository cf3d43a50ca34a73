"""How gunicorn serves the app: `gunicorn -c python:timeline.serving.gunicorn_conf timeline.wsgi`.

`make run`, the load test and the multi-server test all start it this way, so
there is one place that says how many workers, of which kind, with which
timeouts. docs/operations.md explains the choices and what to put in front.

Why threads: a sync worker serves one connection at a time, so two clients
that open a connection and send their headers slowly took both workers and
the public page timed out. With `gthread`, each worker's main loop accepts
connections and waits for their first bytes without a thread (gunicorn hands
an idle new connection back to its poller after 5 seconds), and a request
ties up one of `threads` only while it is being read and answered. A client
that dribbles its headers still holds a thread until it finishes, so one
server stands `workers * threads` such clients; a buffering proxy in front
(nginx, Caddy) takes them all, which is why production puts one there.

The heartbeat `timeout` is not a limit on a request here: the main loop
notifies the arbiter whatever the threads are doing, so a long streamed
export is not killed midway (with sync workers it would be).
"""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "2"))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "8"))
# Open connections per worker, idle kept-alive ones included; beyond this a worker stops accepting.
worker_connections = 200

# A worker whose main loop is silent this long is stuck: the arbiter kills and replaces it.
timeout = 30
# On restart (a deploy, SIGHUP), requests under way get this long to finish.
graceful_timeout = 20
# An idle kept-alive connection is closed after this many seconds. Behind a proxy that keeps
# connections to us open, raise it above the proxy's own idle timeout (docs/operations.md).
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))

# Requests larger than a browser ever sends are refused with a 400 before Django sees them.
limit_request_line = 8190  # the request line, URL and query string included
limit_request_fields = 60  # header count
limit_request_field_size = 8190  # one header's size

# Reload a worker now and then, so a slow leak in any library cannot grow for ever;
# the jitter keeps workers from restarting together. Not often: a new worker starts with an
# empty per-process cache, so the next reader of each page waits for it to be rendered again
# (at 5,000 requests, a worker under load restarted every few seconds, and its cold pages were
# the load test's p99).
max_requests = 100_000
max_requests_jitter = 10_000

# Tell gunicorn which proxies may set X-Forwarded-Proto (and so wsgi.url_scheme); Django reads the
# header itself when DJANGO_SECURE_COOKIES is on. Default: only a proxy on this machine.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

accesslog = "-"
