#!/usr/bin/python3
"""Golden values for the toolkit's MI estimators and contrastive losses.

What it does
    Builds fixed, seeded inputs (score matrices, log-baselines, embeddings, noise log-densities),
    evaluates every function of `Contrastive.Objectives` (the `MutualInformation` estimators and the
    `Losses`) on them with an independent reference implementation, and writes the inputs and the
    expected scalar values to

        tests/Contrastive.Tests/Objectives/objectives.golden.json

    which `tests/Contrastive.Tests/Objectives/GoldenValueTests.cs` reads (see docs/TESTING.md,
    "Golden values").

Formulas (S is K x K, S[i, j] = f(x_i, y_j): rows x, columns y, positives on the diagonal;
natural logs; offmean = mean over the K(K-1) entries with i != j; LSE = log-sum-exp)
    MutualInformation.InfoNce(S)          log K + mean_i (S[i,i] - LSE_j S[i,j])
    MutualInformation.Nwj(S)              mean_i S[i,i] - e^-1 offmean(e^S)
    MutualInformation.DonskerVaradhan(S)  mean_i S[i,i] - log offmean(e^S)
    MutualInformation.JensenShannon(S)    mean_i (-softplus(-S[i,i])) - offmean(softplus(S))
    MutualInformation.JensenShannonNwj(S) Nwj(S + 1)   (the value only)
    MutualInformation.Tuba(S, b)          1 + mean_j (S[j,j] - b[j]) - mean_{i!=j} exp(S[i,j] - b[j]);
                                          b[j] = log a(y_j) belongs to column j
    MutualInformation.Interpolated(S, q, alpha)   (I_alpha, Poole et al. 2019, columns = y)
        L[r,c] = log mean_{k!=r} exp(S[k,c])          (leave-one-out over column c, K-1 terms)
        B[r,c] = log(alpha e^L[r,c] + (1 - alpha) e^q[c])
        value  = 1 + mean_{r!=c} (S[c,c] - B[r,c]) - mean_{i!=c} exp(S[i,c] - B[c,c])
        (alpha = 0 gives Tuba(S, q))
    MutualInformation.Smile(S, tau)       mean_i S[i,i] - log offmean(e^clamp(S, -tau, tau))
    Losses.InfoNce(S, symmetric)          mean_i (LSE_j S[i,j] - S[i,i]); symmetric: the average of
                                          that for S and for S^T
    Losses.NtXent(z1, z2, T)              z = rows of [z1; z2] (2N x d) L2-normalised, sim = z z^T / T,
                                          anchor a's positive is (a + N) mod 2N; mean over the 2N
                                          anchors of LSE_{k!=a} sim[a,k] - sim[a,pos]
    Losses.Nce(s+, s-, n+, n-)            logit = score - (log k + noise log-density), k = the number
                                          of negatives per positive; mean_b (softplus(-logit+[b])
                                          + sum_k softplus(logit-[b,k]))
    Losses.MoCo(q, k, queue, T)           rows L2-normalised; logits_b = [q_b.k_b, q_b.queue_1..Q] / T;
                                          mean_b (LSE logits_b - logits_b[0])

How the values are made
    Every function exists twice in this file:
      * `torch_*`: vectorised plain PyTorch in float64 with stable reductions (logsumexp, a
        softplus written as max(x, 0) + log1p(exp(-|x|)), -inf masks);
      * `naive_*`: a loop-over-i-and-j transcription of the same formula in Python's `decimal`
        arithmetic at 60 significant digits (no overflow, no cancellation worth the name).
    The two must agree to 1e-9 (absolute when |value| <= 1, relative above) on every case, or the
    script stops with an error and writes nothing. The expected value written to the file is the
    60-digit result rounded once to the nearest float64; the inputs are written as the exact
    float64 values both implementations saw (shortest round-trip repr, at most 17 significant
    digits), so a reader parsing them with a correct parser gets bit-identical inputs.
    A few identities between the functions are checked as well (InfoNCE <= log K, loss =
    log K - estimate, DV >= NWJ, JS < 0, I_alpha at alpha = 0 is TUBA, TUBA with a zero baseline is
    NWJ(S + 1), a constant critic gives InfoNCE = DV = 0, NT-Xent with one pair is 0).

Inputs
    Each input array is drawn from its own torch.Generator, seeded with the CRC-32 of the array's
    name, so adding a case never changes the inputs of the others. Arrays live once in the file's
    "arrays" table and cases refer to them by name: the K = 64 score matrices are shared by every
    estimator, which keeps the file small (about 270 KiB).

Magnitudes
    Scores go from 0.1-scale to uniform in [-1e4, 1e4]. exp(1e4) overflows float64, so the
    functions whose true value itself contains exp(S) unnormalised (NWJ, JensenShannonNwj, TUBA,
    and I_alpha at alpha = 0, which is TUBA) only get scores up to +-50 (and TUBA baselines up to
    +-50): their true values are finite but reach 1e15 to 1e40 in size, so those cases are compared
    relatively. I_alpha with alpha > 0 stays finite at +-1e4 (every exponent S[i,c] - B[c,c] is at
    most log((K-1) / alpha)), so it does get +-1e4 cases; an implementation must compute the
    leave-one-out log-means exactly (e.g. a masked logsumexp) to pass them: the softplus-inverse
    shortcut of Poole et al.'s code gives -inf there.

Requirements
    Debian's PyTorch for the system interpreter (not a pyenv/venv python):
        apt-get install -y python3-torch
    Written against torch 1.13; the inputs are drawn from torch.Generator with fixed seeds, so
    another torch version may draw other inputs (the file stays self-consistent either way).

Rerun from the repository root:
    /usr/bin/python3 scripts/golden/objectives_golden.py
"""

