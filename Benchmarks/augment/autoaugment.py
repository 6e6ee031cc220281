"""torchvision's AutoAugment(CIFAR10) applied image by image to uint8 tensors (see run-augment.sh).

usage: python autoaugment.py SAMPLES THREADS; prints `seconds S` for the augmentation loop only.
The images are seeded random 3x32x32 uint8 tensors made before the clock starts.
"""
import sys
import time

import torch
from torchvision.transforms import AutoAugment, AutoAugmentPolicy

samples, threads = int(sys.argv[1]), int(sys.argv[2])
torch.set_num_threads(threads)
torch.manual_seed(0)
images = torch.randint(0, 256, (samples, 3, 32, 32), dtype=torch.uint8)
policy = AutoAugment(AutoAugmentPolicy.CIFAR10)
start = time.perf_counter()
out = [policy(images[i]) for i in range(samples)]
seconds = time.perf_counter() - start
print("seconds", seconds)
print("count", len(out))
