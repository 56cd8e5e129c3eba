"""Note 001 (deep-learning basics and interview questions): its claims, each checked live.

Every ``check`` takes the settings of its page under the page's URL names, ignores any other
name, and computes the verdict with ``explorer``. A check that trains does so once per process
and settings (``functools.cache``; the panel's ``st.cache_data`` on top), never per call; the
label-smoothing calibration and early-stopping checks only ever use the page's default run.
"""
from __future__ import annotations

from functools import cache, wraps

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from explorer import activations as act
from explorer import conv_arithmetic as ca
from explorer import conv_cost, detection, losses, metrics, normalization, optim_paths
from explorer import regularization, schedules, weight_init as wi
from explorer.notes import Claim, Verdict
from explorer.train import single_cpu_thread

SEED = "001"
_P = "app_pages/"


def one_thread(check):
    """``check`` on one torch thread: tiny tensors gain nothing from intra-op threads and on a
    busy machine their hand-offs cost 10-40x (measured: the training-loop check 4.3 s with the
    default threads, 0.38 s with one). Not for checks that train through ``fit`` (it takes the
    same non-reentrant lock itself)."""
    @wraps(check)
    def run(**settings):
        with single_cpu_thread():
            return check(**settings)
    return run


def _pct(x: float) -> str:
    return f"{100 * x:.1f} %"


# ----------------------------------------------------------------------------- activations
VANISHED = 1e-3   # a gradient scaled below this has lost three orders of magnitude


def _sigmoid_vanishes(depth=30, depth_mu=0.0, depth_sigma=1.0, **_) -> Verdict:
    factor = float(act.gradient_through_depth("Sigmoid", int(depth), float(depth_mu),
                                              float(depth_sigma)).typical[-1])
    holds = factor < VANISHED
    return Verdict(holds, f"L = {int(depth)}: ∏σ′ ≈ ×{factor:.2e}",
                   "Sigmoid's derivative is at most 1/4, so the product shrinks with depth; "
                   f"it counts as vanished below ×{VANISHED:g}" +
                   ("." if holds else ": not yet at this depth, add layers."),
                   f"Sigmoid 的导数至多 1/4，连乘随深度缩小；低于 ×{VANISHED:g} 算作梯度消失" +
                   ("。" if holds else "：这个深度还没有，加深网络。"))


def _tanh_zero_centred(mu=0.0, sigma=1.0, **_) -> Verdict:
    tanh = act.distribution_stats("Tanh", float(mu), float(sigma)).mean
    sigmoid = act.distribution_stats("Sigmoid", float(mu), float(sigma)).mean
    holds = abs(tanh) < 0.1 and abs(sigmoid - 0.5) < 0.1 and abs(sigmoid) > 0.3
    return Verdict(holds, f"E[tanh z] = {tanh:+.3f}, E[σ(z)] = {sigmoid:.3f}",
                   "Zero-centred only while the inputs are: tanh is odd, so its mean follows "
                   "the input mean μ; sigmoid's sits near 0.5 at μ = 0.",
                   "只有输入以 0 为中心时才成立：tanh 是奇函数，输出均值随输入均值 μ 变化；"
                   "μ = 0 时 sigmoid 的均值约为 0.5。")


def _relu_sparse(mu=0.0, sigma=1.0, **_) -> Verdict:
    zero = act.distribution_stats("ReLU", float(mu), float(sigma)).zero_fraction
    holds = zero >= 0.25
    return Verdict(holds, f"P(ReLU(z) = 0) = {_pct(zero)}",
                   "ReLU zeroes every negative input: Φ(−μ/σ) of the outputs, half at μ = 0, "
                   "almost none when the inputs are mostly positive.",
                   "ReLU 把所有负输入置 0：比例为 Φ(−μ/σ)，μ = 0 时为一半，输入多为正时几乎没有。")


SANE_LR = 0.05


@cache
def _dead_counts(lr: float, seed: int):
    from explorer import dead_units
    layers, accuracy = dead_units.train_and_count(lr, seed)
    return sum(layer.dead for layer in layers), sum(layer.units for layer in layers), accuracy


def _relu_dies(high_lr=1.0, train_seed=0, **_) -> Verdict:
    sane, units, _acc = _dead_counts(SANE_LR, int(train_seed))
    high, _, _acc = _dead_counts(float(high_lr), int(train_seed))
    holds = high > sane
    return Verdict(holds, f"ReLU ≡ 0: {sane}/{units} (lr {SANE_LR}) → {high}/{units} "
                          f"(lr {float(high_lr):g})",
                   "Trained on digits (64-64 ReLU MLP, SGD, 5 epochs): a dead unit outputs 0 "
                   "for every training image." + ("" if holds else
                                                  " No more died at this rate and seed."),
                   "在 digits 上训练（64-64 ReLU MLP，SGD，5 轮）：死亡单元对每张训练图都输出 0。"
                   + ("" if holds else "这个学习率和随机种子下没有更多单元死亡。"))


SOFTMAX_LARGE = [1000.0, 999.0, 990.0, 10.0]


def _softmax_overflow(**_) -> Verdict:
    z = np.array(SOFTMAX_LARGE)
    naive, stable = act.softmax_naive(z), act.softmax_stable(z)
    holds = bool(np.isnan(naive).any()) and bool(np.isfinite(stable).all())
    return Verdict(holds, f"softmax(z)₁ = {naive[0]}; softmax(z − max z)₁ = {stable[0]:.4f}",
                   "exp(1000) overflows to inf and inf/inf is NaN; subtracting the largest "
                   "logit first keeps every exponent ≤ 0.",
                   "exp(1000) 溢出为 inf，inf/inf 得 NaN；先减去最大的 logit，所有指数都 ≤ 0。")


# ----------------------------------------------------------------------------- weight init
@cache
def _symmetry(scheme: str, seed: int) -> wi.Symmetry:
    return wi.first_layer_gradient(scheme, seed=seed)


def _zero_symmetry(seed=0, **_) -> Verdict:
    zero, xavier = _symmetry("zeros", int(seed)), _symmetry("Xavier normal", int(seed))
    holds = zero.distinct_rows <= 1 and xavier.distinct_rows > 1
    return Verdict(holds, f"rank ∂L/∂W₁ (16 units): zeros {zero.rank}, Xavier {xavier.rank}",
                   "With all-zero weights every hidden unit gets the same gradient, so no "
                   "update can make them differ.",
                   "权重全为 0 时每个隐藏单元得到相同的梯度，任何更新都无法让它们变得不同。",
                   figure_zh=f"rank ∂L/∂W₁（16 个单元）：全零 {zero.rank}，Xavier {xavier.rank}")


def _std_ratio(init: str, activation: str, depth: int, width: int) -> float:
    """Std of z at the last layer over the first, by the page's mean-field recursion."""
    forward, _ = wi.mean_field(wi.Setup(depth=depth, width=width, activation=activation,
                                        init=init))
    return float(forward[-1] / forward[0])


def _xavier_relu(depth=50, width=256, **_) -> Verdict:
    depth, width = int(depth), int(width)
    xavier = _std_ratio("Xavier normal", "relu", depth, width)
    he = _std_ratio("Kaiming normal", "relu", depth, width)
    holds = xavier < 0.5 <= he <= 2
    return Verdict(holds, f"ReLU, σ(z_L)/σ(z_1): Xavier {xavier:.2e}, He {he:.2f}",
                   "ReLU halves the variance at each layer; Xavier does not make up for it, "
                   "He's factor 2 does. The loss shows only with depth.",
                   "ReLU 每层把方差减半；Xavier 不补偿，He 的系数 2 正好补偿。层数足够多才看得出来。")


