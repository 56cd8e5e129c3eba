"""PR curves page under AppTest: shown numbers equal sklearn on the same scores."""
import base64
import io
import json

import numpy as np
import pandas as pd
import pytest
from sklearn import metrics as skm

from explorer import metrics as m
from tests.app.apptest import open_page


@pytest.fixture
def at():
    return open_page("pr_curves").run()


def shown(at, label):
    return float(next(x.value for x in at.metric if x.label == label))


def ap_table(at):
    return next(d.value for d in at.dataframe if "AP" in d.value.columns)["AP"]


def threshold_slider(at):
    return next(s for s in at.slider if s.label.startswith("Threshold"))


def test_default_run_shows_sklearn_values_for_the_default_scores(at):
    assert not at.exception and not at.error
    y, s = m.synthetic_scores(2000, 1.5, 0.3, "two Gaussians", 0)
    t = threshold_slider(at).value
    pred = s >= t
    assert shown(at, "precision") == pytest.approx(skm.precision_score(y, pred), abs=5e-4)
    assert shown(at, "recall") == pytest.approx(skm.recall_score(y, pred), abs=5e-4)
    assert shown(at, "F1") == pytest.approx(skm.f1_score(y, pred), abs=5e-4)
    ap = ap_table(at)
    assert ap["step AP (sklearn)"] == pytest.approx(skm.average_precision_score(y, s))
    assert ap["ROC AUC"] == pytest.approx(skm.roc_auc_score(y, s))
    assert len(at.get("plotly_chart")) == 4   # histogram, confusion, PR+ROC, interpolation
    assert any("FPR" in x.value for x in at.latex)


def test_raising_the_threshold_trades_recall_for_precision(at):
    before = shown(at, "precision"), shown(at, "recall")
    slider = threshold_slider(at)
    slider.set_value(slider.value + 1.0).run()
    assert not at.exception
    assert shown(at, "precision") > before[0] and shown(at, "recall") < before[1]


def test_perfect_preset_gives_ap_one(at):
    next(r for r in at.radio if r.label == "Classifier").set_value("perfect").run()
    ap = ap_table(at)
    assert ap["step AP (sklearn)"] == 1.0 and ap["11-point (VOC2007)"] == 1.0
    assert shown(at, "F1") == 1.0     # midpoint threshold 1.0 separates U(0,1) from U(1,2)


def test_several_classes_show_the_averages_table(at):
    at.radio[0].set_value("multiclass").run()
    assert not at.exception
    averages, per_class = [d for d in at.dataframe if "support" in d.value.columns]
    # the averages have their own table above the classes, so no scroll can hide them
    assert averages.value["class"].tolist() == [f"{a} average" for a in m.AVERAGES]
    table = pd.concat([averages.value, per_class.value]).set_index("class")
    labels, probs = m.synthetic_multiclass(3000, 4, 2.0, 0.25, 0)
    onehot = np.eye(4)[labels]
    assert table.loc["macro average", "step AP (sklearn)"] == pytest.approx(
        skm.average_precision_score(onehot, probs, average="macro"))
    assert table.loc["class 3", "support"] == np.sum(labels == 3)
    assert any("Macro-" in md.value for md in at.markdown)


def upload(at, content: bytes):
    at.radio[0].set_value("csv").run()
    at.file_uploader[0].set_value(("scores.csv", content, "text/csv")).run()
    assert not at.exception
    return at


@pytest.mark.parametrize("content,message", [
    (b"label,score\n1,0.2\n0,0.1\n", "missing column"),
    (b"y_true,score\n1,abc\n0,0.1\n", "must be numeric"),
    (b"y_true,score\n1,0.3\n0,\n", "NaN"),
    (b"y_true,score\n1,0.3\n1,0.2\n", "only the class 1"),
])
def test_bad_csv_shows_a_clear_error(at, content, message):
    upload(at, content)
    assert message in at.error[0].value
    assert at.radio[0].value == "csv"      # widgets still there, page still usable


