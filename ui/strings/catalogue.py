"""Chinese for the navigation: groups, page titles and the Home cards' sentences."""

ZH = {
    # groups
    "Start": "开始",
    "Building blocks": "基本组件",
    "Look inside a network": "看进网络内部",
    "Train & predict": "训练与预测",
    "Optimise & regularise": "优化与正则化",
    "Evaluate": "评估",
    # page titles
    "Home": "首页",
    "Activation functions": "激活函数",
    "Feature maps": "特征图",
    "t-SNE embeddings": "t-SNE 嵌入",
    "Conv arithmetic": "卷积算术",
    "Training lab": "训练实验室",
    "Predict": "预测",
    "Weight initialisation": "权重初始化",
    "PR curves & metrics": "PR 曲线与评价指标",
    "Detection: IoU, NMS, mAP": "目标检测：IoU、NMS、mAP",
    "Label smoothing & calibration": "标签平滑与校准",
    "Focal & balanced CE": "Focal 损失与平衡交叉熵",
    "LR schedules": "学习率调度",
    "Optimizers & saddle points": "优化器与鞍点",
    "BatchNorm & dropout modes": "BatchNorm 与 Dropout 模式",
    "Data augmentation": "数据增强",
    "Regularisation & early stopping": "正则化与早停",
    # the Home cards' sentences (PageInfo.teaches)
    "What each page teaches and what runs offline on this machine.":
        "每个页面讲什么，以及本机上哪些内容可以离线运行。",
    "Sigmoid to Mish: curves, derivatives, saturation, dead ReLUs, vanishing gradients "
    "through depth, and a numerically stable softmax.":
        "从 Sigmoid 到 Mish：曲线、导数、饱和区、死亡 ReLU、随深度出现的梯度消失，以及数值稳定"
        "的 softmax。",
    "Every channel of any layer for one image: hand-made Sobel/Laplacian kernels, a trained "
    "LeNet, ResNet-18; pre/post activation, channel statistics, kernels.":
        "一张图像在任意一层的每个通道：手工设计的 Sobel/Laplacian 卷积核、训练好的 LeNet、"
        "ResNet-18；激活函数前后的特征图、通道统计量与卷积核。",
    "Digits pixels vs a network's learned features in 2-D: openTSNE next to PCA, "
    "trustworthiness, 5-NN accuracy, KL, the optimisation animated, a perplexity sweep, and "
    "your image placed into the map.":
        "digits 的原始像素与网络学到的特征在二维中的对比：openTSNE 与 PCA 并列，可信度、5-NN "
        "准确率、KL 散度，优化过程动画、困惑度扫描，还能把你的图像放进地图。",
    "Output sizes, receptive fields, params and FLOPs per layer checked against torch, the "
    "Inception 1×1 saving, and a step-by-step convolution.":
        "逐层的输出尺寸、感受野、参数量和 FLOPs（与 torch 核对），Inception 中 1×1 卷积省下的"
        "计算量，以及一步一步演示的卷积。",
    "Train an MLP, LeNet-5, a small VGG or ResNet on digits (or MNIST, CIFAR-10 when present) "
    "with any optimizer, schedule and loss; live curves, stop, compare runs.":
        "在 digits（或已存在的 MNIST、CIFAR-10）上训练 MLP、LeNet-5、小型 VGG 或 ResNet，"
        "可任选优化器、学习率调度和损失函数；实时曲线，可随时停止，并比较多次运行。",
    "Upload, draw or pick images; see the preprocessing, top-k probabilities with a softmax "
    "temperature, Grad-CAM and another CAM, and a batch table with CSV.":
        "上传、手绘或挑选图像；查看预处理、带 softmax 温度的 top-k 概率、Grad-CAM 及另一种 "
        "CAM，以及可导出 CSV 的批量结果表。",
    "Zeros, N(0, 0.01), Xavier, He, orthogonal through 100 layers: std of activations and "
    "gradients vs the mean-field theory, symmetry of zero init, short trainings.":
        "全零、N(0, 0.01)、Xavier、He、正交初始化穿过 100 层：激活值和梯度的标准差与平均场"
        "理论对比，零初始化的对称性，以及简短的训练。",
    "Threshold, confusion matrix, precision/recall/F1, PR and ROC curves, AP the sklearn, VOC "
    "and COCO ways, macro/micro/weighted averages.":
        "阈值、混淆矩阵、查准率/查全率/F1、PR 与 ROC 曲线，按 sklearn、VOC 和 COCO 三种方式"
        "计算的 AP，宏平均/微平均/加权平均。",
    "IoU, GIoU, DIoU and CIoU on two boxes you drag, NMS vs Soft-NMS on a crowded scene, and "
    "COCO mAP@[.5:.95] equal to pycocotools.":
        "在你拖动的两个框上计算交并比 IoU、GIoU、DIoU 和 CIoU，在拥挤场景中比较非极大值抑制 "
        "NMS 与 Soft-NMS，以及与 pycocotools 一致的 COCO mAP@[.5:.95]。",
    "Smoothed targets, the finite optimal logit gap (closed form vs numeric), and ε = 0 vs "
    "ε > 0 trained on digits: accuracy, NLL, ECE, reliability diagrams, temperature scaling, "
    "penultimate-layer clusters.":
        "平滑后的目标、有限的最优 logit 差距（闭式解与数值解对比），以及在 digits 上训练的 "
        "ε = 0 与 ε > 0：准确率、NLL、ECE、可靠性图、温度缩放、倒数第二层的聚类。",
    "Focal loss and α-balanced cross-entropy: loss and gradient vs p_t for several γ and α, "
    "equal to torchvision, and an imbalanced toy where they differ.":
        "Focal 损失与 α 平衡交叉熵：不同 γ 和 α 下损失与梯度随 p_t 的变化（与 torchvision "
        "一致），以及一个能看出差别的类别不平衡玩具例子。",
    "Step, multi-step, exponential, cosine, restarts, polynomial and OneCycle, with linear "
    "warmup, drawn from real torch.optim.lr_scheduler objects and overlaid.":
        "阶梯、多阶梯、指数、余弦、带重启的余弦、多项式和 OneCycle 学习率调度，带线性热身，"
        "由真实的 torch.optim.lr_scheduler 对象画出并叠加比较。",
    "SGD to AdamW paths on Rosenbrock, Himmelblau, a saddle and a narrow valley; Hessian "
    "eigenvalues classify a point; full-batch vs mini-batch vs SGD noise.":
        "从 SGD 到 AdamW 在 Rosenbrock、Himmelblau、鞍面和狭长山谷上的路径；用 Hessian 特征值"
        "给点分类；全批量、小批量与 SGD 的噪声对比。",
    "The same batch through train() and eval(): batch vs running statistics, dropout's "
    "1/(1−p) scaling, and how small batches make BN noisy.":
        "同一批数据分别经过 train() 和 eval()：批统计量与滑动统计量，Dropout 的 1/(1−p) 缩放，"
        "以及小批量如何让 BN 变得嘈杂。",
    "Crop, flip, rotation, colour jitter, erasing and cutout with transforms.v2 on your image; "
    "MixUp and CutMix with their mixed labels; mosaic and copy-paste.":
        "用 transforms.v2 对你的图像做裁剪、翻转、旋转、颜色抖动、随机擦除和 cutout；MixUp 与 "
        "CutMix 及其混合标签；Mosaic 与复制粘贴增强。",
    "L1 vs L2 weight histograms after a short training (sparse vs small weights), and a tiny "
    "training set overfitting, with the early-stopping epoch marked.":
        "短暂训练后 L1 与 L2 的权重直方图（稀疏与小权重），以及一个很小的训练集如何过拟合，"
        "并标出早停的轮次。",
}
