"""Chinese for the shared controls: language switch, links."""

ZH = {
    "Language": "语言",
    "A link opens on the default sample: an uploaded or drawn image cannot travel in it.":
        "链接打开时显示默认样例：上传或手绘的图片无法随链接传递。",
    "Link setting {key}={raw} ignored ({expected}); the default is shown.":
        "链接中的设置 {key}={raw} 无效（应为 {expected}），已改用默认值。",
    "Link setting {key}={raw} is not a whole number ({expected}); its whole part is shown.":
        "链接中的设置 {key}={raw} 不是整数（应为 {expected}），已取其整数部分。",
    "a number in {span}": "{span} 之间的数",
    "a whole number in {span}": "{span} 之间的整数",
    "one of: {ids}": "以下之一：{ids}",
    "Copy link": "复制链接",
    "This address opens the same view: send it, or bookmark it.":
        "这个地址会打开同样的视图：可以发给别人，或加入书签。",
    # words many pages share (tables, axes, widgets)
    "random seed": "随机种子",
    "learning rate": "学习率",
    "function": "函数",
    "class": "类别",
    "test accuracy": "测试准确率",
    "density": "密度",
    "probability": "概率",
}