def _small_normal(depth=50, width=256, act="tanh", **_) -> Verdict:
    ratio = _std_ratio("N(0, 0.01)", str(act), int(depth), int(width))
    holds = ratio < VANISHED
    return Verdict(holds, f"σ(z_L)/σ(z_1) = {ratio:.2e}",
                   f"Each layer multiplies the signal by about 0.01·√width; below "
                   f"×{VANISHED:g} the deep layers see almost nothing.",
                   f"每层把信号乘以约 0.01·√宽度；低于 ×{VANISHED:g} 时深层几乎收不到信号。")


def _last_layer_zero(seed=0, **_) -> Verdict:
    from explorer.notes import digits
    x, y = digits().x_train[:256].flatten(1), digits().y_train[:256]
    torch.manual_seed(int(seed))
    net = nn.Sequential(nn.Linear(64, 32), nn.Tanh(), nn.Linear(32, 10))
    nn.init.zeros_(net[2].weight)
    opt = torch.optim.SGD(net.parameters(), lr=0.5)
    ranks = []
    for _step in range(2):
        opt.zero_grad()
        F.cross_entropy(net(x), y).backward()
        ranks.append(int(torch.linalg.matrix_rank(net[0].weight.grad)))
        opt.step()
    rank_out = int(torch.linalg.matrix_rank(net[2].weight))
    holds = rank_out > 1 and ranks[1] > 1
    return Verdict(holds, f"rank W_out(t = 1) = {rank_out}; rank ∂L/∂W₁: {ranks[0]} (t = 1), "
                          f"{ranks[1]} (t = 2)",
                   "The output layer's inputs differ per unit, so its zero weights get "
                   "different gradients; one step later the hidden layer learns too.",
                   "最后一层的输入各不相同，全 0 的权重得到不同的梯度；一步之后隐藏层也开始学习。")


# ----------------------------------------------------------------------------- normalisation
NOISY = 0.25   # a fixed sample's BN output moving by a quarter of a std between batches


def _bn_small_batch(batch=16, **_) -> Verdict:
    spread = float(normalization.batch_noise([int(batch)]).output_spread[0])
    holds = spread > NOISY
    return Verdict(holds, f"B = {int(batch)}: σ[BN(x₀)] over batches = {spread:.3f}",
                   f"Batch mean and variance are estimates from B samples; above {NOISY} the "
                   "same input comes out noticeably different from batch to batch.",
                   f"批均值和方差是 B 个样本的估计；超过 {NOISY} 时同一输入在不同批次中的输出明显不同。",
                   figure_zh=f"B = {int(batch)}：σ[BN(x₀)]（跨批次）= {spread:.3f}")


BN_DATA_MEAN, BN_DATA_STD = 3.0, 2.0   # the page's warm-up batches: N(3, 2²)


def _bn_running(batch=16, warm=50, seed=0, **_) -> Verdict:
    batch, warm, seed = int(batch), int(warm), int(seed)
    modes = normalization.batchnorm_modes(batch, warm, BN_DATA_MEAN, BN_DATA_STD, seed=seed)
    # the same draws, in the same order, as batchnorm_modes's warm-up batches
    g = torch.Generator().manual_seed(seed)
    means = [float((BN_DATA_MEAN + BN_DATA_STD * torch.randn(batch, 1, generator=g,
                                                            dtype=torch.float64)).mean())
             for _ in range(warm)]
    if not means:
        return Verdict(None, "no warm-up batch", "With no training batch there is nothing to "
                       "average.", "没有训练批次，就没有可平均的均值。",
                   figure_zh="没有预热批次")
    plain = float(np.mean(means))
    holds = abs(modes.running_mean - plain) < 0.1 * abs(plain)
    return Verdict(holds, f"running_mean = {modes.running_mean:.3f}; (1/n)Σμ_B = {plain:.3f} "
                          f"(n = {warm})",
                   "PyTorch keeps an exponential moving average (momentum 0.1, starting at 0), "
                   "not the plain mean of all batch means: within 10 % only after many "
                   "batches (1 − 0.9ⁿ), and even then it follows the latest ones.",
                   "PyTorch 用指数移动平均（momentum 0.1，从 0 开始），不是所有批均值的平均；"
                   "批次足够多(1 − 0.9ⁿ)后才相差 10% 以内，且更偏向最近的批次。")


def _drop_ratio(p=0.5, **_) -> Verdict:
    rules = normalization.dropout_rules([float(p)])
    ratio = float(rules.note_over_train[0])
    holds = abs(ratio - 1) < 0.05
    return Verdict(holds, f"p/(1 − p) = {ratio:.3g}",
                   "The keep ratio 1 − p matches training's mean activation; the drop ratio p "
                   "equals it only at p = 0.5.",
                   "应乘保留比例 1 − p 才与训练时的均值一致；乘失活比例 p 只在 p = 0.5 时正确。")


# ----------------------------------------------------------------------------- regularisation
@cache
def _overfit_records(n_train: int, epochs: int, seed: int):
    return tuple(r["val_loss"] for r in regularization.overfit_run(n_train, epochs, seed))


def _early_stop(patience=5, **_) -> Verdict:
    val = np.array(_overfit_records(50, 60, 0))
    best, stop = regularization.early_stopping_epoch(val, int(patience))
    holds = stop is not None and val[best - 1] < val[-1]
    return Verdict(holds, f"val_loss {val[best - 1]:.3f} @ {best}, {val[-1]:.3f} @ {len(val)}; "
                          f"stop @ {stop or '–'} (P = {int(patience)})",
                   "50 training digits, 60 epochs (the page's default run): validation loss "
                   "turns up while training continues; stopping keeps the best epoch.",
                   "50 张训练图、60 轮（本页默认的训练）：验证损失在继续训练时回升；"
                   "早停保留最好的一轮。",
                   figure_zh=f"val_loss 第 {best} 轮 {val[best - 1]:.3f}，第 {len(val)} 轮 "
                             f"{val[-1]:.3f}；第 {stop or '–'} 轮早停（P = {int(patience)}）")


# ----------------------------------------------------------------------------- optimizers
def _batch_direction(b=(1, 20, 200), seed=0, **_) -> Verdict:
    """Cosine between mini-batch gradients and the full-data gradient of the page's regression
    at its start (w, b) = (−2, 2), averaged over 200 random batches per size."""
    sizes = sorted({int(size) for size in b})
    if len(sizes) < 2:
        return Verdict(None, f"batch sizes {sizes}", "Pick at least two batch sizes.",
                       "至少选两个批大小。",
                   figure_zh=f"批大小 {sizes}")
    x, y = optim_paths.regression_data(seed=int(seed))
    residual = -2.0 * x + 2.0 - y
    per_sample = torch.stack([2 * residual * x, 2 * residual], 1)        # [n, 2]
    full = per_sample.mean(0)
    g = torch.Generator().manual_seed(int(seed))
    cosines = {}
    for b in sizes:
        picks = torch.stack([torch.randperm(len(x), generator=g)[:b] for _ in range(200)])
        batch = per_sample[picks].mean(1)                                  # [200, 2]
        cosines[b] = float(F.cosine_similarity(batch, full[None], dim=1).mean())
    values = [cosines[b] for b in sizes]
    holds = all(a < b for a, b in zip(values, values[1:])) or values[0] > 0.9999
    return Verdict(holds, "cos(g_B, g): " +
                   ", ".join(f"B={b}: {v:.4f}" for b, v in cosines.items()),
                   "A larger batch averages more per-sample gradients, so its direction lies "
                   "closer to the full-data one: less zig-zag in training.",
                   "批越大，平均的样本梯度越多，方向越接近全数据梯度，训练震荡越小。")


