"""Chinese for the PR curves page (and the texts of explorer.figures.metrics and
explorer.metrics.explain_ap_parts). The notes' terms: 查准率 (precision), 查全率 (recall)."""

ZH = {
    "Precision–recall curves": "查准率–查全率（P-R）曲线",
    "Move the threshold and watch TP/FP/FN/TN, precision, recall and F1 change; see why VOC, "
    "COCO and scikit-learn report different APs for the same scores ({note}).":
        "移动阈值，观察 TP/FP/FN/TN、查准率、查全率和 F1 如何变化；看看为什么对同一组得分，"
        "VOC、COCO 和 scikit-learn 给出的 AP 各不相同（{note}）。",
    "Scores from": "得分来源",
    "Synthetic, two classes": "合成数据，两类",
    "Synthetic, several classes": "合成数据，多类",
    "Trained checkpoint": "训练好的模型",
    "Upload CSV": "上传 CSV",
    "Classifier": "分类器",
    "two Gaussians": "两个高斯分布",
    "perfect": "完美",
    "random": "随机",
    "perfect: every positive outranks every negative; random: scores ignore the label":
        "完美：每个正例的得分都高于每个反例；随机：得分与标签无关",
    "separation of the class means (σ units)": "两类均值的间隔（以 σ 为单位）",
    "positive fraction (class imbalance)": "正例比例（类别不平衡）",
    "samples": "样本数",
    "logit boost of the true class": "真实类别的 logit 增量",
    "rarest / commonest class frequency": "最少类 / 最多类的频率之比",
    "No run can be scored yet: train one in the Training lab (or import weights there); its "
    "test split's softmax probabilities then give one PR curve per class.":
        "还没有可以评估的模型：请先在训练实验室训练一个（或在那里导入权重）；它在测试集上的 "
        "softmax 概率会为每个类别给出一条 P-R 曲线。",
    "Run (Training lab)": "模型（训练实验室）",
    "Scores: the run's softmax probabilities on the test split of its data set; each class "
    "against the rest.":
        "得分：该模型在其数据集测试集上的 softmax 概率；每个类别对其余类别（一对其余）。",
    "Scoring the test split with run {run}…": "正在用模型 {run} 给测试集打分…",
    "Run {run} cannot be scored: {err}. Pick another run.": "模型 {run} 无法评估：{err}。请换一个模型。",
    "CSV with columns y_true (0/1), score and optionally class (one-vs-rest per class)":
        "CSV，列为 y_true（0/1）、score，可选 class（每个类别一对其余）",
    "Example CSV": "示例 CSV",
    "Class shown below (one-vs-rest)": "下方显示的类别（一对其余）",
    "Threshold t{unit}: predict positive when score ≥ t": "阈值 t{unit}：得分 ≥ t 时预测为正例",
    "accuracy": "准确率",
    "false-positive rate": "假正例率",
    "threshold {t}": "阈值 {t}",
    "FP (type I)": "FP（第一类错误）",
    "FN (type II)": "FN（第二类错误）",
    "predicted 0": "预测为 0",
    "predicted 1": "预测为 1",
    "true 0": "真实为 0",
    "true 1": "真实为 1",
    "no skill (prevalence {p})": "无区分能力（正例比例 {p}）",
    "★ best F1 = {f1} at t = {t}. Dashed: a no-skill classifier (precision = prevalence {p} "
    "on PR, the diagonal on ROC). Grey: points of equal F1.":
        "★ 最佳 F1 = {f1}，在 t = {t} 处。虚线：无区分能力的分类器（P-R 图上查准率 = 正例比例 "
        "{p}，ROC 图上为对角线）。灰线：F1 相等的点。",
    "The formulas with this threshold's counts": "代入当前阈值计数的公式",
    "FP = false alarm (type I error), FN = miss (type II error). With rare positives accuracy "
    "stays high even when recall is poor: try a positive fraction of 0.05.":
        "FP = 误报（第一类错误），FN = 漏报（第二类错误）。正例很少时，即使查全率很差，准确率"
        "也仍然很高：试试把正例比例设为 0.05。",
    "Average precision, five ways": "平均精度 AP 的五种算法",
    "Tied scores in the interpolated APs": "插值 AP 中得分相同的样本",
    "grouped: one operating point per distinct score (scikit-learn)":
        "合并：每个不同得分一个工作点（scikit-learn）",
    "one by one: tied rows ranked in file order (VOC devkit, pycocotools)":
        "逐个：得分相同的行按文件顺序排列（VOC devkit、pycocotools）",
    "Only scores shared by several rows differ. The step AP and ROC AUC are scikit-learn's "
    "(grouped) either way.":
        "只有多行共享的得分才有区别。阶梯 AP 和 ROC AUC 始终按 scikit-learn 的方式（合并）计算。",
    "{tied} of {rows} rows share their score with another row: the two conventions can give "
    "different VOC and COCO APs.":
        "{rows} 行中有 {tied} 行与其他行得分相同：两种约定给出的 VOC 和 COCO AP 可能不同。",
    "{tied} of {rows} rows share their score with another row: both conventions give the same "
    "APs here.":
        "{rows} 行中有 {tied} 行与其他行得分相同：这里两种约定给出的 AP 相同。",
    "variant": "算法",
    "step AP (sklearn)": "阶梯 AP (sklearn)",
    "all-point (VOC2010+)": "全点插值 (VOC2010+)",
    "11-point (VOC2007)": "11 点插值 (VOC2007)",
    "101-point (COCO)": "101 点插值 (COCO)",
    "step (sklearn)": "阶梯 (sklearn)",
    "all-point": "全点插值",
    "k-point": "k 点插值",
    "if no": "若没有",
    "11 VOC2007 points": "VOC2007 的 11 个点",
    "101 COCO points": "COCO 的 101 个点",
    "Every class, and three ways to average them": "每个类别，以及三种平均方式",
    "support": "正例数",
    "macro average": "宏平均",
    "micro average": "微平均",
    "weighted average": "加权平均",
    "**macro**: plain mean over classes (every class counts the same); **weighted**: mean "
    "weighted by each class's positives; **micro**: pool every row into one confusion matrix "
    "(big classes dominate). {note} defines $\\text{{Macro-}}F_1 = \\frac{{2\\,\\text{{Macro-}}P"
    "\\cdot\\text{{Macro-}}R}}{{\\text{{Macro-}}P+\\text{{Macro-}}R}}$ = **{seed_f1}** here, "
    "while scikit-learn's macro F1 averages the per-class F1s: **{sk_f1}**.":
        "**宏平均**：对各类别直接取平均（每个类别同等重要）；**加权平均**：按各类别的正例数加权"
        "平均；**微平均**：把所有行合成一个混淆矩阵（大类别占主导）。{note}定义 "
        "$\\text{{Macro-}}F_1 = \\frac{{2\\,\\text{{Macro-}}P\\cdot\\text{{Macro-}}R}}"
        "{{\\text{{Macro-}}P+\\text{{Macro-}}R}}$，这里为 **{seed_f1}**；而 scikit-learn 的"
        "宏 F1 是对各类别的 F1 取平均：**{sk_f1}**。",
    # explorer.metrics.explain_ap_parts
    "**All-point − step = {lift:+.4f}.** The envelope replaces each precision by the best "
    "precision at any higher recall, so it is never below the step sum; it adds area here "
    "because precision climbs again after some dips (positives ranked just below a run of "
    "negatives).":
        "**全点插值 − 阶梯 = {lift:+.4f}。** 包络把每个查准率换成任意更高查全率处的最佳查准率，"
        "所以它从不低于阶梯和；这里它增加了面积，因为查准率在几次下降后又回升了（正例排在一串"
        "反例之后）。",
    "**All-point − step = {lift:+.4f}.** The envelope replaces each precision by the best "
    "precision at any higher recall, so it is never below the step sum; here it adds nothing: "
    "precision never rises again after it drops.":
        "**全点插值 − 阶梯 = {lift:+.4f}。** 包络把每个查准率换成任意更高查全率处的最佳查准率，"
        "所以它从不低于阶梯和；这里它没有增加面积：查准率下降之后从未回升。",
    "**11-point − all-point = {gap:+.4f}.** VOC2007 reads the envelope at only 11 recalls; "
    "each counts for 1/11 of the score, including r = 0 where the envelope is the best "
    "precision anywhere, so a coarse grid over- or under-shoots the area.":
        "**11 点 − 全点插值 = {gap:+.4f}。** VOC2007 只在 11 个查全率处读取包络，每个点占得分的 "
        "1/11，包括 r = 0 处（那里的包络是全局最佳查准率），所以粗糙的网格会高估或低估面积。",
    "**101-point − all-point = {gap:+.4f}.** COCO's 101 recalls sample the same envelope 10× "
    "finer, so it lands much closer to the all-point area.":
        "**101 点 − 全点插值 = {gap:+.4f}。** COCO 的 101 个查全率以 10 倍的密度对同一包络采样，"
        "因此与全点插值的面积接近得多。",
    "**ROC AUC = {auc:.4f} vs step AP = {step:.4f}.** ROC uses the false-positive rate, which "
    "does not depend on how many negatives there are; precision does. A random ranking has AUC "
    "0.5 but AP ≈ prevalence = {prevalence:.3f}, so rare positives pull AP down while AUC "
    "stays put.":
        "**ROC AUC = {auc:.4f}，阶梯 AP = {step:.4f}。** ROC 用的是假正例率，它与反例有多少"
        "无关；查准率则相关。随机排序的 AUC 为 0.5，而 AP ≈ 正例比例 = {prevalence:.3f}，所以"
        "正例稀少时 AP 被拉低，而 AUC 不变。",
    # explorer.figures.metrics
    "negatives (y=0)": "反例（y=0）",
    "positives (y=1)": "正例（y=1）",
    "count": "数量",
    "Precision–recall": "查准率–查全率",
    "iso-F1 lines": "等 F1 线",
    "PR curve": "P-R 曲线",
    "ROC curve": "ROC 曲线",
    "best F1": "最佳 F1",
    "threshold": "阈值",
    "true-positive rate (recall)": "真正例率（查全率）",
    "envelope max P(R' ≥ R)": "包络 max P(R' ≥ R)",
    "raw precision": "原始查准率",
    "Not one of the {rows} rows belongs to {classes} (or every row does): precision and recall "
    "need both, so they are left out of the curves and the averages. More samples or a higher "
    "rarest / commonest ratio brings them back.":
        "{rows} 行中没有一行属于 {classes}（或者每一行都属于）：查准率和查全率需要正负两类样本，"
        "所以它们不参与曲线和平均。增加样本数，或调高最稀有 / 最常见类别的频率比，就能让它们回来。",
}
