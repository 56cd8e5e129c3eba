"""Note 4 · CNN basics and gradient descent: its claims, each checked with ``explorer``.

Settings names are the demonstrating page's URL keys; a check's own defaults are the settings
its ``link`` opens, so the Notes page shows the status there.
"""
from __future__ import annotations

import math
from functools import lru_cache

import numpy as np
import torch
from torch import nn

from explorer import conv_cost, optim_paths as op
from explorer.models import build_model
from explorer.notes import Claim, Verdict, digits, not_applicable, training_splits

SEED = "004"
NOTE_INCEPTION = dict(cin=192, hw=28, cout=32, sk=5, cmid=16)   # the note's example
NOTE_SUM = 12_433_648                                             # what the note prints
HIMMELBLAU_MAX = (-0.270845, -0.923039)                          # its one local maximum
KIND_ZH = {"local minimum": "局部极小值", "local maximum": "局部极大值", "saddle point": "鞍点"}


# --- Inception's 1×1 bottleneck and its 88 channels (Conv arithmetic) ---
def inception_sum(cin: int = 192, hw: int = 28, cout: int = 32, sk: int = 5, cmid: int = 16,
                  **_) -> Verdict:
    result = conv_cost.bottleneck(cin, hw, cout, sk, cmid)
    if dict(cin=cin, hw=hw, cout=cout, sk=sk, cmid=cmid) != NOTE_INCEPTION:
        return not_applicable(
            f"{result.cheap:,}", "The note's figure is for 192×28×28 → 32×28×28, 5×5, 16 "
            "channels in the middle; these sizes give the figure shown.",
            "笔记的数字对应 192×28×28 → 32×28×28、5×5、中间 16 个通道；当前尺寸的结果如左。")
    first, second = cin * cmid * hw * hw, sk * sk * cmid * cout * hw * hw
    return Verdict(result.cheap == NOTE_SUM, f"{first:,} + {second:,} = {result.cheap:,}",
                   f"The note's own terms add up to {result.cheap:,}, not {NOTE_SUM:,} "
                   "(a slip of 10,000); its 120,422,400 without the 1×1 is right.",
                   f"笔记自己的两项相加是 {result.cheap:,}，不是 {NOTE_SUM:,}（差了一万）；"
                   "不加 1×1 时的 120,422,400 是对的。")


def inception_tenth(cin: int = 192, hw: int = 28, cout: int = 32, sk: int = 5,
                    cmid: int = 16, **_) -> Verdict:
    result = conv_cost.bottleneck(cin, hw, cout, sk, cmid)
    fewer = 1 / result.ratio
    return Verdict(9 <= fewer <= 11, f"ratio {result.ratio:.3f} ({fewer:.1f}× fewer)",
                   f"The 1×1 conv leaves {result.ratio:.1%} of the multiplications: the cost "
                   "falls to about a tenth (not by a tenth) only while the middle is narrow "
                   "compared with the input.",
                   f"加 1×1 卷积后乘法只剩 {result.ratio:.1%}：运算量降到约十分之一（不是减少十分之一），"
                   "前提是中间通道比输入窄得多。",
                   f"比例 {result.ratio:.3f}(乘法少 {fewer:.1f} 倍)")


class Inception(nn.Module):
    """The note's Inception block: four branches concatenated along the channels."""

    def __init__(self, in_channels: int):
        super().__init__()
        self.pool = nn.Sequential(nn.AvgPool2d(3, stride=1, padding=1),
                                  nn.Conv2d(in_channels, 24, 1))
        self.one = nn.Conv2d(in_channels, 16, 1)
        self.five = nn.Sequential(nn.Conv2d(in_channels, 16, 1), nn.Conv2d(16, 24, 5, padding=2))
        self.three = nn.Sequential(nn.Conv2d(in_channels, 16, 1),
                                   nn.Conv2d(16, 24, 3, padding=1),
                                   nn.Conv2d(24, 24, 3, padding=1))

    def forward(self, x):
        return torch.cat([self.pool(x), self.one(x), self.five(x), self.three(x)], dim=1)


