#!/usr/bin/python3
"""The Python half of examples/from_pytorch: the seeds' two-layer MNIST network in PyTorch.

  /usr/bin/python3 examples/from_pytorch/train_mlp.py --epochs 1
      trains 784 -> 256 -> 10 (ReLU) with SGD (lr 0.02, momentum 0.9, batch 64) as mnist_mlp
      does, prints the test accuracy and saves state_dict() to runs/mlp_from_python.pt
  /usr/bin/python3 examples/from_pytorch/train_mlp.py --evaluate runs/mlp.pt
      loads a state_dict tapegrad wrote (mnist_mlp --save runs/mlp.pt) with
      torch.load(weights_only=True) and prints its test accuracy

The layer names (fc1, fc2) and the input normalisation are those of examples/common/models.h and
mnist_data.h, so each side runs the other's weights unchanged. MNIST's IDX files are read with
numpy from data/mnist (raw or .gz, as scripts/fetch-data leaves them).
"""
import argparse
import gzip
import os
import sys

import numpy as np
import torch
from torch import nn
from torch.nn import functional as F

STATS = {"mnist": (0.1307, 0.3081), "fashion": (0.2860, 0.3530)}


class Mlp(nn.Module):
    def __init__(self, hidden=256):
        super().__init__()
        self.fc1 = nn.Linear(28 * 28, hidden)
        self.fc2 = nn.Linear(hidden, 10)

    def forward(self, x):
        return self.fc2(F.relu(self.fc1(x.flatten(1))))


def read_idx(folder, name):
    for path in (os.path.join(folder, name), os.path.join(folder, name + ".gz")):
        if os.path.exists(path):
            with (gzip.open if path.endswith(".gz") else open)(path, "rb") as f:
                data = f.read()
            rank = data[3]
            shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(rank)]
            return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * rank).reshape(shape)
    sys.exit(f"train_mlp.py: {os.path.join(folder, name)} is missing; scripts/fetch-data fetches it")


def load(folder, kind, dataset):
    images = read_idx(folder, f"{kind}-images-idx3-ubyte").astype(np.float32) / 255.0
    labels = read_idx(folder, f"{kind}-labels-idx1-ubyte").astype(np.int64)
    mean, std = STATS[dataset]
    return torch.from_numpy((images - mean) / std).unsqueeze(1), torch.from_numpy(labels)


def accuracy(model, images, labels):
    model.eval()
    with torch.no_grad():
        return (model(images).argmax(1) == labels).float().mean().item()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dataset", default="mnist", choices=sorted(STATS))
    parser.add_argument("--data", help="IDX folder (default data/<dataset>)")
    parser.add_argument("--epochs", type=int, default=1)
    parser.add_argument("--save", default="runs/mlp_from_python.pt")
    parser.add_argument("--evaluate", metavar="PATH", help="only evaluate a saved state_dict")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    folder = args.data or os.path.join("data", args.dataset)
    torch.set_num_threads(min(2, os.cpu_count() or 1))
    test_images, test_labels = load(folder, "t10k", args.dataset)

    if args.evaluate:
        state = torch.load(args.evaluate, weights_only=True)
        model = Mlp(state["fc1.weight"].shape[0])
        model.load_state_dict(state)  # strict: names and shapes must be Python's
        print(f"train_mlp.py: loaded {args.evaluate} ({len(state)} tensors)")
        print(f"python test accuracy: {accuracy(model, test_images, test_labels):.4f}")
        return 0

    torch.manual_seed(args.seed)
    images, labels = load(folder, "train", args.dataset)
    model = Mlp()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.02, momentum=0.9)
    for epoch in range(1, args.epochs + 1):
        model.train()
        order = torch.randperm(len(labels))
        for start in range(0, len(labels), 64):
            batch = order[start:start + 64]
            optimizer.zero_grad()
            F.cross_entropy(model(images[batch]), labels[batch]).backward()
            optimizer.step()
        print(f"epoch {epoch}/{args.epochs}: test accuracy {accuracy(model, test_images, test_labels):.4f}")
    os.makedirs(os.path.dirname(args.save) or ".", exist_ok=True)
    torch.save(model.state_dict(), args.save)
    print(f"state_dict saved to {args.save} (run it in C++: build/examples/from_pytorch --model {args.save})")
    print(f"python test accuracy: {accuracy(model, test_images, test_labels):.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
