"""A model for the external-protocol tests: params["mode"] picks how it behaves on a job (and NMFGRID_TEST_GREETING
how it greets). Every job first appends the request's V path to params["record"], so a test can check that the
job's folder is gone afterwards."""

import json
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "python"))
import nmfgrid_model  # noqa: E402

protocol_out = sys.stdout


def factorize(V, W0, H0, params):
    mode = params.get("mode", "ok")
    if "record" in params:
        with open(params["record"], "a") as record:
            record.write(str(os.getpid()) + " " + CURRENT["V"] + "\n")
    if "environment_record" in params:
        with open(params["environment_record"], "w") as record:
            record.writelines(f"{k}={v}\n" for k, v in sorted(os.environ.items()) if k.startswith(("NMFGRID_", "PG")))
    if mode == "crash":
        print("about to crash", file=sys.stderr, flush=True)
        os._exit(7)
    if mode == "garbage":
        protocol_out.write("this is not json\n")
        protocol_out.flush()
    if mode == "version":
        protocol_out.write(json.dumps({"protocol": 2, "id": CURRENT["id"], "W": "W.npy", "H": "H.npy", "iterations": 1}) + "\n")
        protocol_out.flush()
    if mode == "sleep":
        time.sleep(600)
    if mode == "raise":
        raise RuntimeError("the model gave up on purpose")
    if mode == "print":
        print("a stray print goes to stderr, not to the protocol")
    W, H = W0 * params.get("scale", 1.0), H0.copy()
    if mode == "nan":
        W[1, 0] = np.nan
    if mode == "negative":
        H[0, 2] = -1.0
    if mode == "shape":
        H = H[:, :-1]
    if mode == "fixed":
        W = W + 1.0
    return W, H, [1.0, 0.5, 0.25]


# The request being answered, for the modes that forge a reply.
CURRENT = {}
_answer = nmfgrid_model._answer


def _remember(factorize, request):
    CURRENT.update(request)
    return _answer(factorize, request)


nmfgrid_model._answer = _remember

if __name__ == "__main__":
    greeting = os.environ.get("NMFGRID_TEST_GREETING")
    if greeting == "exit":
        print("cannot start: missing licence", file=sys.stderr, flush=True)
        sys.exit(3)
    if greeting == "version":
        print(json.dumps({"protocol": 2, "ready": True}), flush=True)
        sys.stdin.read()
    else:
        nmfgrid_model.serve(factorize)