def inception_channels(cin: int = 192, hw: int = 28, **_) -> Verdict:
    if cin < 1 or hw < 1:
        return not_applicable("–", "Sizes must be at least 1.", "尺寸至少为 1。")
    with torch.device("meta"):
        out = Inception(cin)(torch.empty(1, cin, hw, hw))
    shape = tuple(out.shape[1:])
    return Verdict(shape == (88, hw, hw), "×".join(map(str, shape)),
                   "torch.cat of the four branches (24 + 16 + 24 + 24) gives 88 channels and "
                   "keeps the plane, whatever the input channels.",
                   "四条分支（24 + 16 + 24 + 24）沿通道拼接得到 88 个通道，平面尺寸不变，与输入通道数无关。")


# --- epochs, batches and iterations (Training lab) ---
def epoch_formula(batch: int = 32, data: str = "digits", **_) -> Verdict:
    splits = training_splits(data)
    if splits is None:
        return not_applicable("–", f"The data set {data!r} is not available here.",
                              f"数据集 {data!r} 在此不可用。")
    n = len(splits.x_train)
    if not 1 <= batch <= n:
        return not_applicable("–", f"The batch size must lie in [1, {n}].",
                              f"批大小必须在 [1, {n}] 内。")
    iterations = math.ceil(n / batch)   # explorer.train.fit's steps per epoch
    return Verdict(batch * iterations == n, f"{batch} × {iterations} = {batch * iterations:,} "
                   f"vs {n:,} samples",
                   "Read as 'samples per epoch = batch size × iterations' (an epoch is one pass, "
                   "not a product): exact only when the batch size divides the training set; "
                   "otherwise the last batch is smaller.",
                   "应读作“一个 epoch 的样本数 = 批大小 × 迭代次数”（epoch 是遍历次数，不是乘积）："
                   "只有批大小整除训练集时才精确，否则最后一批更小。",
                   f"{batch} × {iterations} = {batch * iterations:,}，样本数 {n:,}")


def mnist_sizes(data: str = "mnist", **_) -> Verdict:
    if data != "mnist":
        return not_applicable("–", "Shown with the MNIST data set.", "选择 MNIST 数据集时检查。")
    splits = training_splits(data)
    if splits is None:
        return not_applicable("–", "MNIST is not on this machine (the Training lab says how to "
                              "add it).", "本机没有 MNIST（训练实验室页面说明如何添加）。")
    train, test = len(splits.x_train) + len(splits.x_val), len(splits.x_test)
    return Verdict((train, test) == (60_000, 10_000), f"{train:,} + {test:,}",
                   "torchvision's MNIST files hold 60,000 training and 10,000 test images; the "
                   "Training lab splits the 60,000 into train and validation.",
                   "torchvision 的 MNIST 文件包含 60,000 张训练图像和 10,000 张测试图像；"
                   "训练实验室再把 60,000 张分成训练集和验证集。")


def template_zero_grad(zero_grad: bool = True, **_) -> Verdict:
    splits = digits()
    torch.manual_seed(0)
    model = build_model("mlp", splits.input_shape, splits.num_classes, depth=1, width=32)
    x, y = splits.x_train[:32], splits.y_train[:32]
    criterion = nn.CrossEntropyLoss()
    criterion(model(x), y).backward()
    fresh = [p.grad.clone() for p in model.parameters()]
    if zero_grad:
        model.zero_grad()
    criterion(model(x), y).backward()       # the template's next iteration, same batch
    ratio = max((p.grad.norm() / f.norm()).item() for p, f in zip(model.parameters(), fresh))
    return Verdict(abs(ratio - 1) < 1e-5, f"gradient ×{ratio:.3f} of one batch's",
                   "zero_grad() before backward() gives this batch's gradient; without it "
                   "backward() adds to the previous one (twice as large here).",
                   "backward() 之前调用 zero_grad() 得到的是本批的梯度；不清零时会累加到上一次的梯度上（这里变成两倍）。",
                   f"梯度为单批梯度的 ×{ratio:.3f}")


