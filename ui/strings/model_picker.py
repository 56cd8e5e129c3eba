"""Chinese for the torchvision models in the model menus and their weights import
(ui/model_picker.py)."""

ZH = {
    "{name} (torchvision, ImageNet weights)": "{name}（torchvision，ImageNet 权重）",
    "{name} (torchvision, random weights)": "{name}（torchvision，随机权重）",
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
}
