#!/usr/bin/python3
"""Fixtures for the constrained models, re-stated in numpy from the published update equations.

sparse_*.json: sparse NMF with W normalised inside the cost (Le Roux, Weninger & Hershey, MERL TR2015-023),
  D_beta(V | W̄H) + mu·ΣH; H first (MU, exponent 1, floor 1e-9 on WH and on the denominators), then W by the
  "well done" normalised-gradient split, then W's columns back to unit L2 norm. Start: W normalised, H rescaled.
  w_ind / h_ind: the reference's per-component update masks (false: that template / activation row is kept).
minvol_*.json: min-vol beta-NMF (Leplat, Gillis & Ang, IEEE TSP 2020), D_beta(V|WH) + lam·ln det(WᵀW + delta·I),
  W's columns on the unit simplex. Start: W scaled to unit column sums, H rescaled; lam = lam_tilde·D_beta(V|W0H0)
  / |log10 det(W0ᵀW0 + delta·I)|. One iteration: H by beta-MU (exponent gamma(beta), floor eps64), then each column
  of W minimises the MM surrogate under Σ_f W_fk = 1 exactly (Lagrange multiplier found here by bisection; the IS
  cubic solved with numpy.roots), then W ≥ eps64. Losses: D_beta with scikit-learn's convention (½ for beta=2).
Usage: /usr/bin/python3 make_constrained_fixtures.py   (run in this folder)
"""
import json
import numpy as np

FLR = 1e-9
EPS = 2.220446049250313e-16


def betadiv(V, L, beta):
    if beta == 2: return 0.5 * np.sum((V - L) ** 2)
    if beta == 1: return np.sum(V * np.log(V / L) - V + L)
    if beta == 0: return np.sum(V / L - np.log(V / L) - 1)
    return np.sum(V ** beta + (beta - 1) * L ** beta - beta * V * L ** (beta - 1)) / (beta * (beta - 1))


def dump(name, d):
    with open(name, "w") as f:
        json.dump({k: (v.tolist() if isinstance(v, np.ndarray) else v) for k, v in d.items()}, f)


# ---------------------------------------------------------------- sparse NMF
def sparse_iteration(V, W, H, beta, mu, w_ind, h_ind):
    L = np.maximum(W @ H, FLR)
    if h_ind.any():
        Wh = W[:, h_ind]
        if beta == 1:
            dph, dmh = Wh.sum(0)[:, None] + mu, Wh.T @ (V / L)
        else:
            dph, dmh = Wh.T @ L ** (beta - 1) + mu, Wh.T @ (V * L ** (beta - 2))
        H[h_ind] = H[h_ind] * dmh / np.maximum(dph, FLR)
        L = np.maximum(W @ H, FLR)
    if w_ind.any():
        Hw, Ww = H[w_ind], W[:, w_ind]
        P, Q = (V * L ** (beta - 2)) @ Hw.T, L ** (beta - 1) @ Hw.T
        W[:, w_ind] = Ww * (P + Ww * (Q * Ww).sum(0)) / np.maximum(Q + Ww * (P * Ww).sum(0), FLR)
        W = W / np.sqrt((W ** 2).sum(0))
    return W, H


def sparse_case(name, V, W0, H0, beta, mu, iterations, w_ind, h_ind):
    n = np.sqrt((W0 ** 2).sum(0))
    W, H = W0 / n, H0 * n[:, None]
    loss0 = betadiv(V, W @ H, beta) + mu * H.sum()
    for _ in range(iterations):
        W, H = sparse_iteration(V, W, H, beta, mu, w_ind, h_ind)
    dump(name, dict(model="sparse_mu", beta=beta, sparsity=mu, iterations=iterations, V=V, W0=W0, H0=H0, W=W, H=H,
                    fixed_templates=[int(k) for k in np.flatnonzero(~w_ind)],
                    fixed_activations=[int(k) for k in np.flatnonzero(~h_ind)],
                    loss0=float(loss0), loss=float(betadiv(V, W @ H, beta) + mu * H.sum())))


# ---------------------------------------------------------------- min-vol beta-NMF
def gamma(beta):
    return 1 / (2 - beta) if beta < 1 else (1 / (beta - 1) if beta > 2 else 1.0)


def logdet(W, delta):
    return np.linalg.slogdet(W.T @ W + delta * np.eye(W.shape[1]))[1]


