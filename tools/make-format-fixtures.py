#!/usr/bin/env python3
"""Writes the model-file fixtures of WWModelFormatsTests into Tests/Fixtures/formats/.

Run from the repository root with the shared reference venv:

    /work/venv/bin/python tools/make-format-fixtures.py

Made with torch 2.15.0, safetensors 0.8.0, numpy 2.4.6 (the script records the versions in
expected.json). Every file is written by the reference library itself (torch.save,
safetensors.torch.save_file, numpy.save/savez), except the hostile and broken archives, which
are built byte by byte because no library writes them. expected.json lists, per fixture, the
tensors in the order the reference tools list them, with shapes, stored dtypes and every value
as float64 (exact: float16/bfloat16/float32 values are all exact doubles).
"""
import io
import json
import os
import shutil
import struct
import zipfile

import numpy as np
import safetensors
import safetensors.torch
import torch

OUT = os.path.join("Tests", "Fixtures", "formats")
# The command the hostile pickle would run. The test checks this marker never appears.
MARKER = "/tmp/wwn-formats-pickle-marker"

expected = {"versions": {"torch": torch.__version__, "safetensors": safetensors.__version__, "numpy": np.__version__},
            "files": {}}
gen = torch.Generator().manual_seed(20240611)


def randn(*shape, dtype=torch.float32):
    return torch.randn(*shape, generator=gen, dtype=torch.float64).to(dtype)


def dtype_name(t):
    return {torch.float32: "F32", torch.float16: "F16", torch.bfloat16: "BF16", torch.float64: "F64",
            torch.int64: "I64", torch.int32: "I32", torch.uint8: "U8", torch.bool: "BOOL"}[t.dtype]


def record(name, tensors, **extra):
    """tensors: list of (name, torch tensor) in the order the reference tool lists them."""
    entries = []
    for key, t in tensors:
        entry = {"name": key, "shape": list(t.shape), "dtype": dtype_name(t)}
        if t.is_floating_point():
            entry["values"] = [float(x) for x in t.detach().to(torch.float64).reshape(-1).tolist()]
        entries.append(entry)
    expected["files"][name] = dict(tensors=entries, **extra)


def path(*parts):
    return os.path.join(OUT, *parts)


def safetensors_fixtures():
    base = {"layers.1.weight": randn(3, 4), "layers.0.weight": randn(4, 5), "layers.0.bias": randn(4),
            "conv.weight": randn(2, 3, 2, 2)}
    for dtype, suffix in [(torch.float32, "f32"), (torch.float16, "f16"), (torch.bfloat16, "bf16"), (torch.float64, "f64")]:
        tensors = {k: v.to(dtype).contiguous() for k, v in base.items()}
        name = f"{suffix}.safetensors"
        meta = {"format": "pt", "note": f"wwn fixture {suffix}"}
        safetensors.torch.save_file(tensors, path(name), metadata=meta)
        with safetensors.safe_open(path(name), framework="pt") as f:  # the reference's own order
            record(name, [(k, f.get_tensor(k)) for k in f.keys()], metadata=f.metadata())
    mixed = {"weight": randn(2, 3), "num_batches_tracked": torch.tensor(7, dtype=torch.int64),
             "mask": torch.tensor([True, False, True])}
    safetensors.torch.save_file(mixed, path("mixed.safetensors"))
    with safetensors.safe_open(path("mixed.safetensors"), framework="pt") as f:
        record("mixed.safetensors", [(k, f.get_tensor(k)) for k in f.keys()])


