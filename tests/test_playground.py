"""explorer.playground: the grid maps are the network's own outputs, the classic Playground
lessons hold with real torch (a linear model separates blobs and not XOR; a hidden layer or
the xy feature does), a seed fixes the boundary, hostile settings are refused."""
import time

import numpy as np
import pytest
import torch
from torch import nn

from explorer import playground as pg
from explorer.activations import REGISTRY
from explorer.errors import InputError
from explorer.figures import playground as figs


def trained(setup: pg.Setup, data: pg.Data | None = None, steps: int = 300) -> pg.Trainer:
    trainer = pg.Trainer(setup, data or pg.make_data())
    trainer.step(steps)
    return trainer


def per_point(trainer: pg.Trainer, points: np.ndarray):
    """P(class 1) and each activation module's output, one point at a time (eval mode)."""
    model = trainer.model.eval()
    acts = [m for m in model.features.modules() if not isinstance(
        m, (nn.Sequential, nn.Linear, nn.BatchNorm1d, nn.Dropout, nn.Flatten))]
    outputs, hidden = [], []
    for point in points:
        seen = []
        hooks = [m.register_forward_hook(lambda _m, _i, out: seen.append(out[0].clone()))
                 for m in acts]
        x = torch.from_numpy(pg.feature_matrix(point[None], trainer.setup.features))
        with torch.no_grad():
            outputs.append(float(torch.softmax(model(x), 1)[0, 1]))
        for hook in hooks:
            hook.remove()
        hidden.append(seen)
    return np.array(outputs), hidden


@pytest.mark.parametrize("setup", [
    pg.Setup(depth=3, width=5, activation="relu", features=("x", "y", "xy", "sinx")),
    pg.Setup(depth=2, width=4, activation="prelu", batchnorm=True, dropout=0.5),
    pg.Setup(depth=0)])
def test_grid_maps_equal_a_forward_pass_per_point(setup):
    trainer = trained(setup, steps=50)
    maps = trainer.grid(9)
    gx, gy = np.meshgrid(maps.xs, maps.ys)
    points = np.stack([gx.ravel(), gy.ravel()], 1)
    output, hidden = per_point(trainer, points)
    np.testing.assert_allclose(maps.output.ravel(), output, rtol=1e-5, atol=1e-6)
    assert len(maps.hidden) == setup.depth
    for layer, layer_map in enumerate(maps.hidden):
        assert layer_map.shape == (setup.width, 9, 9)
        expected = np.stack([h[layer].numpy() for h in hidden])          # [points, width]
        np.testing.assert_allclose(layer_map.reshape(setup.width, -1).T, expected, rtol=1e-5,
                                   atol=1e-6)
    for i, name in enumerate(trainer.setup.features):
        np.testing.assert_allclose(maps.inputs[i].ravel(),
                                   pg.feature_matrix(points, (name,))[:, 0], rtol=1e-6)


def test_a_linear_model_separates_blobs_completely():
    trainer = trained(pg.Setup(depth=0, lr=0.1), pg.make_data("blobs", 400, 0.3), 500)
    assert trainer.history.train_accuracy[-1] == 1.0
    assert trainer.history.test_accuracy[-1] == 1.0


def test_xor_needs_a_hidden_layer_or_the_xy_feature():
    xor = pg.make_data("xor", 400, 0.0)
    linear = trained(pg.Setup(depth=0, lr=0.1), xor)
    # a line puts at most three of the four quadrants right; trained it finds ~half
    assert linear.history.train_accuracy[-1] < 0.8
    hidden = trained(pg.Setup(depth=1, width=8, lr=0.1), xor)
    assert hidden.history.train_accuracy[-1] == 1.0
    assert hidden.history.test_accuracy[-1] >= 0.98
    product = trained(pg.Setup(depth=0, lr=0.1, features=("x", "y", "xy")), xor)
    assert product.history.test_accuracy[-1] == 1.0