def _sgd_optimum(lr=0.05, epochs=5, seed=0, **_) -> Verdict:
    best = optim_paths.least_squares(int(seed))
    sgd = optim_paths.regression_path(1, float(lr), min(int(epochs), 2), int(seed))
    tail = sgd.points[-100:]
    distance = float(np.linalg.norm(tail - best, axis=1).mean())
    holds = distance < 1e-3
    return Verdict(holds, f"B = 1, lr {float(lr):g}: ‖(w, b) − (w*, b*)‖ = {distance:.2e}",
                   "With a constant learning rate SGD keeps jumping around the optimum by an "
                   "amount that grows with the rate; only a decaying rate (or full batches) "
                   "settles on it.",
                   "学习率不变时 SGD 一直在最优点附近跳动，幅度随学习率增大；只有衰减学习率"
                   "（或全批量）才会停在最优点。")


# ----------------------------------------------------------------------------- losses
def _focal_gamma(gamma=2.0, **_) -> Verdict:
    gamma = float(gamma)
    p_t = np.array([0.9])
    focal, _ = losses.focal_curves(p_t, gamma, -1)
    ce, _ = losses.focal_curves(p_t, 0.0, -1)
    ratio = float(focal[0] / ce[0])
    holds = abs(ratio - 0.1 ** gamma) < 1e-6 * max(1, ratio)
    return Verdict(holds, f"p_t = 0.9: FL/CE = {ratio:.3g} = 0.1^γ",
                   "The modulating factor (1 − p_t)^γ scales each example's CE; γ = 0 gives "
                   "CE itself.",
                   "调制因子 (1 − p_t)^γ 缩放每个样本的交叉熵；γ = 0 时就是交叉熵本身。")


def _bce_logits(**_) -> Verdict:
    z = torch.tensor([2.0, 50.0])
    target = torch.zeros(2)
    fused = F.binary_cross_entropy_with_logits(z, target, reduction="none")
    split = F.binary_cross_entropy(torch.sigmoid(z), target, reduction="none")
    holds = bool(torch.allclose(fused, split, rtol=1e-4))
    return Verdict(holds, f"z = 2: {fused[0]:.4f} / {split[0]:.4f}; z = 50: {fused[1]:.1f} / "
                          f"{split[1]:.1f} (fused / split)",
                   "Equal for moderate logits; for large ones sigmoid rounds to 1 in float32 "
                   "and BCELoss clamps log 0 to −100, while the fused form stays exact.",
                   "logit 不大时相等；logit 很大时 sigmoid 在 float32 中舍入为 1，BCELoss 把 log 0 "
                   "截断为 −100，合并的形式仍然精确。",
                   figure_zh=f"z = 2：{fused[0]:.4f} / {split[0]:.4f}；z = 50：{fused[1]:.1f} / "
                             f"{split[1]:.1f}（合并 / 分开）")


def _smooth_l1(**_) -> Verdict:
    x = torch.tensor([0.5, 10.0], requires_grad=True)
    (g_smooth,) = torch.autograd.grad(F.smooth_l1_loss(x, torch.zeros(2), reduction="sum"), x)
    (g_l2,) = torch.autograd.grad((0.5 * x ** 2).sum(), x)
    holds = float(g_smooth[1]) == 1.0 and float(g_l2[1]) == 10.0
    return Verdict(holds, f"∂/∂x, x = 10: smooth L1 {g_smooth[1]:.0f}, L2 {g_l2[1]:.0f}; "
                          f"x = 0.5: {g_smooth[0]:.2f}, {g_l2[0]:.2f}",
                   "Beyond |x| = 1 smooth L1's gradient stays at 1, so an outlier cannot blow "
                   "it up; inside, it is L2's.",
                   "|x| > 1 时 smooth L1 的梯度恒为 1，离群点不会让梯度爆炸；|x| < 1 时与 L2 相同。")


# ----------------------------------------------------------------------------- label smoothing
def _ls_targets(n=10, eps=0.1, **_) -> Verdict:
    n, epsilon = int(n), float(eps)
    target = losses.target_vector(n, epsilon)
    want = np.full(n, epsilon / n)
    want[0] = 1 - epsilon + epsilon / n
    logits = torch.randn(4, n, generator=torch.Generator().manual_seed(0), dtype=torch.float64)
    labels = torch.zeros(4, dtype=torch.long)
    ours = -(torch.as_tensor(target) * F.log_softmax(logits, 1)).sum(1).mean()
    theirs = F.cross_entropy(logits, labels, label_smoothing=epsilon)
    holds = bool(np.allclose(target, want)) and abs(float(ours - theirs)) < 1e-9
    return Verdict(holds, f"q_y = {want[0]:.4g}, q_i = {want[1] if n > 1 else 0:.4g}",
                   "1 − ε + ε/N on the true class and ε/N elsewhere: what "
                   "CrossEntropyLoss(label_smoothing=ε) uses.",
                   "真实类 1 − ε + ε/N，其余各 ε/N：与 CrossEntropyLoss(label_smoothing=ε) 一致。")


def _ls_optimum(n=10, eps=0.1, **_) -> Verdict:
    n, epsilon = int(n), float(eps)
    if not 0 < epsilon < 1:
        return Verdict(None, f"ε = {epsilon:g}", "The optimum is finite only for 0 < ε < 1.",
                       "只有 0 < ε < 1 时最优解才有限。")
    note = float(losses.seed_optimal_gap(epsilon, n))
    true = float(losses.optimal_gap(epsilon, n))
    holds = abs(note - true) < 0.01
    return Verdict(holds, f"log((N−1)(1−ε)/ε) = {note:.3f} ≠ log(1 + N(1−ε)/ε) = {true:.3f}",
                   "The note's gap belongs to targets 1 − ε / ε/(N−1), not to the "
                   "1 − ε + ε/N / ε/N it defines just above.",
                   "笔记的差值对应目标 1 − ε / ε/(N−1)，而不是它上面定义的 1 − ε + ε/N / ε/N。")


@cache
def _calibration_pair():
    from explorer import smoothing_comparison as sc
    results = sc.train_pair(sc.DEFAULT_CONFIG, sc.DEFAULT_EPSILON)
    return tuple(sc.evaluate(r, e) for r, e in zip(results, (0.0, sc.DEFAULT_EPSILON)))


def _ls_calibration(eps=0.1, noise=0, epochs=10, opt="adam", lr=None, seed=0, **_) -> Verdict:
    from explorer import smoothing_comparison as sc
    base_config = sc.DEFAULT_CONFIG
    asked = (float(eps), float(noise), int(epochs), str(opt),
             base_config.lr if lr is None else float(lr), int(seed))
    default = (sc.DEFAULT_EPSILON, 0.0, base_config.epochs, base_config.optimizer,
               base_config.lr, base_config.seed)
    if asked != default:
        return Verdict(None, "measured on the default pair only",
                       "This check reuses the page's default trained pair (ε = 0.1, no label "
                       "noise, default training); set those to see it.",
                       "这项检查只用本页默认训练的一对模型（ε = 0.1，无标签噪声，默认训练设置）。",
                   figure_zh="只在默认的一对模型上测量")
    base, smooth = _calibration_pair()
    before = (base.before.ece, smooth.before.ece)
    after = (base.after.ece, smooth.after.ece)
    holds = before[1] < before[0]
    return Verdict(holds, f"ECE (ε = 0 / 0.1): {before[0]:.3f} / {before[1]:.3f}; "
                          f"T-scaled: {after[0]:.3f} / {after[1]:.3f}",
                   "Digits, default LeNet pair (lower ECE = better calibrated): smoothing "
                   "makes it under-confident here, so it is not better calibrated as trained; "
                   "compare after temperature scaling, and with label noise.",
                   "digits 上默认的 LeNet 对比（ECE 越低校准越好）：这里平滑让模型欠自信，训练后直接看"
                   "校准并没有更好；要比较温度缩放之后，以及有标签噪声时。",
                   figure_zh=f"ECE（ε = 0 / 0.1）：{before[0]:.3f} / {before[1]:.3f}；温度缩放后："
                             f"{after[0]:.3f} / {after[1]:.3f}")


