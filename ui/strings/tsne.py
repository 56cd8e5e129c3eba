"""Chinese for the t-SNE page (app_pages/tsne.py, ui/tsne_views.py) and the text of its figures
(explorer/figures/embedding.py)."""

ZH = {
    # page
    "Which points stay neighbours when hundreds of dimensions are squeezed into two? t-SNE "
    "(openTSNE) next to PCA, scored by trustworthiness, 5-NN accuracy and KL(P‖Q); a trained "
    "network's penultimate features against its raw pixels.":
        "把几百维压缩到二维时，哪些点还能保持近邻关系？t-SNE（openTSNE）与 PCA 并排对比，用可信度"
        "（trustworthiness）、5-NN 准确率和 KL(P‖Q) 打分；还可以对比训练好的网络的倒数第二层特征"
        "与原始像素。",
    "Map": "映射图",
    "Optimisation": "优化过程",
    "Perplexity sweep": "困惑度扫描",
    "Place a new image": "放入一张新图片",
    "How it works": "原理",
    "snapshot every k iterations": "每 k 次迭代记录一帧",
    "One animation frame per snapshot; the map is recomputed (then cached).":
        "每次记录对应一帧动画；改动后映射图会重新计算（之后缓存）。",
    "Stop t-SNE": "停止 t-SNE",
    "For the first {n} iterations (early exaggeration) $\\alpha\\,p_{{ij}}$ takes the place of "
    "$p_{{ij}}$.": "前 {n} 次迭代（早期夸大）用 $\\alpha\\,p_{{ij}}$ 代替 $p_{{ij}}$。",
    "t-SNE of {name}: finding each point's nearest neighbours…": "{name}的 t-SNE：正在找每个点的最近邻…",
    "Stops a t-SNE that is still running (changing any setting does too).":
        "停止仍在运行的 t-SNE（改动任何设置也会停止它）。",
    "Stopped. Change any setting (or press R) to compute the map again.":
        "已停止。改动任何设置（或按 R）即可重新计算映射图。",
    "Inspect point # (no mouse needed: shows its image and its nearest neighbours on the map; "
    "box or lasso select on a map does the same for many points)":
        "查看第几个点（无需鼠标：显示它的图片及其在映射图上的最近邻；在图上框选或套索选择可一次查看多个点）",
    "t-SNE of {name}": "{name}的 t-SNE",
    "PCA of {name} ({share:.0%} of variance)": "{name}的 PCA（解释 {share:.0%} 的方差）",
    "PCA of the same points": "同一批点的 PCA",
    "**Point #{point}** and its 8 nearest neighbours on the t-SNE map of {name}: {summary}":
        "**第 {point} 个点**及其在{name}的 t-SNE 映射图上的 8 个最近邻：{summary}",
    "**Selected {n} points**: {summary}": "**已选 {n} 个点**：{summary}",
    "Drag a box or lasso on a map to see the selected points here.":
        "在映射图上拖出方框或套索，被选中的点会显示在这里。",
    "Animate": "动画显示",
    "A random {shown:,} of the {n:,} points are animated (random seed {seed}), so the browser "
    "gets a light figure.":
        "从 {n:,} 个点中随机取 {shown:,} 个做动画（随机种子 {seed}），让浏览器拿到的图轻一些。",
    "The same settings at perplexity {values}, for **{name}**: small perplexities keep local "
    "detail and break clusters up, large ones keep more of the global layout.":
        "对**{name}**用同样的设置，困惑度分别取 {values}：困惑度小，保留局部细节、簇会被拆散；"
        "困惑度大，保留更多全局布局。",
    "{n} points are too few for a sweep: perplexity {p} needs more than {need}.":
        "{n} 个点太少，无法扫描：困惑度 {p} 需要多于 {need} 个点。",
    "Compute the sweep": "计算扫描",
    "One t-SNE per perplexity; each is cached.": "每个困惑度做一次 t-SNE；每次结果都会缓存。",
    "perplexity {p:g}<br>trustworthiness {score:.3f}": "困惑度 {p:g}<br>可信度 {score:.3f}",
    "iteration {iteration} ({phase}), KL = {kl:.3f}": "第 {iteration} 次迭代（{phase}），KL = {kl:.3f}",
    "early exaggeration": "早期夸大",
    "plain P": "普通 P",
    "▶ play": "▶ 播放",
    "❚❚ pause": "❚❚ 暂停",
    "iteration ": "迭代 ",
    "The Student-t tail of $q_{ij}$ lets moderately distant points sit far apart, so clusters "
    "separate (the *crowding problem*). **Trustworthiness** (below, sklearn): $U_i^{(k)}$ are "
    "the map's $k$ nearest neighbours of $i$ that are not among its $k$ nearest input "
    "neighbours, $r(i,j)$ is the rank of $j$ among $i$'s input neighbours; each intruder costs "
    "how far outside the top $k$ it ranks, and 1 means no intruders. **5-NN accuracy**: 5-fold "
    "cross-validated k-nearest-neighbour classifier on the map and on the input features.":
        "$q_{ij}$ 的 Student-t 长尾让中等距离的点在图上离得很远，于是簇彼此分开（即*拥挤问题*）。"
        "**可信度**（trustworthiness，见下式，sklearn 实现）：$U_i^{(k)}$ 是映射图上 $i$ 的 $k$ "
        "个最近邻中、不在输入空间 $k$ 个最近邻之内的点，$r(i,j)$ 是 $j$ 在 $i$ 的输入近邻中的排名；"
        "每个闯入者按它排在前 $k$ 之外多远计罚，1 表示没有闯入者。**5-NN 准确率**：在映射图上和在"
        "输入特征上分别做 5 折交叉验证的 k 近邻分类。",
    "**How it is made fast** (`benchmarks/bench_tsne.py`): exact nearest neighbours up to "
    "{exact:,} points, Barnes-Hut repulsion with θ = {theta} up to {bh:,} points (FFT "
    "interpolation beyond), {cores} thread(s), and {early} + {iterations} iterations with "
    "openTSNE's learning rate N / α, where sklearn runs 250 + 750. The maps are as trustworthy "
    "as sklearn's; the fewer iterations leave KL(P‖Q) a little higher. Raise *iterations* to "
    "lower it.":
        "**如何做到快**（`benchmarks/bench_tsne.py`）：{exact:,} 个点以内用精确最近邻，{bh:,} 个点"
        "以内用 θ = {theta} 的 Barnes-Hut 斥力近似（更多点用 FFT 插值），{cores} 个线程，"
        "{early} + {iterations} 次迭代，学习率用 openTSNE 的 N / α；sklearn 则是 250 + 750 次。"
        "得到的映射图与 sklearn 的同样可信；迭代次数少一些，KL(P‖Q) 会略高。调高*迭代次数*可以降低它。",
    # ui/tsne_views.py
    "t-SNE of {name}: iteration {done} / {total}": "{name}的 t-SNE：第 {done} / {total} 次迭代",
    "Scoring the map…": "正在为映射图打分…",
    "{repeated:,} of {n:,} points of {name} repeat an earlier point: they land on the same "
    "spot of the map.": "{name}的 {n:,} 个点中有 {repeated:,} 个与前面的点重复：它们会落在映射图的同一位置。",
    "digits pixels": "手写数字像素",
    "uploaded features": "上传的特征",
    "{model} penultimate layer": "{model} 倒数第二层",
    "{dataset} pixels": "{dataset} 像素",
    "default digits LeNet-5 (trained once, about 10 s)": "默认的手写数字 LeNet-5（只训练一次，约 10 秒）",
    "Checkpoint (Training lab runs)": "检查点（训练实验室的运行）",
    "Training the default digits LeNet once (about 10 s)…": "正在训练默认的手写数字 LeNet（仅一次，约 10 秒）…",
    "Running the network over the images…": "正在让网络处理这些图片…",
    "CSV: one row per point, numeric feature columns and optionally a label column":
        "CSV：每行一个点，若干数值特征列，可选一个标签列",
    "Upload a CSV to embed your own features.": "上传一个 CSV，嵌入你自己的特征。",
    "An uploaded file cannot travel in a link: the link opens this uploader.":
        "上传的文件无法随链接传递：链接打开的是这个上传框。",
    "Reading the CSV…": "正在读取 CSV…",
    "Label column": "标签列",
    "(none)": "（无）",
    "Points": "数据点",
    "Digits pixels": "手写数字像素",
    "A trained network: raw vs learned": "训练好的网络：原始像素 vs 学到的特征",
    "Upload a CSV": "上传 CSV",
    "Loading the digits…": "正在加载手写数字…",
    "perplexity": "困惑度",
    "Effective number of neighbours each point attends to.": "每个点实际关注的近邻个数。",
    "exaggeration α": "夸大系数 α",
    "P is multiplied by α for the first {n} iterations.": "前 {n} 次迭代中，P 乘以 α。",
    "iterations": "迭代次数",
    "After the {n} early-exaggeration iterations.": "在 {n} 次早期夸大迭代之后。",
    "metric": "距离度量",
    "euclidean": "欧氏距离",
    "cosine": "余弦距离",
    "manhattan": "曼哈顿距离",
    "trustworthiness": "可信度",
    "sklearn.manifold.trustworthiness with k = 5 neighbours; 1 is perfect.":
        "sklearn.manifold.trustworthiness，取 k = 5 个近邻；1 为完美。",
    "5-NN acc. (map)": "5-NN 准确率（映射图）",
    "5-fold cross-validated 5-nearest-neighbour accuracy on the map.":
        "在映射图上做 5 折交叉验证的 5 近邻分类准确率。",
    "5-NN acc. (input)": "5-NN 准确率（输入）",
    "The same classifier on the input features, before any map.":
        "同一个分类器用在输入特征上（降维之前）。",
    "openTSNE's KL at the last iteration.": "openTSNE 在最后一次迭代时的 KL。",
    "point": "点",
    "label": "标签",
    "{n} points (no labels)": "{n} 个点（无标签）",
    "First {shown} of {n} shown.": "只显示 {n} 个中的前 {shown} 个。",
    "Uploaded features have no images, so there is no image to place. Pick digits pixels or a "
    "trained network above.":
        "上传的特征没有对应的图片，所以无法放入图片。请在上方选择手写数字像素或训练好的网络。",
    "openTSNE's `transform` places a new point against the finished map (the old points stay "
    "put): the image chosen on Predict comes first.":
        "openTSNE 的 `transform` 把一个新点放进已完成的映射图（原有的点保持不动）：优先使用在“预测”页选的图片。",
    "Placing the image with openTSNE's transform…": "正在用 openTSNE 的 transform 放入图片…",
    "{image} placed into t-SNE of {name}": "{image} 放入{name}的 t-SNE",
    "10 nearest map neighbours: {summary}": "映射图上的 10 个最近邻：{summary}",
    # explorer/figures/embedding.py
    "class %{fullData.name}<br>point %{customdata}<extra></extra>":
        "类别 %{fullData.name}<br>第 %{customdata} 个点<extra></extra>",
    "points": "点",
    "inspected": "正在查看",
    "new image": "新图片",
    "exaggeration ends": "早期夸大结束",
    "iteration": "迭代次数",
    "all 70,000 MNIST images": "全部 70,000 张 MNIST 图像",
    "70,000 generated MNIST-shaped points": "70,000 个按 MNIST 形状生成的点",
    "The map of {n:,} points takes many minutes (23 min measured on 2 busy cores); nothing is "
    "computed until you ask.": "{n:,} 个点的映射图要算很多分钟（在 2 个繁忙的核上实测 23 分钟）；"
    "你点击之前不会计算。",
    "Compute the map of {n:,} points": "计算 {n:,} 个点的映射图",
    "MNIST (70,000)": "MNIST（70,000 张）",
    "Preparing 70,000 points (their first {k} principal components)…":
        "正在准备 70,000 个点（取前 {k} 个主成分）…",
    "MNIST is not on this machine, so these are **70,000 generated points of its shape**: each "
    "is one of sklearn's 1,797 digits enlarged to 28×28 with pixel noise (10 classes). Put "
    "MNIST's files in the data folder (`python -m explorer.data get mnist` where there is a "
    "network) for the real map.":
        "本机没有 MNIST，所以这里是 **70,000 个按它的形状生成的点**：每个点是 sklearn 的 1,797 "
        "张手写数字之一，放大到 28×28 并加上像素噪声（10 类）。把 MNIST 的文件放进数据文件夹"
        "（在能联网的机器上运行 `python -m explorer.data get mnist`），就能看到真正的映射图。",
    "t-SNE of {n:,} points runs on their first {k} principal components and can take many "
    "minutes on a busy machine: the bar shows the iterations, *Stop t-SNE* ends it. The maps are drawn with WebGL and "
    "without hover labels (box or lasso select shows points); the scores use a random "
    "{scored:,} of the points.":
        "{n:,} 个点的 t-SNE 在它们的前 {k} 个主成分上运行，机器繁忙时可能要十几分钟以上：进度条显示迭代"
        "进度，*停止 t-SNE* 可以中止。映射图用 WebGL 绘制，不显示悬停标签（用方框或套索选择来"
        "查看点）；各项分数只用随机抽取的 {scored:,} 个点计算。",
    "A sweep runs one t-SNE per perplexity: it is offered up to {limit:,} points, and these are "
    "{n:,}. Pick digits pixels for it.":
        "扫描要为每个困惑度各做一次 t-SNE：只对不超过 {limit:,} 个点提供，而这里有 {n:,} 个点。"
        "请选择手写数字像素来做扫描。",
    "The 70,000-point map keeps no openTSNE model (it would take hundreds of MB), so nothing can "
    "be placed into it. Pick digits pixels or a trained network above.":
        "70,000 个点的映射图不保留 openTSNE 模型（它要占几百 MB），所以无法把新图片放进去。"
        "请在上方选择手写数字像素或训练好的网络。",
}