def test_good_csv_is_analysed(at):
    upload(at, b"y_true,score\n1,0.9\n0,0.8\n1,0.7\n0,0.1\n")
    assert not at.error
    assert ap_table(at)["step AP (sklearn)"] == pytest.approx(
        skm.average_precision_score([1, 0, 1, 0], [0.9, 0.8, 0.7, 0.1]))


# ----------------------------------------------------------------------- extreme scores
@pytest.mark.parametrize("content", [
    b"y_true,score\n1,0.5\n0,0.5\n1,0.5\n0,0.5\n",              # one score: an empty slider range
    b"y_true,score\n1,1e308\n0,-1e308\n1,1e307\n0,-1e307\n",     # hi - lo overflows
    b"y_true,score\n1,1.7e308\n0,1.7e308\n",                     # equal and at the float limit
])
def test_equal_or_extreme_scores_keep_the_page_working(at, content):
    upload(at, content)
    assert not at.error
    slider = threshold_slider(at)
    lo, hi = slider.min, slider.max
    assert np.isfinite([lo, hi, hi - lo]).all() and lo < hi   # hi - lo: as the browser does
    scale = 2.0 ** int(slider.label.split("2^")[1].split(":")[0]) if "2^" in slider.label else 1
    y = np.loadtxt(io.BytesIO(content), delimiter=",", skiprows=1)
    assert ap_table(at)["ROC AUC"] == pytest.approx(skm.roc_auc_score(y[:, 0], y[:, 1]))
    slider.set_value(hi).run()
    assert not at.exception and shown(at, "recall") == pytest.approx(
        np.mean(y[y[:, 0] == 1, 1] >= hi * scale))
    bars = json.loads(at.get("plotly_chart")[0].proto.spec)["data"]
    centres = [np.frombuffer(base64.b64decode(b["x"]["bdata"]), b["x"]["dtype"]) for b in bars]
    assert np.ptp(np.r_[tuple(centres)]) < 1e300              # what plotly.js draws from


# ----------------------------------------------------------------------- tied scores
def test_tie_convention_is_offered_and_one_by_one_ranks_in_file_order(at):
    # grouped: the tie at 0.9 is one point (R 1/2, P 1/2), so the envelope is 2/3 everywhere;
    # one by one the positive comes first (R 1/2, P 1): 11-point (6 · 1 + 5 · 2/3) / 11
    content = b"y_true,score\n1,0.9\n0,0.9\n1,0.5\n0,0.1\n"
    upload(at, content)
    radio = next(r for r in at.radio if r.label.startswith("Tied scores"))
    grouped = ap_table(at).copy()
    assert any("2 of 4 rows share their score" in c.value for c in at.caption)
    radio.set_value("one by one").run()
    one_by_one = ap_table(at)
    assert one_by_one["11-point (VOC2007)"] == pytest.approx((6 + 5 * 2 / 3) / 11)
    assert grouped["11-point (VOC2007)"] == pytest.approx(2 / 3)
    assert one_by_one["step AP (sklearn)"] == grouped["step AP (sklearn)"] == pytest.approx(
        skm.average_precision_score([1, 0, 1, 0], [0.9, 0.9, 0.5, 0.1]))


# ----------------------------------------------------------------------- trained checkpoints
def test_no_run_yet_says_how_to_get_one(tmp_path, monkeypatch):
    monkeypatch.setenv("EXPLORER_RUNS", str(tmp_path))
    at = open_page("pr_curves").run()
    at.radio[0].set_value("run").run()
    assert not at.exception and "train one in the Training lab" in at.info[0].value


