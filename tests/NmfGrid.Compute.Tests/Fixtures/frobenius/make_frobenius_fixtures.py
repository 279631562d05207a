#!/usr/bin/python3
"""Fixtures for the Frobenius solvers, from the data of ../sklearn-nmf/cd_frobenius_seed1.json.

cd_penalised_seed1.json: scikit-learn 1.2.1 'cd' (shuffle=False, tol=0) with alpha_W, alpha_H, l1_ratio.
hals_nnfac_seed1.json: nn_fac's nmf(update_rule="hals", deterministic=True) re-stated in numpy from its
published algorithm (hals_nnls_acc with alpha = inf, maxiter = 100, delta = 0.01; W then H), no penalty.
Usage: /usr/bin/python3 make_frobenius_fixtures.py   (run in this folder)
"""
import json
import numpy as np
from sklearn.decomposition import non_negative_factorization as nnf
from sklearn.decomposition._nmf import _beta_divergence

src = json.load(open("../sklearn-nmf/cd_frobenius_seed1.json"))
V, W0, H0 = (np.array(src[k]) for k in ("V", "W0", "H0"))
K = W0.shape[1]

def dump(name, d):
    with open(name, "w") as f:
        json.dump({k: (v.tolist() if isinstance(v, np.ndarray) else v) for k, v in d.items()}, f)

aW, aH, l1 = 0.05, 0.02, 0.3
W, H, n = nnf(V, W=W0.copy(), H=H0.copy(), n_components=K, init="custom", solver="cd", beta_loss=2.0,
              max_iter=15, tol=0.0, shuffle=False, alpha_W=aW, alpha_H=aH, l1_ratio=l1)
dump("cd_penalised_seed1.json", dict(solver="cd", iterations=int(n), alpha_W=aW, alpha_H=aH, l1_ratio=l1,
     V=V, W0=W0, H0=H0, W=W, H=H, loss=float(_beta_divergence(V, W, H, 2.0))))

def nnls_sweeps(UtM, UtU, V, maxiter=100, delta=0.01):
    """Solve min_{V>=0} ||M - UV|| by accelerated HALS sweeps over the rows of V (no time limit)."""
    V = V.copy()
    eps0, cnt, eps, counts = 0.0, 1, 1.0, 0
    while eps >= delta * eps0 and cnt <= maxiter:
        nodelta = 0.0
        for k in range(V.shape[0]):
            if UtU[k, k] != 0:
                d = np.maximum((UtM[k, :] - UtU[k, :] @ V) / UtU[k, k], -V[k, :])
                V[k, :] = V[k, :] + d
                nodelta += d @ d
        if cnt == 1:
            eps0 = nodelta
        eps = nodelta
        cnt += 1
    return V, cnt - 1

W, H = W0.copy(), H0.copy()
sweeps = []
for it in range(10):
    Wt, cw = nnls_sweeps(H @ V.T, H @ H.T, W.T)
    W = Wt.T
    H, ch = nnls_sweeps(W.T @ V, W.T @ W, H)
    sweeps.append([cw, ch])
dump("hals_nnfac_seed1.json", dict(solver="hals", iterations=10, inner_sweeps=sweeps, V=V, W0=W0, H0=H0,
     W=W, H=H, loss=float(_beta_divergence(V, W, H, 2.0))))
print("wrote cd_penalised_seed1.json, hals_nnfac_seed1.json; inner sweeps per iteration:", sweeps)
