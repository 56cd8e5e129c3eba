"""Property tests of explorer.optim_paths: for any input, a finite result that matches
torch.optim / closed forms, or an InputError; never NaN, never another exception."""
import math

import numpy as np
import pytest
import torch
from hypothesis import given, settings, strategies as st

from explorer import optim_paths as op
from explorer.errors import InputError

FAST = settings(max_examples=25, deadline=None)
ANY_FLOAT = st.floats(allow_nan=True, allow_infinity=True)
COORD = st.floats(-op.DIVERGED, op.DIVERGED)
NEAR = st.floats(-6, 6)
LOG_LR = st.floats(-8, 300)          # lr = 10 ** LOG_LR: from tiny to absurd


def _reference_optimizer(name, point, lr):
    """torch.optim written out here (not taken from op.OPTIMIZERS): the page's settings."""
    return {"SGD": lambda: torch.optim.SGD([point], lr=lr),
            "Momentum": lambda: torch.optim.SGD([point], lr=lr, momentum=0.9),
            "Nesterov": lambda: torch.optim.SGD([point], lr=lr, momentum=0.9, nesterov=True),
            "Adagrad": lambda: torch.optim.Adagrad([point], lr=lr),
            "RMSprop": lambda: torch.optim.RMSprop([point], lr=lr),
            "Adam": lambda: torch.optim.Adam([point], lr=lr),
            "AdamW": lambda: torch.optim.AdamW([point], lr=lr, weight_decay=0.1)}[name]()


def _f(name, x, y):
    """The four surfaces in numpy."""
    return {"ill-conditioned quadratic": lambda: 0.5 * (x ** 2 + 20 * y ** 2),
            "Rosenbrock": lambda: (1 - x) ** 2 + 100 * (y - x ** 2) ** 2,
            "saddle": lambda: x ** 2 - y ** 2,
            "Himmelblau": lambda: (x ** 2 + y - 11) ** 2 + (x + y ** 2 - 7) ** 2}[name]()


def _hessian(name, x, y):
    """∇²f by hand."""
    return np.array({"ill-conditioned quadratic": [[1, 0], [0, 20]],
                     "Rosenbrock": [[2 - 400 * (y - x ** 2) + 800 * x ** 2, -400 * x],
                                    [-400 * x, 200]],
                     "saddle": [[2, 0], [0, -2]],
                     "Himmelblau": [[12 * x ** 2 + 4 * y - 42, 4 * x + 4 * y],
                                    [4 * x + 4 * y, 4 * x + 12 * y ** 2 - 26]]}[name], float)


def _assert_finite_path(path):
    assert len(path.points) == len(path.losses) >= 1
    assert np.isfinite(path.points).all() and np.isfinite(path.losses).all()
    assert np.abs(path.points).max() <= op.DIVERGED


@FAST
@given(st.sampled_from(list(op.SURFACES)), st.sampled_from(list(op.OPTIMIZERS)), NEAR, NEAR,
       LOG_LR, st.integers(1, 30))
def test_run_is_torch_optim_until_it_diverges(name, optimizer, x0, y0, log_lr, steps):
    lr = 10.0 ** log_lr
    path = op.run(name, optimizer, (x0, y0), lr, steps)
    _assert_finite_path(path)
    np.testing.assert_allclose(path.losses, _f(name, *path.points.T), rtol=1e-9, atol=1e-9)
    assert path.diverged == (len(path.points) < steps + 1)
    point = torch.tensor([x0, y0], dtype=torch.float64, requires_grad=True)
    opt = _reference_optimizer(optimizer, point, lr)
    f = op.SURFACES[name].f
    for k in range(len(path.points)):
        np.testing.assert_allclose(path.points[k], point.detach().numpy(), rtol=1e-12)
        opt.zero_grad()
        f(point[0], point[1]).backward()
        opt.step()
    if path.diverged:     # the step not kept left the box or was NaN
        p = point.detach()
        assert not torch.isfinite(p).all() or p.abs().max() > op.DIVERGED


@FAST
@given(COORD, COORD, LOG_LR, st.integers(1, 50))
def test_sgd_on_the_quadratic_follows_the_closed_form(x0, y0, log_lr, steps):
    lr = 10.0 ** log_lr
    path = op.run("ill-conditioned quadratic", "SGD", (x0, y0), lr, steps)
    _assert_finite_path(path)
    k = np.arange(len(path.points))
    with np.errstate(over="ignore", invalid="ignore"):
        # a coordinate that starts at 0 stays 0 (0 * inf would be NaN for an absurd lr)
        expected = np.stack([x0 * (1 - lr) ** k if x0 else 0.0 * k,
                             y0 * (1 - 20 * lr) ** k if y0 else 0.0 * k], 1)
        np.testing.assert_allclose(path.points, expected, rtol=1e-9, atol=1e-300)
        after = np.array([x0 * (1 - lr) ** len(k) if x0 else 0.0,
                          y0 * (1 - 20 * lr) ** len(k) if y0 else 0.0])
    escaped = not np.isfinite(after).all() or np.abs(after).max() > op.DIVERGED
    assert path.diverged == (len(k) < steps + 1) and (escaped if path.diverged else True)


@FAST
@given(st.one_of(ANY_FLOAT, st.integers(-5, 5)), st.one_of(ANY_FLOAT, st.integers(-3, 10**6)),
       ANY_FLOAT, ANY_FLOAT)
def test_run_refuses_bad_numbers_with_input_error(lr, steps, x0, y0):
    try:
        path = op.run("saddle", "Adam", (x0, y0), lr, steps)
    except InputError:
        bad_lr = not (math.isfinite(lr) and lr > 0)
        bad_steps = not float(steps).is_integer() or not 1 <= steps <= 10_000
        bad_start = not all(math.isfinite(v) and abs(v) <= op.DIVERGED for v in (x0, y0))
        assert bad_lr or bad_steps or bad_start
    else:
        _assert_finite_path(path)


