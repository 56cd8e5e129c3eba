"""A link opens the same view: on Conv arithmetic, Detection, PR curves, Label smoothing and
Augmentation, change a number, a choice and a tab, take the address, open it in a fresh
browser context (no session state, no cookies) and find the same values; and the sidebar's
language switch turns Conv arithmetic (its Inception check included) into Chinese."""
import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import (assert_no_exception, fill_number, open_tab, pick_option,
                                pick_radio, screenshot, wait_for_app)

pytestmark = pytest.mark.e2e


def _reopen(browser, page, params: dict):
    """Wait until the address holds ``params``, then open it in a fresh context."""
    for key, value in params.items():
        expect(page).to_have_url(re.compile(rf"[?&]{re.escape(key)}={re.escape(value)}(&|$)"))
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    fresh = context.new_page()
    fresh.set_default_timeout(60_000)
    fresh.goto(page.url)
    wait_for_app(fresh)
    assert_no_exception(fresh)
    return context, fresh


def _shows(page, *, numbers=(), selected_tab=None, checked=(), selects=()):
    for label, value in numbers:
        expect(page.get_by_role("spinbutton", name=label, exact=True, include_hidden=True)
               .first).to_have_value(value)   # hidden: a widget of another tab
    if selected_tab:
        expect(page.get_by_role("tab", name=selected_tab, exact=True)).to_have_attribute(
            "aria-selected", "true")
    for name in checked:
        expect(page.get_by_role("radio", name=name, exact=True)).to_be_checked()
    for label, shown in selects:
        expect(page.get_by_role("combobox", name=label, exact=True, include_hidden=True)
               .first).to_have_value(shown)


def test_conv_arithmetic_link(page, browser, app_url):
    page.goto(f"{app_url}/conv_arithmetic")
    wait_for_app(page)
    pick_option(page, "Layer", "max pooling")
    fill_number(page, "input size i", 9)
    open_tab(page, "Params & FLOPs")
    pick_option(page, "Model", "resnet18")
    context, fresh = _reopen(browser, page, {"layer": "maxpool", "i": "9", "tab": "cost",
                                             "model": "resnet18"})
    _shows(fresh, numbers=[("input size i", "9")], selected_tab="Params & FLOPs",
           selects=[("Layer", "max pooling"), ("Model", "resnet18")])
    expect(fresh.get_by_test_id("stAlert").filter(has_text="MaxPool2d on a 9×9 input")
           ).to_be_attached()
    context.close()


def test_detection_link(page, browser, app_url):
    page.goto(f"{app_url}/detection")
    wait_for_app(page)
    open_tab(page, "NMS vs Soft-NMS")
    pick_radio(page, "linear")
    fill_number(page, "random seed (scene)", 12)
    context, fresh = _reopen(browser, page, {"tab": "nms", "penalty": "linear", "seed": "12"})
    _shows(fresh, numbers=[("random seed (scene)", "12")], selected_tab="NMS vs Soft-NMS",
           checked=["linear"])
    expect(fresh.get_by_test_id("stMetric").filter(has_text="Soft-NMS (linear): boxes kept")
           ).to_be_visible()
    context.close()


def test_pr_curves_link(page, browser, app_url):
    page.goto(f"{app_url}/pr_curves")
    wait_for_app(page)
    pick_radio(page, "Synthetic, several classes")
    fill_number(page, "classes", 6)
    pick_radio(page, "one by one: tied rows ranked in file order (VOC devkit, pycocotools)")
    context, fresh = _reopen(browser, page, {"src": "multiclass", "classes": "6",
                                             "ties": "one+by+one"})
    _shows(fresh, numbers=[("classes", "6")],
           checked=["Synthetic, several classes",
                    "one by one: tied rows ranked in file order (VOC devkit, pycocotools)"])
    expect(fresh.get_by_text("three ways to average them")).to_be_visible()
    context.close()


def test_label_smoothing_link(page, browser, app_url):
    page.goto(f"{app_url}/label_smoothing")
    wait_for_app(page)
    fill_number(page, "smoothing ε", 0.3)
    fill_number(page, "classes N", 4)
    open_tab(page, "Optimal logits")
    context, fresh = _reopen(browser, page, {"eps": "0.3", "n": "4", "tab": "optimum"})
    _shows(fresh, numbers=[("smoothing ε", "0.300"), ("classes N", "4")],
           selected_tab="Optimal logits")
    expect(fresh.get_by_role("heading", name="Trained comparison: ε = 0 vs ε = 0.3 on digits")
           ).to_be_visible()
    context.close()


def test_augmentation_link(page, browser, app_url):
    page.goto(f"{app_url}/augmentation")
    wait_for_app(page)
    fill_number(page, "random seed", 5)
    open_tab(page, "MixUp & CutMix")
    pick_radio(page, "CutMix")
    mixed = page.get_by_text(re.compile(r"^0\.\d\d china \+ 0\.\d\d flower$"))
    expect(mixed).to_be_visible()
    drawn = mixed.inner_text()      # λ of seed 5: the same draw must come back from the link
    context, fresh = _reopen(browser, page, {"seed": "5", "tab": "mix", "mix": "CutMix"})
    _shows(fresh, numbers=[("random seed", "5")], selected_tab="MixUp & CutMix",
           checked=["CutMix"])
    # (only the open tab is in the DOM: the gallery's "seed 5" captions are not checked)
    expect(fresh.get_by_text(drawn, exact=True)).to_be_visible()
    context.close()


def test_switching_to_chinese_on_conv_arithmetic(page, app_url):
    page.goto(f"{app_url}/conv_arithmetic")
    wait_for_app(page)
    expect(page.locator("h1").first).to_have_text("Conv arithmetic")
    page.locator('[data-testid="stSidebar"]').get_by_text("中文", exact=True).click()
    wait_for_app(page)
    expect(page.locator("h1").first).to_have_text("卷积算术")
    expect(page).to_have_url(re.compile(r"[?&]lang=zh(&|$)"))
    open_tab(page, "1×1 瓶颈与深度可分离卷积")
    check = page.get_by_test_id("stAlert").filter(has_text="核对笔记里的加法")
    expect(check).to_contain_text("12,443,648")
    expect(check).to_contain_text("笔误")
    assert_no_exception(page)
    screenshot(page, "conv_arithmetic-zh-inception")
