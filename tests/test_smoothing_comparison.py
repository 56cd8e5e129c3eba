"""Template-plane projection (Müller et al. 2019) and cluster spread, against numpy."""
import json
import subprocess
import sys
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest
import torch

from explorer import calibration, disk_cache
from explorer import smoothing_comparison as sc
from explorer.errors import InputError
from explorer.train import fit

ROOT = Path(__file__).resolve().parents[1]


def _pairwise(points):
    return np.linalg.norm(points[:, None] - points[None], axis=2)


def test_projection_equals_least_squares_projection_onto_the_plane():
    generator = torch.Generator().manual_seed(0)
    templates = torch.randn(3, 16, generator=generator, dtype=torch.float64)
    features = torch.randn(40, 16, generator=generator, dtype=torch.float64)
    coords = sc.project_on_templates(features, templates)
    # independent: orthogonal projection with numpy's least squares, distances compared
    a, spans = templates[0].numpy(), (templates[1:] - templates[0]).numpy().T  # [D, 2]
    solution = np.linalg.lstsq(spans, (features.numpy() - a).T, rcond=None)[0]  # [2, n]
    projected = (spans @ solution).T  # [n, D], in the plane, relative to a
    assert _pairwise(coords) == pytest.approx(_pairwise(projected), abs=1e-10)
    assert np.linalg.norm(coords, axis=1) == pytest.approx(np.linalg.norm(projected, axis=1))


def test_templates_keep_their_triangle():
    templates = torch.tensor([[1.0, 0, 0, 2], [0, 3, 0, 2], [0, 0, 1, 5]])
    coords = sc.project_on_templates(templates, templates)
    assert _pairwise(coords) == pytest.approx(_pairwise(templates.numpy()), abs=1e-6)
    assert coords[0] == pytest.approx([0.0, 0.0])


def test_collinear_templates_and_wrong_count_are_refused():
    line = torch.tensor([[0.0, 0.0], [1.0, 1.0], [2.0, 2.0]])
    with pytest.raises(ValueError, match="collinear"):
        sc.template_plane(line)
    with pytest.raises(ValueError, match="exactly 3"):
        sc.template_plane(torch.zeros(2, 4))


def test_cluster_spread_closed_form_and_scale_invariance():
    ring = np.array([[1.0, 0], [-1, 0], [0, 1], [0, -1]])
    coords = np.concatenate([ring, ring + [5.0, 0]])
    labels = np.repeat([0, 1], 4)
    assert sc.cluster_spread(coords, labels) == pytest.approx(1 / 5)
    assert sc.cluster_spread(coords * 7, labels) == pytest.approx(1 / 5)
    with pytest.raises(ValueError, match="two classes"):
        sc.cluster_spread(ring, np.zeros(4, int))


class _Linear2Layer(torch.nn.Module):
    """The shape every registered model has: penultimate(x) and a final Linear ``head``."""

    def __init__(self):
        super().__init__()
        self.body, self.head = torch.nn.Linear(4, 6), torch.nn.Linear(6, 3)

    def penultimate(self, x):
        return torch.relu(self.body(x))

    def forward(self, x):
        return self.head(self.penultimate(x))


def _fake_result(stopped_reason=None):
    torch.manual_seed(0)
    x, y = torch.randn(300, 4), torch.randint(0, 3, (300,))
    splits = SimpleNamespace(x_train=x[:200], y_train=y[:200], x_val=x[200:250],
                             y_val=y[200:250], x_test=x[250:], y_test=y[250:],
                             classes=["a", "b", "c"])
    return SimpleNamespace(model=_Linear2Layer(), splits=splits, stopped_reason=stopped_reason)


def test_evaluate_reports_test_calibration_and_the_projection():
    result = _fake_result()
    report = sc.evaluate(result, epsilon=0.1, classes=(0, 1, 2))
    with torch.no_grad():
        logits = result.model(result.splits.x_test)
    expected_accuracy = (logits.argmax(1) == result.splits.y_test).float().mean().item()
    assert report.before.accuracy == pytest.approx(expected_accuracy)
    assert report.after.accuracy == report.before.accuracy  # T never changes the argmax
    fitted = calibration.fit_temperature(result.model(result.splits.x_val).detach(),
                                         result.splits.y_val)
    assert report.after.temperature == pytest.approx(fitted.temperature)
    assert report.temperature_note == fitted.note
    assert report.coords.shape == (200, 2)
    assert np.array_equal(report.coord_labels, result.splits.y_train.numpy())


