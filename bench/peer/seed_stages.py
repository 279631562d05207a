#!/usr/bin/python3
"""Stage times of the seed's own method per track: features, NMF and the task's own work (notes, clustering and
resynthesis, segmentation) with its scoring, timed separately, for the seed variant of each task only.

It calls the functions of seed_pipeline.py (beside this file: the team's re-run of the seed toolbox with scikit-learn
and mir_eval, see its docstring) in the order its run_* functions do, minus what only the peer's own report needs
(the harmonic and Wiener variants, the n_init=10 k-means stability check, the 0.05 s transcription score).
bench/run-pipeline-vs-seed.sh runs it beside `nmfgrid run benchmarks/tasks-seed.yaml`.

Usage: /usr/bin/python3 bench/peer/seed_stages.py --data ROOT [--tasks transcription,separation,structure]
Prints one JSON line per track: {"task": ..., "track": ..., "features_s": ..., "nmf_s": ..., "task_s": ..., "total_s": ...}.
"""
import argparse
import glob
import os
import sys
import time
import json
import types

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import seed_pipeline as sp  # noqa: E402

# seed_pipeline.py's defaults, except the hop of the Beatles features: 96, what the seed's Beatles loader actually
# runs with (seed-quirks.md) and what NmfGrid's structure_seed preset uses.
ARGS = types.SimpleNamespace(init="nnfac", nmf_engine="sklearn", max_iter=200, tol=1e-6, kmeans_n_init=1,
                             pad_mode="constant", msa_hop=96, seed=0)


class Stages:
    def __init__(self):
        self.times = {"features_s": 0.0, "nmf_s": 0.0, "task_s": 0.0}
        self.start = time.perf_counter()
        self.mark = self.start

    def end(self, stage):
        now = time.perf_counter()
        self.times[stage] += now - self.mark
        self.mark = now

    def report(self, task, track):
        self.times["total_s"] = time.perf_counter() - self.start
        print(json.dumps({"task": task, "track": track, **{k: round(v, 4) for k, v in self.times.items()}}), flush=True)


def transcription(data):
    sr, n_fft, hop = 44100, 3528, 882
    for wav in sorted(glob.glob(os.path.join(data, "maps", "*", "MUS", "*.wav"))):
        s = Stages()
        ann = sp.load_maps_annotations(wav[:-4] + ".txt", time_limit=30)
        y, _ = sp.load_mono_librosa(wav, duration=30)
        mag = np.abs(sp.stft(y, n_fft, hop, ARGS.pad_mode))
        s.end("features_s")
        W, H, _ = sp.run_nmf(mag, 10, ARGS)
        s.end("nmf_s")
        notes = sp.W_to_notes(W, sr)
        est = sp.H_to_activations(notes, H, sr, hop, n_fft)
        sp.score_transcription(est, ann, onset_tol=0.1)
        s.end("task_s")
        s.report("transcription", os.path.basename(wav)[:-4])


def separation(data):
    n_fft, hop = 2048, 512
    for td in sorted(d for d in glob.glob(os.path.join(data, "musdb18hq", "test", "*")) if os.path.isdir(d)):
        s = Stages()
        mix = np.mean(sp.load_musdb(os.path.join(td, "mixture.wav")).T, axis=0)
        refs = np.array([np.mean(sp.load_musdb(os.path.join(td, st + ".wav")), axis=1) for st in sp.STEMS])
        D = sp.stft(mix, n_fft, hop, ARGS.pad_mode)
        mag, phase = sp.magphase(D)
        s.end("features_s")
        W, H, _ = sp.run_nmf(mag, 10, ARGS)
        s.end("nmf_s")
        # cluster_sources without its n_init=10 stability check
        basis = sp.mel_filters(22050, 2 * (W.shape[0] - 1), n_mels=128)
        mfcc = sp.scipy.fft.dct(sp.amplitude_to_db(basis @ W), axis=0, type=2, norm="ortho")[:20]
        labels = sp.kmeans_pinned(mfcc.T, 4, 0)
        n_src = len(np.unique(labels))
        specs = np.zeros((n_src, W.shape[0], H.shape[1]))
        for k, lab in enumerate(labels):
            specs[lab] += np.outer(W[:, k], H[k])
        ests = np.array([sp.istft(S * phase, hop) for S in specs])
        sp.seed_evaluate_si_sdr(refs, ests, True)
        s.end("task_s")
        s.report("separation", os.path.basename(td))


def structure(data):
    sr = 44100
    root = os.path.join(data, "beatles")
    for wav in sorted(glob.glob(os.path.join(root, "audio", "*", "*.wav"))):
        album, song = wav.split(os.sep)[-2], os.path.basename(wav)[:-4]
        s = Stages()
        lab = os.path.join(root, "annotations", "seglab", "The Beatles", album, song + ".lab")
        beat = os.path.join(root, "annotations", "beat", "The Beatles", album, song + ".txt")
        reference = []
        with open(lab) as f:
            for ln in f:
                p = ln.rstrip("\n").split("\t")
                if len(p) >= 2 and p[0].strip():
                    reference.append([float(p[0]), float(p[1])])
        y, _ = sp.load_mono_librosa(wav)
        times, pos = sp.read_beats(beat)
        bars = sp.bars_from_beats(times, pos, len(y))
        spec = sp.nn_log_mel(y, sr, ARGS.msa_hop, ARGS.pad_mode)
        X = sp.barwise_tf_matrix(spec, bars, ARGS.msa_hop / sr, 96) + 1e-10
        s.end("features_s")
        W, H, _ = sp.run_nmf(X, 10, ARGS)
        s.end("nmf_s")
        A = sp.cosine_autosimilarity(W)
        segs, _, _ = sp.compute_cbm(A, max_size=32, penalty_weight=1, penalty_func="modulo8", bands_number=7)
        seg_t = sp.segments_from_bar_to_time(segs, bars)
        sp.score_segmentation(reference, seg_t, 0.5)
        sp.score_segmentation(reference, seg_t, 3)
        s.end("task_s")
        s.report("structure", f"{album}/{song}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", required=True)
    ap.add_argument("--tasks", default="transcription,separation,structure")
    ap.add_argument("--msa-hop", type=int, default=ARGS.msa_hop)
    a = ap.parse_args()
    ARGS.msa_hop = a.msa_hop
    for task in a.tasks.split(","):
        {"transcription": transcription, "separation": separation, "structure": structure}[task.strip()](a.data)


if __name__ == "__main__":
    main()
