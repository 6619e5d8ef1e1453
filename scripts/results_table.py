#!/usr/bin/env python3
"""Markdown tables from the results.jsonl files that scripts/results.sh writes.

Usage: python3 scripts/results_table.py OUT_DIR [OUT_DIR...]
Prints, per dataset, the test HR@10 / NDCG@10 (sampled, at the validation-chosen epoch for the
trained models), full-ranking HR@10 / Recall@50, the chosen epoch and the attention measures,
as the mean over seeds with each seed in brackets.
"""
import json
import sys
from collections import defaultdict


def load(folders):
    rows = defaultdict(dict)  # (data, row) -> seed -> result
    for folder in folders:
        with open(folder + "/results.jsonl") as f:
            for line in f:
                r = json.loads(line)
                rows[(r["data"], r["row"])][r["seed"]] = r["result"]
    return rows


def cell(values, digits=4):
    values = [v for v in values if v is not None]
    if not values:
        return "–"
    mean = sum(values) / len(values)
    each = ", ".join(f"{v:.{digits}f}" for v in values)
    return f"{mean:.{digits}f} ({each})"


def main():
    rows = load(sys.argv[1:])
    for data in sorted({d for d, _ in rows}):
        print(f"### {data}\n")
        print("| model | test HR@10 | test NDCG@10 | full HR@10 | full Recall@50 | chosen epoch "
              "(of) |")
        print("|---|---|---|---|---|---|")
        for model in ["itempop", "itemknn", "fism", "nais-prod", "nais-concat"]:
            sampled = rows.get((data, model), {})
            full = rows.get((data, model + "-full"), {})
            seeds = sorted(sampled)
            epochs = " ".join(f"{sampled[s]['best_epoch']} ({sampled[s]['epochs']})"
                              for s in seeds if "best_epoch" in sampled[s])
            print(f"| {model} | {cell([sampled[s]['hr@10'] for s in seeds])} "
                  f"| {cell([sampled[s]['ndcg@10'] for s in seeds])} "
                  f"| {cell([full[s]['hr@10'] for s in seeds if s in full])} "
                  f"| {cell([full[s]['recall@50'] for s in seeds if s in full])} "
                  f"| {epochs or '–'} |")
        print()
        print("| model | validation HR@10 | mean CV of a_ij | mean max/min | entropy / uniform |")
        print("|---|---|---|---|---|")
        for model in ["nais-prod", "nais-concat"]:
            trained = rows.get((data, model), {})
            attention = rows.get((data, model + "-attention"), {})
            seeds = sorted(attention)
            print(f"| {model} "
                  f"| {cell([trained[s]['validation']['hr@10'] for s in seeds if s in trained])} "
                  f"| {cell([attention[s]['mean_cv'] for s in seeds])} "
                  f"| {cell([attention[s]['mean_max_min'] for s in seeds], 3)} "
                  f"| {cell([attention[s]['mean_relative_entropy'] for s in seeds])} |")
        print()


if __name__ == "__main__":
    main()
