"""PyTorch definitions of the networks wwn builds, shared by the fixture scripts
(tools/neural/make_*.py) and the training benchmark (Benchmarks/training/train.py)."""
import torch
from torch import nn
from torchvision.models.resnet import BasicBlock, conv1x1


class Model(nn.Module):
    """Layers in an nn.Sequential called `layers`: wwn's default names (layers.0.weight, ...)."""

    def __init__(self, layers):
        super().__init__()
        self.layers = nn.Sequential(*layers)

    def forward(self, x):
        return self.layers(x)


def cifar_resnet(depth, classes):
    """wwn's resnet(depth) for depth 6n + 2: the CIFAR ResNet of He et al. (2016) with option-B
    shortcuts (strided 1x1 convolution and BatchNorm), in torchvision's names and BasicBlocks."""
    n = (depth - 2) // 6

    class CifarResNet(nn.Module):
        def __init__(self):
            super().__init__()
            self.conv1 = nn.Conv2d(3, 16, 3, padding=1, bias=False)
            self.bn1 = nn.BatchNorm2d(16)
            self.relu = nn.ReLU(inplace=True)
            width = 16
            for stage, planes in enumerate([16, 32, 64]):
                blocks = []
                for block in range(n):
                    stride = 2 if stage > 0 and block == 0 else 1
                    down = None
                    if stride != 1 or width != planes:
                        down = nn.Sequential(conv1x1(width, planes, stride), nn.BatchNorm2d(planes))
                    blocks.append(BasicBlock(width, planes, stride, down))
                    width = planes
                setattr(self, "layer%d" % (stage + 1), nn.Sequential(*blocks))
            self.avgpool = nn.AdaptiveAvgPool2d((1, 1))
            self.fc = nn.Linear(64, classes)

        def forward(self, x):
            x = self.relu(self.bn1(self.conv1(x)))
            x = self.layer3(self.layer2(self.layer1(x)))
            return self.fc(torch.flatten(self.avgpool(x), 1))

    return CifarResNet()