from __future__ import annotations

import decimal
import json
import math
import os
import sys
import zlib
from decimal import Decimal
from typing import Callable

import torch

DTYPE = torch.float64
OUTPUT = os.path.join("tests", "Contrastive.Tests", "Objectives", "objectives.golden.json")
COMMAND = "/usr/bin/python3 scripts/golden/objectives_golden.py"
CROSS_CHECK_TOLERANCE = 1e-9
CASES_PER_FUNCTION_MIN = 5

decimal.getcontext().prec = 60
decimal.getcontext().Emax = decimal.MAX_EMAX
decimal.getcontext().Emin = decimal.MIN_EMIN


# --------------------------------------------------------------------------------------------------
# Reference implementation 1: vectorised PyTorch, float64.
# --------------------------------------------------------------------------------------------------

def _offdiag_mask(k: int) -> torch.Tensor:
    return ~torch.eye(k, dtype=torch.bool)


def _log_offmean_exp(x: torch.Tensor) -> torch.Tensor:
    """log of the mean of exp(x[i, j]) over the K(K-1) entries with i != j."""
    k = x.shape[0]
    masked = x.masked_fill(~_offdiag_mask(k), float("-inf"))
    return torch.logsumexp(masked.reshape(-1), dim=0) - math.log(k * (k - 1))


def _offmean(x: torch.Tensor) -> torch.Tensor:
    return x[_offdiag_mask(x.shape[0])].mean()


def _softplus(x: torch.Tensor) -> torch.Tensor:
    """log(1 + e^x) without overflow and without torch's threshold approximation."""
    return torch.clamp(x, min=0) + torch.log1p(torch.exp(-torch.abs(x)))


def torch_mi_infonce(s: torch.Tensor) -> torch.Tensor:
    k = s.shape[0]
    return math.log(k) + (torch.diagonal(s) - torch.logsumexp(s, dim=1)).mean()


def torch_mi_nwj(s: torch.Tensor) -> torch.Tensor:
    return torch.diagonal(s).mean() - torch.exp(_log_offmean_exp(s) - 1.0)


def torch_mi_dv(s: torch.Tensor) -> torch.Tensor:
    return torch.diagonal(s).mean() - _log_offmean_exp(s)


def torch_mi_js(s: torch.Tensor) -> torch.Tensor:
    return (-_softplus(-torch.diagonal(s))).mean() - _offmean(_softplus(s))


def torch_mi_js_nwj(s: torch.Tensor) -> torch.Tensor:
    return torch_mi_nwj(s + 1.0)


