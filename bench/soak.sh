#!/usr/bin/env bash
# Soak: the streaming scorer at a steady rate for a bounded time, through a real (embedded) broker, exactly-once.
# `catstream serve` runs in its own JVM (-Xmx256m); real photos cycled from ../shared/data/article. Prints per window
# (a minute) images/s and produce -> label visible latency p50/p95/p99, and the scorer's heap after a forced GC at the
# start and the end (a flat heap is the goal). docs/resilience.md has a measured run.
# Usage: bench/soak.sh [--minutes 10] [--rate 200] [--threads 2] [--scorer-heap 256m] [--window-seconds 60]
#                      [--data ../shared/data/article]
set -euo pipefail
exec "$(dirname "$0")/java-main.sh" SoakBenchmark "$@"
