#!/usr/bin/env python3
"""Reference values for the evaluation and representation metrics of WWNeural.

Run from the repository root:

    PYTHONPATH=/path/to/torchmetrics /work/venv/bin/python tools/make-eval-fixtures.py

Writes Tests/Fixtures/eval/{calibration,rank,probe,collapse}.json (inputs and expected
outputs; the Swift tests read them). Python is never needed to build or test wwn.

Generated with: numpy 2.4.6, scipy 1.17.1, scikit-learn 1.9.1, torch 2.15.0, torchmetrics 1.9.0
(torchmetrics installed with `pip install --target DIR --no-deps torchmetrics lightning-utilities`).

What each reference is:
- calibration: NLL by torch.nn.functional.cross_entropy (float64); probabilities by
  torch.softmax; ECE/MCE/bins by a direct NumPy implementation of the right-closed bins
  (lo, hi] of Guo et al. 2017 (the convention wwn documents), and torchmetrics'
  multiclass_calibration_error (which bins left-closed and computes in float32) where no
  confidence lies on a bin edge or equals 1; confusion matrix by sklearn.metrics.
- rank: numpy.linalg.svd / matrix_rank (default tol and rtol), effective rank from NumPy's
  singular values (Roy & Vetterli 2007), Frobenius norms by numpy.linalg.norm.
- probe: sklearn LogisticRegression (lbfgs, multinomial, C = 1/(n*l2), tol 1e-12), with
  StandardScaler when standardised; intercepts centred to sum to 0. Also the exact optimum:
  sklearn's solution polished by Newton steps with the exact Hessian of the same objective
  (SciPy's L-BFGS-B stops on its relative-decrease rule; on the ill-conditioned "raw" case its
  coefficients are 3e-6 from the optimum).
- collapse: NC1..NC4 of Papyan, Han & Donoho (2020) from their d x d definitions with
  numpy.linalg.pinv(Sigma_B, hermitian=True) (an independent path from wwn's SVD-based one).
"""
import json
import os

import numpy as np
import sklearn
import torch
import torch.nn.functional as F
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import confusion_matrix
from sklearn.preprocessing import StandardScaler

try:
    import torchmetrics
    from torchmetrics.functional.classification import multiclass_calibration_error
except ImportError:  # the torchmetrics cross-check is optional; the NumPy reference is not
    torchmetrics = None

OUT = os.path.join(os.path.dirname(__file__), "..", "Tests", "Fixtures", "eval")


def write(name, payload):
    os.makedirs(OUT, exist_ok=True)
    path = os.path.join(OUT, name)
    with open(path + ".tmp", "w") as f:
        json.dump(payload, f, indent=None, separators=(",", ":"))
        f.write("\n")
    os.replace(path + ".tmp", path)
    print(f"wrote {path} ({os.path.getsize(path)} bytes)")


def versions():
    out = {"numpy": np.__version__, "scikit-learn": sklearn.__version__, "torch": torch.__version__}
    if torchmetrics is not None:
        out["torchmetrics"] = torchmetrics.__version__
    return out


# ---------------------------------------------------------------- calibration

def reference_bins(probs, labels, n_bins):
    """Right-closed equal-width bins (lo, hi] over the top-label confidence."""
    conf = probs.max(axis=1)
    pred = probs.argmax(axis=1)
    correct = (pred == labels).astype(np.float64)
    edges = np.arange(n_bins + 1) / n_bins
    bins = []
    ece = 0.0
    mce = 0.0
    for b in range(n_bins):
        lo, hi = edges[b], edges[b + 1]
        member = (conf > lo) & (conf <= hi)
        if b == 0:
            member |= conf == 0
        count = int(member.sum())
        if count:
            acc = float(correct[member].mean())
            mean_conf = float(conf[member].mean())
            gap = abs(acc - mean_conf)
            ece += count / len(conf) * gap
            mce = max(mce, gap)
        else:
            acc = mean_conf = None
        bins.append({"count": count, "confidence": mean_conf, "accuracy": acc})
    on_edge = bool(np.isin(conf, edges).any())
    return ece, mce, bins, on_edge


def calibration_case(name, logits, labels, temperatures, n_bins=15):
    classes = logits.shape[1]
    results = []
    for t in temperatures:
        z = torch.tensor(logits / t, dtype=torch.float64)
        y = torch.tensor(labels)
        nll = float(F.cross_entropy(z, y))
        probs = torch.softmax(z, dim=1).numpy()
        ece, mce, bins, on_edge = reference_bins(probs, labels, n_bins)
        entry = {
            "temperature": t, "nll": nll, "accuracy": float((probs.argmax(1) == labels).mean()),
            "ece": ece, "mce": mce, "bins": bins, "confidence_on_edge": on_edge,
            "probabilities_head": probs[:3].tolist(),
        }
        if torchmetrics is not None:
            entry["torchmetrics_ece"] = float(multiclass_calibration_error(
                torch.tensor(probs), y, num_classes=classes, n_bins=n_bins, norm="l1"))
        results.append(entry)
    preds = logits.argmax(1)
    return {
        "name": name, "logits": logits.tolist(), "labels": labels.tolist(), "bins": n_bins,
        "temperatures": results,
        "confusion": confusion_matrix(labels, preds, labels=list(range(classes))).tolist(),
        "logit_mean_row_norm": float(np.linalg.norm(logits, axis=1).mean()),
        "logit_frobenius": float(np.linalg.norm(logits)),
    }


