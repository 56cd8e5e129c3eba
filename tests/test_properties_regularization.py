"""Property tests of explorer.regularization: penalties against torch norms, the early-stopping
rule against an independent formulation, subsets and penalised training on a tiny set; bad
input gives an InputError, never NaN or another exception."""
import math

import numpy as np
import torch
from hypothesis import assume, given, settings, strategies as st

from explorer import regularization as rg
from explorer.data import Splits
from explorer.errors import InputError

FAST = settings(max_examples=25, deadline=None)
ANY_FLOAT = st.floats(allow_nan=True, allow_infinity=True)
ODD_SIZE = st.sampled_from([math.nan, math.inf, -1.0, 0.5, 2.5, 1e300, 10**12])


def _tiny_splits(n=24, features=5, classes=3, seed=0):
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(3 * n, features, generator=g)
    y = torch.arange(3 * n) % classes
    return Splits(x[:n], y[:n], x[n:2 * n], y[n:2 * n], x[2 * n:], y[2 * n:],
                  [str(c) for c in range(classes)], (0.0,) * features, (1.0,) * features,
                  "tiny")


@st.composite
def models(draw):
    """A random stack of Linear / Conv2d / BatchNorm layers with random weights."""
    layers = []
    for _ in range(draw(st.integers(0, 3))):
        kind = draw(st.sampled_from(["linear", "conv", "norm"]))
        a, b = draw(st.integers(1, 6)), draw(st.integers(1, 6))
        layers.append(torch.nn.Linear(a, b) if kind == "linear" else
                      torch.nn.Conv2d(a, b, draw(st.integers(1, 3))) if kind == "conv" else
                      torch.nn.BatchNorm1d(a))
    model = torch.nn.Sequential(*layers)
    scale = draw(st.floats(1e-6, 1e6))
    with torch.no_grad():
        for p in model.parameters():
            p.mul_(scale)
    return model


@FAST
@given(models(), st.sampled_from(rg.PENALTIES))
def test_penalty_equals_torch_norms_of_the_weight_matrices(model, kind):
    got = rg.penalty(model, kind)
    matrices = [m.weight for m in model if isinstance(m, (torch.nn.Linear, torch.nn.Conv2d))]
    power = {"L1": 1, "L2": 2}.get(kind)        # Σ|w| = ‖w‖₁, Σw² = ‖w‖₂²
    expected = 0.0 if power is None else sum(
        float(torch.linalg.vector_norm(w.detach().double(), power) ** power) for w in matrices)
    assert isinstance(got, torch.Tensor) and torch.isfinite(got)
    assert math.isclose(got.item(), expected, rel_tol=1e-4, abs_tol=1e-30)


@FAST
@given(models(), st.sampled_from(["L1", "L2"]), st.sampled_from([math.nan, math.inf, -math.inf]))
def test_penalty_refuses_non_finite_weights(model, kind, bad):
    matrices = [p for name, p in model.named_parameters() if name.endswith("weight")
                and p.dim() > 1]
    assume(matrices)
    with torch.no_grad():
        matrices[-1].view(-1)[0] = bad
    try:
        rg.penalty(model, kind)
    except InputError as err:
        assert err.code == "not_finite"
    else:
        raise AssertionError("a NaN/inf weight was accepted")


@FAST
@given(st.lists(st.floats(-1e300, 1e300), min_size=1, max_size=40), st.integers(1, 12))
def test_early_stopping_equals_the_first_epoch_patience_after_the_running_best(losses, patience):
    best, stop = rg.early_stopping_epoch(losses, patience)
    # independent formulation: stop at the first e with e − argmin(losses[:e]) − 1 >= patience
    stops = [e for e in range(1, len(losses) + 1)
             if e - (int(np.argmin(losses[:e])) + 1) >= patience]
    assert stop == (stops[0] if stops else None)
    assert best == int(np.argmin(losses[:stop])) + 1
    assert 1 <= best <= (stop or len(losses)) <= len(losses)


