"""Note 0 · Deep-learning overview: its claims, each checked with ``explorer``.

Settings names are the demonstrating page's URL keys; a check's own defaults are the settings
its ``link`` opens, so the Notes page shows the status there.
"""
from __future__ import annotations

import io
from functools import lru_cache

import numpy as np
import torch
from PIL import Image
from torch import nn

from explorer import featuremaps as fm, optim_paths as op, predict, runs, schedules as sch
from explorer.data import denormalize
from explorer.models import build_model
from explorer.notes import Claim, Verdict, digits, not_applicable, training_splits

SEED = "000"
BETWEEN = ("none", "ReLU", "maxpool", "avgpool")   # what stacked_convs puts between two convs


def kernel_channels(cin: int = 3, cout: int = 32, sk: int = 5, **_) -> Verdict:
    if min(cin, cout, sk) < 1:
        return not_applicable("–", "Sizes must be at least 1.", "尺寸至少为 1。")
    with torch.device("meta"):
        conv = nn.Conv2d(cin, cout, sk)
    shape = tuple(conv.weight.shape)
    params = conv.weight.numel() + conv.bias.numel()
    return Verdict(shape == (cout, cin, sk, sk), f"weight {'×'.join(map(str, shape))}, "
                   f"{params:,} parameters",
                   "nn.Conv2d holds one k×k×C_in kernel per output channel: the input decides "
                   "the kernels' depth, the output the number of kernels.",
                   "nn.Conv2d 为每个输出通道保存一个 k×k×C_in 的卷积核：输入通道数决定卷积核的深度，"
                   "输出通道数决定卷积核的个数。",
                   f"权重 {'×'.join(map(str, shape))}，共 {params:,} 个参数")


def stacked_convs(between: str = "none", **_) -> Verdict:
    if between not in BETWEEN:
        return not_applicable("–", f"Choose one of {', '.join(BETWEEN)}.",
                              f"请选择 {', '.join(BETWEEN)} 之一。")
    torch.manual_seed(0)
    middle = {"none": nn.Identity(), "ReLU": nn.ReLU(), "maxpool": nn.MaxPool2d(2),
              "avgpool": nn.AvgPool2d(2)}[between]
    stack = nn.Sequential(nn.Conv2d(1, 4, 3, bias=False), middle,
                          nn.Conv2d(4, 1, 3, bias=False)).double()
    a, b = torch.randn(2, 1, 1, 12, 12, dtype=torch.float64)
    with torch.no_grad():
        error = (stack(2 * a - 3 * b) - (2 * stack(a) - 3 * stack(b))).abs().max().item()
    return Verdict(error < 1e-9, f"superposition error {error:.2g} with {between} between",
                   "Convolutions and average pooling are linear, so such a stack is one linear "
                   "map (one convolution); ReLU or max pooling in between breaks it.",
                   "卷积和平均池化都是线性的，这样叠起来仍是一个线性映射（一次卷积）；"
                   "中间加 ReLU 或最大池化才打破线性。",
                   f"叠加误差 {error:.2g}(中间：{between})")


def conv_as_matrix(wsize: int = 6, wstride: int = 1, wpad: int = 1, **_) -> Verdict:
    if wsize < 1 or wstride < 1 or wpad < 0 or wsize + 2 * wpad < 3:
        return not_applicable("–", "No 3×3 output at these sizes.", "这些尺寸下没有 3×3 卷积的输出。")
    torch.manual_seed(0)
    conv = nn.Conv2d(1, 1, 3, stride=wstride, padding=wpad, bias=False).double()
    x = torch.zeros(1, 1, wsize, wsize, dtype=torch.float64)
    matrix = torch.autograd.functional.jacobian(lambda v: conv(v).flatten(), x).reshape(
        -1, wsize * wsize)
    nonzero = matrix[matrix != 0]
    distinct = len(torch.unique(nonzero))
    zeros = 1 - len(nonzero) / matrix.numel()
    with torch.no_grad():
        same = torch.allclose(matrix @ x.flatten() + 0, conv(x).flatten())
    return Verdict(same and distinct <= 9 and zeros > 0.5,
                   f"{matrix.shape[0]}×{matrix.shape[1]} matrix: {zeros:.0%} zeros, "
                   f"{distinct} distinct weights",
                   "Written as Y = WᵀX the convolution's matrix is mostly zeros and repeats the "
                   "9 kernel weights: a fully connected layer with shared, sparse weights.",
                   "写成 Y = WᵀX 时卷积的矩阵大部分是 0，且只重复 9 个卷积核权重："
                   "相当于权重共享且稀疏的全连接层。",
                   f"{matrix.shape[0]}×{matrix.shape[1]} 矩阵：{zeros:.0%} 为 0，"
                   f"{distinct} 个不同的权重")


