"""Chinese for the Weight initialisation page (and the texts of its figures)."""

ZH = {
    "Weight initialisation": "权重初始化",
    "Too small and the signal vanishes, too large and it explodes; Xavier keeps the variance "
    "of tanh/linear nets, He keeps ReLU nets; all-zero weights never break the symmetry "
    "between units, yet a zero last layer is fine ({notes}).":
        "初始权重太小，信号会消失；太大，信号会爆炸。Xavier 保持 tanh/线性网络的方差，He 保持 "
        "ReLU 网络的方差；全零权重永远无法打破单元之间的对称性，但最后一层置零没有问题（{notes}）。",
    "zeros": "全零",
    "constant 0.1": "常数 0.1",
    "uniform U(0, 1)": "均匀分布 U(0, 1)",
    "Depth (layers)": "深度（层数）",
    "Width (units)": "宽度（单元数）",
    "Activation": "激活函数",
    "Initialisations to compare": "要比较的初始化方法",
    "Gain, fan mode, BatchNorm, residuals, input, batch, random seed":
        "增益、fan 模式、BatchNorm、残差、输入、批大小、随机种子",
    "Custom gain": "自定义增益",
    "Off: each scheme's own gain (Xavier 1, He √2, others calculate_gain).":
        "关闭时：每种方法用它自己的增益（Xavier 为 1，He 为 √2，其余用 calculate_gain）。",
    "gain (calculate_gain = {gain})": "增益（calculate_gain = {gain}）",
    "Kaiming fan": "Kaiming fan 模式",
    "Batch size": "批大小",
    "BatchNorm before the activation": "激活函数之前加 BatchNorm",
    "Residual connections h + f(h)": "残差连接 h + f(h)",
    "normal": "正态分布",
    "uniform": "均匀分布",
    "Input x": "输入 x",
    "Both have variance 1: N(0, 1) or U(−√3, √3).": "两者方差都是 1：N(0, 1) 或 U(−√3, √3)。",
    "Pick at least one initialisation to compare.": "请至少选择一种初始化方法来比较。",
    "Gains (custom): {gains}. ": "增益（自定义）：{gains}。",
    "Gains (as in each paper): {gains}. ": "增益（按各自论文）：{gains}。",
    "Fixed scale, no gain: {schemes}. ": "固定尺度、不用增益：{schemes}。",
    "Dashed lines: the mean-field prediction (no BatchNorm or residuals, zero-mean weights "
    "only).": "虚线：平均场理论的预测（仅适用于无 BatchNorm、无残差、零均值权重）。",
    "Std through depth": "标准差随深度的变化",
    "Activation histograms": "激活值分布",
    "Symmetry (zero init)": "对称性（零初始化）",
    "Train on digits": "在 digits 上训练",
    "All-zero weights pass nothing forward: see the Symmetry tab.":
        "全零权重向前传不出任何信号：见“对称性”标签页。",
    "Lower the gain, or use the init made for {activation}.":
        "请降低增益，或使用为 {activation} 设计的初始化。",
    "Raise the gain, or use the init made for {activation}.":
        "请提高增益，或使用为 {activation} 设计的初始化。",
    "{scheme} has a fixed scale and ignores the gain: use a scaled init (Xavier, Kaiming) or "
    "BatchNorm.": "{scheme} 的尺度固定、不受增益影响：请改用按层大小缩放的初始化（Xavier、"
                  "Kaiming）或 BatchNorm。",
    "**Std of z at layer {depth}** (change vs layer 1)": "**第 {depth} 层 z 的标准差**（相对第 1 层的变化）",
    "overflowed": "上溢",
    "{scheme}: {bad} layer statistics overflowed to inf/nan (✕ at the top of the plot): the "
    "variance exploded. {remedy}":
        "{scheme}：有 {bad} 个层统计量上溢为 inf/nan（图顶部的 ✕）：方差爆炸了。{remedy}",
    "every z is exactly 0 from layer {layer} on": "从第 {layer} 层起所有 z 都恰好为 0",
    "the gradient is exactly 0 at {n} layer(s)": "有 {n} 层的梯度恰好为 0",
    " the signal shrank below float32's smallest number (1.4e-45) and underflowed:":
        "信号缩小到 float32 能表示的最小数（1.4e-45）以下而下溢：",
    "{scheme}: {where} (▽ at the bottom of the plot);{why} it vanished. {remedy}":
        "{scheme}：{where}（图底部的 ▽）；{why}信号消失了。{remedy}",
    "{scheme}: the gradient is exactly 0 at {n} layer(s) (▽ at the bottom of the plot) "
    "although z did not vanish: {activation} saturated, its slope rounds to exactly 0 in "
    "float32 (tanh beyond |z| ≈ 9, sigmoid beyond z ≈ 21). {remedy}":
        "{scheme}：有 {n} 层的梯度恰好为 0（图底部的 ▽），而 z 并没有消失：{activation} 饱和了，"
        "它的斜率在 float32 中舍入成了 0（tanh 在 |z| ≈ 9 以上，sigmoid 在 z ≈ 21 以上）。"
        "{remedy}",
    "Initialisation": "初始化方法",
    "activations h<sub>l</sub>, {label}": "激活值 h<sub>l</sub>，{label}",
    "layer {layer}": "第 {layer} 层",
    "Saturated tanh/sigmoid pile up at ±1 (or 0 and 1); vanished signals collapse to a spike "
    "at 0.": "饱和的 tanh/sigmoid 堆积在 ±1（或 0 和 1）处；消失的信号收缩成 0 处的一个尖峰。",
    "Gradient of the loss with respect to the **first layer's weights** of a 64→16→16→10 "
    "tanh MLP on a digits batch. With zero or constant weights every hidden unit computes the "
    "same thing, so every row (unit) gets the same gradient: rank ≤ 1, and training can never "
    "make them differ.":
        "一个 64→16→16→10 的 tanh MLP 在一批 digits 上，损失对**第一层权重**的梯度。权重全零或"
        "为常数时，每个隐藏单元计算的东西完全一样，所以每一行（单元）得到相同的梯度：秩 ≤ 1，"
        "训练永远无法让它们变得不同。",
    "rank {rank}, {rows} distinct row(s)": "秩 {rank}，{rows} 个不同的行",
    "The same 3×64 **{activation}** MLP trained for 8 epochs on digits from each "
    "initialisation, plus all-zero weights and a zero **output** layer only ({note}: the last "
    "layer may start at 0, the others may not).":
        "同一个 3×64 的 **{activation}** MLP 从每种初始化出发在 digits 上训练 8 轮，另加全零"
        "权重、以及只把**输出层**置零两种情况（{note}：最后一层可以从 0 开始，其他层不可以）。",
    "Train the comparison": "训练对比模型",
    "Training one MLP per initialisation on digits…": "正在 digits 上为每种初始化训练一个 MLP…",
    "initialisation": "初始化方法",
    "final validation accuracy": "最终验证准确率",
    "diverged in epoch 1": "第 1 轮就发散了",
    # figure texts (explorer/figures/weight_init.py)
    "forward: std of pre-activations z<sub>l</sub>": "前向：预激活 z<sub>l</sub> 的标准差",
    "backward: std of ∂loss/∂z<sub>l</sub>": "反向：∂loss/∂z<sub>l</sub> 的标准差",
    "{label}: exactly 0": "{label}：恰好为 0",
    "{label}: inf/nan": "{label}：inf/nan",
    "layer": "层",
    "input pixel": "输入像素",
    "hidden unit": "隐藏单元",
    "ln 10: guessing among 10 classes": "ln 10：在 10 个类别中瞎猜",
    "epoch": "轮次",
    "validation loss": "验证损失",
}