def test_the_same_seed_gives_the_same_boundary_and_another_seed_another():
    data = pg.make_data("spirals", 300, 0.1)
    setup = pg.Setup(depth=3, width=6, activation="relu", dropout=0.2)
    a, b = trained(setup, data, 100), trained(setup, data, 100)
    np.testing.assert_array_equal(a.grid(32).output, b.grid(32).output)
    assert a.history.test_loss == b.history.test_loss
    c = trained(pg.Setup(depth=3, width=6, activation="relu", dropout=0.2, seed=1), data, 100)
    assert not np.array_equal(a.grid(32).output, c.grid(32).output)
    np.testing.assert_array_equal(pg.make_data(seed=3).points, pg.make_data(seed=3).points)


def test_every_activation_and_init_trains_through_the_registry():
    data = pg.make_data("circles", 100)
    for key in REGISTRY:
        trainer = trained(pg.Setup(activation=key), data, 20)
        assert trainer.step_count == 20 and np.isfinite(trainer.history.train_loss[-1])
    for init in pg.INITS:
        assert trained(pg.Setup(init=init), data, 5).step_count == 5


def test_data_sets_split_and_label_noise_flips_only_train_labels():
    clean = pg.make_data("moons", 400, 0.1, 0.25, 0.0, seed=2)
    noisy = pg.make_data("moons", 400, 0.1, 0.25, 0.4, seed=2)
    assert clean.train.sum() == 100
    np.testing.assert_array_equal(clean.points, noisy.points)
    flipped = clean.labels != noisy.labels
    assert not flipped[~clean.train].any()
    assert 0.25 < flipped[clean.train].mean() < 0.55
    for name in pg.DATASETS:
        data = pg.make_data(name, 200)
        assert data.points.shape == (200, 2) and set(np.unique(data.labels)) == {0, 1}
        x0, x1, y0, y1 = data.extent
        assert (data.points[:, 0] > x0).all() and (data.points[:, 1] < y1).all()


def test_an_added_point_is_trained_on():
    data = pg.add_point(pg.make_data("blobs", 40, 0.1), 3.0, -3.0, 1)
    assert len(data.labels) == 41 and data.train[-1] and data.labels[-1] == 1
    assert pg.Trainer(pg.Setup(), data).x_train.shape[0] == data.train.sum()


def test_a_diverging_run_stops_and_says_when():
    trainer = pg.Trainer(pg.Setup(activation="linear", optimizer="sgd", lr=10.0,
                                  init="uniform U(0, 1)"), pg.make_data())
    trainer.step(100)
    assert trainer.diverged_at is not None and trainer.diverged_at <= 100
    assert trainer.step(10) == 0


def test_l1_drives_weights_to_zero():
    data = pg.make_data()
    plain = trained(pg.Setup(), data, 400)
    l1 = trained(pg.Setup(penalty="L1", strength=0.03), data, 400)
    small = [np.mean(np.abs(w) < 1e-2) for w in (np.concatenate([w.ravel() for w in
                                                                 t.weights()])
                                                 for t in (plain, l1))]
    assert small[1] > small[0] + 0.3


def test_gradient_norms_are_recorded_per_linear_layer():
    trainer = trained(pg.Setup(depth=3, width=4), steps=10)
    assert len(trainer.history.grad_norms[-1]) == 4
    weight_grads = [float(m.weight.grad.norm()) for m in pg.linear_layers(trainer.model)]
    assert trainer.history.grad_norms[-1] == weight_grads


def test_history_thins_but_keeps_the_first_and_last_records():
    history = pg.History()
    for step in range(pg.MAX_HISTORY + 5):
        history.append(steps=step)
    assert len(history.steps) <= pg.MAX_HISTORY
    assert history.steps[0] == 0 and history.steps[-1] == pg.MAX_HISTORY + 4


