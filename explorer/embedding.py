"""t-SNE with openTSNE, PCA, and how good a 2-D map is.

t-SNE (van der Maaten & Hinton 2008) places points ``y_i`` in 2-D so that the Student-t
similarities ``Q`` match the input similarities ``P`` (see ``FORMULAS``): it minimises
``KL(P‖Q) = Σ_ij p_ij log(p_ij / q_ij)`` by gradient descent, first with ``P`` multiplied by
the early exaggeration α for ``EXAGGERATION_ITER`` iterations (clusters form), then with
``P`` itself. openTSNE (Poličar et al. 2024, JSS) computes ``P`` on the 3 × perplexity
nearest neighbours (exact or approximate) and the repulsion by Barnes-Hut or by
FFT-accelerated interpolation (Linderman et al. 2019), and can place new points into a
finished map (``transform``) without moving the old ones.

Speed (benchmarks/bench_tsne.py): exact neighbours (a BLAS distance matrix) up to
``EXACT_NEIGHBOURS_UP_TO`` points, Barnes-Hut with θ = ``BH_THETA`` up to ``BH_UP_TO`` points,
every core (one thread in the served app: see ``usable_cores``), and ``EXAGGERATION_ITER``
+ 250 iterations (openTSNE's learning rate N / α converges in fewer than sklearn's 250 + 750).

Quality: ``trustworthiness`` (Venna & Kaski 2001; sklearn) penalises 2-D neighbours that were
not neighbours in the input; ``knn_accuracy`` is the 5-fold cross-validated accuracy of a
5-nearest-neighbour classifier (sklearn) on any representation, 2-D or not.

Shapes: features ``float[N, D]``, labels ``int[N]``, embeddings ``float[N, 2]``.
"""
from __future__ import annotations

import hashlib
import math
import os
import pickle
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace

import numpy as np

from explorer.budget import MAX_CSV_CELLS, MAX_CSV_ROWS
from explorer.errors import (InputError, check_array, check_choice, check_int, check_number,
                             check_seed)

EXAGGERATION_ITER = 100          # early-exaggeration phase (openTSNE 250, sklearn 250)
# Measured on 2 cores (benchmarks/bench_tsne.py data):
EXACT_NEIGHBOURS_UP_TO = 10_000  # exact kNN took 0.6 s at 10,000 × 64, Annoy 2.4 s
BH_UP_TO = 10_000                # Barnes-Hut 1.3x faster than FFT at 10,000, 1.1x slower at 20,000
BH_THETA = 0.5                   # 0.8 took 0.8x as long per iteration, but its cruder repulsion
                                 # kept the map from converging: on digits (exact KL, tsne_kl)
                                 # it came within 2 % of sklearn's finished map only after 900
                                 # iterations (13.4 s, one thread), θ = 0.5 after 375 (8.3 s)
METRICS = ("euclidean", "cosine", "manhattan")   # both openTSNE's Annoy and sklearn know them
INITIALIZATIONS = ("pca", "random")
MAX_POINTS = 5000                # network features: more would make the page wait minutes
MAX_TSNE_POINTS = MAX_CSV_ROWS   # any source: bounds a t-SNE's time (a CSV is cut to it)
MNIST_POINTS = 70_000            # the classic map, all of MNIST: the one set allowed more
MNIST_COMPONENTS = 50            # ... embedded from its first 50 principal components (the
                                 # usual recipe): Annoy's neighbours of 70,000 points took
                                 # 330 s in 784-D, 15 s of PCA + 107 s in 50-D (load 17)
SNAPSHOT_EVERY = 50              # the page's default animation step
PROGRESS_EVERY = 10              # on_iteration at least this often: a page can stop a run
MAX_TRUST_POINTS = 5000          # trustworthiness holds two N × N matrices: a subset beyond
SPREAD_RANGE = (1e-100, 1e12)    # distances beyond: openTSNE's perplexity search gives NaN
                                 # (measured: NaN map from 1e18 up, and at 1e-300)
MAX_LABEL_CLASSES = 60           # a label column: colours a legend can still tell apart
ANIMATION_POINTS = 2000          # the optimisation animation: 10,000 points × 110 frames made
                                 # a 33 MB figure; 2,000 keep it near 7 MB

