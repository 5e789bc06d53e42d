#!/usr/bin/env bash
# The whole test suite on a fresh machine: installs what it needs, starts PostgreSQL, runs ruff, import-linter, mypy
# and every test (unit, corpus, PostgreSQL, browser, slow).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
# shellcheck source=scripts/postgres.sh
. scripts/postgres.sh
.venv/bin/ruff check chitieu tests bench
.venv/bin/lint-imports
.venv/bin/mypy
exec .venv/bin/pytest -o addopts="" -ra --strict-markers -p no:schemathesis -p no:cacheprovider -n 2 "$@"
