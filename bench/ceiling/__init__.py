"""The ceiling for `make loadtest`: the least a Django app behind the same gunicorn can do.

Two views and nothing else (no database, no sessions, no middleware but
Django's common one): a bare response, and a page of 50 cards rendered from
a template much like the chronology's. What the real app reaches is read as
a share of these, measured in the same run on the same machine.
"""
