#!/usr/bin/env bash
# JMH micro-benchmark of the GEMM kernels on the Gram trainer's U·G shape (GemmBenchmark), ratios printed at the end.
# Usage: bench/jmh.sh [JMH options]   e.g. bench/jmh.sh -f 1 -wi 3 -i 5 -w 1s -r 1s   (defaults: JMH's own, ~several minutes)
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p target/bench
mvn -q -o test-compile
mvn -q -o dependency:build-classpath -Dmdep.outputFile=target/bench/test-classpath.txt -Dmdep.includeScope=test >/dev/null
exec java --add-modules jdk.incubator.vector -cp "target/test-classes:target/classes:$(cat target/bench/test-classpath.txt)" \
    io.catstream.bench.GemmBenchmark "$@"
