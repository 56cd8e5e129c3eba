"""Chinese for the torchvision models in the model menus and their weights import
(ui/model_picker.py)."""

ZH = {
    "{name} (torchvision, ImageNet weights)": "{name}（torchvision，ImageNet 权重）",
    "{name} (torchvision, random weights)": "{name}（torchvision，随机权重）",
    "{name} (torchvision, ImageNet weights to download)":
        "{name}（torchvision，ImageNet 权重，需下载）",
    "{name} (your weights {id})": "{name}（你的权重 {id}）",
    "{name}: RANDOM weights (untrained, seed 0: its predictions and maps mean nothing)":
        "{name}：随机权重（未训练，随机种子 0：它的预测和特征图没有意义）",
    "{name}: your weights {file} ({n} classes: {some})":
        "{name}：你的权重 {file}（{n} 个类别：{some}）",
    "Imported: {model}. It is now the chosen model.": "已导入：{model}。它现在是所选模型。",
    "Import weights for any torchvision classifier (.pt, .pth)":
        "为任一 torchvision 分类网络导入权重（.pt、.pth）",
    "A state dict of a torchvision architecture, e.g. a resnet18 you fine-tuned: "
    "`torch.save(model.state_dict(), path)`. Only tensors are read (`weights_only=True`) and "
    "every tensor must fit the architecture; the head may have any number of classes, named by "
    "a classes.json (`[\"cat\", \"dog\", …]` in output order). Architectures whose ImageNet "
    "weights exceed {mb} MB are not offered.":
        "torchvision 某个网络结构的 state dict，例如你微调过的 resnet18："
        "`torch.save(model.state_dict(), path)`。只读取张量（`weights_only=True`），每个张量都"
        "必须与网络结构吻合；输出层（head）可以有任意个类别，类别名由 classes.json 给出"
        "（按输出顺序，如 `[\"cat\", \"dog\", …]`）。ImageNet 权重超过 {mb} MB 的网络结构不提供。",
    "Class names (classes.json, optional)": "类别名（classes.json，可选）",
    "Checking the weights against {arch}…": "正在按 {arch} 检查权重…",
    "torchvision architecture": "torchvision 网络结构",
    "State dict (.pt, .pth, up to {mb} MB)": "state dict（.pt、.pth，最大 {mb} MB）",
    "Import these weights": "导入这些权重",
    "Images to run it over": "让它处理的图片",
    "The first {n} images of the data set, each resized to the model's input size.":
        "数据集的前 {n} 张图片，每张都缩放到模型的输入尺寸。",
    "Placing a new image is for the Training lab's models; a torchvision model's map shows the "
    "data set's images only.":
        "放入新图片只适用于训练实验室的模型；torchvision 模型的图只显示数据集里的图片。",
}

# explorer.tv_models' refusals (templates; the fields come filled in)
MESSAGES_ZH = {
    "the uploaded file": "上传的文件",
    "{arch}'s ImageNet weights ({file}, {mb} MB) are not on this machine: get them on Predict, "
    "or put {url} in {folder}; or pick random weights":
        "{arch} 的 ImageNet 权重（{file}，{mb} MB）不在这台机器上：请在“预测”页下载，或把 {url} "
        "放到 {folder}；也可以选随机权重",
    "{what} does not fit {arch}: {missing} of its {total} tensors are missing ({some_missing}) "
    "and {extra} are not {arch}'s ({some_extra}). {hint}":
        "{what} 与 {arch} 不吻合：它的 {total} 个张量中缺了 {missing} 个（{some_missing}），另有 "
        "{extra} 个不属于 {arch}（{some_extra}）。{hint}",
    "It fits {other}: pick that architecture": "它与 {other} 吻合：请选这个网络结构",
    "Is it a state dict of another architecture?": "它是不是另一个网络结构的 state dict？",
    "{what} does not fit {arch}: tensor {key} has shape {got} where {arch} has {shape}":
        "{what} 与 {arch} 不吻合：张量 {key} 的形状是 {got}，而 {arch} 的是 {shape}",
    "{what}: its head {head} has {count} outputs; a classifier has 2 to {most}":
        "{what}：它的输出层 {head} 有 {count} 个输出；分类网络应有 2 到 {most} 个",
    "{what}: the head has {count} outputs, but the class names given are {names}; they must "
    "match one to one":
        "{what}：输出层有 {count} 个输出，但给出的类别名有 {names} 个；两者必须一一对应",
    "{what} is not valid JSON (give a list of class names, like [\"cat\", \"dog\"])":
        "{what} 不是有效的 JSON（请给出类别名列表，如 [\"cat\", \"dog\"]）",
    "{what} holds no list of class names (give a JSON list of texts, like [\"cat\", \"dog\"], "
    "in the order of the outputs)":
        "{what} 里没有类别名列表（请按输出顺序给出文本的 JSON 列表，如 [\"cat\", \"dog\"]）",
    "{what} names {n} classes; a classifier has 2 to {most}":
        "{what} 给出了 {n} 个类别；分类网络应有 2 到 {most} 个",
    "{what}: class names must differ from each other and be at most {most} characters":
        "{what}：类别名必须互不相同，且每个最多 {most} 个字符",
}
