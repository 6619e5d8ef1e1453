#!/usr/bin/env python3
"""Golden values for nais's NAIS and FISM blocks, from an implementation of its own (NumPy).

Writes, under src/test/resources/io/naisrec/golden/, one .npz of random parameters per model in
the layout `nais export --format npz` writes (history_embedding (N, D), target_embedding (N, D),
item_bias (N); for NAIS attention_W (D, A) for prod or (2D, A) for concat with the target part
first, attention_b (A), attention_h (A), beta (1)), and golden.json: for each model its
configuration and cases (a batch of histories and targets) with the logits and attention weights
of the paper's formulas:

    f_ij = h . relu(W x_ij + b),  x_ij = p_i * q_j (prod) or [p_i; q_j] (concat)
    a_ij = exp(f_ij) / (sum_j exp(f_ij)) ** beta       (FISM: a_ij = 1)
    y_ui = n ** -alpha * sum_j a_ij (p_i . q_j) + b_i

over the history items j that are not the target i itself. The Java test GoldenValuesTest loads
the arrays into the blocks and compares. Run from the project root: python3 scripts/nais_golden.py
"""
import json
import os

import numpy as np

OUT = os.path.join("src", "test", "resources", "io", "naisrec", "golden")
ITEMS = 12
MODELS = [
    # name, model, D, A, beta, learned beta, alpha
    ("prod-square", "nais-prod", 4, 4, 0.6, False, 0.0),
    ("concat-learned", "nais-concat", 4, 3, 0.35, True, 0.5),
    ("prod-softmax", "nais-prod", 3, 5, 1.0, False, 0.0),
    ("fism", "fism", 4, 0, 0.5, False, 0.5),
]
# each case: one history per row (or one shared by all rows) and a target per row
CASES = [
    {"histories": [[0, 3, 7, 1, 9]], "targets": [7, 2, 11, 0]},
    {"histories": [[5, 2], [4, 8, 6, 10, 1, 3], [11]], "targets": [2, 0, 11]},
]


def trunc_normal(rng, sigma, shape):
    values = rng.normal(0.0, sigma, size=shape)
    while True:
        out = np.abs(values) > 2 * sigma
        if not out.any():
            return values.astype(np.float32)
        values[out] = rng.normal(0.0, sigma, size=out.sum())


def forward(params, model, alpha, history, target):
    q = params["history_embedding"].astype(np.float64)
    p = params["target_embedding"].astype(np.float64)
    bias = params["item_bias"].astype(np.float64)
    items = [j for j in history if j != target]
    weights = np.ones(len(items))
    if model != "fism":
        w = params["attention_W"].astype(np.float64)
        b = params["attention_b"].astype(np.float64)
        h = params["attention_h"].astype(np.float64)
        beta = float(params["beta"][0])
        d = p.shape[1]
        f = []
        for j in items:
            if model == "nais-prod":
                x = p[target] * q[j]
                hidden = x @ w + b
            else:
                hidden = p[target] @ w[:d] + q[j] @ w[d:] + b
            f.append(np.maximum(hidden, 0) @ h)
        f = np.array(f)
        weights = np.exp(f) / np.exp(f).sum() ** beta
    similarity = np.array([p[target] @ q[j] for j in items])
    logit = max(1, len(items)) ** -alpha * (weights * similarity).sum() + bias[target]
    full = []
    used = iter(weights)
    for j in history:
        full.append(0.0 if j == target else float(next(used)))
    return float(logit), full


def main():
    rng = np.random.default_rng(20181)
    os.makedirs(OUT, exist_ok=True)
    golden = []
    for name, model, d, a, beta, learned, alpha in MODELS:
        params = {
            "history_embedding": trunc_normal(rng, 0.5, (ITEMS, d)),
            "target_embedding": trunc_normal(rng, 0.5, (ITEMS, d)),
            "item_bias": trunc_normal(rng, 0.5, (ITEMS,)),
        }
        if model != "fism":
            rows = 2 * d if model == "nais-concat" else d
            params["attention_W"] = trunc_normal(rng, 0.5, (rows, a))
            params["attention_b"] = trunc_normal(rng, 0.5, (a,))
            params["attention_h"] = trunc_normal(rng, 0.5, (a,))
            params["beta"] = np.array([beta], dtype=np.float32)
        np.savez(os.path.join(OUT, name + ".npz"), **params)
        cases = []
        for case in CASES:
            logits, weights = [], []
            for r, target in enumerate(case["targets"]):
                histories = case["histories"]
                history = histories[0] if len(histories) == 1 else histories[r]
                logit, full = forward(params, model, alpha, history, target)
                logits.append(logit)
                weights.append(full)
            cases.append(dict(case, logits=logits, weights=weights))
        golden.append({"name": name, "model": model, "embedding": d, "attention": a,
                       "beta": beta, "learn_beta": learned, "alpha": alpha, "cases": cases})
    with open(os.path.join(OUT, "golden.json"), "w") as f:
        json.dump(golden, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
