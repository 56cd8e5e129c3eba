"""The playground: a small real-torch network trained live on 2-D points (TensorFlow
Playground's idea), with every hidden neuron's map over the plane.

``make_data`` draws a data set (moons, circles, spirals, XOR, Gaussian blobs) and splits it;
``Setup`` is one configuration of the network and its training (the MLP of
``explorer.models``, an init of ``explorer.weight_init``, an optimizer of ``explorer.train``, the
L1/L2 penalty of ``explorer.regularization``); ``Trainer`` runs k optimizer steps at a time,
records losses, accuracies and per-layer gradient norms, and evaluates the output and every
hidden neuron on a grid in one batched forward pass. ``Slots`` caps how many playgrounds run
on the server at once.
"""
from __future__ import annotations

import math
import threading
import time
from dataclasses import dataclass, field, replace

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from explorer import weight_init
from explorer.activations import KEYS as ACTIVATIONS
from explorer.data import _spirals as spirals
from explorer.budget import MAX_PLAYGROUND_DEPTH, MAX_PLAYGROUND_GRID, MAX_PLAYGROUND_POINTS, \
    MAX_PLAYGROUND_WIDTH, MAX_RUNNING_PLAYGROUNDS, MAX_STEPS, PLAYGROUND_LEASE_S
from explorer.errors import InputError, check_choice, check_int, check_number, check_seed
from explorer.models import MLP, Classifier
from explorer.regularization import MAX_STRENGTH, PENALTIES, penalty
from explorer.train import OPTIMIZERS, TrainConfig, make_optimizer

DATASETS = ("moons", "circles", "spirals", "xor", "blobs")
# Input features computed from a point (x, y), as in TensorFlow Playground.
FEATURES = {"x": lambda x, y: x, "y": lambda x, y: y, "x2": lambda x, y: x * x,
            "y2": lambda x, y: y * y, "xy": lambda x, y: x * y,
            "sinx": lambda x, y: np.sin(x), "siny": lambda x, y: np.sin(y)}
INITS = weight_init.INITS
MIN_POINTS = 20
MAX_NOISE = 1.0
MAX_LABEL_NOISE = 0.5         # flipping more than half the labels only swaps the classes
MAX_ABS_COORDINATE = 10.0     # an added point stays within the plane the data sets use
MAX_LR = 10.0
MAX_HISTORY = 600             # records kept; older ones are thinned to every other one


# ------------------------------------------------------------------------------ data
@dataclass(frozen=True)
class Data:
    points: np.ndarray   # [n, 2] float32 (x, y)
    labels: np.ndarray   # [n] int64, 0 or 1 (train labels after label noise)
    train: np.ndarray    # [n] bool: in the training split
    seed: int

    @property
    def extent(self) -> tuple[float, float, float, float]:
        """(x min, x max, y min, y max) of the plane shown: the points' box plus 10 %, square
        in data units so circles look round."""
        lo, hi = self.points.min(0), self.points.max(0)
        centre, half = (lo + hi) / 2, max(float((hi - lo).max()) / 2 * 1.1, 0.5)
        return (float(centre[0] - half), float(centre[0] + half),
                float(centre[1] - half), float(centre[1] + half))


def make_data(dataset: str = "moons", points: int = 500, noise: float = 0.2,
              train_fraction: float = 0.5, label_noise: float = 0.0, seed: int = 0) -> Data:
    """``points`` points of ``dataset`` with Gaussian ``noise`` (in data units), split into
    train and test by ``train_fraction``; ``label_noise`` of the train labels flipped (the
    test labels stay clean, so overfitting the noise shows as a test loss going up)."""
    from sklearn.datasets import make_blobs, make_circles, make_moons
    check_choice("data set", dataset, DATASETS)
    n = check_int("points", points, MIN_POINTS, MAX_PLAYGROUND_POINTS)
    noise = check_number("noise", noise, 0.0, MAX_NOISE)
    train_fraction = check_number("train fraction", train_fraction, 0.1, 0.9)
    label_noise = check_number("label noise", label_noise, 0.0, MAX_LABEL_NOISE)
    seed = check_seed(seed)
    rng = np.random.default_rng(seed)
    if dataset == "moons":
        x, y = make_moons(n, noise=noise, random_state=seed)
    elif dataset == "circles":
        x, y = make_circles(n, noise=noise, factor=0.5, random_state=seed)
    elif dataset == "spirals":
        x, y = spirals(n, noise, seed)
    elif dataset == "xor":   # the sign of x·y, points kept off the axes by a margin
        clean = rng.uniform(0.1, 1.0, (n, 2)) * rng.choice([-1.0, 1.0], (n, 2))
        y = (clean[:, 0] * clean[:, 1] > 0).astype(np.int64)
        x = clean + rng.normal(0, noise, clean.shape)
    else:
        x, y = make_blobs(n, centers=[(-1.0, -1.0), (1.0, 1.0)], cluster_std=noise,
                          random_state=seed)
    train = np.zeros(n, bool)
    train[rng.permutation(n)[:round(n * train_fraction)]] = True
    labels = np.asarray(y, np.int64).copy()
    flip = train & (rng.random(n) < label_noise)
    labels[flip] = 1 - labels[flip]
    return Data(np.asarray(x, np.float32), labels, train, seed)


