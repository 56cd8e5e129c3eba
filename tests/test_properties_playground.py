"""Property tests of explorer.playground: for any data and network settings, a split data
set of the asked size or an InputError; a trainer whose grid maps are its network's own
outputs (probabilities in [0, 1], one map per hidden neuron) and whose records are finite
unless it says it diverged; never another exception."""
import numpy as np
import torch
from hypothesis import given, strategies as st

from explorer import playground as pg
from explorer.activations import KEYS
from tests.property_helpers import ANY_FLOAT, REFUSED, SEED, examples, mostly_valid, outcome

HOSTILE_WHOLE = st.sampled_from([0, -1, 2.5, np.nan, np.inf, "8", True, 10**9])

DATA = dict(dataset=st.sampled_from(pg.DATASETS), points=st.integers(pg.MIN_POINTS, 120),
            noise=st.floats(0, pg.MAX_NOISE), train_fraction=st.floats(0.1, 0.9),
            label_noise=st.floats(0, pg.MAX_LABEL_NOISE), seed=st.integers(0, 2**32 - 1))
HOSTILE_DATA = dict(dataset=st.sampled_from(["iris", "", None, "Moons"]),
                    points=HOSTILE_WHOLE, noise=ANY_FLOAT, train_fraction=ANY_FLOAT,
                    label_noise=ANY_FLOAT, seed=SEED)

SETUP = dict(features=st.lists(st.sampled_from(list(pg.FEATURES)), min_size=1, max_size=4,
                               unique=True).map(tuple),
             depth=st.integers(0, 3), width=st.integers(1, 6), activation=st.sampled_from(KEYS),
             init=st.sampled_from(pg.INITS), dropout=st.floats(0, 0.9),
             batchnorm=st.booleans(), optimizer=st.sampled_from(pg.OPTIMIZERS),
             lr=st.sampled_from([1e-4, 0.03, 1.0, 10.0]), batch_size=st.integers(2, 40),
             penalty=st.sampled_from(pg.PENALTIES), strength=st.floats(0, 1),
             seed=st.integers(0, 2**32 - 1))
HOSTILE_SETUP = dict(features=st.sampled_from([(), ("z",), "xy", None, (1,)]),
                     depth=HOSTILE_WHOLE, width=HOSTILE_WHOLE,
                     activation=st.sampled_from(["swish", "ReLU", None]),
                     init=st.sampled_from(["He", None]), dropout=ANY_FLOAT,
                     batchnorm=st.sampled_from([np.nan, "no", 1]),
                     optimizer=st.sampled_from(["lbfgs", None]), lr=ANY_FLOAT,
                     batch_size=HOSTILE_WHOLE, penalty=st.sampled_from(["L3", None]),
                     strength=ANY_FLOAT, seed=SEED)


@examples(60)
@given(mostly_valid(DATA, HOSTILE_DATA))
def test_make_data_splits_the_asked_points_or_refuses(args):
    data = outcome(pg.make_data, **args)
    if data == REFUSED:
        return
    n = args["points"]
    assert data.points.shape == (n, 2) and np.isfinite(data.points).all()
    assert set(np.unique(data.labels)) <= {0, 1}
    assert data.train.sum() == round(n * args["train_fraction"])
    x0, x1, y0, y1 = data.extent
    assert x0 < x1 and y0 < y1


@examples(40)
@given(mostly_valid(SETUP, HOSTILE_SETUP), st.integers(1, 30))
def test_a_trainer_trains_and_maps_its_own_network_or_refuses(args, steps):
    data = pg.make_data("moons", 60, 0.2, 0.5)
    trainer = outcome(pg.Trainer, pg.Setup(**args), data)
    if trainer == REFUSED:
        return
    done = trainer.step(steps)
    assert done == steps or trainer.diverged_at is not None
    maps = trainer.grid(5)
    assert len(maps.hidden) == args["depth"]
    assert all(h.shape == (args["width"], 5, 5) for h in maps.hidden)
    if trainer.diverged_at is None and np.isfinite(maps.output).all():
        assert ((0 <= maps.output) & (maps.output <= 1)).all()
        # the grid's output is the network's own, point by point
        x = torch.from_numpy(pg.feature_matrix(np.array([[maps.xs[2], maps.ys[3]]]),
                                               trainer.setup.features))
        with torch.no_grad():
            p = torch.softmax(trainer.model.eval()(x), 1)[0, 1].item()
        assert abs(p - maps.output[3, 2]) < 1e-5
    history = trainer.history
    assert len(history.steps) == 2 and history.steps[-1] == trainer.step_count
    if trainer.diverged_at is None:
        assert np.isfinite(history.train_accuracy).all()
