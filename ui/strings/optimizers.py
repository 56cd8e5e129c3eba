"""Chinese for the Optimizers & saddle points page (and the texts of its figures)."""

ZH = {
    "Optimizers, saddle points and batch size": "优化器、鞍点与批大小",
    "Seven torch.optim optimizers start from the same point on classic test functions. The "
    "Hessian's eigenvalues tell a minimum from a maximum or a saddle; batch size trades "
    "gradient noise for speed (BGD vs SGD vs mini-batch). Both as in {note}.":
        "七个 torch.optim 优化器在经典测试函数上从同一点出发。Hessian 矩阵的特征值能区分极小值、"
        "极大值和鞍点；批大小在梯度噪声与速度之间权衡（BGD、SGD 与小批量梯度下降）。两者均见"
        "{note}。",
    "ill-conditioned quadratic": "病态二次函数",
    "saddle": "鞍面",
    "local minimum": "局部极小值",
    "local maximum": "局部极大值",
    "saddle point": "鞍点",
    "Paths on a surface": "曲面上的路径",
    "Hessian at a point": "某点的 Hessian",
    "Batch size and noise": "批大小与噪声",
    "Surface": "曲面",
    "Optimizers": "优化器",
    "start x": "起点 x",
    "start y": "起点 y",
    "lr, SGD family": "学习率，SGD 一族",
    "SGD, Momentum and Nesterov": "SGD、Momentum 和 Nesterov",
    "lr, adaptive": "学习率，自适应方法",
    "Adagrad, RMSprop, Adam and AdamW": "Adagrad、RMSprop、Adam 和 AdamW",
    "steps": "步数",
    "Pick at least one optimizer.": "请至少选择一个优化器。",
    "{optimizer}: {steps} steps (optimizer {i} of {n})": "{optimizer}：{steps} 步（第 {i} 个优化器，共 {n} 个）",
    "Diverged (|x| or |y| > 10⁶, stopped early): {names}. ": "发散了（|x| 或 |y| > 10⁶，提前停止）：{names}。",
    "x² − y² has no minimum: y runs off to ±∞.": "x² − y² 没有极小值：y 会跑向 ±∞。",
    "Lower that learning rate.": "请降低这个学习率。",
    "optimizer": "优化器",
    "final x": "最终 x",
    "final y": "最终 y",
    "final f": "最终 f",
    "steps run": "实际步数",
    "AdamW here uses weight decay 0.1 (decoupled: it pulls the point towards 0), momentum 0.9 "
    "for Momentum and Nesterov; other settings are torch.optim's defaults.":
        "这里 AdamW 使用权重衰减 0.1（解耦的：把点拉向 0），Momentum 和 Nesterov 的动量为 0.9；"
        "其他设置都是 torch.optim 的默认值。",
    "At a critical point (∇f = 0) the Hessian $H = \\nabla^2 f$ decides: all eigenvalues "
    "$> 0$ → **local minimum**, all $< 0$ → **local maximum**, mixed signs → **saddle point** "
    "(gradient descent slows down there but can escape along the negative-curvature "
    "direction).":
        "在临界点（∇f = 0）由 Hessian 矩阵 $H = \\nabla^2 f$ 判定：特征值全 $> 0$ → **局部极小值**，"
        "全 $< 0$ → **局部极大值**，有正有负 → **鞍点**（梯度下降在那里会变慢，但可以沿负曲率"
        "方向逃离）。",
    "point x": "点 x",
    "point y": "点 y",
    "Click the surface to analyse a point, or type it. Try Himmelblau at (−0.270845, "
    "−0.923039): its local maximum; or (3, 2): a minimum.":
        "点击曲面来分析一个点，或直接输入坐标。试试 Himmelblau 的 (−0.270845, −0.923039)："
        "它的局部极大值；或 (3, 2)：一个极小值。",
    "eigenvalues of H": "H 的特征值",
    "∇f = ({gx}, {gy}) ≠ 0, so this is not a critical point; the curvature here is that of a "
    "{kind}. The rule classifies only points where the gradient vanishes.":
        "∇f = ({gx}, {gy}) ≠ 0，所以这不是临界点；这里的曲率形状像{kind}。该判别法只对梯度为零"
        "的点分类。",
    "Classification: **{kind}**": "判定：**{kind}**",
    "The lines through the point are H's eigenvectors: f curves up along a blue one (λ > 0) "
    "and down along a red one (λ < 0). H from torch.autograd.functional.hessian, eigenvectors "
    "from torch.linalg.eigh.":
        "穿过该点的直线是 H 的特征向量：沿蓝线（λ > 0）f 向上弯，沿红线（λ < 0）f 向下弯。"
        "H 由 torch.autograd.functional.hessian 计算，特征向量由 torch.linalg.eigh 计算。",
    "Linear regression $y = wx + b$ on 200 noisy points, plain SGD on the mean squared error. "
    "**Full batch** follows the exact gradient: smooth but one update per epoch. "
    "**Mini-batches** and **single samples** make many cheap noisy updates and keep jittering "
    "near the optimum unless the learning rate decays.":
        "在 200 个带噪声的点上做线性回归 $y = wx + b$，用普通 SGD 最小化均方误差。**全批量**沿"
        "精确梯度走：平滑，但每轮只更新一次。**小批量**和**单样本**做许多廉价而有噪声的更新，"
        "除非学习率衰减，否则会一直在最优点附近抖动。",
    "batch sizes": "批大小",
    "epochs": "轮数",
    "Pick at least one batch size.": "请至少选择一个批大小。",
    "batch {size}": "批大小 {size}",
    "full batch (200)": "全批量（200）",
    "run": "运行",
    "updates": "更新次数",
    "final w": "最终 w",
    "final b": "最终 b",
    "final MSE": "最终 MSE",
    # figure texts (explorer/figures/optim_paths.py)
    "start": "起点",
    "minimum": "极小值",
    "loss against step": "损失随步数的变化",
    "step": "步",
    "least squares": "最小二乘解",
    "slope w": "斜率 w",
    "intercept b": "截距 b",
    "MSE on all data": "全部数据上的 MSE",
    "click to analyse": "点击分析",
}
