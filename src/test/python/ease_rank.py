#!/usr/bin/env python3
"""An independent EASE^R in NumPy under nais's leave-one-out full-ranking protocol, and the
full-ranking quality of B's best rank-D approximations (docs/RESULTS.md, "Full ranking first").

Written from the paper (Steck, WWW 2019), not from nais's Java: each user's latest interaction
(by time, file order on ties) is the test item; X is the binary matrix of the rest;
B = I - P / diag(P), P = (X^T X + lambda I)^-1, diag B = 0; every item outside the training
history is ranked (ties count against the test item). Then B is cut to rank D by its SVD and
ranked the same way: what an item-embedding model of size D (score sum_j p_i . q_j) could
reach if it learned EASE's item-item matrix.

    python3 src/test/python/ease_rank.py ../shared/data/ml-100k/u.data tab 100 16,64,256

A fifth argument (power iterations, e.g. 2,8,16) also ranks with the randomized SVD's rank-D
factors (Halko, Martinsson and Tropp: D + 10 Gaussian directions, that many power iterations),
what `train --pretrain ease` starts NAIS from, and prints the full SVD's rows last.
"""
import sys, numpy as np
path, sep = sys.argv[1], sys.argv[2]
rows = []
with open(path) as f:
    for n, line in enumerate(f):
        p = line.strip().split(sep if sep != 'tab' else '\t')
        if not p[0].isdigit(): continue
        rows.append((p[0], p[1], float(p[3])))
users = {}; items = {}
for u, i, t in rows:
    users.setdefault(u, []).append((t, i))
for u in users: pass
# item ids in order of first appearance (ids only matter as indices)
for u, i, t in rows: items.setdefault(i, len(items))
U = len(users); N = len(items)
train = np.zeros((U, N), dtype=np.float64); test = np.zeros(U, dtype=int)
for k, (u, h) in enumerate(users.items()):
    order = sorted(range(len(h)), key=lambda x: (h[x][0], x))   # by time, file order on ties
    last = order[-1]
    test[k] = items[h[last][1]]
    for x in order[:-1]: train[k, items[h[x][1]]] = 1
lam = float(sys.argv[3])
G = train.T @ train + lam * np.eye(N)
P = np.linalg.inv(G); B = -P / np.diag(P); np.fill_diagonal(B, 0)
def evaluate(S):
    S = S.copy(); S[train > 0] = -np.inf
    t = S[np.arange(U), test]
    rank = (S > t[:, None]).sum(1) + (S == t[:, None]).sum(1) - 1   # ties count against
    hr10 = (rank < 10).mean(); hr50 = (rank < 50).mean()
    ndcg = np.where(rank < 10, 1 / np.log2(rank + 2), 0).mean()
    return hr10, ndcg, hr50
print(f"users {U} items {N} lambda {lam}")
print("EASE full rank: HR@10 %.4f NDCG@10 %.4f Recall@50 %.4f" % evaluate(train @ B))
def randomized(d, q, rng):
    Y = np.linalg.qr(rng.standard_normal((N, d + 10)))[0]
    for _ in range(q):
        Y = np.linalg.qr(B @ np.linalg.qr(B.T @ Y)[0])[0]
    v, s, wt = np.linalg.svd(B.T @ Y, full_matrices=False)   # B^T Y = v s wt
    return ((Y @ wt.T)[:, :d] * s[:d]) @ v[:, :d].T
if len(sys.argv) > 5:
    for d in [int(x) for x in sys.argv[4].split(',')]:
        for q in [int(x) for x in sys.argv[5].split(',')]:
            Bd = randomized(d, q, np.random.default_rng(1))
            print("rank %4d, %2d power iterations: HR@10 %.4f NDCG@10 %.4f Recall@50 %.4f"
                  % ((d, q) + evaluate(train @ Bd)), flush=True)
u_, s_, vt = np.linalg.svd(B)
for d in [int(x) for x in sys.argv[4].split(',')]:
    Bd = (u_[:, :d] * s_[:d]) @ vt[:d]
    print("rank %4d: HR@10 %.4f NDCG@10 %.4f Recall@50 %.4f" % ((d,) + evaluate(train @ Bd)),
          " | with zero diagonal: HR@10 %.4f NDCG@10 %.4f Recall@50 %.4f" % evaluate(train @ (Bd - np.diag(np.diag(Bd)))))