def test_slots_cap_the_running_playgrounds_and_free_stale_ones():
    slots = pg.Slots(1, 0.2)
    assert slots.hold("a") and slots.hold("a") and not slots.hold("b")
    slots.release("a")
    assert slots.hold("b") and slots.busy() == 1
    time.sleep(0.3)
    assert slots.busy() == 0 and slots.hold("c")


def test_figures_draw_every_neuron_and_point():
    trainer = trained(pg.Setup(depth=2, width=3), steps=10)
    maps = trainer.grid(16)
    image = figs.diagram(maps.inputs, maps.hidden, maps.output, trainer.weights(), tile=20)
    assert image.dtype == np.uint8 and image.shape[2] == 3
    data = trainer.data
    board = figs.boundary(maps.output, data.extent, data.points, data.labels, data.train, 100)
    assert board.shape == (100, 100, 3)
    assert figs.png(board)[:8] == b"\x89PNG\r\n\x1a\n"
    np.testing.assert_array_equal(figs.shade(np.array([-1.0, 0.0, 1.0])),
                                  [figs.NEGATIVE, figs.WHITE, figs.POSITIVE])
    clicks = figs.click_map(maps.output, data.extent, data.points, data.labels, grid=7)
    lattice = clicks.data[1]
    assert len(lattice.x) == 49 and min(lattice.x) == data.extent[0]
    assert max(lattice.y) == data.extent[3]
    assert sum(len(t.x) for t in clicks.data[2:]) == len(data.labels)


@pytest.mark.parametrize("kwargs, name", [
    (dict(depth=9), "depth"), (dict(depth=-1), "depth"), (dict(width=0), "width"),
    (dict(width=17), "width"), (dict(activation="swish"), "activation"),
    (dict(init="He"), "init"), (dict(dropout=1.0), "dropout"),
    (dict(dropout=float("nan")), "dropout"), (dict(batchnorm="yes"), "batchnorm"),
    (dict(optimizer="lbfgs"), "optimizer"), (dict(lr=0.0), "learning rate"),
    (dict(lr=float("inf")), "learning rate"), (dict(batch_size=0), "batch size"),
    (dict(batchnorm=True, batch_size=1), "batch size"), (dict(penalty="L3"), "penalty"),
    (dict(strength=-1.0), "penalty strength"), (dict(seed=-1), "seed"),
    (dict(features=()), "features"), (dict(features=("z",)), "feature"),
    (dict(features="xy"), "features")])
def test_hostile_settings_are_refused(kwargs, name):
    with pytest.raises(InputError) as err:
        pg.Trainer(pg.Setup(**kwargs), pg.make_data("moons", 40))
    assert err.value.params.get("name", name) == name


@pytest.mark.parametrize("kwargs", [
    dict(dataset="iris"), dict(points=10), dict(points=10**6), dict(noise=-0.1),
    dict(noise=float("nan")), dict(train_fraction=0.0), dict(train_fraction=1.0),
    dict(label_noise=0.9), dict(seed=2**40), dict(points=2.5)])
def test_hostile_data_settings_are_refused(kwargs):
    with pytest.raises(InputError):
        pg.make_data(**kwargs)


@pytest.mark.parametrize("args", [(11.0, 0.0, 0), (0.0, float("nan"), 0), (0.0, 0.0, 2),
                                  (0.0, 0.0, 0.5)])
def test_hostile_points_are_refused(args):
    with pytest.raises(InputError):
        pg.add_point(pg.make_data("moons", 40), *args)
    with pytest.raises(InputError):
        pg.Trainer(pg.Setup(), pg.make_data()).grid(10**4)


@pytest.mark.parametrize("value, log, text", [
    (1e-3, True, "1e-3"), (1.0, True, "1"), (10.0, True, "10"), (1e4, True, "1e4"),
    (12_000, False, "12k"), (2000, False, "2,000"), (0.25, False, "0.25"), (-0.5, False, "-0.5"),
    (0, False, "0")])
