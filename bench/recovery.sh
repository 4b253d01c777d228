#!/usr/bin/env bash
# What a scorer's restart, stop, roll and failover cost (issue #18, docs/deployment.md): real `catstream serve` JVMs
# on one embedded broker, killed (SIGKILL) or stopped (SIGTERM) for real while images flow, every run audited for
# exactly-once. One table at the end: SIGKILL + restart with defaults (static membership), the same with dynamic
# membership (--instance-id none: the baseline), SIGTERM + restart, a rolling restart of two instances (p50/p99 latency
# during the roll), a failover without and with --standby-replicas 1 after --fill images (full truth-join stores).
# Each restarted scorer's start-up breakdown is printed on its `recovery:` line. Scorers start through bin/catstream
# (the jar packaged first, and serve's AppCDS archive, which each scenario's first start writes).
# Usage: bench/recovery.sh [--rate 30] [--fill 20000] [--roll-images 1500] [--failover-images 900]
#                          [--scenarios kill,kill-dynamic,term,roll,failover0,failover1]
# Small, to see that it works: bench/recovery.sh --fill 2000 --roll-images 600 --failover-images 450
# Takes ~10 minutes on a quiet machine (the dynamic-membership row alone waits out Kafka's 45 s session).
# Check `uptime` first: other load skews every number.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
MVN=${MVN:-mvn -q -o}
# the jar: every scorer starts through bin/catstream, as an operator's does (the jar, AppCDS)
$MVN package -DskipTests
cp_file=target/bench-classpath.txt
$MVN dependency:build-classpath -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=test >/dev/null
exec java -Xmx1g -Dcatstream.scorer.launcher="$here/bin/catstream" -cp "target/classes:target/test-classes:$(cat "$cp_file")" \
  io.catstream.bench.RecoveryBenchmark "$@"
