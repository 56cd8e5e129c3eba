"""Chinese for the Home page (the cards' titles and sentences are in catalogue.py)."""

ZH = {
    "Deep-learning explorer": "深度学习探索器",
    "See how deep learning works and tune it live. Every number on these pages is computed by "
    "the tested `explorer` package; every chart reacts to its controls. The default data is "
    "scikit-learn's bundled **digits** (1,797 8×8 images), so everything runs offline.":
        "亲眼看看深度学习如何运作，并实时调整参数。这些页面上的每个数字都由经过测试的 "
        "`explorer` 包计算；每张图都随控件实时变化。默认数据是 scikit-learn 自带的 **digits**"
        "（1,797 张 8×8 图像），因此一切都能离线运行。",
    "Offline data and weights": "离线数据与权重",
    "Nothing is downloaded unless you ask (Get data, below). Optional datasets and pretrained "
    "weights are used when their files are on disk; otherwise pages fall back to the bundled "
    "data.":
        "除非你要求（见下方“获取数据”），否则不会下载任何东西。可选的数据集和预训练权重只有在文件"
        "已在磁盘上时才会使用；否则页面会退回到自带的数据。",
    "item": "项目",
    "available": "可用",
    "folder": "文件夹",
    "missing files": "缺少的文件",
    "yes": "是",
    "torchvision ImageNet weights": "torchvision ImageNet 预训练权重",
    "{n} of {total} ({names})": "{total} 个中有 {n} 个（{names}）",
    "{n} of {total}": "{total} 个中有 {n} 个",
    "the other {n}: download one on Predict, or run python -m explorer.data get "
    "tv:<architecture>": "其余 {n} 个：在「预测」页下载，或运行 python -m explorer.data get "
                         "tv:<architecture>",
    "no": "否",
    "digits (scikit-learn)": "digits（scikit-learn）",
    "bundled": "自带",
    # why a file in the offline table is not usable (explorer/offline.py)
    "empty": "文件为空",
    "gzipped: unpack it with gunzip": "仍是 gzip 压缩包：请用 gunzip 解压",
    "cut short (no pickle end mark)": "文件被截断（没有 pickle 结束标记）",
    "not an IDX file (bad header)": "不是 IDX 文件（文件头有误）",
}
