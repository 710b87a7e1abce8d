#!/usr/bin/env python3
"""Peer timing for docs/BENCHMARKS.md: the SimCLR training step of SimClrFashion in PyTorch.

The same step `contrastive train SimClrFashion` takes (models/simclr-fashion.model.yaml and the
code generated from it; src/Contrastive/Methods/SimClr.cs, Objectives/Losses.cs NtXent,
Augment/ViewOps.cs, Training/Trainer.cs and OptimizerFactory.cs):

- a batch of 256 images gathered from a pool of 60,000 random 1 x 28 x 28 uint8 images and scaled
  to [0, 1] (the toolkit's ImageDataset.Batch; random pixels instead of Fashion-MNIST, which does
  not change the work);
- two views, each made as ViewMaker makes it, batched, with every draw of shape [N]: random resized
  crop (scale [0.5, 1], ratio [3/4, 4/3]) and horizontal flip as one affine_grid + grid_sample pass
  (bilinear, border padding), colour jitter (brightness and contrast 0.4, p 0.8, both orders computed
  and one chosen per image), Gaussian noise (std 0.05, p 0.5);
- encoder conv 1->32 k3 p1, BN, ReLU, conv 32->64 k3 s2 p1, BN, ReLU, conv 64->128 k3 s2 p1, BN,
  ReLU, global average pool; projector linear 128->128, BN1d, ReLU, linear 128->64; each view
  embedded by its own pass (as SimClr.TrainingStep does, so BatchNorm sees 256 images at a time);
- NT-Xent, temperature 0.2: L2-normalised embeddings, 2N x 2N cosine similarities / tau, the
  diagonal masked to -inf, logsumexp minus the positive's logit, averaged over the 2N anchors;
  plus the positive-top1 metric the toolkit computes every step;
- Adam (lr 2e-3, betas 0.9/0.999, eps 1e-8) with weight decay 1e-6 on weights of rank >= 2 only.

Prints images per second (images = batch size per step, not views) over the timed steps, after
warm-up steps that are not timed. Needs Debian's PyTorch (apt-get install python3-torch); run
through scripts/peer/simclr-step.sh, which times this and the toolkit in one go:
  /usr/bin/python3 scripts/peer/simclr_step_pytorch.py STEPS THREADS [WARMUP=10]
"""
import math
import sys
import time

import torch
import torch.nn.functional as F
from torch import nn

steps = int(sys.argv[1]) if len(sys.argv) > 1 else 60
threads = int(sys.argv[2]) if len(sys.argv) > 2 else 2
warmup = int(sys.argv[3]) if len(sys.argv) > 3 else 10
torch.set_num_threads(threads)
torch.manual_seed(1)

BATCH, TAU, POOL = 256, 0.2, 60_000
H = W = 28
generator = torch.Generator().manual_seed(1)
pool = torch.randint(0, 256, (POOL, 1, H, W), dtype=torch.uint8, generator=generator)


class GlobalAvgPool(nn.Module):
    def forward(self, x):
        return x.flatten(2).mean(2)


encoder = nn.Sequential(
    nn.Conv2d(1, 32, 3, padding=1), nn.BatchNorm2d(32), nn.ReLU(),
    nn.Conv2d(32, 64, 3, stride=2, padding=1), nn.BatchNorm2d(64), nn.ReLU(),
    nn.Conv2d(64, 128, 3, stride=2, padding=1), nn.BatchNorm2d(128), nn.ReLU(),
    GlobalAvgPool())
projector = nn.Sequential(nn.Linear(128, 128), nn.BatchNorm1d(128), nn.ReLU(), nn.Linear(128, 64))
model = nn.Sequential(encoder, projector)
model.train()
params = [p for p in model.parameters() if p.requires_grad]
optimizer = torch.optim.Adam([
    {"params": [p for p in params if p.dim() >= 2], "weight_decay": 1e-6},
    {"params": [p for p in params if p.dim() < 2], "weight_decay": 0.0},
], lr=2e-3, betas=(0.9, 0.999), eps=1e-8)


def uniform(n, low, high):
    return torch.rand(n, dtype=torch.float64, generator=generator) * (high - low) + low


def chosen(n, p):
    return torch.rand(n, dtype=torch.float64, generator=generator) < p


