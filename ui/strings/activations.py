"""Chinese for the Activation functions page (and the texts of its figures)."""

ZH = {
    "Why networks need a non-linearity, and how its derivative decides whether gradients "
    "survive the trip back through many layers ({note}).":
        "为什么网络需要非线性，以及激活函数的导数如何决定梯度能否穿过许多层反向传回（{note}）。",
    "Functions to compare": "要比较的函数",
    "x min": "x 最小值",
    "x max": "x 最大值",
    "Parameters": "参数",
    "Pick at least one function above to draw its curve.": "请在上方至少选择一个函数来绘制曲线。",
    "Curves & derivatives": "曲线与导数",
    "Input distribution": "输入分布",
    "Through depth": "穿过深度",
    "Softmax": "Softmax",
    "Shade the saturation zones of": "用灰色标出其饱和区的函数",
    "grey: {name} saturated, |f′| < {threshold}": "灰色：{name} 的饱和区，|f′| < {threshold}",
    "{error}. Change x min or x max.": "{error}。请修改 x 最小值或 x 最大值。",
    "**Formulas** (the derivative curves above come from autograd; the tests check them "
    "against these closed forms)":
        "**公式**（上面的导数曲线由自动求导 autograd 算出；测试用这些闭式解核对它们）",
    "Pre-activations $z \\sim \\mathcal{{N}}(\\mu, \\sigma^2)$ pass through each function. "
    "**Sparsity** ({note}: 稀疏性) is the share of outputs that are exactly 0 by the formula: "
    "ReLU zeroes every $z<0$, half of them at μ = 0. Those units still learn from their other "
    "inputs; a float that merely underflows (GELU below −38) is not counted.":
        "预激活值 $z \\sim \\mathcal{{N}}(\\mu, \\sigma^2)$ 依次通过每个函数。**稀疏性**（{note}）"
        "指按公式恰好输出 0 的比例：ReLU 把所有 $z<0$ 置零，μ = 0 时恰好一半。这些单元仍能从"
        "其他输入学习；仅因浮点下溢而变成 0 的输出（GELU 在 −38 以下）不计入。",
    "mean μ": "均值 μ",
    "std σ": "标准差 σ",
    "zero outputs (sparsity)": "零输出比例（稀疏性）",
    "saturated (|f′|<0.05)": "饱和比例（|f′|<0.05）",
    "output mean": "输出均值",
    "output variance": "输出方差",
    "mean |f′(z)|": "|f′(z)| 的均值",
    "Dead ReLU units in a trained network": "训练后网络中的死亡 ReLU 单元",
    "A **dead** unit ({note}: 神经元死亡, 死区) outputs 0 for *every* input, so its weights "
    "never get a gradient again. The notes' cause: a learning rate so large that one update "
    "pushes it below 0 for all the data. Below: the same {depth}×{width} ReLU MLP trained on "
    "digits with SGD for {epochs} epochs at lr {lr} and at a high rate; a unit counts as dead "
    "when no training image makes it fire.":
        "**死亡**单元（{note}：神经元死亡、死区）对*所有*输入都输出 0，它的权重再也得不到梯度。"
        "笔记给出的原因：学习率过大，一次更新就把它推到对全部数据都小于 0。下面用 SGD 在 digits "
        "上把同一个 {depth}×{width} 的 ReLU MLP 训练 {epochs} 轮，学习率分别为 {lr} 和一个大"
        "学习率；若没有任何训练图像能激活某个单元，就算它死亡。",
    "high learning rate": "大学习率",
    "random seed of the training": "训练的随机种子",
    "Train and count dead units": "训练并统计死亡单元",
    "Training two small ReLU MLPs on digits…": "正在 digits 上训练两个小型 ReLU MLP…",
    "hidden layer": "隐藏层",
    "dead units": "死亡单元",
    "{dead} of {units}": "{units} 个中 {dead} 个",
    "Backpropagation multiplies one derivative per layer. Sigmoid's derivative is at most "
    "$\\tfrac14$, so after $L$ layers the gradient is at most $4^{-L}$ of what it was (weights "
    "aside): it **vanishes**. ReLU passes 1 or 0: a path that meets one $z<0$ carries nothing "
    "back (**dead**), the others carry the gradient unchanged. The two are shown apart.":
        "反向传播每经过一层就乘上一个导数。Sigmoid 的导数至多为 $\\tfrac14$，所以经过 $L$ 层后"
        "梯度至多剩下原来的 $4^{-L}$（不计权重）：这就是**梯度消失**。ReLU 的导数是 1 或 0："
        "一条路径只要遇到一次 $z<0$ 就什么也传不回去（**死亡**），其余路径把梯度原样传回。"
        "两者分开画出。",
    "layers": "层数",
    "pre-activation mean": "预激活均值",
    "pre-activation std": "预激活标准差",
    "Every sampled path met a zero derivative within {depth} layers, so no typical factor is "
    "left to draw: {names}.":
        "在 {depth} 层以内，每条采样路径都遇到了零导数，因此没有典型因子可画：{names}。",
    "typical factor after {depth} layers (paths alive)": "{depth} 层后的典型因子（存活路径）",
    "{names}: a sampled derivative rounded to exactly 0 in float64 (tanh's beyond |z| ≈ 19) "
    "although the formula is never 0, so the typical factor underflows to 0 and is not drawn: "
    "the gradient vanished numerically.":
        "{names}：有采样到的导数在 float64 中舍入成了 0（tanh 在 |z| ≈ 19 以上），虽然公式上它从不为 0，"
        "因此典型因子下溢为 0，图中不画：梯度在数值上消失了。",
    "0 (underflow)": "0（下溢）",
    "— (all dead)": "—（全部死亡）",
    "paths dead": "死亡路径比例",
    "Both forms are equal on paper. On a computer $e^{1000}$ overflows to infinity and "
    "$\\infty/\\infty$ is NaN; subtracting the maximum first keeps every exponent $\\le 0$. "
    "Try the *large logits* preset.":
        "两种写法在纸面上相等。但在计算机上 $e^{1000}$ 会上溢为无穷大，$\\infty/\\infty$ 得到 "
        "NaN；先减去最大值可以让每个指数都 $\\le 0$。试试*大 logits* 预设。",
    "Logits": "Logits",
    "small": "小",
    "large logits": "大 logits",
    "temperature T": "温度 T",
    "logit": "logit",
    "Naive softmax overflowed: exp(z/T) became infinite and the result is NaN. The "
    "max-subtracted version is exact.":
        "朴素 softmax 上溢了：exp(z/T) 变成无穷大，结果为 NaN。减去最大值的版本是精确的。",
    "Both agree (largest difference {gap}).": "两者一致（最大差值 {gap}）。",
    # figure texts (explorer/figures/activations.py)
    "f′(x)  (autograd)": "f′(x)（自动求导）",
    "typical |∏ f′(z<sub>l</sub>)| of the paths still alive": "存活路径的典型 |∏ f′(z<sub>l</sub>)|",
    "paths that met f′ = 0 (dead), %": "遇到 f′ = 0 的路径（死亡），%",
    "layers L": "层数 L",
    "0.25ᴸ bound": "0.25ᴸ 上界",
    "naive": "朴素",
    "max-subtracted": "减去最大值",
}
