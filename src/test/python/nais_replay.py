#!/usr/bin/env python3
"""An independent NAIS-prod in NumPy, for replaying nais's training batch by batch.

Written from the paper (He et al., TKDE 2018) and the reference TensorFlow code
(AaronHeee/Neural-Attentive-Item-Similarity-Model, NAIS.py), not from nais's Java. For a
target i and the history items j of its user (j != i for a positive):

    e_ij = p_i * q_j,  z_ij = W^T e_ij + b,  f_ij = h . relu(z_ij)
    a_ij = exp(f_ij) / (sum_j exp(f_ij)) ** beta
    y_ui = sum_j a_ij (p_i . q_j) + b_i                     (alpha = 0, the default)
    loss = mean over the batch of log loss(sigmoid(y_ui), label)
           + l_P ||P||^2 + l_Q ||Q||^2 + l_W ||W||^2        (the L2 terms over whole tables)

Adagrad as TensorFlow's AdagradOptimizer: s <- s + g^2, w <- w - lr g / sqrt(s), s starting
at 1e-8. Gradients are written by hand and checked against finite differences (`gradcheck`).

    python3 src/test/python/nais_replay.py gradcheck
    python3 src/test/python/nais_replay.py replay DUMP_DIR
        DUMP_DIR as written by io.naisrec.train.ReplayDump: b000/, b001/, ... each with the
        batch's arrays, every parameter before the step, its gradient (the data term's: nais
        adds L2 in the optimizer) and the loss; computes them again in float64 from the same
        parameters and batch, and nais's step with Adagrad and the dense L2 gradient
    python3 src/test/python/nais_replay.py evaluate RATINGS MODEL.npz
        HR@10 of an exported nais model, with negatives of our own draw
    python3 src/test/python/nais_replay.py independent RATINGS EPOCHS SEED OUT_PREFIX
        trains from scratch (float32) with our own initialisation, negatives and user order
        (one batch per user, as the reference's batch_choice=user) and evaluates each epoch
    python3 src/test/python/nais_replay.py step-per-pass RATINGS EPOCHS SEED OUT_PREFIX
        the same, but every pass of nais's pass rule makes its own step (a hypothesis)
"""
import os
import sys

import numpy as np

BETA = 0.5
LR = 0.01
ACC0 = 1e-8
L2 = {"target_embedding": 1e-7, "history_embedding": 1e-7, "attention_w": 1e-5}
NAMES = ["history_embedding", "target_embedding", "item_bias", "attention_w", "attention_b",
         "attention_h"]


_BUFFERS = {}


def _buffer(slot, size, dtype):
    """A reused scratch array: fresh 100 MB arrays per chunk cost more in page faults than
    the arithmetic."""
    key = (slot, np.dtype(dtype))
    if key not in _BUFFERS or _BUFFERS[key].size < size:
        _BUFFERS[key] = np.empty(size, dtype)
    return _BUFFERS[key][:size]