def feature_map(channels: int = 1, **_) -> Verdict:
    if channels < 1:
        return not_applicable("–", "At least one input channel.", "至少一个输入通道。")
    model = build_model("lenet", (channels, 8, 8), 10)
    nodes = fm.map_nodes(model, (channels, 8, 8))
    first = next(m for m in model.modules() if isinstance(m, nn.Conv2d))
    maps = nodes[0].shape[0]          # the first map: the first conv's output
    return Verdict(first.weight.shape[1] == channels and maps == first.out_channels,
                   f"{channels} input map(s) → {maps} feature maps, kernels "
                   f"{'×'.join(map(str, first.weight.shape[1:]))}",
                   "Each kernel spans every input feature map and yields one output feature "
                   "map: a grey image is 1 map, a colour one 3.",
                   "每个卷积核覆盖所有输入特征图，产生一张输出特征图：灰度图是 1 张，彩色图是 3 张。",
                   f"{channels} 张输入特征图 → {maps} 张特征图，卷积核 "
                   f"{'×'.join(map(str, first.weight.shape[1:]))}")


def decision_tree_svm(model: str = "tree", **_) -> Verdict:
    from sklearn.linear_model import LogisticRegression
    from sklearn.svm import SVC
    from sklearn.tree import DecisionTreeClassifier
    g = np.random.default_rng(0)
    x = g.uniform(-1, 1, size=(400, 2))
    y = (x[:, 0] * x[:, 1] > 0).astype(int)          # XOR: not linearly separable
    fitted = {"tree": DecisionTreeClassifier(random_state=0), "rbf_svm": SVC(kernel="rbf"),
              "linear_svm": SVC(kernel="linear"), "logistic": LogisticRegression()}
    if model not in fitted:
        return not_applicable("–", f"Choose one of {', '.join(fitted)}.",
                              f"请选择 {', '.join(fitted)} 之一。")
    accuracy = fitted[model].fit(x[:300], y[:300]).score(x[300:], y[300:])
    return Verdict(accuracy < 0.75, f"{model} on XOR: test accuracy {accuracy:.0%}",
                   "A decision tree or an RBF-kernel SVM fits XOR, which no line separates; "
                   "only linear models (linear SVM, logistic regression) stay near chance.",
                   "决策树和 RBF 核 SVM 都能拟合线性不可分的 XOR；只有线性模型（线性 SVM、逻辑回归）"
                   "接近随机猜测。", f"{model} 在 XOR 上的测试准确率 {accuracy:.0%}")


def warmup(warmup: int = 30, steps: int = 300, lr: float = 0.1, **_) -> Verdict:
    if warmup <= 0:
        return not_applicable("warmup = 0", "Warmup steps are 0: the rate starts at η₀.",
                              "热身步数为 0：学习率从 η₀ 开始。")
    curve = sch.lr_curve("constant", steps, lr, warmup)
    start, reached = curve[0], curve[min(warmup, steps - 1)]
    holds = bool(start < reached and np.all(np.diff(curve[:warmup + 1]) >= 0))
    return Verdict(holds, f"η: {start:.2g} at step 0 → {reached:.3g} at step {warmup}",
                   "Linear warmup starts at η₀/1000 and climbs to η₀, so the first updates of "
                   "randomly initialised weights are small.",
                   "线性热身从 η₀/1000 开始升到 η₀，随机初始化后的最初几次更新因此很小。",
                   f"η：第 0 步 {start:.2g} → 第 {warmup} 步 {reached:.3g}")


