"""Links of the Training lab and Predict in a real browser: change a number, a choice and a tab
(or a picker), take the page's URL, open it in a fresh browser context (a new session, as
a colleague would) and see the same view; and the language switch turns Predict Chinese."""
import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import assert_no_exception, screenshot, type_number, wait_for_app

pytestmark = pytest.mark.e2e


def slider(page, label: str):
    return page.get_by_test_id("stSlider").filter(has_text=label).get_by_role("slider")


def fresh_tab(browser, url: str):
    """``url`` opened in a new browser context: no cookies, no session state."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    other = context.new_page()
    other.set_default_timeout(60_000)
    other.goto(url)
    wait_for_app(other)
    return context, other


def test_training_lab_link_keeps_the_settings_and_the_tab(page, app_url, browser):
    page.goto(f"{app_url}/train")
    wait_for_app(page)
    epochs = slider(page, "Epochs")
    epochs.focus()
    for _ in range(7):                                            # 10 -> 3
        epochs.press("ArrowLeft")
    page.get_by_role("combobox", name="Model").click()
    page.get_by_role("option", name="MLP", exact=True).click()
    page.get_by_role("button", name="Start training").click()     # a form sends on submit
    expect(page.locator('[data-testid="stAlertContentSuccess"]')).to_contain_text(
        "finished", timeout=180_000)
    wait_for_app(page)
    page.get_by_role("tab", name="Runs").click()
    wait_for_app(page)
    expect(page).to_have_url(re.compile(r"tab=runs"))
    url = page.url
    assert "epochs=3" in url and "net=mlp" in url

    context, other = fresh_tab(browser, url)
    try:
        expect(other.get_by_role("tab", name="Runs")).to_have_attribute("aria-selected", "true")
        other.get_by_role("tab", name="Train").click()
        wait_for_app(other)
        expect(slider(other, "Epochs")).to_have_value("3")
        expect(other.get_by_role("combobox", name="Model")).to_have_value("MLP")
        assert_no_exception(other)
    finally:
        context.close()


def test_predict_link_keeps_temperature_top_k_and_the_sample_photo(page, app_url, browser):
    page.goto(f"{app_url}/predict")
    wait_for_app(page)
    expect(page.get_by_text("lenet on digits, test accuracy")).to_be_visible(timeout=120_000)
    temperature = slider(page, "Softmax temperature T")
    temperature.focus()
    for _ in range(5):                                            # 1.0 -> 1.5
        temperature.press("ArrowRight")
    wait_for_app(page, 1000)
    expect(page).to_have_url(re.compile(r"[?&]t=1\.5"))
    type_number(page, "top-k", 3)
    page.get_by_test_id("stRadio").filter(has_text="Image source").get_by_text(
        "Sample photo", exact=True).click()
    wait_for_app(page)
    page.get_by_text("flower.png", exact=True).click()
    wait_for_app(page)
    expect(page).to_have_url(re.compile(r"photo=flower\.png"))
    url = page.url
    assert "k=3" in url and "img=photo" in url

    context, other = fresh_tab(browser, url)
    try:
        expect(slider(other, "Softmax temperature T")).to_have_value("1.5")
        expect(other.get_by_label("top-k", exact=True)).to_have_value("3")
        expect(other.get_by_role("radio", name="Sample photo")).to_be_checked()
        expect(other.get_by_role("radio", name="flower.png")).to_be_checked()
        expect(other.locator(".legendtext").filter(has_text="T = 1.5")).to_be_visible()  # bars
        assert_no_exception(other)
    finally:
        context.close()


def test_the_language_switch_turns_predict_chinese(page, app_url):
    page.goto(f"{app_url}/predict")
    wait_for_app(page)
    expect(page.locator("h1").first).to_have_text("Predict")
    page.get_by_test_id("stSidebar").get_by_text("中文", exact=True).click()
    wait_for_app(page)
    expect(page.locator("h1").first).to_have_text("预测", timeout=120_000)
    expect(page.get_by_text("图片来源")).to_be_visible()
    expect(page.get_by_role("radio", name="测试集样本")).to_be_checked()
    expect(page.get_by_text("3. 它看向了哪里")).to_be_visible()
    expect(page).to_have_url(re.compile(r"lang=zh"))
    assert_no_exception(page)
    screenshot(page, "predict-zh")
