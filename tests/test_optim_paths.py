"""Optimizer paths against hand-written update rules; Hessians against closed forms."""
import numpy as np
import pytest
import torch

from explorer import optim_paths as op


def test_sgd_path_is_the_gradient_descent_recurrence():
    lr, steps = 0.04, 30
    path = op.run("ill-conditioned quadratic", "SGD", (-4.0, 1.5), lr, steps)
    # f = ½(x² + 20y²): x ← (1 − lr) x, y ← (1 − 20 lr) y
    k = np.arange(steps + 1)
    np.testing.assert_allclose(path.points[:, 0], -4.0 * (1 - lr) ** k, rtol=1e-12)
    np.testing.assert_allclose(path.points[:, 1], 1.5 * (1 - 20 * lr) ** k, rtol=1e-12)
    np.testing.assert_allclose(path.losses, 0.5 * (path.points[:, 0] ** 2
                                                   + 20 * path.points[:, 1] ** 2))


def test_adam_path_equals_a_hand_written_adam():
    lr, b1, b2, eps = 0.05, 0.9, 0.999, 1e-8
    path = op.run("Rosenbrock", "Adam", (-1.5, 2.0), lr, 20)
    p = np.array([-1.5, 2.0])
    m = v = np.zeros(2)
    for t in range(1, 21):
        x, y = p
        g = np.array([-2 * (1 - x) - 400 * x * (y - x ** 2), 200 * (y - x ** 2)])
        m, v = b1 * m + (1 - b1) * g, b2 * v + (1 - b2) * g ** 2
        p = p - lr * (m / (1 - b1 ** t)) / (np.sqrt(v / (1 - b2 ** t)) + eps)
        np.testing.assert_allclose(path.points[t], p, rtol=1e-10)


def test_minima_are_reached_and_divergence_is_flagged():
    for name, surface in op.SURFACES.items():
        for xy in surface.minima:
            assert surface.f(torch.tensor(xy[0]), torch.tensor(xy[1])).item() < 1e-9, name
    him = op.run("Himmelblau", "Adam", (0.0, -0.5), 0.1, 300)
    assert np.allclose(him.points[-1], (3.0, 2.0), atol=1e-3)
    bad = op.run("ill-conditioned quadratic", "SGD", (-4.0, 1.5), 0.2, 200)  # lr > 2/20
    assert bad.diverged and len(bad.points) < 201 and np.isfinite(bad.points).all()


def test_hessians_and_classification_follow_seed_004():
    saddle = op.analyse("saddle", (0.0, 0.0))
    np.testing.assert_allclose(saddle.hessian, [[2, 0], [0, -2]])
    assert saddle.kind == "saddle point"
    x, y = 0.7, -0.3   # Rosenbrock's Hessian in closed form
    h = op.analyse("Rosenbrock", (x, y)).hessian
    np.testing.assert_allclose(h, [[2 - 400 * (y - x ** 2) + 800 * x ** 2, -400 * x],
                                   [-400 * x, 200]])
    assert op.analyse("Rosenbrock", (1.0, 1.0)).kind == "local minimum"
    assert op.analyse("Himmelblau", (-0.270845, -0.923039)).kind == "local maximum"
    assert op.analyse("Rosenbrock", (1.0, 1.0)).critical
    slope = op.analyse("Rosenbrock", (0.0, 0.0))   # ∇f = (−2, 0), H = diag(2, 200)
    assert not slope.critical and slope.kind == "local minimum"
    assert op.classify(np.array([0.0, 1.0])).startswith("degenerate")
    eig = op.analyse("Himmelblau", (3.0, 2.0)).eigenvalues
    np.testing.assert_allclose(eig, np.linalg.eigvalsh([[74, 20], [20, 34]]))


def test_regression_paths_full_batch_is_deterministic_gd_and_sgd_is_noisy():
    x, y = op.regression_data()
    full = op.regression_path(200, 0.1, 30)
    w, b = -2.0, 2.0
    for _ in range(30):  # closed-form gradient of the MSE
        r = w * x.numpy() + b - y.numpy()
        w, b = w - 0.1 * 2 * np.mean(r * x.numpy()), b - 0.1 * 2 * np.mean(r)
    np.testing.assert_allclose(full.points[-1], [w, b], rtol=1e-10)
    assert len(full.points) == 31
    sgd = op.regression_path(1, 0.05, 2)
    assert len(sgd.points) == 401
    lstsq = op.least_squares()
    assert np.abs(sgd.points[-1] - lstsq).max() < 0.5      # near the optimum …
    assert np.abs(sgd.points[-1] - lstsq).max() > 1e-4     # … but jittering around it
    ws, bs, mse = op.regression_grid()
    assert mse.shape == (80, 80) and mse.min() >= full.losses.min() - 0.05


@pytest.mark.parametrize("call, message", [
    (lambda: op.run("nope", "SGD", (0, 0), 0.1, 5), "unknown surface"),
    (lambda: op.run("saddle", "Lion", (0, 0), 0.1, 5), "unknown optimizer"),
    (lambda: op.run("saddle", "SGD", (0, 0), 0.0, 5), "> 0"),
    (lambda: op.regression_path(0, 0.1, 1), "batch size"),
])
def test_bad_arguments_are_explained(call, message):
    with pytest.raises(ValueError, match=message):
        call()