def user_batch(params, history, masked, targets, labels, beta=BETA, rows_per_chunk=256):
    """Loss (mean log loss) and data gradients of one user's batch.

    history (L) item ids shared by every row; masked (B): the position of a positive's own
    target in the history, -1 for a negative; targets (B); labels (B) 0/1.
    Returns (loss, grads by name, logits).
    """
    Q = params["history_embedding"]
    P = params["target_embedding"]
    bias = params["item_bias"].reshape(-1)
    W = params["attention_w"]
    b = params["attention_b"].reshape(-1)
    h = params["attention_h"].reshape(-1)
    B = len(targets)
    L = len(history)
    q = Q[history]                                         # (L, D)
    grads = {k: np.zeros_like(v) for k, v in params.items()}
    dq = np.zeros_like(q)
    total = 0.0
    logits_all = np.empty(B)
    for lo in range(0, B, rows_per_chunk):
        hi = min(B, lo + rows_per_chunk)
        R = hi - lo
        t = targets[lo:hi]
        y = labels[lo:hi]
        p = P[t]                                           # (R, D)
        m = np.ones((R, L), dtype=q.dtype)
        pos = masked[lo:hi]
        rows = np.nonzero(pos >= 0)[0]
        m[rows, pos[rows]] = 0.0
        # z_rj = W^T (p_r * q_j) + b = q_j (diag(p_r) W) + b: one GEMM for every pair
        mcat = (p[:, :, None] * W[None]).transpose(1, 0, 2).reshape(W.shape[0], -1)  # (D, R A)
        n_a = W.shape[1]
        z2 = _buffer(0, L * R * n_a, q.dtype).reshape(L, R * n_a)
        np.matmul(q, mcat, out=z2)
        z = z2.reshape(L, R, n_a)
        z += b                                             # (L, R, A)
        r2 = _buffer(1, L * R * n_a, q.dtype).reshape(L * R, n_a)
        np.maximum(z2.reshape(-1, n_a), 0, out=r2)         # relu(z), (L R, A)
        f = (r2 @ h).reshape(L, R).T                       # (R, L)
        fm = np.where(m > 0, f, -np.inf)
        mx = fm.max(axis=1, keepdims=True)
        ex = np.exp(fm - mx) * m
        ssum = ex.sum(axis=1, keepdims=True)
        lse = np.log(ssum) + mx                            # (R, 1)
        a = np.exp(f - beta * lse) * m                     # exp(f) / (sum exp f)^beta
        sm = ex / ssum                                     # softmax over real positions
        s = p @ q.T                                        # (R, L): p_i . q_j
        logit = (a * s).sum(axis=1) + bias[t]
        logits_all[lo:hi] = logit
        # log loss, stable: softplus(x) - y x
        total += float(np.sum(np.logaddexp(0, logit) - y * logit))
        dlogit = (1 / (1 + np.exp(-logit)) - y) / B        # mean over the whole batch
        np.add.at(grads["item_bias"].reshape(-1), t, dlogit)
        da = dlogit[:, None] * s
        ds = dlogit[:, None] * a
        # a_j = m_j exp(f_j - beta lse): da_j/df_k = a_j (delta_jk - beta sm_k)
        df = da * a - beta * sm * (da * a).sum(axis=1, keepdims=True)     # (R, L)
        dfl = np.ascontiguousarray(df.T).reshape(-1)       # (L R)
        grads["attention_h"] += (r2.T @ dfl).reshape(grads["attention_h"].shape)
        # dz = df h [z > 0], in place over relu(z): sign(relu(z)) is [z > 0]
        np.sign(r2, out=r2)
        r2 *= dfl[:, None]
        r2 *= h.reshape(1, -1)
        dz2 = r2.reshape(L, R * n_a)
        grads["attention_b"] += r2.sum(axis=0).reshape(grads["attention_b"].shape)
        g = (q.T @ dz2).reshape(W.shape[0], R, n_a)        # (D, R, A)
        grads["attention_w"] += np.einsum("rd,dra->da", p, g)
        dp = (g * W[:, None, :]).sum(axis=2).T + ds @ q    # (R, D)
        dq += dz2 @ mcat.T + ds.T @ p                      # (L, D)
        np.add.at(grads["target_embedding"], t, dp)
    np.add.at(grads["history_embedding"], history, dq)
    return total / B, grads, logits_all


def l2_gradients(params):
    """The gradient 2 lambda w of the L2 terms, over whole tables (the reference's loss)."""
    return {k: (2 * L2[k] * params[k] if k in L2 else np.zeros_like(params[k])) for k in params}


def adagrad(params, grads, acc, lr=LR):
    """TensorFlow's dense Adagrad: s += g^2; w -= lr g / sqrt(s)."""
    out = {}
    for k in params:
        acc[k] = acc[k] + grads[k] ** 2
        out[k] = params[k] - lr * grads[k] / np.sqrt(acc[k])
    return out


