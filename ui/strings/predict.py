"""Chinese for Predict (app_pages/predict.py) and its figures."""

ZH = {
    "Give a model an image and follow it: the safe decode, the preprocessing that turns it into "
    "the tensor the model was trained on, the class probabilities at a softmax temperature, "
    "and where the model looked (class activation maps).":
        "给模型一张图片，跟着它走一遍：安全解码、把图片变成模型训练时所用张量的预处理、某个 "
        "softmax 温度下的类别概率，以及模型看向了哪里（类激活图 CAM）。",
    "Loading the model (on first start: training the default digits model once, a few "
    "seconds)…":
        "正在加载模型（首次启动时会先训练一次默认的 digits 模型，需要几秒）…",
    "Run {label}": "运行 {label}",
    "Your Training-lab runs appear here once they have a checkpoint.":
        "训练实验室中的运行一旦有了检查点就会出现在这里。",
    "{model} cannot be used here: {why}. Showing the default model.":
        "{model} 无法在这里使用：{why}。改为显示默认模型。",
    "Import weights trained elsewhere (.pt)": "导入在别处训练的权重（.pt）",
    "A file written by `torch.save(model.state_dict(), path)` for one of the Training lab's "
    "models (its *Download checkpoint* button makes one). Only tensors are read "
    "(`weights_only=True`); it is scored on this app's test split.":
        "由 `torch.save(model.state_dict(), path)` 为训练实验室中的某个模型写出的文件（它的"
        "*下载检查点*按钮就能生成一个）。只读取张量（`weights_only=True`），并在本应用的测试集上"
        "评分。",
    "Not offered: {sets} (their files are not on this machine, so the weights could not be "
    "scored).":
        "未提供：{sets}（本机没有它们的文件，无法给权重评分）。",
    "Trained on": "训练数据集",
    "Architecture": "网络结构",
    "Weights file": "权重文件",
    "Import": "导入",
    "Choose a weights file first.": "请先选择一个权重文件。",
    "Checking the weights and scoring them on the test split…": "正在检查权重并在测试集上评分…",
    "{name} was not imported: {why}": "{name} 未导入：{why}",
    "Softmax temperature T": "Softmax 温度 T",
    "T < 1 sharpens, T > 1 flattens; the top-1 class never moves.":
        "T < 1 使分布更尖锐，T > 1 使其更平坦；top-1 类别始终不变。",
    "top-k": "top-k",
    "Model: {title}.": "模型：{title}。",
    "Imported as run {id}; it is now the chosen model.": "已导入为运行 {id}，现在它是选中的模型。",
    "Choose an image above: upload one or many, draw a digit, or pick a sample.":
        "请在上方选择图片：上传一张或多张、手绘一个数字，或选一个样例。",
    "Batch: {n} images": "批量：{n} 张图片",
    "Predicting the batch…": "正在预测这一批图片…",
    "file": "文件",
    "image": "图片",
    "top-1": "top-1",
    "confidence": "置信度",
    "runner-up": "第二名",
    "{n} of {total} files could not be read (— in the table):":
        "{total} 个文件中有 {n} 个无法读取（表中为 —）：",
    "Download CSV": "下载 CSV",
    "Image to inspect": "要查看的图片",
    "1. What the model sees": "1. 模型看到了什么",
    "Fixes on loading: {notes}.": "加载时的修正：{notes}。",
    "This image does not look like what the model was trained on ({data}): {why}. Its "
    "probabilities still add up to 100 %, so the answer below is a guess about something it "
    "never saw.":
        "这张图片不像模型训练时见过的数据（{data}）：{why}。它的概率加起来仍是 100 %，所以下面的"
        "答案只是对从未见过之物的猜测。",
    "grey digits 0–9 on a plain background": "纯色背景上的灰度数字 0–9",
    "colour photos": "彩色照片",
    " Pick resnet18 or mobilenet_v3_small (ImageNet) to classify photos.":
        " 要给照片分类，请选 resnet18 或 mobilenet_v3_small（ImageNet）。",
    "2. What it predicts": "2. 它预测了什么",
    "Top-1": "Top-1",
    "{p} confidence": "置信度 {p}",
    "Top-1 class: **{name}**.": "Top-1 类别：**{name}**。",
    "True class of this test-set image: **{label}**.": "这张测试集图片的真实类别：**{label}**。",
    "3. Where it looked": "3. 它看向了哪里",
    "This model has no convolution layer, so there is no map to show.":
        "这个模型没有卷积层，因此没有可显示的激活图。",
    "Class to explain": "要解释的类别",
    "CAM layer": "CAM 所用的层",
    "Conv layers, each followed by its activation when one comes right after; the last is the "
    "most semantic.":
        "各卷积层（紧跟激活函数时也列出激活之后）；最后一层语义最强。",
    "Compare Grad-CAM with": "与 Grad-CAM 对比的方法",
    "Score-CAM runs one forward pass per channel of the layer (512 on resnet18's last): slow on "
    "ImageNet models.":
        "Score-CAM 对该层的每个通道做一次前向传播（resnet18 最后一层有 512 个）：在 ImageNet "
        "模型上很慢。",
    "Compute Score-CAM: {n} forward passes": "计算 Score-CAM：{n} 次前向传播",
    "One pass of the whole model per channel of {layer}; on a CPU that can take tens of seconds "
    "for an ImageNet model.":
        "{layer} 的每个通道都要跑一遍整个模型；在 CPU 上对 ImageNet 模型可能要几十秒。",
    "Score-CAM needs {n} forward passes here (one per channel; it runs by itself up to "
    "{auto}). Switch it on above, or pick an earlier layer or another method.":
        "这里 Score-CAM 需要 {n} 次前向传播（每个通道一次；不超过 {auto} 次时自动运行）。请在上面"
        "打开它，或选更靠前的层或其他方法。",
    "{method}: {n} forward passes of the model…": "{method}：模型前向传播 {n} 次…",
    "Computing {method}…": "正在计算 {method}…",
    "{method} for class {name}": "{method}：类别 {name}",
    "{method} is zero everywhere on {layer}: the weighted sum of its activation maps is ≤ 0 at "
    "every position, so ReLU leaves nothing. Try another layer or method.":
        "{method} 在 {layer} 上处处为零：它的激活图加权和在每个位置都 ≤ 0，经过 ReLU 后什么也"
        "不剩。换一层或换一种方法试试。",
    "Grad-CAM: ReLU(Σₖ αₖ Aₖ), αₖ = mean of ∂y_c/∂Aₖ over the grid (Selvaraju et al. 2017). "
    "Layer-CAM weights each pixel by its own positive gradient; Eigen-CAM is the first "
    "principal component of the activations (class-agnostic); Score-CAM masks the input with "
    "each map.":
        "Grad-CAM：ReLU(Σₖ αₖ Aₖ)，αₖ = ∂y_c/∂Aₖ 在网格上的均值（Selvaraju 等，2017）。Layer-CAM "
        "用每个像素自己的正梯度加权；Eigen-CAM 取激活的第一主成分（与类别无关）；Score-CAM 用每张"
        "激活图遮罩输入。",
    "original": "原图",
    "EXIF orientation applied": "已按 EXIF 方向摆正",
    "RGB, 8-bit": "RGB，8 位",
    "inverted (light background)": "已反色（浅色背景）",
    "ink cropped and centred": "笔迹已裁剪并居中",
    "model input {size}": "模型输入 {size}",
    "run {id}: {model} on {data}, test accuracy {acc}": "运行 {id}：{model}，在 {data} 上训练，测试准确率 {acc}",
    "run {id}: {model} on {data}": "运行 {id}：{model}，在 {data} 上训练",
    "{name}: ImageNet weights ({weights})": "{name}：ImageNet 权重（{weights}）",
    "{name}: RANDOM weights (demo: predictions mean nothing). Put {file} in {where} for the "
    "trained model":
        "{name}：随机权重（仅作演示：预测没有意义）。把 {file} 放进 {where} 即可使用训练好的模型",
    # figures (explorer/figures/predict.py)
    "Model input: (x − mean) / std per channel": "模型输入：每个通道 (x − 均值) / 标准差",
    "Top classes": "概率最高的类别",
    "CAM value (each map scaled to its own 0–1)": "CAM 值（每张图各自缩放到 0–1）",
    "0: not used": "0：未用到",
    "1: used most": "1：用得最多",
    "channel grey": "灰度通道",
    "channel R": "R 通道",
    "channel G": "G 通道",
    "channel B": "B 通道",
}