def test_evaluate_refuses_a_diverged_training_and_bad_classes():
    with pytest.raises(ValueError, match="diverged"):
        sc.evaluate(_fake_result("diverged: loss diverged at step 3"), 0.1)
    with pytest.raises(ValueError, match="3 different classes"):
        sc.evaluate(_fake_result(), 0.1, classes=(0, 0, 1))


# --- real trainings through explorer.train.fit (tiny: 3 epochs of LeNet on digits) ---

@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    """(results, events) of the ε = 0 / ε = 0.3 pair; EXPLORER_RUNS in tmp, no run folder."""
    events = []
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("EXPLORER_RUNS", str(tmp_path_factory.mktemp("runs")))
        results = sc.train_pair(replace(sc.DEFAULT_CONFIG, epochs=3), 0.3,
                                callback=lambda i, event: events.append((i, event)))
    return results, events


def test_train_pair_fits_both_models_on_the_same_splits(trained):
    (plain, smoothed), events = trained
    assert plain.splits is smoothed.splits
    assert plain.stopped_reason is None and smoothed.stopped_reason is None
    assert plain.run_dir is None and smoothed.run_dir is None
    for i in (0, 1):
        assert [e["epoch"] for j, e in events if j == i and e["kind"] == "epoch"] == [1, 2, 3]
    assert plain.test_accuracy > 0.5 and smoothed.test_accuracy > 0.5  # they learned
    assert any(not torch.equal(p, q) for p, q in zip(plain.model.parameters(),
                                                     smoothed.model.parameters()))


def test_evaluate_a_real_fit_agrees_with_fits_own_test_metrics(trained):
    (plain, smoothed), _ = trained
    for result, epsilon in ((plain, 0.0), (smoothed, 0.3)):
        report = sc.evaluate(result, epsilon, classes=(3, 5, 8))
        assert report.before.accuracy == pytest.approx(result.test_accuracy)
        assert report.before.nll == pytest.approx(result.test_loss, rel=1e-5)  # fit's mean CE
        assert report.after.accuracy == report.before.accuracy
        # T minimises the validation NLL: nudging it either way does not help
        logits = result.model(result.splits.x_val).detach()
        nll = [calibration.summarise(logits, result.splits.y_val, report.after.temperature * f).nll
               for f in (1.0, 0.9, 1.1)]
        assert nll[0] <= min(nll[1:])
        n_chosen = int(torch.isin(result.splits.y_train, torch.tensor([3, 5, 8])).sum())
        assert report.coords.shape == (n_chosen, 2)


def test_smoothing_lowers_the_confidence_of_a_real_network(trained):
    (plain, smoothed), _ = trained
    before = [sc.evaluate(r, e).before for r, e in ((plain, 0.0), (smoothed, 0.3))]
    # ε = 0.3, N = 10: the smoothed target puts only 1 - ε + ε/N = 0.73 on the true class
    assert before[1].mean_confidence < before[0].mean_confidence
    assert before[1].mean_confidence < 0.8


def test_a_diverged_real_training_is_refused_with_its_reason(monkeypatch, tmp_path):
    monkeypatch.setenv("EXPLORER_RUNS", str(tmp_path))
    config = replace(sc.DEFAULT_CONFIG, epochs=1, optimizer="momentum", lr=10.0)
    result = fit(config)  # the ε = 0 model of a pair with this setting
    assert result.stopped_reason.startswith("diverged")
    with pytest.raises(ValueError, match=r"ε = 0 model diverged: loss diverged at step \d+"):
        sc.evaluate(result, 0.0)


def test_configs_refuse_an_epsilon_outside_the_open_interval():
    for epsilon in (0.0, 1.0, -0.1):
        with pytest.raises(ValueError, match="must lie in \\(0, 1\\)"):
            sc.configs(sc.DEFAULT_CONFIG, epsilon)
    plain, smoothed = sc.configs(sc.DEFAULT_CONFIG, 0.2)
    assert (plain.label_smoothing, smoothed.label_smoothing) == (0.0, 0.2)
    assert replace(plain, label_smoothing=0.2) == smoothed


