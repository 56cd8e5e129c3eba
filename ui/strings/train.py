"""Chinese for the Training lab (app_pages/train.py) and its figures."""

ZH = {
    "The training loop of {notes}: data → model → loss → optimizer → LR schedule → validation "
    "every epoch → early stopping. It runs in a process of its own: switch pages and come "
    "back, it keeps going. A run keeps the weights of its epoch with the lowest validation "
    "loss.":
        "{notes} 中的训练循环：数据 → 模型 → 损失 → 优化器 → 学习率调度 → 每个 epoch 验证一次 → "
        "早停。训练在独立的进程中运行：切换页面再回来，它仍在继续。一次运行保留验证损失最低的那个 "
        "epoch 的权重。",
    "{name} (no files here)": "{name}（本机无文件）",
    "best validation epoch {n}": "验证集最好的第 {n} 个 epoch",
    "initial weights (no epoch was validated)": "初始权重（没有 epoch 完成验证）",
    "starting the training process": "正在启动训练进程",
    "loading the data and building the model": "正在加载数据并构建模型",
    "Dataset": "数据集",
    "{dataset} is not on this machine: **Get data** on the Home page downloads it, or put "
    "torchvision's files in the data folder.":
        "本机没有 {dataset}：首页的 **获取数据** 可以下载它，也可以把 torchvision 的文件放进数据文件夹。",
    "Device": "设备",
    "Most confident mistakes": "最自信的错误",
    "note 4's CNN": "笔记 4 的 CNN",
    "small VGG": "小型 VGG",
    "small ResNet": "小型 ResNet",
    "SGD + momentum": "SGD + 动量",
    "Press **Start training** to train {model} on {dataset} with the settings above.":
        "点击 **开始训练**，用上面的设置在 {dataset} 上训练 {model}。",
    "The Model menu follows the dataset: note 4's CNN for MNIST, the MLP for 2-D points, "
    "LeNet-5 for the others.":
        "模型菜单随数据集而变：MNIST 用笔记 4 的 CNN，二维点集用 MLP，其他数据集用 LeNet-5。",
    "digits is bundled with scikit-learn (8×8, 1,797 images); MNIST, Fashion-MNIST and "
    "CIFAR-10 are used when their files are in the data folder; moons, circles and spirals are "
    "2-D points for the MLP.":
        "digits 随 scikit-learn 自带（8×8，1,797 张图）；MNIST、Fashion-MNIST 和 CIFAR-10 在数据"
        "文件夹中有文件时才可用；moons、circles 和 spirals 是给 MLP 用的二维点。",
    "Optimizer": "优化器",
    "Learning rate": "学习率",
    "Push it to 10 or 100 to see a divergence caught.": "调到 10 或 100，看训练发散如何被捕获。",
    "Epochs": "训练轮数（epoch）",
    "Batch size": "批大小",
    "LR schedule": "学习率调度",
    "Linear warmup (epochs)": "线性预热（epoch 数）",
    "Loss, regularisation, MLP shape, random seed": "损失、正则化、MLP 结构、随机种子",
    "Loss": "损失函数",
    "cross-entropy": "交叉熵",
    "focal": "focal 损失",
    "Label smoothing ε": "标签平滑 ε",
    "{note}, label smoothing: the target puts 1 − ε + ε/K on the true class and ε/K on each "
    "other one.":
        "{note}，标签平滑：目标分布在真实类别上取 1 − ε + ε/K，在其他每个类别上取 ε/K。",
    "Label noise (fraction of train labels)": "标签噪声（训练标签中被打乱的比例）",
    "Weight decay": "权重衰减",
    "Momentum (SGD/RMSprop)": "动量（SGD/RMSprop）",
    "Clip grad norm (0 = off)": "梯度范数裁剪（0 = 关闭）",
    "Early-stopping patience (0 = off)": "早停耐心值（0 = 关闭）",
    "Random seed": "随机种子",
    "MLP depth": "MLP 深度",
    "MLP width": "MLP 宽度",
    "MLP activation": "MLP 激活函数",
    "MLP dropout": "MLP dropout",
    "MLP BatchNorm": "MLP BatchNorm",
    "Mixed precision (AMP, CUDA only)": "混合精度（AMP，仅 CUDA）",
    "Start training": "开始训练",
    "Press **Start training**: LeNet-5 on the bundled digits (Adam, cosine decay, label "
    "smoothing ε = 0.1) reaches 97-99 % test accuracy in 10 epochs on a CPU (measured "
    "97.2-98.9 % for random seeds 0-4).":
        "点击 **开始训练**：LeNet-5 在自带的 digits 上（Adam、余弦衰减、标签平滑 ε = 0.1）用 CPU "
        "训练 10 个 epoch 可达 97-99 % 的测试准确率（随机种子 0-4 实测 97.2-98.9 %）。",
    "Waiting for a free slot: {place} in the queue, {ahead} ahead of yours. This server runs "
    "{capacity} at once; yours starts by itself when one ends.":
        "等待空闲名额：排在队列第 {place} 位，前面还有 {ahead}。本服务器同时运行 {capacity} 个"
        "训练；有一个结束时，你的训练会自动开始。",
    "1 training": "1 个训练",
    "{n} trainings": "{n} 个训练",
    " · about {s} s left": " · 约剩 {s} 秒",
    "epoch {epoch} / {epochs} · step {step} / {steps} · {rate} samples/s":
        "epoch {epoch} / {epochs} · 第 {step} / {steps} 步 · 每秒 {rate} 个样本",
    "Each training runs in a process of its own, forked from a pool that has torch loaded. "
    "Only the first training after the server started waits for that pool (seconds); later "
    "ones start at once.":
        "每个训练都在独立的进程中运行，由一个已加载 torch 的进程池派生。只有服务器启动后的第一个"
        "训练需要等待进程池就绪（几秒），之后的训练会立即开始。",
    "train loss": "训练损失",
    "The training criterion: with label smoothing ε > 0 its minimum is above 0 (about 0.5 at "
    "ε = 0.1 on 10 classes); the validation loss is plain cross-entropy.":
        "训练时的损失：标签平滑 ε > 0 时它的最小值大于 0（10 个类别、ε = 0.1 时约为 0.5）；"
        "验证损失是普通的交叉熵。",
    "val accuracy": "验证准确率",
    "val loss": "验证损失",
    "grad norm": "梯度范数",
    "Loss on a log axis": "损失用对数坐标",
    "A diverging run's loss (1e15) flattens the rest of the curve on a linear axis; on a log "
    "axis every power of ten gets the same room.":
        "发散的训练损失（1e15）会把线性坐标上的其余曲线压平；对数坐标让每个数量级占同样的空间。",
    " — test accuracy {acc}": " — 测试准确率 {acc}",
    " — kept the {what}": " — 保留了{what}",
    "Run {id}": "运行 {id}",
    "The training": "训练",
    "{name} {state}": "{name} {state}",
    "Confusion matrix (test split)": "混淆矩阵（测试集）",
    "Most confident mistakes ({n})": "最自信的错误（{n} 个）",
    "None: every test image is right.": "没有：每张测试图片都分对了。",
    "Point datasets have no images to show.": "点数据集没有图片可显示。",
    "Download checkpoint (.pt, weights only)": "下载检查点（.pt，仅权重）",
    "metrics.csv cannot be offered: {why}": "无法提供 metrics.csv：{why}",
    "Download metrics (.csv)": "下载指标（.csv）",
    "Trained on 2-D points: Predict, Feature maps and t-SNE need a model of images, so there "
    "is no run to explore there.":
        "这是在二维点上训练的：预测、特征图和 t-SNE 需要图像模型，所以无法在那里探索这次运行。",
    "Explore this run": "探索这次运行",
    "Makes this run the model that Predict, Feature maps, t-SNE and PR curves start from, and "
    "opens them here.":
        "把这次运行设为预测、特征图、t-SNE 和 PR 曲线页面的起始模型，并在这里给出打开它们的按钮。",
    "Run {id} is the current model (shown in the sidebar). Open it on:":
        "运行 {id} 是当前模型（显示在侧边栏）。在以下页面打开：",
    "No runs yet: every training started here (or with `python -m explorer.train`) is saved "
    "under `{folder}/` and listed here.":
        "还没有运行：在这里（或用 `python -m explorer.train`）开始的每个训练都保存在 "
        "`{folder}/` 下，并列在这里。",
    "**{n} run(s) need attention**: damaged files, or a training process that is gone. Their "
    "other files are kept; delete them below.":
        "**{n} 个运行需要处理**：文件损坏，或训练进程已不在。它们的其他文件都保留着；可在下面删除。",
    "run": "运行",
    "status": "状态",
    "problem": "问题",
    "model usable": "模型可用",
    "Runs to compare": "要比较的运行",
    "Starts with your newest runs (this session's first); the default model is listed too.":
        "默认选中你最新的运行（本会话的优先）；默认模型也在列表中。",
    "**Settings side by side**: rows that differ, highlighted and first, are what explain "
    "the curves":
        "**设置并排对比**：不同的行高亮并排在最前，它们解释了曲线的差别",
    "Delete runs": "删除运行",
    "You can delete the runs this browser session made. Runs of other sessions, from the "
    "command line, still training, or the default model stay.":
        "你可以删除本浏览器会话创建的运行。其他会话的、命令行创建的、仍在训练的运行以及默认模型"
        "都会保留。",
    "Runs to delete": "要删除的运行",
    "Choose runs": "选择运行",
    "Delete for good": "永久删除",
    "Train": "训练",
    "Runs": "运行记录",
    "Device: **{device}**": "设备：**{device}**",
    "Leave the queue": "退出队列",
    "Stop": "停止",
    "Stops at the next step; a run that does not answer within {grace} s is ended. Either way "
    "it keeps its best checkpoint.":
        "在下一步停止；{grace} 秒内没有响应的训练会被终止。两种情况都会保留最好的检查点。",
    # figures (explorer/figures/training.py)
    "loss": "损失",
    "accuracy": "准确率",
    "validation": "验证",
    "validation loss": "验证损失",
    "validation accuracy": "验证准确率",
    "predicted": "预测类别",
    "true": "真实类别",
}