def gradcheck(seed=1):
    rng = np.random.default_rng(seed)
    n, d, a_size, L = 9, 4, 3, 6
    params = {"history_embedding": rng.normal(0, 0.5, (n + 1, d)),
              "target_embedding": rng.normal(0, 0.5, (n, d)),
              "item_bias": rng.normal(0, 0.1, (n, 1)),
              "attention_w": rng.normal(0, 0.7, (d, a_size)),
              "attention_b": rng.normal(0, 0.3, (a_size,)),
              "attention_h": rng.normal(1, 0.3, (a_size, 1))}
    history = np.array([0, 3, 5, 7, 2, 8])
    masked = np.array([1, -1, -1, 4, -1, 2, -1])
    targets = np.array([3, 1, 6, 2, 4, 5, 3])
    labels = np.array([1, 0, 0, 1, 0, 1, 0], dtype=float)
    _, grads, _ = user_batch(params, history, masked, targets, labels, rows_per_chunk=3)
    worst = 0.0
    for k, v in params.items():
        num = np.zeros_like(v)
        for idx in np.ndindex(v.shape):
            old = v[idx]
            v[idx] = old + 1e-6
            up = user_batch(params, history, masked, targets, labels)[0]
            v[idx] = old - 1e-6
            down = user_batch(params, history, masked, targets, labels)[0]
            v[idx] = old
            num[idx] = (up - down) / 2e-6
        err = np.abs(num - grads[k]).max() / max(np.abs(num).max(), 1e-12)
        worst = max(worst, err)
        print(f"{k:18s} max |analytic - numeric| / max |numeric| = {err:.2e}")
    assert worst < 1e-6, worst
    print("gradients agree with finite differences")


def load_batch(dirname):
    arrays = {k[:-4]: np.load(os.path.join(dirname, k)) for k in os.listdir(dirname)}
    params = {k: arrays[k].astype(np.float64) for k in NAMES}
    grads = {k: arrays[k + ".grad"].astype(np.float64) for k in NAMES}
    return arrays, params, grads


def rel(ours, theirs):
    scale = np.abs(ours).max()
    return np.abs(ours - theirs).max() / scale if scale > 0 else np.abs(theirs).max()


def replay(dump):
    batches = sorted(x for x in os.listdir(dump) if x.startswith("b"))
    acc = None
    stepped = None
    worst_grad = {k: 0.0 for k in NAMES}
    worst_step = {k: 0.0 for k in NAMES}
    worst_loss = 0.0
    for name in batches:
        arrays, params, nais_grads = load_batch(os.path.join(dump, name))
        if acc is None:
            acc = {k: np.full_like(v, ACC0) for k, v in params.items()}
        history = arrays["history"].reshape(-1)
        masked = arrays["masked"]
        targets = arrays["targets"]
        labels = arrays["labels"].astype(np.float64)
        loss, grads, _ = user_batch(params, history, masked, targets, labels)
        line = [f"{name}: L {len(history):4d} B {len(targets):5d} loss nais "
                f"{float(arrays['loss'][0]):.7f} numpy {loss:.7f}"]
        if stepped is not None:
            line.append("params after nais's step vs numpy Adagrad from the previous batch: "
                        + " ".join(f"{k.split('_')[0][:4]}_{k.split('_')[-1][:3]} "
                                   f"{rel(stepped[k], params[k]):.1e}" for k in NAMES))
        line.append("grad rel diff: " + " ".join(
            f"{k} {rel(grads[k], nais_grads[k]):.1e}" for k in NAMES))
        print("\n  ".join(line), flush=True)
        worst_loss = max(worst_loss, abs(loss / float(arrays["loss"][0]) - 1))
        for k in NAMES:
            worst_grad[k] = max(worst_grad[k], rel(grads[k], nais_grads[k]))
            if stepped is not None:
                worst_step[k] = max(worst_step[k], rel(stepped[k], params[k]))
        # the step from nais's own parameters with the numpy gradient plus the dense L2
        l2 = l2_gradients(params)
        # padding row of Q is no parameter in the reference: keep it out of the step
        full = {k: grads[k] + l2[k] for k in NAMES}
        stepped = adagrad(params, full, acc)
    print(f"over {len(batches)} batches: loss relative difference <= {worst_loss:.1e}")
    print("max relative gradient difference: " + ", ".join(
        f"{k} {v:.1e}" for k, v in worst_grad.items()))
    print("max relative parameter difference after a step: " + ", ".join(
        f"{k} {v:.1e}" for k, v in worst_step.items()))


