#!/usr/bin/env python3
"""Reference values for WWStatistics and the table operations, computed with SciPy and pandas.

Run from the repository root with the shared venv:

    /work/venv/bin/python tools/make-stats-fixtures.py

Writes Tests/Fixtures/stats/special.json (special functions and distributions),
Tests/Fixtures/stats/tests.json (correlations, regression, t-tests, ANOVA on seeded samples,
with ties and small n) and Tests/Fixtures/stats/tables.json (pandas group_by, pivot, merge).
Generated with Python 3.13, NumPy 2.4.6, SciPy 1.17.1, pandas 3.1.1 (the versions are also
recorded in each file). Samples are drawn from numpy.random.default_rng with fixed seeds and
stored in the files, so the Swift tests need no random generator of NumPy's.

The autocorrelation-adjusted t-test has no SciPy counterpart; its reference is computed here
from its definition (see AutocorrelationAdjustedTest.swift) with NumPy and scipy.stats.t.
"""
import json
import math
import platform

import numpy as np
import pandas as pd
import scipy
from scipy import special, stats

from fixture_numbers import num

OUT = "Tests/Fixtures/stats"
VERSIONS = {"python": platform.python_version(), "numpy": np.__version__,
            "scipy": scipy.__version__, "pandas": pd.__version__}


def special_cases():
    beta = []
    for a, b, x in [(0.5, 0.5, 0.3), (1, 1, 0.7), (2, 3, 0.4), (5, 0.5, 0.99), (0.5, 5, 0.01),
                    (10, 20, 0.2), (50, 50, 0.5), (100, 3, 0.999), (3, 100, 1e-3), (0.1, 0.2, 0.9),
                    (200, 300, 0.35), (1e-3, 1e-3, 0.5), (30, 0.5, 0.05), (4.5, 0.5, 0.9999),
                    (1000, 1000, 0.48), (7, 2.5, 0.6)]:
        beta.append({"a": a, "b": b, "x": x, "lower": num(special.betainc(a, b, x)),
                     "upper": num(special.betaincc(a, b, x))})
    gamma = []
    for a, x in [(0.5, 0.1), (0.5, 3), (1, 1), (2, 0.5), (3, 10), (10, 5), (10, 25), (50, 45),
                 (100, 130), (0.1, 0.01), (5.5, 5.5), (250, 200), (1.5, 40), (20, 1)]:
        gamma.append({"a": a, "x": x, "lower": num(special.gammainc(a, x)),
                      "upper": num(special.gammaincc(a, x))})
    t = []
    for v, df in [(0.0, 5), (1.2, 3), (-2.5, 10), (4.0, 1), (-0.3, 2.5), (8.0, 30), (30.0, 4),
                  (-12.0, 50), (2.0, 1000), (0.01, 7), (50.0, 10), (1.96, 1e6)]:
        t.append({"t": v, "df": df, "cdf": num(stats.t.cdf(v, df)), "sf": num(stats.t.sf(v, df))})
    f = []
    for v, d1, d2 in [(0.5, 2, 10), (3.2, 3, 20), (10, 5, 7), (1.0, 1, 1), (100, 4, 40),
                      (0.01, 10, 3), (2.5, 2.5, 17.5), (40, 2, 200)]:
        f.append({"f": v, "d1": d1, "d2": d2, "cdf": num(stats.f.cdf(v, d1, d2)),
                  "sf": num(stats.f.sf(v, d1, d2))})
    chi2 = []
    for v, k in [(0.5, 1), (3.84, 1), (10, 4), (30, 10), (200, 150), (1e-3, 2), (60, 5)]:
        chi2.append({"x": v, "k": k, "cdf": num(stats.chi2.cdf(v, k)), "sf": num(stats.chi2.sf(v, k))})
    normal = []
    for z in [0.0, 0.5, -1.0, 1.96, -3.5, 6.0, -10.0, 20.0, 37.0]:
        normal.append({"z": z, "cdf": num(stats.norm.cdf(z)), "sf": num(stats.norm.sf(z))})
    return {"versions": VERSIONS, "betainc": beta, "gammainc": gamma, "t": t, "f": f,
            "chi2": chi2, "normal": normal}


def lag1(d):
    """Lag-1 sample autocorrelation: sum of products of successive deviations over the sum of
    squared deviations (the estimator of statsmodels' acf)."""
    dev = d - d.mean()
    return float(np.sum(dev[:-1] * dev[1:]) / np.sum(dev * dev))


def adjusted_t(a, b):
    d = np.asarray(a) - np.asarray(b)
    n = len(d)
    r1 = lag1(d)
    neff = n * (1 - r1) / (1 + r1) if r1 > -1 else float(n)
    neff = min(max(neff, 2.0), float(n))
    sd = d.std(ddof=1)
    t = d.mean() / (sd / math.sqrt(neff))
    p = 2 * stats.t.sf(abs(t), neff - 1)
    return {"t": num(t), "p": num(p), "df": num(neff - 1), "r1": num(r1), "n_eff": num(neff)}


