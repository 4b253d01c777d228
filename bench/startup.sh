#!/usr/bin/env bash
# Where a restarted scorer's seconds go, and what AppCDS takes off them (issue #18, docs/operations.md "Restart and
# recovery"): real `catstream serve` JVMs on one embedded broker, each SIGKILLed and started again --runs times while
# images flow; the medians of serve's start-up milestones per way of starting it:
#   classpath      java -cp target/classes:<jars> (as the crash ITs start serve)
#   launcher       bin/catstream serve with CATSTREAM_CDS=off (the shaded jar)
#   launcher+cds   bin/catstream serve as shipped: the AppCDS archive its first start wrote
# Usage: bench/startup.sh [--runs 3] [--rate 30] [--variants classpath,launcher,launcher+cds] [--java-opts "-Xlog:…"]
#   --java-opts: more JVM options for the launcher variants, e.g. -Xlog:class+load:file=target/startup-bench/classes-%p.txt
#   --variants before --before-launcher DIR/bin/catstream: another checkout's jar (CDS off), e.g. the commit before a
#     change: git archive REV | tar -x -C DIR; cp bin/catstream DIR/bin/; (cd DIR && mvn -q -o package -DskipTests)
# Builds the jar first (mvn package, tests skipped). Takes ~1 min per run on a quiet machine. Check `uptime` first.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
MVN=${MVN:-mvn -q -o}
$MVN package -DskipTests
exec "$here/bench/java-main.sh" StartupBenchmark "$@"
