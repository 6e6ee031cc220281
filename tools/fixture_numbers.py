"""Numbers for the JSON fixtures of the parity tests, shared by the make-*-fixtures.py scripts
(which run from the repository root, so this folder is on their import path)."""
import math


def num(x):
    """A float for JSON: NaN and infinities as the strings "nan", "inf" and "-inf" (JSON has no
    such numbers; the Swift tests decode them with JSONDecoder's convertFromString strategy)."""
    x = float(x)
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    return x


def details_rows(details, columns):
    """WeightWatcher's details dataframe as JSON rows of `columns`: NumPy scalars as Python
    numbers, non-finite floats as null (the parity tests skip those cells)."""
    out = []
    for row in details.to_dict("records"):
        item = {}
        for k in columns:
            v = row.get(k)
            if hasattr(v, "item"):
                v = v.item()
            item[k] = v if not isinstance(v, float) or math.isfinite(v) else None
        out.append(item)
    return out
