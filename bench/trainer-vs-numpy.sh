#!/usr/bin/env bash
# catstream's GramDescent against the golden NumPy reference on the same .npz, same initial parameters.
#
# Usage: bench/trainer-vs-numpy.sh [DATA.npz] [--iterations N] [--skip-default]
#   DATA.npz  arrays X (n_x × m), Y (1 × m) float64; default target/bench/article.npz, made by
#             java --add-modules jdk.incubator.vector -jar target/catstream.jar export-dataset --data ../shared/data/article --out target/bench/article.npz
#             or, as a stand-in of the same size: /usr/bin/python3 bench/make_synthetic_npz.py target/bench/article.npz
#   --iterations N   default 2500 (the article); e.g. 100 for a quick check
#   --skip-default   skip the NumPy run with the machine's default environment (the slow one)
# Runs NumPy with the default environment, then with OPENBLAS_CORETYPE/OPENBLAS_L2_SIZE unset (its best), then
# io.catstream.bench.TrainerBenchmark from NumPy's init.npz, printing phase times, ratios and cost differences.
# Needs /usr/bin/python3 with numpy (python3-threadpoolctl to print the BLAS kernel); JAVA_OPTS adds JVM flags.
set -euo pipefail
cd "$(dirname "$0")/.."

DATA=target/bench/article.npz
ITERATIONS=2500
SKIP_DEFAULT=0
while [ $# -gt 0 ]; do
    case "$1" in
        --iterations) ITERATIONS="$2"; shift 2 ;;
        --skip-default) SKIP_DEFAULT=1; shift ;;
        -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
        -*) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
        *) DATA="$1"; shift ;;
    esac
done
if [ ! -f "$DATA" ]; then
    echo "no data set at $DATA: export it with 'catstream export-dataset' or make a synthetic one with" >&2
    echo "  /usr/bin/python3 bench/make_synthetic_npz.py $DATA" >&2
    exit 2
fi
OUT=target/bench/run
mkdir -p "$OUT"

echo "== $(date -u +%FT%TZ) $(uname -n): $(nproc) processors, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== build (test classpath)"
mvn -q -o test-compile
mvn -q -o dependency:build-classpath -Dmdep.outputFile=target/bench/test-classpath.txt -Dmdep.includeScope=test >/dev/null

seconds() { /usr/bin/python3 -c 'import json,sys; print("%.3f" % json.load(open(sys.argv[1]))["seconds"])' "$1/timing.json"; }

NUMPY_DEFAULT_SECONDS=""
if [ "$SKIP_DEFAULT" = 0 ]; then
    echo "== NumPy, machine's default environment"
    /usr/bin/python3 bench/numpy_train_npz.py "$DATA" --iterations "$ITERATIONS" --out "$OUT/numpy-default"
    NUMPY_DEFAULT_SECONDS=$(seconds "$OUT/numpy-default")
fi
echo "== NumPy, OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset (its best here)"
env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 bench/numpy_train_npz.py "$DATA" --iterations "$ITERATIONS" --out "$OUT/numpy-best"
NUMPY_BEST_SECONDS=$(seconds "$OUT/numpy-best")

echo "== catstream GramDescent (load average $(cut -d' ' -f1-3 /proc/loadavg))"
# shellcheck disable=SC2086
java --add-modules jdk.incubator.vector -Xmx6g ${JAVA_OPTS:-} \
    -cp "target/test-classes:target/classes:$(cat target/bench/test-classpath.txt)" \
    io.catstream.bench.TrainerBenchmark --data "$DATA" --iterations "$ITERATIONS" \
    --init "$OUT/numpy-best/init.npz" --numpy-final "$OUT/numpy-best/final.npz" \
    --numpy-best-seconds "$NUMPY_BEST_SECONDS" --numpy-default-seconds "$NUMPY_DEFAULT_SECONDS" 2>&1 \
    | grep -v 'Using incubator modules'
