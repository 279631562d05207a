"""beta-divergence NMF by multiplicative updates (Fevotte & Idier 2011) in plain numpy, served to NmfGrid.

Written the way scikit-learn's solver='mu' updates (_multiplicative_update_w, then _multiplicative_update_h,
scikit-learn >= 1.3's clamp of WH at float32 eps, its stop test every 10 iterations), so from the same W0 and H0
it reproduces NmfGrid's built-in `mu`. Honours fix_W, fix_H and fixed_templates; alpha_W, alpha_H and l1_ratio
are scaled as scikit-learn does.

    algorithm: {name: external, command: "python3 python/examples/numpy_beta_mu.py", beta: 1.0}
"""

import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from nmfgrid_model import serve  # noqa: E402

EPS = np.finfo(np.float32).eps  # the clamp for WH and zero denominators, whatever the dtype (scikit-learn's EPSILON)
TINY = np.finfo(np.float64).eps  # updated entries below it become 0 (stability for beta < 1)


def beta_divergence(V, W, H, beta):
    """D_beta(V | WH) summed over entries, with scikit-learn's conventions (1/2 at beta = 2)."""
    WH = W @ H
    if beta == 2:
        return 0.5 * np.sum((V - WH) ** 2)
    keep = V > EPS
    v, wh = V[keep], np.maximum(WH[keep], EPS)
    if beta == 1:
        return np.sum(v * np.log(v / wh)) - np.sum(v) + np.dot(W.sum(axis=0), H.sum(axis=1))
    if beta == 0:
        return np.sum(v / wh) - np.sum(np.log(v / wh)) - V.size
    return (np.sum(V ** beta) + (beta - 1) * np.sum(WH ** beta) - beta * np.sum(v * wh ** (beta - 1))) / (beta * (beta - 1))


def gamma(beta):
    """The exponent that makes each step a descent (Fevotte & Idier 2011)."""
    return 1 / (2 - beta) if beta < 1 else 1 / (beta - 1) if beta > 2 else 1.0


def update_w(V, W, H, beta, l1, l2):
    """The factor W is multiplied by: [(V .* WH^(beta-2)) H' ./ (WH^(beta-1) H' + l1 + l2 W)]^gamma."""
    if beta == 2:
        numerator, denominator = V @ H.T, W @ (H @ H.T)
    else:
        WH = np.maximum(W @ H, EPS)
        if beta == 1:
            numerator, denominator = (V / WH) @ H.T, np.broadcast_to(H.sum(axis=1), W.shape)
        else:
            numerator = (V * WH ** (beta - 2)) @ H.T
            denominator = (WH if beta < 1 else W @ H) ** (beta - 1) @ H.T
    return _ratio(numerator, denominator, W, beta, l1, l2)


def update_h(V, W, H, beta, l1, l2):
    """The factor H is multiplied by: [W' (V .* WH^(beta-2)) ./ (W' WH^(beta-1) + l1 + l2 H)]^gamma."""
    if beta == 2:
        numerator, denominator = W.T @ V, (W.T @ W) @ H
    else:
        WH = np.maximum(W @ H, EPS)
        if beta == 1:
            sums = W.sum(axis=0)
            numerator, denominator = W.T @ (V / WH), np.broadcast_to(np.where(sums == 0, 1.0, sums)[:, None], H.shape)
        else:
            numerator = W.T @ (V * WH ** (beta - 2))
            denominator = W.T @ (WH if beta < 1 else W @ H) ** (beta - 1)
    return _ratio(numerator, denominator, H, beta, l1, l2)


def _ratio(numerator, denominator, factor, beta, l1, l2):
    denominator = denominator + l1 + l2 * factor
    denominator[denominator == 0] = EPS
    return (numerator / denominator) ** gamma(beta)


def factorize(V, W0, H0, params):
    beta, max_iter, tol = float(params["beta"]), int(params["max_iter"]), float(params["tol"])
    F, T = V.shape
    # scikit-learn's scaling of the penalties: W's by the columns of V, H's by its rows.
    l1_w, l2_w = T * params["alpha_W"] * params["l1_ratio"], T * params["alpha_W"] * (1 - params["l1_ratio"])
    l1_h, l2_h = F * params["alpha_H"] * params["l1_ratio"], F * params["alpha_H"] * (1 - params["l1_ratio"])
    fixed = list(range(W0.shape[1])) if params["fix_W"] else list(params["fixed_templates"])
    W, H = W0.copy(), H0.copy()
    loss = beta_divergence(V, W, H, beta)
    history, error_at_init = [(0, loss)], np.sqrt(2 * loss)
    previous_error, previous_loss, converged, iteration = error_at_init, loss, False, 0
    for iteration in range(1, max_iter + 1):
        if not params["fix_W"]:
            known = W[:, fixed].copy()
            W = W * update_w(V, W, H, beta, l1_w, l2_w)
            if beta < 1:
                W[W < TINY] = 0
            W[:, fixed] = known
        if not params["fix_H"]:
            H = H * update_h(V, W, H, beta, l1_h, l2_h)
            if beta <= 1:
                H[H < TINY] = 0
        sklearn_check = params["stopping"] == "sklearn" and iteration % 10 == 0
        if not (sklearn_check or params["stopping"] == "nnfac" or iteration == max_iter):
            continue
        loss = beta_divergence(V, W, H, beta)
        history.append((iteration, loss))
        if tol <= 0:
            continue
        if sklearn_check:
            error = np.sqrt(2 * max(loss, 0))
            if (previous_error - error) / error_at_init < tol:
                converged = True
                break
            previous_error = error
        elif params["stopping"] == "nnfac":
            if abs(previous_loss - loss) < tol:
                converged = True
                break
            previous_loss = loss
    return W, H, {"iterations": iteration, "converged": converged, "loss_history": history}


if __name__ == "__main__":
    serve(factorize, name="numpy_beta_mu")
