"""The free text explorer builds for the pages reads in Chinese on the Chinese app.

Explorer builds such text from English templates (``TEMPLATE.format(**fields)``); the UI reads
the field values back out of the English (``ui.i18n.translate_message``) and fills the Chinese
template of ``ui/strings/*.MESSAGES_ZH``. These tests check the catalogue's shape, then feed it
the real messages of divergence, image caveats and loading, and assert each one comes out in
Chinese with the same numbers (and, for a refusal, the same advice).
"""
import ast
import io
import math
import re
import string
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from explorer import caveats, divergence, images
from explorer.images import InputSpec
from ui import i18n
from ui.strings import MESSAGES_ZH, ZH

ROOT = Path(__file__).resolve().parents[1]
CJK = re.compile(r"[\u4e00-\u9fff]")
CORPUS = ROOT / "tests" / "data" / "bad_images"
# explorer modules whose every message to a page is a template (no f-string reaches a page)
CONVERTED = ["divergence.py", "caveats.py", "images.py", "tables.py"]


def _fields(template):
    return [(name, spec) for _, name, spec, _ in string.Formatter().parse(template) if name]


def _literals(path):
    return {node.value for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
            if isinstance(node, ast.Constant) and isinstance(node.value, str)}


def test_every_template_is_explorer_text_with_the_same_fields_in_chinese():
    used = set().union(*(_literals(p) for p in (ROOT / "explorer").rglob("*.py")))
    assert not sorted(set(MESSAGES_ZH) - used), "templates explorer no longer writes"
    for english, chinese in MESSAGES_ZH.items():
        assert {n for n, _ in _fields(english)} == {n for n, _ in _fields(chinese)}, english
        assert not any(spec for _, spec in _fields(chinese)), chinese   # values come formatted
        assert CJK.search(chinese), chinese
        literal = "".join(t for t, *_ in string.Formatter().parse(english))
        assert len(literal) >= 10, f"too little fixed text to recognise: {english!r}"


def test_templates_do_not_shadow_each_other():
    """No template's English, filled with placeholder values, is read as another template."""
    for english, chinese in MESSAGES_ZH.items():
        values = {n: format(7, spec) if spec else "x7" for n, spec in _fields(english)}
        filled = "".join(literal + (values[n] if n else "")
                         for literal, n, _, _ in string.Formatter().parse(english))
        assert i18n.translate_message(filled) == chinese.format_map(values), english


