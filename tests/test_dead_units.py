"""explorer.dead_units: dead ReLU units counted against a hand-built net and a real training."""
import numpy as np
import pytest
import torch
from torch import nn

from explorer import dead_units
from explorer.errors import InputError
from explorer.models import MLP


def test_count_dead_matches_a_unit_silenced_by_hand():
    torch.manual_seed(0)
    model = MLP((1, 8, 8), 10, depth=2, width=16, activation="relu")
    with torch.no_grad():
        model.features[1].bias[[3, 7]] = -1e4           # two first-layer units never fire
    x = torch.randn(500, 1, 8, 8)
    first, second = dead_units.count_dead(model, x)
    assert (first.layer, first.units, first.dead) == (1, 16, 2)
    # independent numpy computation of both layers
    w1, b1 = model.features[1].weight.detach().numpy(), model.features[1].bias.detach().numpy()
    w2, b2 = model.features[3].weight.detach().numpy(), model.features[3].bias.detach().numpy()
    h1 = np.maximum(0, x.flatten(1).numpy() @ w1.T + b1)
    h2 = np.maximum(0, h1 @ w2.T + b2)
    assert first.dead == int((h1.max(0) == 0).sum()) and second.dead == int((h2.max(0) == 0).sum())
    assert first.sparsity == pytest.approx(np.mean(h1 == 0))
    assert second.sparsity == pytest.approx(np.mean(h2 == 0))


def test_sparsity_is_not_death():
    # a fresh ReLU layer zeroes about half its outputs, yet every unit fires for some input
    torch.manual_seed(1)
    model = MLP((1, 8, 8), 10, depth=1, width=64, activation="relu")
    (layer,) = dead_units.count_dead(model, torch.randn(2000, 1, 8, 8))
    assert layer.dead == 0 and layer.sparsity == pytest.approx(0.5, abs=0.1)


def test_a_high_learning_rate_kills_units_that_a_sane_one_keeps():
    # seed 001: a large update pushes a unit below 0 for all the data (measured: 0+4 of 128
    # units dead at lr 0.05, 26+11 at lr 1.0, seed 0)
    sane, _ = dead_units.train_and_count(0.05, seed=0)
    high, accuracy = dead_units.train_and_count(1.0, seed=0)
    dead = lambda layers: sum(l.dead for l in layers)   # noqa: E731
    assert dead(high) > 20 and dead(high) > 5 * dead(sane)
    assert 0 < accuracy <= 1 and [l.units for l in high] == [dead_units.WIDTH] * 2


@pytest.mark.parametrize("model, inputs, code", [
    (nn.Linear(2, 2), torch.zeros(3, 2), "other"),
    (MLP((1, 8, 8), 10, depth=1, width=4), torch.zeros(0, 1, 8, 8), "shape"),
    (MLP((1, 8, 8), 10, depth=1, width=4), torch.zeros(64), "shape"),
])
def test_count_dead_refuses_what_it_cannot_read(model, inputs, code):
    with pytest.raises(InputError) as err:
        dead_units.count_dead(model, inputs)
    assert err.value.code == code


@pytest.mark.parametrize("lr, seed", [(0.0, 0), (float("nan"), 0), (11.0, 0), (1.0, -1),
                                      (1.0, 2 ** 32)])
def test_train_and_count_refuses_bad_settings(lr, seed):
    with pytest.raises(InputError):
        dead_units.train_and_count(lr, seed)
