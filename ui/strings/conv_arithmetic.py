"""Chinese for the Conv arithmetic page (and the texts of explorer.figures.conv_arithmetic)."""

ZH = {
    "Conv arithmetic": "卷积算术",
    "How big is a layer's output, how much of the image does one output see, and what does a "
    "layer cost? The formulas of {note1} and {note4}, each checked live against PyTorch.":
        "一层的输出有多大？一个输出能看到图像的多大范围？一层要花多少计算？{note1}和{note4}"
        "中的公式，每一条都与 PyTorch 实时核对。",
    "convolution": "卷积",
    "max pooling": "最大池化",
    "average pooling": "平均池化",
    "Laplacian": "拉普拉斯",
    "Blur (box)": "均值模糊",
    "Sharpen": "锐化",
    "Output size": "输出尺寸",
    "Receptive field": "感受野",
    "Params & FLOPs": "参数量与 FLOPs",
    "1×1 bottleneck & separable": "1×1 瓶颈与深度可分离卷积",
    "Convolution step by step": "逐步演示卷积",
    "{note} writes $o=\\lfloor (i+2p-k)/s\\rfloor+1$: the same with dilation $d=1$. Pooling "
    "with **ceil mode** rounds up, except that a last window starting inside the right padding "
    "is dropped.":
        "{note}写作 $o=\\lfloor (i+2p-k)/s\\rfloor+1$：即膨胀率 $d=1$ 时的同一公式。池化开启 "
        "**ceil mode** 时向上取整，但起点落在右侧填充内的最后一个窗口会被丢弃。",
    "Layer": "层类型",
    "input size i": "输入尺寸 i",
    "kernel k": "卷积核 k",
    "stride s": "步长 s",
    "padding p": "填充 p",
    "dilation d": "膨胀率 d",
    "ceil mode": "ceil mode（向上取整）",
    "Impossible setting: {err}.": "无法计算的设置：{err}。",
    "Output {out}×{out}. PyTorch's {layer} on a {size}×{size} input gives "
    "{torch_out}×{torch_out}.":
        "输出 {out}×{out}。PyTorch 的 {layer} 作用于 {size}×{size} 的输入，得到 "
        "{torch_out}×{torch_out}。",
    "Each layer multiplies the **jump** $j$ (input pixels between neighbouring outputs) by its "
    "stride, and widens the **receptive field** $r$ by $d(k-1)$ jumps. {note} gives the same "
    "rule top-down: $RF_{{N-1}} = (RF_N - 1)\\,s + k$.":
        "每一层把**跳距** $j$（相邻两个输出在输入上相隔的像素数）乘以它的步长，并把**感受野** "
        "$r$ 扩大 $d(k-1)$ 个跳距。{note}给出的是同一规则的自顶向下写法："
        "$RF_{{N-1}} = (RF_N - 1)\\,s + k$。",
    "input size": "输入尺寸",
    "kind": "类型",
    "kernel": "卷积核",
    "Edit the stack: add or delete rows, change any cell.": "编辑网络层：可增删行，可改任意单元格。",
    "Impossible stack: {err}.": "无法计算的网络层：{err}。",
    "input": "输入",
    "layer": "层",
    "output": "输出",
    "jump j": "跳距 j",
    "receptive field r": "感受野 r",
    "first field centre": "首个感受野中心",
    " (clipped by the image border)": "（被图像边界截断）",
    "Formula: r = {r}. Measured with autograd (each layer a sum over its window: any pixel of "
    "a max pool's window may be its max): the centre output's gradient reaches {rows}×{cols} "
    "input pixels{clipped}.":
        "公式：r = {r}。用 autograd 实测（每层都换成窗口内求和：最大池化窗口里任何像素都可能是"
        "最大值）：中心输出的梯度到达 {rows}×{cols} 个输入像素{clipped}。",
    "The gradient fades towards the edge of the field: outer pixels reach the output through "
    "fewer paths (the *effective* receptive field, Luo et al. 2016), but every pixel inside "
    "the dashes does reach it.":
        "梯度越靠近感受野边缘越弱：外圈像素通往输出的路径更少（即*有效*感受野，Luo 等 2016），"
        "但虚线框内的每个像素确实都能到达输出。",
    "Per image: a conv costs $C_{out} H_{out} W_{out} \\cdot (C_{in}/g)\\, k^2$ "
    "multiply-accumulates (MACs), a Linear layer $in \\cdot out$; FLOPs = 2 × MACs. Bias, "
    "BatchNorm, activations and pooling are left out, as "
    "`torch.utils.flop_counter.FlopCounterMode` leaves them out.":
        "每张图像：一个卷积层需要 $C_{out} H_{out} W_{out} \\cdot (C_{in}/g)\\, k^2$ 次乘加"
        "（MACs），一个全连接层需要 $in \\cdot out$ 次；FLOPs = 2 × MACs。偏置、BatchNorm、"
        "激活函数和池化不计入，与 `torch.utils.flop_counter.FlopCounterMode` 的做法一致。",
    "Model": "模型",
    "Registered models (explorer.models) and torchvision's ImageNet networks; weights do not "
    "matter for counting.":
        "已注册的模型（explorer.models）和 torchvision 的 ImageNet 网络；计数与权重无关。",
    "Input": "输入",
    "type": "类型",
    "params": "参数量",
    "parameters": "参数量",
    "MACs per image": "每张图像的 MACs",
    "FLOPs = 2 × MACs": "FLOPs = 2 × MACs",
    "FlopCounterMode counts {counted} FLOPs for one forward pass; the table's 2 × MACs = "
    "{flops}.":
        "FlopCounterMode 统计一次前向传播为 {counted} FLOPs；表中的 2 × MACs = {flops}。",
    "{note}'s Inception example: from 192×28×28 to 32×28×28 with a 5×5 conv, directly or "
    "through a 1×1 conv to 16 channels first (GoogLeNet's bottleneck). Change any size; the "
    "real layers are counted by FlopCounterMode alongside.":
        "{note}中的 Inception 例子：用 5×5 卷积把 192×28×28 变为 32×28×28，直接做，或先用 "
        "1×1 卷积降到 16 个通道（GoogLeNet 的瓶颈结构）。可以改任意尺寸；旁边同时用 "
        "FlopCounterMode 统计真实的层。",
    "input channels": "输入通道数",
    "height = width": "高 = 宽",
    "output channels": "输出通道数",
    "1×1 channels": "1×1 通道数",
    "**Check the note's sum.** {note} prints 12,433,648 multiplications for the 1×1 "
    "bottleneck, but its own terms 2,408,448 + 10,035,200 add up to **12,443,648** (a typo of "
    "10,000); the direct 5×5 conv's 120,422,400 is right. The exact counts below, and "
    "FlopCounterMode on the real layers, confirm 12,443,648.":
        "**核对笔记里的加法。** {note}给出 1×1 瓶颈的乘法次数为 12,433,648，但它自己的两项 "
        "2,408,448 + 10,035,200 相加是 **12,443,648**（差了 10,000，是笔误）；直接 5×5 卷积的 "
        "120,422,400 是对的。下面的精确计数以及 FlopCounterMode 对真实层的统计都确认是 "
        "12,443,648。",
    "{k}×{k} conv": "{k}×{k} 卷积",
    "1×1 to {mid} then {k}×{k}": "先 1×1 降到 {mid}，再 {k}×{k}",
    "standard {k}×{k}": "标准 {k}×{k} 卷积",
    "depthwise + pointwise": "逐通道 + 逐点卷积",
    "1×1 bottleneck": "1×1 瓶颈",
    "Depthwise-separable (MobileNet)": "深度可分离卷积（MobileNet）",
    "Impossible size: {err}.": "无法计算的尺寸：{err}。",
    "- **{plain_name}**: ${plain_terms} = {plain}$\n- **{cheap_name}**: ${cheap_terms} = "
    "{cheap}$\n- ratio {ratio}: **{times}× fewer** multiplications. FlopCounterMode on the "
    "real layers: {plain_counted} and {cheap_counted} multiply-adds.":
        "- **{plain_name}**：${plain_terms} = {plain}$\n- **{cheap_name}**：${cheap_terms} = "
        "{cheap}$\n- 比值 {ratio}：乘法次数**少 {times} 倍**。FlopCounterMode 对真实层的统计："
        "{plain_counted} 和 {cheap_counted} 次乘加。",
    "Closed form of the ratio: 1/C_out + 1/k² = 1/{c_out} + 1/{k}² = {ratio}.":
        "比值的闭式解：1/C_out + 1/k² = 1/{c_out} + 1/{k}² = {ratio}。",
    "Slide the kernel over a small image. Each output cell is $y[r,c] = \\sum_{u,v} w[u,v]\\; "
    "x_{pad}[r s + d u,\\; c s + d v]$: what `nn.Conv2d` computes (a cross-correlation, the "
    "kernel is not flipped).":
        "让卷积核在一张小图上滑动。每个输出单元为 $y[r,c] = \\sum_{u,v} w[u,v]\\; "
        "x_{pad}[r s + d u,\\; c s + d v]$：这正是 `nn.Conv2d` 的计算（互相关，卷积核不翻转）。",
    "Kernel": "卷积核",
    "stride": "步长",
    "padding": "填充",
    "dilation": "膨胀率",
    "Step (output cell, row by row)": "步骤（输出单元，逐行）",
    # explorer.figures.conv_arithmetic
    "output size": "输出尺寸",
    "receptive field": "感受野",
    "jump": "跳距",
    "pixels, log scale (of the input for field and jump)":
        "像素，对数刻度（感受野和跳距以输入像素计）",
    "Input gradient of the centre output (blue) vs the formula's field (red dashes)":
        "中心输出对输入的梯度（蓝）与公式给出的感受野（红色虚线）",
    "input column": "输入列",
    "input row": "输入行",
    "multiplications": "乘法次数",
    "padded input (taps in red)": "填充后的输入（红框为参与计算的位置）",
    "kernel w": "卷积核 w",
    "output y<br>(so far)": "输出 y<br>（至此）",
}

