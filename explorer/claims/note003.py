"""Note 003 (deep-learning algorithms: detection and vision tasks): its claims, checked live.

Every ``check`` takes its page's settings under the page's URL names and ignores the others.
"""
from __future__ import annotations

from functools import cache

import torch
from torch import nn

from explorer import activations as act
from explorer import conv_arithmetic as ca
from explorer import conv_cost, normalization, regularization
from explorer.claims.note001 import one_thread
from explorer.notes import Claim, Verdict

SEED = "003"
_P = "app_pages/"


def _keep_naming(p=0.5, **_) -> Verdict:
    modes = normalization.dropout_modes(float(p), n=100_000)
    kept = modes.kept_fraction
    holds = abs(kept - float(p)) < 0.02
    return Verdict(holds, f"nn.Dropout(p = {float(p):g}): P(keep) = {kept:.3f}",
                   "The note calls p the keep probability; PyTorch's p is the drop "
                   "probability, so the two readings agree only at p = 0.5.",
                   "笔记把 p 称为保留概率；PyTorch 的 p 是丢弃概率，两种读法只在 p = 0.5 时一致。")


def _no_backprop(p=0.5, dseed=0, **_) -> Verdict:
    p = float(p)
    x = torch.ones(10_000, dtype=torch.float64, requires_grad=True)
    drop = nn.Dropout(p)
    with torch.random.fork_rng():
        torch.manual_seed(int(dseed))
        out = drop.train()(x)
    (grad,) = torch.autograd.grad(out.sum(), x)
    dropped = out == 0
    holds = bool((grad[dropped] == 0).all()) and bool((grad[~dropped] > 0).all())
    return Verdict(holds, f"max |∂y/∂x| over {int(dropped.sum())} dropped units = "
                          f"{float(grad[dropped].abs().max()) if dropped.any() else 0:g}",
                   "A dropped unit's output is multiplied by 0, so the chain rule gives its "
                   "input a zero gradient on that step.",
                   "被丢弃单元的输出乘以 0，链式法则给它的输入零梯度（这一步不参与反向传播）。",
                   figure_zh=f"{int(dropped.sum())} 个被丢弃单元的 max |∂y/∂x| = "
                             f"{float(grad[dropped].abs().max()) if dropped.any() else 0:g}")


def _test_off(p=0.5, **_) -> Verdict:
    modes = normalization.dropout_modes(float(p))
    identity = bool((modes.eval_out == modes.x).all())
    noisy = bool((modes.train_out != modes.x).any())
    holds = identity and (noisy or float(p) == 0)
    return Verdict(holds, f"eval(): y = x ({len(modes.x)}/{len(modes.x)}); train(): "
                          f"{100 * (1 - modes.kept_fraction):.1f} % y = 0",
                   "model.eval() switches nn.Dropout off (identity); in train() it drops "
                   "and rescales by 1/(1 − p).",
                   "model.eval() 关闭 nn.Dropout（恒等映射）；train() 时随机丢弃并乘以 1/(1 − p)。")


@cache
def _penalised(strength: float, seed: int):
    from explorer.notes import digits
    return {kind: regularization.train_penalised(kind, 0.0 if kind == "none" else strength,
                                                 seed=seed, splits=digits())
            for kind in regularization.PENALTIES}


def _l1_sparse(lam=1e-3, seed=0, **_) -> Verdict:
    runs = _penalised(float(lam), int(seed))
    l1, l2 = runs["L1"].near_zero, runs["L2"].near_zero
    holds = l1 > 2 * l2 and l1 > 0.1
    return Verdict(holds, f"|w| < {regularization.NEAR_ZERO:g}: L1 {100 * l1:.1f} %, "
                          f"L2 {100 * l2:.1f} %, λ = 0 {100 * runs['none'].near_zero:.1f} %",
                   "L1's constant pull λ·sign(w) drives many weights to (nearly) 0; at a weak "
                   "λ too few reach it to call the network sparse.",
                   "L1 的恒定拉力 λ·sign(w) 把许多权重推到（接近）0；λ 太弱时到达 0 的太少，"
                   "谈不上稀疏。")


def _l2_small(lam=1e-3, seed=0, **_) -> Verdict:
    runs = _penalised(float(lam), int(seed))
    l2, none = runs["L2"].mean_abs, runs["none"].mean_abs
    holds = l2 < none
    return Verdict(holds, f"mean |w|: L2 {l2:.4f}, λ = 0 {none:.4f}",
                   "L2's gradient 2λw shrinks every weight in proportion to its size: smaller "
                   "weights, few exact zeros.",
                   "L2 的梯度 2λw 按比例缩小每个权重：权重变小，但很少恰好为 0。")


