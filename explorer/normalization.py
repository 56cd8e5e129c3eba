"""BatchNorm and dropout in train() vs eval() mode, and BN's noise on small batches.

BatchNorm (Ioffe & Szegedy 2015), per feature, γ = 1, β = 0 here:
  train():  y = (x − μ_B) / √(σ²_B + ε)  with the batch's own mean μ_B and biased variance σ²_B,
            and running ← (1 − m)·running + m·batch (m = momentum 0.1, running_var unbiased);
  eval():   y = (x − running_mean) / √(running_var + ε).
Dropout (Srivastava et al. 2014, "inverted"): train() keeps each unit with probability 1 − p
and scales the kept ones by 1/(1 − p), so E[y] = x; eval() is the identity. The paper's
original form keeps m·x in training (E = (1 − p)·x) and multiplies by the keep ratio 1 − p at
inference; note 001 says to multiply by the drop ratio p (失活比例), which matches only at p = 0.5.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
from torch import nn

from explorer.budget import check_elements, check_steps
from explorer.errors import InputError, check_int, check_number, check_seed

VALUE_LIMIT = 1e6   # |data mean|, data std and |shift|: squares stay far from overflow


@dataclass
class BatchNormModes:
    batch: np.ndarray          # float64[B]: the one batch looked at (one feature)
    train_out: np.ndarray      # float64[B]: BatchNorm1d in train()
    eval_out: np.ndarray       # float64[B]: BatchNorm1d in eval()
    batch_mean: float
    batch_var: float           # biased, what train() divides by
    running_mean: float
    running_var: float         # unbiased, accumulated before this batch


def batchnorm_modes(batch_size: int = 16, warm_batches: int = 50, data_mean: float = 3.0,
                    data_std: float = 2.0, shift: float = 0.0, seed: int = 0,
                    momentum: float = 0.1) -> BatchNormModes:
    """A BatchNorm1d(1) sees ``warm_batches`` batches of N(data_mean, data_std²) in train()
    (its running statistics settle); then one more batch, shifted by ``shift``, goes through
    it in train() and in eval() mode."""
    batch_size = check_int("batch size", batch_size, 2)
    check_elements("BatchNorm batch", batch_size, advice="use a smaller batch")
    check_steps("BatchNorm warm-up", check_int("warm batches", warm_batches, 0),
                "use fewer warm-up batches")
    data_mean = check_number("data mean", data_mean, -VALUE_LIMIT, VALUE_LIMIT)
    data_std = check_number("data std", data_std, 0.0, VALUE_LIMIT)
    shift = check_number("shift", shift, -VALUE_LIMIT, VALUE_LIMIT)
    momentum = check_number("momentum", momentum, 0.0, 1.0)
    g = torch.Generator().manual_seed(check_seed(seed))
    bn = nn.BatchNorm1d(1, momentum=momentum, affine=False).double()
    bn.train()
    with torch.no_grad():
        for _ in range(warm_batches):
            bn(data_mean + data_std * torch.randn(batch_size, 1, generator=g,
                                                  dtype=torch.float64))
        batch = data_mean + shift + data_std * torch.randn(batch_size, 1, generator=g,
                                                           dtype=torch.float64)
        running_mean, running_var = bn.running_mean.item(), bn.running_var.item()
        eval_out = bn.eval()(batch)
        train_out = bn.train()(batch)
    return BatchNormModes(batch[:, 0].numpy(), train_out[:, 0].numpy(), eval_out[:, 0].numpy(),
                          batch.mean().item(), batch.var(unbiased=False).item(),
                          running_mean, running_var)


@dataclass
class DropoutModes:
    x: np.ndarray          # float64[N] input
    train_out: np.ndarray  # float64[N] nn.Dropout(p) in train()
    eval_out: np.ndarray   # float64[N] nn.Dropout(p) in eval()
    kept_fraction: float
    scale: float | None    # the factor seen on kept units, measured (None: none was kept)
    expected_scale: float  # 1/(1 − p)


def dropout_modes(p: float, n: int = 1000, seed: int = 0) -> DropoutModes:
    """x = 1 everywhere through nn.Dropout(p): train() gives 0 or 1/(1 − p), eval() gives x.

    The mask is drawn from torch's global generator seeded with ``seed`` inside
    ``fork_rng``, so the caller's random state is left as it was."""
    p = check_number("dropout probability p", p, 0.0, 1.0, high_open=True)
    n = check_int("n", n, 1)
    check_elements("dropout input", n, advice="use fewer units")
    x = torch.ones(n, dtype=torch.float64)
    drop = nn.Dropout(p)
    with torch.random.fork_rng():
        torch.manual_seed(check_seed(seed))
        train_out = drop.train()(x)
    eval_out = drop.eval()(x)
    kept = train_out != 0
    scale = train_out[kept].mean().item() if kept.any() else None
    return DropoutModes(x.numpy(), train_out.numpy(), eval_out.numpy(),
                        kept.double().mean().item(), scale, 1 / (1 - p))


