#!/usr/bin/python3
"""nn_fac's NNDSVD (nimfa flag 0 on numpy's exact SVD, zeros below 1e-11, + 1e-12) on small matrices.
Run from this folder: /usr/bin/python3 make_fixtures.py (imports /work/shared/tools/seed_pipeline.py)."""
import json
import sys

import numpy as np

sys.path.insert(0, "/work/shared/tools")
from seed_pipeline import nndsvd_nimfa  # noqa: E402


def case(name, V, rank):
    W, H = nndsvd_nimfa(V, rank)
    W += 1e-12
    H += 1e-12
    with open(name + ".json", "w") as f:
        json.dump({"V": V.tolist(), "W": W.tolist(), "H": H.tolist(), "rank": rank,
                   "source": "seed_pipeline.nndsvd_nimfa + 1e-12, numpy " + np.__version__}, f)


rs = np.random.RandomState(1)
case("nnfac_nndsvd_random_30x20_k5", rs.rand(30, 20), 5)
# spectrogram-like: a few harmonic sources, the lowest rows all zero (as a harmonic W0 leaves them), rank 10
rs = np.random.RandomState(2)
F, T = 64, 90
W = rs.rand(F, 6) ** 6
W[:3] = 0
H = rs.rand(6, T) ** 3
case("nnfac_nndsvd_spectral_64x90_k10", W @ H + 1e-3 * rs.rand(F, T) * (np.arange(F)[:, None] >= 3), 10)
rs = np.random.RandomState(3)
case("nnfac_nndsvd_wide_12x200_k8", np.abs(rs.randn(12, 200)), 8)
