"""Chinese for the run menus and run states (ui/run_menu.py)."""

ZH = {
    "trained on {dataset}, 2-D points, not images": "在 {dataset} 上训练，是二维点而不是图像",
    "{model} has no convolution layers, so no feature maps": "{model} 没有卷积层，因此没有特征图",
    "its data set {dataset} is not on this machine": "它的数据集 {dataset} 不在本机上",
    "no checkpoint": "没有检查点",
    "Not offered here: {runs}. The Training lab's Runs tab lists every run.":
        "此处未列出：{runs}。训练实验室的“运行记录”标签页列出了所有运行。",
    "running": "训练中",
    "interrupted": "已中断",
    "damaged": "已损坏",
    "finished": "已完成",
    "stopped": "已停止",
    "diverged": "已发散",
    "early stopping": "已早停",
    "imported": "已导入",
    "failed": "失败",
    "cancelled": "已取消",
    "damaged: {problem}": "已损坏：{problem}",
    "{id} ({state}, test acc {acc})": "{id}（{state}，测试准确率 {acc}）",
}
