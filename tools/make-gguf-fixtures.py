#!/usr/bin/env python3
"""Generates the GGUF fixtures in Tests/Fixtures/gguf/ with the `gguf` Python package.

Run from the repository root with the reference venv (pip install gguf into it):
    /tmp/wwvenv/bin/python tools/make-gguf-fixtures.py
Reference version used for the committed fixtures: gguf 0.19.0.

  types.gguf       one tensor per supported ggml type (F32, F16, BF16, Q8_0, Q4_0, Q4_1, Q5_0,
                   Q5_1, Q2_K, Q3_K, Q4_K, Q5_K, Q6_K), shape (4, 512) or (8, 256), plus
                   metadata of every scalar type and an array; quantised blocks are random
                   bytes with finite random half-precision scales, so every bit pattern of the
                   quantised fields occurs
  v2.gguf          the same F32 tensor as a version-2 file with alignment 64
  unknown.gguf     a tensor typed IQ2_XXS (a type wwn does not decode)
  expected.json    per tensor: name, ggml type, NumPy shape, and the file of its values as
                   gguf.quants.dequantize gives them
  <name>.f32       those values, raw little-endian float32 (the test compares bits)
"""
import json
import os

import numpy as np
import gguf
from gguf import GGMLQuantizationType as T
from gguf.constants import GGML_QUANT_SIZES

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "Fixtures", "gguf")
os.makedirs(OUT, exist_ok=True)
rng = np.random.default_rng(20250115)

# Byte offsets of the float16 scale fields within each block (d, and dmin/m where present).
HALF_FIELDS = {
    T.Q8_0: [0], T.Q4_0: [0], T.Q4_1: [0, 2], T.Q5_0: [0], T.Q5_1: [0, 2],
    T.Q2_K: [80, 82], T.Q3_K: [108], T.Q4_K: [0, 2], T.Q5_K: [0, 2], T.Q6_K: [208],
}


def random_blocks(qtype, count):
    block, size = GGML_QUANT_SIZES[qtype]
    raw = rng.integers(0, 256, size=(count // block, size), dtype=np.uint8)
    for offset in HALF_FIELDS[qtype]:
        halves = (rng.standard_normal(count // block) * 0.05).astype(np.float16)
        raw[:, offset:offset + 2] = halves.view(np.uint8).reshape(-1, 2)
    return raw.reshape(-1)


def tensors():
    dense = (rng.standard_t(3, size=(4, 512)) * 0.1).astype(np.float32)
    yield "f32.weight", T.F32, dense, dense
    f16 = dense.astype(np.float16)
    yield "f16.weight", T.F16, f16, f16.astype(np.float32)
    bf16 = gguf.quants.quantize(dense, T.BF16)
    yield "bf16.weight", T.BF16, bf16, gguf.quants.dequantize(bf16, T.BF16)
    for qtype, shape in [(T.Q8_0, (4, 512)), (T.Q4_0, (4, 512)), (T.Q4_1, (4, 512)), (T.Q5_0, (4, 512)),
                         (T.Q5_1, (4, 512)), (T.Q2_K, (8, 256)), (T.Q3_K, (8, 256)), (T.Q4_K, (8, 256)),
                         (T.Q5_K, (8, 256)), (T.Q6_K, (8, 256))]:
        count = shape[0] * shape[1]
        raw = random_blocks(qtype, count)
        block, size = GGML_QUANT_SIZES[qtype]
        raw = raw.reshape(shape[0], shape[1] // block * size)
        values = gguf.quants.dequantize(raw, qtype).reshape(shape)
        yield f"{qtype.name.lower()}.weight", qtype, raw, values
    # A real quantisation round trip too, for the types the package can quantise.
    for qtype in (T.Q8_0, T.Q4_0, T.Q5_1):
        q = gguf.quants.quantize(dense, qtype)
        yield f"{qtype.name.lower()}_quantized.weight", qtype, q, gguf.quants.dequantize(q, qtype)


expected = []
writer = gguf.GGUFWriter(os.path.join(OUT, "types.gguf"), "llama")
writer.add_uint32("test.u32", 7)
writer.add_int64("test.i64", -3)
writer.add_float32("test.f32", 0.5)
writer.add_bool("test.bool", True)
writer.add_string("test.string", "wwn")
writer.add_array("test.tokens", ["a", "b", "c"])
for name, qtype, data, values in tensors():
    if qtype in (T.F32, T.F16):
        writer.add_tensor(name, data)
    else:
        writer.add_tensor(name, data, raw_dtype=qtype)
    values = np.ascontiguousarray(values, dtype=np.float32)
    file = name.replace(".weight", "") + ".f32"
    values.tofile(os.path.join(OUT, file))
    expected.append({"name": name, "type": qtype.name, "shape": list(values.shape), "file": file})
writer.write_header_to_file()
writer.write_kv_data_to_file()
writer.write_tensors_to_file()
writer.close()

# Version 2 with a non-default alignment, written by hand (the writer only writes version 3).
dense = np.fromfile(os.path.join(OUT, "f32.f32"), dtype=np.float32).reshape(4, 512)


def gguf_string(text):
    b = text.encode()
    return np.uint64(len(b)).tobytes() + b


header = b"GGUF" + np.uint32(2).tobytes() + np.uint64(1).tobytes() + np.uint64(1).tobytes()
header += gguf_string("general.alignment") + np.uint32(4).tobytes() + np.uint32(64).tobytes()
header += gguf_string("w.weight") + np.uint32(2).tobytes() + np.uint64(512).tobytes() + np.uint64(4).tobytes()
header += np.uint32(0).tobytes() + np.uint64(0).tobytes()
header += b"\0" * ((64 - len(header) % 64) % 64)
with open(os.path.join(OUT, "v2.gguf"), "wb") as f:
    f.write(header + dense.tobytes())
reader = gguf.GGUFReader(os.path.join(OUT, "v2.gguf"))
assert np.array_equal(reader.tensors[0].data.reshape(4, 512), dense)

unknown = gguf.GGUFWriter(os.path.join(OUT, "unknown.gguf"), "llama")
unknown.add_tensor("iq.weight", np.zeros((1, 66), dtype=np.uint8), raw_dtype=T.IQ2_XXS)
unknown.write_header_to_file()
unknown.write_kv_data_to_file()
unknown.write_tensors_to_file()
unknown.close()

# The package's own reader agrees on names, types and shapes.
for t, e in zip(gguf.GGUFReader(os.path.join(OUT, "types.gguf")).tensors, expected):
    assert t.name == e["name"] and t.tensor_type.name == e["type"], (t.name, e)
    assert list(reversed([int(x) for x in t.shape])) == e["shape"], (t.name, t.shape, e["shape"])
    assert np.array_equal(gguf.quants.dequantize(t.data, t.tensor_type).reshape(e["shape"]).view(np.uint32),
                          np.fromfile(os.path.join(OUT, e["file"]), dtype=np.uint32).reshape(e["shape"]))

with open(os.path.join(OUT, "expected.json"), "w") as f:
    json.dump(expected, f, indent=1)
print(f"{len(expected)} tensors")
