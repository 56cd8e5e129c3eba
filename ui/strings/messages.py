"""Chinese for the free-text messages ``explorer`` builds from English templates (divergence
reasons, image caveats and loading notes, fit notes…), matched by ``ui.i18n.message``. The
Chinese names the same fields as the English, without format specs (the values arrive as the
English text wrote them)."""

MESSAGES_ZH = {
    # explorer/divergence.py: why a training stopped as diverged (发散)
    "loss diverged at step {step}: it became {loss} (learning rate too high?)":
        "损失在第 {step} 步发散：变成了 {loss}（学习率过高？）",
    "loss diverged at step {step}: it reached {mean:.3g}, over {factor:g}× its start "
    "{start:.3g} (learning rate too high?)":
        "损失在第 {step} 步发散：达到 {mean}，超过初始值 {start} 的 {factor} 倍（学习率过高？）",
    "loss diverged at step {step}: it stayed over {factor:g}× its start {start:.3g} for {steps} "
    "steps (learning rate too high?)":
        "损失在第 {step} 步发散：连续 {steps} 步高于初始值 {start} 的 {factor} 倍（学习率过高？）",
    "validation loss diverged after epoch {epoch}: it became {loss} (learning rate too high?)":
        "验证损失在第 {epoch} 轮后发散：变成了 {loss}（学习率过高？）",
    "validation loss diverged after epoch {epoch}: it reached {loss:.3g}, over {factor:g}× the "
    "untrained net's {start:.3g} (learning rate too high?)":
        "验证损失在第 {epoch} 轮后发散：达到 {loss}，超过未训练网络的 {start} 的 {factor} 倍"
        "（学习率过高？）",
    # explorer/smoothing_comparison.py: a model of the pair diverged (reason: one of the above)
    "the ε = {epsilon:g} model diverged: {reason}": "ε = {epsilon} 的模型发散了：{reason}",
    # explorer/calibration.py: why a fitted temperature T is not a real optimum
    "the validation NLL keeps falling as T shrinks (the logits rank every example right): T "
    "stops at the lower bound {bound:g}":
        "T 越小，验证集 NLL 越低（logits 把每个样本都排对了）：T 停在下界 {bound}",
    "the validation NLL keeps falling as T grows (the logits point the wrong way): T stops at "
    "the upper bound {bound:g}":
        "T 越大，验证集 NLL 越低（logits 指向了错误的方向）：T 停在上界 {bound}",
    "the validation NLL does not depend on T (every logit of an example is equal): T = 1 is kept":
        "验证集 NLL 与 T 无关（每个样本的 logits 全都相等）：保留 T = 1",
    # explorer/caveats.py: why an image is unlike a model's training data
    "it is in colour (colourfulness {colour:.0f}; the digits were grey, 0)":
        "它是彩色的（色彩度 {colour}；训练用的数字是灰度图，色彩度为 0）",
    "it has no plain background (only {plain:.0%} of its pixels share one tone; a digit on paper "
    "or on black has ≥ {needed:.0%})":
        "它没有纯色背景（只有 {plain} 的像素是同一色调；白纸或黑底上的数字至少有 {needed}）",
    "it is grey on a plain background ({plain:.0%} of its pixels share one tone): a drawing or a "
    "digit, where this model saw colour photos":
        "它是纯色背景上的灰度图（{plain} 的像素是同一色调）：像手绘图或数字，而这个模型见过的是"
        "彩色照片",
    # explorer/images.py: refusals of an upload, and the fixes made on loading it
    "{name}: the {fmt} data is truncated or corrupt ({err}). Export or download the image again.":
        "{name}：{fmt} 数据不完整或已损坏（{err}）。请重新导出或下载这张图片。",
    "{name}: {width}×{height} pixels is over the limit of {limit:.0f} megapixels (a "
    "decompression bomb would exhaust memory). Downscale the image first.":
        "{name}：{width}×{height} 像素超过 {limit} 百万像素的上限（解压炸弹会耗尽内存）。"
        "请先缩小图片。",
    "{name}: {width}×{height} pixels is too small; the smallest model input is {side}×{side}.":
        "{name}：{width}×{height} 像素太小；模型最小的输入是 {side}×{side}。",
    "{name}: {width}×{height} pixels is {ratio:,.0f}:1, over the limit of {limit}:1 for the long "
    "side over the short one. Crop it to a less elongated part first.":
        "{name}：{width}×{height} 像素的长短边之比为 {ratio}:1，超过上限 {limit}:1。"
        "请先裁出不那么细长的一部分。",
    "{name}: the file is empty (0 bytes). Upload the image again.":
        "{name}：文件是空的（0 字节）。请重新上传图片。",
    "{name}: {size:.1f} MB is over the {limit} MB limit. Resize or compress the image.":
        "{name}：{size} MB 超过 {limit} MB 的上限。请缩小或压缩图片。",
    "{name}: refused as a possible decompression bomb ({err}). Downscale the image below "
    "{limit:.0f} megapixels.":
        "{name}：疑似解压炸弹，已拒绝（{err}）。请把图片缩小到 {limit} 百万像素以下。",
    "{name}: {what}. Accepted formats: {formats}.":
        "{name}：{what}。可接受的格式：{formats}。",
    "{name}: no pixel has a finite value (all NaN or inf), so there is nothing to show. Export "
    "the image again.":
        "{name}：没有一个像素是有限值（全是 NaN 或无穷大），无可显示。请重新导出图片。",
    "{mode} greyscale rescaled from {low:g}..{high:g} to 8 bits (not clipped)":
        "{mode} 灰度图已从 {low}..{high} 线性缩放到 8 位（未截断）",
    "{count:,} NaN/inf pixels: NaN and −inf shown black, +inf white":
        "{count} 个 NaN/无穷大像素：NaN 和 −inf 显示为黑色，+inf 显示为白色",
    "transparent pixels composited on white": "透明像素已合成到白色背景上",
    "{mode} converted to RGB": "{mode} 已转换为 RGB",
    "decoded reduced from {width}×{height} to {new_width}×{new_height} (plenty for every model "
    "here)":
        "解码时从 {width}×{height} 缩小到 {new_width}×{new_height}（对这里的每个模型都足够）",
    "animated: first of {frames} frames used": "动图：使用 {frames} 帧中的第一帧",
    "rotated/flipped upright from its EXIF orientation tag ({tag})":
        "已按 EXIF 方向标记（{tag}）旋转/翻转为正向",
    "EXIF orientation tag {tag} is not a valid value (1–8): ignored, the image is shown as stored":
        "EXIF 方向标记 {tag} 不是有效值（1–8）：已忽略，图片按存储的方向显示",
}

ZH = {
    # explorer/images.py: what an upload that is not an image looks like (a field of the above)
    "a PDF document": "PDF 文档",
    "an SVG (vector) drawing": "SVG（矢量）图",
    "an XML/SVG document": "XML/SVG 文档",
    "a ZIP archive": "ZIP 压缩包",
    "a Photoshop PSD file": "Photoshop PSD 文件",
    "an ICO icon": "ICO 图标",
    "an HTML page": "HTML 网页",
    "not an image Pillow recognises": "不是 Pillow 能识别的图片",
}
