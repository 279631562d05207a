"""scikit-learn's NMF served to NmfGrid, from NmfGrid's W0 and H0 (init='custom').

    algorithm:
      name: external
      command: "python3 python/examples/sklearn_nmf.py"
      params: {solver: mu}        # or cd (beta = 2 only)

NmfGrid's orientation is scikit-learn's: V (F x T) is X, W (F x K) and H (K x T) are W and components_.
Fixed factors are not supported (scikit-learn keeps only H fixed, through update_H=False, and then ignores H0's
starting W); a job that asks for them fails with that message.
"""

import os
import sys
import warnings

from sklearn.decomposition import non_negative_factorization
from sklearn.exceptions import ConvergenceWarning

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from nmfgrid_model import serve  # noqa: E402


def factorize(V, W0, H0, params):
    if params["fix_W"] or params["fix_H"] or params["fixed_templates"]:
        raise ValueError("scikit-learn's NMF cannot keep templates or activations fixed from a given start")
    if params["stopping"] != "sklearn":
        raise ValueError("scikit-learn stops by its own rule; set algorithm.stopping: sklearn")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)  # reaching max_iter is a normal end here
        W, H, iterations = non_negative_factorization(
            V, W=W0.copy(), H=H0.copy(), n_components=int(params["rank"]), init="custom",
            solver=params.get("solver", "mu"), beta_loss=float(params["beta"]), max_iter=int(params["max_iter"]),
            tol=float(params["tol"]), alpha_W=float(params["alpha_W"]), alpha_H=float(params["alpha_H"]),
            l1_ratio=float(params["l1_ratio"]), shuffle=False, random_state=int(params["seed"]) & 0x7FFFFFFF)
    return W, H, {"iterations": iterations, "converged": iterations < int(params["max_iter"])}


if __name__ == "__main__":
    serve(factorize, name="sklearn_nmf")
