#!/usr/bin/env python3
"""ONNX models and WeightWatcher 0.7.7's analysis of them (issue 14).

Writes to Tests/Fixtures/onnx/:
  mlp.onnx      a seeded 12-layer torch MLP (nn.Sequential `layers`, so `layers.10` sorts before
                `layers.2` by name but not in graph order), torch.onnx.export (dynamo=False)
  cnn.onnx      a seeded torch CNN: Conv2d, BatchNorm2d (folded into the conv by the exporter, so
                it is renamed onnx::Conv_N), MaxPool, a bias-free Linear (exported as a MatMul of
                the transposed weight, onnx::MatMul_N), a Linear head; its initializers are not in
                module order (the head comes first)
  typed.onnx    built with onnx.helper: values in float_data, double_data, int32_data (FLOAT16,
                INT8) and int64_data instead of raw_data, a conv kernel, a rank-3 tensor, a 1-D
                shape, and INT8 and UINT8 matrices (a quantized layer's codes)
  NAME.json     WeightWatcher's details rows for ww.WeightWatcher(model=onnx.load(NAME.onnx))
                .analyze(), and every initializer (name, dims, data_type, its values as
                numpy_helper.to_array gives them: all of typed.onnx's, the small ones elsewhere)
and files a reader must refuse: external.onnx (an initializer whose values are in another
file), string.onnx (a STRING initializer), unknown-type.onnx (data_type 99), huge-dims.onnx
(dims 2^40 x 2^40 over 16 bytes), short-raw.onnx (raw_data 4 bytes short of its dims).

Run from the repository root with a Python that has torch, onnx and weightwatcher 0.7.7:
  python tools/make-onnx-fixtures.py
"""
import json
import os
import sys
import warnings

import numpy as np
import onnx
import torch
import weightwatcher as ww
from onnx import TensorProto, helper, numpy_helper

warnings.filterwarnings("ignore")

OUT = os.path.join("Tests", "Fixtures", "onnx")
SEED = 14
SMALL = 64  # initializers with at most this many values (any, in typed.json) are written out


class MLP(torch.nn.Module):
    def __init__(self):
        super().__init__()
        widths = [24, 32, 28, 30, 26, 32, 24, 28, 30, 26, 32, 28, 10]
        layers = []
        for a, b in zip(widths, widths[1:]):
            layers += [torch.nn.Linear(a, b), torch.nn.ReLU()]
        self.layers = torch.nn.Sequential(*layers[:-1])

    def forward(self, x):
        return self.layers(x)


def cnn():
    return torch.nn.Sequential(
        torch.nn.Conv2d(3, 16, 3), torch.nn.BatchNorm2d(16), torch.nn.ReLU(),
        torch.nn.Conv2d(16, 24, 3), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
        torch.nn.Flatten(), torch.nn.Linear(24 * 4 * 4, 32, bias=False), torch.nn.ReLU(),
        torch.nn.Linear(32, 10))


def export(net, example, path):
    net.eval()
    with torch.no_grad():
        torch.onnx.export(net, (example,), path, dynamo=False)


def typed():
    """Values in the typed fields (make_tensor without raw=True), as onnx's helper writes them."""
    rng = np.random.default_rng(SEED)
    dense = rng.standard_normal((40, 24)).astype(np.float32)
    wide = rng.standard_normal((20, 36))
    half = rng.standard_normal((16, 12)).astype(np.float16)
    kernel = rng.standard_normal((12, 6, 3, 3)).astype(np.float32)
    stack = rng.standard_normal((2, 4, 3)).astype(np.float32)
    # A quantized layer's codes: WeightWatcher analyses integer matrices as numbers.
    codes = np.clip(np.round(rng.standard_normal((32, 20)) * 40), -128, 127).astype(np.int8)
    unsigned = rng.integers(0, 256, (18, 30)).astype(np.uint8)
    inits = [
        helper.make_tensor("dense", TensorProto.FLOAT, dense.shape, dense.flatten().tolist()),
        helper.make_tensor("shape", TensorProto.INT64, [2], [-1, 24]),
        helper.make_tensor("wide", TensorProto.DOUBLE, wide.shape, wide.flatten().tolist()),
        helper.make_tensor("half", TensorProto.FLOAT16, half.shape, half.flatten().tolist()),
        helper.make_tensor("kernel", TensorProto.FLOAT, kernel.shape, kernel.flatten().tolist()),
        helper.make_tensor("stack", TensorProto.FLOAT, stack.shape, stack.flatten().tolist()),
        helper.make_tensor("flags", TensorProto.BOOL, [3], [True, False, True]),
        helper.make_tensor("small", TensorProto.INT8, [4], [-128, -1, 0, 127]),
        helper.make_tensor("codes", TensorProto.INT8, codes.shape, codes.flatten().tolist()),
        numpy_helper.from_array(unsigned, "unsigned"),
    ]
    graph = helper.make_graph([helper.make_node("MatMul", ["x", "dense"], ["y"])], "typed",
                              [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 40])],
                              [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 24])], inits)
    return helper.make_model(graph, producer_name="make-onnx-fixtures")


