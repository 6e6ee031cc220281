#!/usr/bin/env python3
"""torchvision reference values for the VGG and ResNet-50 builders (Tests/Fixtures/neural/
vgg11_bn_cifar.json, vgg11_bn_narrow.json, resnet50.json, and the state-dict keys and shapes of
torchvision's own models in vgg11_bn_keys.json, vgg19_keys.json, resnet50_keys.json).

Run: /tmp/wwvenv/bin/python tools/neural/make_architecture_fixtures.py   (from the repository root)
Made with torch 2.x and torchvision (CPU, float32, 1 thread).

Every network is filled from the integer hash of hashed_runs.py and run on hashed 32×32 inputs,
in float32 and float64 (see hashed_runs.hashed_case):
- vgg11_bn_cifar: torchvision's vgg11_bn features with the CIFAR head wwn's `head: "cifar"`
  builds (global average pooling, one Linear layer `classifier` from 512 channels);
- vgg11_bn_narrow: torchvision's vgg11_bn whole (adaptive pooling of the 1×1 features to 7×7,
  classifier.0/3/6 with ReLU and Dropout) but with hidden width 32 instead of 4096, so the test
  stays small, and dropout 0, so the SGD steps are deterministic on both sides;
- resnet50: torchvision's resnet50 (Bottleneck blocks, ResNet v1.5).

resnet18_prefix.pth is a state dict saved by torch.save from torchvision's resnet18 with hashed
values, cut to its stem and classifier (conv1, bn1 with its int64 num_batches_tracked, fc; 59 KB
instead of 45 MB): the loader reads it through the PyTorch reader and must name the first tensor
it lacks.
"""
import json
import os

import torch
from torch import nn
from torchvision.models import resnet18, resnet50, vgg11_bn, vgg19

from hashed_runs import OUT, hashed, hashed_case

torch.set_num_threads(1)
CLASSES = 10
NARROW = 32  # hidden width of vgg11_bn_narrow's classifier


def vgg11_bn_cifar():
    model = vgg11_bn(num_classes=CLASSES)
    model.avgpool = nn.AdaptiveAvgPool2d((1, 1))
    model.classifier = nn.Linear(512, CLASSES)
    return model


def vgg11_bn_narrow():
    model = vgg11_bn(num_classes=CLASSES, dropout=0.0)
    model.classifier = nn.Sequential(nn.Linear(512 * 7 * 7, NARROW), nn.ReLU(True), nn.Dropout(0.0),
                                     nn.Linear(NARROW, NARROW), nn.ReLU(True), nn.Dropout(0.0), nn.Linear(NARROW, CLASSES))
    return model


def keys(name, model):
    with open(os.path.join(OUT, name + ".json"), "w") as f:
        json.dump([{"name": k, "shape": list(v.shape)} for k, v in model.state_dict().items()], f, indent=0)
    print(name)


os.makedirs(OUT, exist_ok=True)
hashed_case("vgg11_bn_cifar", vgg11_bn_cifar, [3, 32, 32], CLASSES, n=4, lr=0.02)
hashed_case("vgg11_bn_narrow", vgg11_bn_narrow, [3, 32, 32], CLASSES, n=4, lr=0.02)
hashed_case("resnet50", lambda: resnet50(num_classes=CLASSES), [3, 32, 32], CLASSES, n=4, lr=0.02)
keys("vgg11_bn_keys", vgg11_bn(num_classes=CLASSES))
keys("vgg19_keys", vgg19(num_classes=CLASSES))
keys("resnet50_keys", resnet50(num_classes=CLASSES))


def prefix_state_dict():
    state = resnet18(num_classes=CLASSES).state_dict()
    kept = {}
    for index, (k, v) in enumerate(state.items()):
        if k.split(".")[0] in ("conv1", "bn1", "fc"):
            kept[k] = torch.from_numpy(hashed(k, list(v.shape), index)).to(v.dtype) if v.is_floating_point() else v
    torch.save(kept, os.path.join(OUT, "resnet18_prefix.pth"))
    print("resnet18_prefix", list(kept))


prefix_state_dict()