def test_no_f_string_message_is_left_in_the_converted_modules():
    """Messages (raised errors, notes, caveats, reasons) are templates filled by ``format``."""
    for name in CONVERTED:
        tree = ast.parse((ROOT / "explorer" / name).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                func = node.func
                called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                if called in ("append", "InputError", "ImageError") or called.endswith("Error"):
                    assert not any(isinstance(a, ast.JoinedStr) for a in node.args), (
                        f"{name}:{node.lineno}: an f-string message")
            if isinstance(node, ast.Return) and isinstance(node.value, ast.JoinedStr):
                pytest.fail(f"{name}:{node.lineno}: returns an f-string message")


def _chinese(text):
    out = i18n.translate_message(text)
    assert out != text and CJK.search(out), f"not translated: {text!r}"
    return out


def _numbers(text):
    return re.findall(r"\d+(?:\.\d+)?(?:e[+-]\d+)?", text)


def test_divergence_reasons_in_chinese_keep_their_numbers():
    reasons = [divergence.DivergenceWatch(2.3).train_window(1, [2.3, math.nan]),
               divergence.DivergenceWatch(2.3).train_window(1, [2.3, 1e15]),
               divergence.DivergenceWatch(2.3).validation(4, math.inf),
               divergence.DivergenceWatch(2.3).validation(4, 1e9)]
    far = divergence.DivergenceWatch(2.3)
    far.train_window(1, [2.3])
    reasons.append(far.train_window(2, [50.0] * divergence.FAR_STEPS))
    for reason in reasons:
        assert reason.startswith("diverged: ")
        english = reason.removeprefix("diverged: ")
        chinese = _chinese(english)
        assert "学习率过高" in chinese and "发散" in chinese
        assert sorted(_numbers(chinese)) == sorted(_numbers(english)), (english, chinese)
    assert _chinese(reasons[1].removeprefix("diverged: ")) == \
        "损失在第 2 步发散：达到 5e+14，超过初始值 2.3 的 1000 倍（学习率过高？）"


def test_image_caveats_in_chinese():
    digits = InputSpec(1, 8, (0.0,), (1.0,), digit_like=True)
    photo = InputSpec(3, 224, (0.5,) * 3, (0.25,) * 3, digit_like=False, resize=256)
    rng = np.random.default_rng(0)
    colour_noise = rng.integers(0, 256, (32, 32, 3)).astype(np.uint8)
    found = caveats.caveats(Image.fromarray(colour_noise), digits)
    assert len(found) == 2
    assert [_chinese(c) for c in found][0].startswith("它是彩色的（色彩度 ")
    drawing = np.zeros((32, 32, 3), np.uint8)
    drawing[10:20, 15] = 255
    (grey,) = caveats.caveats(Image.fromarray(drawing), photo)
    assert _chinese(grey).startswith("它是纯色背景上的灰度图（9")


@pytest.mark.parametrize("name", sorted(p.name for p in CORPUS.iterdir()))
def test_every_loading_note_and_refusal_of_the_bad_image_corpus_reads_in_chinese(
        name, monkeypatch):
    monkeypatch.setattr(i18n, "is_zh", lambda: True)
    try:
        loaded = images.load_image((CORPUS / name).read_bytes(), name)
    except images.ImageError as err:
        text = i18n.error_text(err)
        assert CJK.search(text) and text != str(err), text
        advice = re.search(r"\b(Export|Upload|Downscale|Resize|Crop)\b", str(err))
        assert ("请" in text) == bool(advice), f"the advice is lost: {text}"
        return
    for note in loaded.notes:
        _chinese(note)


def test_a_huge_photo_is_reduced_and_says_so_in_chinese():
    import io
    buffer = io.BytesIO()
    Image.new("RGB", (6000, 500), (200, 100, 50)).save(buffer, "PNG")
    (note,) = images.load_image(buffer.getvalue(), "wide.png").notes
    assert _chinese(note).startswith("解码时从 6000×500 缩小到 ")


def test_a_message_whose_field_is_a_message_is_translated_inside_too():
    assert i18n.translate_message(images.NOT_AN_IMAGE.format(
        name="a.pdf", what="a PDF document", formats="PNG")) == \
        "a.pdf：PDF 文档。可接受的格式：PNG。"
    assert ZH["a PDF document"] == "PDF 文档"


@pytest.mark.parametrize("bound", ["lower", "upper", "flat"])
def test_the_temperature_limit_notes_read_in_chinese(bound):
    from explorer.calibration import TEMPERATURE_RANGE, TemperatureFit
    chinese = _chinese(TemperatureFit(1.0, bound).note)
    assert "NLL" in chinese and "T" in chinese
    if bound != "flat":
        assert chinese.endswith(f"{TEMPERATURE_RANGE[bound == 'upper']:g}")


def test_a_diverged_model_of_the_smoothing_pair_reads_in_chinese_with_its_reason():
    from explorer import smoothing_comparison as sc
    reason = divergence.DivergenceWatch(2.3).train_window(1, [2.3, math.inf])
    assert _chinese(sc.DIVERGED.format(epsilon=0.1, reason=reason.removeprefix("diverged: "))) \
        == "ε = 0.1 的模型发散了：损失在第 2 步发散：变成了 inf（学习率过高？）"


BAD_CSVS = {   # bytes -> (label column, what the Chinese must say)
    b"": (None, "文件是空的"),
    b"a,b\x00\n1,2\n": (None, "不是文本文件"),
    b"a,b\n": (None, "只有表头"),
    b"a,b\n1,2,3\n": (None, "单元格比表头多"),
    b"a,b,c\n1,x,y\n": (None, "含有文本而不是数字（第 1 行：'x'）（另有 1 列也是：'c'）"),
    b"a,b\n1,\"2,5\"\n": (None, "小数逗号"),
    b"a,b\n1,\n3,4\n": (None, "缺失（NaN）值"),
    b"a,b\n1,inf\n3,4\n": (None, "无穷大值"),
    b"a,b,y\n1,2,\n3,4,k\n": ("y", "标签列 'y' 有 1 个空单元格"),
    b"a,b,y\n" + b"".join(b"%d,%d,c%d\n" % (i, i, i) for i in range(300)): ("y", "个不同的值"),
    b",".join(b"c%d" % i for i in range(5000)) + b"\n": (None, "表头有 5,000 列"),
}


@pytest.mark.parametrize("data", list(BAD_CSVS), ids=range(len(BAD_CSVS)))
def test_every_refusal_of_a_bad_csv_reads_in_chinese_with_its_advice(data, monkeypatch):
    from explorer import embedding
    monkeypatch.setattr(i18n, "is_zh", lambda: True)
    label, expected = BAD_CSVS[data]
    with pytest.raises(ValueError) as caught:
        embedding.features_from_table(embedding.read_table(data)[0], label)
    text = i18n.error_text(caught.value)
    assert expected in text and "请" in text, text
    assert not re.search(r"[a-z]{4,} [a-z]{3,}", text), f"English left: {text}"


def test_the_notes_on_reading_a_csv_read_in_chinese():
    from explorer import embedding
    big = b"a;b\n" + b"".join(b"%d;%d\n" % (i, -i) for i in range(12_000))
    notes = embedding.read_table(big)[1]
    assert [_chinese(n) for n in notes] == [
        "列以 ';' 分隔。", "文件超过 10,000 行：只用前 10,000 行（上限为 10,000 行；t-SNE 的耗时随点数"
        "增长）。要用其他行，请上传至多 10,000 行的随机样本。"]
    assert [_chinese(n) for n in embedding.read_table("a\tb\n1\t2\n".encode("utf-16"))[1]] == [
        "已按 UTF-16 文本读取。", "列以 制表符 分隔。"]
    assert _chinese(embedding.read_table("a,b\né,2\n".encode("latin-1"))[1][0]) == \
        "不是 UTF-8：已按 Latin-1 文本读取。"


@pytest.mark.parametrize("x, perplexity, expected", [
    (np.ones((40, 3)), 5, "全部 40 个点是同一个点：t-SNE 没有可分开的东西"),
    (np.arange(40.0).reshape(20, 2), 30, "困惑度 30 需要多于 3 × 30 = 90 个点"),
    (np.arange(40.0).reshape(20, 2) * 1e300, 3, "请缩放各列"),
    (np.arange(20.0).reshape(20, 1), 3, "请至少给出两列特征"),
])
def test_points_t_sne_cannot_embed_are_refused_in_chinese(x, perplexity, expected, monkeypatch):
    from explorer import embedding
    monkeypatch.setattr(i18n, "is_zh", lambda: True)
    with pytest.raises(ValueError) as caught:
        embedding.validate(x, perplexity)
    assert expected in i18n.error_text(caught.value), i18n.error_text(caught.value)


def test_the_notes_on_making_an_image_folder_dataset_read_in_chinese(tmp_path, monkeypatch):
    from explorer.image_folder import prepare_zip
    from tests.data.make_bad_zips import folder_zip, png
    monkeypatch.setenv("EXPLORER_DATA", str(tmp_path / "data"))
    extra = {f"dog/small{i}.png": png(24, "L", seed=i) for i in range(2)}
    info = prepare_zip(folder_zip(extra=extra), "mixed", size=32, colour="gray")
    assert [_chinese(n) for n in info.notes] == ["2 种尺寸的图片已统一缩放到 32×32",
                                                 "所有图片已转换为 灰度"]


def test_download_refusals_read_in_chinese_with_their_advice(tmp_path, monkeypatch):
    """Switched off, an unreachable mirror, a mirror without the files, the disk cap."""
    from explorer import budget, download
    from tests.data.file_server import FileServer, isolate
    isolate(tmp_path, monkeypatch)
    monkeypatch.setattr(i18n, "is_zh", lambda: True)

    def refusal():
        with pytest.raises(download.DownloadError) as caught:
            download.get("fashion_mnist")
        return i18n.error_text(caught.value)

    monkeypatch.setenv(download.SWITCH_ENV, "off")
    assert "已关闭下载" in refusal()
    monkeypatch.setenv(download.SWITCH_ENV, "on")
    monkeypatch.setenv(download.MIRROR_ENV, "http://127.0.0.1:9")
    assert "无法连接 127.0.0.1:9" in refusal()
    with FileServer({}) as server:                       # a mirror that holds nothing: 404
        monkeypatch.setenv(download.MIRROR_ENV, server.url + "/")
        text = refusal()
    assert "返回 HTTP 404（Not Found）：请检查地址，或 EXPLORER_MIRROR 中设置的镜像" in text, text
    monkeypatch.setattr(budget, "MAX_DATA_BYTES", 1000)
    text = refusal()
    assert "请删除不再使用的数据" in text and "fashion_mnist 需要 " in text, text


def test_a_hostile_long_message_is_not_matched_against_the_templates(monkeypatch):
    """A message with a huge file name in it comes back unchanged without trying the templates
    (their lazy fields backtrack: 50,000 characters took 65 s)."""
    from ui import i18n

    def no_patterns():
        raise AssertionError("a message over the limit was matched")

    monkeypatch.setattr(i18n, "_patterns", no_patterns)
    text = "Could not read " + "a: b, c" * 10_000
    assert len(text) > i18n.MAX_MESSAGE_CHARS
    assert i18n.translate_message(text) == text


def test_why_a_run_ended_reads_in_chinese_with_the_weights_it_kept():
    from explorer import jobs
    from explorer.train import kept_label
    assert _chinese(jobs.NOT_STOPPED.format(grace=jobs.GRACE_S, kept=kept_label(3))) == \
        "训练未在 5 秒内停止，已被终止；检查点保存的是验证集最好的第 3 个 epoch"
    assert _chinese(jobs.ENDED_UNEXPECTEDLY.format(how=jobs.KILLED.format(signal="SIGKILL"),
                                                   kept=kept_label(0))) == \
        "训练进程意外结束（被 SIGKILL 信号终止；内存不足？）；检查点保存的是初始权重（没有 epoch 完成验证）"
    assert "退出码 1；" in _chinese(jobs.ENDED_UNEXPECTEDLY.format(
        how=jobs.EXIT_CODE.format(code=1), kept=kept_label(2)))


def _advice_literals():
    """Every advice explorer gives with a budget refusal: ``advice="..."`` keywords, the third
    argument of ``check_steps``, and the strings assigned to a name ``advice``."""
    found = set()
    for path in (ROOT / "explorer").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            values = []
            if isinstance(node, ast.Call):
                values += [k.value for k in node.keywords if k.arg == "advice"]
                name = getattr(node.func, "attr", getattr(node.func, "id", ""))
                if name == "check_steps" and len(node.args) >= 3:
                    values.append(node.args[2])
            if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "advice"
                                                    for t in node.targets):
                values.append(node.value)
            if isinstance(node, ast.FunctionDef) and node.name in ("check_elements",
                                                                   "check_steps"):
                values += node.args.defaults
            found |= {v.value for v in values
                      if isinstance(v, ast.Constant) and isinstance(v.value, str)}
    return found


