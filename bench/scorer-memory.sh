#!/usr/bin/env bash
# Memory of `catstream serve` with a model scored by ONNX Runtime and by catstream's engine (issue #15): heap used
# after GC (jcmd GC.run + GC.heap_info), the JVM's native memory (jcmd VM.native_memory summary, NMT), VmRSS and
# VmHWM from /proc/PID/status; RSS − NMT is what ONNX Runtime (session, weights, arena) and other non-JVM memory hold.
# One scorer JVM per engine, each on its own embedded broker, after the same images at max rate.
# Usage: bench/scorer-memory.sh [--model random-cnn|article|FILE] [--images 1000] [--scorer-heap 256m] [--threads 2]
#                               [--engines onnx-runtime,catstream] [--data ../shared/data/article]
# Takes about a minute per engine plus the images. Check `uptime` first.
set -euo pipefail
exec "$(dirname "$0")/java-main.sh" ScorerMemory "$@"
