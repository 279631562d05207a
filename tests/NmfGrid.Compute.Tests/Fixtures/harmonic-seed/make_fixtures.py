#!/usr/bin/python3
"""The seed's harmonic start as seed_pipeline.py builds it (template_pitch for MIDI 21..108, one guarded KL MU pass
on RandomState(0).rand(88, T)), on a small spectrogram: 200 bins of 12.5 Hz (44100/3528), 12 frames.
Run from this folder: /usr/bin/python3 make_fixtures.py"""
import json
import sys

import numpy as np

sys.path.insert(0, "/work/shared/tools")
from seed_pipeline import mu_update_H_once, template_pitch  # noqa: E402

F, T = 200, 12
freq_res = 44100 / 3528
rs = np.random.RandomState(9)
V = (rs.rand(F, 3) ** 4) @ rs.rand(3, T) + 1e-3 * rs.rand(F, T)
pitches = list(range(21, 109))
W0 = np.stack([template_pitch(F, p, freq_res, 0.05) for p in pitches], axis=1)
H0 = mu_update_H_once(V, W0, np.random.RandomState(0).rand(len(pitches), T))
with open("harmonic_seed_200x12.json", "w") as f:
    json.dump({"V": V.tolist(), "W": W0.tolist(), "H": H0.tolist(), "rank": 88, "bin_width": freq_res,
               "source": "seed_pipeline.template_pitch + mu_update_H_once, numpy " + np.__version__}, f)
