#!/usr/bin/python3
"""Writes statistics.json next to this script: what Debian's scipy (1.10.1, python3-scipy) answers for the paired
and many-configuration tests that src/Coordinator/Reports/Statistics reimplements. The C# tests read only the JSON.

Run with the system Python: /usr/bin/python3 make_statistics_fixtures.py
"""
import json
import os
import warnings

import numpy as np
import scipy
from scipy import stats

rng = np.random.default_rng(20261206)


def number(v):
    """JSON has no NaN: scipy's NaN (no differences at all) is written as null."""
    return None if np.isnan(v) else float(v)


def wilcoxon_case(name, x, y):
    x = [float(v) for v in x]
    y = [float(v) for v in y]
    case = {"name": name, "x": x, "y": y}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            res = stats.wilcoxon(x, y)  # defaults: zero_method='wilcox', correction=False, two-sided, method='auto'
            case["statistic"] = number(res.statistic)
            case["pvalue"] = number(res.pvalue)
        except ValueError as e:
            case["error"] = str(e)
    return case


def friedman_case(name, table):
    """table: rows are tracks (blocks), columns configurations; ranks are scipy's rankdata of -x (1 = highest)."""
    table = np.asarray(table, dtype=float)
    res = stats.friedmanchisquare(*table.T)
    ranks = np.vstack([stats.rankdata(-row) for row in table]).mean(axis=0)
    return {"name": name, "table": table.tolist(), "statistic": float(res.statistic), "pvalue": float(res.pvalue),
            "average_ranks_higher_better": ranks.tolist()}


wilcoxon = []
# Small n, no ties, no zeros: the exact distribution.
wilcoxon.append(wilcoxon_case("exact_n6", [0.61, 0.42, 0.77, 0.59, 0.70, 0.48], [0.52, 0.45, 0.60, 0.50, 0.58, 0.49]))
wilcoxon.append(wilcoxon_case("exact_n1", [0.3], [0.1]))
wilcoxon.append(wilcoxon_case("exact_n2", [0.3, 0.2], [0.1, 0.4]))
wilcoxon.append(wilcoxon_case("exact_near_centre", [1, 2, 3, 4], [0, 0, 0, 8]))  # r+ = 6, r- = 4
wilcoxon.append(wilcoxon_case("exact_centre_n3", [1, 2, 3], [2, 0, 0]))  # r+ = 5, r- = 1
wilcoxon.append(wilcoxon_case("exact_centre_n4", [1, 0, 0, 4], [0, 2, 3, 0]))  # r+ = 1 + 4 = 5, the centre of 0..10: p = 1
x = rng.normal(0.5, 0.1, 20)
wilcoxon.append(wilcoxon_case("exact_n20", x, x + rng.normal(0.02, 0.05, 20)))
x = rng.normal(0.5, 0.1, 50)
wilcoxon.append(wilcoxon_case("exact_n50", x, x + rng.normal(-0.01, 0.05, 50)))
# Ties among |d| but no zeros, n <= 50: scipy 1.10 still uses the exact distribution, with r+ truncated to an integer.
wilcoxon.append(wilcoxon_case("exact_ties_n8", [1.5, 2.0, 3.0, 1.0, 2.5, 4.0, 1.0, 2.0], [1.0, 1.5, 2.0, 1.5, 2.0, 3.0, 1.5, 1.0]))
wilcoxon.append(wilcoxon_case("exact_ties_n7", [0.25, 0.5, 0.5, 0.75, 1.0, 0.25, 0.5], [0.0, 0.0, 0.0, 0.0, 0.0, 0.5, 0.0]))
# Zeros: the normal approximation on the non-zero differences (zero_method 'wilcox'), whatever n.
wilcoxon.append(wilcoxon_case("zeros_n12", [0.5, 0.6, 0.7, 0.4, 0.9, 0.3, 0.8, 0.55, 0.65, 0.75, 0.45, 0.35],
                              [0.5, 0.5, 0.6, 0.4, 0.7, 0.35, 0.6, 0.5, 0.6, 0.7, 0.5, 0.3]))
wilcoxon.append(wilcoxon_case("zeros_and_ties_n10", [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], [1, 1, 2, 4, 4, 5, 9, 7, 8, 11]))
wilcoxon.append(wilcoxon_case("zeros_small_n3", [1.0, 2.0, 3.0], [1.0, 1.0, 1.0]))
wilcoxon.append(wilcoxon_case("all_zero", [1.0, 2.0], [1.0, 2.0]))
# n > 50: the normal approximation, with the tie correction of the variance.
x = rng.normal(10, 2, 80)
wilcoxon.append(wilcoxon_case("approx_n80", x, x + rng.normal(0.3, 1.0, 80)))
x = np.round(rng.normal(0.6, 0.1, 120), 2)
wilcoxon.append(wilcoxon_case("approx_ties_zeros_n120", x, np.round(x + rng.normal(0.0, 0.03, 120), 2)))
wilcoxon.append(wilcoxon_case("empty", [], []))

friedman = []
friedman.append(friedman_case("k3_n10", rng.normal(0, 1, (10, 3)) + np.array([0.0, 0.5, 1.0])))
friedman.append(friedman_case("k4_n6_ties", [[1, 2, 2, 3], [4, 4, 4, 1], [0.5, 0.7, 0.6, 0.6], [1, 1, 2, 3], [3, 2, 1, 0], [5, 5, 5, 5.5]]))
friedman.append(friedman_case("k5_n20", np.round(rng.normal(0, 1, (20, 5)) + np.array([0.0, 0.2, 0.4, 0.6, 0.8]), 1)))
friedman.append(friedman_case("k9_n3", rng.normal(0, 1, (3, 9))))
friedman.append(friedman_case("k3_n2", [[0.1, 0.2, 0.3], [0.3, 0.1, 0.2]]))

studentized = [{"k": k, "alpha": 0.05, "q": float(stats.studentized_range.ppf(0.95, k, np.inf) / np.sqrt(2))}
               for k in [2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 15, 20, 30]]

out = {"scipy": scipy.__version__, "numpy": np.__version__, "wilcoxon": wilcoxon, "friedman": friedman,
       "nemenyi_q": studentized}
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "statistics.json"), "w") as f:
    json.dump(out, f, indent=1, allow_nan=False)
    f.write("\n")
