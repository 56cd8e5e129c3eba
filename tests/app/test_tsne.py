"""t-SNE page under AppTest: default digits map, an inspected point, a perplexity change, and
bad input (CSV with text, NaN, too few points; a run trained on 2-D points)."""
import numpy as np
import pytest
from sklearn.datasets import load_digits

from tests.app.apptest import open_page

TRUST = "trustworthiness"


@pytest.fixture
def at(tmp_path, monkeypatch):
    monkeypatch.setenv("EXPLORER_RUNS", str(tmp_path))
    return open_page("tsne", timeout=600).run()


def _metrics(at, label):
    return [m.value for m in at.metric if m.label == label]


def _widget(widgets, label):
    return next(w for w in widgets if w.label.startswith(label))


def _choose_csv(at, data: bytes):
    _widget(at.radio, "Points").set_value("Upload a CSV").run()
    at.file_uploader[0].set_value(("points.csv", data, "text/csv")).run()
    return at


def test_default_digits_map_scores_and_neighbours(at):
    assert not at.exception and not at.error
    tsne_trust, pca_trust = (float(v) for v in _metrics(at, TRUST))
    assert tsne_trust >= 0.95 and pca_trust < tsne_trust
    (kl,) = _metrics(at, "KL(P‖Q)")
    assert 0 < float(kl) < 3
    point = next(m.value for m in at.markdown if m.value.startswith("**Point #0**"))
    assert point.endswith("0 ×9")                 # digit 0's map neighbours are zeros
    assert any(r"\mathrm{KL}" in l.value for l in at.latex)


def test_inspecting_a_point_and_changing_perplexity(at):
    _widget(at.number_input, "Inspect point").set_value(1000).run()
    label = str(load_digits().target[1000])
    point = next(m.value for m in at.markdown if m.value.startswith("**Point #1000**"))
    assert f"{label} ×" in point
    (kl_before,) = _metrics(at, "KL(P‖Q)")
    _widget(at.slider, "perplexity").set_value(10).run()
    assert not at.exception and not at.error
    (kl_after,) = _metrics(at, "KL(P‖Q)")
    assert kl_after != kl_before
    assert float(_metrics(at, TRUST)[0]) >= 0.95


@pytest.mark.parametrize("csv, message", [
    (b"a,b,kind\n1,2,cat\n3,4,dog\n", "kind hold text"),
    (b"a,b\n1,2\n3,\n", "b have missing (NaN) values"),
    (b"a,b\n" + b"1,2\n" * 40, "needs more than 3 × 30 = 90 points"),
])
def test_bad_csv_is_explained(at, csv, message):
    _choose_csv(at, csv)
    assert not at.exception
    assert any(message in e.value for e in at.error), [e.value for e in at.error]


def test_csv_with_labels_is_embedded(at):
    rng = np.random.default_rng(0)
    x = np.vstack([rng.normal(0, 1, (60, 5)), rng.normal(8, 1, (60, 5))])
    rows = "\n".join(",".join(f"{v:.4f}" for v in r) + f",{'ab'[i >= 60]}"
                     for i, r in enumerate(x))
    _choose_csv(at, ("f1,f2,f3,f4,f5,label\n" + rows).encode())
    assert not at.exception and not at.error
    assert float(_metrics(at, "5-NN acc. (map)")[0].rstrip("%")) == 100
    at.session_state["tsne_tab"] = "Place a new image"
    at.run()
    assert any("no images" in i.value for i in at.info)


def test_a_run_on_2d_points_is_refused(at):
    from explorer.train import TrainConfig, start_run
    start_run(TrainConfig(dataset="moons", model="mlp", epochs=1))
    _widget(at.radio, "Points").set_value("A trained network: raw vs learned").run()
    assert not at.exception
    assert any("2-D points, not images" in e.value for e in at.error)


def test_place_a_new_image_runs_only_when_its_tab_is_open(at):
    assert not any(m.value.startswith("10 nearest map neighbours") for m in at.markdown)
    at.session_state["tsne_tab"] = "Place a new image"
    at.run()
    assert not at.exception and not at.error
    (placed,) = [m.value for m in at.markdown if m.value.startswith("10 nearest map neighbours")]
    assert "×" in placed
    assert not any(m.label == "KL(P‖Q)" for m in at.metric)      # the Map tab did not run
