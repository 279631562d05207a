#!/usr/bin/python3
"""Extra reference values from mir_eval 0.7 (Debian python3-mir-eval) for NmfGrid's metric tests.

Complements /work/shared/tools/make_mireval_fixtures.py with: edge cases of note matching (strict, exact
tolerances, MIDI numbers passed as Hz as the seed did, dense overlapping notes where the chosen pairs change
the average overlap), multipitch frames (same grid and resampled), pairwise frame clustering, boundary detection
examples, and BSS Eval images / sources without permutation on short 8 kHz signals.
Usage: make_extra_fixtures.py OUT_DIR SEED
"""
import json, sys, os
import numpy as np
import mir_eval

out, seed = sys.argv[1], int(sys.argv[2])
os.makedirs(out, exist_ok=True)
rng = np.random.default_rng(seed)


def conv(v):
    if isinstance(v, np.ndarray): return v.tolist()
    if isinstance(v, np.floating): return float(v)
    if isinstance(v, np.integer): return int(v)
    if isinstance(v, list): return [conv(x) for x in v]
    if isinstance(v, dict): return {k: conv(x) for k, x in v.items()}
    return v


def dump(name, d):
    with open(os.path.join(out, name + ".json"), "w") as f:
        json.dump(conv(d), f)


def prfo(ref_int, ref_p, est_int, est_p, **kw):
    p, r, f, o = mir_eval.transcription.precision_recall_f1_overlap(ref_int, ref_p, est_int, est_p, **kw)
    return dict(precision=p, recall=r, f1=f, overlap=o)


# --- transcription: each case lists the keyword arguments it was scored with ---
cases = []
ref = np.array([[0, .5], [1, 1.5], [2, 2.5]]); refp = np.array([60., 64., 67.])
est = np.array([[.05, .3], [1, 1.2], [2.0501, 2.4]]); estp = np.array([60., 65., 67.])
for kw in [dict(offset_ratio=None), dict(offset_ratio=None, pitch_tolerance=0.1), dict(),
           dict(offset_ratio=None, strict=True)]:
    cases.append(dict(name="worked_example", kwargs=kw, ref_intervals=ref, ref_pitches_hz=refp,
                      est_intervals=est, est_pitches_hz=estp, result=prfo(ref, refp, est, estp, **kw)))
# Dense same-pitch notes: many candidate pairs, so the matching's choice of pairs shows in the overlap ratio.
for k in range(3):
    n = 40
    on = np.sort(rng.uniform(0, 4, n)); ref = np.stack([on, on + rng.uniform(0.05, 0.6, n)], 1)
    refp = 440 * 2 ** (rng.integers(60, 63, n) / 12 - 69 / 12)
    m = 45
    eon = np.sort(rng.uniform(0, 4, m)); est = np.stack([eon, eon + rng.uniform(0.05, 0.6, m)], 1)
    estp = 440 * 2 ** (rng.integers(60, 63, m) / 12 - 69 / 12)
    for kw in [dict(offset_ratio=None, onset_tolerance=0.1), dict(onset_tolerance=0.1, offset_ratio=0.5),
               dict(offset_ratio=None, onset_tolerance=0.05, strict=True)]:
        cases.append(dict(name=f"dense{k}", kwargs=kw, ref_intervals=ref, ref_pitches_hz=refp,
                          est_intervals=est, est_pitches_hz=estp, result=prfo(ref, refp, est, estp, **kw)))
# Onsets on a 10 ms grid so distances land exactly on the tolerance after rounding to 4 decimals.
on = np.round(rng.uniform(0, 5, 30), 2); ref = np.stack([on, on + 0.3], 1); refp = np.full(30, 440.0)
est = ref + rng.choice([-0.05, 0.05, 0.04, 0.06, 0.0], (30, 1)); est[:, 0] = np.maximum(est[:, 0], 0)
estp = refp * 2 ** (rng.choice([0, 50, 49.9, 50.1], 30) / 1200)
for kw in [dict(offset_ratio=None), dict(offset_ratio=None, strict=True), dict(offset_ratio=0.2, offset_min_tolerance=0.05)]:
    cases.append(dict(name="grid", kwargs=kw, ref_intervals=ref, ref_pitches_hz=refp, est_intervals=est,
                      est_pitches_hz=estp, result=prfo(ref, refp, est, estp, **kw)))
dump(f"transcription_extra_seed{seed}", dict(metric="mir_eval.transcription.precision_recall_f1_overlap", cases=cases))

# --- multipitch ---
cases = []
for k in range(3):
    n = 60
    t = np.arange(n) * 0.01
    ref = [440 * 2 ** ((rng.integers(40, 90, rng.integers(0, 4)) - 69) / 12) for _ in range(n)]
    est = []
    for f in ref:
        g = [x * 2 ** (rng.choice([0, 0, 0.3, 0.7, 12, -12, 5]) / 12) for x in f if rng.random() > 0.2]
        g += list(440 * 2 ** ((rng.integers(40, 90, rng.integers(0, 2)) - 69) / 12))
        est.append(np.array(g))
    if k == 2:
        # a different, coarser and shifted estimate grid: exercises nearest-neighbour resampling
        et = np.arange(0.003, 0.65, 0.015); est = est[:len(et)]
    else:
        et = t
    m = mir_eval.multipitch.metrics(t, ref, et, est)
    cases.append(dict(ref_times=t, ref_freqs=[list(x) for x in ref], est_times=et, est_freqs=[list(x) for x in est],
                      result=list(m)))
