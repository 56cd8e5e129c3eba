"""Chinese for Home's "Get data" section (ui/get_data.py) and the downloader's refusals."""

ZH = {
    "{name} ImageNet weights": "{name} ImageNet 预训练权重",
    "{name}'s ImageNet weights ({file}, {mb:,.1f} MB) are not on this machine yet; the default "
    "model stands in until they are.":
        "{name} 的 ImageNet 预训练权重（{file}，{mb:,.1f} MB）还不在这台机器上；在下载之前由默认"
        "模型代替。",
    "Downloads are switched off on this server ({env}=off). {hint}":
        "本服务器已关闭下载（{env}=off）。{hint}",
    "Get ImageNet weights ({mb:,.1f} MB)": "下载 ImageNet 预训练权重（{mb:,.1f} MB）",
    "From {url}, kept only when its published checksum matches.":
        "来自 {url}，只有与公布的校验和一致才会保留。",
    "{file}: waiting": "{file}：等待中",
    "{file}: {done:,.1f} of {total:,.1f} MB": "{file}：{done:,.1f} / {total:,.1f} MB",
    "{item}: {n} file(s) fetched and checked.": "{item}：已下载并校验 {n} 个文件。",
    "{item} is already complete.": "{item} 已经完整。",
    "Get data": "获取数据",
    "Nothing is downloaded until you press a button. Files come from torchvision's own "
    "addresses (or the mirror in {env}) and are kept only when their published checksum "
    "matches; an interrupted download resumes when you press again. The data folder and "
    "weights may take {cap:,.0f} MB on this server.":
        "不按按钮就不会下载任何东西。文件来自 torchvision 自己的地址（或 {env} 中设置的镜像），"
        "只有与公布的校验和一致才会保留；下载中断后再按一次即可断点续传。本服务器上数据文件夹和"
        "权重最多占用 {cap:,.0f} MB。",
    "The ImageNet weights of every other torchvision classifier: pick it on Predict, which "
    "offers them, or run `python -m explorer.data get tv:convnext_tiny` (any architecture's "
    "name) on the server.":
        "其他 torchvision 分类网络的 ImageNet 预训练权重：在“预测”页选中该网络即可下载，或在服务器上"
        "运行 `python -m explorer.data get tv:convnext_tiny`（可换成任一网络结构名）。",
    "Mirror: {url}": "镜像：{url}",
    "Downloads are switched off on this server ({env}=off). Whoever runs it can place the "
    "files, or run `python -m explorer.data get mnist` there.":
        "本服务器已关闭下载（{env}=off）。服务器管理员可以自行放置文件，或在服务器上运行 "
        "`python -m explorer.data get mnist`。",
    "on this machine": "已在本机",
    "{size:,.1f} MB to download": "需下载 {size:,.1f} MB",
    "Get": "下载",
}

ERRORS_ZH = {
    "download_off": "本服务器已关闭下载（{setting}=off）；请让服务器管理员放置文件",
    "download_offline": "无法连接 {host}（{reason}）：请检查网络，或把 EXPLORER_MIRROR 设为存有这些"
                        "文件的镜像。其余功能仍可使用内置的 digits 数据。",
    "download_http": "{url} 返回 HTTP {status}",
    "download_checksum": "{file} 已下载，但校验和为 {got}，不是公布的 {expected}：文件在传输中损坏或"
                         "被替换（代理或镜像有误？）；没有保留任何文件",
    "download_interrupted": "{file}：连接在 {done:,} / {total:,} 字节处中断；再按一次即可断点续传",
    "download_busy": "{file} 正由另一个会话下载，请等它完成",
    "download_archive": "{file} 无法解包：{reason}",
}