# ----------------------------------------------------------------------------- conv arithmetic
def _conv_output(layer="conv", i=28, k=5, s=1, p=0, d=1, **_) -> Verdict:
    geometry = ca.Layer(str(layer), int(k), int(s), int(p), int(d))
    measured = ca.torch_output_size(geometry, int(i))
    note = (int(i) + 2 * geometry.padding - geometry.kernel) // geometry.stride + 1
    holds = note == measured
    return Verdict(holds, f"⌊(i + 2p − k)/s⌋ + 1 = {note}, torch {measured}",
                   "⌊(i + 2p − k)/s⌋ + 1 ignores dilation: with d > 1 replace k by "
                   "d(k − 1) + 1.",
                   "⌊(i + 2p − k)/s⌋ + 1 没有考虑空洞(dilation)：d > 1 时把 k 换成 d(k − 1) + 1。")


def _vgg_stack(**_) -> Verdict:
    three = [ca.Layer("conv", 3)] * 3
    _, field, _ = ca.empirical_receptive_field(31, three)
    _, single, _ = ca.empirical_receptive_field(31, [ca.Layer("conv", 7)])
    c = 64
    p3 = sum(p.numel() for p in nn.Sequential(*[nn.Conv2d(c, c, 3, bias=False)
                                                for _ in range(3)]).parameters())
    p7 = nn.Conv2d(c, c, 7, bias=False).weight.numel()
    holds = field == single and p3 < p7
    return Verdict(holds, f"RF {field} = {single}; 3·3²C² = {p3:,} < 7²C² = {p7:,} (C = {c})",
                   "Three stacked 3×3 convolutions see 7×7 pixels like one 7×7, with 27C² "
                   "instead of 49C² weights and two more non-linearities.",
                   "三层 3×3 卷积的感受野与一层 7×7 相同(7×7)，权重 27C² 而非 49C²，"
                   "还多两次非线性。")