def calibration():
    rng = np.random.default_rng(20240611)
    n, c = 400, 6
    labels = rng.integers(0, c, size=n)
    # Moderate logits: the right class gets a boost most of the time, so accuracy is ~0.6 and
    # confidences spread over (0, 1) without touching 1.
    logits = rng.normal(0, 1.5, size=(n, c))
    logits[np.arange(n), labels] += rng.normal(1.5, 1.0, size=n)
    generic = calibration_case("generic", logits, labels, [1.0, 0.5, 3.0])
    # Saturated rows: softmax rounds the top probability to exactly 1.0 in float64.
    sat = logits.copy()
    sat[: n // 4] *= 40
    saturated = calibration_case("saturated", sat, labels, [1.0])
    write("calibration.json", {"generator": versions(), "cases": [generic, saturated]})


# ---------------------------------------------------------------- rank

def rank_case(name, a, rtols):
    s = np.linalg.svd(a, compute_uv=False)
    p = s / s.sum()
    p = p[p > 0]
    return {
        "name": name, "dtype": str(a.dtype), "shape": list(a.shape), "values": a.ravel().astype(np.float64).tolist(),
        "singular_values": s.astype(np.float64).tolist(),
        "matrix_rank": int(np.linalg.matrix_rank(a)),
        "relative": [{"rtol": r, "rank": int(np.linalg.matrix_rank(a, rtol=r))} for r in rtols],
        "effective_rank": float(np.exp(-(p * np.log(p)).sum())),
        "frobenius": float(np.linalg.norm(a.astype(np.float64))),
    }


def rank():
    rng = np.random.default_rng(7)
    low = rng.normal(size=(60, 7)) @ rng.normal(size=(7, 20))
    noisy = low + 1e-9 * rng.normal(size=low.shape)
    exact = rng.normal(size=(40, 5)) @ rng.normal(size=(5, 30))
    f32 = (rng.normal(size=(50, 4)) @ rng.normal(size=(4, 16))).astype(np.float32)
    wide = rng.normal(size=(8, 30)) * np.geomspace(1, 1e-4, 30)
    cases = [
        rank_case("rank7_plus_noise", noisy, [1e-6, 1e-12]),
        rank_case("exact_rank5", exact, [1e-6]),
        rank_case("float32_rank4", f32, [1e-3]),
        rank_case("wide_decaying", wide, [1e-2, 1e-1]),
    ]
    write("rank.json", {"generator": versions(), "cases": cases})


# ---------------------------------------------------------------- probe

def probe_data(rng, n_per_class, means, scale):
    xs, ys = [], []
    for c, mean in enumerate(means):
        xs.append(mean + scale * rng.normal(size=(n_per_class, len(mean))))
        ys.append(np.full(n_per_class, c))
    return np.vstack(xs), np.concatenate(ys)


def softmax_rows(z):
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def newton_polish(x, y, l2, coef, intercept, steps=8):
    """Newton steps on (1/n) sum CE + (l2/2)||W||^2 from a starting point, exact Hessian."""
    n, d = x.shape
    c = coef.shape[0]
    onehot = np.eye(c)[y]
    augmented = np.hstack([x, np.ones((n, 1))])
    theta = np.hstack([coef, intercept[:, None]])  # [c, d + 1]
    penalty = np.diag([l2] * d + [0.0])
    for _ in range(steps):
        p = softmax_rows(augmented @ theta.T)
        gradient = (p - onehot).T @ augmented / n + theta @ penalty
        hessian = np.zeros((c * (d + 1), c * (d + 1)))
        for i in range(n):
            s = np.diag(p[i]) - np.outer(p[i], p[i])
            hessian += np.kron(s, np.outer(augmented[i], augmented[i])) / n
        hessian += np.kron(np.eye(c), penalty)
        # The common shift of the intercepts is a null direction: least squares ignores it.
        step = np.linalg.lstsq(hessian, gradient.ravel(), rcond=None)[0]
        theta = theta - step.reshape(c, d + 1)
    p = softmax_rows(augmented @ theta.T)
    gradient = (p - onehot).T @ augmented / n + theta @ penalty
    bias = theta[:, d] - theta[:, d].mean()
    return theta[:, :d], bias, float(np.abs(gradient).max())


def probe_case(name, train, test, shifted, l2, standardize):
    (xtr, ytr), (xte, yte), (xsh, ysh) = train, test, shifted
    n = len(ytr)
    scaler = StandardScaler().fit(xtr) if standardize else None
    tr = (lambda x: scaler.transform(x)) if standardize else (lambda x: x)
    model = LogisticRegression(C=1.0 / (n * l2), tol=1e-12, max_iter=100000, solver="lbfgs")
    model.fit(tr(xtr), ytr)
    intercept = model.intercept_ - model.intercept_.mean()
    exact_coef, exact_bias, exact_gradient = newton_polish(tr(xtr), ytr, l2, model.coef_, intercept)
    return {
        "name": name, "l2": l2, "standardize": standardize,
        "coefficients": model.coef_.tolist(), "intercepts": intercept.tolist(),
        "optimum_coefficients": exact_coef.tolist(), "optimum_intercepts": exact_bias.tolist(),
        "optimum_gradient_max": exact_gradient,
        "train_accuracy": float(model.score(tr(xtr), ytr)),
        "test_accuracy": float(model.score(tr(xte), yte)),
        "shifted_accuracy": float(model.score(tr(xsh), ysh)),
    }


def probe():
    rng = np.random.default_rng(11)
    d = 5
    means = rng.normal(0, 1.2, size=(3, d))
    scales = np.array([1.0, 3.0, 0.2, 10.0, 1.0])  # features of very different scale
    train = probe_data(rng, 50, means, 1.0)
    test = probe_data(rng, 30, means, 1.0)
    sx, sy = probe_data(rng, 30, means, 1.6)
    shifted = (sx + 0.8, sy)
    scaled = lambda split: (split[0] * scales, split[1])
    data = {
        "train_x": scaled(train)[0].tolist(), "train_y": train[1].tolist(),
        "test_x": scaled(test)[0].tolist(), "test_y": test[1].tolist(),
        "shifted_x": scaled(shifted)[0].tolist(), "shifted_y": shifted[1].tolist(),
    }
    cases = [
        probe_case("standardized", scaled(train), scaled(test), scaled(shifted), 1e-2, True),
        probe_case("raw", scaled(train), scaled(test), scaled(shifted), 1e-3, False),
    ]
    write("probe.json", {"generator": versions(), "data": data, "cases": cases})


# ---------------------------------------------------------------- neural collapse

def collapse_reference(h, labels, w, b, predictions):
    n, d = h.shape
    c = labels.max() + 1
    mu_g = h.mean(axis=0)
    mu = np.stack([h[labels == k].mean(axis=0) for k in range(c)])
    m = mu - mu_g
    hc = h - mu[labels]
    sigma_w = hc.T @ hc / n
    sigma_b = m.T @ m / c
    nc1 = float(np.trace(sigma_w @ np.linalg.pinv(sigma_b, hermitian=True)) / c)
    norms = np.linalg.norm(m, axis=1)
    unit = m / norms[:, None]
    cos = unit @ unit.T
    pairs = cos[np.triu_indices(c, k=1)]
    gram = m @ m.T
    etf = (np.eye(c) - np.ones((c, c)) / c) / np.sqrt(c - 1)
    out = {
        "nc1": nc1, "within_trace": float(np.trace(sigma_w)), "between_trace": float(np.trace(sigma_b)),
        "between_rank": int(np.linalg.matrix_rank(sigma_b, hermitian=True)),
        "norm_variation": float(norms.std() / norms.mean()),
        "cosine_std": float(pairs.std()), "mean_cosine": float(pairs.mean()),
        "coherence": float(np.abs(pairs + 1 / (c - 1)).mean()),
        "etf_distance": float(np.linalg.norm(gram / np.linalg.norm(gram) - etf)),
    }
    dist = ((h[:, None, :] - mu[None, :, :]) ** 2).sum(axis=2)
    ncc = dist.argmin(axis=1)
    out["ncc_accuracy"] = float((ncc == labels).mean())
    if w is not None:
        out["nc3"] = float(np.linalg.norm(w / np.linalg.norm(w) - m / np.linalg.norm(m)))
        net = (h @ w.T + (b if b is not None else 0)).argmax(axis=1)
        out["nc4_from_classifier"] = float((net != ncc).mean())
    if predictions is not None:
        out["nc4_from_predictions"] = float((predictions != ncc).mean())
    return out


def collapse_case(name, rng, counts, d, spread, noise):
    c = len(counts)
    means = rng.normal(0, spread, size=(c, d))
    labels = np.concatenate([np.full(k, i) for i, k in enumerate(counts)])
    h = means[labels] + noise * rng.normal(size=(len(labels), d))
    w = means + 0.5 * rng.normal(size=means.shape)
    b = 0.1 * rng.normal(size=c)
    predictions = labels.copy()
    flip = rng.random(len(labels)) < 0.15
    predictions[flip] = rng.integers(0, c, size=flip.sum())
    return {
        "name": name, "features": h.tolist(), "labels": labels.tolist(), "classifier": w.tolist(),
        "bias": b.tolist(), "predictions": predictions.tolist(),
        "expected": collapse_reference(h, labels, w, b, predictions),
    }


def collapse():
    rng = np.random.default_rng(3)
    cases = [
        collapse_case("imbalanced_noisy", rng, [30, 25, 35, 20], 10, 2.0, 1.5),
        collapse_case("few_features", rng, [12, 12, 12, 12, 12], 3, 1.0, 0.7),
    ]
    write("collapse.json", {"generator": versions(), "cases": cases})


if __name__ == "__main__":
    calibration()
    rank()
    probe()
    collapse()
