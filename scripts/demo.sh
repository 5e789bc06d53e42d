#!/usr/bin/env bash
# The main job on the embedded default: set up, then read chitieu's bundled sample documents and show
# their targets and results.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
.venv/bin/chitieu extract chitieu/samples/*.md