def sharded_fixture():
    d = path("sharded")
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    # Shards' headers are sorted by name; the index lists its own order, which is the layer order.
    order = ["model.embed.weight", "model.layers.0.weight", "model.layers.1.weight", "lm_head.weight", "model.norm.weight"]
    tensors = {"model.embed.weight": randn(6, 4), "model.layers.0.weight": randn(4, 4), "model.layers.1.weight": randn(4, 4),
               "lm_head.weight": randn(6, 4), "model.norm.weight": randn(4)}
    shard = {"model.embed.weight": 1, "model.layers.0.weight": 1, "model.layers.1.weight": 2, "lm_head.weight": 2, "model.norm.weight": 2}
    for i in (1, 2):
        safetensors.torch.save_file({k: v for k, v in tensors.items() if shard[k] == i}, os.path.join(d, f"model-0000{i}-of-00002.safetensors"))
    index = {"metadata": {"total_size": sum(v.numel() * 4 for v in tensors.values())},
             "weight_map": {k: f"model-0000{shard[k]}-of-00002.safetensors" for k in order}}
    with open(os.path.join(d, "model.safetensors.index.json"), "w") as f:
        json.dump(index, f, indent=2)
    record("sharded", [(k, tensors[k]) for k in order], metadata={"total_size": str(index["metadata"]["total_size"])})


def numpy_fixtures():
    a32 = randn(3, 5).numpy()
    np.save(path("array_f4.npy"), a32)
    record("array_f4.npy", [("array_f4", torch.from_numpy(a32))])
    a64 = randn(4, 2, dtype=torch.float64).numpy()
    np.save(path("array_f8.npy"), a64)
    record("array_f8.npy", [("array_f8", torch.from_numpy(a64))])
    a16 = randn(2, 3).numpy().astype(np.float16)
    np.save(path("array_f2.npy"), a16)
    record("array_f2.npy", [("array_f2", torch.from_numpy(a16))])
    fortran = np.asfortranarray(randn(3, 4, 2, dtype=torch.float64).numpy())
    np.save(path("fortran.npy"), fortran)
    assert open(path("fortran.npy"), "rb").read(128).find(b"'fortran_order': True") > 0
    record("fortran.npy", [("fortran", torch.from_numpy(np.ascontiguousarray(fortran)))])
    for version in [(2, 0), (3, 0)]:
        name = f"version{version[0]}.npy"
        with open(path(name), "wb") as f:
            np.lib.format.write_array(f, a32, version=version)
        record(name, [(f"version{version[0]}", torch.from_numpy(a32))])
    ints = np.arange(6, dtype=np.int32).reshape(2, 3)
    np.save(path("ints.npy"), ints)
    record("ints.npy", [("ints", torch.from_numpy(ints))])
    arrays = {"w1": randn(3, 3).numpy(), "b1": randn(3, dtype=torch.float64).numpy(), "w0": randn(2, 3).numpy().astype(np.float16)}
    np.savez(path("arrays.npz"), **arrays)
    np.savez_compressed(path("compressed.npz"), **arrays)
    for name in ["arrays.npz", "compressed.npz"]:
        loaded = np.load(path(name))
        record(name, [(k, torch.from_numpy(loaded[k])) for k in loaded.files])
    kinds = {zipfile.ZipFile(path(n)).infolist()[0].compress_type for n in ["arrays.npz", "compressed.npz"]}
    assert kinds == {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED}, kinds


def flatten(prefix, value, out):
    if isinstance(value, torch.Tensor):
        out.append((prefix or "tensor", value))
    elif isinstance(value, dict):
        for k, v in value.items():
            flatten(f"{prefix}.{k}" if prefix else str(k), v, out)
    elif isinstance(value, (list, tuple)):
        for i, v in enumerate(value):
            flatten(f"{prefix}.{i}" if prefix else str(i), v, out)
    return out


