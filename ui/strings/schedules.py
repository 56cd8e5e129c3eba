"""Chinese for the LR schedules page (and the texts of its figure)."""

ZH = {
    "Learning-rate schedules": "学习率调度",
    "Warmup (热身, {n0}; {n1}) starts small and climbs to the set learning rate; then the "
    "schedule lowers it as training goes on (学习率衰减, {n1}; {n2}). Every curve below is what "
    "a real `torch.optim.lr_scheduler` sets at each step.":
        "热身（warmup，{n0}；{n1}）从很小的学习率开始，爬升到设定值；之后调度器随训练推进把它"
        "降低（学习率衰减，{n1}；{n2}）。下面每条曲线都是真实的 `torch.optim.lr_scheduler` "
        "在每一步设置的学习率。",
    "constant": "常数",
    "step decay": "阶梯衰减（step）",
    "multi-step decay": "多阶梯衰减（multistep）",
    "exponential decay": "指数衰减（exponential）",
    "cosine annealing": "余弦退火（cosine）",
    "cosine with restarts": "带重启的余弦退火（cosine restarts）",
    "polynomial decay": "多项式衰减（polynomial）",
    "Training lab cosine (make_schedule)": "训练实验室的余弦调度（make_schedule）",
    "Schedules to overlay": "要叠加比较的调度",
    "training steps": "训练步数",
    "base learning rate η₀": "基础学习率 η₀",
    "warmup steps": "热身步数",
    "Linear warmup (LinearLR from η₀/1000 to η₀) chained before the schedule with "
    "SequentialLR; OneCycle's own first phase.":
        "线性热身（LinearLR 从 η₀/1000 升到 η₀），用 SequentialLR 接在调度之前；OneCycle 则用"
        "它自己的第一阶段。",
    "Schedule parameters": "调度参数",
    "γ (step, multistep)": "γ（step、multistep）",
    "step size as a fraction of training (step)": "衰减间隔占训练的比例（step）",
    "first period T₀ as a fraction (restarts)": "第一个周期 T₀ 占训练的比例（restarts）",
    "power p (polynomial)": "幂次 p（polynomial）",
    "log-scale learning rate": "学习率用对数坐标",
    "overlay the Training lab's cosine": "叠加训练实验室的余弦调度",
    "The schedule fit() uses (explorer.train.make_schedule, up to 10 epochs that split the "
    "steps exactly, same warmup): it lies on the cosine curve.":
        "fit() 使用的调度（explorer.train.make_schedule，最多 10 个能整除步数的轮次，热身相同）："
        "它与余弦曲线重合。",
    "two cosine phases: up over the warmup steps (30% of training when the warmup is 0), then "
    "down to η₀/(25·10⁴)": "两段余弦：先在热身步数内升高（热身为 0 时占训练的 30%），再降到 "
                           "η₀/(25·10⁴)",
    "Pick at least one schedule to draw.": "请至少选择一个调度来绘制。",
    "Dotted: the Training lab's cosine, {epochs} epoch(s) of {steps} steps.":
        "点线：训练实验室的余弦调度，{epochs} 轮，每轮 {steps} 步。",
    "schedule": "调度",
    "η at step {t}": "第 {t} 步的 η",
    "**Formulas** (t counts steps after the warmup, T the steps after the warmup)":
        "**公式**（t 是热身之后的步数，T 是热身之后的总步数）",
    # figure texts (explorer/figures/schedules.py)
    "training step t": "训练步 t",
    "learning rate η<sub>t</sub>": "学习率 η<sub>t</sub>",
    "linear warmup": "线性热身",
}
