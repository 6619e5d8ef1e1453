#!/usr/bin/env bash
# The β study of docs/RESULTS.md: one FISM pre-training, then NAIS-prod from it for each β.
# Usage: scripts/beta-study.sh DATASET SEED FISM_EPOCHS NAIS_EPOCHS OUT_DIR "BETAS"
# Needs target/nais.jar (mvn -B -q package -DskipTests).
set -euo pipefail
data=$1; seed=$2; fism_epochs=$3; nais_epochs=$4; out=$5; betas=$6
mkdir -p "$out"
fism="$out/fism-$data-$seed"
if [ ! -f "$fism/metadata.json" ]; then
  java -jar target/nais.jar train --data "$data" --model fism --epochs "$fism_epochs" \
    --seed "$seed" --out "$fism" --json | tail -1 >> "$out/results.jsonl"
fi
for beta in $betas; do
  java -jar target/nais.jar train --data "$data" --model nais-prod --beta "$beta" \
    --epochs "$nais_epochs" --pretrain "$fism" --seed "$seed" \
    --out "$out/nais-prod-$data-$seed-beta$beta" --json | tail -1 >> "$out/results.jsonl"
done