def _input_shape(name: str) -> tuple[int, ...]:
    """The page's input id ("digits", "mnist", …: the first word of the name) or full name."""
    for full, shape in conv_cost.INPUT_SHAPES.items():
        if name in (full, full.split()[0].lower()):
            return shape
    raise KeyError(f"no input named {name!r}; one of {', '.join(conv_cost.INPUT_SHAPES)}")


def _fc_share(model="lenet", input="digits", **_) -> Verdict:   # noqa: A002 - the URL name
    model_name = str(model)
    net = conv_cost.build_for_counting(model_name, _input_shape(str(input)))
    total = sum(p.numel() for p in net.parameters())
    fc = sum(p.numel() for m in net.modules() if isinstance(m, nn.Linear)
             for p in m.parameters(recurse=False))
    share = fc / total
    holds = share >= 0.5
    return Verdict(holds, f"{model_name}: FC {fc:,} / {total:,} params = {100 * share:.1f} %",
                   "True for nets that flatten a feature map into big dense layers (LeNet, "
                   "VGG, AlexNet); global average pooling (ResNet) leaves the FC layer a few %.",
                   "对把特征图展平接大全连接层的网络(LeNet、VGG、AlexNet)成立；用全局平均池化的网络"
                   "(ResNet)全连接层只占几个百分点。",
                   figure_zh=f"{model_name}：全连接 {fc:,} / {total:,} 个参数 = {100 * share:.1f} %")


def _gap(**_) -> Verdict:
    channels, side, classes = 512, 7, 1000
    flat = nn.Linear(channels * side * side, classes, device="meta")
    pooled = nn.Linear(channels, classes, device="meta")
    n_flat = sum(p.numel() for p in flat.parameters())
    n_gap = sum(p.numel() for p in pooled.parameters())
    holds = n_gap < n_flat
    return Verdict(holds, f"512×7×7 → 1000: flatten + FC {n_flat:,}, GAP + FC {n_gap:,} "
                          f"(÷{n_flat / n_gap:.0f})",
                   "Averaging each channel to one number before the classifier divides its "
                   "weights by H·W.",
                   "分类器之前把每个通道平均成一个数，权重数除以 H·W。")


def _small_kernels(**_) -> Verdict:
    _, two, _ = ca.empirical_receptive_field(21, [ca.Layer("conv", 3)] * 2)
    _, one, _ = ca.empirical_receptive_field(21, [ca.Layer("conv", 5)])
    c = 64
    p_two = 2 * nn.Conv2d(c, c, 3, bias=False, device="meta").weight.numel()
    p_one = nn.Conv2d(c, c, 5, bias=False, device="meta").weight.numel()
    holds = two == one and p_two < p_one
    return Verdict(holds, f"RF {two} = {one}; 2·3²C² = {p_two:,} < 5²C² = {p_one:,} (C = {c})",
                   "Two 3×3 layers see 5×5 like one 5×5, with 18C² instead of 25C² weights and "
                   "one more non-linearity.",
                   "两层 3×3 与一层 5×5 感受野相同(5×5)，权重 18C² 而非 25C²，还多一次非线性。")


LENET_LAYERS = [ca.Layer("conv", 5, 1, 2), ca.Layer("maxpool", 2, 2),
                ca.Layer("conv", 5, 1, 2), ca.Layer("maxpool", 2, 2)]


def _shallow_field(**_) -> Verdict:
    steps = ca.trace(28, LENET_LAYERS)
    fields = [s.receptive for s in steps]
    holds = all(a < b for a, b in zip(fields, fields[1:])) and fields[0] < fields[-1]
    return Verdict(holds, "LeNet-5, 28×28, RF: " +
                   " → ".join(str(f) for f in fields),
                   "Each convolution adds (k − 1)·jump pixels and each pooling doubles the "
                   "jump: shallow maps see small patches (detail), deep ones large regions.",
                   "每层卷积增加 (k − 1)·jump 个像素，每次池化使 jump 加倍：浅层特征图看小块（细节），"
                   "深层看大区域。")