def add_point(data: Data, x: float, y: float, label: int, train: bool = True) -> Data:
    """``data`` with one more point (x, y) of class ``label`` (0 or 1)."""
    x = check_number("x", x, -MAX_ABS_COORDINATE, MAX_ABS_COORDINATE)
    y = check_number("y", y, -MAX_ABS_COORDINATE, MAX_ABS_COORDINATE)
    label = check_int("class", label, 0, 1)
    if not isinstance(train, bool):
        raise InputError("other", f"train must be True or False, got {train!r}", name="train")
    check_int("points", len(data.labels) + 1, MIN_POINTS, MAX_PLAYGROUND_POINTS)
    return replace(data, points=np.vstack([data.points, np.float32([[x, y]])]),
                   labels=np.append(data.labels, np.int64(label)),
                   train=np.append(data.train, train))


def feature_matrix(points: np.ndarray, features: tuple[str, ...]) -> np.ndarray:
    """[n, len(features)] float32: each chosen feature of each point (x, y)."""
    x, y = points[:, 0].astype(np.float64), points[:, 1].astype(np.float64)
    return np.stack([FEATURES[f](x, y) for f in features], 1).astype(np.float32)


# ------------------------------------------------------------------------------ network
@dataclass(frozen=True)
class Setup:
    """One configuration: inputs, network and training (the data is shared)."""
    features: tuple[str, ...] = ("x", "y")
    depth: int = 2               # hidden layers; 0 is a linear model (logistic regression)
    width: int = 8
    activation: str = "tanh"
    init: str = "Xavier normal"
    dropout: float = 0.0
    batchnorm: bool = False
    optimizer: str = "adam"
    lr: float = 0.03
    batch_size: int = 10
    penalty: str = "none"
    strength: float = 0.0        # λ of the L1/L2 penalty
    seed: int = 0

    def validate(self) -> Setup:
        """InputError naming the first bad field; features as a tuple in FEATURES order."""
        if isinstance(self.features, str) or not hasattr(self.features, "__iter__"):
            raise InputError("other", "features must be a list of feature names",
                             name="features")
        chosen = tuple(self.features)
        for name in chosen:
            check_choice("feature", name, tuple(FEATURES))
        if not chosen:
            raise InputError("empty", "choose at least one input feature", name="features")
        check_int("depth", self.depth, 0, MAX_PLAYGROUND_DEPTH)
        check_int("width", self.width, 1, MAX_PLAYGROUND_WIDTH)
        check_choice("activation", self.activation, ACTIVATIONS)
        check_choice("init", self.init, INITS)
        check_number("dropout", self.dropout, 0.0, 0.9)
        for name in ("batchnorm",):
            if not isinstance(getattr(self, name), bool):
                raise InputError("other", f"{name} must be True or False", name=name)
        check_choice("optimizer", self.optimizer, OPTIMIZERS)
        check_number("learning rate", self.lr, 0.0, MAX_LR, low_open=True)
        batch = check_int("batch size", self.batch_size, 1, MAX_PLAYGROUND_POINTS)
        if self.batchnorm and batch < 2:
            raise InputError("out_of_range", "BatchNorm needs at least 2 points per batch "
                             "(the variance of one value is 0): raise the batch size",
                             name="batch size", value=batch, low=2, high=MAX_PLAYGROUND_POINTS)
        check_choice("penalty", self.penalty, PENALTIES)
        check_number("penalty strength", self.strength, 0.0, MAX_STRENGTH)
        check_seed(self.seed)
        return replace(self, features=tuple(f for f in FEATURES if f in chosen))


def build_network(setup: Setup) -> Classifier:
    """The MLP of ``explorer.models`` (a bare Linear head for depth 0), its Linear layers
    initialised by ``setup.init`` (weight_init's paper gain for the activation, biases 0),
    seeded by ``setup.seed``."""
    setup = setup.validate()
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(setup.seed)
        if setup.depth == 0:
            model = Classifier()
            model.features = nn.Flatten()
            model.head = nn.Linear(len(setup.features), 2)
        else:
            model = MLP((len(setup.features),), 2, setup.depth, setup.width, setup.activation,
                        setup.batchnorm, setup.dropout)
        weight_init.initializer(setup.init, setup.activation)(model)
    return model