# --- ToTensor and Normalize (Predict) ---
def to_tensor(pixels: str = "uint8", **_) -> Verdict:
    from torchvision.transforms import functional as TF
    image = np.array([[0, 128, 255]], dtype=pixels)[..., None]     # H × W × C
    tensor = TF.to_tensor(image)
    mean, std = 0.5, 0.25
    normalised = TF.normalize(tensor, [mean], [std])
    formula = torch.allclose(normalised, (tensor - mean) / std)
    top = tensor.max().item()
    return Verdict(top == 1.0 and formula, f"255 → {top:g}",
                   "ToTensor divides by 255 only for 8-bit images (PIL or uint8 arrays); float "
                   "arrays keep their values. Normalize is (x − mean) / std.",
                   "ToTensor 只对 8 位图像（PIL 或 uint8 数组）除以 255；浮点数组保持原值。Normalize 就是 (x − mean) / std。")


# --- critical points and the Hessian (Optimizers) ---
def _curvature_signs(surface: str, point) -> tuple[op.PointAnalysis, list[int]]:
    """The analysis, and the sign of f's second difference along each eigenvector."""
    a = op.analyse(surface, point)
    f, h = op.surface(surface).f, 1e-3
    p = torch.tensor(point, dtype=torch.float64)
    signs = []
    for v in torch.tensor(a.eigenvectors).T:
        second = (f(*(p + h * v)) + f(*(p - h * v)) - 2 * f(*p)).item()
        signs.append(int(np.sign(second)))
    return a, signs


def hessian_rule(hs: str = "saddle", hx: float = 0.0, hy: float = 0.0, **_) -> Verdict:
    a, signs = _curvature_signs(hs, (hx, hy))
    values = ", ".join(f"{v:.4g}" for v in a.eigenvalues)
    if not a.critical:
        return not_applicable(f"|∇f| = {a.gradient_norm:.3g}",
                              "Not a critical point (∇f ≠ 0): the rule classifies only points "
                              "where the gradient vanishes.",
                              "这里梯度不为 0，不是临界点：该规则只判断梯度为 0 的点。")
    agree = signs == [int(np.sign(v)) for v in a.eigenvalues]
    return Verdict(agree, f"λ = {values}: {a.kind}",
                   "f curves up along each eigenvector with λ > 0 and down along each with "
                   "λ < 0 (second differences), so the signs of H's eigenvalues classify it.",
                   "沿 λ > 0 的特征向量 f 向上弯，沿 λ < 0 的向下弯（二阶差分验证），所以特征值的符号决定点的类型。",
                   f"λ = {values}：{KIND_ZH.get(a.kind, '退化(有零特征值)')}")


def max_minima(hs: str = "Himmelblau", hx: float = HIMMELBLAU_MAX[0],
               hy: float = HIMMELBLAU_MAX[1], **_) -> Verdict:
    a = op.analyse(hs, (hx, hy))
    if not (a.critical and np.all(a.eigenvalues < 0)):
        return not_applicable(f"λ = {', '.join(f'{v:.4g}' for v in a.eigenvalues)}",
                              "Only a critical point with all eigenvalues negative tests it "
                              "(Himmelblau at (−0.270845, −0.923039)).",
                              "只有梯度为 0 且特征值全为负的点才能检验（如 Himmelblau 的 (−0.270845, −0.923039)）。")
    f = op.surface(hs).f
    angles = torch.linspace(0, 2 * math.pi, 64, dtype=torch.float64)
    ring = f(hx + 0.01 * torch.cos(angles), hy + 0.01 * torch.sin(angles))
    highest = bool((ring < a.value).all())
    return Verdict(highest, f"f = {a.value:.4g}, neighbours ≤ {ring.max().item():.4g}",
                   "All eigenvalues negative: every neighbour lies lower, a local maximum (the "
                   "note writes 'max minima').",
                   "特征值全为负：周围的点都更低，是局部极大值（笔记写成了 max minima）。",
                   f"f = {a.value:.4g}，邻近点 ≤ {ring.max().item():.4g}")


@lru_cache(maxsize=64)
def _path(surface: str, optimizer: str, start: tuple[float, float], lr: float, steps: int):
    return op.run(surface, optimizer, start, lr, steps)


