#!/usr/bin/env bash
# Install everything the tests need and run the whole suite: `bash scripts/test.sh [pytest args]`.
# Debian's chromium (Playwright drives it; `playwright install` cannot download here) is installed when missing
# and we are root; otherwise it says what to run.
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBIAN_FRONTEND=noninteractive PYTHONUNBUFFERED=1

APT_PKGS=(chromium fonts-dejavu-core fonts-noto-color-emoji)
missing=()
for p in "${APT_PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
  if [ "$(id -u)" -ne 0 ]; then
    echo "Missing Debian packages: ${missing[*]}" >&2
    echo "Run as root: apt-get update && apt-get install -y --no-install-recommends ${missing[*]}" >&2
    exit 1
  fi
  echo "+ apt-get install ${missing[*]}"
  for i in 1 2 3; do apt-get update -qq && break; echo "apt-get update failed, retry $i"; sleep 5; done
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

PY=$(command -v python3.11 || command -v python3)
if [ ! -x .venv/bin/python ]; then "$PY" -m venv .venv; fi
.venv/bin/python -m pip install -q --disable-pip-version-check -e '.[test]'
.venv/bin/ruff check --quiet .
exec .venv/bin/python -m pytest "$@"