def per_image(values):
    return values.view(-1, 1, 1, 1)


def crop_flip(images):
    n = images.shape[0]
    area = uniform(n, 0.5, 1.0) * (H * W)
    ratio = uniform(n, math.log(3 / 4), math.log(4 / 3)).exp()
    crop_w = (area * ratio).sqrt().clamp_max(W)
    crop_h = (area / ratio).sqrt().clamp_max(H)
    centre_x = crop_w * 0.5 + uniform(n, 0, 1) * (W - crop_w)
    centre_y = crop_h * 0.5 + uniform(n, 0, 1) * (H - crop_h)
    scale_x = crop_w / W
    scale_x = torch.where(chosen(n, 0.5), -scale_x, scale_x)
    zero = torch.zeros(n, dtype=torch.float64)
    theta = torch.stack([scale_x, zero, centre_x * 2.0 / W - 1.0, zero, crop_h / H, centre_y * 2.0 / H - 1.0], 1)
    theta = theta.view(n, 2, 3).to(images.dtype)
    grid = F.affine_grid(theta, list(images.shape), align_corners=False)
    return F.grid_sample(images, grid, mode="bilinear", padding_mode="border", align_corners=False).clamp_(0.0, 1.0)


def color_jitter(images):
    n = images.shape[0]
    apply = chosen(n, 0.8)
    brightness = per_image(uniform(n, 0.6, 1.4)).to(images.dtype)
    contrast = per_image(uniform(n, 0.6, 1.4)).to(images.dtype)
    brightness_first = chosen(n, 0.5)

    def bright(x):
        return (x * brightness).clamp_(0.0, 1.0)

    def contr(x):
        return (x * contrast + x.mean((1, 2, 3), keepdim=True) * (1.0 - contrast)).clamp_(0.0, 1.0)

    jittered = torch.where(per_image(brightness_first), contr(bright(images)), bright(contr(images)))
    return torch.where(per_image(apply), jittered, images)


def gaussian_noise(images):
    apply = chosen(images.shape[0], 0.5)
    noise = torch.randn(images.shape, dtype=images.dtype, generator=generator)
    noisy = (images + noise * 0.05).clamp_(0.0, 1.0)
    return torch.where(per_image(apply), noisy, images)


def make_view(images):
    with torch.no_grad():
        return gaussian_noise(color_jitter(crop_flip(images)))


def nt_xent(z1, z2):
    n = z1.shape[0]
    z = F.normalize(torch.cat([z1, z2], 0), p=2, dim=1)
    logits = (z @ z.t() / TAU).masked_fill(torch.eye(2 * n, dtype=torch.bool), float("-inf"))
    positive = (torch.arange(2 * n) + n) % (2 * n)
    return (logits.logsumexp(1) - logits.gather(1, positive.unsqueeze(1)).squeeze(1)).mean()


def positive_top1(z1, z2):
    n = z1.shape[0]
    z = F.normalize(torch.cat([z1, z2], 0), dim=1)
    similarity = (z @ z.t()).masked_fill(torch.eye(2 * n, dtype=torch.bool), float("-inf"))
    positives = torch.cat([torch.arange(n, 2 * n), torch.arange(0, n)])
    return (similarity.argmax(1) == positives).float().mean()


order = torch.randperm(POOL, generator=generator)


def step(index):
    start = (index * BATCH) % (POOL - BATCH)
    images = pool.index_select(0, order[start:start + BATCH]).to(torch.float32).div_(255.0)
    optimizer.zero_grad()
    first, second = make_view(images), make_view(images)
    z1, z2 = model(first), model(second)
    loss = nt_xent(z1, z2)
    value = loss.item()
    loss.backward()
    optimizer.step()
    positive_top1(z1.detach(), z2.detach()).item()
    return value


for i in range(warmup):
    step(i)
start = time.perf_counter()
for i in range(steps):
    step(warmup + i)
elapsed = time.perf_counter() - start
print(f"pytorch {torch.__version__}: {BATCH * steps / elapsed:.1f} images/s over {steps} steps "
      f"({1000 * elapsed / steps:.1f} ms/step, {warmup} warm-up steps excluded), {threads} threads")
