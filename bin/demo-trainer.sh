#!/usr/bin/env bash
# The trainer on its own (make demo-trainer; make demo runs the streaming demo, bin/demo.sh):
# train the article's network on the article photos, evaluate it on the never-trained-on holdout set,
# and classify a few images. Writes everything under target/demo/.
#   DATA=/path/to/shared/data make demo-trainer      (default: ../shared/data beside the clone)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
data=${DATA:-$here/../shared/data}
out=${OUT:-$here/target/demo}
cli="$here/bin/catstream"

if [ ! -d "$data/article/cats" ] || [ ! -d "$data/holdout/cats" ]; then
  echo "demo: no photos at $data/article and $data/holdout." >&2
  echo "demo: catstream ships no photos; point DATA at a folder with article/{cats,random_images} and holdout/{cats,random_images}." >&2
  exit 2
fi
mkdir -p "$out"

echo "== 1. train the article's network (49152,20,7,5,1; lr 0.0075; 2500 iterations; seed 1) on $data/article"
"$cli" train --data "$data/article" --out "$out/article.model" \
  --cost-log "$out/article-costs.csv" --cost-chart "$out/article-costs.png"

echo
echo "== 2. evaluate on the holdout set (never used for training or tuning)"
"$cli" evaluate --model "$out/article.model" --data "$data/holdout"

echo
echo "== 3. classify a few holdout images"
cats=("$data"/holdout/cats/*)
others=("$data"/holdout/random_images/*)
samples=("${cats[@]:0:3}" "${others[@]:0:3}")
"$cli" predict --model "$out/article.model" "${samples[@]}"

echo
echo "demo: model, cost log and cost chart are in $out"
