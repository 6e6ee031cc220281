#!/usr/bin/env python3
"""Keras checkpoints and WeightWatcher 0.7.7's analysis of the same models (issue 14).

Builds small seeded Keras 3 models (a Sequential MLP with a Dropout, a Sequential CNN with
Conv2D, pooling, Flatten and Dense layers, and a functional MLP with a BatchNormalization, whose
model.layers starts with its InputLayer), plus a 3-to-3-channel convolution (narrow), saves each as
  NAME.h5          model.save("NAME.h5"): legacy HDF5, weights under /model_weights
  NAME.keras       model.save("NAME.keras"): Keras 3 zip (config.json + model.weights.h5)
  mlp.weights.h5   Keras 3's model.save_weights (layers/<key>/vars, no config)
  NAME-weights.h5  Keras 2's save_weights layout (layer_names on the root group), written by
                   Keras's own legacy writer (legacy_h5_format.save_weights_to_hdf5_group)
and writes NAME.json: WeightWatcher's details rows for ww.WeightWatcher(model=model).analyze()
on the model object, and the Keras layer list (name, class, ww layer id, weight shapes).

It also writes small files in Keras's legacy layout (h5py, the attributes Keras writes) that a
reader must refuse or treat with care: bad-integer.h5 (an int32 kernel), bad-scalar.h5 (a rank-0
dataset), bad-strings.h5 (a dataset of strings), bad-missing-group.h5 (layer_names names a layer
with no group), bad-no-layer-names.h5 (HDF5, but no Keras attributes), and chunked.h5 (layer_names and
weight_names split into numbered attributes, as Keras does past 64 KB, names ending in ':0').

Run from the repository root with a Python that has tensorflow (or tensorflow-cpu), keras,
h5py and weightwatcher 0.7.7:  python tools/make-keras-fixtures.py
"""
import json
import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("KERAS_BACKEND", "tensorflow")

import h5py  # noqa: E402
import keras  # noqa: E402
import numpy as np  # noqa: E402
import weightwatcher as ww  # noqa: E402
from keras.src.legacy.saving import legacy_h5_format  # noqa: E402

OUT = os.path.join("Tests", "Fixtures", "keras")
SEED = 14


def mlp():
    keras.utils.set_random_seed(SEED)
    return keras.Sequential([
        keras.Input((64,)),
        keras.layers.Dense(48, activation="relu", name="dense_in"),
        keras.layers.Dropout(0.1),
        keras.layers.Dense(32, activation="relu"),
        keras.layers.Dense(10),
    ], name="mlp")


def cnn():
    keras.utils.set_random_seed(SEED + 1)
    return keras.Sequential([
        keras.Input((16, 16, 3)),
        keras.layers.Conv2D(16, 3, activation="relu"),
        keras.layers.MaxPooling2D(),
        keras.layers.Conv2D(24, 3, activation="relu"),
        keras.layers.Flatten(),
        keras.layers.Dense(32, activation="relu"),
        keras.layers.Dense(10),
    ], name="cnn")


def functional():
    keras.utils.set_random_seed(SEED + 2)
    inputs = keras.Input((32,))
    x = keras.layers.Dense(24, activation="relu")(inputs)
    x = keras.layers.BatchNormalization()(x)
    x = keras.layers.Dense(16, activation="relu")(x)
    outputs = keras.layers.Dense(10)(x)
    return keras.Model(inputs, outputs, name="functional_mlp")


def narrow():
    """A convolution from 3 to 3 channels: kh + kw >= in + out, so the shape alone would say
    PyTorch layout; WeightWatcher cuts it in Keras layout because the model is Keras."""
    keras.utils.set_random_seed(SEED + 3)
    return keras.Sequential([
        keras.Input((8, 8, 3)),
        keras.layers.Conv2D(3, 3),
        keras.layers.Flatten(),
        keras.layers.Dense(10),
    ], name="narrow")


