"""Chinese for the Playground page (and the texts of its figures)."""

ZH = {
    "Playground": "游乐场",
    "Train a small network on moons, circles, spirals, XOR or blobs and watch the decision "
    "boundary, every neuron's map, the losses and each layer's gradients form live; two "
    "configurations side by side.":
        "在双月、同心圆、螺旋、XOR 或高斯团数据上训练一个小网络，实时观看决策边界、每个神经元的"
        "响应图、损失和每一层的梯度如何形成；两种配置并排比较。",
    "A small network, trained live with real torch on 2-D points: the decision boundary, every "
    "hidden neuron's map, the losses, the gradient of every layer and its weights, as they "
    "form. Two configurations can run side by side on the same data and seed; the sidebar's "
    "link keeps every setting.":
        "一个小网络，用真正的 torch 在二维数据点上实时训练：决策边界、每个隐藏神经元的响应图、"
        "损失、每一层的梯度和权重，边训练边呈现。两种配置可以在同一份数据和同一随机种子下并排运行；"
        "侧边栏的链接保存所有设置。",
    "Compare two configurations side by side": "并排比较两种配置",
    "Step": "单步",
    "Steps": "已训练步数",
    "Reset": "重置",
    "Inputs": "输入特征",
    "Configuration A": "配置 A",
    "Configuration B": "配置 B",
    "Network and training": "网络与训练",
    "Add a point": "添加数据点",
    "Added points stay until new data is drawn; they are not kept in a link.":
        "添加的数据点会一直保留，直到重新生成数据；它们不会保存在链接中。",
    "{busy} playgrounds are training on this server, its limit: press Step, or Play again in "
    "a moment.":
        "服务器上已有 {busy} 个游乐场在训练，达到上限：请按“单步”，或稍后再按“播放”。",
    "Pause": "暂停",
    "Play": "播放",
    "Steps per Step": "每次单步的步数",
    "Test accuracy": "测试准确率",
    "Test loss": "测试损失",
    "Train loss": "训练损失",
    "{label}: best test accuracy {accuracy} first reached at step {step}.":
        "{label}：最佳测试准确率 {accuracy}，首次在第 {step} 步达到。",
    "Moons": "双月",
    "Circles": "同心圆",
    "Spirals": "螺旋",
    "XOR": "XOR（异或）",
    "Gaussian blobs": "高斯团",
    "Data": "数据",
    "Noise": "噪声",
    "Train %": "训练集 %",
    "Label noise": "标签噪声",
    "Share of the train labels flipped; the test labels stay clean.":
        "被翻转的训练标签比例；测试标签保持干净。",
    "Data seed": "数据随机种子",
    "New data": "重新生成数据",
    "Hidden layers": "隐藏层数",
    "Neurons per layer": "每层神经元数",
    "Dropout": "Dropout（随机失活）",
    "BatchNorm": "BatchNorm",
    "Penalty": "正则项",
    "Penalty strength λ": "正则强度 λ",
    "Seed": "随机种子",
    "none": "无",
    "Class": "类别",
    "orange (0)": "橙色 (0)",
    "blue (1)": "蓝色 (1)",
    "Add to the training set": "加入训练集",
    "Points added: {n}.": "已添加的数据点：{n} 个。",
    "Or click on the plane to add a point of the chosen class there.":
        "或者在平面上点击，在该处添加一个所选类别的数据点。",
    "The loss stopped being finite at step {step}: lower the learning rate and press Reset.":
        "损失在第 {step} 步变得不再有限（发散）：请降低学习率并按“重置”。",
    "Output P(blue) over the plane; train points ringed white, test points black":
        "输出 P(蓝色) 在平面上的分布；训练点为白色描边，测试点为黑色描边",
    "Inputs → hidden layers → output: each neuron's activation over the plane; edges blue for "
    "positive weights, orange for negative, thicker for larger |w|":
        "输入 → 隐藏层 → 输出：每个神经元在平面上的激活；连线蓝色表示正权重、橙色表示负权重，"
        "|w| 越大线越粗",
    "**{label}: gradient norm per layer** (W1 is the first layer; vanishing gradients sink "
    "towards it)":
        "**{label}：每层的梯度范数**（W1 是第一层；梯度消失时越靠近它越小）",
    "**{label}: weights per layer**": "**{label}：每层的权重分布**",
    "Gradient norm per layer over steps (log scale; W1 is the first layer: vanishing "
    "gradients sink towards it)":
        "每层的梯度范数随步数的变化（对数刻度；W1 是第一层：梯度消失时越靠近它越小）",
    "Weights per layer: how many weights (up) have each value (across)":
        "每层的权重分布：横轴为权重值，纵轴为权重个数",
    "Loss over steps: train dashed, test solid": "损失随步数的变化：虚线为训练损失，实线为测试损失",
    "Loss over steps: train dashed, test solid; A blue, B red":
        "损失随步数的变化：虚线为训练损失，实线为测试损失；A 为蓝色，B 为红色",
    "Test accuracy over steps": "测试准确率随步数的变化",
    # figure texts
    "no gradient yet: press Play or Step": "还没有梯度：请按“播放”或“单步”",
    "test loss": "测试损失",
    "gradient norm": "梯度范数",
    "weight value": "权重值",
    "number of weights": "权重个数",
}
