"""Widget fuzzer over every page of the catalogue (see tests/app/fuzz.py for what a trial does).

EXPLORER_FUZZ_TRIALS (default 30) trials per page, EXPLORER_FUZZ_SEED (default 0) picks the
sequence, EXPLORER_FUZZ_TIMEOUT (default 120 s) is the longest one rerun may take. A failure
prints the seed, the trial, what it changed and every widget's value before it, so it replays.
Runs and data go to a temporary folder (digits only: the bundled set keeps trainings short).
"""
import os
from pathlib import Path

import pytest
from streamlit import config
from streamlit.testing.v1 import AppTest

from explorer import jobs
from tests.app import fuzz
from tests.app.apptest import open_page
from ui.catalogue import PAGES

TRIALS = int(os.environ.get("EXPLORER_FUZZ_TRIALS", "30"))
SEED = int(os.environ.get("EXPLORER_FUZZ_SEED", "0"))
TIMEOUT = float(os.environ.get("EXPLORER_FUZZ_TIMEOUT", "120"))


@pytest.fixture
def sandbox(tmp_path_factory, tmp_path, monkeypatch):
    monkeypatch.setenv("EXPLORER_RUNS", str(tmp_path_factory.getbasetemp() / "fuzz-runs"))
    monkeypatch.setenv("EXPLORER_DATA", str(tmp_path / "data"))
    shown = config.get_option("client.showErrorDetails")
    config.set_option("client.showErrorDetails", "full")   # the app hides them from users
    yield
    config.set_option("client.showErrorDetails", shown)


@pytest.mark.timeout(TRIALS * TIMEOUT + 600)   # one rerun's TIMEOUT is the real limit
@pytest.mark.parametrize("page", [Path(p.path).stem for p in PAGES])
def test_no_widget_value_breaks_the_page(page, sandbox):
    opened = []

    def open_app():
        opened.append(open_page(page, timeout=TIMEOUT).run())
        return opened[-1]

    durations = []
    try:
        failures = fuzz.fuzz_page(page, open_app, TRIALS, SEED, TIMEOUT, durations)
    finally:
        for at in opened:   # the Training lab's trials may have started a training
            if "training_session" in at.session_state:
                jobs.JOBS.stop(at.session_state["training_session"], timeout=30)
    print(f"fuzz {page}: {len(durations)} reruns, {sum(durations):.1f} s, slowest "
          f"{max(durations, default=0):.1f} s")
    assert not failures, fuzz.report(page, SEED, TRIALS, failures)


TRAP = """
import streamlit as st
st.number_input("unbounded", value=1)
tab_a, tab_b = st.tabs(["A", "B"], key="tabs", on_change="rerun")
if tab_b.open:
    if st.selectbox("word", ["fine", "boom"], format_func=str.upper) == "boom":
        raise ValueError("boom chosen")
with st.form("form"):
    n = st.slider("n", 0, 10, 0)
    if st.form_submit_button("go") and n == 10:
        st.metric("ratio", float("nan"))
"""


def test_the_fuzzer_reaches_lazy_tabs_and_forms_and_reports_what_it_finds(sandbox):
    """A page with a trap behind a lazy tab and a form: the fuzzer finds each, seeded."""
    failures = fuzz.fuzz_page("trap", lambda: AppTest.from_string(TRAP).run(), 40, 0, 30, [])
    kinds = {f.what: f for f in failures}
    assert set(kinds) == {"unbounded", "exception", "nan"}
    assert kinds["unbounded"].detail == ("number_input 'unbounded' has no min_value and no "
                                         "max_value")
    assert "boom chosen" in kinds["exception"].detail
    assert "selectbox 'word'='BOOM'" in kinds["exception"].changes   # sent formatted
    assert "metric 'ratio' shows 'nan'" in kinds["nan"].detail
    again = fuzz.fuzz_page("trap", lambda: AppTest.from_string(TRAP).run(), 40, 0, 30, [])
    assert [str(f) for f in again] == [str(f) for f in failures]


# --- what the fuzzer found, replayed directly (quick, and readable as a regression) ---

def test_schedules_lab_curve_spans_every_step():
    """The lab's curve had 10 × (steps // 10) steps: 235 steps was an IndexError at step 234
    (now 5 epochs of 47 steps, see tests/app/test_schedules.py)."""
    at = open_page("schedules").run()
    next(w for w in at.number_input if w.label == "training steps").set_value(235)
    next(t for t in at.toggle if t.label.startswith("overlay")).set_value(True).run()
    assert not at.exception
    lab = at.dataframe[0].value.set_index("schedule").loc["Training lab cosine (make_schedule)"]
    assert lab["η at step 0"] > 0 and lab["η at step 234"] >= 0 and not lab.isna().any()


def test_weight_init_overflow_is_named_not_shown_as_nan():
    at = open_page("weight_init").run()
    at.multiselect[0].set_value(["constant 0.1"])
    next(s for s in at.selectbox if s.label == "Activation").set_value("linear")
    next(s for s in at.slider if s.label == "Depth (layers)").set_value(100).run()
    (metric,) = at.metric
    assert metric.value == "overflowed" and metric.proto.delta == ""


def test_weight_init_training_that_diverges_in_epoch_one_is_named():
    """U(0, 1) weights with leaky ReLU (seed 10000) diverge before an epoch ends: no record,
    which was an IndexError in the results table."""
    at = open_page("weight_init").run()
    at.multiselect[0].set_value(["uniform U(0, 1)"])
    next(s for s in at.selectbox if s.label == "Activation").set_value("leaky_relu")
    next(n for n in at.number_input if n.label == "random seed").set_value(10000).run()
    next(b for b in at.button if b.label == "Train the comparison").click().run(timeout=300)
    assert not at.exception
    table = at.dataframe[0].value.set_index("initialisation")
    assert table.loc["uniform U(0, 1)", "final validation accuracy"] == "diverged in epoch 1"
    assert table.loc["zeros", "final validation accuracy"].endswith("%")


def test_augmentation_mosaic_refusal_is_a_message_not_a_trace():
    """Seed 838560815: the mosaic's resize overshoots to 1.0000002 and draw_boxes refuses it
    (explorer.augment); the page says so in its tab instead of raising."""
    at = open_page("augmentation").run()
    next(n for n in at.number_input if n.label == "random seed").set_value(838560815).run()
    assert not at.exception
    assert (any("Try another seed" in e.value for e in at.error)
            or any(m.value.startswith("**Mosaic**") for m in at.markdown))
