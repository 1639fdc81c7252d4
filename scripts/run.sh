#!/usr/bin/env bash
# Install eventapp into .venv (first time only) and run it: `bash scripts/run.sh [eventapp run flags]`.
# With no flags it serves the bundled Norwegian sample day (agenda/kickoff.toml) on port 8080.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=$(command -v python3.11 || command -v python3)
if [ ! -x .venv/bin/python ]; then "$PY" -m venv .venv; fi
if [ ! -x .venv/bin/eventapp ] || [ pyproject.toml -nt .venv/.installed ]; then
  .venv/bin/python -m pip install -q --disable-pip-version-check -e . && touch .venv/.installed
fi
exec .venv/bin/eventapp run "$@"