@dataclass
class DropoutRules:
    """Mean output of a unit with input x = 1, in training and at inference, per rule."""
    p: np.ndarray               # float64[K] drop probabilities
    vanilla_train: np.ndarray   # measured mean of m·x (mask only): expected 1 − p
    inverted_train: np.ndarray  # measured mean of nn.Dropout(p)(x) in train(): expected 1
    inverted_eval: np.ndarray   # nn.Dropout(p)(x) in eval(): x = 1
    note_eval: np.ndarray       # note 001: inference output × drop ratio p
    keep_eval: np.ndarray       # Srivastava et al.: inference output × keep ratio 1 − p

    @property
    def note_over_train(self) -> np.ndarray:
        """Note 001's inference output over the training mean it should match: p/(1 − p);
        1 only at p = 0.5 (at p = 0.9 it is 9 times too large)."""
        return self.note_eval / (1 - self.p)

    def rows(self, i: int = 0) -> list[dict]:
        """At p[i]: each rule's training mean, inference output and their ratio (1 means
        inference sees the activation scale training saw)."""
        rules = [("inverted dropout (nn.Dropout): × 1/(1−p) in train(), nothing at inference",
                  self.inverted_train[i], self.inverted_eval[i]),
                 ("mask only, no rescaling at inference", self.vanilla_train[i], 1.0),
                 ("mask only, inference × drop ratio p (Note 1)", self.vanilla_train[i],
                  self.note_eval[i]),
                 ("mask only, inference × keep ratio 1 − p (Srivastava et al.)",
                  self.vanilla_train[i], self.keep_eval[i])]
        return [{"rule": rule, "train() mean": train, "inference": infer,
                 "inference / train": infer / train if train else None}
                for rule, train, infer in rules]


def dropout_rules(ps, n: int = 100_000, seed: int = 0) -> DropoutRules:
    """For each p in ``ps`` (in [0, 1)): ``n`` units x = 1 through nn.Dropout(p) in train()
    (the same mask gives the unscaled m·x = output·(1 − p)) and in eval(); the inference
    outputs of note 001's rule (× p) and of the keep-ratio rule (× (1 − p))."""
    try:
        ps = np.array([check_number("dropout probability p", v, 0.0, 1.0, high_open=True)
                       for v in ps], dtype=float)
    except TypeError:
        ps = np.array([])
    if len(ps) == 0:
        raise InputError("empty", "give at least one dropout probability p in [0, 1)",
                         name="dropout probabilities")
    n = check_int("n", n, 1)
    check_elements("dropout units", n * len(ps), advice="use fewer units or probabilities")
    x = torch.ones(n, dtype=torch.float64)
    inverted, vanilla, evaluated = [], [], []
    with torch.random.fork_rng():
        torch.manual_seed(check_seed(seed))
        for p in ps:
            drop = nn.Dropout(float(p))
            out = drop.train()(x)
            inverted.append(out.mean().item())
            vanilla.append((out * (1 - p)).mean().item())
            evaluated.append(drop.eval()(x).mean().item())
    return DropoutRules(ps, np.array(vanilla), np.array(inverted), np.array(evaluated),
                        ps.copy(), 1 - ps)


@dataclass
class BatchNoise:
    batch_sizes: np.ndarray    # int[K]
    mean_spread: np.ndarray    # float64[K]: std over batches of μ_B
    var_spread: np.ndarray     # float64[K]: std over batches of σ²_B
    output_spread: np.ndarray  # float64[K]: std over batches of one fixed sample's BN output
    expected_mean_spread: np.ndarray  # σ√(B − 1)/B: closed form for μ_B (x₀ fixed, B − 1 random)


def batch_noise(batch_sizes, trials: int = 300, data_std: float = 2.0,
                seed: int = 0) -> BatchNoise:
    """How much BN's train()-mode statistics move from batch to batch.

    One fixed sample x₀ = 1 is put in ``trials`` random batches of N(0, data_std²) data of
    each size B (B >= 2, trials >= 2); nn.BatchNorm1d in train() normalises each batch.
    """
    try:
        sizes = np.array(sorted({check_int("batch size", b, 2) for b in batch_sizes}))
    except TypeError:
        sizes = np.array([])
    if len(sizes) == 0:
        raise InputError("empty", "batch sizes must list at least one whole number >= 2",
                         name="batch sizes")
    trials = check_int("trials", trials, 2)
    check_elements("batches", trials * int(sizes.sum()), advice="use fewer trials or "
                   "smaller batch sizes")
    data_std = check_number("data std", data_std, 0.0, VALUE_LIMIT)
    g = torch.Generator().manual_seed(check_seed(seed))
    # BatchNorm1d(trials) on [B, trials] normalises each column on its own: one call runs
    # ``trials`` independent batches.
    bn = nn.BatchNorm1d(trials, affine=False, track_running_stats=False).double().train()
    rows = []
    with torch.no_grad():
        for b in sizes:
            data = data_std * torch.randn(trials, b, generator=g, dtype=torch.float64)
            data[:, 0] = 1.0
            out = bn(data.T)[0]
            rows.append((data.mean(1).std().item(), data.var(1, unbiased=False).std().item(),
                         out.std().item()))
    mean_spread, var_spread, output_spread = map(np.array, zip(*rows))
    return BatchNoise(sizes, mean_spread, var_spread, output_spread,
                      data_std * np.sqrt(sizes - 1) / sizes)
