#!/usr/bin/env python3
"""Writes Tests/Fixtures/linalg/linalg.json: NumPy's solve, inv, eigh, svd and qr of a few seeded
matrices, for WWNumericsTests/LinearAlgebraParityTests (the tests never run Python).

Run from the repository root:
    python3 -m venv tools/.venv-linalg && tools/.venv-linalg/bin/pip install numpy
    tools/.venv-linalg/bin/python tools/make-linalg-fixtures.py
"""
import json
import pathlib

import numpy as np

SEED = 17              # issue 17
SIZES = [1, 3, 6]      # square systems: a scalar, small, and one past LAPACK's tiny-matrix paths
RECTANGULAR = [(5, 3), (3, 5)]  # tall and wide, for svd and qr


def matrix(rng, rows, columns):
    return rng.standard_normal((rows, columns))


def main():
    rng = np.random.default_rng(SEED)
    cases = []
    for n in SIZES:
        a = matrix(rng, n, n) + n * np.eye(n)   # well conditioned, so the tolerances are meaningful
        b = rng.standard_normal(n)
        sym = a + a.T
        cases.append({
            "a": a.tolist(), "b": b.tolist(),
            "solve": np.linalg.solve(a, b).tolist(),
            "inv": np.linalg.inv(a).tolist(),
            "symmetric": sym.tolist(),
            "eigenvalues": np.linalg.eigh(sym)[0].tolist(),
        })
    rectangular = []
    for rows, columns in RECTANGULAR:
        m = matrix(rng, rows, columns)
        q, r = np.linalg.qr(m)   # mode="reduced"
        rectangular.append({
            "m": m.tolist(),
            "singular_values": np.linalg.svd(m, compute_uv=False).tolist(),
            "q": q.tolist(), "r": r.tolist(),
        })
    out = pathlib.Path(__file__).resolve().parent.parent / "Tests/Fixtures/linalg/linalg.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    document = {"numpy": np.__version__, "seed": SEED, "square": cases, "rectangular": rectangular}
    out.write_text(json.dumps(document, indent=1) + "\n")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
