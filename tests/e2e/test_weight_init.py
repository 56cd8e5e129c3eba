"""Browser journey: the Weight-init page draws the depth profiles and reacts to the picker."""
import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import assert_no_exception, click_tab, screenshot, wait_for_app

pytestmark = pytest.mark.e2e


def test_depth_profiles_follow_the_chosen_inits(page, app_url):
    page.goto(f"{app_url}/weight_init")
    wait_for_app(page)
    legend = page.locator(".js-plotly-plot").first.locator(".legendtext")
    expect(legend.first).to_have_text("N(0, 0.01)")
    # one heading names the layer; each init's metric is labelled by its name alone
    expect(page.get_by_text("Std of z at layer 50 (change vs layer 1)")).to_be_visible()
    metrics = page.get_by_test_id("stMetricLabel")
    expect(metrics).to_have_text(["N(0, 0.01)", "Xavier normal", "Kaiming normal"])
    page.get_by_role("button", name="Remove N(0, 0.01)").click()
    wait_for_app(page)
    expect(legend.first).to_have_text("Xavier normal")
    click_tab(page, "Symmetry (zero init)")
    expect(page.get_by_text("rank 0, 1 distinct row(s)")).to_be_visible()  # the zeros panel
    assert_no_exception(page)
    screenshot(page, "weight_init-symmetry")
