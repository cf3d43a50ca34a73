"""How gunicorn serves the app: `gunicorn -c python:timeline.gunicorn_conf timeline.wsgi`.

`make run`, the load test and the multi-server test all start it this way, so
there is one place that says how many workers, of which kind, with which
timeouts.
"""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "2"))
accesslog = "-"