def plain(value):
    if isinstance(value, (np.floating, float)):
        return float(value)
    if isinstance(value, (np.integer, int)):
        return int(value)
    if isinstance(value, (np.bool_, bool)):
        return bool(value)
    return str(value)


def legacy(path, layers):
    """A save_weights-layout file: layers is [(layer name, [(weight name, array)])]."""
    with h5py.File(path, "w") as f:
        f.attrs["layer_names"] = np.array([name.encode() for name, _ in layers])
        f.attrs["backend"] = b"tensorflow"
        f.attrs["keras_version"] = keras.__version__.encode()
        for name, weights in layers:
            g = f.create_group(name)
            g.attrs["weight_names"] = np.array([w.encode() for w, _ in weights])
            for w, value in weights:
                g.create_dataset(w, data=value)


def hostile():
    rng = np.random.default_rng(SEED)
    kernel = rng.standard_normal((16, 12)).astype(np.float32)
    legacy(os.path.join(OUT, "bad-integer.h5"), [("dense", [("dense/kernel", kernel)]),
                                                 ("counter", [("counter/kernel", np.arange(64, dtype=np.int32).reshape(8, 8))])])
    legacy(os.path.join(OUT, "bad-scalar.h5"), [("dense", [("dense/kernel", kernel), ("dense/scale", np.float32(2.5))])])
    legacy(os.path.join(OUT, "bad-strings.h5"), [("dense", [("dense/kernel", np.array([b"not", b"weights"]))])])
    with h5py.File(os.path.join(OUT, "bad-missing-group.h5"), "w") as f:
        f.attrs["layer_names"] = np.array([b"dense", b"ghost"])
        g = f.create_group("dense")
        g.attrs["weight_names"] = np.array([b"dense/kernel"])
        g.create_dataset("dense/kernel", data=kernel)
    # Keras splits an attribute list past HDF5's 64 KB header limit into name0, name1, ...
    with h5py.File(os.path.join(OUT, "chunked.h5"), "w") as f:
        f.attrs["layer_names0"] = np.array([b"second_is_first"])
        f.attrs["layer_names1"] = np.array([b"a_last"])
        for name, shape in (("second_is_first", (12, 10)), ("a_last", (10, 9))):
            g = f.create_group(name)
            g.attrs["weight_names0"] = np.array([f"{name}/kernel:0".encode()])
            g.create_dataset(f"{name}/kernel:0", data=rng.standard_normal(shape).astype(np.float32))
    with h5py.File(os.path.join(OUT, "bad-no-layer-names.h5"), "w") as f:
        f.create_dataset("x", data=kernel)


def main():
    os.makedirs(OUT, exist_ok=True)
    hostile()
    for name, build in (("mlp", mlp), ("cnn", cnn), ("functional", functional), ("narrow", narrow)):
        model = build()
        model.save(os.path.join(OUT, f"{name}.h5"))
        model.save(os.path.join(OUT, f"{name}.keras"))
        if name == "mlp":  # Keras 3's own save_weights: no config, so no layer order
            model.save_weights(os.path.join(OUT, f"{name}.weights.h5"))
        with h5py.File(os.path.join(OUT, f"{name}-weights.h5"), "w") as f:
            legacy_h5_format.save_weights_to_hdf5_group(f, model)
        watcher = ww.WeightWatcher(model=model)
        details = watcher.analyze()
        rows = [{key: plain(value) for key, value in row.items()} for row in details.to_dict(orient="records")]
        layers = [{"name": layer.name, "class": type(layer).__name__, "ww_layer_id": i,
                   "weights": [list(w.shape) for w in layer.get_weights()]}
                  for i, layer in enumerate(model.layers)]
        with open(os.path.join(OUT, f"{name}.json"), "w") as f:
            json.dump({"generator": "tools/make-keras-fixtures.py", "weightwatcher": ww.__version__,
                       "keras": keras.__version__, "seed": SEED, "layers": layers, "details": rows}, f, indent=1)
        print(name, len(rows), "rows", file=sys.stderr)


if __name__ == "__main__":
    main()