@FAST
@given(st.sampled_from(list(op.SURFACES)), COORD, COORD)
def test_analyse_matches_the_hand_written_hessian(name, x, y):
    a = op.analyse(name, (x, y))
    h = _hessian(name, x, y)
    scale = np.abs(h).max()
    assert np.isfinite([a.value, *a.gradient, *a.hessian.ravel(), *a.eigenvalues]).all()
    np.testing.assert_allclose(a.value, _f(name, x, y), rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(a.hessian, h, rtol=1e-9, atol=1e-12 * scale)
    np.testing.assert_allclose(a.eigenvalues, np.linalg.eigvalsh(h), rtol=1e-9,
                               atol=1e-9 * scale)
    assert a.kind == op.classify(a.eigenvalues)


@FAST
@given(st.lists(ANY_FLOAT, max_size=4), st.one_of(ANY_FLOAT, st.just(1e-6)))
def test_classify_follows_the_sign_rule_or_refuses(values, tol):
    try:
        kind = op.classify(np.array(values, dtype=float), tol)
    except InputError:
        assert not values or not np.isfinite(values).all() or not (math.isfinite(tol)
                                                                   and tol >= 0)
        return
    v = np.array(values)
    expected = ("local minimum" if (v > tol).all() else "local maximum" if (v < -tol).all()
                else "saddle point" if v.min() < -tol and v.max() > tol else "degenerate")
    assert kind.startswith(expected)


@FAST
@given(st.sampled_from(list(op.SURFACES)), ANY_FLOAT, ANY_FLOAT)
def test_analyse_refuses_points_it_cannot_evaluate(name, x, y):
    try:
        a = op.analyse(name, (x, y))
    except InputError as err:
        assert err.code in ("not_finite", "out_of_range")
        assert not all(math.isfinite(v) and abs(v) <= op.DIVERGED for v in (x, y))
    else:
        assert np.isfinite(a.hessian).all() and np.isfinite(a.value)


@FAST
@given(st.integers(2, 60), st.floats(-4, 1), st.integers(1, 3), st.integers(0, 2**32 - 1))
def test_full_batch_regression_path_is_gradient_descent_until_it_diverges(n, log_lr, epochs,
                                                                          seed):
    lr = 10.0 ** log_lr
    path = op.regression_path(n, lr, epochs, seed, n)
    _assert_finite_path(path)
    x, y = (t.numpy() for t in op.regression_data(n, seed))
    w, b = -2.0, 2.0
    for k, (pw, pb) in enumerate(path.points):
        np.testing.assert_allclose((pw, pb), (w, b), rtol=1e-9, atol=1e-12)
        np.testing.assert_allclose(path.losses[k], np.mean((w * x + b - y) ** 2), rtol=1e-9)
        r = w * x + b - y
        w, b = w - lr * 2 * np.mean(r * x), b - lr * 2 * np.mean(r)
    assert path.diverged == (len(path.points) < epochs + 1)
    if path.diverged:
        assert not np.isfinite([w, b]).all() or max(abs(w), abs(b)) > op.DIVERGED


@FAST
@given(st.integers(1, 30), st.floats(-6, 6), st.integers(1, 3), st.integers(0, 2**32 - 1))
def test_mini_batch_paths_stay_finite_and_count_their_updates(batch, log_lr, epochs, seed):
    path = op.regression_path(batch, 10.0 ** log_lr, epochs, seed, n=30)
    _assert_finite_path(path)
    updates = epochs * -(-30 // batch)
    assert path.diverged == (len(path.points) < updates + 1)


@FAST
@given(st.one_of(st.integers(-3, 300), ANY_FLOAT), st.one_of(ANY_FLOAT, st.just(0.05)),
       st.one_of(st.integers(-2, 200), st.just(2**32)))
def test_regression_path_refuses_bad_settings_with_input_error(batch, lr, seed):
    try:
        path = op.regression_path(batch, lr, 1, seed)
    except InputError:
        assert (not float(batch).is_integer() or not 1 <= batch <= 200
                or not (math.isfinite(lr) and lr > 0) or not 0 <= seed < 2**32)
    else:
        _assert_finite_path(path)


@FAST
@given(st.integers(2, 300), st.integers(0, 2**32 - 1))
def test_least_squares_equals_numpy_and_is_the_grid_minimum(n, seed):
    x, y = (t.numpy() for t in op.regression_data(n, seed))
    expected = np.linalg.lstsq(np.stack([x, np.ones(n)], 1), y, rcond=None)[0]
    np.testing.assert_allclose(op.least_squares(seed, n), expected, rtol=1e-8, atol=1e-10)
    ws, bs, mse = op.regression_grid(20, seed, n)
    assert np.isfinite(mse).all() and mse.shape == (20, 20)
    assert mse.min() >= np.mean((expected[0] * x + expected[1] - y) ** 2) - 1e-9


@FAST
@given(st.sampled_from(list(op.SURFACES)), st.integers(2, 40))
def test_grid_is_f_on_the_box(name, n):
    xs, ys, z = op.grid(name, n)
    assert z.shape == (n, n) and np.isfinite(z).all()
    np.testing.assert_allclose(z, _f(name, xs[None, :], ys[:, None]), rtol=1e-12)


@pytest.mark.parametrize("call", [lambda: op.grid("saddle", 1), lambda: op.grid("saddle", 2.5),
                                  lambda: op.regression_data(0), lambda: op.least_squares(-1),
                                  lambda: op.surface(None)])
def test_small_or_odd_sizes_are_refused(call):
    with pytest.raises(InputError):
        call()
