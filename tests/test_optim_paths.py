"""Optimizer paths against hand-written update rules; Hessians against closed forms."""
import numpy as np
import pytest
import torch

from explorer import optim_paths as op
from explorer.errors import InputError


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


@pytest.mark.parametrize("name, point", [("saddle", (0.3, -0.2)), ("Himmelblau", (3.0, 2.0)),
                                         ("Rosenbrock", (0.7, -0.3))])
def test_eigenvectors_satisfy_h_v_equals_lambda_v(name, point):
    a = op.analyse(name, point)
    np.testing.assert_allclose(a.hessian @ a.eigenvectors, a.eigenvectors * a.eigenvalues,
                               atol=1e-9 * np.abs(a.eigenvalues).max())
    np.testing.assert_allclose(a.eigenvectors.T @ a.eigenvectors, np.eye(2), atol=1e-12)
    numpy_values, numpy_vectors = np.linalg.eigh(a.hessian)
    np.testing.assert_allclose(np.abs(a.eigenvectors.T @ numpy_vectors), np.eye(2), atol=1e-9)


def test_hessian_figure_draws_the_point_and_its_eigenvectors():
    """Saddle x² − y² at (1, 0.5): H = diag(2, −2); v for λ = −2 is the y axis (red), for
    λ = 2 the x axis (blue), each half a fifth of the box wide; a click grid covers the box."""
    from explorer.figures.optim_paths import hessian_point
    a = op.analyse("saddle", (1.0, 0.5))
    box = op.SURFACES["saddle"].box
    figure = hessian_point(*op.grid("saddle", 20), False, a, (1.0, 0.5), box)
    grid, down, up, dot = figure.data[1:]
    assert len(grid.x) == 60 * 60 and min(grid.x) == box[0] and max(grid.y) == box[3]
    np.testing.assert_allclose(down.x, [1.0, 1.0], atol=1e-12)
    np.testing.assert_allclose(sorted(down.y), [0.5 - 1, 0.5 + 1])   # half: 5 / 5, |λ| = max
    np.testing.assert_allclose(sorted(up.x), [0.0, 2.0])
    assert down.line.color == "#d62728" and up.line.color == "#1f77b4"
    assert "λ₁ = -2" in down.name and "λ₂ = 2" in up.name
    assert (dot.x, dot.y) == ((1.0,), (0.5,))
    assert list(figure.layout.xaxis.range) == list(box[:2])



def test_a_point_outside_the_surface_box_gets_a_box_around_it():
    box = op.SURFACES["saddle"].box
    assert op.view_box("saddle", (1.0, -2.0)) == box
    view = op.view_box("saddle", (1000.0, 0.0))      # was a dot at the origin, 1000 away
    assert view == (997.5, 1002.5, -2.5, 2.5)
    xs, ys, z = op.grid("saddle", 5, view)
    np.testing.assert_allclose(xs, np.linspace(997.5, 1002.5, 5))
    np.testing.assert_allclose(z, xs[None, :] ** 2 - ys[:, None] ** 2)
    with pytest.raises(InputError):
        op.grid("saddle", 5, (0, float("nan"), 0, 1))


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


@pytest.mark.parametrize("call, code, message", [
    (lambda: op.run("nope", "SGD", (0, 0), 0.1, 5), "choice", "unknown surface"),
    (lambda: op.run("saddle", "Lion", (0, 0), 0.1, 5), "choice", "unknown optimizer"),
    (lambda: op.run("saddle", "SGD", (0, 0), 0.0, 5), "out_of_range", r"learning rate=0 .*\(0"),
    (lambda: op.run("saddle", "SGD", (0, 0), float("inf"), 5), "not_finite", "learning rate"),
    (lambda: op.run("saddle", "SGD", (float("nan"), 0), 0.1, 5), "not_finite", "start"),
    (lambda: op.run("saddle", "SGD", (0, 0, 0), 0.1, 5), "shape", "start"),
    (lambda: op.run("saddle", "SGD", (2e6, 0), 0.1, 5), "out_of_range", "start x"),
    (lambda: op.run("saddle", "SGD", (0, 0), 0.1, 0), "out_of_range", "steps=0"),
    (lambda: op.run("saddle", "SGD", (0, 0), 0.1, 2.5), "not_integer", "steps"),
    (lambda: op.run("saddle", "SGD", (0, 0), 0.1, 10**7), "budget", "lower the steps"),
    (lambda: op.analyse("saddle", (0, float("inf"))), "not_finite", "point"),
    (lambda: op.analyse("Himmelblau", (1e300, 0)), "out_of_range", "point x"),
    (lambda: op.grid("saddle", 10**5), "budget", "surface grid"),
    (lambda: op.classify(np.array([np.nan, 1.0])), "not_finite", "eigenvalues"),
    (lambda: op.classify(np.array([])), "empty", "eigenvalues"),
    (lambda: op.regression_path(0, 0.1, 1), "out_of_range", "batch size"),
    (lambda: op.regression_path(201, 0.1, 1), "out_of_range", "batch size"),
    (lambda: op.regression_path(1, 0.1, 100), "budget", "raise the batch size"),
    (lambda: op.regression_path(1, float("nan"), 1), "not_finite", "learning rate"),
    (lambda: op.regression_path(20, 0.1, 1, seed=2**32), "out_of_range", "seed"),
    (lambda: op.regression_data(1), "out_of_range", "n=1"),
    (lambda: op.regression_grid(n_grid=10**4), "budget", "regression grid"),
])
def test_bad_arguments_are_explained(call, code, message):
    with pytest.raises(InputError, match=message) as err:
        call()
    assert err.value.code == code


@pytest.mark.parametrize("optimizer", list(op.OPTIMIZERS))
def test_extreme_learning_rates_stop_at_divergence_keeping_the_finite_part(optimizer):
    path = op.run("Rosenbrock", optimizer, (-1.5, 2.0), 1e300, 50)
    assert path.diverged and len(path.points) == len(path.losses) < 51
    assert np.isfinite(path.points).all() and np.isfinite(path.losses).all()
    np.testing.assert_array_equal(path.points[0], (-1.5, 2.0))


def test_regression_path_stops_at_divergence():
    path = op.regression_path(200, 1e3, 30)         # lr far beyond 2 / L: |w| grows ×~1e4 a step
    assert path.diverged and 1 < len(path.points) < 31
    assert np.isfinite(path.points).all() and np.isfinite(path.losses).all()
    assert np.abs(path.points).max() <= op.DIVERGED
    calm = op.regression_path(200, 0.1, 30)
    assert not calm.diverged and len(calm.points) == 31


def test_a_diverged_loss_is_shown_in_four_significant_digits():
    """f reached 9735958210422956 on a diverged run and was printed digit by digit."""
    from explorer.figures.optim_paths import losses, paths
    bad = op.run("Rosenbrock", "SGD", (-1.5, 2.0), 0.01, 50)
    assert bad.diverged and bad.losses.max() > 1e12
    assert losses({"SGD": bad}).data[0].hovertemplate == "%{y:.4g}"
    xs, ys, z = op.grid("Rosenbrock", 10)
    trace = paths(xs, ys, z, True, {"SGD": bad}, (-1.5, 2.0), (), (-2, 2, -1, 3)).data[1]
    assert trace.hovertemplate == "(%{x:.4g}, %{y:.4g})"


def test_regression_loss_axis_labels_1_2_5_not_every_minor_digit():
    from explorer.figures.optim_paths import regression_losses
    runs = {"full batch (200)": op.regression_path(200, 0.05, 2)}
    assert regression_losses(runs, 2).layout.yaxis.dtick == "D2"