def saddle_escape(surface: str = "saddle", x0: float = -2.0, y0: float = 0.01,
                  lr: float = 0.05, steps: int = 150, **_) -> Verdict:
    if surface != "saddle":
        return not_applicable("–", "Shown on the saddle surface f = x² − y².",
                              "在鞍面 f = x² − y² 上演示。")
    path = _path(surface, "SGD", (float(x0), float(y0)), float(lr), int(steps))
    end = path.points[-1]
    escaped = bool(path.diverged or abs(end[1]) > max(1.0, 10 * abs(y0)))
    return Verdict(escaped, f"after {len(path.points) - 1} steps: ({end[0]:.3g}, {end[1]:.3g})",
                   "SGD leaves the saddle along −y² from any start off the line y = 0; started "
                   "exactly on it, it settles at (0, 0) and looks converged.",
                   "只要起点不在 y = 0 上，SGD 会沿 −y² 方向离开鞍点；正好从这条线出发则停在 (0, 0)，看起来像收敛了。",
                   f"{len(path.points) - 1} 步后：({end[0]:.3g}, {end[1]:.3g})")


@lru_cache(maxsize=32)
def _regression(batch: int, lr: float, epochs: int, seed: int):
    return op.regression_path(batch, lr, epochs, seed)


def sgd_slower(lr: float = 0.05, epochs: int = 5, seed: int = 0, **_) -> Verdict:
    sgd, full = _regression(1, lr, epochs, seed), _regression(200, lr, epochs, seed)
    slower = bool(sgd.losses[-1] > full.losses[-1])
    return Verdict(slower, f"MSE after {epochs} epochs: SGD {sgd.losses[-1]:.3g}, "
                   f"full batch {full.losses[-1]:.3g}",
                   "Per pass over the data SGD makes 200 updates to full batch's one, so it "
                   "gets there first at small rates; only at a large rate, after many epochs, "
                   "does its noise leave it above full batch.",
                   "每遍历一次数据，SGD 更新 200 次而全批量只更新 1 次，所以学习率小时 SGD 先到；"
                   "只有学习率大且训练多轮后，它的噪声才让它停在全批量之上。",
                   f"{epochs} 轮后的 MSE：SGD {sgd.losses[-1]:.3g}，全批量 {full.losses[-1]:.3g}")


# --- residual connections (Activations, through depth) ---
def _input_gradient(depth: int, residual: bool, width: int = 16, seed: int = 0) -> float:
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(1, width, generator=g, dtype=torch.float64, requires_grad=True)
    h = x
    for _ in range(depth):
        w = torch.randn(width, width, generator=g, dtype=torch.float64) / math.sqrt(width)
        f = torch.sigmoid(h @ w)
        h = h + f if residual else f
    (grad,) = torch.autograd.grad(h.sum(), x)
    return grad.norm().item()


def residual(depth: int = 30, **_) -> Verdict:
    if not 1 <= depth <= 300:
        return not_applicable("–", "Depth must lie in [1, 300].", "层数必须在 [1, 300] 内。")
    plain, skip = _input_gradient(depth, False), _input_gradient(depth, True)
    return Verdict(skip >= 1 and skip > plain, f"|∂/∂x|: plain {plain:.2g}, residual {skip:.2g}",
                   f"Through {depth} sigmoid layers the plain gradient shrinks by about 4 per "
                   "layer; with H = F(x) + x each layer passes at least the identity on.",
                   f"经过 {depth} 层 sigmoid，普通网络的梯度每层约缩小 4 倍；H = F(x) + x 让每层至少传回恒等的那一份。",
                   f"|∂/∂x|：普通 {plain:.2g}，残差 {skip:.2g}")