def hostile():
    """Small models a reader must refuse, each written with onnx.save (no checker)."""
    def model(tensor, name):
        graph = helper.make_graph([], "bad", [], [], [tensor])
        onnx.save(helper.make_model(graph), os.path.join(OUT, name))

    external = helper.make_tensor("w", TensorProto.FLOAT, [4, 4], np.zeros(16, np.float32).tobytes(), raw=True)
    external.ClearField("raw_data")
    external.data_location = TensorProto.EXTERNAL
    entry = external.external_data.add()
    entry.key, entry.value = "location", "weights.bin"
    model(external, "external.onnx")
    model(helper.make_tensor("labels", TensorProto.STRING, [2], [b"cat", b"dog"]), "string.onnx")
    unknown = helper.make_tensor("w", TensorProto.FLOAT, [2, 2], np.zeros(4, np.float32).tobytes(), raw=True)
    unknown.data_type = 99
    model(unknown, "unknown-type.onnx")
    huge = helper.make_tensor("w", TensorProto.FLOAT, [2, 2], np.zeros(4, np.float32).tobytes(), raw=True)
    del huge.dims[:]
    huge.dims.extend([1 << 40, 1 << 40])
    model(huge, "huge-dims.onnx")
    short = helper.make_tensor("w", TensorProto.FLOAT, [4, 4], np.zeros(16, np.float32).tobytes(), raw=True)
    short.raw_data = short.raw_data[:-4]
    model(short, "short-raw.onnx")


def plain(value):
    if isinstance(value, (np.floating, float)):
        return float(value)
    if isinstance(value, (np.integer, int)):
        return int(value)
    if isinstance(value, (np.bool_, bool)):
        return bool(value)
    return str(value)


def describe(path, every_value=False):
    model = onnx.load(path)
    details = ww.WeightWatcher(model=model).analyze()
    rows = [{key: plain(value) for key, value in row.items()} for row in details.to_dict(orient="records")]
    initializers = []
    for tensor in model.graph.initializer:
        values = numpy_helper.to_array(tensor)
        entry = {"name": tensor.name, "dims": list(tensor.dims), "data_type": tensor.data_type,
                 "raw": tensor.HasField("raw_data")}
        if values.size <= SMALL or every_value:
            entry["values"] = [plain(v) for v in values.astype(np.float64).flatten()]
        initializers.append(entry)
    with open(path.replace(".onnx", ".json"), "w") as f:
        json.dump({"generator": "tools/make-onnx-fixtures.py", "weightwatcher": ww.__version__,
                   "onnx": onnx.__version__, "torch": torch.__version__.split("+")[0], "seed": SEED,
                   "initializers": initializers, "details": rows}, f, indent=1)
    print(os.path.basename(path), len(initializers), "initializers,", len(rows), "rows", file=sys.stderr)


def main():
    os.makedirs(OUT, exist_ok=True)
    torch.manual_seed(SEED)
    export(MLP(), torch.randn(1, 24), os.path.join(OUT, "mlp.onnx"))
    torch.manual_seed(SEED + 1)
    net = cnn()
    with torch.no_grad():  # BatchNorm statistics that are not the identity, so folding changes the kernel
        net[1].running_mean.uniform_(-0.5, 0.5)
        net[1].running_var.uniform_(0.5, 2.0)
    export(net, torch.randn(1, 3, 12, 12), os.path.join(OUT, "cnn.onnx"))
    onnx.save(typed(), os.path.join(OUT, "typed.onnx"))
    for name in ("mlp", "cnn", "typed"):
        describe(os.path.join(OUT, f"{name}.onnx"), every_value=name == "typed")
    hostile()


if __name__ == "__main__":
    main()