def test_every_budget_advice_has_chinese():
    advice = _advice_literals()
    assert len(advice) >= 30 and "choose smaller settings" in advice
    assert not sorted(a for a in advice if a not in ZH)


def test_a_budget_refusal_reads_in_chinese_with_its_advice(monkeypatch):
    from explorer import budget
    monkeypatch.setattr(i18n, "is_zh", lambda: True)
    with pytest.raises(ValueError) as caught:
        budget.check_elements("IoU matrix", 10**12, advice="give fewer boxes")
    assert i18n.error_text(caught.value) == \
        f"IoU 矩阵 需要 1,000,000,000,000 个值，超过上限 {budget.MAX_ELEMENTS:,}：请减少框的数量"
    with pytest.raises(ValueError) as caught:
        budget.check_steps("the schedule", 10**9, "lower the training steps")
    assert i18n.error_text(caught.value).endswith("次更新，超过上限 "
                                                  f"{budget.MAX_STEPS:,}：请减少训练步数")


def test_a_coded_refusal_without_a_template_keeps_its_english_advice(monkeypatch):
    """The fallback for a file or budget refusal no template covers yet: the code's Chinese
    then the English text, not a bare reason code ("format")."""
    from explorer.errors import InputError
    monkeypatch.setattr(i18n, "is_zh", lambda: True)
    err = InputError("file", "w.pt: a future format; save it again with torch.save",
                     name="w.pt", reason="format")
    assert i18n.error_text(err) == \
        "文件 w.pt 无法使用（原文：w.pt: a future format; save it again with torch.save）"
    err = InputError("budget", "the runs folder is full: delete runs", what="runs folder",
                     needed=3, limit=2)
    assert i18n.error_text(err).endswith("（原文：the runs folder is full: delete runs）")