def torch_fixtures():
    base = torch.arange(48, dtype=torch.float32).reshape(6, 8) / 7
    view = base[1:5, 2::2].t()  # storage offset 10, strides (2, 8): not contiguous
    assert not view.is_contiguous() and view.storage_offset() > 0
    checkpoint = {
        "epoch": 3,
        "state_dict": {"fc1.weight": randn(4, 3), "fc1.bias": randn(4, dtype=torch.float16),
                       "bn.num_batches_tracked": torch.tensor(5), "view": view, "emb.weight": randn(5, 2, dtype=torch.bfloat16),
                       "head.weight": randn(2, 4, dtype=torch.float64)},
        "extra": [randn(2), randn(1, 2)],
        "lr": 0.01,
    }
    torch.save(checkpoint, path("checkpoint.pt"))
    reloaded = torch.load(path("checkpoint.pt"), weights_only=True)
    record("checkpoint.pt", flatten("", reloaded, []))

    model = torch.nn.Sequential(torch.nn.Linear(5, 4), torch.nn.ReLU(), torch.nn.Conv1d(2, 3, 2), torch.nn.BatchNorm1d(3))
    with torch.no_grad():
        for p in model.parameters():
            p.copy_(randn(*p.shape))
    torch.save(model.state_dict(), path("sequential.pth"))
    record("sequential.pth", list(torch.load(path("sequential.pth"), weights_only=True).items()))

    torch.save({"w": randn(2, 2)}, path("legacy.pt"), _use_new_zipfile_serialization=False)

    # A checkpoint with one storage record removed.
    with zipfile.ZipFile(path("checkpoint.pt")) as source, zipfile.ZipFile(path("missing_storage.pt"), "w") as target:
        for info in source.infolist():
            if not info.filename.endswith("/data/1"):
                target.writestr(info, source.read(info))


def hostile_archive(name, pickle_bytes):
    """A zip laid out like torch.save's, around a hand-written data.pkl."""
    with zipfile.ZipFile(path(name), "w", zipfile.ZIP_STORED) as z:
        z.writestr("archive/data.pkl", pickle_bytes)
        z.writestr("archive/byteorder", "little")
        z.writestr("archive/data/0", struct.pack("<4f", 1, 2, 3, 4))
        z.writestr("archive/version", "3\n")


def hostile_fixtures():
    command = f"touch {MARKER}".encode()
    # {'weight': os.system('touch ...')}: GLOBAL os.system, an argument tuple, REDUCE.
    evil = (b"\x80\x02}q\x00X\x06\x00\x00\x00weightq\x01cos\nsystem\nq\x02X" + struct.pack("<I", len(command)) + command
            + b"\x85q\x03Rq\x04s.")
    hostile_archive("os_system.pt", evil)
    # A valid start, then opcode 0xff, which no pickle protocol defines.
    hostile_archive("unknown_opcode.pt", b"\x80\x02}q\x00X\x01\x00\x00\x00wq\x01\xff.")
    # The same attack through STACK_GLOBAL (protocol 4 names globals from strings on the stack).
    stack_global = (b"\x80\x04\x8c\x08builtins\x94\x8c\x04eval\x94\x93\x94\x8c\x031+1\x94\x85\x94R\x94.")
    hostile_archive("builtins_eval.pt", stack_global)


def directory_fixture():
    d = path("directory")
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    a = {"shared": randn(2, 2), "alpha.weight": randn(3, 2)}
    safetensors.torch.save_file(a, os.path.join(d, "part_a.safetensors"))
    shared = randn(2, 3).numpy()
    np.save(os.path.join(d, "shared.npy"), shared)
    with open(os.path.join(d, "README.txt"), "w") as f:
        f.write("Not a model file: the directory loader skips it.\n")
    # Files by name; each file's tensors in its own order; a name two files share gets its file's name.
    record("directory", [("alpha.weight", a["alpha.weight"]), ("part_a.safetensors:shared", a["shared"]),
                         ("shared.npy:shared", torch.from_numpy(shared))])


def main():
    os.makedirs(OUT, exist_ok=True)
    safetensors_fixtures()
    sharded_fixture()
    numpy_fixtures()
    torch_fixtures()
    hostile_fixtures()
    directory_fixture()
    with open(path("expected.json"), "w") as f:
        json.dump(expected, f, indent=1)
        f.write("\n")
    total = sum(os.path.getsize(os.path.join(root, n)) for root, _, names in os.walk(OUT) for n in names)
    print(f"wrote {OUT} ({total} bytes)")


if __name__ == "__main__":
    main()
