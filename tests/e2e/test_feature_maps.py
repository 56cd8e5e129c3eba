"""Browser journey: feature maps of hand-made kernels before and after the ReLU, then the
conv arithmetic page refusing an impossible kernel and stepping through a convolution."""
import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import assert_no_exception, click_tab, screenshot, wait_for_app

pytestmark = pytest.mark.e2e


def _number(page, label, value):
    box = page.get_by_role("spinbutton", name=label, exact=True).first   # first tab
    box.fill(str(value))
    box.press("Enter")
    wait_for_app(page)


def test_feature_maps_then_conv_arithmetic(page, app_url):
    page.goto(f"{app_url}/feature_maps")
    wait_for_app(page)
    # layers carry readable names numbered by kind: 'conv1 (Conv2d 1→6, 3×3)', 'relu1 (ReLU)'
    expect(page.get_by_text("conv1 (Conv2d 1→6, 3×3): 6 channels of 160×160, channel order")
           ).to_be_visible()
    expect(page.get_by_text("Shapes along the network: conv1 (Conv2d 1→6, 3×3) is 6×160×160, "
                            "in red")).to_be_visible()
    page.get_by_text("after the activation").click()
    wait_for_app(page)
    expect(page.get_by_text("relu1 (ReLU): 6 channels of 160×160, channel order")).to_be_visible()
    expect(page.get_by_text("Shapes along the network: relu1 (ReLU) is 6×160×160, in red")
           ).to_be_visible()
    assert_no_exception(page)
    screenshot(page, "feature_maps_after_relu")

    page.goto(f"{app_url}/conv_arithmetic")
    wait_for_app(page)
    expect(page.get_by_text("Output 24×24. PyTorch's Conv2d on a 28×28 input gives 24×24."))\
        .to_be_visible()
    _number(page, "input size i", 5)
    _number(page, "kernel k", 7)
    message = "output size would be -1: kernel 7 is larger than the padded input 5"
    expect(page.get_by_test_id("stAlert").filter(has_text=message)).to_be_visible()

    click_tab(page, "Convolution step by step")
    slider = page.get_by_test_id("stSlider").filter(
        has_text="Step (output cell").get_by_role("slider")
    slider.focus()
    slider.press("ArrowRight")
    wait_for_app(page)
    expect(page.get_by_text("y[0, 1]", exact=False)).to_be_visible()
    assert_no_exception(page)
    screenshot(page, "conv_arithmetic_walkthrough")
