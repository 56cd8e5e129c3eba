"""Chinese for the shared image picker (ui/image_source.py) and the current model and image
in the sidebar (ui/current.py)."""

ZH = {
    "Current image": "当前图片",
    "Upload": "上传",
    "Draw": "手绘",
    "Test-set sample": "测试集样本",
    "Sample photo": "示例照片",
    "Images (PNG, JPEG, WebP, BMP, GIF, TIFF)": "图片（PNG、JPEG、WebP、BMP、GIF、TIFF）",
    "Checked on arrival: size, pixel and aspect-ratio limits, format; EXIF orientation, "
    "transparency, CMYK, 16-bit and float images are handled; large images are decoded "
    "reduced; a bad file gets its own message and the others are still used.":
        "上传时即检查：文件大小、像素数与宽高比上限、格式；会处理 EXIF 方向、透明通道、CMYK、16 位"
        "和浮点图像；大图会缩小解码；有问题的文件单独给出提示，其余文件照常使用。",
    "Draw one digit, large, in the middle (the bin icon clears the canvas).":
        "在中间画一个大大的数字（垃圾桶图标可清空画布）。",
    "Test-set image (digits, split seed 0)": "测试集图片（digits，划分随机种子 0）",
    "scikit-learn sample photo": "scikit-learn 示例照片",
    "Image source": "图片来源",
    "{name} ({source}), chosen earlier.": "{name}（{source}），之前选定。",
    # ui/current.py
    "**Used across pages**": "**各页面共用**",
    "Model: {name}": "模型：{name}",
    "Image: {name}": "图片：{name}",
    "Digits LeNet (default, trained here)": "Digits LeNet（默认，在本机训练）",
    "{name} (ImageNet)": "{name}（ImageNet）",
    "run {id}": "运行 {id}",
    "a model this page offers": "本页提供的模型",
}
