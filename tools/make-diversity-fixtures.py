#!/usr/bin/env python3
"""Reference values for WWDiversity, computed with vendi-score (the Vendi Score's own package).

Run from the repository root with the shared venv:

    /work/venv/bin/python tools/make-diversity-fixtures.py

Writes Tests/Fixtures/diversity/vendi.json. Generated with Python 3.11.7, vendi-score 0.0.3,
NLTK 3.10.4, NumPy 2.4.6, SciPy 1.17.1, scikit-learn 1.9.1, Pillow 13.0.0 (the versions are also
recorded in the file). Inputs are drawn from numpy.random.default_rng with fixed seeds and stored
in the file, so the Swift tests need no random generator of NumPy's.

Notes on the reference:
- vendi_score.text_utils imports `datasets` and `transformers` at module level but
  ngram_vendi_score uses neither, so both are stubbed here (they are not installed).
- ngram_vendi_score uses the sparse `.A` attribute that SciPy 1.14 removed; it is restored
  here as `toarray()` (what it always meant).
- NLTK's word_tokenize needs the Punkt model, which cannot be downloaded here; the n-gram
  fixtures use word_tokenize(text, preserve_line=True), the tokeniser wwn implements.
- pixel_vendi_score resizes with PIL to 32 x 32 (bicubic); `pixels` holds 32 x 32 images (the
  resize is a copy, so wwn's native-size pixels give the same vectors) and `resized` images of
  other sizes with PIL's resized bytes, which wwn's resize must reproduce exactly. It calls
  score_X (q = 1) since n < d.
- The weighted Vendi Score has no reference implementation; its values are computed here from
  the definition (arXiv 2410.14602) with NumPy and vendi.score_dual.
"""
import json
import platform
import sys
import types

import numpy as np
import scipy
import sklearn
import PIL
from PIL import Image

for stub in ("datasets", "transformers"):
    module = types.ModuleType(stub)
    module.load_dataset = module.AutoModel = module.AutoTokenizer = None
    sys.modules[stub] = module

import scipy.sparse

for sparse_type in (scipy.sparse.csr_matrix, scipy.sparse.csc_matrix, scipy.sparse.coo_matrix):
    if not hasattr(sparse_type, "A"):
        sparse_type.A = property(lambda self: self.toarray())

import nltk
from nltk.tokenize import word_tokenize
from importlib.metadata import version
from vendi_score import vendi, text_utils, image_utils

OUT = "Tests/Fixtures/diversity/vendi.json"
ORDERS = [0, 0.5, 1, 2, "inf"]


def order_key(q):
    return "inf" if q == "inf" else repr(float(q))


def normalised(x):
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def tokenize(text):
    return word_tokenize(text, preserve_line=True)


