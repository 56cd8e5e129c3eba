"""Chinese for the Label smoothing page (and the texts of explorer.figures.losses' label
smoothing figures and explorer.figures.calibration)."""

ZH = {
    "Label smoothing": "标签平滑",
    "Soften the one-hot target so the network stops pushing the true logit to infinity "
    "({note}). Every formula below is checked against torch, numerically.":
        "把 one-hot 目标变软，网络就不再把真实类别的 logit 推向无穷大（{note}）。下面每个公式都"
        "与 torch 做了数值核对。",
    "momentum (SGD)": "动量（SGD）",
    "classes N": "类别数 N",
    "Number of classes: 2 to {max} (the numeric optimum takes seconds there).":
        "类别数：2 到 {max}（类别很多时数值求最优要花几秒）。",
    "smoothing ε": "平滑系数 ε",
    "0 ≤ ε < 1. ε = 0 is the one-hot target. The one ε of the page: the formulas and the "
    "trained comparison below use it.":
        "0 ≤ ε < 1。ε = 0 即 one-hot 目标。这是整页唯一的 ε：下面的公式和训练对比都用它。",
    "{err}. Change the value above.": "{err}。请修改上面的数值。",
    "Targets & loss": "目标与损失",
    "Optimal logits": "最优 logits",
    "smoothed (ε = {epsilon:g})": "平滑后（ε = {epsilon:g}）",
    " (true)": "（真实）",
    "label-smoothed CE (ε = {epsilon:g})": "标签平滑交叉熵（ε = {epsilon:g}）",
    "optimum z* = {gap:.2f}": "最优 z* = {gap:.2f}",
    "quantity": "量",
    "q_i = ε/N (i ≠ y)": "q_i = ε/N（i ≠ y）",
    "loss from the formula (random batch of 32)": "按公式计算的损失（随机 32 个样本）",
    "torch.nn.CrossEntropyLoss(label_smoothing=ε), same batch":
        "torch.nn.CrossEntropyLoss(label_smoothing=ε)，同一批样本",
    "With ε = 0 the loss keeps falling as the true logit grows: the network is rewarded for "
    "ever larger logits and ever more confident outputs. With ε > 0 it has a minimum at a "
    "finite logit (dashed line).":
        "ε = 0 时，真实类别的 logit 越大损失越小：网络会因为 logit 越来越大、输出越来越自信而"
        "得到奖励。ε > 0 时损失在有限的 logit 处有最小值（虚线）。",
    "{note} writes the gap as $\\log\\frac{{(N-1)(1-\\varepsilon)}}{{\\varepsilon}}$. That is "
    "the optimum for the *other* convention, where ε is spread over the $N-1$ wrong classes "
    "only ($q_y = 1-\\varepsilon$, $q_i = \\varepsilon/(N-1)$, He et al. 2019). torch and the "
    "$q_i$ above put ε/N on every class, and then the gap is the first formula: the numeric "
    "optimum (crosses) decides.":
        "{note}把这个差写成 $\\log\\frac{{(N-1)(1-\\varepsilon)}}{{\\varepsilon}}$。那是*另一种*"
        "约定下的最优值：ε 只分给 $N-1$ 个错误类别（$q_y = 1-\\varepsilon$，"
        "$q_i = \\varepsilon/(N-1)$，He 等 2019）。torch 和上面的 $q_i$ 在每个类别上都放 ε/N，"
        "这时差值是第一个公式：由数值最优解（叉号）裁决。",
    "optimal gap z*_y − z*_i  (N = {num_classes})": "最优差值 z*_y − z*_i（N = {num_classes}）",
    "With ε = 0 there is no optimum: the gap is infinite.": "ε = 0 时没有最优解：差值为无穷大。",
    "The numeric optimum is searched for ε in [{low}, {high}] (beyond, the loss is too flat "
    "for float64 to locate it); the closed form holds for every ε.":
        "数值最优解只在 ε ∈ [{low}, {high}] 内搜索（超出这个范围，损失太平坦，float64 无法定位）；"
        "闭式解对任何 ε 都成立。",
    "numeric optimum of torch's loss over all N logits: gap": "torch 损失对全部 N 个 logit 的数值最优解：差值",
    "closed form log(1 + N(1−ε)/ε)": "闭式解 log(1 + N(1−ε)/ε)",
    "note's log((N−1)(1−ε)/ε)": "笔记的 log((N−1)(1−ε)/ε)",
    "spread of the N−1 wrong logits (0 = all equal)": "N−1 个错误 logit 的离散程度（0 = 全部相等）",
    "loss at the optimum": "最优处的损失",
    "entropy H(q), the loss's lower bound": "熵 H(q)，损失的下界",
    "ε = {e}: waiting": "ε = {e}：等待中",
    "ε = {e}: step {step}/{total}, loss {loss}": "ε = {e}：第 {step}/{total} 步，损失 {loss}",
    "ε = {e}: epoch {epoch}/{epochs}, val accuracy {acc}":
        "ε = {e}：第 {epoch}/{epochs} 轮，验证准确率 {acc}",
    "Trained comparison: ε = 0 vs ε = {e} on digits": "训练对比：在 digits 上 ε = 0 与 ε = {e}",
    "Trained comparison: ε = 0 vs ε > 0 on digits": "训练对比：在 digits 上 ε = 0 与 ε > 0",
    "Two LeNets trained by `explorer.train.fit` with the same data, seed and schedule; only "
    "the label smoothing differs: ε = 0 and the **smoothing ε set at the top** (with the "
    "digits' own N = 10 classes). Measured on the test split; the temperature T is fitted on "
    "the validation split (Guo et al. 2017).":
        "两个 LeNet 由 `explorer.train.fit` 用相同的数据、随机种子和学习率调度训练，只有标签平滑"
        "不同：ε = 0 和**页面顶部设置的平滑系数 ε**（使用 digits 自己的 N = 10 个类别）。指标在"
        "测试集上测量；温度 T 在验证集上拟合（Guo 等 2017）。",
    "label noise (%)": "标签噪声（%）",
    "The same random train labels are replaced in both runs; validation and test labels stay "
    "clean.":
        "两次训练替换的是同一批随机选出的训练标签；验证集和测试集的标签保持干净。",
    "3 classes for the penultimate-layer picture": "倒数第二层图中的 3 个类别",
    "Training settings (the same for both models)": "训练设置（两个模型相同）",
    "momentum = SGD with momentum 0.9": "动量 = 动量为 0.9 的 SGD",
    "The comparison needs a smoothing ε between 0 and 1 (both excluded): set it at the top of "
    "the page.":
        "对比需要 0 到 1 之间（不含两端）的平滑系数 ε：请在页面顶部设置。",
    "Train the comparison": "训练对比模型",
    "Pick exactly 3 classes for the penultimate-layer picture ({n} picked).":
        "请为倒数第二层的图恰好选 3 个类别（已选 {n} 个）。",
    "Press **Train the comparison** to train both models (ε = 0 and ε = {e}) with these "
    "settings ({epochs} epochs each). Results are kept: coming back is instant.":
        "点击 **训练对比模型**，用这些设置训练两个模型（ε = 0 和 ε = {e}，各 {epochs} 轮）。"
        "结果会被保留：回到这里时立即显示。",
    "ε = {e} · spread {spread}": "ε = {e} · 离散度 {spread}",
    "class {name}": "类别 {name}",
    "{err}. Lower the learning rate (or use adam) and train again.":
        "{err}。请降低学习率（或改用 adam）后重新训练。",
    "model": "模型",
    "mean confidence": "平均置信度",
    "T (val)": "T（验证集）",
    "NLL after T": "T 缩放后的 NLL",
    "ECE after T": "T 缩放后的 ECE",
    "spread": "离散度",
    "**Reliability diagrams** (top: accuracy per confidence bin; a calibrated model sits on the "
    "diagonal) and **confidence histograms** (bottom). Smoothing pulls the confidence down; T "
    "(fitted on the validation split) rescales the logits afterwards and never changes the "
    "accuracy.":
        "**可靠性图**（上：每个置信度区间的准确率；校准良好的模型落在对角线上）和**置信度直方图**"
        "（下）。平滑会压低置信度；T（在验证集上拟合）事后缩放 logits，从不改变准确率。",
    "**Penultimate layer** (Müller, Kornblith & Hinton 2019): training activations of the 3 "
    "classes projected on the plane through their templates, the rows of the last layer. "
    "Smoothing tends to pull each class into a tighter cluster, equally far from the others. "
    "*Spread* = mean distance to the own class mean / mean distance between class means "
    "(lower = tighter).":
        "**倒数第二层**（Müller、Kornblith 与 Hinton 2019）：3 个类别的训练激活投影到经过各自"
        "模板（最后一层权重的行）的平面上。平滑往往让每个类别聚得更紧，并与其他类别等距。"
        "*离散度* = 到本类均值的平均距离 / 类别均值之间的平均距离（越低越紧）。",
    # explorer.figures.losses (label smoothing figures)
    "one-hot (ε = 0)": "one-hot（ε = 0）",
    "class i": "类别 i",
    "target q_i": "目标 q_i",
    "cross-entropy (ε = 0)": "交叉熵（ε = 0）",
    "true-class logit z_y (the other logits are 0)": "真实类别的 logit z_y（其余 logit 为 0）",
    "log(1 + N(1−ε)/ε)  (q_i = ε/N)": "log(1 + N(1−ε)/ε)（q_i = ε/N）",
    "Note 1: log((N−1)(1−ε)/ε)  (q_i = ε/(N−1))": "笔记1：log((N−1)(1−ε)/ε)（q_i = ε/(N−1)）",
    "numeric optimum (L-BFGS on torch's loss)": "数值最优解（对 torch 损失做 L-BFGS）",
    # explorer.figures.calibration
    "before (T = 1)": "缩放前（T = 1）",
    "after temperature scaling": "温度缩放后",
    "confidence (top softmax probability)": "置信度（softmax 最大概率）",
    "examples": "样本数",
    # the optimal logits' formula: z*_i = α for every i ≠ y
    "for every": "对所有",
}
