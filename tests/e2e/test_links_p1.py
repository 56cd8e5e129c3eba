"""A link opens the same view: on Activations, LR schedules, Focal & balanced CE, Weight
initialisation, Optimizers, BatchNorm & dropout and Regularisation, change a number, a choice
and a tab, take the address, open it in a fresh browser context (no session state, no
cookies) and find the same values; and the sidebar's language switch turns Activations into
Chinese. Each reopened view and its Chinese twin are screenshotted at a tall viewport."""
import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import (assert_no_exception, fill_number, flip_switch, open_tab,
                                pick_option, pick_radio, screenshot, wait_for_app)

pytestmark = pytest.mark.e2e
TALL = {"width": 1400, "height": 2400}


def _shot(page, name: str) -> None:
    """A screenshot once the charts are drawn (plotly paints after the script has run)."""
    charts = page.locator('[data-testid="stPlotlyChart"]:visible')
    for i in range(charts.count()):
        charts.nth(i).locator(".main-svg").first.wait_for()
    page.wait_for_timeout(500)
    screenshot(page, name)


def _reopen(browser, page, params: dict, name: str):
    """Wait until the address holds ``params`` (values are regular expressions), open it in
    a fresh context at a tall viewport, screenshot it, and its Chinese twin too."""
    for key, value in params.items():
        expect(page).to_have_url(re.compile(rf"[?&]{re.escape(key)}={value}(&|$)"))
    context = browser.new_context(viewport=TALL)
    fresh = context.new_page()
    fresh.set_default_timeout(60_000)
    fresh.goto(page.url)
    wait_for_app(fresh)
    assert_no_exception(fresh)
    _shot(fresh, f"{name}-link-en")
    zh = context.new_page()
    zh.set_default_timeout(60_000)
    zh.goto(page.url + "&lang=zh")
    wait_for_app(zh)
    assert_no_exception(zh)
    _shot(zh, f"{name}-link-zh")
    zh.close()
    return context, fresh


def _shows(page, *, numbers=(), selected_tab=None, checked=(), selects=(), texts=()):
    for label, value in numbers:
        expect(page.get_by_role("spinbutton", name=label, exact=True).first).to_have_value(value)
    if selected_tab:
        expect(page.get_by_role("tab", name=selected_tab, exact=True)).to_have_attribute(
            "aria-selected", "true")
    for name in checked:
        expect(page.get_by_role("radio", name=name, exact=True)).to_be_checked()
    for label, shown in selects:
        expect(page.get_by_role("combobox", name=label).first).to_have_value(shown)
    for text in texts:
        expect(page.get_by_text(text).first).to_be_attached()


def test_activations_link(page, browser, app_url):
    page.goto(f"{app_url}/activations")
    wait_for_app(page)
    fill_number(page, "x max", 8)
    open_tab(page, "Softmax")
    pick_radio(page, "large logits")
    context, fresh = _reopen(browser, page, {"x_max": r"8(\.0)?", "tab": "softmax",
                                             "logits": "large"}, "activations")
    _shows(fresh, numbers=[("x max", "8.00")], selected_tab="Softmax", checked=["large logits"],
           texts=["Naive softmax overflowed"])
    context.close()


def test_schedules_link(page, browser, app_url):
    page.goto(f"{app_url}/schedules")
    wait_for_app(page)
    fill_number(page, "training steps", 500)
    fill_number(page, "warmup steps", 0)
    flip_switch(page, "overlay the Training lab's cosine")
    context, fresh = _reopen(browser, page, {"steps": "500", "warmup": "0", "lab": "true"},
                             "schedules")
    _shows(fresh, numbers=[("training steps", "500"), ("warmup steps", "0")],
           texts=["Dotted: the Training lab's cosine"])
    context.close()


def test_losses_link(page, browser, app_url):
    page.goto(f"{app_url}/losses")
    wait_for_app(page)
    fill_number(page, "α (weight of positives)", 0.5)
    fill_number(page, "γ for the check and the toy", 1)
    fill_number(page, "random seed", 3)
    context, fresh = _reopen(browser, page, {"alpha": r"0\.5", "gamma": r"1(\.0)?",
                                             "seed": "3"}, "losses")
    _shows(fresh, numbers=[("α (weight of positives)", "0.50"),
                           ("γ for the check and the toy", "1.00"), ("random seed", "3")],
           texts=["focal (γ = 1, α = 0.5)"])
    context.close()


def test_weight_init_link(page, browser, app_url):
    page.goto(f"{app_url}/weight_init")
    wait_for_app(page)
    pick_option(page, "Activation", "relu")
    open_tab(page, "Symmetry (zero init)")
    context, fresh = _reopen(browser, page, {"act": "relu", "tab": "sym"}, "weight_init")
    _shows(fresh, selected_tab="Symmetry (zero init)", selects=[("Activation", "relu")],
           texts=["Std of z at layer 50"])
    context.close()


def test_optimizers_link(page, browser, app_url):
    page.goto(f"{app_url}/optimizers")
    wait_for_app(page)
    pick_option(page, "Surface", "Rosenbrock")
    open_tab(page, "Batch size and noise")
    fill_number(page, "random seed", 4)
    context, fresh = _reopen(browser, page, {"surface": "Rosenbrock", "tab": "batch",
                                             "seed": "4"}, "optimizers")
    _shows(fresh, numbers=[("random seed", "4")], selected_tab="Batch size and noise")
    open_tab(fresh, "Paths on a surface")
    _shows(fresh, selects=[("Surface", "Rosenbrock")])
    context.close()


def test_normalization_link(page, browser, app_url):
    page.goto(f"{app_url}/normalization")
    wait_for_app(page)
    fill_number(page, "random seed", 2)
    open_tab(page, "Small batches are noisy")
    fill_number(page, "random seed", 5)
    context, fresh = _reopen(browser, page, {"seed": "2", "tab": "noise", "nseed": "5"},
                             "normalization")
    _shows(fresh, numbers=[("random seed", "5")], selected_tab="Small batches are noisy")
    open_tab(fresh, "BatchNorm modes")
    _shows(fresh, numbers=[("random seed", "2")])
    context.close()


def test_regularization_link(page, browser, app_url):
    page.goto(f"{app_url}/regularization")
    wait_for_app(page)
    open_tab(page, "Overfitting & early stopping")
    fill_number(page, "random seed", 1)
    context, fresh = _reopen(browser, page, {"tab": "early", "eseed": "1"}, "regularization")
    _shows(fresh, numbers=[("random seed", "1")], selected_tab="Overfitting & early stopping",
           texts=["early stop at epoch"])
    context.close()


def test_switching_to_chinese_on_activations(page, app_url):
    page.set_viewport_size(TALL)
    page.goto(f"{app_url}/activations")
    wait_for_app(page)
    expect(page.locator("h1").first).to_have_text("Activation functions")
    page.locator('[data-testid="stSidebar"]').get_by_text("中文", exact=True).click()
    wait_for_app(page)
    expect(page.locator("h1").first).to_have_text("激活函数")
    expect(page).to_have_url(re.compile(r"[?&]lang=zh(&|$)"))
    expect(page.get_by_text("笔记1 · 深度学习基础与面试题").first).to_be_visible()
    open_tab(page, "穿过深度")
    expect(page.get_by_text("梯度消失").first).to_be_visible()
    assert_no_exception(page)
    _shot(page, "activations-zh-depth")
    page.goto(f"{app_url}/?lang=zh")
    wait_for_app(page)
    expect(page.locator("h1").first).to_have_text("深度学习探索器")
    _shot(page, "home-zh")
