"""Chinese for the Training lab's "Your own images" section (ui/image_folder.py) and the image
folder refusals (explorer/image_folder.py)."""

ZH = {
    "as they are (all one square size)": "保持原样（须为同一正方形尺寸）",
    "as they are": "保持原样",
    "grayscale": "灰度",
    "Dataset {name}: {images:,} images in {classes} classes at {size}×{size}, {channels} "
    "channel(s). It is chosen in the Dataset menu below.":
        "数据集 {name}：{classes} 个类别共 {images:,} 张图片，{size}×{size}，{channels} 个通道。"
        "已在下面的“数据集”菜单中选中。",
    "Your own images: a zip of class folders": "你自己的图片：按类别分文件夹的 zip",
    "Lay the zip out as class_name/image.png, one folder per class with at least {n} images, "
    "as torchvision's ImageFolder expects. The images are resized to the input size and split "
    "into train, validation and test; Predict, Feature maps, t-SNE and PR curves then use the "
    "runs trained on it. Every user of this server sees the datasets made here.":
        "zip 按 类别名/图片.png 组织，每个类别一个文件夹、至少 {n} 张图片，与 torchvision 的 "
        "ImageFolder 相同。图片会缩放到输入尺寸，并划分为训练、验证和测试集；在它上面训练的模型"
        "随后可用于“预测”“特征图”“t-SNE”和“PR 曲线”页面。本服务器的所有用户都能看到这里制作的"
        "数据集。",
    "Zip of class folders": "按类别分文件夹的 zip",
    "Dataset name": "数据集名称",
    "from the zip's name": "取自 zip 文件名",
    "Lowercase letters, digits and _; the dataset is listed as folder-<name>.":
        "小写字母、数字和 _；数据集显示为 folder-<名称>。",
    "Input size": "输入尺寸",
    "Colour": "颜色",
    "'As they are' refuses a folder that mixes grayscale and colour images; RGB or grayscale "
    "converts them.": "“保持原样”会拒绝灰度与彩色混合的文件夹；选 RGB 或灰度则统一转换。",
    "Train / validation / test": "训练 / 验证 / 测试",
    "Replace a dataset of the same name": "替换同名数据集",
    "Make the dataset": "制作数据集",
    "Choose a zip first.": "请先选择一个 zip 文件。",
    "Checking, extracting and decoding the images…": "正在检查、解压并解码图片…",
    "Datasets you made in this session": "本次会话制作的数据集",
    "Delete": "删除",
}

ERRORS_ZH = {
    "zip_unreadable": "{name} 不是可读取的 zip 文件（{reason}）",
    "zip_traversal": "zip 条目 {entry} 被拒绝：它用 “..” 跳出了文件夹。未解压任何文件。",
    "zip_absolute": "zip 条目 {entry} 被拒绝：它是绝对路径。未解压任何文件。",
    "zip_bad_name": "zip 条目 {entry} 被拒绝：名称含反斜杠、NUL、控制字符，或某一段超过 255 字节。"
                    "未解压任何文件。",
    "zip_symlink": "{entry} 是符号链接：请放入图片本身。未解压任何文件。",
    "zip_encrypted": "zip 条目 {entry} 已加密：请不加密码重新压缩。未解压任何文件。",
    "zip_duplicate": "zip 中有两个 {entry}。未解压任何文件。",
    "zip_bomb": "zip 条目 {entry} 会膨胀 {ratio} 倍，超过上限 {limit} 倍：疑似 zip 炸弹。"
                "未解压任何文件。",
    "folder_layout": "有 {count} 个文件不在类别文件夹中（{examples}）：请按 类别名/图片.png "
                     "组织，每个类别一个文件夹",
    "folder_not_images": "有 {count} 个文件不是可用的图片：{examples}。请删除它们（可读取 PNG、"
                         "JPEG、WEBP、BMP、GIF、TIFF）",
    "folder_classes": "找到 {found} 个类别文件夹；分类器至少需要 2 个",
    "folder_few": "以下类别的图片少于 {minimum} 张：{classes}。请补充图片或删除这些类别",
    "folder_split": "{classes} 个类别共 {images} 张图片，不够按 {split} 划分：每个划分都需要每个"
                    "类别至少一张图片。请补充图片，或增大验证集和测试集的比例",
    "folder_sizes": "图片有 {count} 种尺寸（{sizes}）：请选择一个输入尺寸，把它们统一缩放",
    "folder_modes": "文件夹混合了灰度和彩色图片（{modes}）：请选择 RGB（灰度图复制为三个通道）"
                    "或灰度",
    "folder_exists": "已有名为 {name} 的数据集：请换一个名字，或勾选替换",
    "folder_name": "数据集名称 {name} 不可用：请用 1 到 32 个小写字母、数字或 _（以字母或数字开头）",
}
