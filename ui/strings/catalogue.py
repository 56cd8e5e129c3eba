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
    "Detection: IoU, NMS, mAP": "目标检测：交并比 IoU、非极大值抑制 NMS、mAP",
    "Label smoothing & calibration": "标签平滑与校准",
    "Focal & balanced CE": "Focal 损失与平衡交叉熵",
    "LR schedules": "学习率调度",
    "Optimizers & saddle points": "优化器与鞍点",
    "BatchNorm & dropout modes": "BatchNorm 与 Dropout 的训练/推理模式",
    "Data augmentation": "数据增强",
    "Regularisation & early stopping": "正则化与早停",
}
