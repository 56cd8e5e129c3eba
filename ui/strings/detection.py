"""Chinese for the Detection page (and the texts of explorer.figures.detection). The notes'
terms: 交并比 (IoU), 非极大值抑制 (NMS), 查准率 / 查全率 (precision / recall)."""

ZH = {
    "Object detection metrics": "目标检测指标",
    "How boxes are compared (IoU and its variants), how duplicates are removed (NMS, "
    "Soft-NMS) and how a detector is scored (AP@0.5, COCO mAP@[.5:.95]): {note}.":
        "如何比较两个框（交并比 IoU 及其变体），如何去掉重复框（非极大值抑制 NMS、Soft-NMS），"
        "以及如何给检测器打分（AP@0.5、COCO mAP@[.5:.95]）：{note}。",
    "gaussian": "高斯",
    "linear": "线性",
    "IoU, GIoU, DIoU, CIoU": "交并比 IoU、GIoU、DIoU、CIoU",
    "NMS vs Soft-NMS": "非极大值抑制 NMS 与 Soft-NMS",
    "mAP@0.5 and COCO mAP": "mAP@0.5 与 COCO mAP",
    "**Box A** (blue)": "**框 A**（蓝）",
    "A: x1 … x2": "A：x1 … x2",
    "A: y1 … y2": "A：y1 … y2",
    "**Box B** (red)": "**框 B**（红）",
    "B: x1 … x2": "B：x1 … x2",
    "B: y1 … y2": "B：y1 … y2",
    "{err}. Drag the two ends of that slider apart.": "{err}。请把该滑块的两端拉开。",
    "value": "数值",
    "loss = 1 − value": "损失 = 1 − 数值",
    "Values and losses from torchvision.ops (box_iou, generalized_box_iou, distance_box_iou, "
    "complete_box_iou and their *_loss); the note's formulas below, with this pair's numbers, "
    "give the same values (unit-tested).":
        "数值和损失来自 torchvision.ops（box_iou、generalized_box_iou、distance_box_iou、"
        "complete_box_iou 及对应的 *_loss）；下面笔记中的公式代入这一对框的数字，得到相同的值"
        "（有单元测试）。",
    "Pull the boxes apart: IoU sticks at 0 (no gradient, no sense of distance) while GIoU and "
    "DIoU keep falling as the gap grows. Give B another aspect ratio at the same overlap and "
    "only CIoU changes.":
        "把两个框拉开：交并比 IoU 停在 0（没有梯度，也感觉不到距离），而 GIoU 和 DIoU 随间距"
        "增大继续下降。重叠不变而改变 B 的宽高比，只有 CIoU 会变。",
    "objects": "目标数",
    "detections per object": "每个目标的检测框数",
    "localisation noise": "定位噪声",
    "random seed (scene)": "随机种子（场景）",
    "IoU threshold Nₜ": "交并比阈值 Nₜ",
    "Soft-NMS penalty": "Soft-NMS 惩罚方式",
    "Gaussian σ": "高斯 σ",
    "drop boxes scoring below": "丢弃得分低于此值的框",
    "NMS (torchvision)": "NMS（torchvision）",
    "Soft-NMS ({penalty})": "Soft-NMS（{penalty}）",
    "{method}: boxes kept": "{method}：保留的框",
    "{method}: AP@0.5 on this scene": "{method}：本场景的 AP@0.5",
    "Both repeatedly take the highest-scoring box M. NMS deletes every box that overlaps M by "
    "more than Nₜ, so when two real objects overlap, the second one can vanish (lower recall). "
    "Soft-NMS only lowers those scores (Bodla et al., 2017), so the second object survives "
    "with a smaller score. Boundary: Soft-NMS here follows the paper and penalises IoU ≥ Nₜ, "
    "while torchvision's NMS drops only IoU > Nₜ, so a box at exactly IoU = Nₜ is kept by NMS "
    "and penalised by linear Soft-NMS.":
        "两者都反复取出得分最高的框 M。非极大值抑制（NMS）删掉与 M 的交并比超过 Nₜ 的所有框，"
        "所以两个真实目标重叠时，第二个可能消失（查全率下降）。Soft-NMS 只降低这些框的得分"
        "（Bodla 等，2017），第二个目标以较低的得分保留下来。边界情况：这里的 Soft-NMS 按论文"
        "惩罚 IoU ≥ Nₜ 的框，而 torchvision 的 NMS 只删除 IoU > Nₜ 的框，所以 IoU 恰好等于 Nₜ "
        "的框会被 NMS 保留、被线性 Soft-NMS 惩罚。",
    "images": "图像数",
    "classes": "类别数",
    "objects per image (mean)": "每张图像的目标数（均值）",
    "box noise (fraction of the side)": "框噪声（占边长的比例）",
    "missed objects": "漏检比例",
    "false positives per image (mean)": "每张图像的误检数（均值）",
    "class {k}": "类别 {k}",
    "mAP@0.5 (AP50)": "mAP@0.5（AP50）",
    "objects / detections": "目标数 / 检测框数",
    "A detection is a **TP** at threshold t when its IoU with a not-yet-matched ground truth "
    "of its class is ≥ t (highest score first; a second detection of the same object is an "
    "FP). Each class gets COCO's 101-point AP; **mAP@0.5** averages classes at t = 0.5, "
    "**COCO mAP** also averages t = 0.50, 0.55, …, 0.95 — so sloppy boxes (raise the box "
    "noise) hurt it much more than AP50. Equal to pycocotools' COCOeval (tested).":
        "一个检测框与同类中尚未匹配的真实框的交并比 ≥ t 时，在阈值 t 下算作 **TP**（按得分从高"
        "到低匹配；同一目标的第二个检测框算 FP）。每个类别计算 COCO 的 101 点 AP；"
        "**mAP@0.5** 在 t = 0.5 下对类别求平均，**COCO mAP** 还对 t = 0.50, 0.55, …, 0.95 "
        "求平均，所以不精确的框（调大框噪声）对它的伤害远大于对 AP50。结果与 pycocotools 的 "
        "COCOeval 一致（有测试）。",
    # explorer.figures.detection
    "C: smallest enclosing box": "C：最小外接框",
    "ρ: centre distance": "ρ：中心距离",
    "c: diagonal of C": "c：C 的对角线",
    "kept": "保留",
    "suppressed": "被抑制",
    "ground truth": "真实框",
    "before": "处理前",
    "detection (by original score)": "检测框（按原始得分排序）",
    "score": "得分",
    "AP per class and IoU threshold": "各类别、各交并比阈值下的 AP",
    "IoU threshold": "交并比阈值",
    "Precision–recall per class at IoU ≥ 0.5": "IoU ≥ 0.5 时各类别的查准率–查全率曲线",
    "recall": "查全率",
    "precision": "查准率",
}
