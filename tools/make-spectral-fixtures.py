#!/usr/bin/env python3
"""Generates the spectral-analysis parity fixtures in Tests/Fixtures/spectral/.

Run from the repository root with the shared reference venv:
    /work/venv/bin/python tools/make-spectral-fixtures.py
Reference versions used for the committed fixtures: weightwatcher 0.7.7, powerlaw 2.0.0,
numpy 2.4, scipy 1.17, scikit-learn, torch 2.x, safetensors 0.8 (CPU only; WeightWatcher then
computes singular values with scipy.linalg.svd in float64).

Outputs (all small; wwn's tests read only the .f32/.json files, never Python formats):
  matrices.json        names, shapes, layouts and raw file of each weight tensor
  *.f32                raw little-endian float32 tensors, row-major, as wwn should see them
  matrices.safetensors, matrices.pt, model.safetensors, model.pt
                       the same weights, for the model-format integration test
  ww-runs.json         WeightWatcher details dataframes, summaries and analysed eigenvalues
                       for several option sets
  wwfit.json           WWFit (WeightWatcher's power-law fit) on synthetic samples
"""
import collections
import json
import os
import sys

import numpy as np
import torch
import weightwatcher as ww
from weightwatcher import WW_powerlaw
from safetensors.torch import save_file

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "Fixtures", "spectral")
os.makedirs(OUT, exist_ok=True)
rng = np.random.default_rng(20240607)


def f32(a):
    return np.ascontiguousarray(a, dtype=np.float32)


# --- the weight tensors, as wwn sees them (Keras convolution in Keras layout) -----------------
tensors = collections.OrderedDict()
tensors["dense_gauss.weight"] = f32(rng.standard_normal((200, 80)) / np.sqrt(80))
tensors["dense_gauss.bias"] = f32(rng.standard_normal(200))
tensors["heavy_t.weight"] = f32(rng.standard_t(3, size=(240, 100)) * 0.05)
tensors["heavy_pareto.weight"] = f32((rng.pareto(2.5, size=(160, 64)) + 1) * rng.choice([-1, 1], size=(160, 64)) * 0.02)
tensors["wide.weight"] = f32(rng.standard_normal((48, 160)) * 0.1)          # out < in (PyTorch Linear)
tensors["norm.weight"] = f32(np.ones(48))                                      # rank 1: counted, skipped
tensors["conv_torch.weight"] = f32(rng.standard_normal((32, 16, 3, 3)) * 0.1)  # (out, in, kh, kw)
tensors["conv_even.weight"] = f32(rng.standard_normal((16, 24, 2, 2)) * 0.1)   # out < in, rf even
tensors["conv_keras.weight"] = f32(rng.standard_normal((3, 3, 12, 24)) * 0.1)  # (kh, kw, in, out)
tensors["tiny.weight"] = f32(rng.standard_normal((14, 12)))                    # 12 eigenvalues
tensors["rank_deficient.weight"] = f32(rng.standard_normal((120, 20)) @ rng.standard_normal((20, 50)) * 0.1)
tensors["square.weight"] = f32(rng.standard_normal((80, 80)) * 0.1)            # Q = 1
tensors["few.weight"] = f32(rng.standard_normal((10, 6)))                      # 6 < min_evals
tensors["vanishing.weight"] = f32(rng.standard_normal((40, 20)) * 1e-5)        # every eigenvalue < 1e-5: fit fails


def as_ww(name, array):
    """WeightWatcher reads state dicts as PyTorch layout; give it the Keras tensor permuted to
    (out, in, kh, kw), whose kernel slices are the transposes of wwn's (same spectrum)."""
    if name == "conv_keras.weight":
        return torch.tensor(np.ascontiguousarray(array.transpose(3, 2, 0, 1)))
    return torch.tensor(array)


manifest = []
for name, array in tensors.items():
    file = name.replace(".", "_") + ".f32"
    array.astype("<f4").tofile(os.path.join(OUT, file))
    manifest.append({"name": name, "shape": list(array.shape), "file": file,
                     "layout": "kh,kw,in,out" if name == "conv_keras.weight" else None})

# --- a small torch model (trained for a few steps so it is not pure noise) -------------------
torch.manual_seed(7)
model = torch.nn.Sequential(torch.nn.Linear(64, 96), torch.nn.ReLU(), torch.nn.LayerNorm(96),
                            torch.nn.Linear(96, 80), torch.nn.ReLU(), torch.nn.Linear(80, 24))
x = torch.randn(512, 64)
y = torch.randint(0, 24, (512,))
optimizer = torch.optim.SGD(model.parameters(), lr=0.5)
for _ in range(60):
    optimizer.zero_grad()
    loss = torch.nn.functional.cross_entropy(model(x), y)
    loss.backward()
    optimizer.step()
model_state = collections.OrderedDict((k, v.detach().clone().contiguous()) for k, v in model.state_dict().items())
model_manifest = []
for name, value in model_state.items():
    file = "model_" + name.replace(".", "_") + ".f32"
    value.numpy().astype("<f4").tofile(os.path.join(OUT, file))
    model_manifest.append({"name": name, "shape": list(value.shape), "file": file, "layout": None})

