"""Conv arithmetic page under AppTest: shown sizes, fields, costs and walkthrough values."""
import numpy as np
import pytest
import torch
import torch.nn.functional as F

from explorer.conv_walkthrough import example_input
from explorer.featuremaps import KERNEL_PRESETS
from tests.app.apptest import open_page


@pytest.fixture
def at():
    return open_page("conv_arithmetic").run()


def _number(at, label):
    return next(n for n in at.number_input if n.label == label)


def _texts(elements):
    return [e.value for e in elements]


def test_default_run_checks_every_number_against_torch(at):
    assert not at.exception and not at.error
    success = _texts(at.success)
    assert "Output 24×24. PyTorch's Conv2d on a 28×28 input gives 24×24." in success
    assert any(s.startswith("Formula: r = 27.") and "reaches 27×27" in s for s in success)
    assert any("FlopCounterMode counts 133,200 FLOPs" in s for s in success)
    assert [m.value for m in at.metric] == ["21,386", "66,600", "133,200"]
    shown = " ".join(_texts(at.markdown))
    assert "= 120,422,400$" in shown and "= 12,443,648$" in shown and "= 8,580,096$" in shown
    assert any("12,433,648" in w and "**12,443,648**" in w and "typo" in w
               for w in _texts(at.warning))


def test_impossible_size_names_the_bad_value(at):
    _number(at, "kernel k").set_value(7)
    _number(at, "input size i").set_value(5).run()
    assert not at.exception
    assert any("output size would be -1: kernel 7 is larger than the padded input 5" in e
               for e in _texts(at.error))
    assert any(s.startswith("Formula: r = 27.") for s in _texts(at.success))  # rest still works


def test_ceil_mode_pooling_equals_torch(at):
    at.selectbox[0].set_value("maxpool").run()   # ceil mode is enabled for pooling only
    _number(at, "kernel k").set_value(2)
    _number(at, "stride s").set_value(2)
    _number(at, "padding p").set_value(1)
    _number(at, "input size i").set_value(5)
    at.checkbox[0].check().run()
    assert "Output 3×3. PyTorch's MaxPool2d on a 5×5 input gives 3×3." in _texts(at.success)


def test_resnet18_costs_and_grey_input_refused(at):
    next(s for s in at.selectbox if s.label == "Model").set_value("resnet18").run()
    assert any("takes RGB images (3 channels), not 1" in e for e in _texts(at.error))
    next(s for s in at.selectbox if s.label == "Input").set_value("imagenet").run()
    assert not at.exception
    assert at.metric[0].value == "11,689,512"
    assert any("FlopCounterMode counts 3,628,146,688 FLOPs" in s for s in _texts(at.success))


def test_the_cost_models_are_named_as_in_the_training_lab(at):
    menu = next(s for s in at.selectbox if s.label == "Model")
    assert menu.options[:3] == ["LeNet-5", "small VGG", "small ResNet"]   # were ids: lenet …
    assert menu.value == "lenet"


def test_resnet18_cost_table_comes_20_layers_a_page_and_adds_up(at):
    """Every layer is on some page (none hides below the table's scroll) and the pages add up
    to the parameter count shown above them."""
    next(s for s in at.selectbox if s.label == "Model").set_value("resnet18")
    next(s for s in at.selectbox if s.label == "Input").set_value("imagenet").run()
    rows = next(s for s in at.selectbox if s.label == "Rows")
    pages = []
    for i in range(len(rows.options)):
        next(s for s in at.selectbox if s.label == "Rows").select_index(i).run()
        pages.append(next(d.value for d in at.dataframe if "MACs" in d.value.columns))
        assert len(pages[-1]) <= 20
    assert all(len(p) == 20 for p in pages[:-1])
    assert rows.options[0] == f"1–20 of {sum(map(len, pages))}"
    assert f"{int(sum(p['params'].sum() for p in pages)):,}" == at.metric[0].value == "11,689,512"


def test_zero_bottleneck_channels_is_explained(at):
    _number(at, "1×1 channels").set_value(0).run()
    assert any("bottleneck_channels must be at least 1, got 0" in e for e in _texts(at.error))
    assert any("= 8,580,096$" in m for m in _texts(at.markdown))   # separable still shown


