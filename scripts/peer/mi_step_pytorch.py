#!/usr/bin/env python3
"""Peer timing for docs/BENCHMARKS.md: the MI benchmark's training step in PyTorch.

The same step `contrastive mi-bench --estimators infonce` takes: a batch of K = 64 correlated
Gaussian pairs in R^20, a concat critic (MLP 40-256-256-1 on all K^2 pairs), the InfoNCE estimate,
one Adam step (lr 5e-4). Prints milliseconds per step over the timed steps.

Needs Debian's PyTorch (apt-get install python3-torch); run through scripts/peer/mi-step.sh, which
times this and the toolkit in one go:  /usr/bin/python3 scripts/peer/mi_step_pytorch.py STEPS THREADS
"""
import math
import sys
import time

import torch

steps = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
threads = int(sys.argv[2]) if len(sys.argv) > 2 else 2
torch.set_num_threads(threads)
torch.manual_seed(1)

K, D, HIDDEN = 64, 20, 256
rho = math.sqrt(1 - math.exp(-2 * 2.0 / D))
critic = torch.nn.Sequential(
    torch.nn.Linear(2 * D, HIDDEN), torch.nn.ReLU(),
    torch.nn.Linear(HIDDEN, HIDDEN), torch.nn.ReLU(),
    torch.nn.Linear(HIDDEN, 1))
optimizer = torch.optim.Adam(critic.parameters(), lr=5e-4)
generator = torch.Generator().manual_seed(1)


def step():
    x = torch.randn(K, D, generator=generator)
    y = rho * x + math.sqrt(1 - rho * rho) * torch.randn(K, D, generator=generator)
    pairs = torch.cat([x.unsqueeze(1).expand(K, K, D), y.unsqueeze(0).expand(K, K, D)], 2).reshape(K * K, 2 * D)
    scores = critic(pairs).reshape(K, K)
    estimate = math.log(K) + (scores.diagonal() - scores.logsumexp(1)).mean()
    optimizer.zero_grad()
    (-estimate).backward()
    optimizer.step()
    return estimate.item()


for _ in range(50):
    step()
start = time.perf_counter()
for _ in range(steps):
    step()
elapsed = time.perf_counter() - start
print(f"pytorch {torch.__version__}: {1000 * elapsed / steps:.2f} ms/step over {steps} steps, {threads} threads")