def test_figure_hover_templates_read_in_chinese(monkeypatch):
    from explorer.figures import training
    monkeypatch.setattr(i18n, "is_zh", lambda: True)
    fig = i18n.figure(training.confusion_matrix(np.eye(3, dtype=int), ["a", "b", "c"]))
    assert fig.data[0].hovertemplate == "真实 %{y}，预测 %{x}：%{z}<extra></extra>"


def test_a_hostile_message_just_under_the_length_cap_is_matched_quickly():
    """Fields are atomic up to the literal that follows them: a 2,000-character text full of
    the templates' own literals took 3.4 s (a power of its length) with plain lazy fields."""
    import time
    hostile = [("a: 1×2 pixels is 3:1, " * 100)[:i18n.MAX_MESSAGE_CHARS],
               images.TOO_ELONGATED.format(name="x: 9×9 pixels is " * 100, width=8,
                                           height=50000, ratio=6250, limit=50)]
    for text in hostile:
        started = time.perf_counter()
        i18n.translate_message(text[:i18n.MAX_MESSAGE_CHARS])
        assert time.perf_counter() - started < 0.5
    named = images.TOO_ELONGATED.format(name="a: b×c.png", width=8, height=50000, ratio=6250,
                                        limit=50)
    assert i18n.translate_message(named).endswith("8×50000 像素的长短边之比为 6,250:1，超过上限 "
                                                  "50:1。请先裁出不那么细长的一部分。")


def test_refusals_a_page_setting_can_reach_read_in_chinese(monkeypatch):
    """A model without convolutions for CAM, hand-made kernels that are not grids, logits
    with text."""
    import torch
    from explorer import activations, cam, featuremaps
    monkeypatch.setattr(i18n, "is_zh", lambda: True)
    refusals = [
        (lambda: cam.class_activation_map(torch.nn.Sequential(torch.nn.Flatten(),
                                                              torch.nn.Linear(64, 10)),
                         torch.zeros(1, 1, 8, 8), 0), "没有 Conv2d 层"),
        (lambda: featuremaps.handmade([["a"]]), "卷积核必须是 3×3 的数字网格"),
        (lambda: activations.parse_logits(["1", "x"]), "每个 logit 都必须是数字"),
    ]
    for call, expected in refusals:
        with pytest.raises(ValueError) as caught:
            call()
        assert expected in i18n.error_text(caught.value), i18n.error_text(caught.value)


def test_a_diverged_focal_fit_and_a_point_dataset_for_t_sne_read_in_chinese():
    from explorer import imbalance, tv_models
    assert _chinese(imbalance.FIT_DIVERGED.format(name="focal", gamma=5, alpha=0.25)) == \
        "focal 损失的拟合发散了（γ = 5，α = 0.25）；请试试 γ ≥ 1 或换一个 α"
    assert _chinese(tv_models.POINTS_NOT_IMAGES.format(dataset="moons")).startswith(
        "moons 是二维点数据集，不是图片；请选择 ")


