#!/usr/bin/env python3
"""Reference outputs of torchvision's image ops and augmentation policies for WWAugment.

Run from the repository root:

    /work/venv/bin/python tools/make-augment-fixtures.py

Writes Tests/Fixtures/augment/:
- images.bin, outputs.bin: raw uint8 bytes (C x H x W, plane after plane) of the input images and
  of every op's output, concatenated; ops.json indexes them (image, op, magnitude,
  interpolation, byte offset). Every op is called through torchvision's own
  `autoaugment._apply_op`, i.e. exactly as the policies call it (shear about the top-left corner
  with degrees(atan(m)), translate truncated to int, enhance factors 1 + m).
- magnitudes.json: each policy's magnitude bins (torch.linspace in float32, read back as
  Python floats) for the image sizes used.
- augmix-mix.json: AugMix's mix of fixed chains with fixed Dirichlet weights.
- autoaugment-cifar10.json: the 25 sub-policies of the CIFAR-10 policy (bin -1: no magnitude).
- policies.json: summary statistics of each random policy run many times on fixed images
  (per-run fraction unchanged, mean absolute change, mean output, share of large changes), with
  their standard deviations so the Swift test can derive tolerances from sampling error, and the
  quartiles and 90th percentile of the per-run mean absolute change.

Generated with: torch 2.15.0, torchvision 0.29.2 (CPU), numpy 2.4.6.
"""
import json
import math
import os

import numpy as np
import torch
from torchvision.transforms import autoaugment as aa
from torchvision.transforms import AutoAugment, AutoAugmentPolicy, RandAugment, TrivialAugmentWide, AugMix
from torchvision.transforms import InterpolationMode

OUT = os.path.join("Tests", "Fixtures", "augment")
torch.set_num_threads(1)
torch.manual_seed(20261121)
rng = np.random.default_rng(20261121)


def structured(c, h, w, lo=0, hi=255):
    """Smooth gradients plus noise: histograms with gaps and plateaus, edges for the blur."""
    yy, xx = np.meshgrid(np.linspace(0, 1, h), np.linspace(0, 1, w), indexing="ij")
    planes = []
    for k in range(c):
        base = 0.5 + 0.35 * np.sin(3 * xx + 2 * k) * np.cos(2 * yy - k) + 0.15 * rng.standard_normal((h, w))
        planes.append(np.clip(lo + (hi - lo) * base, 0, 255))
    return np.stack(planes).round().astype(np.uint8)


images = {
    "rgb32": structured(3, 32, 32),
    "grey28": structured(1, 28, 28),
    "rgb20x28": structured(3, 20, 28),
    "lowcontrast32": structured(3, 32, 32, lo=100, hi=140),
    "constant8": np.full((3, 8, 8), 77, dtype=np.uint8),
    "twovalues6x5": np.where(rng.random((1, 6, 5)) < 0.5, 10, 200).astype(np.uint8),
    "onevalueplus": np.concatenate([np.full((1, 4, 4), 50, np.uint8)], 0),
}
images["onevalueplus"][0, 0, 0] = 51  # step = 1 // 255 = 0: equalize leaves it unchanged

pixel_cases = {
    "brightness": [-0.9, -0.27, 0.0, 0.1, 0.5, 0.9],
    "color": [-0.9, -0.5, 0.0, 0.27, 0.9],
    "contrast": [-0.9, -0.3, 0.0, 0.27, 0.9],
    "sharpness": [-0.9, -0.4, 0.0, 0.3, 0.9],
    "posterize": [8, 7, 4, 2, 1, 0],
    "solarize": [255.0, 178.5, 128.0, 0.0],
    "invert": [None],
    "autocontrast": [None],
    "equalize": [None],
}
geometric_cases = {
    "shear_x": [0.09, -0.3, 0.26666668057441711, -0.99, 0.5],
    "shear_y": [0.09, -0.3, 0.26666668057441711, 0.99, -0.5],
    "translate_x": [4.0, -14.5, 0.0, 9.3, -32.0],
    "translate_y": [4.0, -14.5, 3.0, -9.3, 20.0],
    "rotate": [9.0, -30.0, 45.0, 90.0, -135.0, 180.0, 13.333333015441895],
}
tv_names = {"brightness": "Brightness", "color": "Color", "contrast": "Contrast", "sharpness": "Sharpness",
            "posterize": "Posterize", "solarize": "Solarize", "invert": "Invert", "autocontrast": "AutoContrast",
            "equalize": "Equalize", "shear_x": "ShearX", "shear_y": "ShearY", "translate_x": "TranslateX",
            "translate_y": "TranslateY", "rotate": "Rotate"}

image_index, image_bytes = [], bytearray()
for name, img in images.items():
    image_index.append({"name": name, "shape": list(img.shape), "offset": len(image_bytes)})
    image_bytes += img.tobytes()

cases, outputs = [], bytearray()


def run(name, img, op, magnitude, interpolation):
    mode = InterpolationMode.BILINEAR if interpolation == "bilinear" else InterpolationMode.NEAREST
    out = aa._apply_op(torch.from_numpy(img.copy()), tv_names[op], 0.0 if magnitude is None else magnitude,
                       interpolation=mode, fill=None)
    cases.append({"image": name, "op": op, "magnitude": magnitude, "interpolation": interpolation,
                  "offset": len(outputs)})
    outputs.extend(out.numpy().tobytes())


for op, mags in pixel_cases.items():
    for name, img in images.items():
        for m in mags:
            run(name, img, op, m, "nearest")
