"""Chinese for the Feature maps page (app_pages/feature_maps.py, ui/feature_maps_menu.py) and
the text of its figures (explorer/figures/featuremaps.py)."""

ZH = {
    # page
    "What a convolutional network computes, layer by layer: each channel of a layer is one "
    "filter's answer at every position of the image ({notes}). Start with hand-made 3×3 "
    "kernels, whose answers you can predict, then open a trained network.":
        "卷积网络逐层计算的是什么：一层的每个通道，就是一个滤波器在图像每个位置上的响应（{notes}）。"
        "先从手工设计的 3×3 卷积核开始，它们的响应可以预先想到，再打开训练好的网络。",
    "Model: {title}": "模型：{title}",
    "Choose an image on the left.": "请在左侧选择一张图片。",
    "Training-lab runs appear here once they have a checkpoint. ImageNet networks use their "
    "weights only when the file is already in torch's cache; otherwise they are randomly "
    "initialised, and say so.":
        "训练实验室的运行有了检查点（checkpoint）后就会出现在这里。ImageNet 网络只有在权重文件"
        "已经在 torch 缓存中时才使用预训练权重，否则随机初始化，并会注明。",
    "Trained on {size}×{size} digits: a test-set sample or a drawn digit makes more sense to "
    "it than a photo.":
        "在 {size}×{size} 的手写数字上训练：对它来说，测试集样本或手绘数字比照片更有意义。",
    "model input {c}×{size}×{size} ({colour})": "模型输入 {c}×{size}×{size}（{colour}）",
    "grey": "灰度",
    "Order channels by": "通道排序方式",
    "channel number": "通道编号",
    "mean activation": "平均激活值",
    "Shapes along the network: {layer} is {shape}, in red":
        "网络各层的形状：{layer} 为 {shape}，红色标出",
    "{layer}: {n} logits, one per class, for this image":
        "{layer}：这张图片的 {n} 个 logits，每个类别一个",
    "{layer}: {n} units for this image": "{layer}：这张图片的 {n} 个单元",
    "A flat layer has no positions, so each unit is one number: its bar.":
        "展平的层没有空间位置，所以每个单元就是一个数：它的柱子。",
    "The head's outputs are the logits zᵢ; softmax turns them into the probabilities Predict "
    "shows.": "输出层（head）的输出就是 logits zᵢ；softmax 把它们变成“预测”页显示的概率。",
    "After a ReLU, a unit at 0 did not fire for this image.":
        "经过 ReLU 之后，值为 0 的单元对这张图片没有激活。",
    "RGB, one shared scale": "RGB，共用一个色标",
    "red +, blue −": "红为正，蓝为负",
    "Kernels of {conv}: {shape}; {kind}": "{conv} 的卷积核：{shape}；{kind}",
    "{layer}: {channels} channels of {height}×{width}, {order}":
        "{layer}：{channels} 个 {height}×{width} 的通道，{order}",
    "channel order": "按通道顺序",
    "highest mean first": "平均值从高到低",
    " (hover a tile for its channel)": "（鼠标悬停在小图上可看通道）",
    "channel": "通道",
    "share ≤ 0": "≤ 0 的比例",
    "mean": "均值",
    "std": "标准差",
    "min": "最小值",
    "max": "最大值",
    "**Per-channel statistics** over the {h}×{w} positions. Mostly ≤ 0 before a ReLU means "
    "mostly zero after it: that filter found little of its pattern in this image.":
        "在 {h}×{w} 个位置上的**逐通道统计**。ReLU 之前大多 ≤ 0，就意味着 ReLU 之后大多为 0："
        "这个滤波器在这张图片里几乎没找到它要找的模式。",
    "Fraction of positions ≤ 0: exactly those a ReLU zeroes.":
        "≤ 0 的位置所占比例：正好是 ReLU 会置零的那些位置。",
    "Enlarge channel": "放大查看通道",
    "channel {name}": "通道 {name}",
    "{layer}<br>channel {name}: raw values, mean {mean:.3f}":
        "{layer}<br>通道 {name}：原始值，均值 {mean:.3f}",
    # ui/feature_maps_menu.py
    "Hand-made 3×3 conv (edit the kernels)": "手工 3×3 卷积（可编辑卷积核）",
    "Digits LeNet (trained here)": "手写数字 LeNet（在本机训练）",
    "Run {label}": "运行 {label}",
    "{name} (ImageNet)": "{name}（ImageNet）",
    "{name} (random init)": "{name}（随机初始化）",
    "row {r}, column {c}": "第 {r} 行，第 {c} 列",
    "Preset kernels": "预设卷积核",
    "Add my own kernel": "添加自己的卷积核",
    "Starts as an emboss kernel; each output pixel is Σ kernel × the 3×3 patch around it "
    "(cross-correlation).":
        "初始为浮雕卷积核；每个输出像素 = Σ 卷积核 × 其周围 3×3 的图像块（互相关）。",
    "my kernel": "我的卷积核",
    "Your kernel is left out: {reason}.": "你的卷积核未被使用：{reason}。",
    "run {run}: {model} on {dataset}": "运行 {run}：在 {dataset} 上训练的 {model}",
    ", test accuracy {accuracy:.1%}": "，测试准确率 {accuracy:.1%}",
    "{model} cannot be used here: {reason}": "{model} 无法在此使用：{reason}",
    "Pick at least one preset kernel or add your own.": "请至少选择一个预设卷积核，或添加自己的卷积核。",
    "one 3×3 conv, then ReLU": "一个 3×3 卷积，后接 ReLU",
    "torch.manual_seed before building the network": "构建网络之前调用 torch.manual_seed",
    "{name}: RANDOM weights (untrained, random seed {seed})":
        "{name}：随机权重（未训练，随机种子 {seed}）",
    "Training the default digits model once (a few seconds)…": "正在训练默认的手写数字模型（仅一次，需几秒）…",
    "Loading the model…": "正在加载模型…",
    "Loading the checkpoint…": "正在加载检查点…",
    "{name}: ImageNet weights": "{name}：ImageNet 预训练权重",
    "{name}: RANDOM weights (demo: the maps mean nothing). Put {file} in {folder} for the "
    "trained model":
        "{name}：随机权重（演示：这些特征图没有意义）。把 {file} 放到 {folder} 即可使用训练好的模型",
    "Tracing the model's graph…": "正在追踪模型的计算图…",
    "Computing every layer's maps…": "正在计算每一层的特征图…",
    "Layer to show": "要查看的层",
    "Numbered by kind in the order the network runs them; the sizes are C×h×w of a map, or D "
    "of a vector. Hover a bar of the strip below for the graph node's name.":
        "按层的类型、依网络执行顺序编号；尺寸是特征图的 C×h×w，或向量的 D。"
        "鼠标悬停在下方条形图的柱子上，可看到计算图节点名。",
    "No activation right before or after this layer.": "这一层前后都没有紧挨着的激活函数。",
    "Show the maps": "显示哪一侧的特征图",
    "before the activation": "激活函数之前",
    "after the activation": "激活函数之后",
    "{layer} feeds the activation {activation}.": "{layer} 的输出送入激活函数 {activation}。",
    "Kernels of": "查看卷积核的层",
    "Input channel": "输入通道",
    "RGB, as the first layer sees it": "RGB，即第一层看到的样子",
    "average over input channels": "对输入通道取平均",
    "input channel {i}": "输入通道 {i}",
    "A kernel has one k×k slice per input channel; show one slice, or their mean.":
        "一个卷积核对每个输入通道各有一片 k×k 的权重；可以只看一片，或看它们的平均。",
    # explorer/figures/featuremaps.py
    "values per image": "每张图片的数值个数",
    "unit": "单元",
    "value": "数值",
}
