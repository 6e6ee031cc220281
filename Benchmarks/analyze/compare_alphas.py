"""Largest |alpha_wwn - alpha_WeightWatcher| over the layers both tables have, matched by name
(WeightWatcher's `name` is the tensor name without `.weight`, as wwn's `name` column).

usage: python3 compare_alphas.py WWN_CSV WW_CSV   (standard library only)
"""
import csv
import sys


def alphas(path):
    with open(path, newline="") as f:
        return {row["name"]: float(row["alpha"]) for row in csv.DictReader(f) if row.get("alpha") not in (None, "")}


ours, theirs = alphas(sys.argv[1]), alphas(sys.argv[2])
common = sorted(set(ours) & set(theirs))
worst = max(common, key=lambda n: abs(ours[n] - theirs[n]))
print(f"{len(common)} {abs(ours[worst] - theirs[worst]):.3g} {worst} {len(ours)} {len(theirs)}")