def _relu_vs_sigmoid(depth=30, depth_mu=0.0, depth_sigma=1.0, **_) -> Verdict:
    depth = int(depth)
    sigmoid = act.gradient_through_depth("Sigmoid", depth, float(depth_mu), float(depth_sigma))
    relu = act.gradient_through_depth("ReLU", depth, float(depth_mu), float(depth_sigma))
    s, r, dead = float(sigmoid.typical[-1]), float(relu.typical[-1]), float(relu.dead[-1])
    alive = r == r    # NaN when every sampled ReLU path met a zero derivative
    holds = alive and s < r
    relu_text = (f"ReLU ×{r:.3g} ({100 * (1 - dead):.1f} % paths ≠ 0)" if alive
                 else "ReLU: 0 % paths ≠ 0")
    return Verdict(holds, f"L = {depth}: sigmoid ×{s:.2e}; {relu_text}",
                   "ReLU passes 1 where it is active, so a surviving path keeps its gradient; "
                   "but each layer closes about half the paths (at μ = 0), so deep enough none is "
                   "left.",
                   "ReLU 激活时导数为 1，存活路径的梯度不缩小；但每层约关闭一半路径（μ = 0 时），"
                   "层数够多就一条不剩。",
                   figure_zh=f"L = {depth}：sigmoid ×{s:.2e}；" + (
                       f"ReLU ×{r:.3g}（{100 * (1 - dead):.1f} % 的路径 ≠ 0）" if alive
                       else "ReLU：0 % 的路径 ≠ 0"))


CLAIMS: tuple[Claim, ...] = (
    Claim("n3.keep_naming", SEED, "保留概率为p",
          "Dropout keeps each unit with probability p.",
          "Dropout 以概率 p 保留每个神经元。",
          _P + "normalization.py", one_thread(_keep_naming), {"tab": "dropout", "p": "0.2"}),
    Claim("n3.no_backprop", SEED, "不参与误差反向传播",
          "Dropped units take no part in backpropagation.",
          "被丢弃的神经元不参与误差反向传播。",
          _P + "normalization.py", one_thread(_no_backprop), {"tab": "dropout"}),
    Claim("n3.test_off", SEED, "在测试过程中应该关闭Dropout",
          "Dropout is used only in training and switched off at test time.",
          "Dropout 只在训练时使用，测试时应关闭。",
          _P + "normalization.py", one_thread(_test_off), {"tab": "dropout"}),
    Claim("n3.l1_sparse", SEED, "L1正则化的效果",
          "L1 regularisation makes the weights sparse (many become 0).",
          "L1 正则化使权重稀疏（许多变为 0）。",
          _P + "regularization.py", _l1_sparse, {"lam": "0.01"}),
    Claim("n3.l2_small", SEED, "L2正则化的效果",
          "L2 regularisation makes all the weights small.",
          "L2 正则化使所有权重都尽可能小。",
          _P + "regularization.py", _l2_small),
    Claim("n3.fc_share", SEED, "全连接层参数冗余",
          "The fully connected layers hold most of a CNN's parameters (about 80 %).",
          "全连接层参数冗余，约占整个网络参数的 80%。",
          _P + "conv_arithmetic.py", one_thread(_fc_share),
          {"tab": "cost", "model": "resnet18", "input": "cifar-10"}),
    Claim("n3.gap", SEED, "GAP(全局平均池化)",
          "Global average pooling in place of the flattening FC layer saves parameters.",
          "用 GAP（全局平均池化）代替全连接层可以减少参数。",
          _P + "conv_arithmetic.py", one_thread(_gap), {"tab": "cost"}),
    Claim("n3.small_kernels", SEED, "优先使用多层小卷积核",
          "Prefer several small kernels to one large one: same view, fewer parameters.",
          "优先使用多层小卷积核：感受野相同，参数更少。",
          _P + "conv_arithmetic.py", one_thread(_small_kernels), {"tab": "field"}),
    Claim("n3.shallow_field", SEED, "浅层网络感受野较小",
          "Shallow layers have small receptive fields; deeper ones see larger regions.",
          "浅层网络感受野较小，深层网络感受野更大。",
          _P + "feature_maps.py", one_thread(_shallow_field)),
    Claim("n3.relu_vs_sigmoid", SEED, "减少梯度消失现象",
          "Replacing sigmoid with ReLU reduces vanishing gradients.",
          "用 ReLU 代替 sigmoid 减少梯度消失现象。",
          _P + "activations.py", one_thread(_relu_vs_sigmoid), {"tab": "depth", "depth": "5"}),
)