def test_trained_runs_are_scored_and_unusable_ones_named(tmp_path, monkeypatch):
    import torch

    from explorer import runs
    from explorer.data import load_dataset
    from tests.app.test_run_menu import fake_run
    monkeypatch.setenv("EXPLORER_RUNS", str(tmp_path))
    monkeypatch.setenv("EXPLORER_DATA", str(tmp_path / "no-data"))
    fake_run(tmp_path, "r-lenet", "digits", "lenet")
    fake_run(tmp_path, "r-moons", "moons", "mlp")
    fake_run(tmp_path, "r-broken", "digits", "lenet")
    (tmp_path / "r-broken" / runs.CHECKPOINT).write_bytes(b"cut short")
    mnist = fake_run(tmp_path, "r-mnist", "digits", "mlp")
    config = runs.read_run(mnist.path).config
    runs.write_json(mnist.path / runs.CONFIG, {**config, "dataset": "mnist"})
    at = open_page("pr_curves").run()
    at.radio[0].set_value("run").run()
    assert not at.exception and not at.error
    menu = next(s for s in at.selectbox if s.label == "Run (Training lab)")
    assert [o.split(" ")[0] for o in menu.options] == ["r-moons", "r-lenet"]
    missing = " ".join(c.value for c in at.caption).replace("\\", "").replace("\u2060", "")
    assert "r-mnist (its data set mnist is not on this machine)" in missing
    assert "r-broken (damaged" in missing
    # the shown APs are sklearn's on the model's own softmax of the test split
    menu.set_value("r-lenet").run()
    assert not at.exception
    model, config = runs.load_model("r-lenet")
    splits = load_dataset("digits", seed=config.seed)
    with torch.no_grad():
        probabilities = torch.softmax(model(splits.x_test).double(), dim=1).numpy()
    labels = splits.y_test.numpy()
    assert ap_table(at)["step AP (sklearn)"] == pytest.approx(
        skm.average_precision_score(labels == 0, probabilities[:, 0]))
    averages = next(d.value for d in at.dataframe if "support" in d.value.columns)
    assert averages.set_index("class").loc["macro average", "ROC AUC"] == pytest.approx(
        skm.roc_auc_score(labels, probabilities, multi_class="ovr", average="macro"))


# ----------------------------------------------------------------------- hostile files
def figure_names(at) -> list[str]:
    """Trace names of every plotly chart on the page, as sent to the browser."""
    return [trace.get("name", "") for chart in at.get("plotly_chart")
            for trace in json.loads(chart.proto.spec)["data"]]


def test_hostile_csv_corpus_through_the_uploader(at):
    """Every file of the t-SNE corpus (none has y_true and score: each gets a message), and
    PR-shaped hostile ones: never an exception, class names shown literally."""
    from tests.data.make_bad_csv import HOSTILE_NAMES, bad_csv_files
    corpus = bad_csv_files()
    hostile = "y_true,score,class\n" + "".join(
        f"{i % 2},{i / 300:.3f},\"{HOSTILE_NAMES[i % 5]}\"\n" for i in range(300))
    many = "y_true,score,class\n" + "".join(f"{i % 2},0.5,c{i // 2}\n" for i in range(2002))
    at.radio[0].set_value("csv").run()
    for name, data in corpus.items():
        at.file_uploader[0].set_value((name, data, "text/csv")).run()
        assert not at.exception, name
        assert at.error, name
    at.file_uploader[0].set_value(("many.csv", many.encode(), "text/csv")).run()
    assert "1,001 classes, over the limit of 1,000" in at.error[0].value.replace("\\", "")
    at.file_uploader[0].set_value(("rows.csv", b"y_true,score\n" + b"1,0.9\n0,0.1\n" * 10_000,
                                   "text/csv")).run()
    assert not at.exception
    assert "the first 10,000 are used" in at.warning[0].value.replace("\\", "")
    assert ap_table(at)["step AP (sklearn)"] == 1.0
    at.file_uploader[0].set_value(("classes.csv", hostile.encode(), "text/csv")).run()
    assert not at.exception and not at.error
    names = figure_names(at)
    assert "class &lt;img src=http://evil.example/q.png&gt;" in names
    assert not any("<img" in n or "<a" in n for n in names)


