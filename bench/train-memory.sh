#!/usr/bin/env bash
# Issue #14, larger than memory: the heap of one epoch of `train --recipe mlp` and `--recipe cnn` on N synthetic
# images, before (every image decoded into memory, the code at --before, default 26fa45d) and after (examples
# streamed a mini-batch at a time, this checkout; with and without prefetch of the next batch).
# Each run is `catstream train` in its own JVM with -Xmx$XMX and -Xlog:gc; "live" is the largest heap after a GC
# (an upper bound on what the run keeps), "peak" the largest heap before one. A "before" run whose images cannot fit
# (16·N·3·64² bytes while loading) is skipped with that figure rather than left to fail.
# Usage: bench/train-memory.sh [--images 2000,100000] [--recipes mlp,cnn] [--before REF] [--xmx 8g] [--work DIR]
#   --images: comma-separated N; the images (160×120 JPEGs, ~4 KB each) are written once per N into --work and kept
# Time on a quiet 2-core machine: writing ~1 min per 20,000 images; one epoch decodes every image about 3 times
# (index, fit, epoch, evaluation): see docs/trainer.md, "Training larger than memory". Check `uptime` first.
# The last column, the first 16 hex digits of the weights' SHA-256, is the same for before and after: streaming
# changes what is held, not the model.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
MVN=${MVN:-mvn -B -q -o}
images=2000,100000
recipes=mlp,cnn
before=26fa45d
xmx=8g
work=target/train-memory
while [ $# -gt 0 ]; do
  case "$1" in
    --images) images=$2; shift 2 ;;
    --recipes) recipes=$2; shift 2 ;;
    --before) before=$2; shift 2 ;;
    --xmx) xmx=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    *) echo "unknown option $1 (see the header of $0)" >&2; exit 2 ;;
  esac
done
mkdir -p "$work"
work=$(cd "$work" && pwd)

$MVN package -DskipTests
$MVN test-compile
cp_file=target/bench-classpath.txt
$MVN dependency:build-classpath -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=test >/dev/null
after_jar=$work/after.jar
cp target/catstream.jar "$after_jar"
before_jar=$work/before-$before.jar
if [ ! -f "$before_jar" ]; then
  rm -rf "$work/before-src"
  git clone -q "$here" "$work/before-src"
  git -C "$work/before-src" checkout -q "$before"
  (cd "$work/before-src" && $MVN package -DskipTests)
  cp "$work/before-src/target/catstream.jar" "$before_jar"
  rm -rf "$work/before-src"
fi

xmx_bytes=$(python3 -c "import sys; s=sys.argv[1].lower(); print(int(float(s[:-1]) * {'k':1<<10,'m':1<<20,'g':1<<30}[s[-1]]) if s[-1] in 'kmg' else int(s))" "$xmx")
features=$((3 * 64 * 64))

# largest heap after and before a GC in a -Xlog:gc file, in MB
gc_peaks() {
  python3 - "$1" <<'PY'
import re, sys
unit = {'K': 1 / 1024, 'M': 1, 'G': 1024}
after = before = 0.0
for line in open(sys.argv[1]):
    m = re.search(r'(\d+)([KMG])->(\d+)([KMG])\(', line)
    if m:
        before = max(before, int(m.group(1)) * unit[m.group(2)])
        after = max(after, int(m.group(3)) * unit[m.group(4)])
print(f"{after:.0f} {before:.0f}")
PY
}

printf '%-5s %-20s %8s %10s %10s %8s %10s  %s\n' recipe code images "live MB" "peak MB" "wall s" "train s" "weights sha256"
for n in ${images//,/ }; do
  data=$work/images-$n
  if [ ! -f "$data/.complete" ]; then
    rm -rf "$data"
    java -cp "target/classes:target/test-classes:$(cat "$cp_file")" io.catstream.bench.SyntheticPhotoFolder "$n" "$data" >/dev/null
    touch "$data/.complete"
  fi
  for recipe in ${recipes//,/ }; do
    for code in before after after-no-prefetch; do
      jar=$after_jar; extra=()
      case $code in
        before) jar=$before_jar ;;
        after-no-prefetch) extra=(--no-prefetch) ;;
      esac
      if [ "$code" = before ] && [ $((16 * n * features)) -gt $((xmx_bytes * 9 / 10)) ]; then
        printf '%-5s %-20s %8d %10s %10s %8s %10s\n' "$recipe" "$code" "$n" "skipped:" "needs" ">=$((16 * n * features / 1000000))" "MB to load"
        continue
      fi
      log=$work/$recipe-$code-$n
      start=$(date +%s.%N)
      java -Xmx"$xmx" -Xlog:gc:file="$log.gc" --add-modules jdk.incubator.vector -jar "$jar" train --recipe "$recipe" \
        --data "$data" --epochs 1 --patience 0 --out "$log.model" "${extra[@]}" >"$log.out" 2>"$log.err" \
        || { echo "$recipe $code $n failed, see $log.err" >&2; tail -3 "$log.err" >&2; continue; }
      wall=$(python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.1f}')" "$start" "$(date +%s.%N)")
      read -r live peak < <(gc_peaks "$log.gc")
      train=$(sed -n 's/^training time: \([0-9.]*\) s.*/\1/p' "$log.out")
      sha=$(sed -n 's/^model written to .* (sha256 \(.\{16\}\).*/\1/p' "$log.out")
      printf '%-5s %-20s %8d %10s %10s %8s %10s  %s\n' "$recipe" "$code" "$n" "$live" "$peak" "$wall" "$train" "$sha"
    done
  done
done