def torch_mi_tuba(s: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    # b[j] = log a(y_j) belongs to column j.
    joint = (torch.diagonal(s) - b).mean()
    marg = torch.exp(_log_offmean_exp(s - b[None, :]))
    return 1.0 + joint - marg


def _loo_log_mean(s: torch.Tensor) -> torch.Tensor:
    """L[r, c] = log mean_{k != r} exp(S[k, c]), by a masked logsumexp over a [r, k, c] cube."""
    k = s.shape[0]
    cube = s[None, :, :].expand(k, k, k)  # cube[r, k, c] = S[k, c]
    leave_out = torch.eye(k, dtype=torch.bool)[:, :, None].expand(k, k, k)  # k == r
    return torch.logsumexp(cube.masked_fill(leave_out, float("-inf")), dim=1) - math.log(k - 1)


def torch_mi_interpolated(s: torch.Tensor, q: torch.Tensor, alpha: float) -> torch.Tensor:
    k = s.shape[0]
    loo = _loo_log_mean(s)
    log_alpha = torch.log(torch.tensor(alpha, dtype=DTYPE))
    log_one_minus_alpha = torch.log(torch.tensor(1.0 - alpha, dtype=DTYPE))
    baseline = torch.logaddexp(log_alpha + loo, log_one_minus_alpha + q[None, :].expand(k, k))
    joint = _offmean(torch.diagonal(s)[None, :] - baseline)  # S[c, c] - B[r, c], r != c
    marg = torch.exp(_log_offmean_exp(s - torch.diagonal(baseline)[None, :]))  # S[i, c] - B[c, c]
    return 1.0 + joint - marg


def torch_mi_smile(s: torch.Tensor, tau: float) -> torch.Tensor:
    return torch.diagonal(s).mean() - _log_offmean_exp(torch.clamp(s, -tau, tau))


def torch_loss_infonce(s: torch.Tensor, symmetric: bool) -> torch.Tensor:
    def one_way(m: torch.Tensor) -> torch.Tensor:
        return (torch.logsumexp(m, dim=1) - torch.diagonal(m)).mean()

    return 0.5 * (one_way(s) + one_way(s.T)) if symmetric else one_way(s)


def _normalise_rows(z: torch.Tensor) -> torch.Tensor:
    return z / torch.linalg.vector_norm(z, dim=1, keepdim=True)


def torch_loss_ntxent(z1: torch.Tensor, z2: torch.Tensor, temperature: float) -> torch.Tensor:
    n = z1.shape[0]
    z = _normalise_rows(torch.cat([z1, z2], dim=0))
    sim = z @ z.T / temperature
    sim = sim.masked_fill(torch.eye(2 * n, dtype=torch.bool), float("-inf"))
    positive = torch.cat([torch.arange(n, 2 * n), torch.arange(0, n)])
    return (torch.logsumexp(sim, dim=1) - sim[torch.arange(2 * n), positive]).mean()


def torch_loss_nce(pos: torch.Tensor, neg: torch.Tensor, pos_noise: torch.Tensor,
                   neg_noise: torch.Tensor) -> torch.Tensor:
    log_k = math.log(neg.shape[1])
    logit_pos = pos - (log_k + pos_noise)
    logit_neg = neg - (log_k + neg_noise)
    return (_softplus(-logit_pos) + _softplus(logit_neg).sum(dim=1)).mean()


def torch_loss_moco(queries: torch.Tensor, keys: torch.Tensor, queue: torch.Tensor,
                    temperature: float) -> torch.Tensor:
    q, k, negatives = _normalise_rows(queries), _normalise_rows(keys), _normalise_rows(queue)
    logits = torch.cat([(q * k).sum(dim=1, keepdim=True), q @ negatives.T], dim=1) / temperature
    return (torch.logsumexp(logits, dim=1) - logits[:, 0]).mean()


# --------------------------------------------------------------------------------------------------
# Reference implementation 2: loops over i and j, Python decimal at 60 digits.
# --------------------------------------------------------------------------------------------------

def _d(x: float) -> Decimal:
    return Decimal(x)  # exact: every float64 is a finite decimal


def _dm(t: torch.Tensor) -> list:
    """A tensor as nested lists of exact Decimals."""
    return [_dm(row) for row in t] if t.dim() > 0 else _d(float(t))


def _exp(x: Decimal) -> Decimal:
    return x.exp()


def _ln(x: Decimal) -> Decimal:
    return x.ln()


def _dsoftplus(x: Decimal) -> Decimal:
    return _ln(1 + _exp(x))


def naive_mi_infonce(s: torch.Tensor) -> Decimal:
    m = _dm(s)
    k = len(m)
    total = Decimal(0)
    for i in range(k):
        row_sum = Decimal(0)
        for j in range(k):
            row_sum += _exp(m[i][j])
        total += m[i][i] - _ln(row_sum)
    return _ln(Decimal(k)) + total / k


def _naive_diag_mean(m: list) -> Decimal:
    return sum((m[i][i] for i in range(len(m))), Decimal(0)) / len(m)


def _naive_offmean(m: list, f: Callable[[Decimal], Decimal]) -> Decimal:
    k = len(m)
    total = Decimal(0)
    for i in range(k):
        for j in range(k):
            if i != j:
                total += f(m[i][j])
    return total / (k * (k - 1))


def naive_mi_nwj(s: torch.Tensor) -> Decimal:
    m = _dm(s)
    return _naive_diag_mean(m) - _exp(Decimal(-1)) * _naive_offmean(m, _exp)


def naive_mi_dv(s: torch.Tensor) -> Decimal:
    m = _dm(s)
    return _naive_diag_mean(m) - _ln(_naive_offmean(m, _exp))


def naive_mi_js(s: torch.Tensor) -> Decimal:
    m = _dm(s)
    k = len(m)
    joint = sum((-_dsoftplus(-m[i][i]) for i in range(k)), Decimal(0)) / k
    return joint - _naive_offmean(m, _dsoftplus)


def naive_mi_js_nwj(s: torch.Tensor) -> Decimal:
    # NWJ(S + 1), with S + 1 rounded to float64 first, as any float64 implementation sees it.
    return naive_mi_nwj(s + 1.0)


def naive_mi_tuba(s: torch.Tensor, b: torch.Tensor) -> Decimal:
    m, base = _dm(s), _dm(b)
    k = len(m)
    joint = Decimal(0)
    for j in range(k):
        joint += m[j][j] - base[j]
    marg = Decimal(0)
    for i in range(k):
        for j in range(k):
            if i != j:
                marg += _exp(m[i][j] - base[j])
    return 1 + joint / k - marg / (k * (k - 1))


def naive_mi_interpolated(s: torch.Tensor, q: torch.Tensor, alpha: float) -> Decimal:
    m, base = _dm(s), _dm(q)
    k = len(m)
    a = _d(alpha)
    e = [[_exp(m[i][j]) for j in range(k)] for i in range(k)]
    # B[r][c] = log(alpha * mean_{k != r} exp(S[k, c]) + (1 - alpha) * exp(q[c]))
    big_b = [[Decimal(0)] * k for _ in range(k)]
    for r in range(k):
        for c in range(k):
            loo_sum = Decimal(0)
            for kk in range(k):
                if kk != r:
                    loo_sum += e[kk][c]
            big_b[r][c] = _ln(a * (loo_sum / (k - 1)) + (1 - a) * _exp(base[c]))
    joint = Decimal(0)
    for r in range(k):
        for c in range(k):
            if r != c:
                joint += m[c][c] - big_b[r][c]
    marg = Decimal(0)
    for i in range(k):
        for c in range(k):
            if i != c:
                marg += _exp(m[i][c] - big_b[c][c])
    pairs = k * (k - 1)
    return 1 + joint / pairs - marg / pairs


def naive_mi_smile(s: torch.Tensor, tau: float) -> Decimal:
    m = _dm(s)
    t = _d(tau)
    return _naive_diag_mean(m) - _ln(_naive_offmean(m, lambda x: _exp(min(max(x, -t), t))))


def _naive_infonce_loss_one_way(m: list) -> Decimal:
    k = len(m)
    total = Decimal(0)
    for i in range(k):
        row_sum = Decimal(0)
        for j in range(k):
            row_sum += _exp(m[i][j])
        total += _ln(row_sum) - m[i][i]
    return total / k


def naive_loss_infonce(s: torch.Tensor, symmetric: bool) -> Decimal:
    m = _dm(s)
    if not symmetric:
        return _naive_infonce_loss_one_way(m)
    k = len(m)
    transposed = [[m[j][i] for j in range(k)] for i in range(k)]
    return (_naive_infonce_loss_one_way(m) + _naive_infonce_loss_one_way(transposed)) / 2


def _naive_normalise(rows: list) -> list:
    out = []
    for row in rows:
        norm = sum((x * x for x in row), Decimal(0)).sqrt()
        out.append([x / norm for x in row])
    return out


def _naive_dot(u: list, v: list) -> Decimal:
    return sum((a * b for a, b in zip(u, v)), Decimal(0))


def naive_loss_ntxent(z1: torch.Tensor, z2: torch.Tensor, temperature: float) -> Decimal:
    n = z1.shape[0]
    z = _naive_normalise(_dm(z1) + _dm(z2))
    t = _d(temperature)
    total = Decimal(0)
    for a in range(2 * n):
        positive = (a + n) % (2 * n)
        denominator = Decimal(0)
        for kk in range(2 * n):
            if kk != a:
                denominator += _exp(_naive_dot(z[a], z[kk]) / t)
        numerator = _exp(_naive_dot(z[a], z[positive]) / t)
        total += -_ln(numerator / denominator)
    return total / (2 * n)


def naive_loss_nce(pos: torch.Tensor, neg: torch.Tensor, pos_noise: torch.Tensor,
                   neg_noise: torch.Tensor) -> Decimal:
    p, ng, pn, nn = _dm(pos), _dm(neg), _dm(pos_noise), _dm(neg_noise)
    batch, k = len(ng), len(ng[0])
    log_k = _ln(Decimal(k))
    total = Decimal(0)
    for b in range(batch):
        total += _dsoftplus(-(p[b] - (log_k + pn[b])))
        for j in range(k):
            total += _dsoftplus(ng[b][j] - (log_k + nn[b][j]))
    return total / batch


def naive_loss_moco(queries: torch.Tensor, keys: torch.Tensor, queue: torch.Tensor,
                    temperature: float) -> Decimal:
    q, k, negatives = (_naive_normalise(_dm(x)) for x in (queries, keys, queue))
    t = _d(temperature)
    total = Decimal(0)
    for b in range(len(q)):
        logits = [_naive_dot(q[b], k[b]) / t] + [_naive_dot(q[b], neg) / t for neg in negatives]
        total += _ln(sum((_exp(x) for x in logits), Decimal(0))) - logits[0]
    return total / len(q)


# --------------------------------------------------------------------------------------------------
# Inputs: a table of named float64 arrays, each drawn from its own seeded generator.
# --------------------------------------------------------------------------------------------------

class Arrays:
    """Named input arrays. Each is drawn from its own torch.Generator seeded with the CRC-32 of its
    name, so adding or reordering cases never changes the inputs of the others."""

    def __init__(self) -> None:
        self.table: dict[str, torch.Tensor] = {}

    @staticmethod
    def seed(name: str) -> int:
        return zlib.crc32(name.encode("utf-8"))

    def add(self, name: str, make: Callable[[torch.Generator], torch.Tensor]) -> str:
        if name in self.table:
            return name
        value = make(torch.Generator().manual_seed(self.seed(name))).to(DTYPE).contiguous()
        if not torch.isfinite(value).all():
            raise SystemExit(f"input {name} is not finite")
        self.table[name] = value
        return name

    def __getitem__(self, name: str) -> torch.Tensor:
        return self.table[name]


def _randn(g: torch.Generator, *shape: int) -> torch.Tensor:
    return torch.randn(*shape, generator=g, dtype=DTYPE)


def _uniform(g: torch.Generator, bound: float, *shape: int) -> torch.Tensor:
    return (2.0 * torch.rand(*shape, generator=g, dtype=DTYPE) - 1.0) * bound


# Score-matrix kinds. "pos4": a critic-like matrix whose positives sit about 4 nats above the rest.
SCORE_KINDS: dict[str, Callable[[torch.Generator, int], torch.Tensor]] = {
    "gauss0.1": lambda g, k: 0.1 * _randn(g, k, k),
    "gauss3": lambda g, k: 3.0 * _randn(g, k, k),
    "pos4": lambda g, k: _randn(g, k, k) + 4.0 * torch.eye(k, dtype=DTYPE),
    "const0.7": lambda g, k: torch.full((k, k), 0.7, dtype=DTYPE),
    "unif50": lambda g, k: _uniform(g, 50.0, k, k),
    "unif1e4": lambda g, k: _uniform(g, 1e4, k, k),
}

# (K, kind) pairs. Every estimator gets the "moderate" set; the finite-at-1e4 ones also get 1e4.
MODERATE_SCORES = [
    (2, "gauss3"), (2, "unif50"),
    (3, "gauss0.1"), (3, "pos4"),
    (8, "gauss0.1"), (8, "gauss3"), (8, "const0.7"), (8, "unif50"),
    (64, "gauss0.1"), (64, "pos4"),
]
HUGE_SCORES = [(2, "unif1e4"), (3, "unif1e4"), (8, "unif1e4")]


def score_matrix(arrays: Arrays, k: int, kind: str) -> str:
    return arrays.add(f"S_K{k}_{kind}", lambda g: SCORE_KINDS[kind](g, k))


def log_baseline(arrays: Arrays, k: int, kind: str, scores: str) -> str:
    """A log-baseline b[j] = log a(y_j) for column j, matched to the score matrix's scale."""
    s = arrays[scores]
    makers = {
        "zero": lambda g: torch.zeros(k, dtype=DTYPE),
        # The column's log-mean-exp over all rows: what a well-fit baseline approaches.
        "colmean": lambda g: torch.logsumexp(s, dim=0) - math.log(k),
        "gauss1": lambda g: _randn(g, k),
        "unif50": lambda g: _uniform(g, 50.0, k),
    }
    return arrays.add(f"b_{scores}_{kind}", makers[kind])


# --------------------------------------------------------------------------------------------------
# Cases
# --------------------------------------------------------------------------------------------------

class Case:
    def __init__(self, function: str, name: str, parameters: dict, inputs: dict[str, str],
                 torch_fn: Callable, naive_fn: Callable) -> None:
        self.function = function
        self.name = name
        self.parameters = parameters
        self.inputs = inputs
        self.torch_fn = torch_fn
        self.naive_fn = naive_fn
        self.expected: float | None = None


def build_cases(arrays: Arrays) -> list[Case]:
    cases: list[Case] = []

    def add(function: str, name: str, parameters: dict, inputs: dict[str, str],
            torch_fn: Callable, naive_fn: Callable) -> None:
        cases.append(Case(function, name, parameters, inputs, torch_fn, naive_fn))

    # Estimators of S alone.
    plain = [
        ("MutualInformation.InfoNce", torch_mi_infonce, naive_mi_infonce, True),
        ("MutualInformation.Nwj", torch_mi_nwj, naive_mi_nwj, False),
        ("MutualInformation.DonskerVaradhan", torch_mi_dv, naive_mi_dv, True),
        ("MutualInformation.JensenShannon", torch_mi_js, naive_mi_js, True),
        ("MutualInformation.JensenShannonNwj", torch_mi_js_nwj, naive_mi_js_nwj, False),
    ]
    for function, torch_fn, naive_fn, finite_at_1e4 in plain:
        for k, kind in MODERATE_SCORES + (HUGE_SCORES if finite_at_1e4 else []):
            s = score_matrix(arrays, k, kind)
            add(function, f"K{k}_{kind}", {}, {"scores": s}, torch_fn, naive_fn)

    # SMILE: tau in {1, 5}.
    for k, kind in MODERATE_SCORES + HUGE_SCORES:
        for tau in (1.0, 5.0):
            if kind in ("const0.7", "pos4") and tau == 1.0:
                continue
            s = score_matrix(arrays, k, kind)
            add("MutualInformation.Smile", f"K{k}_{kind}_tau{tau:g}", {"tau": tau}, {"scores": s},
                torch_mi_smile, naive_mi_smile)

    # TUBA: log-baselines per column; magnitudes up to +-50 (exp(S - b) up to e^100).
    tuba_inputs = [
        (2, "gauss3", "gauss1"), (2, "unif50", "unif50"),
        (3, "gauss0.1", "zero"), (3, "pos4", "colmean"),
        (8, "gauss3", "colmean"), (8, "gauss0.1", "gauss1"), (8, "const0.7", "zero"),
        (8, "unif50", "unif50"), (8, "unif50", "colmean"),
        (64, "gauss0.1", "gauss1"), (64, "pos4", "colmean"),
    ]
    for k, kind, base_kind in tuba_inputs:
        s = score_matrix(arrays, k, kind)
        b = log_baseline(arrays, k, base_kind, s)
        add("MutualInformation.Tuba", f"K{k}_{kind}_b-{base_kind}", {}, {"scores": s, "logBaseline": b},
            torch_mi_tuba, naive_mi_tuba)

    # I_alpha: alpha in {0, 0.01, 0.5, 1}. Needs K >= 2 (leave-one-out over K - 1 rows).
    interpolated_inputs = [
        (2, "gauss3", "gauss1", (0.0, 0.5, 1.0)),
        (3, "gauss0.1", "zero", (0.0, 0.01, 0.5, 1.0)),
        (3, "pos4", "colmean", (0.01, 1.0)),
        (8, "gauss3", "gauss1", (0.0, 0.01, 0.5, 1.0)),
        (8, "unif50", "unif50", (0.0, 0.01, 0.5, 1.0)),
        (8, "const0.7", "zero", (0.5,)),
        (64, "gauss0.1", "gauss1", (0.01, 0.5)),
        (64, "pos4", "colmean", (0.0, 0.01, 1.0)),
        # Finite only because alpha > 0 (see the header): stresses the leave-one-out log-means.
        (3, "unif1e4", "gauss1", (0.5, 1.0)),
        (8, "unif1e4", "gauss1", (0.01, 1.0)),
    ]
    for k, kind, base_kind, alphas in interpolated_inputs:
        s = score_matrix(arrays, k, kind)
        b = log_baseline(arrays, k, base_kind, s)
        for alpha in alphas:
            add("MutualInformation.Interpolated", f"K{k}_{kind}_q-{base_kind}_alpha{alpha:g}",
                {"alpha": alpha}, {"scores": s, "logBaseline": b},
                torch_mi_interpolated, naive_mi_interpolated)

    # InfoNCE loss, one-way and symmetric.
    for k, kind in [(2, "gauss3"), (3, "pos4"), (8, "gauss0.1"), (8, "unif50"), (8, "unif1e4"),
                    (64, "gauss0.1"), (64, "pos4")]:
        for symmetric in (False, True):
            s = score_matrix(arrays, k, kind)
            add("Losses.InfoNce", f"K{k}_{kind}_{'symmetric' if symmetric else 'oneway'}",
                {"symmetric": symmetric}, {"scores": s}, torch_loss_infonce, naive_loss_infonce)

    # NT-Xent: N in {1, 4, 16}, d in {2, 8}, temperatures {0.1, 0.5, 1}.
    def views(n: int, d: int, kind: str) -> tuple[str, str]:
        if kind == "indep":  # unrelated views
            z1 = arrays.add(f"z1_N{n}_d{d}_{kind}", lambda g: _randn(g, n, d))
            z2 = arrays.add(f"z2_N{n}_d{d}_{kind}", lambda g: _randn(g, n, d))
        elif kind == "close":  # second view = first + 0.3 noise: positives are similar
            z1 = arrays.add(f"z1_N{n}_d{d}_{kind}", lambda g: _randn(g, n, d))
            z2 = arrays.add(f"z2_N{n}_d{d}_{kind}", lambda g: arrays[z1] + 0.3 * _randn(g, n, d))
        elif kind == "scaled":  # rows of very different norms: normalisation must be per row
            z1 = arrays.add(f"z1_N{n}_d{d}_{kind}",
                            lambda g: _randn(g, n, d) * torch.logspace(-3, 3, n, dtype=DTYPE)[:, None])
            z2 = arrays.add(f"z2_N{n}_d{d}_{kind}", lambda g: 1e3 * _randn(g, n, d))
        else:
            raise ValueError(kind)
        return z1, z2

    for n, d, kind, temperature in [
        (1, 2, "indep", 0.5), (1, 8, "close", 0.1),
        (4, 2, "indep", 0.1), (4, 8, "close", 1.0), (4, 8, "scaled", 0.5),
        (16, 2, "close", 0.5), (16, 8, "indep", 0.1), (16, 8, "close", 0.1), (16, 8, "scaled", 1.0),
    ]:
        z1, z2 = views(n, d, kind)
        add("Losses.NtXent", f"N{n}_d{d}_{kind}_T{temperature:g}", {"temperature": temperature},
            {"z1": z1, "z2": z2}, torch_loss_ntxent, naive_loss_ntxent)

    # NCE: B positives with k noise samples each. The noise log-densities are those of a standard
    # normal in 2-d at random points (log q(x) = -log(2 pi) - |x|^2 / 2); the scores stand in for
    # the model's log-densities.
    def _normal2d_log_density(x: torch.Tensor) -> torch.Tensor:
        return -math.log(2 * math.pi) - 0.5 * (x ** 2).sum(dim=-1)

    for batch, k, scale in [(1, 1, 1.0), (4, 1, 3.0), (4, 5, 1.0), (16, 5, 3.0), (16, 1, 0.1),
                            (16, 5, 50.0)]:
        tag = f"B{batch}_k{k}_scale{scale:g}"
        pos = arrays.add(f"nce_pos_{tag}", lambda g: scale * _randn(g, batch) + 1.0)
        neg = arrays.add(f"nce_neg_{tag}", lambda g: scale * _randn(g, batch, k) - 1.0)
        pos_noise = arrays.add(f"nce_posnoise_{tag}", lambda g: _normal2d_log_density(_randn(g, batch, 2)))
        neg_noise = arrays.add(f"nce_negnoise_{tag}", lambda g: _normal2d_log_density(_randn(g, batch, k, 2)))
        add("Losses.Nce", tag, {},
            {"positiveScores": pos, "negativeScores": neg,
             "positiveNoiseLogDensity": pos_noise, "negativeNoiseLogDensity": neg_noise},
            torch_loss_nce, naive_loss_nce)

    # MoCo: B queries against their keys and a queue of Q negatives.
    for batch, d, queue_size, temperature in [(1, 2, 1, 0.5), (4, 2, 8, 0.1), (4, 8, 8, 1.0),
                                              (16, 8, 64, 0.1), (16, 2, 64, 0.5), (1, 8, 16, 1.0)]:
        tag = f"B{batch}_d{d}_Q{queue_size}_T{temperature:g}"
        queries = arrays.add(f"moco_q_{tag}", lambda g: _randn(g, batch, d))
        keys = arrays.add(f"moco_k_{tag}", lambda g: arrays[queries] + 0.5 * _randn(g, batch, d))
        queue = arrays.add(f"moco_queue_{tag}", lambda g: 2.0 * _randn(g, queue_size, d))
        add("Losses.MoCo", tag, {"temperature": temperature},
            {"queries": queries, "keys": keys, "queue": queue}, torch_loss_moco, naive_loss_moco)

    return cases


# --------------------------------------------------------------------------------------------------
# Evaluation and checks
# --------------------------------------------------------------------------------------------------

def _agree(a: float, b: float, tolerance: float) -> bool:
    return abs(a - b) <= tolerance * max(1.0, abs(b))


def _call(case: Case, fn: Callable, arrays: Arrays):
    args = [arrays[name] for name in case.inputs.values()]
    return fn(*args, *case.parameters.values())


def evaluate(cases: list[Case], arrays: Arrays) -> None:
    failures = []
    for case in cases:
        vectorised = float(_call(case, case.torch_fn, arrays))
        exact = float(_call(case, case.naive_fn, arrays))  # one rounding, to nearest
        if not math.isfinite(exact) or not math.isfinite(vectorised):
            failures.append(f"{case.function} {case.name}: not finite (torch {vectorised!r}, "
                            f"exact {exact!r})")
        elif not _agree(vectorised, exact, CROSS_CHECK_TOLERANCE):
            failures.append(f"{case.function} {case.name}: torch {vectorised!r} vs loops {exact!r}")
        case.expected = exact
    if failures:
        raise SystemExit("cross-check FAILED, nothing written:\n  " + "\n  ".join(failures))


def check_identities(cases: list[Case], arrays: Arrays) -> None:
    """Identities from the reference sheet, on the exact values; a failure stops the script."""
    by_key = {(c.function, c.name): c.expected for c in cases}
    problems = []

    def expect(condition: bool, what: str) -> None:
        if not condition:
            problems.append(what)

    for c in cases:
        k = arrays[c.inputs["scores"]].shape[0] if "scores" in c.inputs else None
        if c.function == "MutualInformation.InfoNce":
            expect(c.expected <= math.log(k) + 1e-12, f"InfoNCE <= log K: {c.name}")
            loss = by_key.get(("Losses.InfoNce", c.name + "_oneway"))
            if loss is not None:
                expect(_agree(loss, math.log(k) - c.expected, 1e-12), f"loss = log K - estimate: {c.name}")
        if c.function == "MutualInformation.DonskerVaradhan":
            nwj = by_key[("MutualInformation.Nwj", c.name)] if ("MutualInformation.Nwj", c.name) in by_key else None
            if nwj is not None:
                expect(c.expected >= nwj - 1e-12 * max(1.0, abs(nwj)), f"DV >= NWJ: {c.name}")
        if c.function == "MutualInformation.JensenShannon":
            expect(c.expected < 0, f"JS < 0: {c.name}")
        if c.function == "MutualInformation.Tuba" and c.name.endswith("_b-zero"):
            base = c.name[: -len("_b-zero")]
            nwj1 = by_key.get(("MutualInformation.JensenShannonNwj", base))
            if nwj1 is not None:
                expect(_agree(c.expected, nwj1, 1e-12), f"TUBA(S, 0) = NWJ(S + 1): {c.name}")
        if c.function == "MutualInformation.Interpolated" and c.parameters["alpha"] == 0.0:
            tuba = float(naive_mi_tuba(arrays[c.inputs["scores"]], arrays[c.inputs["logBaseline"]]))
            expect(_agree(c.expected, tuba, 1e-12), f"I_0 = TUBA: {c.name}")
        if "const0.7" in c.name and c.function in ("MutualInformation.InfoNce",
                                                   "MutualInformation.DonskerVaradhan"):
            expect(abs(c.expected) <= 1e-12, f"constant critic gives 0: {c.function} {c.name}")
        if c.function == "Losses.NtXent" and c.name.startswith("N1_"):
            expect(abs(c.expected) <= 1e-12, f"NT-Xent with one pair is 0: {c.name}")
    if problems:
        raise SystemExit("identity checks FAILED, nothing written:\n  " + "\n  ".join(problems))


# --------------------------------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------------------------------

def _json_number(x: float) -> str:
    # repr is the shortest string that parses back to the same float64 (at most 17 digits).
    if not math.isfinite(x):
        raise ValueError(f"non-finite number {x!r}")
    return repr(float(x))


def _json_array(t: torch.Tensor, indent: str) -> str:
    if t.dim() == 1:
        return "[" + ", ".join(_json_number(v) for v in t.tolist()) + "]"
    inner = indent + "  "
    rows = [inner + _json_array(row, inner) for row in t]
    return "[\n" + ",\n".join(rows) + "\n" + indent + "]"


def write(cases: list[Case], arrays: Arrays, path: str) -> None:
    used = [name for name in arrays.table if any(name in c.inputs.values() for c in cases)]
    header = {
        "description": "Golden values for Contrastive.Objectives (MutualInformation estimators and "
                       "Losses). Inputs are exact float64 values; 'expected' is the formula evaluated "
                       "at 60 significant digits and rounded once to float64. Cases name their input "
                       "arrays, which live in the 'arrays' table. Generated: do not edit by hand.",
        "generator": "scripts/golden/objectives_golden.py",
        "command": COMMAND,
        "torch": torch.__version__,
        "convention": "S[i, j] = f(x_i, y_j): rows x, columns y, positives on the diagonal; "
                      "natural logs; logBaseline[j] belongs to column j.",
    }
    lines = ["{"]
    for key, value in header.items():
        lines.append(f"  {json.dumps(key)}: {json.dumps(value)},")
    lines.append('  "arrays": {')
    for index, name in enumerate(used):
        comma = "," if index < len(used) - 1 else ""
        lines.append(f"    {json.dumps(name)}: {_json_array(arrays[name], '    ')}{comma}")
    lines.append("  },")
    lines.append('  "cases": [')
    for index, c in enumerate(cases):
        comma = "," if index < len(cases) - 1 else ""
        entry = {"function": c.function, "name": c.name, "parameters": c.parameters,
                 "inputs": c.inputs}
        body = json.dumps(entry)[:-1]  # reopen the object to append the exact expected value
        lines.append(f"    {body}, \"expected\": {_json_number(c.expected)}}}{comma}")
    lines.append("  ]")
    lines.append("}")
    text = "\n".join(lines) + "\n"
    json.loads(text)  # well-formed
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def main() -> int:
    if not os.path.isfile("Toolkit.sln"):
        print("run from the repository root: " + COMMAND, file=sys.stderr)
        return 2
    torch.set_default_dtype(DTYPE)
    arrays = Arrays()
    cases = build_cases(arrays)
    evaluate(cases, arrays)
    check_identities(cases, arrays)

    counts: dict[str, int] = {}
    for c in cases:
        counts[c.function] = counts.get(c.function, 0) + 1
    too_few = [f for f, n in counts.items() if n < CASES_PER_FUNCTION_MIN]
    if too_few:
        raise SystemExit(f"too few cases for {too_few}")

    write(cases, arrays, OUTPUT)
    size = os.path.getsize(OUTPUT)
    print(f"wrote {OUTPUT}: {len(cases)} cases, {size / 1024:.0f} KiB; cross-checked against the "
          f"loop implementation to {CROSS_CHECK_TOLERANCE:g}")
    for function, n in counts.items():
        print(f"  {function}: {n}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
