"""L1/L2 penalties and early stopping against torch and explorer.train.fit."""
import numpy as np
import pytest
import torch

from explorer import regularization as rg
from explorer.data import load_dataset
from explorer.errors import InputError


@pytest.fixture(scope="module")
def splits():
    return load_dataset("digits", seed=0)


@pytest.fixture(autouse=True)
def _runs_elsewhere(tmp_path, monkeypatch):
    monkeypatch.setenv("EXPLORER_RUNS", str(tmp_path))


def test_penalty_values_equal_torch_norms():
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(4, 3), torch.nn.ReLU(), torch.nn.Linear(3, 2))
    weights = [model[0].weight, model[2].weight]
    assert torch.isclose(rg.penalty(model, "L1"), sum(w.norm(p=1) for w in weights))
    assert torch.isclose(rg.penalty(model, "L2"), sum(w.norm() ** 2 for w in weights))
    assert rg.penalty(model, "none") == 0


def test_l1_makes_weights_sparse_and_l2_small(splits):
    plain = rg.train_penalised("none", 0.0, steps=150, splits=splits)
    l1 = rg.train_penalised("L1", 1e-3, steps=150, splits=splits)
    l2 = rg.train_penalised("L2", 1e-3, steps=150, splits=splits)
    assert l1.near_zero > 5 * max(l2.near_zero, plain.near_zero)
    assert np.abs(l2.weights).mean() < np.abs(plain.weights).mean()
    assert np.abs(l1.weights).mean() < np.abs(plain.weights).mean()
    assert min(plain.val_accuracy, l1.val_accuracy, l2.val_accuracy) > 0.85
    assert len(plain.weights) == 64 * 64 + 64 * 64 + 64 * 10


def test_early_stopping_rule():
    assert rg.early_stopping_epoch([3, 2, 1, 2, 3, 4, 5], 2) == (3, 5)
    assert rg.early_stopping_epoch([3, 2, 1, 0.5], 2) == (4, None)   # never triggered


def _records(val_losses):
    return [{"epoch": e, "train_loss": 0.5 / e, "val_loss": v}
            for e, v in enumerate(val_losses, start=1)]


def test_overfit_figure_shows_the_u_on_a_linear_axis():
    """Validation loss 2.3 -> 0.606 (epoch 8) -> 0.70: linear axis up to 2 × 0.606, so the
    rise of 0.094 takes 8 % of the plot's height (on the old log axis 0.606 -> 0.70 was
    flat)."""
    from explorer.figures.regularization import overfit_curves
    val = [2.3, 1.5, 1.0, 0.8, 0.7, 0.65, 0.62, 0.606] + list(np.linspace(0.62, 0.70, 22))
    best, stop = rg.early_stopping_epoch(val, 30)
    figure = overfit_curves(_records(val), best, stop)
    assert figure.layout.yaxis.type in (None, "linear")
    low, high = figure.layout.yaxis.range
    assert low == 0 and high == pytest.approx(1.05 * 2 * 0.606)
    assert (0.70 - 0.606) / high > 0.07


@pytest.mark.parametrize("best, side", [(2, "left"), (5, "left"), (25, "right")])
def test_best_epoch_label_never_covers_the_y_ticks(best, side):
    """Best epoch in the left half: the label is written to the right of its line."""
    from explorer.figures.regularization import overfit_curves
    val = [1.0 - 0.01 * e if e <= best else 1.0 - 0.01 * best + 0.001 * e
           for e in range(1, 31)]
    figure = overfit_curves(_records(val), best, None)
    (label,) = figure.layout.annotations       # no early-stop label: training never stopped
    assert label.x == best and label.xanchor == side and "best val" in label.text
    assert len(figure.layout.shapes) == 1