def _conv_cost_formula(cin=192, hw=28, cout=32, sk=5, **_) -> Verdict:
    c_in, plane, c_out, kernel = int(cin), int(hw), int(cout), int(sk)
    conv = nn.Conv2d(c_in, c_out, kernel, padding=kernel // 2, device="meta")
    params = sum(p.numel() for p in conv.parameters())
    macs = conv_cost.conv_macs(conv, (c_out, plane, plane))
    note_params = c_in * kernel ** 2 * c_out + c_out
    note_macs = c_in * kernel ** 2 * plane ** 2 * c_out
    holds = params == note_params and macs == note_macs
    return Verdict(holds, f"params {params:,}; MACs {macs:,}",
                   "Cᵢ·K²·Cₒ + Cₒ parameters and Cᵢ·K²·H·W·Cₒ multiply-adds, as PyTorch's "
                   "layer holds and computes.",
                   "参数量 Cᵢ·K²·Cₒ + Cₒ，乘加次数 Cᵢ·K²·H·W·Cₒ，与 PyTorch 的层一致。",
                   figure_zh=f"参数 {params:,}；乘加 {macs:,}")


def _separable(cin=192, hw=28, cout=32, sk=5, **_) -> Verdict:
    result = conv_cost.separable(int(cin), int(hw), int(cout), int(sk))
    ratio = result.ratio
    holds = ratio < 1
    return Verdict(holds, f"MACs separable / standard = {ratio:.3f}",
                   "Depthwise K×K then 1×1 costs 1/Cₒ + 1/K² of a full K×K convolution: a "
                   "saving unless Cₒ or K is tiny.",
                   "逐通道 K×K 加 1×1 的代价是完整 K×K 卷积的 1/Cₒ + 1/K²：除非 Cₒ 或 K 很小，都更省。",
                   figure_zh=f"乘加 分离 / 标准 = {ratio:.3f}")


def _bottleneck(cin=192, hw=28, cout=32, sk=5, cmid=16, **_) -> Verdict:
    result = conv_cost.bottleneck(int(cin), int(hw), int(cout), int(sk), int(cmid))
    ratio = result.ratio
    holds = ratio < 1
    return Verdict(holds, f"MACs with / without 1×1 = {ratio:.3f}",
                   "A 1×1 layer down to few channels before the K×K one saves work only when "
                   "it really reduces: with many 1×1 channels it costs more.",
                   "在 K×K 之前用 1×1 卷积降到很少的通道才省计算；1×1 通道多时反而更费。",
                   figure_zh=f"乘加 有 / 无 1×1 = {ratio:.3f}")


def _max_pool_gradient(**_) -> Verdict:
    x = torch.tensor([[[[1.0, 3.0], [2.0, 0.5]]]], requires_grad=True)
    (g_max,) = torch.autograd.grad(F.max_pool2d(x, 2).sum(), x)
    (g_avg,) = torch.autograd.grad(F.avg_pool2d(x, 2).sum(), x)
    holds = g_max.flatten().tolist() == [0, 1, 0, 0] and bool((g_avg == 0.25).all())
    return Verdict(holds, f"∂/∂x max pool {g_max.flatten().tolist()}, avg pool "
                          f"{g_avg.flatten().tolist()}",
                   "Max pooling sends the gradient only to the window's maximum; average "
                   "pooling splits it equally.",
                   "最大池化只把梯度传给窗口中的最大值；平均池化平均分给每个位置。",
                   figure_zh=f"∂/∂x 最大池化 {g_max.flatten().tolist()}，平均池化 "
                             f"{g_avg.flatten().tolist()}")


# ----------------------------------------------------------------------------- detection
def _iou_no_gradient(ax=(20, 60), ay=(20, 60), bx=(40, 85), by=(35, 90), **_) -> Verdict:
    a = torch.tensor([[ax[0], ay[0], ax[1], ay[1]]], dtype=torch.float64)
    b = torch.tensor([[bx[0], by[0], bx[1], by[1]]], dtype=torch.float64, requires_grad=True)
    pair = detection.box_pair(a[0].tolist(), b[0].detach().tolist())
    if pair.intersection > 0:
        return Verdict(None, f"IoU {pair.iou:.3f}",
                       "The boxes overlap: move B off A to see the claim.",
                       "两个框有重叠：把 B 移开 A 才能看到这一点。")
    import torchvision.ops as ops
    (g_iou,) = torch.autograd.grad((1 - ops.box_iou(a, b)).sum(), b)
    (g_giou,) = torch.autograd.grad(ops.generalized_box_iou_loss(a, b).sum(), b)
    holds = float(g_iou.abs().sum()) == 0 and float(g_giou.abs().sum()) > 0
    return Verdict(holds, f"|∇(1 − IoU)| = {g_iou.abs().sum():.0f}, |∇ GIoU loss| = "
                          f"{g_giou.abs().sum():.3g}",
                   "Disjoint boxes have IoU 0 wherever they are, so 1 − IoU gives no gradient; "
                   "GIoU's enclosing-box term still pulls B towards A.",
                   "不相交的框 IoU 恒为 0，1 − IoU 没有梯度；GIoU 的外接框项仍把 B 拉向 A。")


def _nms(objects=6, per_object=5, noise=0.08, seed=9, nt=0.5, **_) -> Verdict:
    _gt, det = detection.clustered_scene(int(objects), int(per_object), float(noise),
                                         seed=int(seed))
    kept = len(detection.nms(det.xyxy, det.score, float(nt)))
    holds = kept == int(objects)
    return Verdict(holds, f"NMS: {len(det.score)} → {kept} boxes; {int(objects)} objects",
                   "NMS keeps the best box of each cluster and drops those overlapping it "
                   "beyond Nₜ: one per object only if Nₜ separates duplicates from neighbours.",
                   "NMS 保留每簇中得分最高的框，删除与其 IoU 超过 Nₜ 的框：只有 Nₜ 能区分重复框和"
                   "相邻物体时才正好每个物体一个。",
                   figure_zh=f"NMS：{len(det.score)} → {kept} 个框；{int(objects)} 个物体")


def _coco_map(images=30, classes=3, per_image=4, map_seed=0, box_noise=0.1, missed=0.1, fp=2.0,
              **_) -> Verdict:
    gt, det = detection.synthetic_detections(int(images), int(classes), int(per_image),
                                             float(box_noise), float(missed), float(fp),
                                             seed=int(map_seed))
    result = detection.coco_map(gt, det)
    ap50, coco = float(result.ap50), float(result.map)
    holds = coco <= ap50
    return Verdict(holds, f"AP@[.5:.95] = {coco:.3f}, AP50 = {ap50:.3f}",
                   "COCO averages AP over the ten IoU thresholds 0.50, 0.55 … 0.95; stricter "
                   "thresholds can only lower it.",
                   "COCO 在 0.50、0.55 … 0.95 十个 IoU 阈值上平均 AP；阈值越严 AP 越低。")


# ----------------------------------------------------------------------------- PR curves
def _f1_identity(sep=1.5, pos=0.3, n=2000, seed=0, **_) -> Verdict:
    y, s = metrics.synthetic_scores(int(n), float(sep), float(pos), seed=int(seed))
    pred = s >= np.median(s)
    tp, tn = int((pred & (y == 1)).sum()), int((~pred & (y == 0)).sum())
    fp, fn = int((pred & (y == 0)).sum()), int((~pred & (y == 1)).sum())
    p, r = tp / (tp + fp), tp / (tp + fn)
    f1 = 2 * p * r / (p + r)
    note = 2 * tp / (len(y) + tp - tn)
    holds = abs(f1 - note) < 1e-12
    return Verdict(holds, f"2PR/(P+R) = {f1:.4f}, 2TP/(N+TP−TN) = {note:.4f}",
                   "Both are 2TP/(2TP + FP + FN), since N − TN = TP + FP + FN.",
                   "两者都等于 2TP/(2TP + FP + FN)，因为 N − TN = TP + FP + FN。")


def _accuracy_imbalance(pos=0.3, **_) -> Verdict:
    accuracy = 1 - float(pos)
    holds = accuracy >= 0.9
    return Verdict(holds, f"ŷ ≡ 0: accuracy {_pct(accuracy)}, recall 0",
                   "With few positives a classifier that finds none still looks accurate; "
                   "precision and recall expose it.",
                   "正样本很少时，一个都找不到的分类器准确率仍然很高；查准率和查全率会暴露它。",
                   figure_zh=f"ŷ ≡ 0：准确率 {_pct(accuracy)}，查全率 0")


def _macro_f1(classes=4, boost=2.0, ratio=0.25, mn=3000, mseed=0, **_) -> Verdict:
    labels, probs = metrics.synthetic_multiclass(int(mn), int(classes), float(boost),
                                                 float(ratio), seed=int(mseed))
    names = [str(k) for k in range(int(classes))]
    table = metrics.per_class_table(metrics.one_vs_rest(labels, probs, names), 0.5)
    macro = table[table["class"] == "macro average"].iloc[0]
    note = metrics.seed_macro_f1(float(macro["precision"]), float(macro["recall"]))
    sk = float(macro["F1"])
    holds = abs(note - sk) < 0.005
    return Verdict(holds, f"2·P̄·R̄/(P̄ + R̄) = {note:.4f}, mean F1 = {sk:.4f}",
                   "Two definitions of Macro-F1: they agree only when the classes trade "
                   "precision for recall alike.",
                   "Macro-F1 的两种定义：只有各类查准率与查全率的取舍相近时才一致。",
                   figure_zh=f"2·P̄·R̄/(P̄ + R̄) = {note:.4f}，各类 F1 的平均 = {sk:.4f}")


# ----------------------------------------------------------------------------- schedules
def _warmup(steps=300, lr=0.1, warmup=30, **_) -> Verdict:
    total, warmup, base_lr = int(steps), int(warmup), float(lr)
    if warmup <= 0:
        return Verdict(None, "warmup 0", "No warmup steps set.", "没有设置预热步数。",
                   figure_zh="预热步数为 0")
    curve = schedules.lr_curve("cosine", total, base_lr, warmup)
    peak = int(np.argmax(curve))
    holds = curve[0] < 0.1 * base_lr and curve[-1] < curve[peak]
    return Verdict(holds, f"lr {curve[0]:.2g} (t = 0) → {curve[peak]:.3g} (t = {peak}) → "
                          f"{curve[-1]:.2g} (t = {total - 1})",
                   "Small first, rising to the base rate, then decaying: warmup followed by "
                   "cosine decay.",
                   "先小，升到基础学习率，再衰减：预热之后余弦衰减。")


# ----------------------------------------------------------------------------- training
def _training_loop(seed=0, **_) -> Verdict:
    from explorer.notes import digits
    splits = digits()
    x, y = splits.x_train.flatten(1), splits.y_train
    torch.manual_seed(int(seed))
    loader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(x, y), batch_size=64,
                                         shuffle=True)
    model = nn.Sequential(nn.Linear(64, 32), nn.ReLU(), nn.Linear(32, 10))
    loss_fn = nn.CrossEntropyLoss()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)
    scheduler = torch.optim.lr_scheduler.MultiStepLR(optimizer, milestones=[1])
    with torch.no_grad():
        before = float(loss_fn(model(x), y))
    for _epoch in range(2):
        for img, label in loader:
            output = model(img)
            loss = loss_fn(output, label)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
        scheduler.step()
    with torch.no_grad():
        after = float(loss_fn(model(x), y))
    holds = after < 0.5 * before
    return Verdict(holds, f"loss {before:.3f} → {after:.3f} (2 epochs)",
                   "Data, model, loss, optimizer, schedule; then per batch forward, loss, "
                   "backward, step, and the schedule once per epoch (plus zero_grad, which "
                   "the note leaves out).",
                   "数据、模型、损失、优化器、学习率策略；每个 batch 前向、算损失、反向、更新，"
                   "每轮更新一次学习率（还要 zero_grad，笔记漏了）。",
                   figure_zh=f"损失 {before:.3f} → {after:.3f}（2 轮）")


def _seed_repro(seed=0, **_) -> Verdict:
    def run():
        torch.manual_seed(int(seed))
        model = nn.Sequential(nn.Linear(8, 8), nn.ReLU(), nn.Linear(8, 2))
        opt = torch.optim.SGD(model.parameters(), lr=0.1)
        x = torch.randn(32, 8)
        for _step in range(5):
            opt.zero_grad()
            F.cross_entropy(model(x), torch.zeros(32, dtype=torch.long)).backward()
            opt.step()
        return torch.cat([p.detach().flatten() for p in model.parameters()])
    a, b = run(), run()
    holds = bool(torch.equal(a, b))
    return Verdict(holds, f"max |w₁ − w₂| = {float((a - b).abs().max()):g}",
                   "Seeding torch before building and training gives bit-identical weights "
                   "on the CPU.",
                   "在构建和训练之前设定 torch 的随机种子，CPU 上得到完全相同的权重。")


