#!/usr/bin/env bash
# Runs one of the benchmark commands of the test classes, io.catstream.bench.NAME, with the test classpath: what
# streaming.sh, soak.sh and scorer-memory.sh share (compile, classpath, JVM). Usage: bench/java-main.sh NAME [args]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
main=$1
shift
MVN=${MVN:-mvn -q -o}
$MVN test-compile
cp_file=target/bench-classpath.txt
$MVN dependency:build-classpath -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=test >/dev/null
exec java -Xmx1g --add-modules jdk.incubator.vector -cp "target/classes:target/test-classes:$(cat "$cp_file")" "io.catstream.bench.$main" "$@"
