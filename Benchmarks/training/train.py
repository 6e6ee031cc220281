"""PyTorch side of run-training.sh: one epoch of the same network and optimiser on synthetic data.

usage: python train.py mlp|cnn|resnet20 SAMPLES BATCH THREADS
Prints `seconds S` (the epoch only, like the wwn script) and `loss L`.
"""
import os
import sys
import time

import torch
from torch import nn

kind, samples, batch, threads = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
torch.set_num_threads(threads)
torch.manual_seed(0)


if kind == "resnet20":
    # wwn's resnet(20): the definition the parity fixtures use.
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tools", "neural"))
    from torch_models import cifar_resnet
    model = cifar_resnet(20, 10)
    model.train()
    x = torch.randn(samples, 3, 32, 32)
elif kind == "mlp":
    model = nn.Sequential(*[nn.Linear(784, 512), nn.ReLU(), nn.Linear(512, 512), nn.ReLU(), nn.Linear(512, 10)])
    x = torch.randn(samples, 784)
else:
    # wwn's cnn() defaults: two blocks of two 3x3 convolutions (32, then 64 channels) with ReLU and
    # 2x2 max pooling, a hidden Linear layer of 256 units, 10 outputs.
    model = nn.Sequential(*[nn.Conv2d(3, 32, 3, padding=1), nn.ReLU(), nn.Conv2d(32, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                   nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.Conv2d(64, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                   nn.Flatten(), nn.Linear(64 * 8 * 8, 256), nn.ReLU(), nn.Linear(256, 10)])
    x = torch.randn(samples, 3, 32, 32)
y = torch.arange(samples) % 10
optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
loss_fn = nn.CrossEntropyLoss()
generator = torch.Generator().manual_seed(0)

start = time.perf_counter()
cpu_start = time.process_time()
order = torch.randperm(samples, generator=generator)
total = 0.0
for i in range(0, samples, batch):
    index = order[i:i + batch]
    optimizer.zero_grad()
    loss = loss_fn(model(x[index]), y[index])
    loss.backward()
    optimizer.step()
    total += loss.item() * len(index)
seconds = time.perf_counter() - start
cpu = time.process_time() - cpu_start
print("seconds", seconds)
print("loss", total / samples)
print("cpu_seconds", cpu)
