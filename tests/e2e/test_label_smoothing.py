"""Browser journeys: Label smoothing reacts to ε and explains a bad ε; Focal & balanced CE
reacts to the imbalance slider."""
import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import (assert_no_exception, click_tab, open_from_sidebar, screenshot,
                                type_number, wait_for_app)

pytestmark = pytest.mark.e2e


def test_label_smoothing_targets_follow_epsilon_and_a_bad_epsilon_is_explained(page, app_url):
    open_from_sidebar(page, app_url, "Label smoothing & calibration")
    assert_no_exception(page)
    table = page.get_by_test_id("stDataFrame").first
    # the grid's text holds the raw values: q_y = 1 - 0.1 + 0.1/10, then 1 - 0.5 + 0.5/10
    expect(table).to_contain_text("q_y = 1 − ε + ε/N0.91")
    type_number(page, "smoothing ε", 0.5)
    expect(table).to_contain_text("q_y = 1 − ε + ε/N0.55")
    screenshot(page, "label_smoothing-targets")
    # beyond the box's bounds [-1, 1] the browser refuses the value and the page keeps ε = 0.5
    type_number(page, "smoothing ε", 1.2)
    expect(page.get_by_test_id("stNumberInput").filter(has_text="smoothing ε")).to_contain_text(
        "outside the allowed range")
    expect(table).to_contain_text("q_y = 1 − ε + ε/N0.55")
    # inside the bounds but outside [0, 1) the page explains it and offers no training
    type_number(page, "smoothing ε", 1)
    expect(page.get_by_test_id("stAlert").filter(has_text="ε = 1 must lie in [0, 1)")
           ).to_be_visible()
    expect(page.get_by_text("needs a smoothing ε between 0 and 1")).to_be_visible()
    assert_no_exception(page)
    type_number(page, "smoothing ε", 0.2)
    click_tab(page, "Optimal logits")
    optimum = page.get_by_test_id("stDataFrame").filter(has_text="numeric optimum")
    expect(optimum).to_contain_text("closed form log(1 + N(1−ε)/ε)3.71357")  # log 41
    screenshot(page, "label_smoothing-optimum")


def test_focal_toy_reacts_to_the_imbalance(page, app_url):
    open_from_sidebar(page, app_url, "Focal & balanced CE")
    assert_no_exception(page)
    toy = page.get_by_test_id("stDataFrame").filter(has_text="recall of positives")
    expect(toy).to_contain_text("balanced CE (α = 0.980)")  # 50 negatives per positive
    thumb = page.locator('[data-testid="stSlider"]').filter(
        has_text="negatives per positive").get_by_role("slider")
    thumb.focus()
    for _ in range(40):
        thumb.press("ArrowLeft")                              # 50 -> 10 negatives per positive
    wait_for_app(page)
    expect(toy).to_contain_text("balanced CE (α = 0.909)")
    assert_no_exception(page)
    screenshot(page, "losses-toy")


def test_trained_comparison_trains_once_and_is_kept_across_pages(page, app_url):
    open_from_sidebar(page, app_url, "Label smoothing & calibration")
    table = page.get_by_test_id("stDataFrame").filter(has_text="ECE after T")
    expect(table).to_contain_text("ε = 0.1", timeout=240_000)  # the default pair, at once
    page.get_by_text("Training settings (the same for both models)").click()
    type_number(page, "epochs", 2)
    expect(page.get_by_test_id("stAlert").filter(has_text="Press Train the comparison")) \
        .to_be_visible()
    page.get_by_role("button", name="Train the comparison").click()
    expect(table).to_contain_text("ε = 0.1", timeout=240_000)    # two LeNets on a busy CPU
    expect(table).to_contain_text("ε = 0")
    expect(page.get_by_text("ε = 0.1 · spread")).to_be_visible()  # the template-plane panel
    expect(page.get_by_role("button", name="Train the comparison")).to_be_disabled()
    assert_no_exception(page)
    screenshot(page, "label_smoothing-comparison")
    # another page and back: the comparison is shown again without a click
    page.locator('[data-testid="stSidebarNav"]').get_by_text("Focal & balanced CE",
                                                           exact=True).click()
    wait_for_app(page)
    page.locator('[data-testid="stSidebarNav"]').get_by_text("Label smoothing & calibration",
                                                           exact=True).click()
    wait_for_app(page)
    page.get_by_text("Training settings (the same for both models)").click()
    type_number(page, "epochs", 2)
    expect(page.get_by_test_id("stDataFrame").filter(has_text="ECE after T")) \
        .to_contain_text("ε = 0.1")
    assert_no_exception(page)