dump(f"multipitch_seed{seed}", dict(metric="mir_eval.multipitch.metrics (14 values: P,R,Acc,Esub,Emiss,Efa,Etot, then chroma)", cases=cases))

# --- pairwise frame clustering and boundary detection examples ---
cases = []
for k in range(3):
    dur = float(rng.uniform(20, 60))
    b = np.concatenate([[0], np.sort(rng.uniform(0, dur, rng.integers(2, 8))), [dur]])
    labs = [str(x) for x in rng.choice(list("ABCa"), len(b) - 1)]
    eb = np.concatenate([[0], np.sort(rng.uniform(0, dur, rng.integers(1, 9))), [dur]])
    elabs = [str(x) for x in rng.choice(list("xyzXA"), len(eb) - 1)]
    ref = np.stack([b[:-1], b[1:]], 1); est = np.stack([eb[:-1], eb[1:]], 1)
    p, r, f = mir_eval.segment.pairwise(ref, labs, est, elabs)
    cases.append(dict(ref_intervals=ref, ref_labels=labs, est_intervals=est, est_labels=elabs,
                      result=dict(precision=p, recall=r, f1=f)))
dump(f"segment_pairwise_seed{seed}", dict(metric="mir_eval.segment.pairwise (frame_size 0.1, beta 1)", cases=cases))

if seed == 1:
    ref = np.array([[0, 10], [10, 20], [20, 30]]); est = np.array([[0, 9.6], [9.6, 25], [25, 30]])
    res = {}
    for w in [0.5, 3.0]:
        for trim in [False, True]:
            p, r, f = mir_eval.segment.detection(ref, est, window=w, trim=trim)
            res[f"window{w}_trim{trim}"] = dict(precision=p, recall=r, f1=f)
    dump("segment_detection_worked_example", dict(metric="mir_eval.segment.detection (beta=1)", ref_intervals=ref,
                                                  est_intervals=est, results=res))

# --- BSS Eval on short 8 kHz signals: images criterion (single window) and sources without permutation ---
for case in range(2):
    nsrc, n = 2 + case, 3000
    t = np.arange(n) / 8000.0
    refs = np.stack([np.sin(2 * np.pi * (150 * (k + 1) + 23 * k) * t) + 0.1 * rng.normal(size=n) for k in range(nsrc)])
    mix = rng.uniform(0.05, 0.3, (nsrc, nsrc)) + np.eye(nsrc)
    ests = mix @ refs + 0.03 * rng.normal(size=(nsrc, n))
    ests[0] = np.convolve(ests[0], [0.9, 0.2, -0.1])[:n]  # some filtering distortion
    sdr, isr, sir, sar, perm = mir_eval.separation.bss_eval_images(refs[:, :, None], ests[:, :, None], compute_permutation=False)
    s_sdr, s_sir, s_sar, s_perm = mir_eval.separation.bss_eval_sources(refs, ests, compute_permutation=False)
    dump(f"bss_eval_images_case{case}_seed{seed}", dict(
        metric="mir_eval.separation.bss_eval_images (mono as nchan=1, compute_permutation=False) and bss_eval_sources (compute_permutation=False)",
        reference_sources=refs, estimated_sources=ests, images=dict(sdr=sdr, isr=isr, sir=sir, sar=sar),
        sources=dict(sdr=s_sdr, sir=s_sir, sar=s_sar, perm=s_perm)))
# --- boundary detection as the seed scored it (as_seg compute_score_of_segmentation): adjust_intervals first,
# the estimate clipped/padded to [0, reference end]; on ValueError drop zero-length estimated intervals and retry ---
def seed_detection(reference, segments, window, trim):
    ref, _ = mir_eval.util.adjust_intervals(reference, t_min=0)
    est, _ = mir_eval.util.adjust_intervals(np.array(segments), t_min=0, t_max=ref[-1, 1])
    try:
        return mir_eval.segment.detection(ref, est, window=window, trim=trim)
    except ValueError:
        est = np.array([s for s in est if s[0] != s[1]])
        return mir_eval.segment.detection(ref, est, window=window, trim=trim)


cases = []
for k in range(4):
    dur = float(rng.uniform(60, 200))
    b = np.concatenate([np.sort(rng.uniform(0.5, dur, rng.integers(3, 10))), [dur]]); b = np.concatenate([[rng.uniform(0, 0.4)], b])
    ref = np.stack([b[:-1], b[1:]], 1)  # may not start at 0: adjust prepends [0, first]
    eb = np.sort(np.concatenate([b[1:-1] + rng.normal(0, 1.0, len(b) - 2), rng.uniform(0, dur + 10, rng.integers(0, 4))]))
    eb = np.concatenate([[0.0], eb[eb > 0], [dur + (10 if k == 0 else rng.uniform(-5, 5))]])
    if k == 1:
        eb = np.concatenate([eb[:-1], [dur, dur + 3]])  # an interval starting exactly at the reference end: zero length after clipping
    est = np.stack([eb[:-1], eb[1:]], 1)
    est = est[est[:, 1] > est[:, 0]]
    res = {}
    for w in [0.5, 3.0]:
        for trim in [False, True]:
            p, r, f = seed_detection(ref, est, w, trim)
            res[f"window{w}_trim{trim}"] = dict(precision=p, recall=r, f1=f)
    cases.append(dict(ref_intervals=ref, est_intervals=est, results=res))
dump(f"segment_detection_seed_style_seed{seed}", dict(metric="as_seg compute_score_of_segmentation: adjust_intervals then mir_eval.segment.detection", cases=cases))

print("wrote", out)
