"""Note 2 · PyTorch reading notes: its claims, each checked with ``explorer``.

Settings names are the demonstrating page's URL keys; a check's own defaults are the settings
its ``link`` opens, so the Notes page shows the status there.
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np
import torch
from torch import nn
from torch.nn import functional as F

from explorer import activations as act, losses, optim_paths as op, regularization as rg
from explorer import schedules as sch
from explorer.notes import Claim, Verdict, digits, not_applicable, training_splits

SEED = "002"


def tanh_identity(x_min: float = -6.0, x_max: float = 6.0, **_) -> Verdict:
    act.check_range(x_min, x_max)
    x = act.grid(x_min, x_max)
    tanh, sigmoid = act.evaluate("Tanh", x)[0], act.evaluate("Sigmoid", x)[0]
    note = float(np.max(np.abs(tanh - (2 * sigmoid - 1))))
    right = float(np.max(np.abs(tanh - (2 * act.evaluate("Sigmoid", 2 * x)[0] - 1))))
    return Verdict(note < 1e-6, f"max |tanh − (2σ − 1)| = {note:.3g}; with σ(2x): {right:.1g}",
                   "tanh(x) = 2σ(2x) − 1: the note drops the 2 inside σ, so 2σ(x) − 1 = "
                   "tanh(x/2), wrong everywhere but at x = 0.",
                   "正确的是 tanh(x) = 2σ(2x) − 1：笔记漏了 σ 里的 2，2σ(x) − 1 其实是 tanh(x/2)，"
                   "只在 x = 0 处相等。",
                   f"max |tanh − (2σ − 1)| = {note:.3g}；改用 σ(2x)：{right:.1g}")


def binary_cross_entropy(gamma: float = 0.0, alpha: float = -1.0, **_) -> Verdict:
    logits = torch.linspace(-6, 6, 121, dtype=torch.float64)
    targets = (torch.arange(121) % 2).to(torch.float64)
    focal = losses.focal_loss(logits, targets, alpha, gamma)
    p = torch.sigmoid(logits)
    bce = -(targets * torch.log(p) + (1 - targets) * torch.log(1 - p))
    gap = (focal - bce).abs().max().item()
    return Verdict(gap < 1e-9, f"max |focal − BCE| = {gap:.3g} (γ = {gamma:g}, α = {alpha:g})",
                   "Sigmoid output with binary cross-entropy is the focal loss at γ = 0 with no "
                   "α weighting (α = −1); any other γ or α changes the loss.",
                   "Sigmoid 输出配二分类交叉熵，正是 γ = 0、不加 α 权重（α = −1）时的 focal loss；"
                   "其他 γ 或 α 都会改变损失。")


def softmax_cross_entropy(eps: float = 0.0, **_) -> Verdict:
    g = torch.Generator().manual_seed(0)
    logits = torch.randn(64, 10, generator=g, dtype=torch.float64) * 3
    labels = torch.randint(0, 10, (64,), generator=g)
    ours = losses.smoothed_cross_entropy(logits, labels, eps)
    minus_log_p = -torch.log(torch.softmax(logits, 1)[torch.arange(64), labels]).mean()
    gap = abs(ours - minus_log_p).item()
    return Verdict(gap < 1e-9, f"CE {ours.item():.4f}, −log p_y {minus_log_p.item():.4f}",
                   "With one-hot targets (ε = 0) multi-class cross-entropy is −log of the "
                   "softmax probability of the true class; label smoothing (ε > 0) adds the "
                   "other classes' terms.",
                   "目标为 one-hot(ε = 0)时，多分类交叉熵就是真实类别 softmax 概率的 −log；"
                   "标签平滑（ε > 0）会加上其他类别的项。")


def mse_gaussian(noise: str = "gaussian", **_) -> Verdict:
    g = np.random.default_rng(0)
    target, predictions = g.normal(size=50), g.normal(size=(200, 50))
    err = predictions - target
    nll = {"gaussian": 0.5 * err ** 2 + 0.5 * np.log(2 * np.pi),
           "laplace": np.abs(err) + np.log(2)}[noise].mean(1)
    mse = (err ** 2).mean(1)
    spread = float(np.std(nll - mse / 2))        # constant iff NLL = MSE/2 + const
    return Verdict(spread < 1e-9, f"std of NLL − MSE/2 over 200 predictions: {spread:.3g}",
                   "Under Gaussian errors (σ = 1) the negative log-likelihood is MSE/2 plus a "
                   "constant, so both have the same minimiser; Laplace errors give L1 instead.",
                   "误差服从高斯分布（σ = 1）时负对数似然等于 MSE/2 加常数，两者最优解相同；"
                   "拉普拉斯误差对应的是 L1。",
                   f"200 个预测上 NLL − MSE/2 的标准差：{spread:.3g}")


def split_ratio(data: str = "digits", **_) -> Verdict:
    splits = training_splits(data)
    if splits is None:
        return not_applicable("–", f"The data set {data!r} is not available here.",
                              f"数据集 {data!r} 在此不可用。")
    sizes = np.array([len(splits.x_train), len(splits.x_val), len(splits.x_test)])
    shares = sizes / sizes.sum()
    return Verdict(bool(np.all(np.abs(shares - (0.7, 0.2, 0.1)) < 0.01)),
                   " / ".join(f"{s:,}" for s in sizes) + " = "
                   + " / ".join(f"{s:.0%}" for s in shares),
                   "load_dataset splits a small set 70/20/10 (stratified); MNIST-like sets keep "
                   "their official test set instead.",
                   "load_dataset 对小数据集按 70/20/10 分层划分；MNIST 这类数据集沿用官方测试集。")


@lru_cache(maxsize=16)
def _overfit(n_train: int, epochs: int, seed: int) -> tuple[float, ...]:
    return tuple(r["val_loss"] for r in rg.overfit_run(n_train, epochs, seed))


def early_stopping(n: int = 50, epochs: int = 60, eseed: int = 0, patience: int = 5,
                   **_) -> Verdict:
    val = _overfit(int(n), int(epochs), int(eseed))
    best, stop = rg.early_stopping_epoch(list(val), patience)
    rises = val[-1] > val[best - 1] * 1.05
    return Verdict(bool(rises and best < len(val)),
                   f"best val loss {val[best - 1]:.3f} at epoch {best}, {val[-1]:.3f} at "
                   f"epoch {len(val)}; stop at {stop or '–'}",
                   "Validation loss bottoms out and then climbs while train loss keeps falling: "
                   "that turn is where early stopping ends training.",
                   "验证集损失先降到最低再回升，而训练损失继续下降：早停就在这个拐点结束训练。",
                   f"第 {best} 轮验证损失最低 {val[best - 1]:.3f}，第 {len(val)} 轮为 "
                   f"{val[-1]:.3f}；" + (f"第 {stop} 轮早停" if stop else "未触发早停"))


def lr_decay(steps: int = 300, warmup: int = 30, gamma: float = 0.1,
             step_frac: float = 0.3, **_) -> Verdict:
    curve = sch.lr_curve("step", steps, 0.1, warmup, gamma=gamma, step_fraction=step_frac)
    after = curve[warmup:]
    drops = int(np.sum(after[1:] < after[:-1] * (1 - 1e-9)))
    return Verdict(2 <= drops <= 3 and 0.1 <= gamma <= 0.5,
                   f"{drops} drops of ×{gamma:g}: η ends at {after[-1] / 0.1:.2g} η₀",
                   "The step schedule multiplies η by γ every step-size steps; the note's advice "
                   "(×0.1 or ×0.5, two or three times) is γ in [0.1, 0.5] with 2–3 drops.",
                   "阶梯式调度每隔固定步数把学习率乘以 γ；笔记的建议（乘 0.1 或 0.5，降 2–3 次）对应 "
                   "γ ∈ [0.1, 0.5]、下降 2–3 次。",
                   f"下降 {drops} 次，每次 ×{gamma:g}：最终 η = {after[-1] / 0.1:.2g} η₀")


def minibatch_estimate(b=(1, 20, 200), seed: int = 0, **_) -> Verdict:
    sizes = sorted({int(s) for s in ([b] if isinstance(b, (int, float)) else b)})
    if not sizes or not all(1 <= s <= 200 for s in sizes):
        return not_applicable("–", "Batch sizes must lie in [1, 200].",
                              "批大小必须在 [1, 200] 内。")
    x, y = op.regression_data(200, seed)
    wb = torch.tensor([-2.0, 2.0], dtype=torch.float64)   # regression_path's start

    def gradient(idx):
        w = wb.clone().requires_grad_()
        (g,) = torch.autograd.grad(torch.mean((w[0] * x[idx] + w[1] - y[idx]) ** 2), w)
        return g

    full = gradient(torch.arange(200))
    order = torch.randperm(200, generator=torch.Generator().manual_seed(seed))
    bias, noise = {}, {}
    for size in sizes:
        grads = torch.stack([gradient(order[i:i + size]) for i in range(0, 200, size)])
        bias[size] = (grads.mean(0) - full).norm().item() / full.norm().item()
        noise[size] = (grads - full).norm(dim=1).mean().item() / full.norm().item()
    return Verdict(max(bias.values()) < 1e-9,
                   "; ".join(f"B = {s}: mean off by {bias[s]:.1g}, one batch off by "
                             f"{noise[s]:.0%}" for s in sizes),
                   "Over one shuffled epoch the batch gradients average to the full gradient "
                   "exactly when the batch size divides the data; each single one is off by the "
                   "noise shown, smaller for larger batches.",
                   "批大小整除数据量时，一个打乱的 epoch 中各批梯度的平均恰好等于全量梯度；"
                   "单个批次的偏差如左，批越大越小。",
                   "；".join(f"B = {s}：平均偏差 {bias[s]:.1g}，单批偏差 {noise[s]:.0%}"
                            for s in sizes))


@lru_cache(maxsize=16)
def _final(surface: str, optimizer: str, start: tuple[float, float], lr: float, steps: int):
    return op.run(surface, optimizer, start, lr, steps).points[-1]


def weight_decay(surface: str = "Himmelblau", **_) -> Verdict:
    s = op.surface(surface)        # each optimizer from the surface's start at its default lr
    adam, adamw = (_final(surface, o, s.start, s.lr_adaptive, s.steps) for o in ("Adam", "AdamW"))
    a, w = float(np.linalg.norm(adam)), float(np.linalg.norm(adamw))
    return Verdict(w < a, f"|end|: Adam {a:.4f}, AdamW (decay 0.1) {w:.4f}",
                   "Weight decay pulls the parameters towards 0 at every step, so AdamW ends "
                   "nearer the origin than Adam: a regulariser built into the optimizer.",
                   "权重衰减每一步把参数拉向 0，所以 AdamW 的终点比 Adam 更靠近原点：这是优化器自带的正则化。",
                   f"终点到原点的距离：Adam {a:.4f}，AdamW（衰减 0.1）{w:.4f}")


def nchw(layout: str = "NCHW", **_) -> Verdict:
    splits = digits()
    torch.manual_seed(0)
    conv = nn.Conv2d(splits.input_shape[0], 6, 3)
    batch = splits.x_train[:4]
    x = batch if layout == "NCHW" else batch.permute(0, 2, 3, 1)
    try:
        out = conv(x)
    except RuntimeError:
        return Verdict(False, f"{tuple(x.shape)}: refused by Conv2d",
                       "nn.Conv2d reads dimension 1 as the channels: an N×H×W×C batch is "
                       "refused.", "nn.Conv2d 把第 1 维当作通道：N×H×W×C 的批次会被拒绝。",
                       f"{tuple(x.shape)}：被 Conv2d 拒绝")
    return Verdict(True, f"{tuple(x.shape)} → {tuple(out.shape)}",
                   "Batches are N×C×H×W (mini-batch × channels × height × width), the layout "
                   "nn.Conv2d expects.",
                   "批次的形状是 N×C×H×W（迷你批次 × 通道 × 高 × 宽），正是 nn.Conv2d 要求的排列。")


CLAIMS = (
    Claim("002.tanh_sigmoid", SEED, "Tanh=2×Sigmoid-1",
          "tanh equals 2·sigmoid − 1.", "tanh 等于 2·sigmoid − 1。",
          "app_pages/activations.py", tanh_identity),
    Claim("002.binary_ce", SEED, "二分类的交叉熵",
          "A binary classifier uses a sigmoid output with binary cross-entropy.",
          "二分类网络用 sigmoid 输出配二分类交叉熵。",
          "app_pages/losses.py", binary_cross_entropy, {"gamma": "0", "alpha": "-1"}),
    Claim("002.softmax_ce", SEED, "多分类交叉熵(Cross",
          "A multi-class classifier uses a softmax output with cross-entropy, −log of the true "
          "class's probability.",
          "多分类网络用 softmax 输出配交叉熵，即真实类别概率的 −log。",
          "app_pages/label_smoothing.py", softmax_cross_entropy),
    Claim("002.mse_gaussian", SEED, "L2模损失函数",
          "Least squares (MSE) is the maximum-likelihood loss when errors are Gaussian; "
          "Laplace errors give the L1 loss.",
          "误差服从高斯分布时，最大似然对应平方损失（MSE）；拉普拉斯分布对应 L1 损失。",
          "app_pages/losses.py", mse_gaussian),
    Claim("002.split_70_20_10", SEED, "70%(训练)、20%(验证)",
          "A small data set is split 70 % train, 20 % validation, 10 % test.",
          "小数据集按 70% 训练、20% 验证、10% 测试划分。",
          "app_pages/train.py", split_ratio),
    Claim("002.early_stopping", SEED, "提前停止(Early",
          "Stop training when the validation loss stops falling and starts to rise.",
          "当验证集损失不再下降并开始上升时停止训练。",
          "app_pages/regularization.py", early_stopping, {"tab": "early"}),
    Claim("002.lr_decay", SEED, "降低为初始的0.1倍or0.5倍",
          "When the loss plateaus, lower the learning rate to 0.1× or 0.5×, two or three "
          "times.",
          "损失停在平台时，把学习率降为原来的 0.1 或 0.5 倍，降 2–3 次。",
          "app_pages/schedules.py", lr_decay, {"s": "step"}),
    Claim("002.minibatch", SEED, "迷你批次(Mini-batch)",
          "A mini-batch gives an estimate of the full gradient.",
          "用迷你批次的数据估计完整的梯度。",
          "app_pages/optimizers.py", minibatch_estimate, {"tab": "batch"}),
    Claim("002.weight_decay", SEED, "权重衰减(Weight Decay)",
          "The optimizer can regularise by weight decay, shrinking the weights at each step.",
          "优化器可以通过权重衰减做正则化，每一步都收缩权重。",
          "app_pages/optimizers.py", weight_decay, {"surface": "Himmelblau"}),
    Claim("002.nchw", SEED, "NCHW",
          "Image batches enter the network as N×C×H×W: mini-batch × channels × height × "
          "width.",
          "图像批次以 N×C×H×W（迷你批次 × 通道 × 高 × 宽）输入网络。",
          "app_pages/feature_maps.py", nchw),
)
