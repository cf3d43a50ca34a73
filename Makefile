# The few verbs a newcomer needs. `make run` and `make test` do all the set-up.
SHELL := /bin/bash
.DEFAULT_GOAL := run

PYTHON ?= $(shell command -v python3.13 2>/dev/null || ls -d $$HOME/.pyenv/versions/3.13*/bin/python3 2>/dev/null | tail -n1 || echo python3)
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
HOST ?= 127.0.0.1
PORT ?= 8000
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.runtime

# A random secret kept out of git, so `make run` serves with DEBUG off.
.secret_key:
	$(PY) -c "import secrets; print(secrets.token_urlsafe(50))" > $@

.PHONY: run dev editor superuser test test-sqlite test-postgres browser lint format bench bench-search bench-import eval eval-heideltime screenshots migrate sample clean staticfiles compare loadtest

migrate: $(VENV)/.runtime .secret_key
	DJANGO_SECRET_KEY=$$(cat .secret_key) $(PY) manage.py migrate --noinput
	DJANGO_SECRET_KEY=$$(cat .secret_key) $(PY) manage.py load_sample

run: migrate ## set up and serve on http://127.0.0.1:8000 (gunicorn + whitenoise)
	DJANGO_SECRET_KEY=$$(cat .secret_key) $(PY) manage.py collectstatic --noinput -v0
	@echo "Serving on http://$(HOST):$(PORT)/  (admin: http://$(HOST):$(PORT)/admin/, create a login with 'make editor')"
	DJANGO_SECRET_KEY=$$(cat .secret_key) GUNICORN_BIND=$(HOST):$(PORT) $(BIN)/gunicorn -c python:timeline.serving.gunicorn_conf timeline.wsgi

dev: migrate ## auto-reloading development server with DEBUG on
	DJANGO_DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

editor: migrate ## an admin login in the Editors group (no user management)
	DJANGO_SECRET_KEY=$$(cat .secret_key) $(PY) manage.py createeditor $${EDITOR_NAME:-editor}

superuser: migrate
	DJANGO_SECRET_KEY=$$(cat .secret_key) $(PY) manage.py createsuperuser

browser: ## Debian's Chromium for the browser tests (Playwright never downloads one)
	@bash tests/ensure_browser.sh
	@bash tests/ensure_timelinejs.sh

test: $(VENV)/.dev browser ## every test: SQLite (with the browser suite), then PostgreSQL with Redis
	$(MAKE) --no-print-directory test-sqlite
	$(MAKE) --no-print-directory test-postgres

test-sqlite: $(VENV)/.dev
	$(BIN)/pytest

test-postgres: $(VENV)/.dev
	bash tests/with_postgres.sh bash tests/with_redis.sh $(BIN)/pytest -m "not browser"

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# With DEBUG off, pages link content-hashed static files: the benchmarks serve what collectstatic writes.
staticfiles: $(VENV)/.runtime
	DJANGO_SECRET_KEY=collectstatic $(PY) manage.py collectstatic --noinput -v0

compare: $(VENV)/.dev browser staticfiles ## side by side with TimelineJS 3.9.11 in one Chromium: bytes, first event, LCP (and a bare page's, the floor)
	$(PY) bench/compare.py

loadtest: $(VENV)/.runtime staticfiles ## wrk against gunicorn at 13 and 10k events, beside a bare Django ceiling (LOADTEST_SECONDS=5)
	@command -v wrk >/dev/null || { [ "$$(id -u)" = 0 ] && DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -qq wrk; } \
		|| { echo "loadtest: wrk is missing; install the Debian package wrk" >&2; exit 1; }
	$(PY) bench/loadtest.py

bench: $(VENV)/.dev staticfiles ## server time and query counts at 1k, 10k and 100k events; the date parser's and extraction's worst cases; media weight
	$(PY) bench/run.py
	$(PY) bench/dates_worst_case.py
	$(PY) bench/extraction_worst_case.py
	$(PY) bench/media_weight.py

bench-search: $(VENV)/.dev staticfiles ## the combined filter with search at 100k events, on SQLite, then PostgreSQL
	$(PY) bench/search.py
	bash tests/with_postgres.sh $(PY) bench/search.py

bench-import: $(VENV)/.runtime staticfiles ## TimelineJS import (and bench/generate.py) time and peak memory at 1k and 100k; readers and saves during a 50k import
	$(PY) bench/import_bench.py

eval: $(VENV)/.runtime ## extraction scored on the hand-labelled corpus in tests/data/extraction
	DJANGO_SECRET_KEY=eval $(PY) manage.py extraction_report --corpus tests/data/extraction

eval-heideltime: $(VENV)/.runtime ## the same corpus and scoring for HeidelTime, a yardstick (own venv, never a dependency)
	bash bench/heideltime_eval.sh
	DJANGO_SECRET_KEY=eval $(PY) manage.py extraction_report --corpus tests/data/extraction \
		--candidates bench/data/heideltime_candidates.json

screenshots: $(VENV)/.dev browser ## docs/screenshots/*.png from the same browser setup
	$(PY) bench/screenshots.py

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache bench/data
