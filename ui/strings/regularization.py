"""Chinese for the Regularisation & early stopping page (and the texts of its figures)."""

ZH = {
    "Regularisation: L1, L2 and early stopping": "正则化：L1、L2 与早停",
    "A penalty on the weights and stopping at the best validation epoch both trade training "
    "fit for generalisation ({note}). Small MLPs on the bundled digits, trained here in a few "
    "seconds and cached.":
        "对权重加惩罚、在验证集最好的那一轮停止，都是用训练集上的拟合换取泛化能力（{note}）。"
        "在自带的 digits 上训练小型 MLP，几秒钟即可完成并缓存。",
    "none": "无",
    "L1 vs L2 weights": "L1 与 L2 下的权重",
    "Overfitting & early stopping": "过拟合与早停",
    "L2's gradient $2\\lambda w$ shrinks each weight in proportion to its size: small weights, "
    "few exact zeros. L1's $\\lambda\\,\\mathrm{sign}(w)$ pushes every weight to 0 by the same "
    "step: many weights end (nearly) at 0, a sparse network. MLP 64→64→64→10, 300 full-batch "
    "Adam steps.":
        "L2 的梯度 $2\\lambda w$ 按权重大小成比例地缩小每个权重：权重都变小，但恰好为 0 的很少。"
        "L1 的 $\\lambda\\,\\mathrm{sign}(w)$ 以相同步长把每个权重推向 0：许多权重最终（几乎）"
        "为 0，得到稀疏的网络。MLP 64→64→64→10，全批量 Adam 训练 300 步。",
    "penalty strength λ": "惩罚强度 λ",
    "Training three small MLPs…": "正在训练三个小型 MLP…",
    "|w| < {limit}": "|w| < {limit} 的比例",
    "mean |w|": "|w| 的均值",
    "train accuracy": "训练准确率",
    "val accuracy": "验证准确率",
    "penalty": "惩罚项",
    "With only a few training images the network memorises them: train loss → 0 while "
    "validation loss turns up. **Early stopping** with patience *P* stops after *P* epochs "
    "without a new best validation loss and keeps the best epoch's weights "
    "(explorer.train.fit with `patience`).":
        "训练图像很少时，网络会把它们记住：训练损失 → 0，而验证损失开始上升。耐心值为 *P* 的"
        "**早停**在连续 *P* 轮验证损失没有创新低后停止，并保留最好那一轮的权重"
        "（explorer.train.fit 的 `patience` 参数）。",
    "training images": "训练图像数",
    "epochs": "轮数",
    "patience P": "耐心值 P",
    "Training on a tiny subset…": "正在一个很小的子集上训练…",
    "best val loss {loss} (epoch {epoch}): weights kept": "最佳验证损失 {loss}（第 {epoch} 轮）：保留此时的权重",
    "early stop (epoch {epoch})": "早停（第 {epoch} 轮）",
    "early stop at epoch": "早停于第几轮",
    "none (ran all {epochs})": "无（跑满 {epochs} 轮）",
    "best epoch {epoch}": "最佳轮次 {epoch}",
    "Validation loss never went {patience} epochs without a new best, so patience never ended "
    "training; the best epoch's weights are still the ones kept.":
        "验证损失从未连续 {patience} 轮没有创新低，所以耐心值没有终止训练；保留的仍是最佳轮次的权重。",
    "val accuracy, best epoch's weights": "验证准确率，最佳轮次的权重",
    "val accuracy after all {epochs} epochs": "跑完全部 {epochs} 轮后的验证准确率",
    "Validation *loss* can climb while validation *accuracy* holds or even creeps up: the "
    "memorising network grows over-confident on the images it gets wrong. Stopping on the "
    "loss, as here and in fit(), guards calibration more than accuracy.":
        "验证*损失*上升时，验证*准确率*可能保持不变甚至略升：死记硬背的网络对它分错的图像越来越"
        "过度自信。像这里和 fit() 那样按损失早停，保护的更多是校准而不是准确率。",
    # figure texts (explorer/figures/regularization.py)
    "no penalty": "无惩罚",
    "weight value": "权重值",
    "number of weights": "权重个数",
    "train loss": "训练损失",
    "validation loss": "验证损失",
    "epoch": "轮次",
    "cross-entropy (linear)": "交叉熵（线性坐标）",
}