CLAIMS = (
    Claim("004.inception_sum", SEED, "12_433_648",
          "The 1×1 bottleneck (192→16→32 channels, 28×28, 5×5) costs 12,433,648 "
          "multiplications, as the note prints.",
          "1×1 瓶颈（192→16→32 通道，28×28，5×5）的乘法次数是笔记印的 12,433,648。",
          "app_pages/conv_arithmetic.py", inception_sum, {"tab": "saving"}),
    Claim("004.inception_tenth", SEED, "降低了1/10的运算量",
          "A 1×1 conv to 16 channels first cuts the 5×5 conv's multiplications to about a "
          "tenth.",
          "先用 1×1 卷积降到 16 个通道，5×5 卷积的乘法次数降到约十分之一。",
          "app_pages/conv_arithmetic.py", inception_tenth, {"tab": "saving"}),
    Claim("004.inception_88", SEED, "24*3 + 16 = 88",
          "Concatenating the four Inception branches gives 24·3 + 16 = 88 output channels.",
          "Inception 四条分支拼接后输出 24·3 + 16 = 88 个通道。",
          "app_pages/conv_arithmetic.py", inception_channels, {"tab": "saving"}),
    Claim("004.epoch_formula", SEED, "Epoch = Batch-size",
          "One epoch equals the batch size times the number of iterations.",
          "一个 epoch 等于批大小乘以迭代次数。",
          "app_pages/train.py", epoch_formula),
    Claim("004.mnist", SEED, "6w张训练集图片+1w张测试集图片",
          "MNIST holds 60,000 training and 10,000 test images of handwritten digits.",
          "MNIST 包含 60,000 张训练图片和 10,000 张测试图片，内容是手写数字。",
          "app_pages/train.py", mnist_sizes, {"data": "mnist"}),
    Claim("004.zero_grad", SEED, "记得优化器清零zero_grad()",
          "The training step is forward, loss, zero_grad(), backward(), step(); the gradients "
          "must be zeroed before each backward pass.",
          "训练一步是：前向、算损失、zero_grad()、backward()、step()；每次反向传播前必须清零梯度。",
          "app_pages/train.py", template_zero_grad),
    Claim("004.to_tensor", SEED, "即将0-255转为0-1",
          "ToTensor maps pixel values 0–255 to 0–1; Normalize then computes (x − mean) / std.",
          "ToTensor 把像素值 0–255 变为 0–1；Normalize 再计算 (x − mean) / std。",
          "app_pages/predict.py", to_tensor),
    Claim("004.hessian_rule", SEED, "根据hessian判断",
          "At a critical point the signs of the Hessian's eigenvalues tell a local minimum "
          "(all > 0), a maximum (all < 0) and a saddle (mixed).",
          "在临界点，Hessian 特征值的符号可判断：全正为局部极小，全负为极大，有正有负为鞍点。",
          "app_pages/optimizers.py", hessian_rule, {"tab": "hessian", "hs": "saddle"}),
    Claim("004.max_minima", SEED, "max minima",
          "A critical point whose Hessian eigenvalues are all negative is a local maximum.",
          "Hessian 特征值全为负的临界点是局部极大值。",
          "app_pages/optimizers.py", max_minima,
          {"tab": "hessian", "hs": "Himmelblau", "hx": str(HIMMELBLAU_MAX[0]),
           "hy": str(HIMMELBLAU_MAX[1])}),
    Claim("004.saddle_escape", SEED, "可以逃离的是鞍点",
          "Gradient descent can escape a saddle point (unlike a local minimum), though near one "
          "it can look converged.",
          "梯度下降可以逃离鞍点（局部极小则逃不掉），但在鞍点附近可能看起来已经收敛。",
          "app_pages/optimizers.py", saddle_escape, {"surface": "saddle"}),
    Claim("004.sgd_slower", SEED, "收敛速度比batch还要慢",
          "Stochastic gradient descent (one sample per update) converges more slowly than "
          "full-batch gradient descent.",
          "随机梯度下降（每次一个样本）比全批量梯度下降收敛得更慢。",
          "app_pages/optimizers.py", sgd_slower, {"tab": "batch"}),
    Claim("004.residual", SEED, "H'(x) = F'(x) + 1",
          "A skip connection H(x) = F(x) + x keeps the gradient from vanishing even when "
          "F'(x) is tiny.",
          "跳连接 H(x) = F(x) + x 让梯度即使在 F'(x) 极小时也不会消失。",
          "app_pages/activations.py", residual, {"tab": "depth", "depth": "30"}),
)