def test_train_pair_restores_torchs_thread_count(monkeypatch, tmp_path):
    monkeypatch.setenv("EXPLORER_RUNS", str(tmp_path))
    before, seen = torch.get_num_threads(), []
    config = replace(sc.DEFAULT_CONFIG, epochs=1, optimizer="momentum", lr=10.0)  # diverges fast
    sc.train_pair(config, 0.1, callback=lambda i, event: seen.append(torch.get_num_threads()))
    assert set(seen) == {1}
    assert torch.get_num_threads() == before


def test_degenerate_planes_and_clusters_are_refused():
    same = torch.ones(3, 4)
    with pytest.raises(InputError) as err:
        sc.template_plane(same)                       # r = 0 passed the collinearity test
    assert err.value.code == "degenerate"
    with pytest.raises(InputError) as err:
        sc.project_on_templates(torch.zeros(5, 3), torch.eye(3, 4))
    assert err.value.code == "shape"
    with pytest.raises(InputError) as err:
        sc.cluster_spread(np.array([[0.0, 0], [1, 1], [0, 0], [1, 1]]), np.array([0, 0, 1, 1]))
    assert err.value.code == "degenerate"             # equal class means: was a 0 division
    with pytest.raises(InputError) as err:
        sc.template_plane(torch.tensor([[0.0, 0], [1, 0], [0, float("nan")]]))
    assert err.value.code == "not_finite"


# --- the default pair, trained once per installation (explorer.disk_cache) ---

_FIRST_VISITOR = """
import json
from explorer import disk_cache, smoothing_comparison as sc
pair = sc.default_pair()
print(json.dumps({"version": disk_cache.code_version(),
                  "seen": [[sc.evaluate(r, e).before.nll, r.stopped_reason]
                           for r, e in zip(pair, (0.0, sc.DEFAULT_EPSILON))]}))
"""


def test_the_default_pair_is_trained_once_and_read_back_by_another_process(
        tmp_path, monkeypatch):
    """A first process trains the pair and keeps it; this one reads it from disk (training
    would raise), and what it reads is exactly what ``train_pair`` trains."""
    monkeypatch.setenv("EXPLORER_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("EXPLORER_RUNS", str(tmp_path / "runs"))
    first = subprocess.run([sys.executable, "-c", _FIRST_VISITOR], capture_output=True,
                           text=True, cwd=ROOT, timeout=600, check=True)
    first = json.loads(first.stdout)
    # the same code version as the first process (the source may change meanwhile)
    monkeypatch.setattr(disk_cache, "code_version", lambda: first["version"])
    assert len(list((tmp_path / "cache").glob("label_smoothing_pair-*.npz"))) == 1
    reference = sc.train_pair(sc.DEFAULT_CONFIG, sc.DEFAULT_EPSILON)

    def trains_again(*args, **kwargs):
        raise AssertionError("the default pair was trained again")
    monkeypatch.setattr(sc, "train_pair", trains_again)
    heard = []
    pair = sc.trained_pair(sc.DEFAULT_CONFIG, sc.DEFAULT_EPSILON,
                           callback=lambda i, event: heard.append(i))
    assert heard == []
    for read, trained, epsilon, (nll, reason) in zip(pair, reference,
                                                     (0.0, sc.DEFAULT_EPSILON),
                                                     first["seen"]):
        assert not read.model.training
        for (name, value), (name_t, value_t) in zip(read.model.state_dict().items(),
                                                    trained.model.state_dict().items()):
            assert name == name_t and torch.equal(value, value_t.cpu())
        assert torch.equal(read.splits.x_test, trained.splits.x_test)
        assert read.stopped_reason == trained.stopped_reason == reason
        assert sc.evaluate(read, epsilon).before.nll == pytest.approx(nll, rel=1e-6)
    with pytest.raises(AssertionError, match="trained again"):   # another setting trains
        sc.trained_pair(replace(sc.DEFAULT_CONFIG, seed=1), sc.DEFAULT_EPSILON)