def test_tick_labels_are_short_and_readable(value, log, text):
    assert figs.tick_label(value, log) == text


def test_line_plot_draws_each_line_where_its_values_are():
    image = figs.line_plot([(np.array([0.0, 1.0]), np.array([0.0, 1.0]), 0, False),
                            (np.array([0.0, 1.0]), np.array([1.0, 1.0]), 1, False)],
                           width=200, height=120, y_range=(0.0, 1.0))
    assert image.shape == (120, 200, 3) and image.dtype == np.uint8
    left, right, top, bottom = 44, 8, 6, 18          # the plot area inside the axes
    mid_x, mid_y = (left + 200 - right - 1) // 2, (top + 120 - bottom) // 2
    blue, red = np.array(figs._rgb(0)), np.array(figs._rgb(1))
    near = lambda rgb, y, x: np.abs(image[y - 2:y + 3, x - 2:x + 3] - rgb).sum(-1).min() < 30
    assert near(blue, mid_y, mid_x)                  # the diagonal through the middle
    assert near(red, top, mid_x) and not near(red, mid_y, mid_x)   # the top line


@pytest.mark.parametrize("values", [np.array([np.nan, np.inf, -np.inf]), np.array([]),
                                    np.array([0.0, 0.0]), np.array([1e300, -1e300])])
def test_line_plot_draws_axes_for_values_it_cannot_draw(values):
    for log in (False, True):
        image = figs.line_plot([(np.arange(len(values)), values, 0, True)], log_y=log,
                               legend=[("W1", 0)])
        assert image.shape == (170, 320, 3)


def test_live_curve_images_show_a_trained_run():
    trainer = trained(pg.Setup(depth=3, width=4), steps=10)
    trainer.step(10)
    loss, accuracy = figs.curve_images({"A": trainer.history, "B": trainer.history})
    gradients = figs.gradient_image(trainer.history)
    weights = figs.weights_image(trainer.weights())
    for image in (loss, accuracy, gradients, weights):
        assert image.shape == (170, 320, 3) and (image != 255).any(-1).mean() > 0.02
    # the histogram images count the same weights as the plotly histogram
    figure = figs.weight_histograms(trainer.weights())
    assert [int(sum(t.y)) for t in figure.data] == [w.size for w in trainer.weights()]


def test_arrange_puts_pictures_in_rows_on_white():
    red, blue = np.zeros((2, 3, 3), np.uint8), np.full((4, 1, 3), 7, np.uint8)
    both = figs.arrange([[red, blue], [blue]], gap=2)
    assert both.shape == (4 + 2 + 4, 3 + 2 + 1, 3)
    assert (both[:2, :3] == 0).all() and (both[2:4, :3] == 255).all()   # padded under red
    assert (both[:4, 5] == 7).all() and (both[6:, 0] == 7).all()


def test_a_deep_wide_diagram_keeps_within_the_page_width():
    trainer = pg.Trainer(pg.Setup(depth=8, width=16, features=tuple(pg.FEATURES)),
                         pg.make_data("moons", 40))
    maps = trainer.grid(8)
    image = figs.diagram(maps.inputs, maps.hidden, maps.output, trainer.weights())
    assert image.shape[1] <= 740
    shallow = pg.Trainer(pg.Setup(), pg.make_data("moons", 40))   # 2 hidden layers: as wide
    maps = shallow.grid(8)                                          # as always
    assert figs.diagram(maps.inputs, maps.hidden, maps.output,
                        shallow.weights()).shape[1] == 110 * 3 + 72 + 20


def test_the_untrained_gradient_chart_says_there_is_no_gradient_yet():
    trainer = pg.Trainer(pg.Setup(), pg.make_data("moons", 40))
    assert figs.gradient_norms(trainer.history).layout.annotations
    trainer.step(1)
    assert not figs.gradient_norms(trainer.history).layout.annotations