# ----------------------------------------------------------------------------- feature maps
def _cross_correlation(kernels=("Sobel x", "Sobel y", "Laplacian", "Blur (box)", "Sharpen"),
                       **_) -> Verdict:
    from explorer import featuremaps
    names = [kernels] if isinstance(kernels, str) else list(kernels)
    if not names:
        return Verdict(None, "no kernel chosen", "Pick a preset kernel.", "选一个预设卷积核。",
                   figure_zh="没有选卷积核")
    image = torch.rand(1, 1, 12, 12, generator=torch.Generator().manual_seed(0),
                       dtype=torch.float64)
    same = {}
    for name in names:
        kernel = torch.tensor(featuremaps.KERNEL_PRESETS[str(name)], dtype=torch.float64)
        correlated = F.conv2d(image, kernel[None, None])
        flipped = F.conv2d(image, kernel.flip(0, 1)[None, None])   # true convolution
        same[name] = bool(torch.allclose(correlated, flipped))
    holds = all(same.values())
    return Verdict(holds, "conv2d vs convolution: " +
                   ", ".join(f"{n} {'=' if v else '≠'}" for n, v in same.items()),
                   "nn.Conv2d slides the kernel without flipping it (cross-correlation); it "
                   "equals true convolution only for a kernel symmetric under a 180° turn "
                   "(Laplacian, blur, sharpen; not Sobel).",
                   "nn.Conv2d 不翻转卷积核（互相关）；只有旋转 180° 不变的卷积核才与真正的卷积相同"
                   "（拉普拉斯、模糊、锐化是；Sobel 不是）。",
                   figure_zh="conv2d 与卷积：" + "，".join(
                       f"{n} {'=' if v else '≠'}" for n, v in same.items()))


# ----------------------------------------------------------------------------- t-SNE
UNIT_SCALE = 1000.0   # one pixel measured in other units (×1000)


@cache
def _rescaled_digits():
    from explorer.embedding import digits_pixels
    data = digits_pixels()
    x = data.x.astype(np.float64)
    scaled = x.copy()
    scaled[:, 36] *= UNIT_SCALE     # a centre pixel: varies across digits
    standardised = (scaled - scaled.mean(0)) / np.where(scaled.std(0) > 0, scaled.std(0), 1)
    return x, scaled, standardised, data.labels


def _units_dominate(**_) -> Verdict:
    _, scaled, standardised, _labels = _rescaled_digits()
    def share(x):   # over all pairs, Σ (x_ik − x_jk)² = 2N Σ (x_ik − mean_k)²: a variance share
        variance = x.var(0)
        return float(variance[36] / variance.sum())
    before, after = share(scaled), share(standardised)
    holds = before > 0.9 and after < 0.1
    return Verdict(holds, f"pixel ×{UNIT_SCALE:g}: {100 * before:.1f} % of Σd²; z-scored: "
                          f"{100 * after:.1f} %",
                   "A feature in larger units dominates every Euclidean distance (t-SNE's "
                   "neighbours too) until each feature is scaled to unit variance.",
                   "量纲大的特征主导所有欧氏距离（t-SNE 的近邻也一样），直到把每个特征缩放到单位方差。",
                   figure_zh=f"像素 ×{UNIT_SCALE:g}：占 Σd² 的 {100 * before:.1f} %；标准化后 "
                             f"{100 * after:.1f} %")


ZH_INPUTS = {"x": "x", "pixel ×1000": "像素 ×1000", "z-score": "标准化"}


@cache
def _knn_accuracies() -> dict[str, float]:
    from explorer.embedding import knn_accuracy
    raw, scaled, standardised, labels = _rescaled_digits()
    return {name: knn_accuracy(x, labels) for name, x in
            (("x", raw), ("pixel ×1000", scaled), ("z-score", standardised))}


def _knn_units(**_) -> Verdict:
    acc = _knn_accuracies()
    holds = acc["z-score"] > acc["pixel ×1000"] + 0.05
    return Verdict(holds, "5-NN: " +
                   ", ".join(f"{k} {100 * v:.1f} %" for k, v in acc.items()),
                   "Distance-based methods (k-NN, t-SNE) measure closeness in the features' "
                   "units: normalising gives them back the information the rescaled one hid.",
                   "基于距离的方法(k-NN、t-SNE)按特征的量纲衡量远近：归一化找回被大量纲特征掩盖的信息。",
                   figure_zh="5-NN：" + "，".join(
                       f"{ZH_INPUTS[k]} {100 * v:.1f} %" for k, v in acc.items()))


# ----------------------------------------------------------------------------- augmentation
def _pair_images(seed: int) -> torch.Tensor:
    g = torch.Generator().manual_seed(seed)
    return torch.rand(2, 3, 32, 32, generator=g)


def _mixup(alpha=1.0, seed=0, **_) -> Verdict:
    from explorer import augment
    images = _pair_images(int(seed))
    mixed, soft = augment.mix("MixUp", images, torch.tensor([0, 1]), 2, float(alpha), int(seed))
    lam = float(soft[0, 0])
    expected = lam * images[0] + (1 - lam) * images[1]
    holds = bool(torch.allclose(mixed[0], expected, atol=1e-5)) and \
        bool(torch.allclose(soft.sum(1), torch.ones(2)))
    return Verdict(holds, f"λ = {lam:.3f}: x = λ·x_A + (1 − λ)·x_B, y = λ·y_A + (1 − λ)·y_B",
                   "MixUp blends two images and their labels with the same weight λ ~ "
                   "Beta(α, α): new samples between the classes.",
                   "MixUp 用同一个 λ ~ Beta(α, α) 混合两张图和它们的标签：生成类别之间的新样本。")


def _cutmix(alpha=1.0, seed=0, **_) -> Verdict:
    from explorer import augment
    images = _pair_images(int(seed))
    mixed, soft = augment.mix("CutMix", images, torch.tensor([0, 1]), 2, float(alpha),
                              int(seed))
    pasted = float((mixed[0] != images[0]).any(0).float().mean())
    label = float(soft[0, 1])
    holds = abs(pasted - label) < 1e-6
    return Verdict(holds, f"area {100 * pasted:.1f} % = label weight {100 * label:.1f} %",
                   "CutMix pastes a box from the other image and gives it label weight equal "
                   "to the box's share of the area.",
                   "CutMix 把另一张图的一块贴进来，标签权重等于这块所占的面积比例。",
                   figure_zh=f"面积 {100 * pasted:.1f} % = 标签权重 {100 * label:.1f} %")


# ----------------------------------------------------------------------------- playground
def _page_points(data, n, dseed, noise):
    from explorer.playground import make_data
    d = make_data(str(data), int(n), float(noise), seed=int(dseed))
    return (torch.tensor(d.points[d.train]), torch.tensor(d.labels[d.train]),
            torch.tensor(d.points[~d.train]), torch.tensor(d.labels[~d.train]))


def _linear_collapse(data="moons", noise=0.2, n=500, dseed=0, depth=2, width=8, **_) -> Verdict:
    from sklearn.linear_model import LogisticRegression
    x, y, x_test, y_test = _page_points(data, n, dseed, noise)
    depth, width = int(depth), int(width)
    torch.manual_seed(0)
    sizes = [2] + [width] * depth + [2]
    layers = [nn.Linear(a, b).double() for a, b in zip(sizes, sizes[1:])]
    stacked = nn.Sequential(*layers)                 # no activation between the layers
    weight, bias = torch.eye(2, dtype=torch.float64), torch.zeros(2, dtype=torch.float64)
    for layer in layers:                             # the one linear map they compose to
        weight, bias = layer.weight @ weight, layer.weight @ bias + layer.bias
    with torch.no_grad():
        gap = float((stacked(x.double()) - (x.double() @ weight.T + bias)).abs().max())
    classifier = LogisticRegression().fit(x.numpy(), y.numpy())
    linear = classifier.score(x_test.numpy(), y_test.numpy())
    holds = gap < 1e-9
    return Verdict(holds, f"{depth} × Linear = one Linear (max gap {gap:.1e}); linear "
                          f"classifier on {data}: {_pct(linear)} (test)",
                   "Without an activation between them, stacked linear layers multiply out to "
                   "one matrix: no deeper a boundary than a straight line.",
                   "层与层之间没有激活函数时，堆叠的线性层相乘后仍是一个矩阵：决策边界只能是直线。",
                   figure_zh=f"{depth} 层 Linear = 一个 Linear（最大差 {gap:.1e}）；线性分类器在 "
                             f"{data} 上：{_pct(linear)}（测试集）")


