"""Chinese for the Data augmentation page (and the names and descriptions of
explorer.augment.SINGLE)."""

ZH = {
    "Data augmentation": "数据增强",
    "Random but label-preserving changes make one picture many training samples ({note}): "
    "crop 0.6–1, flip, rotation, colour jitter, random erasing, cutout, MixUp, CutMix, mosaic "
    "and copy-paste, all drawn with torchvision.transforms.v2 except the last two, which "
    "torchvision does not provide.":
        "随机但不改变标签的变换，让一张图片变成许多训练样本（{note}）：0.6–1 的随机裁剪、翻转、"
        "旋转、颜色抖动、随机擦除、cutout、MixUp、CutMix、马赛克（mosaic）和复制粘贴"
        "（copy-paste）；除最后两种 torchvision 没有提供外，全部用 torchvision.transforms.v2 "
        "生成。",
    "Re-roll": "重新抽取",
    "Next seed: new random draws for every augmentation": "下一个随机种子：每种增强重新随机抽取",
    "Pick an image above to see it augmented.": "请在上方选一张图片，查看它的增强效果。",
    "One image, many draws": "一张图，多次抽取",
    "MixUp & CutMix": "MixUp 与 CutMix",
    "Mosaic & copy-paste": "马赛克与复制粘贴",
    "Augmentations": "增强方式",
    "Pick at least one augmentation to draw.": "请至少选一种增强方式。",
    "**original**, resized and centre-cropped": "**原图**，缩放并居中裁剪",
    "original ({size}×{size})": "原图（{size}×{size}）",
    "seed {n}": "随机种子 {n}",
    "A batch of {n} different images, labels one-hot over your image and scikit-learn's other "
    "sample photos. λ ~ Beta(α, α); image *i* is mixed with image *i − 1* (the first with the "
    "last). **MixUp** blends pixels, $\\tilde x = \\lambda x_i + (1-\\lambda) x_{{i-1}}$; "
    "**CutMix** pastes a box of $x_{{i-1}}$ and weighs the labels by the box's area: "
    "$\\tilde y = \\lambda y_i + (1-\\lambda) y_{{i-1}}$.":
        "一个批次里有 {n} 张不同的图片，标签是在你的图片和 scikit-learn 其他样例照片上的 "
        "one-hot。λ ~ Beta(α, α)；第 *i* 张图与第 *i − 1* 张混合（第一张与最后一张）。"
        "**MixUp** 混合像素，$\\tilde x = \\lambda x_i + (1-\\lambda) x_{{i-1}}$；**CutMix** "
        "把 $x_{{i-1}}$ 的一个矩形块贴过来，并按块的面积给标签加权："
        "$\\tilde y = \\lambda y_i + (1-\\lambda) y_{{i-1}}$。",
    "Mixing": "混合方式",
    "{err}. Try another seed.": "{err}。请换一个随机种子。",
    "**Mosaic** (YOLOv4): four different images ({names}), each randomly scaled and cropped, "
    "around a random centre {centre}. Their boxes go through the same crops "
    "(`tv_tensors.BoundingBoxes` in transforms.v2): cut boxes are clipped, objects cut away "
    "are dropped, and the random scaling makes many objects small ({note}).":
        "**马赛克**（YOLOv4）：四张不同的图片（{names}），各自随机缩放和裁剪，拼在随机中心 "
        "{centre} 周围。它们的框经过同样的裁剪（transforms.v2 中的 `tv_tensors.BoundingBoxes`）："
        "被切到的框会被截断，被切掉的目标会被丢弃，而随机缩放增加了很多小目标（{note}）。",
    "object": "目标",
    "tile": "拼块",
    "share of its image": "占原图比例",
    "share of the mosaic": "占马赛克比例",
    "**Copy-paste** (Ghiasi et al. 2021) pastes segmented objects into another image. Without "
    "instance masks, a centred ellipse of your image stands in for the object, rescaled and "
    "pasted on {background}.":
        "**复制粘贴**（Ghiasi 等 2021）把分割出的目标贴到另一张图片上。这里没有实例掩码，就用你"
        "的图片中央的一个椭圆代替目标，缩放后贴到 {background} 上。",
    # explorer.augment.SINGLE
    "random crop (scale 0.6–1)": "随机裁剪（面积比例 0.6–1）",
    "RandomResizedCrop(scale=(0.6, 1)): a crop of 60–100 % of the area, resized back":
        "RandomResizedCrop(scale=(0.6, 1))：裁剪 60–100 % 的面积，再缩放回原尺寸",
    "horizontal flip": "水平翻转",
    "rotation ±30°": "旋转 ±30°",
    "RandomRotation(30): angle uniform in [−30°, 30°], corners black":
        "RandomRotation(30)：角度在 [−30°, 30°] 内均匀分布，四角填黑",
    "colour jitter": "颜色抖动",
    "random erasing": "随机擦除",
    "RandomErasing(p=1, scale=(0.02, 0.25), value='random'): a rectangle of noise":
        "RandomErasing(p=1, scale=(0.02, 0.25), value='random')：一块噪声矩形",
    "cutout (square 1/16 of the area)": "cutout（面积 1/16 的正方形）",
    "Cutout (DeVries & Taylor 2017) as RandomErasing(scale=(1/16, 1/16), ratio=(1, 1), "
    "value=0): a fixed-size black square":
        "Cutout（DeVries 与 Taylor 2017），即 RandomErasing(scale=(1/16, 1/16), ratio=(1, 1), "
        "value=0)：一个固定大小的黑色正方形",
}