FORMULAS = {
    "input": r"p_{j|i} = \frac{\exp(-d(x_i,x_j)^2/2\sigma_i^2)}{\sum_{k\ne i}"
             r"\exp(-d(x_i,x_k)^2/2\sigma_i^2)},\quad 2^{H(P_i)} = \text{perplexity},\quad"
             r" p_{ij} = \frac{p_{j|i}+p_{i|j}}{2N}",
    "output": r"q_{ij} = \frac{(1+\lVert y_i-y_j\rVert^2)^{-1}}"
              r"{\sum_{k\ne l}(1+\lVert y_k-y_l\rVert^2)^{-1}}",
    "kl": r"\mathrm{KL}(P\,\Vert\,Q) = \sum_{i\ne j} p_{ij}\log\frac{p_{ij}}{q_{ij}}",
    "trustworthiness": r"T(k) = 1 - \frac{2}{Nk(2N-3k-1)}\sum_{i=1}^{N}"
                       r"\sum_{j\in U_i^{(k)}}\bigl(r(i,j)-k\bigr)",
}


@dataclass
class FeatureSet:
    """Points to embed, with what the page shows about them."""
    name: str
    x: np.ndarray                      # float[N, D]
    labels: np.ndarray | None = None   # int[N], indices into classes
    classes: list[str] = field(default_factory=list)
    images: np.ndarray | None = None   # uint8[N, H, W] (grey) or [N, H, W, 3], for display

    def label_names(self) -> list[str]:
        if self.labels is None:
            return ["?"] * len(self.x)
        return [self.classes[i] for i in self.labels]


@dataclass(frozen=True)
class TSNEParams:
    perplexity: float = 30.0
    early_exaggeration: float = 12.0
    n_iter: int = 250                  # iterations after the early-exaggeration phase
    initialization: str = "pca"
    metric: str = "euclidean"
    seed: int = 0


@dataclass
class Embedding:
    points: np.ndarray                         # float[N, 2], the finished map
    snapshots: list[tuple[int, np.ndarray]]    # (iteration, float[N, 2]) every k iterations
    kl_curve: list[tuple[int, float]]          # (iteration, KL(P‖Q)) at the same iterations
    model: object                              # openTSNE.TSNEEmbedding, for transform

    @property
    def kl_divergence(self) -> float:
        return self.kl_curve[-1][1]


# Refusals of points t-SNE cannot embed, as templates (a page translates them: ui.i18n.message).
NOT_A_TABLE = ("features must be a table of N points × D ≥ 2 numbers, got shape {shape}; give "
               "at least two feature columns")
NOT_FINITE_POINTS = ("{bad} of {n} points have missing (NaN) or infinite values; remove or fill "
                     "them first")
NO_POINTS = "there are no points; give at least one row per point"
TOO_MANY_POINTS = ("{n:,} points is over the limit of {limit:,} for one t-SNE; embed a sample of "
                   "them")
PERPLEXITY_TOO_HIGH = ("perplexity {perplexity:g} needs more than 3 × {perplexity:g} = "
                       "{needed:g} points (each point's 3 × perplexity nearest neighbours), got "
                       "{n}; lower the perplexity below {highest:g} or add points")
SAME_POINT = ("all {n} points are the same point: {what} has nothing to separate; give points "
              "that differ")
BAD_SPREAD = ("the points differ by up to {spread:.3g}: {what} needs differences between {low:g} "
              "and {high:g}; rescale the columns (e.g. standardise them)")
NO_SUCH_COLUMN = "there is no column {column}"
TEXT_COLUMN = ("column {column} holds text, not numbers (row {row}: {value}){others}; choose it "
               "as the label column or remove it")
TEXT_COLUMN_COMMA = ("column {column} holds text, not numbers (row {row}: {value}) (a decimal "
                     "comma? save the file with '.' as the decimal separator){others}; choose it "
                     "as the label column or remove it")
MORE_TEXT_COLUMNS = " ({count} more column(s) too: {columns})"
NOT_FINITE_CELLS = ("column(s) {columns} have {kind} values in {rows} rows (first: row {first}); "
                    "fill or drop them")
MISSING, INFINITE = "missing (NaN)", "infinite"
EMPTY_LABELS = ("the label column {column} has {count} empty cells (first: row {first}); fill "
                "them or pick no label")
