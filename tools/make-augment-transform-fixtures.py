#!/usr/bin/env python3
"""Writes Tests/Fixtures/augment-transforms/transforms.json: torchvision's outputs for the image
transforms wwn implements in Sources/WWAugment/Transforms, and draws of torchvision's own random
parameters for the distribution checks.

Run:  /work/venv/bin/python tools/make-augment-transform-fixtures.py
Versions used: torch 2.15, torchvision 0.29.2 (CPU), NumPy from /work/venv.

Deterministic cores (byte-exact in the tests): flips, pad + crop at given offsets, resized_crop
with given boxes and sizes (up- and downscaling), elastic with a given displacement (F.elastic,
fill 0 as ElasticTransform uses), erase with a given box and value, adjust_brightness /
contrast / saturation / hue with given factors, from torchvision.transforms.functional (v1, the
spec's reference: its blend rounds f*a and (1-f)*b separately; v2's fuses them, which differs by
one level in about 3 pixels in 10,000). The Gaussian blur of a displacement field is
stored as float32 (tests: within 1e-6).

resized_crop: torchvision resizes uint8 with a native fixed-point kernel on AVX2/AVX-512/ARM64
CPUs (this machine: "native") and through float32 elsewhere ("float"); wwn implements both
(float32 by default, as torchvision.transforms (v1) does on every CPU) and the tests compare each exactly.

Distributions: for each random parameter, the reference quantiles (probes) of many draws of
torchvision's own sampler and the fractions of draws <= and < each probe; the Swift tests draw
their own and compare those fractions within sampling error.
"""
import json
import math
import os

import torch
import torchvision
import torchvision.transforms as T
import torchvision.transforms.v2 as T2
import torchvision.transforms.v2.functional as F
import torchvision.transforms.functional as F1
from torchvision.transforms import InterpolationMode

OUT = os.path.join(os.path.dirname(__file__), "..", "Tests", "Fixtures", "augment-transforms", "transforms.json")
DRAWS = 20000
PROBES = [i / 20 for i in range(1, 20)]


def image(seed, c, h, w):
    g = torch.Generator().manual_seed(seed)
    img = torch.randint(0, 256, (c, h, w), generator=g, dtype=torch.uint8)
    if c == 3:
        # A few grey pixels (r = g = b) and saturated ones exercise HSV's special cases.
        img[:, 0, 0] = 77
        img[:, 1, 1] = torch.tensor([255, 0, 0], dtype=torch.uint8)
        img[:, 1, 2] = torch.tensor([10, 200, 200], dtype=torch.uint8)
        img[:, 2, 2] = 255
    return img


def flat(t):
    return [int(v) for v in t.reshape(-1).tolist()]


def floats(t):
    return [float(v) for v in t.reshape(-1).to(torch.float32).tolist()]


def probes(values):
    values = sorted(values)
    n = len(values)
    result = []
    for p in PROBES:
        x = values[min(n - 1, int(p * n))]
        le = sum(1 for v in values if v <= x) / n
        lt = sum(1 for v in values if v < x) / n
        result.append({"x": x, "le": le, "lt": lt})
    return {"n": n, "probes": result}


