#!/usr/bin/env bash
# The truth join's state per image and per hour of truth window at 1,000 images/s (docs/truth.md, "State and cost"):
# the scoring topology on TopologyTestDriver with its real RocksDB stores; N images with UUID ids, truth for a
# fraction, all inside one window. Prints RocksDB bytes and changelog bytes per image. No broker; ~1 min for 200,000.
# Usage: bench/truth-state.sh [--images 200000] [--truth-fraction 0.6]
set -euo pipefail
exec "$(dirname "$0")/java-main.sh" TruthStateSize "$@"