TOO_MANY_LABELS = ("the label column {column} has {count:,} different values, over the limit of "
                   "{limit} classes a map can colour apart; pick another label column or (none)")


def validate(x, perplexity: float, limit: int = MAX_TSNE_POINTS) -> np.ndarray:
    """``x`` as ``float64[N, D]``; InputError with what to change when t-SNE cannot run on it
    (shape, NaN/inf, more than ``limit`` points, all points identical, differences openTSNE
    cannot scale, perplexity ≥ N / 3)."""
    x = np.asarray(x, dtype=np.float64)
    if x.ndim != 2 or x.shape[1] < 2:
        raise InputError("shape", NOT_A_TABLE.format(shape=x.shape),
                         name="features", expected="[N, D≥2]", got=x.shape)
    bad = ~np.isfinite(x)
    if bad.any():
        raise InputError("not_finite", NOT_FINITE_POINTS.format(bad=int(bad.any(axis=1).sum()),
                                                                n=len(x)),
                         name="features")
    if len(x) == 0:
        raise InputError("empty", NO_POINTS,
                         name="features")
    if len(x) > limit:
        raise InputError("budget", TOO_MANY_POINTS.format(n=len(x), limit=limit),
                         what="t-SNE points", needed=len(x), limit=limit)
    check_spread(x, "t-SNE")
    perplexity = check_number("perplexity", perplexity, 0, low_open=True)
    if len(x) <= 3 * perplexity:
        raise InputError("out_of_range", PERPLEXITY_TOO_HIGH.format(
            perplexity=perplexity, needed=3 * perplexity, n=len(x), highest=len(x) / 3),
                         name="perplexity",
                         value=perplexity, low=0, high=len(x) / 3)
    return x


def check_spread(x: np.ndarray, what: str) -> None:
    """InputError unless the points of finite ``float[N, D]`` differ, by at most
    SPREAD_RANGE (``what`` names the computation in the message)."""
    with np.errstate(over="ignore"):   # ±1e308 columns: the difference is inf, refused
        spread = float(np.abs(x - x[0]).max())
    if spread == 0:
        raise InputError("other", SAME_POINT.format(n=len(x), what=what))
    if not SPREAD_RANGE[0] <= spread <= SPREAD_RANGE[1]:
        raise InputError("out_of_range", BAD_SPREAD.format(spread=spread, what=what,
                                                           low=SPREAD_RANGE[0],
                                                           high=SPREAD_RANGE[1]),
                         name="features", value=spread, low=SPREAD_RANGE[0],
                         high=SPREAD_RANGE[1])


def animation_rows(n: int, seed: int = 0) -> np.ndarray:
    """Rows an animation of ``n`` points draws: all of them up to ``ANIMATION_POINTS``, else a
    seeded random subset of that many, in order."""
    if n <= ANIMATION_POINTS:
        return np.arange(n)
    return np.sort(np.random.default_rng(seed).choice(n, ANIMATION_POINTS, replace=False))


def duplicates(x) -> int:
    """How many rows of ``float[N, D]`` repeat an earlier row (they land on one spot). Rows
    are compared by a hash of their bytes (-0.0 made 0.0 first): 10,000 × 1,000 values took
    2.4 s with np.unique(axis=0)."""
    rows = np.ascontiguousarray(np.asarray(x, dtype=np.float64) + 0.0)
    return len(rows) - len({hash(row.tobytes()) for row in rows})


