#!/usr/bin/env bash
# Reproduces the FISM / NAIS rows of docs/RESULTS.md: for each seed, FISM is trained (and kept
# as the pre-training of NAIS), then NAIS-prod and NAIS-concat start from it.
# Usage: scripts/results.sh DATASET "SEEDS" FISM_EPOCHS NAIS_EPOCHS OUT_DIR
# Needs target/nais.jar (mvn -B -q package -DskipTests) and NAIS_DATA_DIR for ml-100k.
set -euo pipefail
data=$1; seeds=$2; fism_epochs=$3; nais_epochs=$4; out=$5
mkdir -p "$out"
for seed in $seeds; do
  java -jar target/nais.jar train --data "$data" --model fism --epochs "$fism_epochs" \
    --seed "$seed" --out "$out/fism-$data-$seed" --json | tail -1 >> "$out/results.jsonl"
  for variant in prod concat; do
    java -jar target/nais.jar train --data "$data" --model "nais-$variant" \
      --epochs "$nais_epochs" --pretrain "$out/fism-$data-$seed" --seed "$seed" \
      --out "$out/nais-$variant-$data-$seed" --json | tail -1 >> "$out/results.jsonl"
  done
done
