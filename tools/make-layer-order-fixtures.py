#!/usr/bin/env python3
"""Generates the layer-order and layer-id fixtures in Tests/Fixtures/layer-order/.

Run from the repository root with the reference venv (WeightWatcher 0.7.7, torch 2.x, safetensors):
    /tmp/wwvenv/bin/python tools/make-layer-order-fixtures.py

WeightWatcher 0.7.7 numbers layers differently for each kind of input, and this script records
every numbering on the same two tiny models (16x16 dense layers, 4-channel 3x3 convolutions):

  mlp     12 Linear layers with ReLUs between them in an nn.Sequential called `layers`, inside
          a root module: wwn's own network naming (`layers.0.weight`, ..., `layers.22.weight`),
          so `layers.10` sorts before `layers.2` by name.
  resnet  torchvision's ResNet naming: conv1, bn1, layer1.0.conv1, layer1.0.bn1, ...,
          layer2.0.downsample.0/1, fc; by name `bn1` sorts before `conv1` and `fc` before
          `layer1`.

For each model, WeightWatcher is run on
  module          the nn.Module (ids are positions in named_modules(), the root being 0)
  state_dict      model.state_dict() as a dict (1-based count of `*.weight` keys, dict order)
  dir_single      a directory holding model.safetensors (0-based, sorted names)
  dir_index       a directory of 3 shards with model.safetensors.index.json (0-based, weight_map
                  order grouped by shard file)
  dir_shards      the same 3 shards without the index (sorted names per shard, and WeightWatcher's
                  start-id accumulation across shards: the third shard starts at n1 + (n1 + n2))
and the details rows (layer_id, name, alpha, log_norm) are written to ww-ids.json.

Files written for wwn to read: <model>.pt (torch.save of the state dict), <model>.safetensors
(safetensors.torch.save_file: no order metadata), <model>-index/ and <model>-shards/ (the
directories above).
"""
import collections
import json
import os
import shutil
import sys
import tempfile

import numpy as np
import torch
import torch.nn as nn
import weightwatcher as ww
from safetensors.torch import save_file

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "Fixtures", "layer-order")
os.makedirs(OUT, exist_ok=True)
torch.manual_seed(20250114)


class MLP(nn.Module):
    """wwn's Network naming: a root module whose `layers` is an nn.Sequential."""

    def __init__(self):
        super().__init__()
        parts = []
        for i in range(12):
            parts.append(nn.Linear(16, 16))
            if i < 11:
                parts.append(nn.ReLU())
        self.layers = nn.Sequential(*parts)


class Block(nn.Module):
    def __init__(self, cin, cout, downsample):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.relu = nn.ReLU()
        self.conv2 = nn.Conv2d(cout, cout, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.downsample = nn.Sequential(nn.Conv2d(cin, cout, 1, bias=False), nn.BatchNorm2d(cout)) if downsample else None


class ResNetLike(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 4, 3, bias=False)
        self.bn1 = nn.BatchNorm2d(4)
        self.relu = nn.ReLU()
        self.layer1 = nn.Sequential(Block(4, 4, False), Block(4, 4, False))
        self.layer2 = nn.Sequential(Block(4, 8, True), Block(8, 8, False))
        self.avgpool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(8, 16)


def randomise(model):
    """Heavier-tailed weights than the default init, so alpha is defined for every layer."""
    with torch.no_grad():
        for name, p in model.named_parameters():
            if p.dim() >= 2:
                p.copy_(torch.distributions.StudentT(3.0).sample(p.shape) * 0.1)
    return model


def clean(v):
    if isinstance(v, (np.floating, float)):
        return float(v) if np.isfinite(v) else None
    if isinstance(v, (np.integer, int)):
        return int(v)
    return str(v)


def run(model):
    details = ww.WeightWatcher().analyze(model=model)
    return [{k: clean(row[k]) for k in ("layer_id", "name", "alpha", "log_norm")} for row in details.to_dict("records")]


def shard(state, count):
    """Splits the sorted names into `count` contiguous shards, as save_pretrained does."""
    names = sorted(state)
    size = -(-len(names) // count)
    return [names[i:i + size] for i in range(0, len(names), size)]


def write_shards(state, directory, with_index):
    if os.path.exists(directory):
        shutil.rmtree(directory)
    os.makedirs(directory)
    parts = shard(state, 3)
    weight_map = {}
    for i, names in enumerate(parts):
        file = f"model-{i + 1:05d}-of-{len(parts):05d}.safetensors"
        save_file({n: state[n].contiguous() for n in names}, os.path.join(directory, file), metadata={"format": "pt"})
        for n in names:
            weight_map[n] = file
    if with_index:
        with open(os.path.join(directory, "model.safetensors.index.json"), "w") as f:
            json.dump({"metadata": {"total_size": 0}, "weight_map": dict(sorted(weight_map.items()))}, f, indent=2)


results = {}
for label, model in (("mlp", randomise(MLP())), ("resnet", randomise(ResNetLike()))):
    model.eval()
    state = collections.OrderedDict((k, v.detach().clone()) for k, v in model.state_dict().items())
    # BatchNorm's num_batches_tracked is an int64 buffer: wwn lists it and skips it.
    torch.save(state, os.path.join(OUT, f"{label}.pt"))
    save_file({k: v.contiguous() for k, v in state.items()}, os.path.join(OUT, f"{label}.safetensors"))
    write_shards(state, os.path.join(OUT, f"{label}-index"), with_index=True)
    write_shards(state, os.path.join(OUT, f"{label}-shards"), with_index=False)
    with tempfile.TemporaryDirectory() as single:
        shutil.copy(os.path.join(OUT, f"{label}.safetensors"), os.path.join(single, "model.safetensors"))
        runs = {
            "module": run(model),
            "state_dict": run(state),
            "dir_single": run(single),
            "dir_index": run(os.path.join(OUT, f"{label}-index")),
            "dir_shards": run(os.path.join(OUT, f"{label}-shards")),
        }
    results[label] = {
        "module_order": list(state.keys()),
        "named_modules": [name for name, _ in model.named_modules()],
        "runs": runs,
    }
    for kind, rows in runs.items():
        print(f"{label} {kind}: " + ", ".join(f"{r['layer_id']}:{r['name']}" for r in rows), file=sys.stderr)

with open(os.path.join(OUT, "ww-ids.json"), "w") as f:
    json.dump(results, f, indent=1)
