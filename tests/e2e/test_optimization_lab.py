"""Browser journey through the Optimise & regularise pages: a schedule's warmup, optimizer
paths and the Hessian verdict, dropout's scaling, an augmentation re-roll, early stopping."""
import re

import pytest
from playwright.sync_api import expect

# Shared journey helpers (open a page from the sidebar, type into a number box).
from tests.e2e.conftest import (assert_no_exception, click_tab, open_from_sidebar, screenshot,
                                type_number, wait_for_app)

pytestmark = pytest.mark.e2e


def test_optimisation_lab_journey(page, app_url):
    open_from_sidebar(page, app_url, "LR schedules")
    table = page.get_by_test_id("stDataFrame").first
    expect(table).to_contain_text("η at step 30")            # default warmup of 30 steps
    type_number(page, "warmup steps", 400)                     # longer than training
    expect(page.get_by_test_id("stAlert").filter(has_text="shorter than training")
           ).to_be_visible()
    type_number(page, "warmup steps", 0)
    expect(page.get_by_test_id("stDataFrame").first).to_contain_text("η at step 150")
    screenshot(page, "optimisation_lab-schedules")

    open_from_sidebar(page, app_url, "Optimizers & saddle points")
    expect(page.get_by_test_id("stDataFrame").first).to_contain_text("Adam")
    click_tab(page, "Hessian at a point")
    expect(page.get_by_text("Classification: saddle point")).to_be_visible()
    type_number(page, "point x", 1)
    expect(page.get_by_text("so this is not a critical point")).to_be_visible()
    assert_no_exception(page)
    screenshot(page, "optimisation_lab-hessian")

    open_from_sidebar(page, app_url, "BatchNorm & dropout modes")
    click_tab(page, "Dropout scaling")
    expect(page.get_by_test_id("stMetric").filter(has_text="value of a kept unit")
           ).to_contain_text("2.0000")                         # 1/(1 − 0.5)

    open_from_sidebar(page, app_url, "Data augmentation")
    seed = page.get_by_label("random seed", exact=True)
    expect(seed).to_have_value("0")
    page.get_by_role("button", name="Re-roll").click()
    wait_for_app(page)
    expect(seed).to_have_value("1")
    click_tab(page, "MixUp & CutMix")
    mixed_label = re.compile(r"^0\.\d\d china \+ 0\.\d\d flower$")   # photo 0 with 2
    expect(page.get_by_text(mixed_label)).to_be_visible()
    assert_no_exception(page)
    screenshot(page, "optimisation_lab-augmentation")

    open_from_sidebar(page, app_url, "Regularisation & early stopping")
    click_tab(page, "Overfitting & early stopping")
    expect(page.get_by_test_id("stMetric").filter(has_text="early stop at epoch")
           ).to_contain_text("best epoch")
    assert_no_exception(page)
    screenshot(page, "optimisation_lab-early_stopping")
