"""A link opens the same view on Feature maps and t-SNE: change a number, a choice and a layer
or tab, take the address, open it in a fresh browser context (no session, no cookies) and find
the same values; and the sidebar's language switch turns Feature maps into Chinese."""
import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import assert_no_exception, screenshot, wait_for_app

pytestmark = pytest.mark.e2e
TSNE_TIMEOUT = 600_000    # a t-SNE of the 1,797 digits: seconds alone, minutes on a loaded box


def _fresh(browser, page, params: dict):
    """Once the address holds ``params`` (values are regular expressions), that address in a
    new browser context."""
    for key, value in params.items():
        expect(page).to_have_url(re.compile(rf"[?&]{re.escape(key)}={value}(&|$)"))
    context = browser.new_context(viewport={"width": 1400, "height": 2400})
    fresh = context.new_page()
    fresh.set_default_timeout(60_000)
    fresh.goto(page.url)
    wait_for_app(fresh)
    return context, fresh


def test_feature_maps_link(page, browser, app_url):
    page.goto(f"{app_url}/feature_maps")
    wait_for_app(page)
    box = page.get_by_role("spinbutton", name="row 2, column 2")
    box.fill("3")
    box.press("Enter")
    wait_for_app(page)
    page.get_by_test_id("stRadio").get_by_text("mean activation", exact=True).click()
    wait_for_app(page)
    page.get_by_test_id("stRadio").get_by_text("after the activation", exact=True).click()
    wait_for_app(page)
    title = "relu1 (ReLU): 6 channels of 160×160, highest mean first"
    expect(page.get_by_text(title)).to_be_visible()

    context, fresh = _fresh(browser, page, {"k11": r"3(\.0)?", "order": "mean",
                                            "layer": "relu"})
    assert_no_exception(fresh)
    expect(fresh.get_by_role("spinbutton", name="row 2, column 2")).to_have_value("3")
    expect(fresh.get_by_role("radio", name="mean activation")).to_be_checked()
    expect(fresh.get_by_role("radio", name="after the activation")).to_be_checked()
    expect(fresh.get_by_text(title)).to_be_visible()
    screenshot(fresh, "feature_maps-link")
    context.close()


def test_tsne_link(page, browser, app_url):
    page.goto(f"{app_url}/tsne")
    trust = page.locator('[data-testid="stMetric"]').filter(has_text="trustworthiness").first
    expect(trust).to_be_visible(timeout=TSNE_TIMEOUT)
    wait_for_app(page)
    page.get_by_test_id("stSelectbox").filter(has_text="metric").first.click()
    page.get_by_role("option", name="cosine", exact=True).click()
    seed = page.get_by_role("spinbutton", name="random seed")
    seed.fill("3")
    seed.press("Enter")
    wait_for_app(page)
    page.get_by_role("tab", name="How it works", exact=True).click()
    wait_for_app(page)

    context, fresh = _fresh(browser, page, {"metric": "cosine", "seed": "3", "tab": "how"})
    expect(fresh.get_by_text("How it is made fast")).to_be_visible(timeout=TSNE_TIMEOUT)
    wait_for_app(fresh)
    assert_no_exception(fresh)
    expect(fresh.get_by_role("tab", name="How it works", exact=True)).to_have_attribute(
        "aria-selected", "true")
    expect(fresh.get_by_role("combobox", name=re.compile("metric"))).to_have_value("cosine")
    expect(fresh.get_by_role("spinbutton", name="random seed")).to_have_value("3")
    screenshot(fresh, "tsne-link")
    context.close()


def test_feature_maps_in_chinese_from_the_sidebar(page, app_url):
    page.goto(f"{app_url}/feature_maps")
    wait_for_app(page)
    page.get_by_test_id("stSidebar").get_by_text("中文", exact=True).click()
    wait_for_app(page)
    expect(page.locator("h1").first).to_have_text(re.compile("特征图"))
    expect(page.get_by_text("要查看的层")).to_be_visible()
    expect(page.get_by_text(re.compile(r"conv1 \(Conv2d 1→6, 3×3\)：6 个 160×160 的通道"))
           ).to_be_visible()
    expect(page).to_have_url(re.compile(r"[?&]lang=zh"))
    assert_no_exception(page)
    screenshot(page, "feature_maps-zh")
