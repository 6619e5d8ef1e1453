#!/usr/bin/env bash
# Reproduces the tables of docs/RESULTS.md ("Baselines, FISM and NAIS"): for each seed, ItemPop and
# ItemKNN, then FISM trained until validation stops improving (patience 5, at most 100 epochs),
# then NAIS-prod and NAIS-concat from that FISM (patience 3, at most 40 epochs); each evaluated on
# the test items at its validation-chosen epoch, by the sampled protocol (99 negatives) and by full
# ranking, and each NAIS model's attention measured. One JSON line per run goes to OUT/results.jsonl
# (scripts/results_table.py turns it into the tables).
# Usage: scripts/results.sh DATASET "SEEDS" OUT_DIR
# Needs target/nais.jar (mvn -B -q package -DskipTests) and NAIS_DATA_DIR for ml-100k.
set -euo pipefail
data=$1; seeds=$2; out=$3
mkdir -p "$out"
nais() { java -jar target/nais.jar "$@"; }
record() { # ROW SEED COMMAND...: runs COMMAND and appends its JSON line, tagged
  local row=$1 seed=$2; shift 2
  local line
  line=$(nais "$@" --json | tail -1)
  echo "{\"row\":\"$row\",\"data\":\"$data\",\"seed\":$seed,\"result\":$line}" >> "$out/results.jsonl"
}
for seed in $seeds; do
  for baseline in itempop itemknn; do
    record "$baseline" "$seed" evaluate --model "$baseline" --data "$data" --seed "$seed"
    record "$baseline-full" "$seed" evaluate --model "$baseline" --data "$data" --full-ranking
  done
  fism="$out/fism-$data-$seed"
  record fism "$seed" train --data "$data" --model fism --epochs 100 --patience 5 \
    --seed "$seed" --out "$fism"
  record fism-full "$seed" evaluate --model "$fism" --data "$data" --full-ranking
  for variant in prod concat; do
    model="$out/nais-$variant-$data-$seed"
    record "nais-$variant" "$seed" train --data "$data" --model "nais-$variant" --epochs 40 \
      --patience 3 --pretrain "$fism" --seed "$seed" --out "$model"
    record "nais-$variant-full" "$seed" evaluate --model "$model" --data "$data" --full-ranking
    record "nais-$variant-attention" "$seed" analyze attention --model "$model" --data "$data"
  done
done
