#!/usr/bin/env python3
"""Regenerates Tests/Fixtures/powerlaw/ by running the reference tools.

Run from the project root:
    /path/to/venv/bin/python tools/make-powerlaw-fixtures.py [--powerlaw1-python /path/to/python]

Reference tools used for the committed fixtures:
    powerlaw 2.0.0 (Alstott et al., PyPI `powerlaw`), numpy 2.4.6, scipy 1.17.1, mpmath 1.3.0,
    Python 3.11; and, for the powerlaw 1.x variant, powerlaw 1.5 in a second venv
    (`python3 -m venv /work/venv-powerlaw && /work/venv-powerlaw/bin/pip install powerlaw==1.5`).
    Without --powerlaw1-python (or if it fails) the powerlaw1 entries are left out.

Outputs (JSON, numbers printed with repr so they round-trip exactly):
    blackouts.txt           the powerlaw package's reference data set (copied from its
                            reference_data folder; see PROVENANCE.md)
    incomplete-gamma.json   Γ(s, x) for negative and positive s (mpmath), P and Q (scipy),
                            chi-squared CDFs (scipy)
    samples.json            seeded synthetic samples, each with its data and powerlaw's results:
                            xmin, alpha, sigma, D, V, A², Kappa, n_tail, the alternatives'
                            parameters and log-likelihoods, and distribution_compare results
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import warnings

import mpmath
import numpy as np
import powerlaw
import scipy
import scipy.special as ss
import scipy.stats as st

from fixture_numbers import num as f  # a float for JSON, NaN and infinities as strings

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "Tests", "Fixtures", "powerlaw")
ALTERNATIVES = ["exponential", "lognormal", "truncated_power_law"]
PAIRS = [("power_law", "exponential"), ("power_law", "lognormal"), ("power_law", "truncated_power_law"),
         ("exponential", "lognormal"), ("lognormal", "truncated_power_law"), ("exponential", "truncated_power_law")]


def gamma_fixtures():
    mpmath.mp.dps = 40
    upper = []
    for s in [-6.0, -3.5, -2.0, -1.999999, -1.5, -1.0, -0.9999, -0.5, -1e-8, 0.0, 1e-8, 0.3, 0.5, 0.999, 1.0,
              1.5, 2.5, 5.0]:
        for x in [1e-8, 1e-3, 0.1, 0.5, 0.99, 1.0, 1.01, 2.0, 5.0, 20.0, 100.0, 700.0, 800.0]:
            value = mpmath.gammainc(s, x)
            upper.append({"s": s, "x": x, "value": f(float(value)), "log": f(float(mpmath.log(value)))})
    regularized = []
    for a in [0.01, 0.5, 1.0, 2.5, 10.0, 50.0]:
        for x in [1e-6, 0.1, 1.0, 3.0, 10.0, 60.0]:
            regularized.append({"a": a, "x": x, "P": f(ss.gammainc(a, x)), "Q": f(ss.gammaincc(a, x))})
    chi2 = []
    for k in [1.0, 2.0, 3.5]:
        for x in [1e-4, 0.3, 1.0, 2.7, 10.0, 40.0]:
            chi2.append({"df": k, "x": x, "cdf": f(st.chi2.cdf(x, k)), "one_minus_cdf": f(1 - st.chi2.cdf(x, k))})
    return {"upper": upper, "regularized": regularized, "chi2": chi2}


def samples():
    """Seeded samples: (name, data, note)."""
    rng = np.random.default_rng(20240611)
    out = []
    # Pareto tail (alpha 2.5 above 1) on top of a uniform body: xmin matters.
    tail = (1 - rng.random(1200)) ** (-1 / 1.5)
    body = rng.uniform(0.2, 1.0, 400)
    out.append(("pareto_2_5", np.concatenate([body, tail]), "Pareto alpha 2.5 above 1 plus a uniform body"))
    out.append(("lognormal", rng.lognormal(0.0, 1.0, 1000), "lognormal mu 0, sigma 1"))
    out.append(("exponential", 1 + rng.exponential(1.0, 800), "1 + Exp(1)"))
    # Eigenvalue-like spectra: lambda_i = sigma_i(W)^2 of random matrices, as WeightWatcher sees them.
    w = rng.standard_t(3, size=(600, 300))
    out.append(("esd_student_t3", np.linalg.svd(w, compute_uv=False) ** 2, "ESD of a 600x300 Student-t(3) matrix"))
    w = rng.standard_normal((500, 250))
    out.append(("esd_gaussian", np.linalg.svd(w, compute_uv=False) ** 2, "ESD of a 500x250 Gaussian matrix (MP bulk)"))
    w = rng.standard_normal((400, 200)) + 0.5 * rng.standard_t(1.5, size=(400, 200))
    out.append(("esd_mixed", np.linalg.svd(w, compute_uv=False) ** 2, "ESD of Gaussian + 0.5 Student-t(1.5), 400x200"))
    # A steep Pareto (alpha 3.5): powerlaw 2.0's alpha < 3 restriction bites.
    out.append(("pareto_3_5", (1 - rng.random(1000)) ** (-1 / 2.5), "Pareto alpha 3.5 above 1"))
    data = np.genfromtxt(os.path.join(OUT, "blackouts.txt")) / 1000
    out.append(("blackouts", data, "powerlaw's blackouts.txt / 1000 (the spec's reference values)"))
    return out


def fit_powerlaw2(data):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fit = powerlaw.Fit(data, verbose=0)
        result = {"xmin": f(fit.xmin), "alpha": f(fit.alpha), "sigma": f(fit.sigma), "D": f(fit.D),
                  "n_tail": int(fit.n_tail), "noise_flag": bool(fit.noise_flag)}
        pl = fit.power_law
        result.update({"V": f(pl.V), "Asquare": f(pl.Asquare), "Kappa": f(pl.Kappa),
                       "D_plus": f(pl.D_plus), "D_minus": f(pl.D_minus),
                       "loglikelihood": f(np.sum(pl.loglikelihoods(fit.data)))})
        dists = {"power_law": {"parameters": {"alpha": f(pl.alpha)},
                               "loglikelihood": result["loglikelihood"], "D": f(pl.D),
                               "noise_flag": bool(pl.noise_flag)}}
        for name in ALTERNATIVES:
            d = getattr(fit, name)
            dists[name] = {"parameters": {k: f(v) for k, v in d.parameters.items()},
                           "loglikelihood": f(d.loglikelihood), "D": f(d.D), "V": f(d.V),
                           "noise_flag": bool(d.noise_flag)}
        result["distributions"] = dists
        comparisons = []
        for a, b in PAIRS:
            R, p = fit.distribution_compare(a, b)
            Rn, pn = fit.distribution_compare(a, b, normalized_ratio=True)
            comparisons.append({"first": a, "second": b, "R": f(R), "p": f(p), "normalized_R": f(Rn)})
        result["comparisons"] = comparisons
        scan = fit.xmin_fitting_results
        result["scan"] = {"xmins": [f(x) for x in scan["xmins"]], "alphas": [f(x) for x in scan["alphas"]],
                          "distances": [f(x) for x in scan["distances"]],
                          "valid": [bool(x) for x in scan["valid_fits"]]}
    return result


POWERLAW1_SNIPPET = r"""
import json, sys, warnings, io, contextlib
import numpy as np, powerlaw
out = {}
for name, data in json.load(sys.stdin).items():
    with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        warnings.simplefilter("ignore")
        fit = powerlaw.Fit(np.array(data), verbose=False)
        out[name] = {"xmin": float(fit.xmin), "alpha": float(fit.alpha), "D": float(fit.D),
                     "sigma": float(fit.sigma), "n_tail": int(fit.n_tail), "version": powerlaw.__version__}