def read_split(ratings):
    """nais's leave-one-out split of a `::` ratings file (docs/PROTOCOL.md): dense ids in order
    of first appearance, histories by time (file order on ties), duplicates keep the first,
    the last item of each history held out. Returns (train histories, test items, item count).
    """
    users, items, rows = {}, {}, {}
    with open(ratings) as f:
        for line_no, line in enumerate(f):
            u, i, _, t = line.rstrip("\n").split("::")
            uu = users.setdefault(u, len(users))
            ii = items.setdefault(i, len(items))
            rows.setdefault(uu, {})
            if ii not in rows[uu]:
                rows[uu][ii] = (int(t), line_no)
    train, test = [], []
    for u in range(len(users)):
        seq = [i for i, _ in sorted(rows[u].items(), key=lambda kv: kv[1])]
        train.append(np.array(seq[:-1]))
        test.append(seq[-1])
    return train, np.array(test), len(items)


def evaluate(params, train, test, num_items, negatives=99, k=10, seed=7, beta=BETA):
    """HR@k and NDCG@k against `negatives` items the user never saw (ties count against)."""
    rng = np.random.default_rng(seed)
    Q = params["history_embedding"]
    P = params["target_embedding"]
    bias = params["item_bias"].reshape(-1)
    W = params["attention_w"]
    b = params["attention_b"].reshape(-1)
    h = params["attention_h"].reshape(-1)
    hits, ndcgs, ranks = [], [], []
    for u, hist in enumerate(train):
        seen = np.zeros(num_items, bool)
        seen[hist] = True
        seen[test[u]] = True
        pool = np.nonzero(~seen)[0]
        cands = np.concatenate([[test[u]], rng.choice(pool, negatives, replace=False)])
        q = Q[hist]
        scores = np.empty(len(cands))
        for lo in range(0, len(cands), 25):
            p = P[cands[lo:lo + 25]]
            f = np.maximum((p[:, None, :] * q[None]) @ W + b, 0) @ h      # (C, L)
            mx = f.max(axis=1, keepdims=True)
            lse = np.log(np.exp(f - mx).sum(axis=1, keepdims=True)) + mx
            a = np.exp(f - beta * lse)
            scores[lo:lo + 25] = (a * (p @ q.T)).sum(axis=1) + bias[cands[lo:lo + 25]]
        rank = int(np.sum(scores[1:] >= scores[0]))
        ranks.append(rank)
        hits.append(rank < k)
        ndcgs.append(1 / np.log2(rank + 2) if rank < k else 0.0)
    return float(np.mean(hits)), float(np.mean(ndcgs)), np.array(ranks)


def trunc_normal(rng, sigma, shape):
    """TensorFlow's truncated normal: redraw values beyond 2 sigma."""
    values = rng.normal(0.0, sigma, size=shape)
    while True:
        out = np.abs(values) > 2 * sigma
        if not out.any():
            return values
        values[out] = rng.normal(0.0, sigma, size=out.sum())


def init_params(num_items, rng, d=16, a_size=16, dtype=np.float32):
    """The reference's initialisation; Q has a zero padding row at index num_items."""
    sigma = np.sqrt(2.0 / (a_size + d))
    q = np.vstack([trunc_normal(rng, 0.01, (num_items, d)), np.zeros((1, d))])
    params = {"history_embedding": q,
              "target_embedding": trunc_normal(rng, 0.01, (num_items, d)),
              "item_bias": np.zeros((num_items, 1)),
              "attention_w": trunc_normal(rng, sigma, (d, a_size)),
              "attention_b": trunc_normal(rng, sigma, (a_size,)),
              "attention_h": np.ones((a_size, 1))}
    return {k: v.astype(dtype) for k, v in params.items()}


