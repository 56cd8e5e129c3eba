"""Chinese for the Focal & balanced CE page (and the texts of its figures)."""

ZH = {
    "Focal loss & balanced cross-entropy": "Focal 损失与平衡交叉熵",
    "Two answers to class imbalance ({note}): weight the rare class up (α), or weight the "
    "easy examples down (γ). Lin et al. 2017, \"Focal loss for dense object detection\".":
        "应对类别不平衡的两种办法（{note}）：提高稀有类别的权重（α），或降低易分样本的权重（γ）。"
        "出自 Lin 等人 2017 年的论文 \"Focal loss for dense object detection\"。",
    "focusing γ (one curve each; γ = 0 is CE)": "聚焦参数 γ（每个值一条曲线；γ = 0 即交叉熵）",
    "α (weight of positives)": "α（正样本的权重）",
    "In [0, 1]; a negative α switches the weighting off.": "取值在 [0, 1]；α 为负数时不加权。",
    "γ for the check and the toy": "用于核对与玩具例子的 γ",
    "{error}. Change it above.": "{error}。请在上方修改。",
    "Pick at least one γ to draw its curves.": "请至少选择一个 γ 来绘制曲线。",
    "Large γ flattens the loss **and its gradient** for well-classified examples "
    "($p_t \\to 1$): the many easy negatives of a detector stop drowning out the few hard "
    "examples. The factor $(1-p_t)^\\gamma$ is 0.01 at $p_t = 0.9$ with γ = 2.":
        "γ 越大，已分对的样本（$p_t \\to 1$）的损失**及其梯度**越平：检测器中大量容易的负样本"
        "不再淹没少数困难样本。γ = 2 时，因子 $(1-p_t)^\\gamma$ 在 $p_t = 0.9$ 处只有 0.01。",
    "mean loss on a random batch of 256": "256 个随机样本上的平均损失",
    "explorer.losses.focal_loss (formula above)": "explorer.losses.focal_loss（上面的公式）",
    "An imbalanced toy": "一个类别不平衡的玩具例子",
    "Common negatives around (0, 0), rare positives around (2, 2). A logistic regression is "
    "fitted to each loss. Balanced CE uses the notes' $\\frac{\\alpha}{1-\\alpha} = "
    "\\frac{n_-}{n_+}$; focal uses γ and α from above.":
        "大量负样本分布在 (0, 0) 附近，少量正样本在 (2, 2) 附近。对每种损失各拟合一个逻辑回归。"
        "平衡交叉熵采用笔记中的 $\\frac{\\alpha}{1-\\alpha} = \\frac{n_-}{n_+}$；focal 损失"
        "使用上面的 γ 和 α。",
    "negatives per positive": "每个正样本对应的负样本数",
    "balanced CE (α = {alpha})": "平衡交叉熵（α = {alpha}）",
    "focal (γ = {gamma}, α = {alpha})": "focal 损失（γ = {gamma}，α = {alpha}）",
    "cross-entropy": "交叉熵",
    "loss": "损失",
    "precision": "查准率",
    "recall of positives": "正样本查全率",
    "average precision": "平均精度 AP",
    "At threshold 0.5, CE sacrifices the rare class (low recall); balanced CE moves the "
    "boundary towards the negatives (high recall, low precision). Average precision, which "
    "ignores the threshold, moves much less.":
        "在阈值 0.5 下，交叉熵牺牲了稀有类别（查全率低）；平衡交叉熵把决策边界推向负样本"
        "（查全率高、查准率低）。与阈值无关的平均精度 AP 变化小得多。",
    # figure texts (explorer/figures/losses.py)
    "loss  −α (1 − p<sub>t</sub>)<sup>γ</sup> log p<sub>t</sub>":
        "损失  −α (1 − p<sub>t</sub>)<sup>γ</sup> log p<sub>t</sub>",
    "gradient ∂loss/∂z  (autograd)": "梯度 ∂loss/∂z（自动求导）",
    "p<sub>t</sub> (probability given to the true label)": "p<sub>t</sub>（分给真实标签的概率）",
    "negative (common)": "负样本（常见）",
    "positive (rare)": "正样本（稀有）",
}