@FAST
@given(st.one_of(st.lists(ANY_FLOAT, max_size=5), st.none(), st.just("abc"),
                 st.just([[1.0], [2.0]])), st.one_of(st.integers(-2, 3), ODD_SIZE))
def test_early_stopping_refuses_or_answers(losses, patience):
    try:
        best, stop = rg.early_stopping_epoch(losses, patience)
    except InputError:
        ok = (isinstance(losses, list) and losses and all(isinstance(v, float) for v in losses)
              and np.isfinite(losses).all() and float(patience).is_integer() and patience >= 1)
        assert not ok
    else:
        assert 1 <= best <= (stop or len(losses)) <= len(losses)


@FAST
@given(st.integers(1, 24), st.integers(0, 2**32 - 1))
def test_tiny_subset_keeps_distinct_training_rows_with_their_labels(n_train, seed):
    splits = _tiny_splits()
    sub = rg.tiny_subset(splits, n_train, seed)
    assert len(sub.x_train) == len(sub.y_train) == n_train
    rows = {tuple(r.tolist()): int(y) for r, y in zip(splits.x_train, splits.y_train)}
    picked = [tuple(r.tolist()) for r in sub.x_train]
    assert len(set(picked)) == n_train
    assert all(rows[r] == int(y) for r, y in zip(picked, sub.y_train))
    assert sub.x_val is splits.x_val and sub.x_test is splits.x_test
    torch.testing.assert_close(rg.tiny_subset(splits, n_train, seed).x_train, sub.x_train)


@settings(max_examples=8, deadline=None)
@given(st.sampled_from(rg.PENALTIES), st.floats(0, rg.MAX_STRENGTH), st.integers(1, 4),
       st.integers(0, 2**32 - 1))
def test_penalised_training_stays_finite_at_any_strength(kind, strength, steps, seed):
    splits = _tiny_splits()
    run = rg.train_penalised(kind, strength, steps, seed, splits)
    assert len(run.losses) == steps and np.isfinite(run.losses).all()
    assert run.weights.size == 5 * 64 + 64 * 64 + 64 * 3 and np.isfinite(run.weights).all()
    assert run.near_zero == np.mean(np.abs(run.weights) < rg.NEAR_ZERO)
    assert 0 <= run.train_accuracy <= 1 and 0 <= run.val_accuracy <= 1


@FAST
@given(st.one_of(st.sampled_from(rg.PENALTIES), st.just("L3")), ANY_FLOAT,
       st.one_of(st.integers(-2, 3), ODD_SIZE), st.one_of(st.integers(-1, 3), st.just(2**32)))
def test_train_penalised_refuses_every_bad_setting(kind, strength, steps, seed):
    bad = (kind == "L3" or not 0 <= strength <= rg.MAX_STRENGTH
           or not float(steps).is_integer() or not 1 <= steps <= 10_000
           or not 0 <= seed < 2**32)
    assume(bad)
    try:
        rg.train_penalised(kind, strength, steps, seed, _tiny_splits())
    except InputError:
        pass
    else:
        raise AssertionError("a bad setting was accepted")


@FAST
@given(st.one_of(st.integers(-2, 30), ODD_SIZE), st.one_of(st.integers(-2, 3), ODD_SIZE),
       st.one_of(st.integers(-2, 3), ODD_SIZE), st.one_of(st.integers(-1, 3), st.just(2**32)))
def test_overfit_run_refuses_every_bad_setting(n_train, epochs, patience, seed):
    def whole(v, low):
        return float(v).is_integer() and v >= low
    bad = (not whole(n_train, 1) or n_train > 24 or not whole(epochs, 1)
           or not whole(patience, 0) or not 0 <= seed < 2**32
           or epochs * -(-n_train // rg.BATCH) > 10_000)
    assume(bad)
    try:
        rg.overfit_run(n_train, epochs, seed, patience, splits=_tiny_splits())
    except InputError:
        pass
    else:
        raise AssertionError("a bad setting was accepted")