def pair_record(name, x, y):
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    rec = {"name": name, "x": [num(v) for v in x], "y": [num(v) for v in y]}
    pr = stats.pearsonr(x, y)
    sr = stats.spearmanr(x, y)
    kt = stats.kendalltau(x, y)
    rec["pearson"] = {"r": num(pr.statistic), "p": num(pr.pvalue)}
    rec["spearman"] = {"r": num(sr.statistic), "p": num(sr.pvalue)}
    rec["kendall"] = {"r": num(kt.statistic), "p": num(kt.pvalue)}
    lr = stats.linregress(x, y)
    resid = y - (lr.intercept + lr.slope * x)
    rec["linregress"] = {"slope": num(lr.slope), "intercept": num(lr.intercept), "r": num(lr.rvalue),
                         "p": num(lr.pvalue), "stderr": num(lr.stderr),
                         "intercept_stderr": num(lr.intercept_stderr),
                         "rmse": num(math.sqrt(np.mean(resid ** 2)))}
    w = stats.ttest_ind(x, y, equal_var=False)
    rec["welch"] = {"t": num(w.statistic), "p": num(w.pvalue), "df": num(w.df)}
    pt = stats.ttest_rel(x, y)
    rec["paired"] = {"t": num(pt.statistic), "p": num(pt.pvalue), "df": num(pt.df)}
    rec["adjusted"] = adjusted_t(x, y)
    return rec


def test_cases():
    pairs = []
    rng = np.random.default_rng(20241018)
    for n in [3, 4, 7, 12, 25, 33, 34, 60, 200]:
        x = rng.normal(size=n)
        y = 0.6 * x + rng.normal(scale=0.8, size=n)
        pairs.append(pair_record(f"normal_n{n}", x, y))
    rng = np.random.default_rng(7)
    for n in [6, 15, 40]:  # ties: integers drawn from a small range
        x = rng.integers(0, 5, size=n)
        y = x + rng.integers(0, 3, size=n)
        pairs.append(pair_record(f"ties_n{n}", x, y))
    rng = np.random.default_rng(11)
    x = np.cumsum(rng.normal(size=30))  # autocorrelated series, as metrics across layers are
    y = x + np.cumsum(rng.normal(scale=0.3, size=30)) + 0.2
    pairs.append(pair_record("random_walk_n30", x, y))
    x = np.arange(10.0)
    pairs.append(pair_record("anti_n10", x, -2 * x + rng.normal(scale=0.1, size=10)))
    pairs.append(pair_record("large_scale", rng.normal(size=20) * 1e8 + 3e9, rng.normal(size=20) * 1e-6))

    anova = []
    rng = np.random.default_rng(99)
    for name, sizes, shifts in [("three_groups", [8, 10, 12], [0.0, 0.5, 1.0]),
                                ("two_small", [2, 3], [0.0, 2.0]),
                                ("four_unequal", [5, 20, 7, 3], [0.0, 0.1, -0.2, 0.3]),
                                ("null_like", [30, 30, 30], [0, 0, 0])]:
        groups = [list(rng.normal(loc=s, size=k)) for k, s in zip(sizes, shifts)]
        res = stats.f_oneway(*groups)
        anova.append({"name": name, "groups": [[num(v) for v in g] for g in groups],
                      "f": num(res.statistic), "p": num(res.pvalue)})
    groups = [[1, 2, 2, 3], [2, 3, 3, 4, 4], [5, 5, 6]]
    res = stats.f_oneway(*groups)
    anova.append({"name": "integer_ties", "groups": groups, "f": num(res.statistic), "p": num(res.pvalue)})
    return {"versions": VERSIONS, "pairs": pairs, "anova": anova}


def table_cases():
    rng = np.random.default_rng(5)
    n = 24
    df = pd.DataFrame({
        "depth": rng.choice([2, 4, 8], size=n),
        "kind": rng.choice(["dropout", "decay", "augment"], size=n),
        "alpha": np.round(rng.normal(3, 0.7, size=n), 6),
        "acc": np.round(rng.uniform(0.5, 0.9, size=n), 6),
    })
    df.loc[3, "alpha"] = np.nan  # a missing value: pandas skips it in aggregates
    grouped = df.groupby("depth").agg(
        count=("alpha", "size"), alpha_mean=("alpha", "mean"), alpha_median=("alpha", "median"),
        alpha_std=("alpha", "std"), alpha_min=("alpha", "min"), alpha_max=("alpha", "max"),
        alpha_sum=("alpha", "sum"), acc_mean=("acc", "mean"), acc_first=("acc", "first")).reset_index()
    grouped2 = df.groupby(["depth", "kind"]).agg(acc_mean=("acc", "mean"), count=("acc", "size")).reset_index()
    pivot = df.pivot_table(index="depth", columns="kind", values="acc", aggfunc="mean").reset_index()
    left = pd.DataFrame({"k": [1, 2, 3, 4], "a": ["w", "x", "y", "z"], "v": [10, 20, 30, 40]})
    right = pd.DataFrame({"k": [2, 4, 4, 5], "b": [True, False, True, False], "v": [0.5, 1.5, 2.5, 3.5]})

    def records(frame):
        out = []
        for row in frame.to_dict(orient="records"):
            out.append({k: (num(v) if isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, (bool, np.bool_)) else (bool(v) if isinstance(v, (bool, np.bool_)) else (None if v is None or v is pd.NA else v))) for k, v in row.items()})
        return out

    joins = {}
    for how in ["inner", "left", "outer"]:
        merged = left.merge(right, on="k", how=how, suffixes=("_x", "_y"), sort=False)
        joins[how] = {"columns": list(merged.columns), "rows": records(merged)}
    return {"versions": VERSIONS, "data": records(df), "group_depth": records(grouped),
            "group_depth_kind": records(grouped2), "pivot": records(pivot),
            "pivot_columns": [str(c) for c in pivot.columns],
            "join_left": records(left), "join_right": records(right), "joins": joins}


def main():
    for name, payload in [("special", special_cases()), ("tests", test_cases()), ("tables", table_cases())]:
        with open(f"{OUT}/{name}.json", "w") as f:
            json.dump(payload, f, indent=1, allow_nan=False)
            f.write("\n")


if __name__ == "__main__":
    main()