def test_walkthrough_step_shows_the_conv2d_value(at):
    _number(at, "stride").set_value(2).run()
    at.slider[0].set_value(2).run()        # second output cell: y[0, 1]
    x = torch.tensor(example_input(6, 0))[None, None]
    w = torch.tensor(np.array(KERNEL_PRESETS["Sobel x"]), dtype=torch.float64)[None, None]
    expected = F.conv2d(x, w, stride=2, padding=1)[0, 0, 0, 1].item()
    line = next(m for m in _texts(at.markdown) if m.startswith("**y[0, 1]**"))
    assert line.endswith(f"**{expected:g}**")


def test_small_input_clips_the_measured_field(at):
    next(n for n in at.number_input if n.key == "rf_size").set_value(16).run()
    assert not at.exception
    table = next(d.value for d in at.dataframe if "receptive field r" in d.value.columns)
    assert list(table["output"]) == ["8×8", "4×4", "4×4", "2×2"]
    assert list(table["receptive field r"]) == [7, 11, 19, 27]
    assert any("Formula: r = 27." in i and "16×16 input pixels (clipped by the image border)"
               in i for i in _texts(at.info))


def test_link_opens_the_same_view_and_a_bad_value_falls_back():
    at = open_page("conv_arithmetic")
    at.query_params.update({"tab": "walk", "layer": "maxpool", "i": "9", "ceil": "true",
                            "model": "resnet18", "input": "imagenet", "kernel": "laplacian",
                            "wstride": "2", "k": "banana", "cmid": "99999"})
    at.run()
    assert not at.exception
    assert at.selectbox(key="layer").value == "maxpool"
    assert _number(at, "input size i").value == 9
    assert at.checkbox(key="ceil").value is True
    assert at.selectbox(key="model").value == "resnet18"
    assert at.selectbox(key="input").value == "imagenet"
    assert at.selectbox(key="kernel").value == "laplacian"
    assert at.number_input(key="wstride").value == 2
    assert at.metric[0].value == "11,689,512"            # resnet18 on ImageNet, from the link
    assert _number(at, "kernel k").value == 5             # garbage: the default
    assert at.number_input(key="cmid").value == 16        # out of range: the default
    toasts = " ".join(t.value for t in at.toast)
    assert "k=banana" in toasts and "cmid=99999" in toasts


def test_chinese_page_keeps_the_inception_check():
    at = open_page("conv_arithmetic")
    at.query_params["lang"] = "zh"
    at.session_state["lang"] = "zh"
    at.run()
    assert not at.exception
    assert at.title[0].value == "卷积算术"
    assert any("12,433,648" in w and "**12,443,648**" in w and "笔误" in w
               for w in _texts(at.warning))
    assert any("= 12,443,648$" in m for m in _texts(at.markdown))


@pytest.mark.parametrize("lang, refusal", [
    ("en", "output size would be -998,999: kernel 1,000 (dilated span 999,001) is larger than "
           "the padded input 1 + 2·0 = 1"),
    ("zh", "输出尺寸将是 -998,999：卷积核 1,000（膨胀后跨度 999,001）大于填充后的输入 1 + 2·0 = 1"),
])
def test_big_numbers_have_thousands_separators(lang, refusal):
    """i = 1, k = d = 1,000: the refusal's numbers read 999,001 in both languages (they had
    read 999001, and in Chinese only the code's generic range template was shown)."""
    at = open_page("conv_arithmetic")
    at.query_params["lang"] = lang
    at.session_state["lang"] = lang
    at.run()
    at.number_input(key="i").set_value(1)
    at.number_input(key="k").set_value(1000)
    at.number_input(key="d").set_value(1000).run()
    assert not at.exception
    assert any(refusal in e for e in _texts(at.error)), _texts(at.error)
    at.number_input(key="i").set_value(100_000)
    at.number_input(key="d").set_value(1).run()
    assert any("99,001" in s and "100,000" in s for s in _texts(at.success))
    assert any(r"\frac{100{,}000 + 2\cdot0 - 1\cdot(1{,}000-1) - 1}{1} \rfloor + 1 = 99{,}001"
               in lat.value for lat in at.latex)
