"""Chinese for the BatchNorm & dropout modes page (and the texts of its figures)."""

ZH = {
    "BatchNorm and dropout: train() vs eval()": "BatchNorm 与 Dropout：train() 与 eval()",
    "Both layers behave differently while training and at test time ({note}): forgetting "
    "`model.eval()` before predicting is a classic bug.":
        "这两种层在训练和测试时的行为不同（{note}）：预测前忘记调用 `model.eval()` 是经典错误。",
    "rule": "规则",
    "train() mean": "train() 均值",
    "inference": "推理",
    "inference / train": "推理 / 训练",
    "inverted dropout (nn.Dropout): × 1/(1−p) in train(), nothing at inference":
        "反向 Dropout（nn.Dropout）：train() 中 × 1/(1−p)，推理时不做处理",
    "mask only, no rescaling at inference": "只做掩码，推理时不缩放",
    "mask only, inference × drop ratio p (Note 1)": "只做掩码，推理时 × 失活比例 p（笔记1）",
    "mask only, inference × keep ratio 1 − p (Srivastava et al.)":
        "只做掩码，推理时 × 保留比例 1 − p（Srivastava 等人）",
    "BatchNorm modes": "BatchNorm 的两种模式",
    "Dropout scaling": "Dropout 的缩放",
    "Small batches are noisy": "小批量噪声大",
    "batch size": "批大小",
    "warm-up batches": "预热批数",
    "Batches seen before, in train() mode: each moves the running mean and variance by "
    "momentum m = 0.1 towards its statistics.":
        "此前在 train() 模式下见过的批：每一批都以动量 m = 0.1 把滑动均值和方差拉向自己的统计量。",
    "shift of the last batch": "最后一批的偏移",
    "Data were N(3, 2²); the batch looked at is shifted by this.":
        "数据服从 N(3, 2²)；所观察的这一批整体偏移这么多。",
    "batch mean $\\mu_B$": "批均值 $\\mu_B$",
    "batch mean μ<sub>B</sub>": "批均值 μ<sub>B</sub>",
    "running mean μ̂": "滑动均值 μ̂",
    "batch variance $\\sigma^2_B$": "批方差 $\\sigma^2_B$",
    "batch variance σ²<sub>B</sub>": "批方差 σ²<sub>B</sub>",
    "running variance σ̂²": "滑动方差 σ̂²",
    "train() output mean {train} (always 0: the batch normalises itself); eval() output mean "
    "{eval} (the shift survives, as a test-time input should). With 0 batches seen the "
    "running statistics are still PyTorch's initial mean 0, variance 1.":
        "train() 输出均值 {train}（总是 0：这一批用自己的统计量归一化）；eval() 输出均值 {eval}"
        "（偏移保留下来，测试时的输入本该如此）。若一批都没见过，滑动统计量仍是 PyTorch 的初始值："
        "均值 0、方差 1。",
    "dropout probability p": "失活概率 p",
    "kept units (of 1000)": "保留的单元（共 1000 个）",
    "expected {share} (1 − p)": "期望 {share}（1 − p）",
    "value of a kept unit": "保留单元的取值",
    "none kept": "一个也没保留",
    "mean output in train()": "train() 中的平均输出",
    "input mean 1.000": "输入均值 1.000",
    "Scaling the kept units during training ('inverted dropout', what nn.Dropout does) keeps "
    "the expected activation equal, so eval() needs no rescaling.":
        "训练时放大保留下来的单元（“反向 Dropout”，即 nn.Dropout 的做法）使激活的期望不变，"
        "所以 eval() 无需再缩放。",
    "{note}: its rule and PyTorch's": "{note}：其中的规则与 PyTorch 的做法",
    "The note (model.train / model.eval): *训练时随机失活, 推理时全部开启, 同时最终输出要乘以失活"
    "比例, 否则会导致最后的结果翻倍*: drop units while training, keep them all at inference and "
    "multiply the output by the **drop ratio** p, \"otherwise the result doubles\". Without "
    "rescaling, training sees on average (1 − p)·x, so it is the **keep ratio** 1 − p that "
    "restores that scale; the two agree only at p = 0.5, where the unscaled output is indeed "
    "double. PyTorch moves the rescaling into training instead (× 1/(1 − p)) and leaves "
    "eval() alone.":
        "笔记（model.train / model.eval）写道：*训练时随机失活, 推理时全部开启, 同时最终输出要"
        "乘以失活比例, 否则会导致最后的结果翻倍*。不缩放时，训练平均看到的是 (1 − p)·x，所以能"
        "恢复这个尺度的是**保留比例** 1 − p；两者只在 p = 0.5 时一致，这时不缩放的输出确实翻倍。"
        "PyTorch 则把缩放移到训练中（× 1/(1 − p)），eval() 不做任何处理。",
    "At p = {p}, measured on 100,000 units (random seed {seed}): inference / train = 1 means "
    "inference sees the scale training saw.":
        "p = {p} 时在 100,000 个单元上测得（随机种子 {seed}）：推理 / 训练 = 1 表示推理看到的"
        "尺度与训练时相同。",
    "In train() BatchNorm uses each batch's own mean and variance. With a small batch these "
    "estimates wobble from batch to batch, so the *same* sample gets a different output "
    "depending on its batch-mates: noise that hurts with batches of 2–8 (why "
    "GroupNorm/LayerNorm exist). 300 random batches per size; data N(0, 2²), the fixed sample "
    "is x₀ = 1.":
        "在 train() 中 BatchNorm 使用每一批自己的均值和方差。批很小时，这些估计在批与批之间摆动，"
        "于是*同一个*样本的输出取决于与它同批的样本：批大小为 2–8 时这种噪声有害（这正是 "
        "GroupNorm/LayerNorm 存在的原因）。每种批大小取 300 个随机批；数据服从 N(0, 2²)，"
        "固定样本为 x₀ = 1。",
    "Batch of 2: one sample's BN output varies with std {small}; batch of 256: {large}.":
        "批大小为 2 时：一个样本的 BN 输出的标准差为 {small}；批大小为 256 时：{large}。",
    # figure texts (explorer/figures/normalization.py)
    "train(): batch μ<sub>B</sub>, σ²<sub>B</sub>": "train()：批统计量 μ<sub>B</sub>、σ²<sub>B</sub>",
    "eval(): running mean, var": "eval()：滑动均值与方差",
    "input value x (one feature, one batch)": "输入值 x（一个特征，一批）",
    "BatchNorm output y": "BatchNorm 输出 y",
    "eval() = input": "eval() = 输入",
    "kept units: 1/(1−p) = {scale}": "保留的单元：1/(1−p) = {scale}",
    "unit": "单元",
    "output": "输出",
    "train(), mask only: measured mean": "train()，只做掩码：实测均值",
    "inference × keep ratio 1 − p": "推理 × 保留比例 1 − p",
    "inference × drop ratio p (Note 1)": "推理 × 失活比例 p（笔记1）",
    "inverted dropout (nn.Dropout): train() mean": "反向 Dropout（nn.Dropout）：train() 均值",
    "inverted dropout: eval()": "反向 Dropout：eval()",
    "drop probability p": "失活概率 p",
    "mean output (input x = 1)": "平均输出（输入 x = 1）",
    "Note 1's rule holds only here": "笔记1 的规则只在这里成立",
    "σ√(B−1)/B (closed form)": "σ√(B−1)/B（闭式解）",
    "BN output of one fixed sample": "一个固定样本的 BN 输出",
    "batch size B": "批大小 B",
    "std across batches": "跨批标准差",
}
