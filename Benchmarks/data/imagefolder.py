"""torchvision's ImageFolder + DataLoader over the benchmark folder (see run-data.sh):
Resize((32, 32)) (Pillow bilinear) and ToTensor, batches of 256, WORKERS worker processes.

usage: python imagefolder.py DIRECTORY WORKERS; prints `seconds S` for building the data set and
iterating the loader once (worker start-up included, as a user waits for it), `count N` and
`mean M` (the mean of all float pixels, to compare with wwn's).
"""
import sys
import time

import torch
from torchvision import datasets, transforms

directory, workers = sys.argv[1], int(sys.argv[2])
torch.set_num_threads(1)
start = time.perf_counter()
folder = datasets.ImageFolder(directory, transform=transforms.Compose([transforms.Resize((32, 32)), transforms.ToTensor()]))
loader = torch.utils.data.DataLoader(folder, batch_size=256, num_workers=workers)
total, count = 0.0, 0
for images, labels in loader:
    total += images.double().sum().item()
    count += images.shape[0]
seconds = time.perf_counter() - start
print("seconds", seconds)
print("count", count)
print("mean", total / (count * 3 * 32 * 32))
