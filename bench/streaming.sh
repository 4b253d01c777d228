#!/usr/bin/env bash
# The streaming scorer's throughput and latency on this machine, through a real (embedded) broker:
#   (a) images/s at max rate (and, labelled apart, the drain rate once the producer is done), (b) end-to-end
#   latency p50/p95/p99 at a fixed rate, both exactly-once; (e) max rate without and with truth for every image
#   1–30 s after it was scored on image-truth, after an unmeasured 30 s prelude whose truth comes during the run (the truth join's cost, docs/truth.md; --truth-images, default 45000; --truth-rounds N alternates the pair N times and prints mean and median);
#   the scorer runs as `catstream serve` in its own JVM with -Xmx256m and the Vector API module (as bin/catstream
#   and the Docker image start it); heap after GC; where the time goes.
# Usage: bench/streaming.sh [--images 6000] [--rate 200] [--seconds 20] [--threads 2]
#                           [--commit-interval 50ms] [--scorer-heap 256m] [--guarantee exactly_once_v2]
#                           [--data ../shared/data/article] [--warmup 3000] [--serve-config FILE]
#                           [--drift-statistics on|off] [--truth-images 45000] [--truth-rounds 1] [--challenger on|off]
#                           [--model article|random-cnn|FILE] [--engine auto|catstream|onnx-runtime] [--phases abcde]
#                           [--warmup-rounds 6] [--pin 1:0] [--jfr FILE.jfr] [--truth-after scored|sent]
#   --truth-after scored|sent: (e)'s truth 1–30 s after each image was scored (default: truth after its image, issue #12's case)
#            or after it was sent (at max rate much of it then comes before its image: the join's truth-first path)
#   --jfr: JFR recordings of the scorer: FILE during (a), and FILE-e-without-truth.jfr / FILE-e-with-truth.jfr during
#          (e)'s first round, printed side by side as sampled CPU per image by area (where the truth join's cost goes)
#   --pin SCORER:REST: the scorer on CPUs SCORER, the broker and load generator on CPUs REST (taskset): the scorer as
#            it runs where its broker is on other machines; e.g. the truth join's cost to the scorer alone
#   --model: what the scorer serves: the article network's shape with random weights (default), random-cnn (the
#            recommended CNN's shape with random weights: speed only), or a model file (e.g. from train --recipe cnn
#            or import-onnx); --engine is serve --engine; --phases ab runs only (a) max rate and (b) fixed rate
#   --challenger on: (f) after (a), a second model published as challenger (publish --as challenger) and the same
#                    max-rate run while it shadow-scores every image: the CPU cost of shadow scoring (issue #13,
#                    docs/gate.md); then the challenger is rejected
#   --serve-config: client properties for the scorer (its --command-config), e.g. producer.linger.ms=5
#   --drift-statistics off: the scorer without the drift statistics (serve --no-drift-statistics); run it beside a
#                           default run to measure their cost (docs/health.md, issue #17: >= 95 % of without)
# Takes about a minute plus 6000 / (images/s). Check `uptime` first: other load skews the numbers.
set -euo pipefail
exec "$(dirname "$0")/java-main.sh" StreamingBenchmark "$@"