def test_early_stop_is_marked_only_when_patience_ended_the_run():
    from explorer.figures.regularization import overfit_curves
    val = [3, 2, 1, 2, 3, 4, 5]
    figure = overfit_curves(_records(val), *rg.early_stopping_epoch(val, 2))
    assert [a.text for a in figure.layout.annotations][1] == "early stop (epoch 5)"
    assert [s.x0 for s in figure.layout.shapes] == [3, 5]


def test_early_stopping_epoch_is_where_fit_with_patience_stops(splits):
    full = rg.overfit_run(n_train=40, epochs=30, patience=0, splits=splits)
    best, stop = rg.early_stopping_epoch([r["val_loss"] for r in full], patience=4)
    stopped = rg.overfit_run(n_train=40, epochs=30, patience=4, splits=splits)
    assert len(full) == 30 and len(stopped) == stop
    np.testing.assert_allclose([r["val_loss"] for r in stopped],
                               [r["val_loss"] for r in full[:stop]], rtol=1e-5)
    assert full[-1]["train_loss"] < 0.05 < full[-1]["val_loss"]   # it overfits 40 samples


@pytest.mark.parametrize("call, code, message", [
    (lambda s: rg.train_penalised("L3", 0.1, splits=s), "choice", "unknown penalty 'L3'"),
    (lambda s: rg.train_penalised("L1", -1.0, splits=s), "out_of_range", "λ=-1"),
    (lambda s: rg.train_penalised("L1", float("nan"), splits=s), "not_finite", "λ"),
    (lambda s: rg.train_penalised("L1", 1e9, splits=s), "out_of_range", "λ=1e\\+09"),
    (lambda s: rg.train_penalised("L1", 0.1, steps=10**6, splits=s), "budget", "lower the steps"),
    (lambda s: rg.train_penalised("L1", 0.1, seed=2**32, splits=s), "out_of_range", "seed"),
    (lambda s: rg.tiny_subset(s, 0), "out_of_range", "training subset size=0"),
    (lambda s: rg.tiny_subset(s, 10**6), "out_of_range", "training subset size"),
    (lambda s: rg.tiny_subset(s, 5, seed=-1), "out_of_range", "seed"),
    (lambda s: rg.early_stopping_epoch([1.0], 0), "out_of_range", "patience"),
    (lambda s: rg.early_stopping_epoch([], 2), "empty", "validation losses"),
    (lambda s: rg.early_stopping_epoch([1.0, float("nan")], 2), "not_finite", "validation"),
    (lambda s: rg.early_stopping_epoch([[1.0, 2.0]], 2), "shape", "validation losses"),
    (lambda s: rg.overfit_run(1257, 10**3, splits=s), "budget", "lower the epochs"),
    (lambda s: rg.overfit_run(50, 0, splits=s), "out_of_range", "epochs=0"),
    (lambda s: rg.overfit_run(50, 5, patience=-1, splits=s), "out_of_range", "patience=-1"),
    (lambda s: rg.penalty(torch.nn.Linear(2, 2), "L0"), "choice", "penalty"),
    (lambda s: rg.penalty("not a model", "L1"), "other", "torch.nn.Module"),
])
def test_bad_arguments_are_explained(splits, call, code, message):
    with pytest.raises(InputError, match=message) as err:
        call(splits)
    assert err.value.code == code


def test_penalty_of_non_finite_weights_or_no_weight_matrix():
    broken = torch.nn.Linear(3, 2)
    with torch.no_grad():
        broken.weight[0, 0] = float("nan")
    with pytest.raises(InputError, match="NaN or inf weights"):
        rg.penalty(broken, "L2")
    empty = rg.penalty(torch.nn.ReLU(), "L1")
    assert isinstance(empty, torch.Tensor) and empty == 0


def test_the_largest_penalty_still_trains_to_finite_losses(splits):
    run = rg.train_penalised("L2", rg.MAX_STRENGTH, steps=20, splits=splits)
    assert np.isfinite(run.losses).all() and np.isfinite(run.weights).all()