def test_link_opens_the_same_view_and_a_bad_value_falls_back():
    at = open_page("pr_curves")
    at.query_params.update({"src": "multiclass", "classes": "6", "cls": "2", "t": "0.7",
                            "ties": "one by one", "ratio": "abc", "preset": "banana"})
    at.run()
    assert not at.exception
    assert at.radio(key="src").value == "multiclass"
    assert at.number_input(key="classes").value == 6
    assert at.selectbox(key="cls").value == 2
    assert threshold_slider(at).value == pytest.approx(0.7)
    assert at.radio(key="ties").value == "one by one"
    assert at.slider(key="ratio").value == pytest.approx(0.25)      # garbage: the default
    labels, probs = m.synthetic_multiclass(3000, 6, 2.0, 0.25, 0)
    pred = probs[:, 2] >= 0.7
    assert shown(at, "precision") == pytest.approx(
        skm.precision_score(labels == 2, pred), abs=5e-4)
    assert "ratio=abc" in " ".join(t.value for t in at.toast)


def test_a_threshold_from_the_link_starts_again_when_the_data_change():
    at = open_page("pr_curves")
    at.query_params["t"] = "2.5"
    at.run()
    assert threshold_slider(at).value == pytest.approx(2.5)
    next(r for r in at.radio if r.label == "Classifier").set_value("perfect").run()
    assert not at.exception
    slider = threshold_slider(at)
    assert slider.value == pytest.approx(slider.min / 2 + slider.max / 2)
    assert "t" not in at.query_params


def test_chinese_uses_the_notes_terms():
    at = open_page("pr_curves")
    at.query_params["lang"] = "zh"
    at.session_state["lang"] = "zh"
    at.run()
    assert not at.exception
    assert "查准率" in at.title[0].value
    assert [x.label for x in at.metric][:2] == ["查准率", "查全率"]
    formulas = [x.value for x in at.latex]           # the AP formulas' words too
    shown = "".join(formulas[-4:])
    assert r"\text{阶梯 (sklearn): }" in shown
    assert r"\text{全点插值: }" in shown and "若没有" in shown   # short: fits half of 1280 px
    assert not any("step (sklearn)" in f or "if no" in f for f in formulas)


def test_classes_without_a_sample_are_named_and_left_out_instead_of_crashing():
    at = open_page("pr_curves")
    for key, value in {"src": "multiclass", "classes": "10", "ratio": "0.02",
                       "mn": "100"}.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception
    labels, _ = m.synthetic_multiclass(100, 10, 2.0, 0.02, 0)
    absent = sorted(set(range(10)) - set(labels.tolist()))
    assert absent                                            # the view that used to crash
    names = ", ".join(f"class {k}" for k in absent)
    assert any(names in w.value.replace("\\", "") for w in at.warning)   # md escapes
    averages, per_class = [d for d in at.dataframe if "support" in d.value.columns]
    assert per_class.value["class"].tolist() == [f"class {k}" for k in range(10)
                                                 if k not in absent]
    assert per_class.value["support"].sum() == 100


def test_the_averages_and_per_class_tables_line_up_column_for_column(at):
    """Both tables have the same columns in the same order, each a fixed width, so that the
    averages sit above the classes' values (the class column had been sized by its contents:
    'weighted average' made it wider above than below, shifting every column after it)."""
    at.radio[0].set_value("multiclass").run()
    averages, per_class = [d for d in at.dataframe if "support" in d.value.columns]
    assert list(averages.value.columns) == list(per_class.value.columns)
    widths = [{name: config.get("width") for name, config in json.loads(d.proto.columns).items()
               if name != "_index"} for d in (averages, per_class)]
    assert widths[0] == widths[1]
    assert set(widths[0]) == set(per_class.value.columns)
    assert all(isinstance(w, int) and w > 0 for w in widths[0].values())
    assert sum(widths[0].values()) <= 820      # the page's content width at 1280 px
