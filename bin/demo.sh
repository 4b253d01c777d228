#!/usr/bin/env bash
# The main job: the streaming demo in one process (docs/demo.md). An embedded Kafka broker, the topics,
# model v1 (a short training run) published, the exactly-once scorer with its live web view on
# http://localhost:8080/, labelled images streamed through Kafka, and model v2 (the article's full run)
# trained and published mid-stream: the console shows the live swap and the accuracy of each version.
#   make demo                                  (photos from ../shared/data beside the clone, else synthetic)
#   DATA=/path/to/shared/data make demo        (a folder with article/ and, optionally, holdout/)
#   bin/demo.sh --duration 60 --http-port 0    (any `catstream demo` option; see `bin/catstream demo --help`)
# The trainer on its own (train, evaluate on the holdout, predict): bin/demo-trainer.sh, make demo-trainer.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
data=${DATA:-$here/../shared/data}
args=()
if [ -d "$data/article/cats" ]; then
  args+=(--data "$data/article")
  if [ -d "$data/holdout/cats" ]; then
    args+=(--holdout "$data/holdout")
  fi
else
  echo "demo: no photos at $data/article: the demo draws synthetic images (catstream ships no photos)." >&2
  args+=(--synthetic)
fi
exec "$here/bin/catstream" demo "${args[@]}" "$@"
