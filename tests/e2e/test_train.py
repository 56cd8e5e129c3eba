"""Browser journey: start a training in Chromium, watch it run, see the finished state."""
import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import assert_no_exception, click_tab, screenshot, wait_for_app

pytestmark = pytest.mark.e2e


def test_start_a_run_see_the_curves_and_the_finished_state(page, app_url):
    page.goto(f"{app_url}/train")
    wait_for_app(page)
    expect(page.get_by_text("Press Start training")).to_be_visible()
    page.get_by_role("button", name="Start training").click()
    # the fragment polls the background job; the page reruns once when it ends
    finished = page.locator('[data-testid="stAlertContentSuccess"]')
    expect(finished).to_contain_text("finished", timeout=120_000)
    expect(finished).to_contain_text("test accuracy")
    wait_for_app(page)
    assert_no_exception(page)
    charts = page.locator(".js-plotly-plot")
    expect(charts.first.locator(".legendtext").first).to_have_text("train loss")
    expect(page.get_by_text("Confusion matrix (test split)")).to_be_visible()
    expect(page.get_by_role("button", name="Download checkpoint (.pt, weights only)")).to_be_visible()
    screenshot(page, "train-finished")
    click_tab(page, "Runs")
    expect(page.get_by_text("validation accuracy").first).to_be_visible()
    screenshot(page, "train-runs")


def test_a_run_keeps_going_when_the_user_switches_pages(page, app_url):
    page.goto(f"{app_url}/train")
    wait_for_app(page)
    page.get_by_text("Loss, regularisation, MLP shape, random seed").click()
    page.get_by_role("button", name="Start training").click()
    expect(page.get_by_role("button", name="Stop")).to_be_visible()
    page.locator('[data-testid="stSidebarNav"]').get_by_text("Home", exact=True).click()
    wait_for_app(page)
    page.locator('[data-testid="stSidebarNav"]').get_by_text("Training lab", exact=True).click()
    wait_for_app(page)
    expect(page.locator('[data-testid="stAlertContentSuccess"]')).to_contain_text(
        "finished", timeout=120_000)
    assert_no_exception(page)