# explorer/conv_arithmetic.py: refusals of a layer or a stack (numbers arrive with separators)
MESSAGES_ZH = {
    "output size would be {out:,}: kernel {kernel:,} is larger than the padded input "
    "{size:,} + 2·{padding:,} = {padded:,}; lower the kernel or dilation, or pad more":
        "输出尺寸将是 {out}：卷积核 {kernel} 大于填充后的输入 {size} + 2·{padding} = {padded}；"
        "请减小卷积核或膨胀率，或增加填充",
    "output size would be {out:,}: kernel {kernel:,} (dilated span {span:,}) is larger than the "
    "padded input {size:,} + 2·{padding:,} = {padded:,}; lower the kernel or dilation, or pad "
    "more":
        "输出尺寸将是 {out}：卷积核 {kernel}（膨胀后跨度 {span}）大于填充后的输入 "
        "{size} + 2·{padding} = {padded}；请减小卷积核或膨胀率，或增加填充",
    "layer {number} ({layer}), input {size:,}: {reason}":
        "第 {number} 层（{layer}），输入 {size}：{reason}",
    "the receptive field or jump passes 2**53 input pixels, beyond exact arithmetic; lower the "
    "strides, kernels or dilations":
        "感受野或跳距超过 2**53 个输入像素，超出精确计算的范围；请减小步长、卷积核或膨胀率",
}
