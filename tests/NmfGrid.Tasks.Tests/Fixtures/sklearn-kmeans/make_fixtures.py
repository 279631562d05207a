#!/usr/bin/python3
"""KMeans(n_clusters=4, random_state=0) fixtures. Run from this folder with Debian's python3-sklearn (1.2.1):
  /usr/bin/python3 make_fixtures.py
'randint': the installed scikit-learn 1.2.1 itself (k-means++ first centre by randint), n_init 1 and 10.
'choice':  the seed's pinned scikit-learn 1.7 (n_init='auto' = 1 start, first centre by choice(p=w/sum w)),
           as /work/shared/tools/seed_pipeline.py replays it (kmeans_pinned), then 1.2.1's Lloyd from there."""
import json
import sys

import numpy as np
import scipy.fft
import sklearn
from sklearn.cluster import KMeans

sys.path.insert(0, "/work/shared/tools")
import seed_pipeline  # noqa: E402

fitted = []


class Recording(KMeans):
    def fit(self, X, y=None, sample_weight=None):
        out = super().fit(X, y, sample_weight)
        fitted.append(self)
        return out


seed_pipeline.KMeans = Recording


def template_mfcc(W):
    """The seed's cluster_sources features (seed_pipeline.cluster_sources without the clustering)."""
    basis = seed_pipeline.mel_filters(22050, 2 * (W.shape[0] - 1), n_mels=128)
    return scipy.fft.dct(seed_pipeline.amplitude_to_db(basis @ W), axis=0, type=2, norm="ortho")[:20].T


def case(name, X, k=4):
    X = np.ascontiguousarray(X, dtype=np.float64)
    out = {"points": X.tolist(), "clusters": k, "sklearn": sklearn.__version__}
    for n_init in (1, 10):
        km = KMeans(n_clusters=k, random_state=0, n_init=n_init, init="k-means++").fit(X)
        out[f"randint_n_init{n_init}"] = {"labels": km.labels_.tolist(), "centres": km.cluster_centers_.tolist(),
                                          "inertia": float(km.inertia_), "iterations": int(km.n_iter_)}
    fitted.clear()
    labels = seed_pipeline.kmeans_pinned(X, k, 0)
    km = fitted[-1]
    out["choice_n_init1"] = {"labels": labels.tolist(), "centres": km.cluster_centers_.tolist(),
                             "inertia": float(km.inertia_), "iterations": int(km.n_iter_)}
    with open(name + ".json", "w") as f:
        json.dump(out, f)


rs = np.random.RandomState(7)
centres = rs.randn(4, 2) * 4
case("blobs_60x2", np.concatenate([c + rs.randn(15, 2) for c in centres]))
case("gaussian_200x5", np.random.RandomState(8).randn(200, 5))
# NMF-template-like spectra (F = 1025, rank 10), clustered on their MFCCs as the seed's separation does
for seed in (1, 2, 3):
    rs = np.random.RandomState(seed)
    W = (rs.rand(1025, 10) ** 8) * rs.rand(1, 10) * 10
    case(f"template_mfcc_10x20_seed{seed}", template_mfcc(W))
rs = np.random.RandomState(4)
W = np.abs(rs.randn(1025, 24)) * np.exp(-np.arange(1025)[:, None] / rs.uniform(20, 400, size=24)[None, :])
case("template_mfcc_24x20_seed4", template_mfcc(W))