def column_of_multiplier(beta, mu, c):
    if beta == 1:
        C, S, D, Wt = c
        x = C + mu
        return Wt * (np.sqrt(x * x + S) - x) / D
    if beta == 2:
        num, den, Wt = c
        return np.maximum(0, Wt * (num - mu) / den)
    a, b, d = c  # largest real root of a·w³ + (b+mu)·w² + d = 0
    roots = [np.roots([ai, bi + mu, 0, di]) for ai, bi, di in zip(a, b, d)]
    return np.array([r[np.abs(r.imag) < 1e-9 * np.maximum(1, np.abs(r))].real.max() for r in roots])


def multiplier(beta, c):
    lo, hi = -1.0, 1.0
    while column_of_multiplier(beta, lo, c).sum() < 1: lo *= 2
    while column_of_multiplier(beta, hi, c).sum() > 1: hi *= 2
    for _ in range(200):
        m = 0.5 * (lo + hi)
        if column_of_multiplier(beta, m, c).sum() > 1: lo = m
        else: hi = m
    return 0.5 * (lo + hi)


def minvol_iteration(V, W, H, beta, lam, delta):
    K = W.shape[1]
    L = W @ H
    if beta == 1: H = H * (W.T @ (V / L)) / (W.T @ np.ones_like(V))
    elif beta == 2: H = H * (W.T @ V) / (W.T @ W @ H)
    else: H = H * ((W.T @ (V * L ** (beta - 2))) / (W.T @ L ** (beta - 1))) ** gamma(beta)
    H = np.maximum(H, EPS)
    L = W @ H
    Y = np.linalg.inv(W.T @ W + delta * np.eye(K))
    Yp, Ym = np.maximum(Y, 0), np.maximum(-Y, 0)
    WYp, WYm = W @ (Yp + Ym), W @ Ym
    Wn = W.copy()
    for k in range(K):
        Wt = W[:, k]
        if beta == 1:
            c = (H[k].sum() - 4 * lam * WYm[:, k], 8 * lam * WYp[:, k] * ((V / L) @ H[k]), 4 * lam * WYp[:, k], Wt)
        elif beta == 2:
            c = (V @ H[k] + 4 * lam * WYm[:, k], W @ (H @ H[k]) + 2 * lam * WYp[:, k], Wt)
        else:
            c = (2 * lam * WYp[:, k] / Wt, (1 / L) @ H[k] - 4 * lam * WYm[:, k], -((V / L ** 2) @ H[k]) * Wt ** 2)
        Wn[:, k] = column_of_multiplier(beta, multiplier(beta, c), c)
    return np.maximum(Wn, EPS), H


def minvol_case(name, V, W0, H0, beta, lam_tilde, delta, iterations):
    s = W0.sum(0)
    W, H = W0 / s, H0 * s[:, None]
    lam = lam_tilde * betadiv(V, W @ H, beta) / abs(logdet(W, delta) / np.log(10))
    loss0 = betadiv(V, W @ H, beta) + lam * logdet(W, delta)
    for _ in range(iterations):
        W, H = minvol_iteration(V, W, H, beta, lam, delta)
    dump(name, dict(model="minvol", beta=beta, lambda_tilde=lam_tilde, delta=delta, lam=float(lam), iterations=iterations,
                    V=V, W0=W0, H0=H0, W=W, H=H, loss0=float(loss0),
                    loss=float(betadiv(V, W @ H, beta) + lam * logdet(W, delta))))


rng = np.random.default_rng(20260101)
F, T, K = 7, 9, 3
V = (rng.random((F, K)) ** 2) @ rng.random((K, T)) + 0.05
W0, H0 = rng.random((F, K)) + 0.2, rng.random((K, T)) + 0.2
every = np.ones(K, bool)
for beta in (0.0, 0.5, 1.0, 2.0):
    sparse_case(f"sparse_beta{beta}_iter1.json", V, W0, H0, beta, 0.2, 1, every, every)
sparse_case("sparse_beta1.0_iter5.json", V, W0, H0, 1.0, 0.2, 5, every, every)
sparse_case("sparse_beta1.0_masked_iter3.json", V, W0, H0, 1.0, 0.2, 3, np.array([True, False, True]), np.array([True, True, False]))
for beta in (0.0, 1.0, 2.0):
    minvol_case(f"minvol_beta{beta}_iter1.json", V, W0, H0, beta, 0.5, 0.1, 1)
minvol_case("minvol_beta1.0_iter5.json", V, W0, H0, 1.0, 0.5, 0.1, 5)