def _hover_templates(path):
    """(line, the hover template or None when code builds it) of every ``hovertemplate=`` in
    ``path``: a literal (both branches of a conditional), or a name (a page passes it)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.keyword) and node.arg == "hovertemplate":
            values = ([node.value.body, node.value.orelse] if isinstance(node.value, ast.IfExp)
                      else [node.value])
            for value in values:
                if isinstance(value, ast.Constant) and isinstance(value.value, str):
                    found.append((value.lineno, value.value))
                elif not isinstance(value, ast.Name):
                    found.append((value.lineno, None))
    return found


def test_every_hover_template_of_the_figures_is_a_literal_with_chinese():
    """ui.i18n.figure looks a hover template up whole: one built by code (an f-string, a sum)
    or a literal with words and no Chinese entry stays English on the Chinese app."""
    for path in sorted((ROOT / "explorer" / "figures").glob("*.py")):
        for line, template in _hover_templates(path):
            where = f"{path.name}:{line}"
            assert template is not None, f"{where}: a hover template built by code"
            words = re.sub(r"%\{[^}]*\}|<[^>]*>", "", template)
            if re.search(r"[A-Za-z]{3,}", words):
                assert template in ZH, f"{where}: no Chinese for {template!r}"


@pytest.mark.parametrize("classes", [None, ["cat", "dog"]])
def test_a_flat_layer_s_bars_hover_in_chinese(classes, monkeypatch):
    from explorer.figures import featuremaps
    monkeypatch.setattr(i18n, "is_zh", lambda: True)
    fig = i18n.figure(featuremaps.vector_bars(np.array([0.5, -1.0]), classes, "t"))
    assert fig.data[0].hovertemplate == ("类别" if classes else "单元") + \
        " %{x}：%{y:.3f}<extra></extra>"


def test_the_zero_and_overflow_rows_of_the_depth_profile_hover_in_chinese(monkeypatch):
    from explorer import weight_init
    from explorer.figures import weight_init as figs
    monkeypatch.setattr(i18n, "is_zh", lambda: True)
    results = {"zeros": weight_init.propagate(weight_init.Setup(
        depth=4, width=8, batch=8, activation="relu", init="zeros"))}
    fig = i18n.figure(figs.depth_profile(results, zero_name="{label}：恰好为 0"))
    rows = [t for t in fig.data if t.name == "zeros：恰好为 0"]
    assert rows and all(t.hovertemplate == "%{fullData.name}：第 %{x} 层<extra></extra>"
                        for t in rows)


def _module_constants(tree):
    return {t.id: node.value.value for node in tree.body if isinstance(node, ast.Assign)
            for t in node.targets if isinstance(t, ast.Name)
            and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)}


def _what_names():
    """(where, what-name or None when code builds it unreadably) of every budget refusal:
    the first argument of ``check_elements``/``check_steps``, followed through a parameter to
    the callers in its module, through a loop variable to the loop's literals, and through
    ``TEMPLATE.format(...)`` to the template."""
    found = []
    for path in sorted((ROOT / "explorer").rglob("*.py")):
        if path.name == "budget.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        constants = _module_constants(tree)
        functions = {f.name: f for f in ast.walk(tree) if isinstance(f, ast.FunctionDef)}
        parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}

        def enclosing(node, kind):
            while node in parents and not isinstance(node, kind):
                node = parents[node]
            return node if isinstance(node, kind) else None

        def follow(value, where, depth=0):
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                found.append((where, value.value))
            elif (isinstance(value, ast.Call) and getattr(value.func, "attr", "") == "format"
                  and isinstance(value.func.value, ast.Name)):
                found.append((where, constants.get(value.func.value.id)))
            elif isinstance(value, ast.Name) and depth < 3:
                function = enclosing(value, ast.FunctionDef)
                params = [a.arg for a in function.args.args] if function else []
                if value.id in params:
                    index = params.index(value.id)
                    for call in ast.walk(tree):
                        if isinstance(call, ast.Call) and getattr(call.func, "id", "") == \
                                function.name and len(call.args) > index:
                            follow(call.args[index], f"{where} <- {call.lineno}", depth + 1)
                    return
                loop = enclosing(value, ast.For)
                if loop is not None and value.id in {n.id for n in ast.walk(loop.target)
                                                     if isinstance(n, ast.Name)}:
                    found.extend((where, c.value) for c in ast.walk(loop.iter)
                                 if isinstance(c, ast.Constant) and isinstance(c.value, str))
                    return
                found.append((where, None))
            else:
                found.append((where, None))

        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(
                    node.func, "id", "")) in ("check_elements", "check_steps") and node.args:
                follow(node.args[0], f"{path.name}:{node.lineno}")
    return found


def test_every_budget_refusal_names_what_hit_the_limit_in_chinese():
    """The name of what hit a budget limit is the refusal's first field: a fixed name needs a
    ZH entry, a built one a template of MESSAGES_ZH (an f-string stays English)."""
    names = _what_names()
    assert len(names) >= 50 and any(site.startswith("detection.py:") and what == "IoU matrix"
                                    for site, what in names)
    missing = [(where, what) for where, what in names
               if what is None or (what not in ZH and what not in MESSAGES_ZH)]
    assert not missing, missing


@pytest.mark.parametrize("call, expected", [
    (lambda: __import__("explorer.weight_init").weight_init.Setup(depth=1000, width=1024)
     .validate(), "1000 层、宽度 1024、批大小 256 的网络 需要 "),
    (lambda: __import__("explorer.detection").detection._check_box_count("the scene", 10**9),
     "场景中的框 需要 1,000,000,000 个值"),
    (lambda: __import__("explorer.models").models._check_weights("MLP", 10**12),
     "MLP 的权重 需要 1,000,000,000,000 个值"),
])
def test_a_budget_refusal_names_what_hit_the_limit_in_chinese(call, expected, monkeypatch):
    monkeypatch.setattr(i18n, "is_zh", lambda: True)
    with pytest.raises(ValueError) as caught:
        call()
    assert i18n.error_text(caught.value).startswith(expected), i18n.error_text(caught.value)


# InputError("other") refusals no page's widget, link or upload reaches, so their English
# stays: contract checks for programmers (wrong Python types, objects and flags the pages build
# themselves), refusals a page rules out before calling (PCA after t-SNE's own checks, placing
# into a map kept without its model, a torchvision file without a hash), and run ids that come
# from a menu of existing runs (a deletion refused only if a run changed between render and
# click). Keyed by module, enclosing function and the message's fixed words.
PROGRAMMING_CHECKS = {
    ("activations.py", "_as_dict", "params must be a mapping of parameter na"),
    ("activations.py", "_inputs", "must hold real numbers, got"),
    ("activations.py", "_logits", "logits must be real numbers, got"),
    ("activations.py", "max_abs_difference", "a and b must be arrays of numbers"),
    ("augment.py", "_check_image", "must be a float tensor , got dtype"),
    ("augment.py", "_check_labels", "labels must be whole class numbers, got"),
    ("augment.py", "to_tensor", "the image must be a PIL image in RGB mod"),
    ("cam.py", "cam_layers", "model must be a torch.nn.Module, got"),
    ("caveats.py", "_pixels", "image must be RGB pixels"),
    ("conv_arithmetic.py", "_check_layer", "ceil_mode must be True or False, got"),
    ("conv_arithmetic.py", "_check_layer", "layer must be a Layer, got"),
    ("conv_cost.py", "_forward", "model must be a torch nn.Module, got"),
    ("conv_cost.py", "_on_meta", "model must be a torch nn.Module, got"),
    ("conv_cost.py", "conv_macs", "conv must be an nn.Conv2d, got"),
    ("conv_walkthrough.py", "_grid", "must hold real numbers, got"),
    ("dead_units.py", "count_dead", "model must have an nn.Sequential `featur"),
    ("download.py", "tv_remote", "carries no hash in its name, so it could"),
    ("embedding.py", "pca", "PCA to 2-D needs at least 2 points × 2 c"),
    ("embedding.py", "transform", "this map was kept without its openTSNE m"),
    ("embedding.py", "tsne", "snapshot_every ( ) must divide and the i"),
    ("errors.py", "check_array", "must be an array of numbers"),
    ("errors.py", "check_finite", "must be numbers, got"),
    ("errors.py", "check_number", "must be a number, got"),
    ("featuremaps.py", "_check_module", "model must be a torch.nn.Module, got"),
    ("featuremaps.py", "is_activation", "a node name must be a non-empty string,"),
    ("losses.py", "as_logits", "must be real numbers"),
    ("losses.py", "smoothed_targets", "dtype must be a floating type, got"),
    ("models.py", "__init__", "batchnorm must be True or False, got"),
    ("models.py", "count_parameters", "model must be a torch.nn.Module, got"),
    ("playground.py", "__init__", "data must come from make_data"),
    ("playground.py", "add_point", "train must be True or False, got"),
    ("playground.py", "validate", "features must be a list of feature names"),
    ("playground.py", "validate", "must be True or False"),
    ("regularization.py", "penalty", "model must be a torch.nn.Module, got"),
    ("runs.py", "delete_run", "run was not deleted:"),
    ("runs.py", "get_run", "no run in"),
    ("runs.py", "run_path", "is not a run id (a folder name in )"),
    ("runs.py", "run_path", "run leads outside the runs folder"),
    ("schedules.py", "build", "optimizer must be a torch optimizer with"),
    ("train.py", "pick_device", "CUDA was asked for but no GPU is availab"),   # the CLI's --device
    ("train.py", "validate", "amp must be true or false, got"),
    ("train.py", "validate", "model options must be a mapping such as"),
    ("tv_models.py", "check_arch", "is not offered: its auxiliary classifier"),
    ("tv_models.py", "load", "imported weights are for , not"),
    ("tv_models.py", "penultimate_extractor", "was not built by explorer.tv_models.buil"),
    ("tv_models.py", "read_import", "is not an import id"),
    ("weight_init.py", "validate", "must be True or False"),
}


def _other_refusals():
    """(module, enclosing function, English or None when built by code, its fixed words) of every
    ``InputError("other", …)`` in explorer; a ``TEMPLATE.format(…)`` gives the template."""
    found = []
    for path in sorted((ROOT / "explorer").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        constants = _module_constants(tree)
        for function in ast.walk(tree):
            if not isinstance(function, ast.FunctionDef):
                continue
            for node in ast.walk(function):
                if not (isinstance(node, ast.Call) and getattr(node.func, "id", "") ==
                        "InputError" and len(node.args) >= 2 and isinstance(node.args[0],
                                                                            ast.Constant)
                        and node.args[0].value == "other"):
                    continue
                message = node.args[1]
                branches = ([message.body, message.orelse] if isinstance(message, ast.IfExp)
                            else [message])
                if isinstance(message, ast.Call) and isinstance(message.func, ast.Attribute) \
                        and message.func.attr == "format":
                    inner = message.func.value
                    branches = ([inner.body, inner.orelse] if isinstance(inner, ast.IfExp)
                                else [inner])
                for branch in branches:
                    text = (branch.value if isinstance(branch, ast.Constant) else
                            constants.get(branch.id) if isinstance(branch, ast.Name) else None)
                    found.append((path.name, function.name, text, _words(branch)))
    return found


def _words(node):
    """The fixed words of a message expression (an f-string's literal parts, a sum's
    literals): what names a refusal in PROGRAMMING_CHECKS."""
    return " ".join(c.value.strip() for c in ast.walk(node)
                    if isinstance(c, ast.Constant) and isinstance(c.value, str))[:40].strip()


def test_every_other_refusal_a_page_can_reach_reads_in_chinese():
    """A refusal of the "other" kind has no Chinese template for its code: the text itself
    must be a MESSAGES_ZH template or a whole-text ZH entry, unless it is a programmer's
    contract check listed in PROGRAMMING_CHECKS (a new one must be translated or listed)."""
    refusals = _other_refusals()
    assert len(refusals) >= 55
    untranslated = {(module, function, words) for module, function, text, words in refusals
                    if text not in ZH and text not in MESSAGES_ZH}
    assert not sorted(untranslated - PROGRAMMING_CHECKS), "translate or list as programming"
    assert not sorted(PROGRAMMING_CHECKS - untranslated), "listed but translated or gone"


@pytest.mark.parametrize("config, expected", [
    (dict(dataset="moons", model="lenet"),
     "lenet 是处理图片的卷积网络；moons 是二维点数据集：请使用 mlp"),
    (dict(dataset="digits", model="note4_cnn"), "笔记 4 的 CNN 需要至少 16×16 的图片"),
])
def test_a_model_and_dataset_that_do_not_go_together_are_refused_in_chinese(
        config, expected, monkeypatch):
    from explorer.train import TrainConfig
    monkeypatch.setattr(i18n, "is_zh", lambda: True)
    with pytest.raises(ValueError) as caught:
        TrainConfig(**config).validate()
    assert i18n.error_text(caught.value).startswith(expected), i18n.error_text(caught.value)


def _chinese_page(name, monkeypatch):
    """The page in Chinese (AppTest formats widget options again in the test's own thread,
    which has no session state, so the language is fixed there too)."""
    from tests.app.apptest import open_page
    monkeypatch.setattr(i18n, "language", lambda: "zh")
    at = open_page(name)
    at.query_params["lang"] = "zh"
    at.session_state["lang"] = "zh"
    return at.run()


def test_weight_init_in_chinese_names_its_budget_refusal_and_hovers_its_zero_rows(monkeypatch):
    from explorer import weight_init as wi
    from tests.app.apptest import plotly_traces
    at = _chinese_page("weight_init", monkeypatch)
    at.multiselect(key="init").set_value(list(wi.INITS))
    at.slider(key="depth").set_value(100)
    at.select_slider(key="width").set_value(512).run()
    assert not at.exception, at.exception
    error = at.error[0].value
    assert error.startswith("一次 10 个模拟 需要 655,360,000 个值，超过上限 "), error
    assert "simulations" not in error, error
    at.multiselect(key="init").set_value(["zeros", "Kaiming normal"])
    at.select_slider(key="width").set_value(64).run()
    zero_rows = [t for t in plotly_traces(at) if t.get("name", "").endswith("恰好为 0")]
    assert zero_rows and {t["hovertemplate"] for t in zero_rows} == \
        {"%{fullData.name}：第 %{x} 层<extra></extra>"}, zero_rows


def test_a_full_runs_folder_and_a_huge_class_list_are_refused_in_chinese(tmp_path, monkeypatch):
    from explorer import runs, tv_models
    monkeypatch.setattr(i18n, "is_zh", lambda: True)
    (tmp_path / "old").mkdir()
    (tmp_path / "old" / "weights.pt").write_bytes(b"0" * 2**20)
    monkeypatch.setattr(runs, "MAX_RUNS_BYTES", 2**20)
    with pytest.raises(ValueError) as caught:
        runs.check_space(tmp_path)
    assert i18n.error_text(caught.value) == (
        f"运行记录文件夹 {tmp_path} 已满（已用 1 MB，上限 1 MB）：请在训练实验室的“运行记录”标签页删除"
        "不再需要的运行，或请部署这个面板的人腾出空间")
    with pytest.raises(ValueError) as caught:
        tv_models.parse_classes(b" " * (3 * 2**20), "classes.json")
    assert i18n.error_text(caught.value) == "classes.json 有 3.0 MB，超过类别名列表所需的 1 MB 上限"


def test_every_refusal_of_a_hostile_weights_file_reads_in_chinese(monkeypatch):
    """The bad-weights corpus (pickled code, zip bombs, NaN, torn files…) uploaded as weights:
    each refusal is a template read back into Chinese, not the code's generic text with the
    English after it."""
    from explorer.models import build_model
    from explorer.weights import load_weights
    from tests.data.make_bad_weights import corpus
    monkeypatch.setattr(i18n, "is_zh", lambda: True)
    mlp = build_model("mlp", (1, 8, 8), 10)
    files = corpus(mlp.state_dict(), build_model("lenet", (1, 8, 8), 10).state_dict())
    for name, (data, _words) in files.items():
        with pytest.raises(ValueError) as caught:
            load_weights(mlp, data, "the uploaded file")
        text = i18n.error_text(caught.value)
        assert text.startswith("上传的文件 ") and "原文" not in text, (name, text)
        if name != "wrong_shapes.pt":   # that one quotes torch's own English error
            assert not re.search(r"[a-z]{4,} [a-z]{3,} [a-z]{3,}", text), (name, text)


def test_a_damaged_checkpoint_is_named_in_chinese():
    from explorer import runs, tv_models, weights
    assert _chinese(weights.NOT_TORCH.format(what=runs.CHECKPOINT_OF.format(run_id="r1"))) == \
        "运行 r1 的检查点 不是 torch.save 写出的文件，或者文件不完整（只读取张量，weights_only=True）"
    assert _chinese(weights.NO_STATE_DICT.format(
        what=tv_models.IMAGENET_WEIGHTS_OF.format(arch="resnet18"))).startswith(
        "resnet18 的 ImageNet 权重 里没有 state dict")


# --------------------------------------------------------------------------- damaged runs
def test_each_damaged_run_file_states_its_problem_in_chinese(tmp_path):
    """Every problem the Runs tab lists for a damaged run folder (tests/test_runs.py's DAMAGE:
    corrupt, truncated, wrong-shaped files) reads in Chinese with its values kept."""
    from explorer import runs
    from tests.test_runs import DAMAGE, _owner, _run, damage
    for k, (file, contents, english) in enumerate(DAMAGE):
        root = tmp_path / str(k)
        bad = _run(root, {"status": "finished", "test_accuracy": 0.8}, owner=_owner())
        damage(bad, file, contents)
        run = runs.read_run(bad)
        assert run.problems and run.problem == "; ".join(run.problems)
        for problem in run.problems:
            chinese = _chinese(problem)
            assert chinese.startswith(problem.split(":")[0] + "："), chinese
            assert not re.search(r"\b(must|expected|got|line|cut short|missing)\b", chinese), chinese
    folder = _run(tmp_path / "x", {"status": "finished"}, checkpoint=False)
    assert _chinese(runs.read_run(folder).problem) == "checkpoint.pt：缺失，但这次运行已完成"
    assert _chinese(runs.BAD_FIELD.format(file="config.json", name="lr", expected="a finite number",
                                          value="'fast'", kind="text")) == \
        "config.json：lr 必须是有限的数，实际为 'fast'（文本）"


def test_interrupted_runs_and_load_refusals_say_why_in_chinese():
    from explorer import runs
    from explorer.errors import InputError
    assert _chinese(runs.PROCESS_GONE.format(pid=41)) == "它的训练进程（41）已不存在"
    assert _chinese(runs.NO_HEARTBEAT.format(minutes=6.2)) == "它的训练进程已有 6 分钟没有心跳"
    assert "7 分钟未改动" in _chinese(runs.UNTOUCHED.format(minutes=7))
    err = InputError("file", runs.CANNOT_LOAD.format(
        run_id="r1", problem=runs.IS_FOLDER.format(file="checkpoint.pt")), name="r1")
    assert i18n.translate_message(str(err)) == "无法加载运行 r1：checkpoint.pt：是文件夹，不是文件"
    assert i18n.translate_message(runs.CANNOT_LOAD.format(run_id="r2", problem=runs.NOT_YET)) \
        == "无法加载运行 r2：它还没有检查点"


# --------------------------------------------------------------------------- weights misfit
def _misfit(state):
    import torch

    from explorer.errors import InputError
    from explorer.models import build_model
    from explorer.weights import load_weights
    buffer = io.BytesIO()
    torch.save(state, buffer)
    with pytest.raises(InputError) as caught:
        load_weights(build_model("lenet", (1, 8, 8), 10), buffer.getvalue(), "w.pt")
    return str(caught.value), caught.value


def test_a_state_dict_that_does_not_fit_says_which_tensor_and_why_in_chinese():
    """load_state_dict's structured misfit (tensors of another shape, missing, extra) is said in
    Chinese; PyTorch's own English is kept only as the detail in parentheses."""
    import torch

    from explorer.models import build_model
    good = build_model("lenet", (1, 8, 8), 10).state_dict()
    other = build_model("lenet", (1, 8, 8), 3).state_dict()      # a 3-class head
    reshaped = [k for k in good if good[k].shape != other[k].shape]
    english, err = _misfit(other)
    assert f"{len(reshaped)} tensor(s) have another shape, the first {reshaped[0]}" in english
    chinese = _chinese(english)
    assert chinese.startswith(f"w.pt 与模型不匹配：有 {len(reshaped)} 个张量形状不同，第一个是 "
                              f"{reshaped[0]}：模型期望 {list(good[reshaped[0]].shape)}，文件中是 "
                              f"{list(other[reshaped[0]].shape)}。PyTorch 的报错：Error(s) in loading")
    assert i18n.translate_message(str(err)) == chinese
    first = next(iter(good))
    english, _ = _misfit({k: v for k, v in good.items() if k != first})
    assert _chinese(english).startswith(f"w.pt 与模型不匹配：缺少模型需要的 1 个张量，第一个是 {first}（")
    english, _ = _misfit({**good, "extra.weight": torch.zeros(2), "more.bias": torch.zeros(1)})
    assert _chinese(english).startswith("w.pt 与模型不匹配：含有模型没有的 2 个张量，第一个是 "
                                        "extra.weight（")
    english, _ = _misfit(build_model("mlp", (64,), 10).state_dict())   # another architecture
    said, detail = _chinese(english).split("。PyTorch 的报错：")
    assert len(english) < 800 and detail.endswith("…") and said.startswith("w.pt 与模型不匹配：")
    assert not re.search(r"[a-z]{4,} [a-z]{3,}", said), said