def iterations(b=(20,), epochs: int = 5, lr: float = 0.05, seed: int = 0, **_) -> Verdict:
    sizes = sorted({int(s) for s in ([b] if isinstance(b, (int, float)) else b)})
    if not sizes or not all(1 <= s <= 200 for s in sizes) or epochs < 1:
        return not_applicable("–", "Batch sizes in [1, 200], epochs ≥ 1.",
                              "批大小在 [1, 200] 内，轮数 ≥ 1。")
    updates = {s: len(_regression(s, epochs, lr, seed).points) - 1 for s in sizes}
    return Verdict(all(u == epochs * 200 / s for s, u in updates.items()),
                   "; ".join(f"B = {s}: {u} updates = {epochs} × {u // epochs} "
                             f"(200 / {s} = {200 / s:g})" for s, u in updates.items()),
                   "One iteration is one update on one batch, one epoch a pass over all the "
                   "data: samples / batch size iterations, exactly when it divides (else one "
                   "more, smaller batch).",
                   "一次 iteration 是用一个批次更新一次，一个 epoch 是遍历全部数据："
                   "迭代次数 = 样本数 / 批大小（整除时精确，否则多一个较小的批次）。",
                   "; ".join(f"B = {s}：更新 {u} 次 = {epochs} × {u // epochs}"
                             f"(200 / {s} = {200 / s:g})" for s, u in updates.items()))


@lru_cache(maxsize=16)
def _regression(batch: int, epochs: int, lr: float, seed: int):
    return op.regression_path(batch, lr, epochs, seed)


def _default_run():
    predict.default_digits()            # trains once into runs/, loads after
    return runs.read_run(runs.run_path(predict.DEFAULT_RUN))


def validation_selects(**_) -> Verdict:
    run = _default_run()
    metrics, problem = runs.parse_metrics(run.path / "metrics.csv")
    if metrics is None:
        return not_applicable("–", f"The default run's metrics are unreadable: {problem}",
                              f"默认训练记录的指标无法读取：{problem}")
    val = metrics["val_loss"]
    best = int(metrics["epoch"][int(np.argmin(val))])
    kept = run.summary.get("best_epoch")
    return Verdict(kept == best, f"kept epoch {kept} (lowest val loss {min(val):.3f}); test "
                   f"accuracy {run.summary.get('test_accuracy', float('nan')):.1%}",
                   "The Training lab keeps the epoch with the lowest validation loss and scores "
                   "the test split once, after training: the test set never chooses.",
                   "训练实验室保留验证集损失最低的那一轮，训练结束后只在测试集上评估一次："
                   "测试集从不参与选择。",
                   f"保留第 {kept} 轮（验证损失最低 {min(val):.3f}）；测试准确率 "
                   f"{run.summary.get('test_accuracy', float('nan')):.1%}")


def end_to_end(index: int = 0, **_) -> Verdict:
    classifier, splits = predict.default_digits(), digits()
    if not 0 <= index < len(splits.x_test):
        return not_applicable("–", f"Pick a test image in [0, {len(splits.x_test) - 1}].",
                              f"请选择 [0, {len(splits.x_test) - 1}] 内的测试图像。")
    pixels = predict.as_pixels(denormalize(splits.x_test[index:index + 1], splits))[0]
    buffer = io.BytesIO()
    Image.fromarray(pixels).save(buffer, format="PNG")
    result = predict.predict_file(classifier, "digit.png", buffer.getvalue())
    probs = torch.softmax(result.logits, 0)
    top = int(probs.argmax())
    label = splits.classes[int(splits.y_test[index])]
    return Verdict(result.error is None and abs(probs.sum().item() - 1) < 1e-5,
                   f"PNG of a {label} → {classifier.classes[top]} ({probs[top].item():.1%})",
                   "A PNG goes in, the class comes out: decoding, resizing, normalising and "
                   "the network are one call (predict_file).",
                   "输入一张 PNG，输出类别：解码、缩放、归一化和网络前向都在一次调用（predict_file）里完成。",
                   f"数字 {label} 的 PNG → {classifier.classes[top]}({probs[top].item():.1%})")