print(json.dumps(out))
"""


def fit_powerlaw1(python, named):
    try:
        done = subprocess.run([python, "-c", POWERLAW1_SNIPPET], input=json.dumps(named), capture_output=True,
                              text=True, check=True)
        return json.loads(done.stdout)
    except Exception as error:  # the powerlaw 1.x venv is optional
        print(f"powerlaw 1.x not run: {error}", file=sys.stderr)
        return {}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--powerlaw1-python", default="/work/venv-powerlaw/bin/python")
    args = parser.parse_args()
    os.makedirs(OUT, exist_ok=True)
    source = os.path.join(os.path.dirname(powerlaw.__file__), "reference_data", "blackouts.txt")
    shutil.copyfile(source, os.path.join(OUT, "blackouts.txt"))

    with open(os.path.join(OUT, "incomplete-gamma.json"), "w") as handle:
        json.dump({"tools": {"mpmath": mpmath.__version__, "scipy": scipy.__version__}, **gamma_fixtures()}, handle)

    named = samples()
    v1 = fit_powerlaw1(args.powerlaw1_python, {name: [float(x) for x in data] for name, data, _ in named})
    entries = []
    for name, data, note in named:
        entry = {"name": name, "note": note, "data": [float(x) for x in data], "powerlaw2": fit_powerlaw2(data)}
        if name in v1:
            entry["powerlaw1"] = v1[name]
        entries.append(entry)
        print(name, entry["powerlaw2"]["xmin"], entry["powerlaw2"]["alpha"], entry["powerlaw2"]["D"],
              v1.get(name, {}).get("xmin"), v1.get(name, {}).get("alpha"), file=sys.stderr)
    tools = {"powerlaw": powerlaw.__version__, "numpy": np.__version__, "scipy": scipy.__version__,
             "powerlaw1": next(iter(v1.values()), {}).get("version")}
    with open(os.path.join(OUT, "samples.json"), "w") as handle:
        json.dump({"tools": tools, "samples": entries}, handle)


if __name__ == "__main__":
    main()