def main():
    rng = np.random.default_rng(20261121)
    out = {"versions": {"python": platform.python_version(), "vendi-score": version("vendi-score"),
                        "nltk": nltk.__version__, "numpy": np.__version__, "scipy": scipy.__version__,
                        "scikit-learn": sklearn.__version__, "pillow": PIL.__version__}}

    # The spec's test vectors.
    k3 = np.array([[1, .9, 0], [.9, 1, 0], [0, 0, 1]], dtype=float)
    out["vectors"] = {
        "samples": vendi.score([0, 0, 10, 10, 20, 20], lambda a, b: np.exp(-abs(a - b))),
        "K": k3.tolist(),
        "K_orders": {order_key(q): vendi.score_K(k3, q=q) for q in ORDERS},
        "K_weighted": vendi.score_K(k3, p=np.array([.5, .25, .25])),
    }

    # Embeddings with d < n (the dual) and d > n (the kernel), full rank.
    tall = rng.standard_normal((60, 8)) + 0.5
    wide = rng.standard_normal((12, 30))
    out["tall"] = {"x": tall.tolist(), "dual": {order_key(q): vendi.score_dual(tall, q=q) for q in ORDERS},
                   "K": {order_key(q): vendi.score_K(normalised(tall) @ normalised(tall).T, q=q) for q in ORDERS}}
    out["wide"] = {"x": wide.tolist(),
                   "K": {order_key(q): vendi.score_K(normalised(wide) @ normalised(wide).T, q=q) for q in ORDERS}}

    # Rank 8 kernel of 50 samples: the reference counts round-off at q = 0.
    low = rng.standard_normal((50, 8))
    kl = normalised(low) @ normalised(low).T
    out["rank_deficient"] = {"x": low.tolist(),
                             "K": {order_key(q): vendi.score_K(kl, q=q) for q in ORDERS},
                             "dual": {order_key(q): vendi.score_dual(low, q=q) for q in ORDERS}}

    # Sample weights on a full-rank kernel.
    kt = normalised(wide) @ normalised(wide).T
    p = rng.uniform(0.1, 1.0, 12)
    p = p / p.sum()
    out["weighted"] = {"p": p.tolist(), "K": {order_key(q): vendi.score_K(kt, q=q, p=p) for q in ORDERS}}

    # RBF kernel through vendi.score with a Python similarity.
    points = rng.standard_normal((30, 3))
    sigma = 0.7
    rbf = lambda a, b: np.exp(-np.sum((a - b) ** 2) / (2 * sigma ** 2))
    out["rbf"] = {"x": points.tolist(), "sigma": sigma,
                  "scores": {order_key(q): vendi.score(list(points), rbf, q=q) for q in ORDERS}}

    # Float32 embeddings: the reference computes in float64 from the same float32 values here.
    x32 = (rng.standard_normal((300, 16)) + 0.3).astype(np.float32)
    out["float32"] = {"x": [[float(v) for v in row] for row in x32],
                      "dual": {order_key(q): vendi.score_dual(x32.astype(np.float64), q=q) for q in ORDERS}}

    # intdiv on a non-negative kernel (RBF) so fractional q is defined.
    kr = np.array([[rbf(a, b) for b in points] for a in points])
    pw = rng.uniform(0.0, 1.0, 30)
    pw = pw / pw.sum()
    out["intdiv"] = {"p": pw.tolist(),
                     "uniform": {repr(q): vendi.intdiv_K(kr, q=q) for q in [0.5, 1.0, 2.0, 3.0]},
                     "weighted": {repr(q): vendi.intdiv_K(kr, q=q, p=pw) for q in [0.5, 1.0, 2.0]}}

    # Texts: tokens and the n-gram Vendi Score.
    texts = [
        "The cat sat on the mat.",
        "The cat sat on the hat!",
        "I can't believe it's not butter, isn't it?",
        "\"Quoted text,\" she said -- and then (quietly) left...",
        "Dogs don't like cats; cats don't like dogs.",
        "We're gonna need a bigger boat: that's what he said.",
        "Prices rose 3.5% to $12,000 in 2023 & fell in 2024.",
        "Hello",
        "cannot wouldn't 'tis the season... wanna go?",
        "Good muffins cost $3.88 in New York.  Please buy me two of them.",
        "the cat sat on the mat",
        "A completely different sentence about neural networks and weights.",
    ]
    extra = ["‘Curly’ quotes and «guillemets» and “double” ones — with an em dash.",
             "She said, 'hello' and he's gone; O'Neil's dog's bone. Can't, won't, y'all'd've.",
             "Ellipsis... and [brackets] {braces} <angles> @home #tag *star* 50% & co:end"]
    out["texts"] = {"texts": texts,
                    "tokens": {t: tokenize(t) for t in texts + extra},
                    "ngram_vendi": text_utils.ngram_vendi_score(texts, tokenizer=tokenize),
                    "ngram_vendi_unigram": text_utils.ngram_vendi_score(texts, ns=[1], tokenizer=tokenize),
                    "ngram_vendi_default_range": text_utils.ngram_vendi_score(texts[:7], tokenizer=tokenize)}

    # Pixel mode: 32 x 32 grayscale images with shared structure plus noise.
    base = rng.integers(0, 256, (32, 32))
    images = []
    for i in range(12):
        mix = np.clip(base * (i % 4) / 3 + rng.integers(0, 256, (32, 32)) * (1 - (i % 4) / 3), 0, 255).astype(np.uint8)
        images.append(Image.fromarray(mix, mode="L"))
    out["pixels"] = {"images": [np.array(im).flatten().tolist() for im in images], "height": 32, "width": 32,
                     "vendi": image_utils.pixel_vendi_score(images)}

    # Pixel mode with PIL's resize: sets of mixed sizes (down and up), grayscale and RGB.
    def resized_set(mode, sizes):
        channels = 3 if mode == "RGB" else 1
        images = []
        for i, (h, w) in enumerate(sizes):
            yy, xx = np.mgrid[0:h, 0:w]
            smooth = 127 + 100 * np.sin(xx / (2 + i) + yy / 3.0)
            noise = rng.integers(-60, 61, (h, w, channels)) * (i % 3) / 2
            pixels = np.clip(smooth[..., None] + noise, 0, 255).astype(np.uint8)
            images.append(Image.fromarray(pixels[..., 0] if channels == 1 else pixels, mode=mode))
        return {"mode": mode, "channels": channels,
                "images": [{"height": im.size[1], "width": im.size[0], "bytes": np.array(im).flatten().tolist(),
                            "resized": np.array(im.resize((32, 32))).flatten().tolist()} for im in images],
                "vendi": image_utils.pixel_vendi_score(images)}

    out["resized"] = {"gray": resized_set("L", [(20, 24), (40, 36), (8, 8), (32, 32), (64, 50), (33, 31), (100, 90), (12, 40)]),
                      "rgb": resized_set("RGB", [(28, 28), (48, 40), (16, 20), (32, 32), (45, 45)])}

    # Weighted Vendi from the definition.
    original = rng.standard_normal((20, 6)) + 1.0
    aligned = original + 0.3 * rng.standard_normal((20, 6))
    tiled = np.concatenate([original + 0.3 * rng.standard_normal((20, 6)) for _ in range(3)])
    synthetic = rng.standard_normal((33, 6)) + 0.8
    xo = normalised(original)

    def weighted(aug, variant):
        xa = normalised(aug)
        if variant == "aligned":
            rho = np.sum(xo * xa) / (np.linalg.norm(xo) * np.linalg.norm(xa))
        elif variant == "tiled":
            xt = np.tile(xo, (len(aug) // len(original), 1))
            rho = np.sum(xt * xa) / (np.linalg.norm(xt) * np.linalg.norm(xa))
        else:
            c, ca = xo.T @ xo / len(xo), xa.T @ xa / len(xa)
            rho = np.sum(c * ca) / (np.linalg.norm(c) * np.linalg.norm(ca))
        vs = vendi.score_dual(aug, q=1)
        return {"score": rho * vs, "rho": rho, "vendi": vs, "variant": variant}

    out["weighted_vendi"] = {"original": original.tolist(), "aligned_x": aligned.tolist(), "tiled_x": tiled.tolist(),
                             "synthetic_x": synthetic.tolist(),
                             "aligned": weighted(aligned, "aligned"), "tiled": weighted(tiled, "tiled"),
                             "synthetic": weighted(synthetic, "moments"),
                             "aligned_as_moments": weighted(aligned, "moments")}

    with open(OUT, "w") as f:
        json.dump(out, f, indent=None, separators=(",", ":"))
        f.write("\n")
    print("wrote", OUT)


if __name__ == "__main__":
    main()