def linear_layers(model: Classifier) -> list[nn.Linear]:
    """The network's Linear layers, input to output (the head last)."""
    return [m for m in model.modules() if isinstance(m, nn.Linear)]


# ------------------------------------------------------------------------------ training
@dataclass
class History:
    steps: list[int] = field(default_factory=list)
    train_loss: list[float] = field(default_factory=list)
    test_loss: list[float] = field(default_factory=list)
    train_accuracy: list[float] = field(default_factory=list)
    test_accuracy: list[float] = field(default_factory=list)
    grad_norms: list[list[float]] = field(default_factory=list)   # per record, per Linear

    def append(self, **record) -> None:
        for key, value in record.items():
            getattr(self, key).append(value)
        if len(self.steps) > MAX_HISTORY:     # thin to every other record, keeping the last
            keep = [*range(0, len(self.steps) - 1, 2), len(self.steps) - 1]
            for key in record:
                values = getattr(self, key)
                values[:] = [values[i] for i in keep]


@dataclass(frozen=True)
class GridMaps:
    xs: np.ndarray                 # [G] x of the grid columns
    ys: np.ndarray                 # [G] y of the grid rows
    inputs: np.ndarray             # [F, G, G] each input feature
    hidden: list[np.ndarray]       # per hidden layer [width, G, G]: each neuron's activation
    output: np.ndarray             # [G, G] P(class 1)