@cache
def _two_layer_accuracy(data: str, n: int, dseed: int, width: int, act: str) -> float:
    from explorer.activations import REGISTRY
    x, y, _, _ = _page_points(data, n, dseed, 0.0)
    torch.manual_seed(0)
    net = nn.Sequential(nn.Linear(2, width), REGISTRY[act].layer(), nn.Linear(width, 2))
    optimizer = torch.optim.Adam(net.parameters(), lr=0.1)
    for _step in range(300):
        optimizer.zero_grad()
        F.cross_entropy(net(x), y).backward()
        optimizer.step()
    with torch.no_grad():
        return float((net(x).argmax(1) == y).float().mean())


def _two_layers_fit(data="moons", n=500, dseed=0, width=8, act="tanh", **_) -> Verdict:
    if str(act) == "linear":
        return Verdict(None, "activation: linear", "The claim needs a non-linear activation.",
                       "这个说法需要非线性激活函数。",
                   figure_zh="激活函数：linear")
    accuracy = _two_layer_accuracy(str(data), int(n), int(dseed), int(width), str(act))
    holds = accuracy >= 0.99
    return Verdict(holds, f"1 hidden layer × {int(width)} {act}, noise-free {data}: train "
                          f"accuracy {_pct(accuracy)}",
                   "A single hidden layer fits any of these shapes, but only with enough "
                   "units: one or two units draw too simple a boundary (300 full-batch Adam "
                   "steps on the page's training points, without their noise).",
                   "一个隐藏层就能拟合这些形状，但要有足够多的神经元：一两个神经元的边界过于简单"
                   "（在本页的训练点上去掉噪声，全批量 Adam 300 步）。",
                   figure_zh=f"1 个隐藏层 × {int(width)} 个 {act}，无噪声的 {data}：训练准确率 {_pct(accuracy)}")


