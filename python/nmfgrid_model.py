"""Serve an NMF model written in Python to NmfGrid (`algorithm: {name: external, command: "python3 my_model.py"}`).

Write one function and hand it to `serve`:

    import numpy as np
    from nmfgrid_model import serve

    def factorize(V, W0, H0, params):
        # V (F x T), W0 (F x K), H0 (K x T): float64 arrays, NmfGrid's initialisation.
        # params: the config's algorithm.params, plus the job's settings rank, beta, max_iter, tol,
        # stopping, seed, alpha_W, alpha_H, l1_ratio, fix_W, fix_H, fixed_templates.
        W, H = W0.copy(), H0.copy()
        ...
        return W, H            # or (W, H, losses), or (W, H, info)

    if __name__ == "__main__":
        serve(factorize)

The optional third value is either a list of losses (one per iteration, or (iteration, loss) pairs) or a dict
with any of "iterations", "converged", "loss_history" and "extras". Without it the job reports max_iter
iterations. NmfGrid computes the final loss itself (the same beta-divergence as for its own solvers).

This file implements NmfGrid's model protocol, version 1 (docs/extending.md): one JSON object per line, a
greeting on start, then one request on stdin and one reply on stdout per job; matrices travel as .npy files.
It needs only numpy. What the model prints goes to stderr (NmfGrid keeps it for the job's error message), so
stdout stays the protocol's. An exception in factorize fails that job only; the process serves the next one.
"""

import json
import math
import sys
import traceback

import numpy as np

PROTOCOL = 1

# The job settings every request carries beside "params".
JOB_KEYS = ("rank", "beta", "max_iter", "tol", "stopping", "seed", "alpha_W", "alpha_H", "l1_ratio",
            "fix_W", "fix_H", "fixed_templates")


def serve(factorize, name=None, stdin=None, stdout=None):
    """Answer NmfGrid's requests with `factorize(V, W0, H0, params)` until stdin closes."""
    stdin = stdin if stdin is not None else sys.stdin
    protocol_out = stdout if stdout is not None else sys.stdout
    # A stray print() in the model must not corrupt the protocol: everything else goes to stderr.
    sys.stdout = sys.stderr
    _send(protocol_out, {"protocol": PROTOCOL, "ready": True,
                         "name": name or getattr(factorize, "__name__", "model")})
    for line in stdin:
        if not line.strip():
            continue
        request_id = None
        try:
            request = json.loads(line)
            request_id = request.get("id")
            if request.get("protocol") != PROTOCOL:
                raise ValueError("this model speaks protocol %d, the request is version %r"
                                 % (PROTOCOL, request.get("protocol")))
            reply = _answer(factorize, request)
        except Exception as error:  # the job fails, the model lives on
            traceback.print_exc(file=sys.stderr)
            reply = {"protocol": PROTOCOL, "id": request_id, "error": "%s: %s" % (type(error).__name__, error)}
        sys.stderr.flush()
        _send(protocol_out, reply)


def _answer(factorize, request):
    V = np.load(request["V"])
    W0 = np.load(request["W0"])
    H0 = np.load(request["H0"])
    params = dict(request.get("params") or {})
    params.update({key: request[key] for key in JOB_KEYS if key in request})
    result = factorize(V, W0, H0, params)
    if not isinstance(result, tuple) or len(result) not in (2, 3):
        raise TypeError("factorize must return (W, H) or (W, H, losses or info), got %s" % type(result).__name__)
    W = np.asarray(result[0], dtype=np.float64)
    H = np.asarray(result[1], dtype=np.float64)
    info = result[2] if len(result) == 3 else {}
    if not isinstance(info, dict):
        info = {"loss_history": info}
    history = _loss_history(info.get("loss_history"))
    iterations = info.get("iterations")
    if iterations is None:
        iterations = history[-1][0] if history else int(params["max_iter"])
    np.save(request["W"], W)
    np.save(request["H"], H)
    reply = {"protocol": PROTOCOL, "id": request["id"], "W": request["W"], "H": request["H"],
             "iterations": int(iterations), "loss_history": history}
    if info.get("converged") is not None:
        reply["converged"] = bool(info["converged"])
    if info.get("extras") is not None:
        reply["extras"] = info["extras"]
    return reply


def _loss_history(losses):
    """[[iteration, loss], ...] from a list of losses (after iterations 1, 2, ...) or of (iteration, loss) pairs."""
    if losses is None:
        return []
    points = []
    for index, item in enumerate(losses):
        iteration, loss = (item[0], item[1]) if isinstance(item, (tuple, list)) else (index + 1, item)
        loss = float(loss)
        points.append([int(iteration), loss if math.isfinite(loss) else None])
    return points


def _send(out, message):
    out.write(json.dumps(message, allow_nan=False) + "\n")
    out.flush()
