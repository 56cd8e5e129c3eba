"""Label smoothing page under AppTest: default run, a change, bad input, the comparison."""
import math
from dataclasses import replace

import pytest

from explorer import calibration
from explorer import smoothing_comparison as sc
from explorer.train import predict_logits
from tests.app.apptest import open_page


@pytest.fixture
def at():
    return open_page("label_smoothing").run()


def _values(at, first_quantity):
    """The shown quantity/value table whose first row starts with ``first_quantity``."""
    table = next(d.value for d in at.dataframe
                 if "quantity" in d.value.columns
                 and d.value["quantity"].iloc[0].startswith(first_quantity))
    return table["value"].tolist()


def test_default_shows_targets_torch_check_and_the_optimal_gap(at):
    assert not at.exception and not at.error
    assert _comparison_table(at)["model"].tolist() == ["ε = 0", "ε = 0.1"]  # trained at once
    q_true, q_other, ours, torch_value = _values(at, "q_y")
    assert (q_true, q_other) == (pytest.approx(0.91), pytest.approx(0.01))
    assert ours == pytest.approx(torch_value, rel=1e-12)
    # the closed tab computes nothing (its numeric optima take seconds at large N)
    assert not any(r"\alpha" in x.value for x in at.latex)
    assert not any("numeric optimum" in str(d.value.get("quantity", "")) for d in at.dataframe)


def _optimum_tab(**query):
    at = open_page("label_smoothing")
    at.query_params.update({"tab": "optimum", **query})
    return at.run()


def test_optimum_tab_shows_the_numeric_and_closed_form_gap():
    at = _optimum_tab()
    assert not at.exception and not at.error
    numeric, closed, seed, spread, loss, floor = _values(at, "numeric optimum")
    assert numeric == pytest.approx(closed, abs=1e-4) and closed == pytest.approx(4.5109, abs=1e-4)
    assert seed < closed and spread < 1e-4 and loss == pytest.approx(floor, abs=1e-7)
    assert not any(d.value["quantity"].iloc[0].startswith("q_y") for d in at.dataframe
                   if "quantity" in d.value.columns)                  # the targets tab is closed


def test_changing_epsilon_and_n_updates_the_targets(at):
    next(n for n in at.number_input if n.label == "smoothing ε").set_value(0.5).run()
    next(n for n in at.number_input if n.label == "classes N").set_value(4).run()
    assert not at.exception
    q_true, q_other, *_ = _values(at, "q_y")
    assert (q_true, q_other) == (pytest.approx(0.625), pytest.approx(0.125))


@pytest.mark.parametrize("label, value, message", [
    ("smoothing ε", 1.0, "ε = 1 must lie in [0, 1)"),
    ("smoothing ε", -0.2, "ε = -0.2 must lie in [0, 1)"),
    ("classes N", 1, "N = 1 must be a whole number ≥ 2")])
def test_bad_epsilon_or_n_gives_a_clear_error(at, label, value, message):
    next(n for n in at.number_input if n.label == label).set_value(value).run()
    assert not at.exception
    assert message in at.error[0].value


def test_epsilon_zero_has_no_finite_optimum():
    at = _optimum_tab(eps="0")
    assert not at.exception
    assert "no optimum" in at.info[0].value


# --- the trained comparison (1 epoch per model to keep the test short) ---

def _widget(at, label):
    return next(w for kind in (at.number_input, at.select_slider, at.selectbox, at.multiselect)
                for w in kind if w.label == label)


def _train(at, **settings):
    for label, value in settings.items():
        _widget(at, label).set_value(value)
    at.run()  # the button is disabled while the shown settings are already trained
    next(b for b in at.button if b.label == "Train the comparison").click().run()
    assert not at.exception, at.exception


def _comparison_table(at):
    return next(d.value for d in at.dataframe if "ECE after T" in d.value.columns)