with open(os.path.join(OUT, "matrices.json"), "w") as f:
    json.dump({"matrices": manifest, "model": model_manifest}, f, indent=1)

save_file({k: torch.tensor(v) for k, v in tensors.items()}, os.path.join(OUT, "matrices.safetensors"))
torch.save(collections.OrderedDict((k, torch.tensor(v)) for k, v in tensors.items()), os.path.join(OUT, "matrices.pt"))
save_file(dict(model_state), os.path.join(OUT, "model.safetensors"))
torch.save(model_state, os.path.join(OUT, "model.pt"))

# --- WeightWatcher runs ------------------------------------------------------------------------
captured = {}
original_apply_esd = ww.WeightWatcher.apply_esd


def capturing_apply_esd(self, ww_layer, params=None):
    result = original_apply_esd(self, ww_layer, params)
    key = ww_layer.name + (":" + str(ww_layer.slice_id) if "slice_id" in ww_layer.columns else "")
    captured[key] = [float(v) for v in ww_layer.evals]
    return result


ww.WeightWatcher.apply_esd = capturing_apply_esd


def clean(value):
    if isinstance(value, (np.bool_, bool)):
        return bool(value)
    if isinstance(value, (np.integer, int)):
        return int(value)
    if isinstance(value, (np.floating, float)):
        v = float(value)
        return v if np.isfinite(v) else repr(v)
    if value is None:
        return None
    return str(value)


def run(label, state, keep_esd=False, **options):
    captured.clear()
    watcher = ww.WeightWatcher()
    details = watcher.analyze(model=state, **options)
    rows = [{k: clean(v) for k, v in row.items()} for row in details.to_dict("records")]
    summary = {k: clean(v) for k, v in watcher.get_summary(details).items()}
    entry = {"options": {k: clean(v) for k, v in options.items()}, "details": rows, "summary": summary}
    if keep_esd:
        entry["eigenvalues"] = dict(captured)
    print(f"{label}: {len(rows)} rows", file=sys.stderr)
    return entry


ww_state = collections.OrderedDict((k, as_ww(k, v)) for k, v in tensors.items())
runs = {
    "default": run("default", ww_state, keep_esd=True),
    "mp_fit": run("mp_fit", ww_state, mp_fit=True),
    "clip_xmax": run("clip_xmax", ww_state, fix_fingers="clip_xmax"),
    "xmin_peak": run("xmin_peak", ww_state, fix_fingers="xmin_peak"),
    "xmax_clip": run("xmax_clip", ww_state, xmax=-3),
    "no_pool": run("no_pool", ww_state, keep_esd=True, pool=False),
    "no_conv2d_norm": run("no_conv2d_norm", ww_state, conv2d_norm=False),
    "randomize": run("randomize", ww_state, randomize=True),
    "layers_ids": run("layers_ids", ww_state, layers=[1, 3, 7]),
    "layers_exclude": run("layers_exclude", ww_state, layers=["-heavy_t", "-tiny"]),
    "model": run("model", model_state, keep_esd=True, mp_fit=True),
    # The Keras-layout tensor as stored: WeightWatcher's state-dict reader assumes PyTorch
    # layout and slices it into kh x kw matrices (a documented wwn deviation).
    "keras_as_stored": run("keras_as_stored", collections.OrderedDict(
        [("conv_keras.weight", torch.tensor(tensors["conv_keras.weight"]))])),
}
with open(os.path.join(OUT, "ww-runs.json"), "w") as f:
    json.dump(runs, f, indent=None, separators=(",", ":"))

# --- WWFit on synthetic samples ----------------------------------------------------------------
def wwfit_case(label, data, scan=False):
    data = np.sort(np.asarray(data, dtype=np.float64))
    fit = WW_powerlaw.WWFit(data)
    case = {"label": label, "data": [float(v) for v in data], "alpha": float(fit.alpha), "D": float(fit.D),
            "xmin": float(fit.xmin), "sigma": float(fit.sigma), "n_tail": int(len(fit.data))}
    if scan:
        case["alphas"] = [float(v) for v in fit.alphas]
        case["Ds"] = [float(v) for v in fit.Ds]
    return case


fit_rng = np.random.default_rng(11)
cases = [
    wwfit_case("pareto_2000", (fit_rng.pareto(1.8, 2000) + 1) * 0.3),
    wwfit_case("lognormal_300_scan", fit_rng.lognormal(0, 1.2, 300), scan=True),
    wwfit_case("ties_120", np.repeat(np.round((fit_rng.pareto(2.2, 40) + 1) * 5, 1), 3)),
    wwfit_case("small_15", (fit_rng.pareto(2.0, 15) + 1)),
    wwfit_case("small_9", (fit_rng.pareto(3.0, 9) + 1)),
]
with open(os.path.join(OUT, "wwfit.json"), "w") as f:
    json.dump({"cases": cases}, f, indent=None, separators=(",", ":"))
print("done", file=sys.stderr)
