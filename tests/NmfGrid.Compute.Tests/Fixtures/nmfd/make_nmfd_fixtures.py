"""Reference NMFD iterations (β-divergence MU for convolutive NMF) for ConvolutiveNmf's fixture tests.

Written straight from the update equations (Smaragdis 2004; Gorlow et al. arXiv:1803.05159), one lag at a
time, with scikit-learn's MU conventions: γ(β); Λ clamped to eps32 from below in the numerator when β < 2 and
in the denominator when β < 1; den == 0 → eps32; afterwards W entries < eps64 → 0 when β < 1, H's when β ≤ 1.
Run: /usr/bin/python3 make_nmfd_fixtures.py  (numpy only). Writes nmfd_beta{β}_iter{n}.json here.
"""
import json
import numpy as np

EPS32 = np.finfo(np.float32).eps
EPS64 = np.finfo(np.float64).eps


def gamma(beta):
    return 1 / (2 - beta) if beta < 1 else (1 / (beta - 1) if beta > 2 else 1.0)


def shift_right(h, tau):
    out = np.zeros_like(h)
    out[:, tau:] = h[:, : h.shape[1] - tau]
    return out


def shift_left(x, tau):
    out = np.zeros_like(x)
    out[:, : x.shape[1] - tau] = x[:, tau:]
    return out


def model(ws, h):
    return sum(w @ shift_right(h, tau) for tau, w in enumerate(ws))


def terms(v, lam, beta):
    num_base = np.maximum(lam, EPS32) if beta < 2 else lam
    den_base = np.maximum(lam, EPS32) if beta < 1 else lam
    return v * num_base ** (beta - 2), den_base ** (beta - 1)


def step(x, num, den, beta):
    den = np.where(den == 0, EPS32, den)
    return x * (num / den) ** gamma(beta)


def iterate(v, ws, h, beta):
    n, d = terms(v, model(ws, h), beta)
    ws = [step(w, n @ shift_right(h, tau).T, d @ shift_right(h, tau).T, beta) for tau, w in enumerate(ws)]
    if beta < 1:
        ws = [np.where(w < EPS64, 0.0, w) for w in ws]
    n, d = terms(v, model(ws, h), beta)
    num = sum(w.T @ shift_left(n, tau) for tau, w in enumerate(ws))
    den = sum(w.T @ shift_left(d, tau) for tau, w in enumerate(ws))
    h = step(h, num, den, beta)
    if beta <= 1:
        h = np.where(h < EPS64, 0.0, h)
    return ws, h


def divergence(v, lam, beta):
    """scikit-learn's _beta_divergence for dense V: V terms only where V > eps32, Λ clamped there."""
    if beta == 2:
        return 0.5 * np.sum((v - lam) ** 2)
    keep = v > EPS32
    x, y = v[keep], np.maximum(lam[keep], EPS32)
    if beta == 1:
        return np.sum(x * np.log(x / y)) + np.sum(lam) - np.sum(x)
    if beta == 0:
        return np.sum(x / y) - v.size - np.sum(np.log(x / y))
    return (np.sum(x ** beta) - beta * np.sum(x * y ** (beta - 1)) + (beta - 1) * np.sum(lam ** beta)) / (beta * (beta - 1))


def main():
    rows, frames, rank, lags = 7, 12, 2, 3
    for beta, iterations in [(0.0, 1), (0.5, 1), (1.0, 1), (2.0, 1), (3.0, 1), (1.0, 10)]:
        rng = np.random.default_rng(7)
        v = rng.uniform(0.05, 1.0, (rows, frames))
        ws = [rng.uniform(0.1, 1.0, (rows, rank)) for _ in range(lags)]
        h = rng.uniform(0.1, 1.0, (rank, frames))
        w0, h0 = [w.copy() for w in ws], h.copy()
        loss0 = divergence(v, model(ws, h), beta)
        for _ in range(iterations):
            ws, h = iterate(v, ws, h, beta)
        fixture = {
            "beta": beta, "iterations": iterations, "lags": lags, "rank": rank,
            "V": v.tolist(), "W0": [w.tolist() for w in w0], "H0": h0.tolist(),
            "W": [w.tolist() for w in ws], "H": h.tolist(),
            "loss0": loss0, "loss": divergence(v, model(ws, h), beta),
        }
        with open(f"nmfd_beta{beta}_iter{iterations}.json", "w") as f:
            json.dump(fixture, f)


if __name__ == "__main__":
    main()