for op, mags in geometric_cases.items():
    for name in ["rgb32", "grey28", "rgb20x28"]:
        for m in mags:
            for interpolation in ["nearest", "bilinear"]:
                run(name, images[name], op, m, interpolation)

os.makedirs(OUT, exist_ok=True)
with open(os.path.join(OUT, "images.bin"), "wb") as f:
    f.write(image_bytes)
with open(os.path.join(OUT, "outputs.bin"), "wb") as f:
    f.write(outputs)
with open(os.path.join(OUT, "ops.json"), "w") as f:
    json.dump({"images": image_index, "cases": cases}, f, indent=0)


def space(table):
    return {k: ([float(x) for x in v.flatten().tolist()], bool(s)) for k, (v, s) in table.items()}


magnitudes = {}
for h, w in [(32, 32), (20, 28)]:
    key = f"{h}x{w}"
    magnitudes[f"autoaugment {key}"] = space(AutoAugment()._augmentation_space(10, (h, w)))
    magnitudes[f"randaugment {key}"] = space(RandAugment()._augmentation_space(31, (h, w)))
    magnitudes[f"augmix {key}"] = space(AugMix(all_ops=True)._augmentation_space(10, (h, w)))
magnitudes["trivialaugment"] = space(TrivialAugmentWide()._augmentation_space(31))
with open(os.path.join(OUT, "magnitudes.json"), "w") as f:
    json.dump(magnitudes, f, indent=0)

# AugMix's float32 mix with fixed Dirichlet draws and fixed chains, written with the same torch
# calls as AugMix.forward (m0 * x + sum_i (w_i * m1) * chain_i, then .to(uint8)).
mix_cases = []
for name in ["rgb32", "grey28"]:
    x = torch.from_numpy(images[name].copy())
    batch = x.view([1] + list(x.shape))
    m = torch.tensor([[0.3, 0.7]], dtype=torch.float32)
    w = torch.tensor([[0.2, 0.5, 0.3]], dtype=torch.float32) * m[:, 1].view([1, -1])
    chains = [[["Rotate", 13.0]], [["ShearX", -0.2], ["Solarize", 128.0]], [["Equalize", 0.0], ["TranslateY", -5.0], ["Posterize", 3.0]]]
    mix = m[:, 0].view([1, 1, 1, 1]) * batch
    for i, chain in enumerate(chains):
        aug = batch
        for op, mag in chain:
            aug = aa._apply_op(aug, op, mag, interpolation=InterpolationMode.BILINEAR, fill=None)
        mix.add_(w[:, i].view([1, 1, 1, 1]) * aug)
    out = mix.view(list(x.shape)).to(dtype=torch.uint8)
    mix_cases.append({"image": name, "m": [float(v) for v in m[0]], "weights": [0.2, 0.5, 0.3],
                      "chains": chains, "output": out.flatten().tolist()})
with open(os.path.join(OUT, "augmix-mix.json"), "w") as f:
    json.dump(mix_cases, f)

# AutoAugment's CIFAR-10 sub-policies as torchvision lists them: [[op, p, bin], [op, p, bin]].
with open(os.path.join(OUT, "autoaugment-cifar10.json"), "w") as f:
    policy = AutoAugment(AutoAugmentPolicy.CIFAR10).policies
    json.dump([[[op, p, -1 if b is None else b] for op, p, b in pair] for pair in policy], f)

# Random policies: statistics over many runs on fixed images.
RUNS = 4000
policies = {
    "autoaugment": AutoAugment(AutoAugmentPolicy.CIFAR10),
    "randaugment": RandAugment(),
    "trivialaugment": TrivialAugmentWide(),
    # wwn's augmix() defaults to all_ops=False (the paper's code); torchvision's to True.
    "augmix": AugMix(all_ops=False),
    "augmix_all_ops": AugMix(all_ops=True),
}
LARGE = 20.0  # a mean absolute change above this counts as a large change


def statistics(policy, img):
    x = torch.from_numpy(img.copy())
    unchanged, mad, mean, large = [], [], [], []
    for _ in range(RUNS):
        y = policy(x)
        d = (y.to(torch.float64) - x.to(torch.float64)).abs().mean().item()
        unchanged.append(1.0 if torch.equal(x, y) else 0.0)
        mad.append(d)
        mean.append(y.to(torch.float64).mean().item())
        large.append(1.0 if d > LARGE else 0.0)
    out = {}
    # Quantiles of the mean absolute change, with the share of torchvision's runs at or below
    # each (point masses such as "unchanged" make that share differ from the level).
    changes = np.array(mad)
    out["change_quantiles"] = [{"level": level, "value": float(np.quantile(changes, level)),
                                "at_or_below": float(np.mean(changes <= np.quantile(changes, level)))}
                               for level in (0.25, 0.5, 0.75, 0.9)]
    for key, values in [("unchanged", unchanged), ("mean_abs_change", mad), ("mean_output", mean), ("large_change", large)]:
        v = np.array(values)
        out[key] = {"mean": float(v.mean()), "std": float(v.std(ddof=1))}
    return out


stats = {"runs": RUNS, "large_change_threshold": LARGE, "images": ["rgb32", "grey28"], "policies": {}}
for pname, policy in policies.items():
    stats["policies"][pname] = {name: statistics(policy, images[name]) for name in stats["images"]}
with open(os.path.join(OUT, "policies.json"), "w") as f:
    json.dump(stats, f, indent=1)
print("cases", len(cases), "output bytes", len(outputs))