def tsne(x, params: TSNEParams = TSNEParams(), snapshot_every: int = SNAPSHOT_EVERY,
         on_iteration: Callable[[int, int], None] | None = None,
         limit: int = MAX_TSNE_POINTS) -> Embedding:
    """openTSNE on ``float[N, D]``: the map, a snapshot and the KL every ``snapshot_every``
    iterations.

    ``on_iteration(done, total)`` is called at least every ``PROGRESS_EVERY`` iterations (a
    progress bar); an exception it raises ends the optimisation there and propagates, which
    is how a page stops a run (Streamlit raises its rerun request from a progress update).
    Threads: ``usable_cores()``; neighbours and gradient method chosen by size (see the
    module docstring). ``limit``: the most points accepted (``MNIST_POINTS`` for the classic
    map)."""
    x = validate(x, params.perplexity, limit)
    check_choice("metric", params.metric, METRICS)
    check_choice("initialization", params.initialization, INITIALIZATIONS)
    check_number("early_exaggeration", params.early_exaggeration, 1, 1000)
    check_int("n_iter", params.n_iter, 1, 10_000)
    check_seed(params.seed)
    check_int("snapshot_every", snapshot_every, 1)
    if EXAGGERATION_ITER % snapshot_every or params.n_iter % snapshot_every:
        raise InputError("other", f"snapshot_every ({snapshot_every}) must divide "
                         f"{EXAGGERATION_ITER} and the iterations ({params.n_iter})",
                         name="snapshot_every", value=snapshot_every)
    total = EXAGGERATION_ITER + params.n_iter
    # openTSNE evaluates the KL at every iteration it calls back at (a 1.7x slower run when
    # called back at each: 20.5 s instead of 12.2 s for the digits on one thread), so the run
    # goes in chunks instead: each optimize() call continues the same optimizer (gains and
    # momentum) and ends with the exact KL of the map it returns
    chunk = math.gcd(PROGRESS_EVERY, snapshot_every, EXAGGERATION_ITER, params.n_iter)
    model = _opentsne(len(x), params)
    embedding = model.prepare_initial(x)
    snapshots, kl_curve, done = [], [], 0
    for length, exaggeration, momentum in (
            (EXAGGERATION_ITER, params.early_exaggeration, model.initial_momentum),
            (params.n_iter, model.exaggeration, model.final_momentum)):
        for _ in range(length // chunk):
            embedding.optimize(n_iter=chunk, exaggeration=exaggeration, momentum=momentum,
                               inplace=True, propagate_exception=True)
            done += chunk
            if done % snapshot_every == 0:
                snapshots.append((done, np.array(embedding)))
                kl_curve.append((done, float(embedding.kl_divergence)))
            if on_iteration is not None and (done % PROGRESS_EVERY == 0 or done == total):
                on_iteration(done, total)
    points = np.array(embedding)
    return Embedding(points, snapshots, kl_curve, embedding)


def _opentsne(n: int, params: TSNEParams):
    """openTSNE's TSNE for ``n`` points with our settings (neighbours and gradient method by
    size, ``usable_cores()`` threads)."""
    from openTSNE import TSNE
    return TSNE(perplexity=params.perplexity, early_exaggeration=params.early_exaggeration,
                early_exaggeration_iter=EXAGGERATION_ITER, n_iter=params.n_iter,
                initialization=params.initialization, metric=params.metric,
                neighbors="exact" if n <= EXACT_NEIGHBOURS_UP_TO else "annoy",
                negative_gradient_method="bh" if n <= BH_UP_TO else "fft",
                theta=BH_THETA, random_state=params.seed, n_jobs=usable_cores())


def to_arrays(result: Embedding) -> dict[str, np.ndarray]:
    """An Embedding without its openTSNE model as plain arrays (``explorer.disk_cache``)."""
    return {"points": result.points,
            "snapshot_iterations": np.array([i for i, _ in result.snapshots], dtype=np.int64),
            "snapshots": np.stack([p for _, p in result.snapshots]),
            "kl_curve": np.array(result.kl_curve, dtype=np.float64).reshape(-1, 2)}


def from_arrays(arrays: dict[str, np.ndarray]) -> Embedding:
    """``to_arrays``'s inverse; the model is None (``with_model`` rebuilds it)."""
    return Embedding(arrays["points"],
                     [(int(i), p) for i, p in zip(arrays["snapshot_iterations"],
                                                  arrays["snapshots"])],
                     [(int(i), float(v)) for i, v in arrays["kl_curve"]], None)


def persisted_tsne(x, params: TSNEParams = TSNEParams(), snapshot_every: int = SNAPSHOT_EVERY,
                   on_iteration: Callable[[int, int], None] | None = None) -> Embedding:
    """``tsne`` computed once per installation: kept in ``explorer.disk_cache`` under the
    data's hash, the settings and the code's version (another process asking meanwhile waits
    for it). The model is not kept (``with_model`` rebuilds it); ``on_iteration`` is called
    only when the map is computed. Meant for default views: every distinct call is a file."""
    from explorer import disk_cache
    x = validate(x, params.perplexity)
    args = {"data": hashlib.sha256(x.tobytes() + str(x.shape).encode()).hexdigest(),
            "params": asdict(params), "snapshot_every": snapshot_every}
    return from_arrays(disk_cache.cached(
        "tsne", args, lambda: to_arrays(tsne(x, params, snapshot_every, on_iteration)),
        arrays=True))


def with_model(result: Embedding, x, params: TSNEParams) -> Embedding:
    """``result`` with an openTSNE model that ``transform`` can place points against: its
    own, or one rebuilt around its map from ``x``'s affinities (same settings; no
    optimisation, only the neighbours: 0.6 s for the digits)."""
    if result.model is not None:
        return result
    x = validate(x, params.perplexity)
    if len(x) != len(result.points):
        raise InputError("shape", f"the map has {len(result.points)} points, the features "
                         f"{len(x)}", name="x", expected=len(result.points), got=len(x))
    model = _opentsne(len(x), params).prepare_initial(x)
    model[:] = result.points
    return replace(result, model=model)


def usable_cores() -> int:
    """openTSNE's threads: ``OMP_NUM_THREADS`` when set (app.py sets 1: a server runs many
    computations at once, and OpenMP threads spinning against each other made the digits map
    take 32-47 s instead of 9 s with one thread on 2 busy cores), else the cores this process
    may run on (its affinity mask on Linux), at least 1."""
    threads = os.environ.get("OMP_NUM_THREADS", "")
    if threads.isdigit() and int(threads) > 0:
        return int(threads)
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


def transform(embedding: Embedding, x_new) -> np.ndarray:
    """``float[M, D]`` new points -> ``float[M, 2]`` placed into the finished map (the old
    points stay fixed; each new point is optimised against them alone, openTSNE defaults)."""
    if embedding.model is None:
        raise InputError("other", "this map was kept without its openTSNE model, so nothing "
                         "can be placed into it; recompute it with the model kept")
    width = embedding.model.affinities.knn_index.data.shape[1]    # D of the fitted points
    x_new = check_array("x_new", np.atleast_2d(np.asarray(x_new, dtype=np.float64)), ndim=2,
                        shape=(None, width))
    reference = pickle.loads(pickle.dumps(embedding.model))   # leave the shown map as it is
    placed = np.array(reference.transform(x_new))
    # openTSNE 1.0.4's transform translates the reference map it optimises against; undo the
    # (rigid) shift so the new points sit in the frame of the map shown.
    return placed - (np.asarray(reference) - embedding.points).mean(axis=0)


def pca(x, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """``float[N, D]`` -> (``float[N, 2]`` first two principal components, their explained
    variance ratios ``float[2]``), by sklearn.decomposition.PCA."""
    from sklearn.decomposition import PCA
    x = check_array("x", np.asarray(x, dtype=np.float64), ndim=2, shape=(None, None))
    if min(x.shape) < 2 or not np.ptp(x, axis=0).any():
        raise InputError("other", f"PCA to 2-D needs at least 2 points × 2 columns that vary, "
                         f"got shape {x.shape}" + ("" if min(x.shape) < 2 else
                                                   " with every column constant"),
                         name="x", shape=x.shape)
    model = PCA(n_components=2, random_state=seed)
    return model.fit_transform(x), model.explained_variance_ratio_


def trustworthiness(x, points, metric: str = "euclidean", k: int = 5, seed: int = 0) -> float:
    """sklearn.manifold.trustworthiness: 1 when every 2-D k-neighbourhood was one in ``x``.
    It builds two N × N matrices, so beyond ``MAX_TRUST_POINTS`` points it scores a seeded
    random subset of that many (neighbours taken within the subset); sklearn needs k < N / 2,
    so k is lowered to (N − 1) // 2 for a handful of points. InputError for non-finite,
    identical or overflowing features (see ``check_spread``) and a map of another shape."""
    from sklearn.manifold import trustworthiness as sk_trustworthiness
    x = check_array("features", x, ndim=2)
    points = check_array("map", points, shape=(len(x), 2))
    check_spread(x, "trustworthiness")   # identical or ±1e308 points: sklearn's NaN or garbage
    if len(x) > MAX_TRUST_POINTS:
        rows = np.random.default_rng(seed).choice(len(x), MAX_TRUST_POINTS, replace=False)
        x, points = x[rows], points[rows]
    k = min(k, (len(x) - 1) // 2)
    return float(sk_trustworthiness(x, points, n_neighbors=k, metric=metric))


def knn_accuracy(features, labels, k: int = 5, seed: int = 0) -> float:
    """Mean accuracy of sklearn's k-NN classifier over 5 shuffled folds of ``features``."""
    from sklearn.model_selection import KFold, cross_val_score
    from sklearn.neighbors import KNeighborsClassifier
    folds = KFold(5, shuffle=True, random_state=seed)
    return float(cross_val_score(KNeighborsClassifier(k), features, labels, cv=folds).mean())


def nearest(points: np.ndarray, query: np.ndarray, k: int) -> np.ndarray:
    """Indices of the ``k`` rows of ``points`` (``float[N, 2]``) closest to ``query``
    (``float[2]``), closest first (sklearn.neighbors.NearestNeighbors)."""
    from sklearn.neighbors import NearestNeighbors
    index = NearestNeighbors(n_neighbors=min(k, len(points))).fit(points)
    return index.kneighbors(np.atleast_2d(query), return_distance=False)[0]


# --- where the points come from ------------------------------------------------------------

DIGITS_PIXELS = "digits pixels"


def digits_pixels() -> FeatureSet:
    """sklearn's bundled 1,797 digits: 64 pixel values in [0, 1] (the 0..16 counts / 16)."""
    from sklearn.datasets import load_digits
    digits = load_digits()
    return FeatureSet(DIGITS_PIXELS, (digits.data / 16).astype(np.float32),
                      digits.target.astype(np.int64), [str(c) for c in digits.target_names],
                      np.round(digits.images / 16 * 255).astype(np.uint8))


MNIST_ALL = "all 70,000 MNIST images"
MNIST_GENERATED = "70,000 generated MNIST-shaped points"


def point_limit(name: str) -> int:
    """The most points a t-SNE of the point set called ``name`` may take."""
    return MNIST_POINTS if name in (MNIST_ALL, MNIST_GENERATED) else MAX_TSNE_POINTS


def mnist_shaped(n: int = MNIST_POINTS, seed: int = 0, noise: float = 0.1) -> FeatureSet:
    """``n`` generated points of MNIST's shape (28×28 = 784 pixels in [0, 1], 10 classes),
    for when MNIST is not on the machine: each is one of sklearn's 1,797 digits (chosen at
    random) enlarged to 28×28 (bilinear), plus Gaussian pixel noise (σ = ``noise``), clipped
    to [0, 1]: a 10-class mixture with structure inside each class, not pure noise."""
    from scipy.ndimage import zoom
    from sklearn.datasets import load_digits
    check_int("n", n, 1, MNIST_POINTS)
    check_seed(seed)
    digits = load_digits()
    large = zoom(digits.images / 16, (1, 28 / 8, 28 / 8), order=1).clip(0, 1)   # [1797, 28, 28]
    rng = np.random.default_rng(seed)
    rows = rng.integers(0, len(large), n)
    images = large[rows].astype(np.float32)
    images += noise * rng.standard_normal(images.shape, dtype=np.float32)
    images = images.clip(0, 1)
    return FeatureSet(MNIST_GENERATED, images.reshape(n, -1), digits.target[rows].astype(np.int64),
                      [str(c) for c in digits.target_names],
                      np.round(images * 255).astype(np.uint8))


def mnist_points(seed: int = 0) -> tuple[FeatureSet, bool]:
    """(all 70,000 MNIST images, train and test, as ``MNIST_COMPONENTS`` principal components
    of their pixels; True) when MNIST is on this machine (``explorer.data``), else (70,000
    generated points of its shape, ``mnist_shaped``, reduced the same way; False). The
    FeatureSet's images are the 28×28 pixels."""
    from explorer import data
    real = data.unavailable_reason("mnist") is None
    if real:
        splits = data.load_dataset("mnist", seed=seed)
        import torch
        x = torch.cat([splits.x_train, splits.x_val, splits.x_test])
        labels = torch.cat([splits.y_train, splits.y_val, splits.y_test]).numpy()
        pixels = data.denormalize(x, splits).clamp(0, 1)[:, 0].numpy()
        points = FeatureSet(MNIST_ALL, pixels.reshape(len(pixels), -1), labels, splits.classes,
                            np.round(pixels * 255).astype(np.uint8))
    else:
        points = mnist_shaped(seed=seed)
    return replace(points, x=principal_components(points.x, MNIST_COMPONENTS, seed)), real


def principal_components(x, k: int, seed: int = 0) -> np.ndarray:
    """``float[N, D]`` -> its first ``k`` principal components ``float32[N, k]`` (sklearn's
    PCA, randomized solver)."""
    from sklearn.decomposition import PCA
    return PCA(k, svd_solver="randomized", random_state=seed).fit_transform(x).astype(np.float32)


def digits_input_spec():
    """Recipe turning any image into a digits-pixels row: grey, ink centred, 8×8, in [0, 1]."""
    from explorer.images import InputSpec
    return InputSpec(1, 8, (0.0,), (1.0,), digit_like=True, resize=8)


def read_table(data: bytes) -> tuple[object, list[str]]:
    """CSV bytes -> (pandas DataFrame, notes for the user): ``explorer.tables.read_csv``
    within ``MAX_CSV_ROWS`` and ``MAX_CSV_CELLS`` (a t-SNE's time grows with the points)."""
    from explorer.tables import read_csv
    return read_csv(data, "point", "a t-SNE's time grows with the points",
                    max_rows=MAX_CSV_ROWS, max_cells=MAX_CSV_CELLS)


def _cell(value, width: int = 40) -> str:
    """A CSV cell or header for a message: its repr, cut to ``width`` characters."""
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= width else text[:width - 1] + "…"


def features_from_table(table, label_column: str | None = None) -> FeatureSet:
    """A DataFrame of numeric feature columns (and an optional label column) -> FeatureSet.
    InputError naming the column and the first bad row (rows counted from 1 after the
    header) for text, missing or infinite cells and for unusable label columns."""
    import pandas as pd
    if label_column is not None and label_column not in table.columns:
        raise InputError("choice", NO_SUCH_COLUMN.format(column=_cell(label_column)), name="label",
                         value=label_column, options=tuple(map(str, table.columns)))
    features = table.drop(columns=[label_column]) if label_column is not None else table
    text = [c for c in features.columns if not pd.api.types.is_numeric_dtype(features[c])]
    if text:
        column = features[text[0]]
        bad = column.notna() & pd.to_numeric(column, errors="coerce").isna()
        row = int(np.argmax(bad.to_numpy())) if bad.any() else 0
        value = str(column.iloc[row])
        comma = "," in value and value.replace(",", "", 1).lstrip("-").isdigit()
        others = (MORE_TEXT_COLUMNS.format(count=len(text) - 1, columns=", ".join(
            _cell(c) for c in text[1:4]) + ("…" if len(text) > 4 else ""))
                  if len(text) > 1 else "")
        raise InputError("other", (TEXT_COLUMN_COMMA if comma else TEXT_COLUMN).format(
            column=_cell(text[0]), row=row + 1, value=_cell(value), others=others), columns=text)
    values = features.to_numpy(np.float64)
    missing = ~np.isfinite(values)
    if missing.any():
        bad_columns = [_cell(c) for c, m in zip(features.columns, missing.any(axis=0)) if m]
        row = int(np.argmax(missing.any(axis=1)))
        raise InputError("not_finite", NOT_FINITE_CELLS.format(
            columns=", ".join(bad_columns[:3]),
            kind=MISSING if np.isnan(values).any() else INFINITE,
            rows=int(missing.any(axis=1).sum()), first=row + 1), name=", ".join(bad_columns))
    labels, classes = None, []
    if label_column is not None:
        codes, uniques = pd.factorize(table[label_column], sort=True)
        if (codes < 0).any():
            raise InputError("other", EMPTY_LABELS.format(
                column=_cell(label_column), count=int((codes < 0).sum()),
                first=int(np.argmax(codes < 0)) + 1))
        if len(uniques) > MAX_LABEL_CLASSES:
            raise InputError("budget", TOO_MANY_LABELS.format(
                column=_cell(label_column), count=len(uniques), limit=MAX_LABEL_CLASSES),
                             what="label classes",
                             needed=len(uniques), limit=MAX_LABEL_CLASSES)
        labels, classes = codes.astype(np.int64), [str(u) for u in uniques]
    return FeatureSet("uploaded features", values, labels, classes)


def network_features(run_id: str, max_points: int = MAX_POINTS) -> tuple[FeatureSet, FeatureSet]:
    """(raw normalised pixels, penultimate-layer features) of the first ``max_points`` images
    of the run's dataset (train, val then test splits, shuffled by the split), one model pass.
    ``Tensor[N, C, H, W] -> float[N, C·H·W]`` and ``-> model.penultimate: float[N, F]``."""
    import torch

    from explorer import runs
    from explorer.data import denormalize
    from explorer.predict import as_pixels

    model, config, splits = runs.load_trained(run_id)
    if not splits.is_image:
        raise ValueError(f"run {run_id} was trained on {config.dataset}, 2-D points, not "
                         f"images; pick a run trained on digits, MNIST or CIFAR-10")
    x = torch.cat([splits.x_train, splits.x_val, splits.x_test])[:max_points]
    y = torch.cat([splits.y_train, splits.y_val, splits.y_test])[:max_points].numpy()
    learned = penultimate(model, x)
    images = as_pixels(denormalize(x, splits))
    raw = FeatureSet(f"{config.dataset} pixels", x.flatten(1).numpy(), y, splits.classes, images)
    return raw, FeatureSet(f"{config.model} penultimate layer", learned, y, splits.classes,
                           images)


def penultimate(model, x, batch_size: int = 512) -> np.ndarray:
    """``Tensor[N, C, H, W]`` -> ``float[N, F]``, the input of the model's last Linear layer."""
    import torch
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    model = model.to(device).eval()
    with torch.no_grad():
        parts = [model.penultimate(batch.to(device)).cpu() for batch in x.split(batch_size)]
    return torch.cat(parts).numpy()


def image_rows(rgb, run_id: str | None = None) -> list[np.ndarray]:
    """One RGB image -> its ``float[1, D]`` row in each view of the source: [digits pixels]
    when ``run_id`` is None, else [raw normalised pixels, penultimate features] of that run,
    preprocessed as the run's model expects (explorer.images.preprocess)."""
    from explorer.images import preprocess
    if run_id is None:
        return [preprocess(rgb, digits_input_spec()).tensor.flatten(1).numpy()]
    from explorer import runs
    from explorer.data import load_dataset
    from explorer.predict import input_spec
    model, config = runs.load_model(run_id)
    x = preprocess(rgb, input_spec(load_dataset(config.dataset, seed=config.seed))).tensor
    return [x.flatten(1).numpy(), penultimate(model, x)]


def map_quality(x, points, labels, metric: str = "euclidean") -> dict[str, float]:
    """How faithful a 2-D map ``points`` of ``x`` is: trustworthiness (k = 5), and, with
    labels, 5-NN accuracy on the map and on the input features; all three on a seeded random
    ``MAX_TRUST_POINTS`` of a larger map (5-fold 5-NN on 70,000 points would take minutes)."""
    if len(x) > MAX_TRUST_POINTS:
        rows = np.random.default_rng(0).choice(len(x), MAX_TRUST_POINTS, replace=False)
        x, points = np.asarray(x)[rows], np.asarray(points)[rows]
        labels = None if labels is None else np.asarray(labels)[rows]
    scores = {"trustworthiness": trustworthiness(x, points, metric)}
    if labels is not None:
        scores["5-NN accuracy (map)"] = knn_accuracy(points, labels)
        scores["5-NN accuracy (input)"] = knn_accuracy(x, labels)
    return scores


def neighbour_summary(labels: np.ndarray | None, classes: list[str], rows) -> str:
    """'3 ×7, 5 ×2': how many of ``rows`` carry each class, most frequent first."""
    if labels is None:
        return f"{len(rows)} points (no labels)"
    counts = np.bincount(labels[np.asarray(rows, dtype=int)], minlength=len(classes))
    order = np.argsort(-counts, kind="stable")
    return ", ".join(f"{classes[c]} ×{counts[c]}" for c in order if counts[c])