def reference_batches(train, num_items, rng, negatives=4):
    """One batch per user, users shuffled: each training item a positive, `negatives` items
    outside the user's training items per positive, drawn with replacement (Batch_gen.py)."""
    for u in rng.permutation(len(train)):
        hist = train[u]
        seen = np.zeros(num_items, bool)
        seen[hist] = True
        n = len(hist)
        negs = rng.integers(0, num_items, size=(n, negatives))
        bad = seen[negs]
        while bad.any():
            negs[bad] = rng.integers(0, num_items, size=bad.sum())
            bad = seen[negs]
        targets = np.concatenate([hist[:, None], negs], axis=1).reshape(-1)
        labels = np.zeros((n, 1 + negatives), np.float32)
        labels[:, 0] = 1
        masked = np.full((n, 1 + negatives), -1)
        masked[:, 0] = np.arange(n)
        yield hist, masked.reshape(-1), targets, labels.reshape(-1)


def train_epoch(params, batches, acc, log_every=500):
    """One epoch of the reference's training: per batch the data gradient, the dense L2
    gradient over whole tables, and a dense Adagrad step."""
    losses = []
    for step, (hist, masked, targets, labels) in enumerate(batches):
        rows = max(1, 2_000_000 // max(len(hist), 1))
        loss, grads, _ = user_batch(params, hist, masked, targets, labels, rows_per_chunk=rows)
        l2 = l2_gradients(params)
        full = {k: grads[k] + l2[k] for k in params}
        full["history_embedding"][-1] = 0          # the padding row is a constant
        params = adagrad(params, full, acc)
        losses.append(loss)
        if log_every and (step + 1) % log_every == 0:
            print(f"  step {step + 1}: mean loss {np.mean(losses[-log_every:]):.4f}",
                  flush=True)
    return params, float(np.mean(losses))


def step_per_pass(batches, max_pair_elements=1 << 23, attention=16, d=16):
    """A hypothesis about another implementation, not the reference: each user's batch cut
    into nais's passes (rows x max(L, D) x A <= 2^23, consecutive rows) and every pass made
    a step of its own, instead of the passes' gradients adding up to one step."""
    for hist, masked, targets, labels in batches:
        rows = len(targets)
        chunks = max(1, min(rows, -(-rows * max(len(hist), d) * attention
                                    // max_pair_elements)))
        per = -(-rows // chunks)
        for lo in range(0, rows, per):
            yield hist, masked[lo:lo + per], targets[lo:lo + per], labels[lo:lo + per]


def independent_run(ratings, epochs, seed, out, passes_step=False):
    """Train from scratch with our own initialisation, sampler and user order; evaluate."""
    train, test, num_items = read_split(ratings)
    rng = np.random.default_rng(seed)
    params = init_params(num_items, rng)
    acc = {k: np.full_like(v, ACC0) for k, v in params.items()}
    for epoch in range(epochs):
        batches = reference_batches(train, num_items, rng)
        if passes_step:
            batches = step_per_pass(batches)
        params, loss = train_epoch(params, batches, acc)
        hr, ndcg, _ = evaluate(params, train, test, num_items)
        print(f"epoch {epoch + 1}: loss {loss:.4f} HR@10 {hr:.4f} NDCG@10 {ndcg:.4f}",
              flush=True)
        np.savez(f"{out}-epoch{epoch + 1}.npz", **params)


if __name__ == "__main__":
    if sys.argv[1] == "gradcheck":
        gradcheck()
    elif sys.argv[1] == "replay":
        replay(sys.argv[2])
    elif sys.argv[1] == "evaluate":
        # evaluate RATINGS MODEL.npz: nais's exported model (`nais export --format npz`)
        split = read_split(sys.argv[2])
        model = np.load(sys.argv[3])
        names = {"attention_w": "attention_W"}
        params = {k: model[names.get(k, k)].astype(np.float64) for k in NAMES}
        for seed in (7, 8):
            hr, ndcg, _ = evaluate(params, *split, seed=seed)
            print(f"negatives seed {seed}: HR@10 {hr:.4f} NDCG@10 {ndcg:.4f}")
    elif sys.argv[1] == "independent":
        # independent RATINGS EPOCHS SEED OUT_PREFIX
        independent_run(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5])
    elif sys.argv[1] == "step-per-pass":
        # step-per-pass RATINGS EPOCHS SEED OUT_PREFIX: as independent, a step per pass
        independent_run(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5], True)