# --------------------------------------------------------------------------- range refusals
def _refusals():
    """(call, Chinese advice): settings a page can reach that explorer refuses as out_of_range
    with advice the code's generic Chinese ("… 超出允许范围 […]") would drop."""
    import torch

    from explorer import activations, calibration, imbalance, losses, playground, schedules
    from explorer import conv_walkthrough, detection, smoothing_comparison
    from explorer.models import build_model
    from explorer.train import TrainConfig
    sgd = lambda: torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=0.1)  # noqa: E731
    return [
        (lambda: schedules.build("cosine", sgd(), 10, warmup_steps=10), "：请减少热身步数"),
        (lambda: schedules.build("onecycle", sgd(), 10, warmup_steps=1), "至少 2 步"),
        (lambda: TrainConfig(epochs=3, warmup_epochs=3).validate(), "必须短于训练（3 个 epoch）"),
        (lambda: imbalance.toy_data(10, 9), "请用 1 到 5 之间的比例"),
        (lambda: build_model("lenet", (1, 3, 3), 10), "实际为 3×3：请用更大的图片尺寸，或使用 mlp"),
        (lambda: build_model("note4_cnn", (1, 8, 8), 10), "实际为 8×8：小图片请使用 lenet"),
        (lambda: playground.Setup(batchnorm=True, batch_size=1).validate(), "请增大批大小"),
        (lambda: losses.check_smoothing(1.0, 10), "ε = 1 会让每个目标都变成均匀分布"),
        (lambda: losses.numeric_optimum(0.0, 10), "请取 ε > 0"),
        (lambda: losses.numeric_optimum(1e-9, 10), "闭式解仍然成立"),
        (lambda: losses.check_focal(2.0, 1.0), "（或取负数以关闭它）"),
        (lambda: losses.check_focal(0.25, -1.0), "γ = 0 就是普通的交叉熵"),
        (lambda: smoothing_comparison.configs(TrainConfig(), 1.0), "才能与 ε = 0 的模型比较"),
        (lambda: calibration.fit_temperature(torch.full((4, 2), 1e9), torch.tensor([0, 1, 0, 1])),
         "请用更小的学习率重新训练"),
        (lambda: activations.check_range(2.0, 1.0), "最小值（2.0）必须小于最大值（1.0）"),
        (lambda: conv_walkthrough.padded(np.zeros((1, 1000)), 0), "请保持在 "),
        (lambda: detection.box_pair([0, 0, 10, 10], [0, 0, 10, 10.5e-3]), "分母上加 1e-7"),
        (lambda: detection.soft_nms([[0, 0, 1, 1]], [-1.0]), "惩罚系数"),
    ]


def test_out_of_range_refusals_keep_their_advice_in_chinese(monkeypatch):
    from explorer.errors import InputError
    monkeypatch.setattr(i18n, "is_zh", lambda: True)
    for call, advice in _refusals():
        with pytest.raises(InputError) as caught:
            call()
        assert caught.value.code == "out_of_range", str(caught.value)
        text = i18n.error_text(caught.value)
        assert advice in text and "超出允许范围" not in text, (str(caught.value), text)
        assert not re.search(r"[a-z]{4,} [a-z]{3,} [a-z]{3,}", text), text


def test_a_refusal_shown_as_a_sentence_ends_with_the_chinese_full_stop(monkeypatch):
    from explorer.errors import InputError
    err = InputError("out_of_range", "the x range is empty: min (2.0) must be smaller than max "
                     "(1.0)", name="x min", value=2.0, low=-1, high=1)
    assert i18n.error_sentence(err).endswith("(1.0).")
    monkeypatch.setattr(i18n, "is_zh", lambda: True)
    assert i18n.error_sentence(err) == "x 的范围是空的：最小值（2.0）必须小于最大值（1.0）。"
