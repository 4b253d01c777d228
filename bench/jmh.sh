#!/usr/bin/env bash
# JMH micro-benchmarks, ratios to a baseline measured in the same run printed at the end.
# Usage: bench/jmh.sh [BENCHMARK] [JMH options]
#   BENCHMARK: GemmBenchmark (default; the GEMM kernels on the Gram trainer's U·G shape) or PreprocessingBenchmark
#   (the scorer's per-image stages on real photos), e.g. bench/jmh.sh PreprocessingBenchmark -f 1 -wi 3 -i 5 -w 1s -r 1s
set -euo pipefail
cd "$(dirname "$0")/.."
benchmark=GemmBenchmark
if [[ $# -gt 0 && $1 == *Benchmark ]]; then
  benchmark=$1
  shift
fi
mkdir -p target/bench
mvn -q -o test-compile
mvn -q -o dependency:build-classpath -Dmdep.outputFile=target/bench/test-classpath.txt -Dmdep.includeScope=test >/dev/null
exec java --add-modules jdk.incubator.vector -Djava.awt.headless=true \
    -cp "target/test-classes:target/classes:$(cat target/bench/test-classpath.txt)" \
    "io.catstream.bench.$benchmark" "$@"