class Trainer:
    """One network on one data set, trained k optimizer steps at a time."""

    def __init__(self, setup: Setup, data: Data):
        self.setup = setup = setup.validate()
        if not isinstance(data, Data):
            raise InputError("other", "data must come from make_data", name="data")
        self.data = data
        features = torch.from_numpy(feature_matrix(data.points, setup.features))
        labels = torch.from_numpy(data.labels)
        self.x_train, self.y_train = features[data.train], labels[data.train]
        self.x_test, self.y_test = features[~data.train], labels[~data.train]
        self.model = build_network(setup)
        self.layers = linear_layers(self.model)
        self.optimizer = make_optimizer(TrainConfig(optimizer=setup.optimizer, lr=setup.lr),
                                        self.model.parameters(), fused=True)
        self.generator = torch.Generator().manual_seed(setup.seed)   # batches
        # dropout draws from torch's global generator: this run keeps its own state of it
        with torch.random.fork_rng(devices=[]):
            torch.manual_seed(setup.seed)
            self._dropout_state = torch.get_rng_state()
        # BatchNorm needs two values per batch: a batch larger than the split takes it whole
        self.batch_size = min(setup.batch_size, len(self.y_train))
        self._order = torch.empty(0, dtype=torch.long)
        self.step_count = 0
        self.diverged_at: int | None = None
        self.history = History()
        self.best_accuracy, self.best_step = 0.0, 0
        self.record()

    def _next_batch(self) -> torch.Tensor:
        if len(self._order) < self.batch_size:   # a new epoch (the last partial batch skipped)
            self._order = torch.randperm(len(self.y_train), generator=self.generator)
        batch, self._order = self._order[:self.batch_size], self._order[self.batch_size:]
        return batch

    def _loss(self, x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        loss = F.cross_entropy(self.model(x), y)
        if self.setup.penalty != "none" and self.setup.strength > 0:
            loss = loss + self.setup.strength * penalty(self.model, self.setup.penalty)
        return loss

    def step(self, k: int = 1) -> int:
        """Train ``k`` optimizer steps (fewer if the loss stops being finite: ``diverged_at``
        says when), then record one history point; returns the steps taken."""
        done = self._steps(check_int("steps", k, 1, MAX_STEPS))
        self.record()
        return done

    def run_for(self, seconds: float, chunk: int = 25) -> int:
        """Steps in chunks of ``chunk`` until ``seconds`` have passed (at least one chunk),
        then one history point; returns the steps taken."""
        seconds = check_number("seconds", seconds, 0.0, 10.0)
        chunk = check_int("chunk", chunk, 1, MAX_STEPS)
        start, done = time.perf_counter(), 0
        while self.diverged_at is None:
            done += self._steps(chunk)
            if time.perf_counter() - start >= seconds:
                break
        self.record()
        return done

    def _steps(self, k: int) -> int:
        if self.diverged_at is not None:
            return 0
        with torch.random.fork_rng(devices=[]):
            torch.set_rng_state(self._dropout_state)
            try:
                return self._unseeded_steps(k)
            finally:
                self._dropout_state = torch.get_rng_state()

    def _unseeded_steps(self, k: int) -> int:
        self.model.train()
        for i in range(k):
            batch = self._next_batch()
            self.optimizer.zero_grad(set_to_none=True)
            try:
                loss = self._loss(self.x_train[batch], self.y_train[batch])
            except InputError:                  # the penalty refuses NaN weights
                self.diverged_at = self.step_count
                return i
            # checked on the chunk's last step only (a check is a tenth of a step's time):
            # past a NaN or inf the weights are NaN, so the last loss is not finite either
            if i == k - 1 and not torch.isfinite(loss):
                self.diverged_at = self.step_count
                return i
            loss.backward()
            self.optimizer.step()
            self.step_count += 1
        return k

    @torch.no_grad()
    def _evaluate(self, x: torch.Tensor, y: torch.Tensor) -> tuple[float, float]:
        if len(y) == 0:
            return math.nan, math.nan
        logits = self.model(x)
        return float(F.cross_entropy(logits, y)), float((logits.argmax(1) == y).float().mean())

    def record(self) -> None:
        """One history point: losses and accuracies now, the last step's gradient norms."""
        grads = [float(m.weight.grad.norm()) if m.weight.grad is not None else 0.0
                 for m in self.layers]
        self.model.eval()
        train_loss, train_acc = self._evaluate(self.x_train, self.y_train)
        test_loss, test_acc = self._evaluate(self.x_test, self.y_test)
        self.model.train()
        if test_acc > self.best_accuracy:
            self.best_accuracy, self.best_step = test_acc, self.step_count
        self.history.append(steps=self.step_count, train_loss=train_loss, test_loss=test_loss,
                            train_accuracy=train_acc, test_accuracy=test_acc,
                            grad_norms=grads)

    def weights(self) -> list[np.ndarray]:
        """Each Linear layer's weight matrix [out, in], input to output."""
        return [m.weight.detach().numpy().copy() for m in self.layers]

    @torch.no_grad()
    def grid(self, size: int = 64) -> GridMaps:
        """The output P(class 1) and every hidden neuron's activation (after BatchNorm and
        the activation, dropout off) over a ``size`` × ``size`` grid of the data's plane, in
        one batched forward pass of all size² points."""
        size = check_int("grid size", size, 2, MAX_PLAYGROUND_GRID)
        x0, x1, y0, y1 = self.data.extent
        xs, ys = np.linspace(x0, x1, size), np.linspace(y0, y1, size)
        gx, gy = np.meshgrid(xs, ys)
        inputs = feature_matrix(np.stack([gx.ravel(), gy.ravel()], 1), self.setup.features)
        self.model.eval()
        h, hidden = torch.from_numpy(inputs), []
        blocks = list(self.model.features) if self.setup.depth else [self.model.features]
        for module in blocks:
            h = module(h)
            if not isinstance(module, (nn.Linear, nn.BatchNorm1d, nn.Dropout, nn.Flatten)):
                hidden.append(h.T.reshape(-1, size, size).numpy().copy())
        output = torch.softmax(self.model.head(h), 1)[:, 1].reshape(size, size).numpy()
        self.model.train()
        return GridMaps(xs, ys, inputs.T.reshape(-1, size, size), hidden, output.copy())


# ------------------------------------------------------------------------------ server cap
class Slots:
    """At most ``limit`` owners hold a slot at once; a slot not renewed within ``ttl`` seconds
    (a closed tab) is free again. Thread-safe: Streamlit runs each session in a thread."""

    def __init__(self, limit: int, ttl: float):
        self.limit = check_int("limit", limit, 1)
        self.ttl = check_number("ttl", ttl, 0.0, low_open=True)
        self._held: dict[str, float] = {}
        self._lock = threading.Lock()

    def hold(self, owner: str) -> bool:
        """Take or renew ``owner``'s slot; False when all are held by others."""
        now = time.monotonic()
        with self._lock:
            self._held = {o: t for o, t in self._held.items() if now - t < self.ttl}
            if owner not in self._held and len(self._held) >= self.limit:
                return False
            self._held[owner] = now
            return True

    def release(self, owner: str) -> None:
        with self._lock:
            self._held.pop(owner, None)

    def busy(self) -> int:
        now = time.monotonic()
        with self._lock:
            return sum(now - t < self.ttl for t in self._held.values())


# Server-wide: every session's running playground holds a slot while it plays.
SLOTS = Slots(MAX_RUNNING_PLAYGROUNDS, PLAYGROUND_LEASE_S)
