"""Playground journey in a real browser: Play on moons until the test accuracy passes 90 %,
Pause, and the decision boundary has changed from the untrained one."""
import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import assert_no_exception, screenshot, wait_for_app

pytestmark = pytest.mark.e2e

ACCURACY = """() => {
    const metric = [...document.querySelectorAll('[data-testid="stMetric"]')]
        .find(m => m.innerText.startsWith('Test accuracy'));
    return metric ? parseFloat(metric.querySelector('[data-testid="stMetricValue"]').innerText)
                  : 0;
}"""


def boundary(page) -> bytes:
    return page.locator('[data-testid="stImage"] img').first.screenshot()


def test_play_until_90_percent_then_pause(page, app_url):
    page.goto(f"{app_url}/playground")
    wait_for_app(page)
    assert_no_exception(page)
    before = boundary(page)
    page.get_by_role("button", name="Play").click()
    expect(page.get_by_role("button", name="Pause")).to_be_visible()
    page.wait_for_function(f"({ACCURACY})() > 90", timeout=240_000, polling=500)
    page.get_by_role("button", name="Pause").click()
    expect(page.get_by_role("button", name="Play")).to_be_visible()
    wait_for_app(page)
    assert_no_exception(page)
    assert page.evaluate(ACCURACY) > 90
    assert boundary(page) != before
    steps = page.locator('[data-testid="stMetric"]').first.inner_text()
    page.wait_for_timeout(1500)          # paused: no more training
    assert page.locator('[data-testid="stMetric"]').first.inner_text() == steps
    screenshot(page, "playground")