def test_trained_comparison_shows_what_fit_measured(at, monkeypatch, tmp_path):
    monkeypatch.setenv("EXPLORER_RUNS", str(tmp_path))
    _widget(at, "epochs").set_value(1).run()
    assert "Train the comparison" in at.info[-1].value  # nothing trains before the click
    assert not any("ECE after T" in d.value.columns for d in at.dataframe)
    _train(at)
    table = _comparison_table(at)
    assert table["model"].tolist() == ["ε = 0", "ε = 0.1"]
    # the same two trainings here (fit is deterministic on CPU for a seed)
    reference = sc.train_pair(replace(sc.DEFAULT_CONFIG, epochs=1), 0.1)
    assert table["test accuracy"].tolist() == [r.test_accuracy for r in reference]
    assert table["NLL"].tolist() == pytest.approx([r.test_loss for r in reference], rel=1e-5)
    ece = [calibration.summarise(predict_logits(r.model, r.splits.x_test), r.splits.y_test,
                                 n_bins=sc.RELIABILITY_BINS).ece
           for r in reference]
    assert table["ECE"].tolist() == pytest.approx(ece, rel=1e-6)
    assert table["mean confidence"].iloc[1] < table["mean confidence"].iloc[0]
    assert next(b for b in at.button if b.label == "Train the comparison").disabled

    spread = table["spread"].tolist()
    _widget(at, "3 classes for the penultimate-layer picture").set_value([4, 7, 9]).run()
    assert not at.exception and not at.error
    changed = _comparison_table(at)
    assert changed["test accuracy"].tolist() == table["test accuracy"].tolist()  # no retraining
    assert changed["spread"].tolist() != spread


def test_a_diverging_training_is_explained(at, monkeypatch, tmp_path):
    monkeypatch.setenv("EXPLORER_RUNS", str(tmp_path))
    _train(at, epochs=1, optimizer="momentum", **{"learning rate": 10.0})
    assert "ε = 0 model diverged: loss diverged at step" in at.error[0].value
    assert "Lower the learning rate" in at.error[0].value
    assert not any("ECE after T" in d.value.columns for d in at.dataframe)


def test_two_classes_for_the_picture_get_a_warning(at):
    _widget(at, "3 classes for the penultimate-layer picture").set_value([1, 2]).run()
    assert not at.exception
    assert "Pick exactly 3 classes" in at.warning[0].value


def test_one_epsilon_drives_the_formulas_and_the_trained_comparison(at, monkeypatch, tmp_path):
    monkeypatch.setenv("EXPLORER_RUNS", str(tmp_path))
    assert not any("ε" in s.label for s in at.select_slider)     # no second ε control
    _train(at, epochs=1, **{"smoothing ε": 0.25})
    assert _comparison_table(at)["model"].tolist() == ["ε = 0", "ε = 0.25"]
    assert at.header[-1].value == "Trained comparison: ε = 0 vs ε = 0.25 on digits"
    q_true, q_other, *_ = _values(at, "q_y")
    assert (q_true, q_other) == (pytest.approx(0.775), pytest.approx(0.025))


@pytest.mark.parametrize("value", [0.0, 1.0])
def test_the_comparison_asks_for_a_smoothing_epsilon(at, value):
    next(n for n in at.number_input if n.label == "smoothing ε").set_value(value).run()
    assert not at.exception
    assert "needs a smoothing ε between 0 and 1" in at.info[-1].value
    assert not any(b.label == "Train the comparison" for b in at.button)


def test_link_opens_the_same_view_and_a_bad_value_falls_back():
    at = open_page("label_smoothing")
    at.query_params.update({"eps": "0.3", "n": "4", "tab": "optimum", "noise": "20",
                            "classes": ["1", "5", "8"], "opt": "momentum", "lr": "0.03",
                            "epochs": "banana", "seed": "-4"})
    at.run()
    assert not at.exception
    assert at.number_input(key="eps").value == pytest.approx(0.3)
    assert at.number_input(key="n").value == 4
    assert at.select_slider(key="noise").value == 20
    assert at.multiselect(key="classes").value == [1, 5, 8]
    assert at.selectbox(key="opt").value == "momentum"
    assert at.select_slider(key="lr").value == 0.03
    assert at.number_input(key="epochs").value == sc.DEFAULT_CONFIG.epochs   # garbage
    assert at.number_input(key="seed").value == 0                             # out of range
    numeric, closed, *_ = _values(at, "numeric optimum")     # the optimum tab, at ε .3, N 4
    assert closed == pytest.approx(math.log(1 + 4 * 0.7 / 0.3)) and numeric == pytest.approx(
        closed, abs=1e-4)
    toasts = " ".join(t.value for t in at.toast)
    assert "epochs=banana" in toasts and "seed=-4" in toasts


def test_chinese_page():
    at = open_page("label_smoothing")
    at.query_params.update({"lang": "zh", "tab": "optimum"})
    at.session_state["lang"] = "zh"
    at.run()
    assert not at.exception
    assert at.title[0].value == "标签平滑"
    assert at.header[-1].value == "训练对比：在 digits 上 ε = 0 与 ε = 0.1"
    # the words inside the optimal-logits formula follow the language (they stayed English)
    formula = next(x.value for x in at.latex if r"\alpha" in x.value)
    assert "对所有" in formula and "for every" not in formula