def pipeline(data: str = "digits", **_) -> Verdict:
    splits = training_splits(data)
    if splits is None:
        return not_applicable("–", f"The data set {data!r} is not available here.",
                              f"数据集 {data!r} 在此不可用。")
    run = _default_run()
    mean, std = splits.x_train.mean().item(), splits.x_train.std().item()
    accuracy = run.summary.get("test_accuracy")
    holds = abs(mean) < 1e-3 and abs(std - 1) < 1e-2
    if accuracy is None:
        return not_applicable("–", "The default run has no test accuracy.",
                              "默认训练记录没有测试准确率。")
    return Verdict(holds, f"train mean {mean:.1e}, std {std:.3f}; digits LeNet test accuracy "
                   f"{accuracy:.1%}",
                   "The Training lab does steps 1–4: read the digits, standardise them (train "
                   "mean 0, std 1), build the model, evaluate on the test split; step 5 "
                   "(tuning) is your part.",
                   "训练实验室完成前四步：读取 digits、标准化（训练集均值 0、标准差 1）、创建模型、"
                   "在测试集上评估；第 5 步调参由你来做。",
                   f"训练集均值 {mean:.1e}，标准差 {std:.3f}；digits 上 LeNet 测试准确率 {accuracy:.1%}")


CLAIMS = (
    Claim("000.pipeline", SEED, "深度学习的Pipeline",
          "A deep-learning pipeline has five steps: read data, preprocess, build the model, "
          "evaluate it, tune it.",
          "深度学习的流程有五步：读取数据、预处理、创建模型、评估模型、调参。",
          "app_pages/train.py", pipeline),
    Claim("000.feature_map", SEED, "feature map的含义",
          "Each kernel produces one feature map of the next layer; a grey input is one feature "
          "map, a colour input three.",
          "每个卷积核产生下一层的一张特征图；灰度输入是一张特征图，彩色输入是三张。",
          "app_pages/feature_maps.py", feature_map),
    Claim("000.iterations", SEED, "100次iteration",
          "With 1000 samples and batch size 10 one epoch takes 100 iterations: iterations = "
          "samples / batch size.",
          "1000 个样本、批大小 10 时，一个 epoch 需要 100 次 iteration：迭代次数 = 样本数 / 批大小。",
          "app_pages/optimizers.py", iterations, {"tab": "batch"}),
    Claim("000.kernel_channels", SEED, "每一个的尺寸为5x5x3",
          "A conv from 3 to 32 channels with 5×5 kernels needs 32 kernels of 5×5×3: input "
          "channels set the kernels' depth, output channels their number.",
          "从 3 通道到 32 通道、5×5 的卷积需要 32 个 5×5×3 的卷积核：输入通道决定卷积核深度，"
          "输出通道决定个数。",
          "app_pages/conv_arithmetic.py", kernel_channels,
          {"tab": "saving", "cin": "3", "cout": "32", "sk": "5"}),
    Claim("000.stacked_convs", SEED, "多层卷积就等同于一层卷积",
          "Without pooling or another non-linearity, several conv layers are equivalent to one.",
          "没有池化等非线性操作时，多层卷积等同于一层卷积。",
          "app_pages/conv_arithmetic.py", stacked_convs),
    Claim("000.conv_matrix", SEED, "权重矩阵有大量的参数是一样的",
          "A convolution is a linear map whose weight matrix shares its parameters and is "
          "mostly zeros.",
          "卷积是一个线性映射，它的权重矩阵参数大量共享，且大部分是 0。",
          "app_pages/conv_arithmetic.py", conv_as_matrix, {"tab": "walk"}),
    Claim("000.tree_svm", SEED, "这些算法都只能解决线性可分的问题",
          "Decision trees and support vector machines can only solve linearly separable "
          "problems.",
          "决策树和支持向量机只能解决线性可分的问题。",
          "app_pages/activations.py", decision_tree_svm),
    Claim("000.warmup", SEED, "热身Warm up",
          "Warm-up trains the first steps with a small learning rate, because randomly "
          "initialised weights are unstable under a large one.",
          "热身（Warm up）在开始阶段用较小的学习率训练，因为随机初始化的参数在大学习率下容易不稳定。",
          "app_pages/schedules.py", warmup),
    Claim("000.validation", SEED, "development set",
          "The validation set tunes and selects the model; the test set only measures the "
          "final one.",
          "验证集用来调参和选择模型；测试集只用来评估最终模型。",
          "app_pages/train.py", validation_selects),
    Claim("000.end_to_end", SEED, "End-To-End",
          "End to end: one input image in, the final prediction out, everything in between "
          "left to the network.",
          "端到端：输入一张图，直接输出最终预测，中间过程全部交给网络。",
          "app_pages/predict.py", end_to_end),
)
