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
    # explorer/jobs.py and explorer/train.py: why a run ended, and which weights it kept
    "the training did not stop within {grace:g} s and was ended; the checkpoint holds its {kept}":
        "训练未在 {grace} 秒内停止，已被终止；检查点保存的是{kept}",
    "the training process ended unexpectedly ({how}; out of memory?); the checkpoint holds its "
    "{kept}":
        "训练进程意外结束（{how}；内存不足？）；检查点保存的是{kept}",
    "killed by {signal}": "被 {signal} 信号终止",
    "exit code {code}": "退出码 {code}",
    "best validation epoch {epoch}": "验证集最好的第 {epoch} 个 epoch",
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
    # explorer/tables.py: reading an uploaded CSV (t-SNE points, PR curves' scored examples)
    "Columns separated by {separator}.": "列以 {separator} 分隔。",
    "Not UTF-8: read as Latin-1 text.": "不是 UTF-8：已按 Latin-1 文本读取。",
    "Read as UTF-16 text.": "已按 UTF-16 文本读取。",
    "The file has more than {rows:,} rows: the first {rows:,} are used ({limit}). To use other "
    "rows, upload a random sample of at most {rows:,}.":
        "文件超过 {rows} 行：只用前 {rows} 行（{limit}）。要用其他行，请上传至多 {rows} 行的随机样本。",
    "The file has more than {rows:,} rows: the first {rows:,} are used ({limit}; {why}). To use "
    "other rows, upload a random sample of at most {rows:,}.":
        "文件超过 {rows} 行：只用前 {rows} 行（{limit}；{why}）。要用其他行，请上传至多 {rows} 行的"
        "随机样本。",
    "the limit of {max_rows:,} rows": "上限为 {max_rows} 行",
    "{columns:,} columns × {rows:,} rows is the limit of {max_cells:,} cells":
        "{columns} 列 × {rows} 行已达 {max_cells} 个单元格的上限",
    "the header has {columns:,} columns, over the limit of {limit:,}; keep fewer columns (e.g. "
    "reduce them with PCA first)":
        "表头有 {columns} 列，超过上限 {limit}；请减少列数（例如先用 PCA 降维）",
    "the CSV has a header but no rows; upload one row per {row}":
        "CSV 只有表头没有数据行；请上传每个{row}一行的表格",
    "some rows have more cells than the header row; give every column a name in the header (or "
    "remove the extra cells)":
        "有些行的单元格比表头多；请在表头中给每一列命名（或删除多余的单元格）",
    "could not read the file as CSV ({reason}); upload a comma-separated table with a header row "
    "and the same number of cells on every line":
        "无法把文件读成 CSV（{reason}）；请上传逗号分隔、带表头、每行单元格数相同的表格",
    "the file is empty (0 bytes); upload a CSV with a header row and one row per {row}":
        "文件是空的（0 字节）；请上传带表头、每个{row}一行的 CSV",
    "this is not a text file (it holds NUL bytes); upload a CSV saved as text (UTF-8)":
        "这不是文本文件（含有 NUL 字节）；请上传以文本（UTF-8）保存的 CSV",
    # explorer/embedding.py: points t-SNE cannot embed, and CSV columns it cannot use
    "features must be a table of N points × D ≥ 2 numbers, got shape {shape}; give at least two "
    "feature columns":
        "特征必须是 N 个点 × D ≥ 2 个数的表格，实际形状为 {shape}；请至少给出两列特征",
    "{bad} of {n} points have missing (NaN) or infinite values; remove or fill them first":
        "{n} 个点中有 {bad} 个含缺失值（NaN）或无穷大；请先删除或填补",
    "there are no points; give at least one row per point": "没有点；请每个点给一行",
    "{n:,} points is over the limit of {limit:,} for one t-SNE; embed a sample of them":
        "{n} 个点超过单次 t-SNE 的上限 {limit}；请对其中的样本做嵌入",
    "perplexity {perplexity:g} needs more than 3 × {perplexity:g} = {needed:g} points (each "
    "point's 3 × perplexity nearest neighbours), got {n}; lower the perplexity below "
    "{highest:g} or add points":
        "困惑度 {perplexity} 需要多于 3 × {perplexity} = {needed} 个点（每个点的 3 × 困惑度个最近邻），"
        "实际只有 {n} 个；请把困惑度降到 {highest} 以下，或增加点",
    "all {n} points are the same point: {what} has nothing to separate; give points that differ":
        "全部 {n} 个点是同一个点：{what} 没有可分开的东西；请给出互不相同的点",
    "the points differ by up to {spread:.3g}: {what} needs differences between {low:g} and "
    "{high:g}; rescale the columns (e.g. standardise them)":
        "点之间的差最大为 {spread}：{what} 需要介于 {low} 和 {high} 之间的差；请缩放各列（例如标准化）",
    "there is no column {column}": "没有名为 {column} 的列",
    "column {column} holds text, not numbers (row {row}: {value}){others}; choose it as the label "
    "column or remove it":
        "列 {column} 含有文本而不是数字（第 {row} 行：{value}）{others}；请把它选为标签列或删除它",
    "column {column} holds text, not numbers (row {row}: {value}) (a decimal comma? save the "
    "file with '.' as the decimal separator){others}; choose it as the label column or remove it":
        "列 {column} 含有文本而不是数字（第 {row} 行：{value}）（是小数逗号吗？请以 '.' 作小数点"
        "保存文件）{others}；请把它选为标签列或删除它",
    " ({count} more column(s) too: {columns})": "（另有 {count} 列也是：{columns}）",
    "column(s) {columns} have {kind} values in {rows} rows (first: row {first}); fill or drop "
    "them":
        "列 {columns} 在 {rows} 行中有{kind}值（第一处：第 {first} 行）；请填补或删除",
    "the label column {column} has {count} empty cells (first: row {first}); fill them or pick "
    "no label":
        "标签列 {column} 有 {count} 个空单元格（第一个：第 {first} 行）；请填补，或不选标签列",
    "the label column {column} has {count:,} different values, over the limit of {limit} classes "
    "a map can colour apart; pick another label column or (none)":
        "标签列 {column} 有 {count} 个不同的值，超过映射图能用颜色区分的 {limit} 个类别上限；"
        "请换一个标签列，或选（无）",
    # explorer/image_folder.py: what making a dataset of your own images converted
    "{count} image sizes resized to {size}×{size}": "{count} 种尺寸的图片已统一缩放到 {size}×{size}",
    "all images converted to {colour}": "所有图片已转换为 {colour}",
    "the image folder {name}": "图片文件夹 {name}",
    # explorer/download.py: refusals the error code's own template would say less well
    "{what} needs {needed:,.1f} MB, and the data folder and weights already hold {used:,.1f} MB "
    "of the {limit:,.1f} MB allowed (budget.MAX_DATA_BYTES): delete data you no longer use":
        "{what} 需要 {needed} MB，而数据文件夹和权重已占用允许的 {limit} MB 中的 {used} MB"
        "（budget.MAX_DATA_BYTES）：请删除不再使用的数据",
    "{what} needs {needed:,.1f} MB but the disk has {free:,.1f} MB free: make room on the "
    "server's disk":
        "{what} 需要 {needed} MB，但磁盘只剩 {free} MB：请在服务器磁盘上腾出空间",
    "{url} answered HTTP {status} ({reason}): check the address, or the mirror in "
    "EXPLORER_MIRROR":
        "{url} 返回 HTTP {status}（{reason}）：请检查地址，或 EXPLORER_MIRROR 中设置的镜像",
    # explorer/budget.py: an allocation or a loop over its limit (the advice: ZH below)
    "{what} would need {elements:,} values, over the limit of {limit:,}: {advice}":
        "{what} 需要 {elements} 个值，超过上限 {limit}：请{advice}",
    "{what}: {steps:,} updates, over the limit of {limit:,}: {advice}":
        "{what}：{steps} 次更新，超过上限 {limit}：请{advice}",
    # what hit the limit, when explorer builds its name (the fixed names: ZH below)
    "the boxes of {what}": "{what}中的框",
    "{depth} layers of width {width} with batch {batch}":
        "{depth} 层、宽度 {width}、批大小 {batch} 的网络",
    "{count} simulations at once": "一次 {count} 个模拟",
    "the weights of {model}": "{model} 的权重",
    "the mosaic's image {k}": "马赛克拼接的第 {k} 张图片",
    # explorer/weights.py: refusals of an uploaded weights file ({what}: the file's name)
    "{what} is {size:.1f} MB, over the {limit} MB limit; this model's weights take {model:.1f} MB":
        "{what} 有 {size} MB，超过 {limit} MB 的上限；这个模型的权重只有 {model} MB",
    "{what} is an archive of {members:,} files, over the {limit:,} a state dict needs (one per "
    "tensor); nothing was unpacked":
        "{what} 是含 {members} 个文件的压缩包，超过 state dict 所需的 {limit} 个（每个张量一个）；"
        "未解压任何内容",
    "{what} would unpack to {declared:,.1f} MB, over the {limit:.1f} MB allowed for this model "
    "({factor}x its {model:.2f} MB of weights + 1 MB); nothing was unpacked. Save only "
    "model.state_dict() of this architecture":
        "{what} 解压后有 {declared} MB，超过这个模型允许的 {limit} MB（权重 {model} MB 的 {factor} 倍"
        "再加 1 MB）；未解压任何内容。请只保存这个架构的 model.state_dict()",
    "{what} refers to Python code ({code}) and was refused for safety: nothing in it was run, "
    "only tensors are read (weights_only=True). Save model.state_dict() instead":
        "{what} 引用了 Python 代码（{code}），出于安全已拒绝：其中的任何内容都没有运行，只读取张量"
        "（weights_only=True）。请改为保存 model.state_dict()",
    "{what} is not a file written by torch.save, or it is cut short (only tensors are read, "
    "weights_only=True)":
        "{what} 不是 torch.save 写出的文件，或者文件不完整（只读取张量，weights_only=True）",
    "{what} holds no state dict (a mapping of parameter names to tensors); save one with "
    "torch.save(model.state_dict(), path)":
        "{what} 里没有 state dict（参数名到张量的映射）；请用 torch.save(model.state_dict(), path) "
        "保存一个",
    "{what} has a key {key} ({kind}) where parameter names (text, like 'head.weight') are "
    "expected; save model.state_dict()":
        "{what} 含有键 {key}（{kind}），而这里应是参数名（文本，例如 'head.weight'）；请保存 "
        "model.state_dict()",
    "{what} holds NaN or inf values in tensor {tensor}: the weights diverged; export those of an "
    "earlier, finite epoch":
        "{what} 的张量 {tensor} 含有 NaN 或无穷大：权重已发散；请导出更早、数值有限的 epoch 的权重",
    "{what} does not fit the model: {err}": "{what} 与模型不匹配：{err}",
    "{what} does not fit the model: {count} tensor(s) have another shape, the first {name}: the "
    "model expects {expected}, the file holds {got}. PyTorch says: {err}":
        "{what} 与模型不匹配：有 {count} 个张量形状不同，第一个是 {name}：模型期望 {expected}，"
        "文件中是 {got}。PyTorch 的报错：{err}",
    "{what} does not fit the model: {count} tensor(s) the model needs are missing, the first "
    "{name} (another architecture, or other model options?). PyTorch says: {err}":
        "{what} 与模型不匹配：缺少模型需要的 {count} 个张量，第一个是 {name}（是别的架构，或模型选项"
        "不同？）。PyTorch 的报错：{err}",
    "{what} does not fit the model: it holds {count} tensor(s) the model does not have, the first "
    "{name} (another architecture, or other model options?). PyTorch says: {err}":
        "{what} 与模型不匹配：含有模型没有的 {count} 个张量，第一个是 {name}（是别的架构，或模型选项"
        "不同？）。PyTorch 的报错：{err}",
    "the checkpoint of run {run_id}": "运行 {run_id} 的检查点",
    "{arch}'s ImageNet weights": "{arch} 的 ImageNet 权重",
    # explorer/runs.py and tv_models.py: a full runs folder, an oversized list of class names
    "the runs folder {root} is full ({used:,.0f} MB of its {limit:,.0f} MB): delete runs you no "
    "longer need in the Training lab's Runs tab, or ask whoever serves the dashboard to make room":
        "运行记录文件夹 {root} 已满（已用 {used} MB，上限 {limit} MB）：请在训练实验室的“运行记录”"
        "标签页删除不再需要的运行，或请部署这个面板的人腾出空间",
    "{what} is {mb:.1f} MB, over the 1 MB a list of class names needs":
        "{what} 有 {mb} MB，超过类别名列表所需的 1 MB 上限",
    # explorer/runs.py: what is wrong with a run folder's file (the run is damaged)
    "{file}: is a folder, not a file": "{file}：是文件夹，不是文件",
    "{file}: cannot be read ({err})": "{file}：无法读取（{err}）",
    "{file}: not valid JSON (empty, cut short or garbage)":
        "{file}：不是有效的 JSON（为空、被截断或是乱码）",
    "{file}: expected an object, got {kind}": "{file}：应为对象，实际是{kind}",
    "{file}: {name} must be {expected}, got {value} ({kind})":
        "{file}：{name} 必须是{expected}，实际为 {value}（{kind}）",
    "{file}: {name} must be text, got {kind}": "{file}：{name} 必须是文本，实际是{kind}",
    "{file}: {name} must be text or null, got {kind}":
        "{file}：{name} 必须是文本或 null，实际是{kind}",
    "{file}: dataset must be one of {options} or folder-<name>, got {value}":
        "{file}：dataset 必须是 {options} 之一或 folder-<名称>，实际为 {value}",
    "{file}: {name} must be one of {options}, got {value}":
        "{file}：{name} 必须是 {options} 之一，实际为 {value}",
    "{file}: input_shape must be a list of 1 to 3 sizes in [1, 4096], got {value}":
        "{file}：input_shape 必须是由 1 到 3 个 [1, 4096] 内的尺寸组成的列表，实际为 {value}",
    "{file}: classes must be a list of at least 2 names (text), got {kind}":
        "{file}：classes 必须是至少含 2 个名称（文本）的列表，实际是{kind}",
    "{file}: pid must be a whole number > 0, got {value}":
        "{file}：pid 必须是大于 0 的整数，实际为 {value}",
    "{file}: heartbeat must be a time in seconds, got {value}":
        "{file}：heartbeat 必须是以秒计的时间，实际为 {value}",
    "{file}: empty (no header row)": "{file}：是空的（没有表头行）",
    "{file}: no column {columns} (header: {header})": "{file}：没有 {columns} 列（表头：{header}）",
    "{file}: line {line} has {cells} cells, the header {header}":
        "{file}：第 {line} 行有 {cells} 个单元格，表头有 {header} 个",
    "{file}: line {line}, {name} is not a number: {cell}":
        "{file}：第 {line} 行的 {name} 不是数字：{cell}",
    "{file}: line {line}, {name} must be a finite number":
        "{file}：第 {line} 行的 {name} 必须是有限的数",
    "{file}: cut short or not a file written by torch.save":
        "{file}：文件被截断，或不是 torch.save 写出的文件",
    "{file}: a zip file but not one written by torch.save":
        "{file}：是 zip 文件，但不是 torch.save 写出的",
    "{file}: missing, although the run {status}": "{file}：缺失，但这次运行{status}",
    # explorer/runs.py: why a run without summary.json counts as interrupted, and refusals
    "its training process ({pid}) is gone": "它的训练进程（{pid}）已不存在",
    "no heartbeat from its training process for {minutes:.0f} min":
        "它的训练进程已有 {minutes} 分钟没有心跳",
    "no summary and no training process recorded, untouched for {minutes:.0f} min":
        "没有 summary，也没有记录训练进程，已有 {minutes} 分钟未改动",
    "run {run_id} cannot be loaded: {problem}": "无法加载运行 {run_id}：{problem}",
    "run {run_id} has a damaged file: {problem}": "运行 {run_id} 有损坏的文件：{problem}",
    # refusals a page's settings can reach (explorer/cam.py, imbalance.py, tv_models.py)
    "{model} has no Conv2d layer, so it has no spatial map to explain; pick a convolutional "
    "model (e.g. LeNet or a ResNet)":
        "{model} 没有 Conv2d 层，因此没有可解释的空间特征图；请选择卷积模型（例如 LeNet 或 ResNet）",
    "the {name} fit diverged (γ = {gamma:g}, α = {alpha:g}); try γ ≥ 1 or another α":
        "{name}的拟合发散了（γ = {gamma}，α = {alpha}）；请试试 γ ≥ 1 或换一个 α",
    "{dataset} is a 2-D point dataset, not images; pick digits, MNIST, CIFAR-10 or an image "
    "folder":
        "{dataset} 是二维点数据集，不是图片；请选择 digits、MNIST、CIFAR-10 或图片文件夹",
    # out-of-range refusals whose advice the error code's template cannot say
    "warmup ({warmup} steps) must be shorter than training ({total} steps): lower the warmup":
        "热身（{warmup} 步）必须短于训练（{total} 步）：请减少热身步数",
    "warmup ({warmup} epochs) must be shorter than training ({epochs} epochs)":
        "预热（{warmup} 个 epoch）必须短于训练（{epochs} 个 epoch）：请减少预热",
    "imbalance {ratio}:1 leaves {positives} positives out of {negatives} negatives; use a ratio "
    "between 1 and {highest}":
        "{ratio}:1 的不平衡在 {negatives} 个负样本中只留下 {positives} 个正样本；请用 1 到 {highest} "
        "之间的比例",
    "{model} pools twice by 2, so its input must be at least 4×4, got {height}×{width}: use a "
    "larger image size or the mlp":
        "{model} 做两次步长为 2 的池化，所以输入至少要 4×4，实际为 {height}×{width}：请用更大的图片"
        "尺寸，或使用 mlp",
    "note 4's CNN has two unpadded 5×5 convs and two 2×2 pools, so its input must be at least "
    "16×16, got {height}×{width}: use lenet for small images":
        "笔记 4 的 CNN 有两个无填充的 5×5 卷积和两次 2×2 池化，所以输入至少要 16×16，实际为 "
        "{height}×{width}：小图片请使用 lenet",
    "label smoothing ε = {epsilon:g} must lie in [0, 1): ε = 0 is the one-hot target, ε = 1 would "
    "make every target uniform":
        "标签平滑的 ε = {epsilon} 必须在 [0, 1) 内：ε = 0 是 one-hot 目标，ε = 1 会让每个目标都变成"
        "均匀分布",
    "ε = {epsilon:g}: the numeric optimum is searched for ε in [{low:g}, {high:g}]; beyond, the "
    "loss is too flat for float64 to locate its minimum (the closed form still holds)":
        "ε = {epsilon}：只在 ε ∈ [{low}, {high}] 内数值搜索最优点；超出这个范围，损失太平坦，float64 "
        "定位不到最小值（闭式解仍然成立）",
    "α = {alpha:g} must be in [0, 1] (or negative to switch it off)":
        "α = {alpha} 必须在 [0, 1] 内（或取负数以关闭它）",
    "focal γ = {gamma:g} must be ≥ 0 and ≤ {limit:g} (γ = 0 is plain cross-entropy)":
        "focal 的 γ = {gamma} 必须 ≥ 0 且 ≤ {limit}（γ = 0 就是普通的交叉熵）",
    "ε = {epsilon:g} must lie in (0, 1) to compare with the ε = 0 model":
        "ε = {epsilon} 必须在 (0, 1) 内，才能与 ε = 0 的模型比较",
    "logits reach {biggest:.3g}, beyond ±{limit:g} (did the training diverge?); retrain with a "
    "smaller learning rate":
        "logits 达到 {biggest}，超出 ±{limit}（训练发散了吗？）；请用更小的学习率重新训练",
    "{name} holds {biggest:g}: keep |{name}| <= {limit:g}":
        "{name} 含有 {biggest}：请保持 |{name}| <= {limit}",
    "the x range is empty: min ({lo}) must be smaller than max ({hi})":
        "x 的范围是空的：最小值（{lo}）必须小于最大值（{hi}）",
    "{name} is {rows}×{cols}: keep it within {side}×{side}":
        "{name} 是 {rows}×{cols}：请保持在 {side}×{side} 以内",
    "{name} {box} has a side under {side:g} pixel: torchvision's DIoU, CIoU and losses add 1e-7 "
    "to their denominators, which would show":
        "{name} {box} 有一条边短于 {side} 像素：torchvision 的 DIoU、CIoU 和损失会在分母上加 1e-7，"
        "这时就会看得出来",
    # explorer/train.py and predict.py: a model and a dataset that do not go together
    "{model} is a convolutional network for images; {dataset} is a set of 2-D points: use the "
    "mlp":
        "{model} 是处理图片的卷积网络；{dataset} 是二维点数据集：请使用 mlp",
    "{dataset} is a 2-D point dataset, not images; pick a model trained on digits, MNIST, "
    "Fashion-MNIST or CIFAR-10":
        "{dataset} 是二维点数据集，不是图片；请选择在 digits、MNIST、Fashion-MNIST 或 CIFAR-10 上"
        "训练的模型",
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
    # explorer/runs.py: what a run folder's file holds, and what it must hold (fields above)
    "an object": "对象",
    "a list": "列表",
    "text": "文本",
    "true or false": "true 或 false",
    "a whole number >= 0": "大于等于 0 的整数",
    "a finite number": "有限的数",
    "a number in [0, 1]": "[0, 1] 内的数",
    "a finite number >= 0": "大于等于 0 的有限数",
    "it has no checkpoint yet": "它还没有检查点",
    # explorer/tables.py and its callers: words inside the CSV messages above
    "tabs": "制表符",
    "scored example": "打分样本",
    "a t-SNE's time grows with the points": "t-SNE 的耗时随点数增长",
    "the curves and APs below describe those rows only": "下面的曲线和 AP 只描述这些行",
    # explorer/embedding.py: the kind of bad cells
    "missing (NaN)": "缺失（NaN）",
    "infinite": "无穷大",
    # explorer/budget.py's callers: what to do when over a limit (after "请")
    "choose smaller settings": "选择更小的设置",
    "compare fewer initialisations or lower the width, depth or batch":
        "少比较几种初始化，或减小宽度、深度或批大小",
    "draw fewer samples or use a smaller image": "少抽几个样本，或用更小的图片",
    "give fewer boxes": "减少框的数量",
    "lower the channels or the kernel": "减少通道数或减小卷积核",
    "lower the channels, the size or the kernel": "减少通道数、减小尺寸或卷积核",
    "lower the epochs or raise the batch size": "减少 epoch 数，或增大批大小",
    "lower the epochs or the steps per epoch": "减少 epoch 数或每个 epoch 的步数",
    "lower the epochs or the training images": "减少 epoch 数或训练图片",
    "lower the input size or the kernels": "减小输入尺寸或卷积核",
    "lower the input size": "减小输入尺寸",
    "lower the input size, the padding or the kernels": "减小输入尺寸、填充或卷积核",
    "lower the steps": "减少步数",
    "lower the training steps": "减少训练步数",
    "lower the width or depth, or use a smaller input size": "减小宽度或深度，或使用更小的输入尺寸",
    "lower the width, depth or batch": "减小宽度、深度或批大小",
    "pick a smaller input": "选择更小的输入",
    "use a smaller batch": "使用更小的批大小",
    "use a smaller image": "使用更小的图片",
    "use a smaller input size": "使用更小的输入尺寸",
    "use a smaller size": "使用更小的尺寸",
    "use fewer classes": "减少类别数",
    "use fewer columns": "减少列数",
    "use fewer grid points": "减少网格点数",
    "use fewer images or boxes": "减少图片或框的数量",
    "use fewer kernels": "减少卷积核数量",
    "use fewer negatives": "减少负样本数量",
    "use fewer points or classes": "减少点数或类别数",
    "use fewer points": "减少点数",
    "use fewer samples or classes": "减少样本数或类别数",
    "use fewer samples or layers": "减少样本数或层数",
    "use fewer samples": "减少样本数",
    "use fewer trials or smaller batch sizes": "减少试验次数或使用更小的批大小",
    "use fewer units or probabilities": "减少单元数或概率个数",
    "use fewer units": "减少单元数",
    "use fewer warm-up batches": "减少预热批次",
    # explorer/budget.py's callers: what hit the limit (the first field of a budget refusal)
    "the conv's weights": "卷积的权重",
    "the measured gradient map": "测得的梯度图",
    "the measured field's padded inputs": "测量感受野时填充后的输入",
    "the measured field's multiply-adds": "测量感受野时的乘加次数",
    "input_shape": "输入形状",
    "output_shape": "输出形状",
    "the input feature map": "输入特征图",
    "the output feature map": "输出特征图",
    "the k×k conv's weights": "k×k 卷积的权重",
    "the depthwise conv's weights": "深度卷积的权重",
    "the bottleneck feature map": "瓶颈层的特征图",
    "the bottleneck convs' weights": "瓶颈层卷积的权重",
    "IoU matrix": "IoU 矩阵",
    "the scene": "场景",
    "the images": "这些图片",
    "the ground truth": "真实框",
    "the evaluation": "评估",
    "bins": "分箱",
    "probabilities": "概率值",
    "recall levels": "查全率取值点",
    "histogram bins": "直方图分箱",
    "penalised training": "带惩罚项的训练",
    "overfitting run": "过拟合实验",
    "optimizer path": "优化器路径",
    "surface grid": "曲面网格",
    "regression data": "回归数据",
    "regression path": "回归路径",
    "regression grid": "回归网格",
    "one weight matrix": "一个权重矩阵",
    "one layer's activations": "一层的激活值",
    "the hidden layer's weights": "隐藏层的权重",
    "one batch at the model's input size": "模型输入尺寸下的一个批次",
    "the grid": "网格",
    "the samples": "这些样本",
    "kernels": "卷积核",
    "feature maps": "特征图",
    "montage": "拼图",
    "the image folder as a tensor": "转为张量的图片文件夹",
    "BatchNorm batch": "BatchNorm 批次",
    "BatchNorm warm-up": "BatchNorm 预热",
    "dropout input": "dropout 输入",
    "dropout units": "dropout 单元",
    "batches": "批次",
    "image pixels": "图片像素",
    "augmented samples": "增强样本",
    "soft labels": "软标签",
    "mosaic": "马赛克拼接",
    "mask": "掩码",
    "target": "目标图片",
    "source": "源图片",
    "the schedule": "学习率调度",
    "the Training lab's schedule": "训练实验室的学习率调度",
    "smoothed targets": "平滑后的目标",
    "logits": "logit 值",
    # explorer/figures/*: hover templates (plotly fills %{…}; ui.i18n.figure translates them)
    "accuracy %{y:.3f}<br>mean confidence %{customdata[0]:.3f}<br>%{customdata[1]} "
    "examples<extra></extra>":
        "准确率 %{y:.3f}<br>平均置信度 %{customdata[0]:.3f}<br>%{customdata[1]} 个样本"
        "<extra></extra>",
    "accuracy %{y:.3f}<br>mean confidence %{x:.3f}<br>%{customdata} examples<extra></extra>":
        "准确率 %{y:.3f}<br>平均置信度 %{x:.3f}<br>%{customdata} 个样本<extra></extra>",
    "row %{y}, col %{x}: %{z:.3g}<extra></extra>": "第 %{y} 行，第 %{x} 列：%{z:.3g}<extra></extra>",
    "row %{y}, col %{x}: %{z:.3f}<extra></extra>": "第 %{y} 行，第 %{x} 列：%{z:.3f}<extra></extra>",
    "row %{y}, col %{x}: %{z:.2f}<extra></extra>": "第 %{y} 行，第 %{x} 列：%{z:.2f}<extra></extra>",
    "new image (transform)<extra></extra>": "新图像（transform 映射）<extra></extra>",
    "channel %{customdata}<br>scaled value %{z:.2f}<extra></extra>":
        "通道 %{customdata}<br>缩放后的值 %{z:.2f}<extra></extra>",
    "%{x}<br>graph node %{customdata[1]}<br>size %{customdata[0]}<br>%{y:,} values"
    "<extra></extra>":
        "%{x}<br>计算图节点 %{customdata[1]}<br>尺寸 %{customdata[0]}<br>%{y:,} 个值<extra></extra>",
    "weight %{z:.3f}<extra></extra>": "权重 %{z:.3f}<extra></extra>",
    "click: analyse (%{x:.2f}, %{y:.2f})<extra></extra>":
        "点击：分析 (%{x:.2f}, %{y:.2f})<extra></extra>",
    "true %{y}, predicted %{x}: %{z}<extra></extra>":
        "真实 %{y}，预测 %{x}：%{z}<extra></extra>",
    "unit %{y}, input %{x}: %{z:.2e}<extra></extra>":
        "单元 %{y}，输入 %{x}：%{z:.2e}<extra></extra>",
    "theory %{y:.3g}<extra></extra>": "理论值 %{y:.3g}<extra></extra>",
    "class %{x}: %{y:.3f}<extra></extra>": "类别 %{x}：%{y:.3f}<extra></extra>",
    "unit %{x}: %{y:.3f}<extra></extra>": "单元 %{x}：%{y:.3f}<extra></extra>",
    "%{fullData.name}: layer %{x}<extra></extra>": "%{fullData.name}：第 %{x} 层<extra></extra>",
    # refusals explorer writes without fields (matched whole)
    "kernels must be 3×3 grids of numbers": "卷积核必须是 3×3 的数字网格",
    "this model has no convolutional feature maps (an MLP flattens its input first): pick a CNN":
        "这个模型没有卷积特征图（MLP 会先把输入展平）：请选择 CNN",
    "ceil mode applies to pooling only (nn.Conv2d has none): untick it":
        "ceil mode 只适用于池化层（nn.Conv2d 没有这个选项）：请取消勾选",
    "every logit must be a number (check for text or empty cells)":
        "每个 logit 都必须是数字（请检查是否有文本或空单元格）",
    "OneCycle's warmup phase needs 0 or at least 2 steps (its cosine runs from the first to the "
    "last one)":
        "OneCycle 的预热阶段需要 0 步或至少 2 步（它的余弦从第一步走到最后一步）",
    "BatchNorm needs at least 2 points per batch (the variance of one value is 0): raise the batch "
    "size":
        "BatchNorm 每个批次至少需要 2 个点（一个值的方差是 0）：请增大批大小",
    "with ε = 0 the loss has no minimum: the true logit runs off to +∞; pick ε > 0 for a numeric "
    "optimum":
        "ε = 0 时损失没有最小值：真实类别的 logit 会跑向 +∞；请取 ε > 0 以得到数值最优点",
    "Soft-NMS scores must be ≥ 0 (it multiplies them by penalties ≤ 1)":
        "Soft-NMS 的分数必须 ≥ 0（它把分数乘以 ≤ 1 的惩罚系数）",
    "correct must hold only 0/1 or False/True": "correct 只能含 0/1 或 False/True",
    "y must hold only 0 and 1": "y 只能含 0 和 1",
    "targets must be 0 or 1": "targets 必须是 0 或 1",
    "image must be non-empty RGB pixels in 0–255": "图片必须是非空的、取值在 0–255 的 RGB 像素",
    "note 4's CNN needs images of at least 16×16 (two unpadded 5×5 convs, two pools); digits are "
    "8×8: use lenet, or MNIST":
        "笔记 4 的 CNN 需要至少 16×16 的图片（两个无填充的 5×5 卷积、两次池化）；digits 只有 8×8："
        "请使用 lenet，或换用 MNIST",
}
