#!/usr/bin/env python3
"""Writes Tests/Fixtures/distributions/distributions.json: SciPy's means, variances, quantiles,
densities and tail probabilities of the distributions wwn draws from (WWNumerics.Distribution),
for WWNumericsTests/DistributionParityTests (the tests never run Python).

Each case names the wwn constructor and its arguments, and the SciPy object they map to; the
mapping is the one documented in docs/language.md ("Random numbers").

Run from the repository root:
    python3 -m venv /tmp/distvenv && /tmp/distvenv/bin/pip install numpy scipy
    /tmp/distvenv/bin/python tools/make-distribution-fixtures.py
"""
import json
import math
import pathlib

import numpy as np
import scipy
from scipy import stats

from fixture_numbers import num

# Levels whose sample quantiles the statistical test compares (inside the bulk, where the
# asymptotic standard error of a sample quantile holds for 200,000 draws).
SAMPLE_LEVELS = [0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99]
# Levels of the exact quantile check: the sample levels and two far tails, where a quantile
# computed from 1 - q or from a cancelling CDF would lose its digits.
EXACT_LEVELS = [1e-6] + SAMPLE_LEVELS + [1 - 1e-6]


def case(constructor, arguments, frozen, scipy_text, tails=None):
    """One distribution: its wwn call, SciPy's view of it, and SciPy's numbers. `tails` is a
    SciPy object equal to `frozen` whose cdf and sf are more accurate, when there is one."""
    tails = tails or frozen
    mean, var, kurtosis = frozen.stats(moments="mvk")
    exact = frozen.ppf(EXACT_LEVELS)
    sample = frozen.ppf(SAMPLE_LEVELS)
    # CDF points: the quantiles themselves, and points between and beyond them.
    lo, hi = float(exact[0]), float(exact[-1])
    points = sorted(set([float(x) for x in exact] + [lo - (hi - lo) * 0.1, (lo + hi) / 2, hi + (hi - lo) * 0.1]))
    entry = {
        "constructor": constructor, "arguments": arguments, "scipy": scipy_text,
        "mean": num(mean), "variance": num(var), "excess_kurtosis": num(kurtosis),
        "exact_levels": EXACT_LEVELS, "exact_quantiles": [num(x) for x in exact],
        "sample_levels": SAMPLE_LEVELS, "sample_quantiles": [num(x) for x in sample],
        "points": points,
        "cdf": [num(tails.cdf(x)) for x in points],
        "sf": [num(tails.sf(x)) for x in points],
    }
    if hasattr(frozen.dist, "pdf"):
        entry["densities"] = [num(frozen.pdf(x)) for x in sample]
    return entry


def dirichlet_case(alpha):
    """Dirichlet: SciPy's component means and variances, and each marginal Beta(alpha_i, alpha_0 - alpha_i)."""
    total = sum(alpha)
    d = stats.dirichlet(alpha)
    marginals = [case("beta_dist", {"a": a, "b": total - a}, stats.beta(a, total - a), f"beta({a}, {total - a})")
                 for a in alpha]
    return {"constructor": "dirichlet", "arguments": {"alpha": alpha}, "scipy": f"dirichlet({alpha})",
            "mean": [num(x) for x in d.mean()], "variance": [num(x) for x in d.var()], "marginals": marginals}


def main():
    cases = [
        case("uniform", {"low": -1, "high": 3}, stats.uniform(loc=-1, scale=4), "uniform(loc=-1, scale=4)"),
        case("normal", {"mean": 1.5, "sd": 2}, stats.norm(loc=1.5, scale=2), "norm(loc=1.5, scale=2)"),
        case("pareto", {"alpha": 1.5, "xmin": 1}, stats.pareto(1.5, scale=1), "pareto(b=1.5, scale=1)"),
        case("pareto", {"alpha": 0.8, "xmin": 2}, stats.pareto(0.8, scale=2), "pareto(b=0.8, scale=2)"),
        case("pareto", {"alpha": 3, "xmin": 0.5}, stats.pareto(3, scale=0.5), "pareto(b=3, scale=0.5)"),
        # t(1) is the Cauchy distribution, whose tails SciPy computes with atan2; stdtr (behind
        # t.cdf) is 5e-12 off near 0 at df = 1 (t.cdf(-4.6e-6, 1) = 0.499998543216019, the
        # exact value 0.4999985432209240 is cauchy.cdf's).
        case("student_t", {"df": 1}, stats.t(1), "t(df=1)", tails=stats.cauchy()),
        case("student_t", {"df": 2.5}, stats.t(2.5), "t(df=2.5)"),
        case("student_t", {"df": 10}, stats.t(10), "t(df=10)"),
        case("cauchy", {"loc": 0, "scale": 1}, stats.cauchy(0, 1), "cauchy(loc=0, scale=1)"),
        case("cauchy", {"loc": -2, "scale": 0.5}, stats.cauchy(-2, 0.5), "cauchy(loc=-2, scale=0.5)"),
        case("lognormal", {"mu": 0, "sigma": 1}, stats.lognorm(1, scale=math.exp(0)), "lognorm(s=1, scale=exp(0))"),
        case("lognormal", {"mu": 1, "sigma": 0.5}, stats.lognorm(0.5, scale=math.exp(1)), "lognorm(s=0.5, scale=exp(1))"),
        case("exponential", {"rate": 1}, stats.expon(scale=1), "expon(scale=1)"),
        case("exponential", {"rate": 2.5}, stats.expon(scale=1 / 2.5), "expon(scale=1/2.5)"),
        case("gamma_dist", {"shape": 0.5, "scale": 1}, stats.gamma(0.5, scale=1), "gamma(a=0.5, scale=1)"),
        case("gamma_dist", {"shape": 2.5, "scale": 2}, stats.gamma(2.5, scale=2), "gamma(a=2.5, scale=2)"),
        case("beta_dist", {"a": 0.5, "b": 0.5}, stats.beta(0.5, 0.5), "beta(a=0.5, b=0.5)"),
        case("beta_dist", {"a": 2, "b": 5}, stats.beta(2, 5), "beta(a=2, b=5)"),
        case("bernoulli", {"p": 0.3}, stats.bernoulli(0.3), "bernoulli(p=0.3)"),
    ]
    document = {"scipy": scipy.__version__, "numpy": np.__version__,
                "cases": cases, "dirichlet": [dirichlet_case([1.0, 2.0, 3.0])]}
    out = pathlib.Path(__file__).resolve().parent.parent / "Tests/Fixtures/distributions/distributions.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(document, indent=1) + "\n")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
