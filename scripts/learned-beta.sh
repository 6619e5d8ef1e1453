#!/usr/bin/env bash
# Learned β against the best fixed β (docs/RESULTS.md): on the first seed, FISM (20 epochs) then
# NAIS-prod (5 epochs) for each β of GRID and for --beta learn; on the other seeds, the grid's
# best β (HR@10 on the first seed) and --beta learn. Prints one line per run and the means.
# Usage: scripts/learned-beta.sh DATASET "GRID" "SEEDS" OUT_DIR
# Needs target/nais.jar (mvn -B -q package -DskipTests) and NAIS_DATA_DIR for ml-100k.
set -euo pipefail
data=$1; grid=$2; seeds=$3; out=$4
first=${seeds%% *}
here=$(dirname "$0")
"$here/beta-study.sh" "$data" "$first" 20 5 "$out" "$grid learn"
best=$(jq -rs --arg d "$data" --argjson s "$first" '[.[] | select(.dataset == $d and .seed == $s
  and .model == "nais-prod" and .beta_learned == false)] | max_by(.["hr@10"]) | .beta' \
  "$out/results.jsonl")
best=$(printf '%.1f' "$best")
echo "best fixed beta on seed $first: $best"
for seed in ${seeds#"$first"}; do
  "$here/beta-study.sh" "$data" "$seed" 20 5 "$out" "$best learn"
done
jq -rs --arg d "$data" '.[] | select(.dataset == $d and .model == "nais-prod") |
  "\(.seed) \(if .beta_learned then "learned" else "fixed" end) beta \(.beta) HR@10 \(.["hr@10"]) NDCG@10 \(.["ndcg@10"]) best epoch \(.best_epoch)"' "$out/results.jsonl"