CLAIMS: tuple[Claim, ...] = (
    Claim("act.sigmoid_vanishes", SEED, "软饱和性",
          "Sigmoid gradients vanish through many layers.",
          "sigmoid 的梯度在多层中消失（梯度消失）。",
          _P + "activations.py", one_thread(_sigmoid_vanishes), {"tab": "depth", "depth": "10"}),
    Claim("act.tanh_zero_centred", SEED, "输出关于零点对称",
          "Tanh's output is centred on zero, sigmoid's is not.",
          "tanh 的输出关于零点对称，sigmoid 的不是。",
          _P + "activations.py", one_thread(_tanh_zero_centred), {"tab": "distribution"}),
    Claim("act.relu_sparse", SEED, "稀疏性",
          "ReLU makes a layer sparse: many outputs are exactly 0.",
          "ReLU 使网络具有稀疏性：许多输出恰好为 0。",
          _P + "activations.py", one_thread(_relu_sparse), {"tab": "distribution"}),
    Claim("act.relu_dies", SEED, "神经元死亡",
          "ReLU units die when the learning rate is too high.",
          "学习率过大时 ReLU 神经元会死亡。",
          _P + "activations.py", _relu_dies, {"tab": "distribution", "high_lr": "2.0"}),
    Claim("act.softmax_overflow", SEED, "数据溢出",
          "Softmax computed straight from its formula overflows; subtract the maximum first.",
          "直接按公式计算 softmax 会溢出；先减去最大值。",
          _P + "activations.py", one_thread(_softmax_overflow), {"tab": "softmax"}),
    Claim("init.zero_symmetry", SEED, "权值对称性问题",
          "All-zero weights keep every hidden unit identical: the network cannot learn.",
          "权重全为 0 时所有隐藏单元保持相同（权值对称性问题），网络无法学习。",
          _P + "weight_init.py", one_thread(_zero_symmetry), {"tab": "sym"}),
    Claim("init.xavier_relu", SEED, "He初始化非常适合ReLu激活函数",
          "Xavier initialisation suits tanh, not ReLU; He initialisation suits ReLU.",
          "Xavier 初始化适合 tanh 而不适合 ReLU；He 初始化适合 ReLU。",
          _P + "weight_init.py", one_thread(_xavier_relu), {"act": "relu"}),
    Claim("init.small_normal", SEED, "N(0, 0.01)",
          "Initialising every layer with N(0, 0.01) makes the signal vanish in deep layers.",
          "每层都用 N(0, 0.01) 初始化，深层的信号会消失。",
          _P + "weight_init.py", one_thread(_small_normal), {"depth": "5"}),
    Claim("init.last_layer_zero", SEED, "最后一层可以将所有权值初始化为0",
          "The last layer alone may start with all-zero weights and still learn.",
          "只有最后一层可以把权重全部初始化为 0，仍能正常学习。",
          _P + "weight_init.py", one_thread(_last_layer_zero), {"tab": "train"}),
    Claim("bn.small_batch", SEED, "BN效果明显下降",
          "With small batches BatchNorm's statistics are noisy.",
          "batch 太小时 BN 的统计量噪声大，效果明显下降。",
          _P + "normalization.py", one_thread(_bn_small_batch), {"batch": "4"}),
    Claim("bn.running_mean", SEED, "均值为所有训练时batch",
          "At inference BN uses the mean of all training batch means.",
          "推理时 BN 使用所有训练 batch 均值的平均。",
          _P + "normalization.py", one_thread(_bn_running), {"warm": "5"}),
    Claim("drop.drop_ratio", SEED, "失活比例",
          "At inference multiply the outputs by the drop ratio.",
          "推理时输出要乘以失活比例。",
          _P + "normalization.py", one_thread(_drop_ratio), {"tab": "dropout", "p": "0.2"}),
    Claim("reg.early_stop", SEED, "Early Stop技术",
          "Early stopping curbs overfitting: it keeps the epoch with the best validation loss.",
          "早停(Early Stop)抑制过拟合：保留验证损失最好的一轮。",
          _P + "regularization.py", _early_stop, {"tab": "early"}),
    Claim("opt.batch_direction", SEED, "其确定的下降方向越准",
          "A larger batch gives a more accurate descent direction and less oscillation.",
          "Batch_Size 越大，下降方向越准，训练震荡越小。",
          _P + "optimizers.py", one_thread(_batch_direction), {"tab": "batch"}),
    Claim("opt.sgd_optimum", SEED, "随机体现在",
          "SGD's steps are noisy but it reaches the global optimum in the end.",
          "SGD 每步有噪声，但最终能达到全局最优。",
          _P + "optimizers.py", one_thread(_sgd_optimum), {"tab": "batch"}),
    Claim("loss.focal_gamma", SEED, "调制因子",
          "Focal loss multiplies CE by (1 − p_t)^γ, shrinking easy examples; γ = 0 is CE.",
          "Focal Loss 用调制因子 (1 − p_t)^γ 乘交叉熵，压低易分样本；γ = 0 即交叉熵。",
          _P + "losses.py", one_thread(_focal_gamma)),
    Claim("loss.bce_with_logits", SEED, "BCEWithLogitsLoss",
          "BCEWithLogitsLoss equals sigmoid followed by BCELoss.",
          "BCEWithLogitsLoss 等效于 sigmoid 加 BCELoss。",
          _P + "losses.py", one_thread(_bce_logits)),
    Claim("loss.smooth_l1", SEED, "离群点",
          "Smooth L1 is less sensitive to outliers than L2: its gradient stays bounded.",
          "smooth L1 对离群点不如 L2 敏感：梯度有界。",
          _P + "losses.py", one_thread(_smooth_l1)),
    Claim("ls.targets", SEED, "Label-smooth",
          "Label smoothing puts 1 − ε + ε/N on the true class and ε/N on the others.",
          "Label-smooth 把真实类的目标设为 1 − ε + ε/N，其余类为 ε/N。",
          _P + "label_smoothing.py", one_thread(_ls_targets)),
    Claim("ls.optimum", SEED, "最优的预测概率分布发生变化",
          "With smoothing the optimal logit gap becomes log((N−1)(1−ε)/ε).",
          "标签平滑后最优的 logit 差变为 log((N−1)(1−ε)/ε)。",
          _P + "label_smoothing.py", one_thread(_ls_optimum), {"tab": "optimum"}),
    Claim("ls.calibration", SEED, "不希望模型对预测结果过度自信",
          "Label smoothing keeps the model from being over-confident (better calibration).",
          "标签平滑避免模型对预测过度自信（校准更好）。",
          _P + "label_smoothing.py", _ls_calibration),
    Claim("conv.output_size", SEED, "卷积,池化尺寸及感受野计算",
          "A convolution's output size is ⌊(i + 2p − k)/s⌋ + 1.",
          "卷积输出尺寸为 ⌊(i + 2p − k)/s⌋ + 1。",
          _P + "conv_arithmetic.py", one_thread(_conv_output), {"d": "2"}),
    Claim("conv.vgg_stack", SEED, "3x3卷积层的堆叠",
          "Stacked 3×3 convolutions see as far as one large kernel with fewer parameters.",
          "堆叠 3×3 卷积在相同感受野下参数更少。",
          _P + "conv_arithmetic.py", one_thread(_vgg_stack), {"tab": "field"}),
    Claim("conv.cost_formula", SEED, "卷积层权重参数量",
          "A convolution has Cᵢ·K²·Cₒ + Cₒ parameters and Cᵢ·K²·H·W·Cₒ multiply-adds.",
          "卷积层参数量 Cᵢ·K²·Cₒ + Cₒ，乘加次数 Cᵢ·K²·H·W·Cₒ。",
          _P + "conv_arithmetic.py", one_thread(_conv_cost_formula), {"tab": "saving"}),
    Claim("conv.separable", SEED, "分离卷积",
          "Separable convolutions reduce a convolution's parameters and computation.",
          "分离卷积减少卷积层的参数量和计算量。",
          _P + "conv_arithmetic.py", one_thread(_separable), {"tab": "saving", "cout": "1"}),
    Claim("conv.bottleneck", SEED, "1*1卷积降维",
          "A 1×1 convolution that reduces the channels first lowers the cost.",
          "先用 1*1 卷积降维可降低计算量。",
          _P + "conv_arithmetic.py", one_thread(_bottleneck), {"tab": "saving", "cmid": "256"}),
    Claim("conv.max_pool_gradient", SEED, "最大池化",
          "Max pooling passes the gradient to the maximum only; average pooling splits it.",
          "最大池化只把梯度传给最大值的位置；平均池化把梯度均分。",
          _P + "conv_arithmetic.py", one_thread(_max_pool_gradient)),
    Claim("det.iou_no_gradient", SEED, "没有梯度回传",
          "For boxes that do not overlap, the IoU loss gives no gradient (GIoU does).",
          "两框不相交时 IoU 损失没有梯度回传（GIoU 有）。",
          _P + "detection.py", one_thread(_iou_no_gradient),
          {"tab": "iou", "bx": ["70", "95"], "by": ["70", "95"]}),
    Claim("det.nms", SEED, "非极大值抑制",
          "Non-maximum suppression leaves one box per object.",
          "非极大值抑制(NMS)为每个物体留下一个框。",
          _P + "detection.py", one_thread(_nms), {"tab": "nms"}),
    Claim("det.coco_map", SEED, "coco数据集中mAP的计算",
          "COCO's AP averages over IoU thresholds 0.5 to 0.95, so it is at most AP50.",
          "COCO 的 AP 在 0.5 到 0.95 的 IoU 阈值上平均，所以不超过 AP50。",
          _P + "detection.py", one_thread(_coco_map), {"tab": "map"}),
    Claim("pr.f1_identity", SEED, "F1分数",
          "F1 = 2PR/(P + R) = 2TP/(N + TP − TN).",
          "F1 = 2PR/(P + R) = 2TP/(样例总数 + TP − TN)。",
          _P + "pr_curves.py", one_thread(_f1_identity)),
    Claim("pr.accuracy_imbalance", SEED, "样本不平衡的情况下",
          "Accuracy misleads when the classes are imbalanced.",
          "样本不平衡时准确率不能很好地衡量结果。",
          _P + "pr_curves.py", one_thread(_accuracy_imbalance), {"pos": "0.05"}),
    Claim("pr.macro_f1", SEED, "宏F1",
          "Macro-F1 is the harmonic mean of macro precision and macro recall.",
          "宏 F1 是宏查准率与宏查全率的调和平均。",
          _P + "pr_curves.py", one_thread(_macro_f1), {"src": "multiclass"}),
    Claim("sched.warmup", SEED, "warmup策略",
          "Warmup starts with a small learning rate, rises to the set one, then decays.",
          "warmup 策略先用较小学习率，升到设定值后再逐渐减小。",
          _P + "schedules.py", one_thread(_warmup)),
    Claim("train.loop", SEED, "模型搭建流程",
          "The training template: build data, model, loss, optimizer, schedule; then per "
          "batch forward, loss, backward, step; the schedule steps once per epoch.",
          "模型搭建流程：数据、模型、损失、优化器、学习率策略；每个 batch 前向、损失、反向、"
          "更新；每个 epoch 更新学习率。",
          _P + "train.py", one_thread(_training_loop)),
    Claim("train.seed", SEED, "设置随机种子",
          "Setting the random seeds makes training reproducible.",
          "设置随机种子使训练结果可复现。",
          _P + "train.py", one_thread(_seed_repro)),
    Claim("fm.cross_correlation", SEED, "互相关操作",
          "A CNN's 'convolution' is a cross-correlation; the same for symmetric kernels.",
          "卷积神经网络中的卷积实为互相关操作；卷积核中心对称时两者一致。",
          _P + "feature_maps.py", one_thread(_cross_correlation), {"kernels": "Laplacian"}),
    Claim("tsne.units", SEED, "消除特征之间量纲的影响",
          "Normalising removes the effect of the features' units.",
          "归一化消除特征之间量纲的影响。",
          _P + "tsne.py", one_thread(_units_dominate)),
    Claim("tsne.knn_units", SEED, "需要计算样本之间的距离",
          "Normalising can improve accuracy for methods that compute distances between samples.",
          "对需要计算样本之间距离的方法，归一化可能提高精度。",
          _P + "tsne.py", one_thread(_knn_units)),
    Claim("aug.mixup", SEED, "mixup",
          "MixUp creates new samples (and labels) by blending two images.",
          "mixup 混合两张图片（和标签）生成新样本。",
          _P + "augmentation.py", one_thread(_mixup), {"tab": "mix"}),
    Claim("aug.cutmix", SEED, "cutMix",
          "CutMix pastes a patch of one image into another and mixes the labels by area.",
          "cutMix 把一张图的一块贴到另一张上，按面积混合标签。",
          _P + "augmentation.py", one_thread(_cutmix), {"tab": "mix", "mix": "CutMix"}),
    Claim("pg.linear_collapse", SEED, "线性的组合还是线性",
          "Without a non-linear activation, a deep network is no more than one linear "
          "classifier.",
          "没有非线性激活函数时，线性的组合还是线性，深层网络与单个线性分类器无异。",
          _P + "playground.py", one_thread(_linear_collapse),
          {"data": "circles", "act": "linear"}),
    Claim("pg.two_layers", SEED, "两层的神经网络",
          "With a non-linear activation, a network with one hidden layer can approximate "
          "almost any function.",
          "有非线性激活函数时，一个两层的神经网络基本可以逼近所有函数。",
          _P + "playground.py", one_thread(_two_layers_fit), {"data": "circles", "depth": "1"}),
)
