#!/usr/bin/env bash
# The main job on the embedded default: set up, then start the web application on an SQLite register filled
# from chitieu's bundled sample documents. It prints the address and the first login (user admin).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
exec .venv/bin/chitieu serve "$@"
