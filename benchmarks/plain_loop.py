"""The baseline the default run is compared with: plain PyTorch, no Lightning, no Hydra.

Same data (scikit-learn digits, same split sizes), a comparable CNN, the same epochs and
optimizer. Prints the test accuracy as JSON on its last line.
"""

from __future__ import annotations

import json

import numpy as np
import torch
from sklearn.datasets import load_digits
from torch import nn
from torch.nn import functional as F

EPOCHS = 15
BATCH_SIZE = 64


def split(n: int, seed: int = 12345) -> tuple[np.ndarray, np.ndarray]:
    order = np.random.default_rng(seed).permutation(n)
    n_held_out = int(round(n * 0.15))
    return order[2 * n_held_out :], order[n_held_out : 2 * n_held_out]


def main() -> None:
    torch.manual_seed(12345)
    digits = load_digits()
    images = torch.tensor(digits.images, dtype=torch.float32).unsqueeze(1) / 16.0
    labels = torch.tensor(digits.target)
    train_ids, test_ids = split(len(labels))
    net = nn.Sequential(
        nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(),
        nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(),
        nn.MaxPool2d(2), nn.Flatten(),
        nn.Linear(32 * 4 * 4, 64), nn.ReLU(), nn.Dropout(0.1), nn.Linear(64, 10),
    )  # fmt: skip
    optimizer = torch.optim.AdamW(net.parameters(), lr=3e-3, weight_decay=1e-4)
    for _ in range(EPOCHS):
        net.train()
        for batch in torch.randperm(len(train_ids)).split(BATCH_SIZE):
            ids = train_ids[batch.numpy()]
            loss = F.cross_entropy(net(images[ids]), labels[ids])
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
    net.eval()
    with torch.no_grad():
        accuracy = (net(images[test_ids]).argmax(1) == labels[test_ids]).float().mean()
    print(json.dumps({"test/acc": float(accuracy)}))


if __name__ == "__main__":
    main()