def main():
    torch.manual_seed(0)
    images = {"a": image(1, 3, 9, 11), "b": image(2, 1, 7, 6), "c": image(3, 3, 32, 32)}
    out = {"versions": {"torch": torch.__version__, "torchvision": torchvision.__version__},
           "images": {k: {"shape": list(v.shape), "pixels": flat(v)} for k, v in images.items()}}

    out["flips"] = [{"image": k, "horizontal": flat(F.horizontal_flip(v)), "vertical": flat(F.vertical_flip(v))}
                    for k, v in images.items() if k != "c"]

    crops = []
    for name, pad, top, left, h, w in [("a", 4, 0, 0, 9, 11), ("a", 4, 8, 8, 9, 11), ("a", 4, 3, 5, 9, 11),
                                       ("b", 2, 1, 4, 5, 4), ("c", 4, 7, 1, 32, 32)]:
        padded = F.pad(images[name], [pad], fill=0)
        crops.append({"image": name, "padding": pad, "top": top, "left": left, "height": h, "width": w,
                      "output": flat(F.crop(padded, top, left, h, w))})
    out["crops"] = crops

    resized = []
    for name, box, size in [("a", (1, 2, 7, 9), (4, 5)), ("a", (2, 3, 5, 6), (12, 13)), ("a", (0, 0, 9, 4), (5, 10)),
                            ("a", (0, 0, 9, 11), (9, 11)), ("b", (0, 1, 7, 5), (3, 14)), ("c", (3, 5, 20, 17), (32, 32)),
                            ("c", (0, 0, 32, 32), (7, 9)), ("c", (5, 2, 11, 13), (32, 32))]:
        img = images[name]
        native = F.resized_crop(img, *box, list(size), InterpolationMode.BILINEAR, antialias=True)
        as_float = F.resized_crop(img.to(torch.float32), *box, list(size), InterpolationMode.BILINEAR, antialias=True)
        as_float = as_float.round().to(torch.uint8)
        # torchvision.transforms (v1), the spec's reference, resizes uint8 through float32.
        assert torch.equal(as_float, F1.resized_crop(img, *box, list(size), InterpolationMode.BILINEAR, antialias=True))
        resized.append({"image": name, "top": box[0], "left": box[1], "box_height": box[2], "box_width": box[3],
                        "height": size[0], "width": size[1], "float": flat(as_float), "native": flat(native)})
    out["resized_crops"] = resized

    elastic = []
    for name, alpha, sigma, seed in [("c", 50.0, 5.0, 11), ("a", 20.0, 1.5, 12), ("b", 8.0, 0.0, 13), ("c", 200.0, 3.0, 14)]:
        img = images[name]
        h, w = img.shape[-2:]
        g = torch.Generator().manual_seed(seed)
        fields = []
        for size in (w, h):
            raw = torch.rand(1, 1, h, w, generator=g) * 2 - 1
            blurred = raw
            if sigma > 0:
                k = int(8 * sigma + 1)
                k += 1 if k % 2 == 0 else 0
                blurred = F.gaussian_blur(raw, [k, k], [sigma, sigma])
            fields.append((raw, blurred, blurred * alpha / size))
        displacement = torch.concat([fields[0][2], fields[1][2]], 1).permute([0, 2, 3, 1])
        output = F.elastic(img, displacement, interpolation=InterpolationMode.BILINEAR, fill=0)
        assert torch.equal(output, F1.elastic_transform(img, displacement, interpolation=InterpolationMode.BILINEAR, fill=0))
        case = {"image": name, "alpha": alpha, "sigma": sigma, "dx": floats(displacement[..., 0]),
                "dy": floats(displacement[..., 1]), "output": flat(output)}
        if seed != 14:  # the blur is checked on the other three; this one checks a large alpha
            case.update({"raw_dx": floats(fields[0][0]), "raw_dy": floats(fields[1][0]),
                         "blurred_dx": floats(fields[0][1]), "blurred_dy": floats(fields[1][1])})
        elastic.append(case)
    out["elastic"] = elastic

    out["erase"] = [{"image": "a", "top": 2, "left": 3, "height": 4, "width": 5, "value": 0,
                     "output": flat(F.erase(images["a"], 2, 3, 4, 5, torch.tensor(0, dtype=torch.uint8)))},
                    {"image": "b", "top": 0, "left": 1, "height": 7, "width": 2, "value": 128,
                     "output": flat(F.erase(images["b"], 0, 1, 7, 2, torch.tensor(128, dtype=torch.uint8)))}]

    adjust = []
    for name in ("a", "b"):
        img = images[name]
        for f in (0.0, 0.3, 0.77, 1.0, 1.6, 2.5):
            adjust.append({"image": name, "op": "brightness", "factor": f, "output": flat(F1.adjust_brightness(img, f))})
            adjust.append({"image": name, "op": "contrast", "factor": f, "output": flat(F1.adjust_contrast(img, f))})
            if img.shape[0] == 3:
                adjust.append({"image": name, "op": "saturation", "factor": f, "output": flat(F1.adjust_saturation(img, f))})
        if img.shape[0] == 3:
            for f in (-0.5, -0.37, -0.1, 0.0, 0.05, 0.23, 0.41, 0.5):
                adjust.append({"image": name, "op": "hue", "factor": f, "output": flat(F1.adjust_hue(img, f))})
    big = images["c"]  # 1024 pixels: a stronger check of the float32 chains
    for f in (-0.29, 0.13, 0.44):
        adjust.append({"image": "c", "op": "hue", "factor": f, "output": flat(F1.adjust_hue(big, f))})
    for f in (0.35, 1.9):
        adjust.append({"image": "c", "op": "saturation", "factor": f, "output": flat(F1.adjust_saturation(big, f))})
        adjust.append({"image": "c", "op": "contrast", "factor": f, "output": flat(F1.adjust_contrast(big, f))})
    out["adjust"] = adjust

    dist = {}
    torch.manual_seed(1)
    img = torch.zeros(3, 32, 32, dtype=torch.uint8)
    area, logratio = [], []
    for _ in range(DRAWS):
        i, j, h, w = T.RandomResizedCrop.get_params(img, [0.08, 1.0], [3 / 4, 4 / 3])
        area.append(h * w / (32 * 32))
        logratio.append(math.log(w / h))
    dist["rrc_area"] = probes(area)
    dist["rrc_log_ratio"] = probes(logratio)

    area, logratio, none = [], [], 0
    for _ in range(DRAWS):
        i, j, h, w, v = T.RandomErasing.get_params(img, scale=(0.02, 0.33), ratio=(0.3, 3.3), value=[0])
        if h == 32 and w == 32:
            none += 1
            continue
        area.append(h * w / (32 * 32))
        logratio.append(math.log(h / w))
    dist["erasing_area"] = probes(area)
    dist["erasing_log_ratio"] = probes(logratio)
    dist["erasing_no_box"] = {"n": DRAWS, "fraction": none / DRAWS}
    erasing = T2.RandomErasing(p=0.5, value=0)
    ones = torch.full((1, 8, 8), 255, dtype=torch.uint8)
    applied = sum(1 for _ in range(DRAWS) if bool((erasing(ones) != 255).any()))
    dist["erasing_applied"] = {"n": DRAWS, "fraction": applied / DRAWS}

    jitter = T2.ColorJitter(brightness=0.4, contrast=0.8, saturation=1.5, hue=0.2)
    factors = {"brightness": [], "contrast": [], "saturation": [], "hue": []}
    first = [0, 0, 0, 0]
    for _ in range(DRAWS):
        params = jitter.make_params([img])
        first[int(params["fn_idx"][0])] += 1
        factors["brightness"].append(params["brightness_factor"])
        factors["contrast"].append(params["contrast_factor"])
        factors["saturation"].append(params["saturation_factor"])
        factors["hue"].append(params["hue_factor"])
    for k, v in factors.items():
        dist["jitter_" + k] = probes(v)
    dist["jitter_first"] = {"n": DRAWS, "counts": first}

    for alpha in (1.0, 0.4):
        beta = torch.distributions.Beta(torch.tensor([alpha]), torch.tensor([alpha]))
        dist["mixup_lambda_%g" % alpha] = probes([float(beta.sample(())) for _ in range(DRAWS)])
        cutmix = T2.CutMix(num_classes=2, alpha=alpha)
        batch = torch.stack([torch.zeros(1, 32, 32), torch.ones(1, 32, 32)])
        labels = torch.tensor([1, 0])
        shares, label_shares = [], []
        for _ in range(DRAWS // 4):
            mixed, soft = cutmix(batch, labels)
            shares.append(float(mixed[0].mean()))
            label_shares.append(float(soft[0, 0]))
        dist["cutmix_area_%g" % alpha] = probes(shares)
        assert all(abs(a - b) < 1e-6 for a, b in zip(shares, label_shares)), "labels mix by the pasted area"
    out["distributions"] = dist

    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    tmp = OUT + ".tmp"
    with open(tmp, "w") as f:
        json.dump(out, f, separators=(",", ":"))
    os.replace(tmp, OUT)
    print("wrote", OUT, os.path.getsize(OUT), "bytes")


if __name__ == "__main__":
    main()
