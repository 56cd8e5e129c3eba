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
every core, and ``EXAGGERATION_ITER`` + 250 iterations (openTSNE's learning rate N / α
converges in fewer than sklearn's 250 + 750).

Quality: ``trustworthiness`` (Venna & Kaski 2001; sklearn) penalises 2-D neighbours that were
not neighbours in the input; ``knn_accuracy`` is the 5-fold cross-validated accuracy of a
5-nearest-neighbour classifier (sklearn) on any representation, 2-D or not.

Shapes: features ``float[N, D]``, labels ``int[N]``, embeddings ``float[N, 2]``.
"""
from __future__ import annotations

import io
import os
import pickle
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

EXAGGERATION_ITER = 100          # early-exaggeration phase (openTSNE 250, sklearn 250)
# Measured on 2 cores (benchmarks/bench_tsne.py data):
EXACT_NEIGHBOURS_UP_TO = 10_000  # exact kNN took 0.6 s at 10,000 × 64, Annoy 2.4 s
BH_UP_TO = 10_000                # Barnes-Hut 1.3x faster than FFT at 10,000, 1.1x slower at 20,000
BH_THETA = 0.8                   # openTSNE's "typical 0.2 to 0.8"; 0.5 took 1.2-1.5x as long
METRICS = ("euclidean", "cosine", "manhattan")   # both openTSNE's Annoy and sklearn know them
INITIALIZATIONS = ("pca", "random")
MAX_POINTS = 5000                # network features: more would make the page wait minutes

FORMULAS = {
    "input": r"p_{j|i} = \frac{\exp(-d(x_i,x_j)^2/2\sigma_i^2)}{\sum_{k\ne i}"
             r"\exp(-d(x_i,x_k)^2/2\sigma_i^2)},\quad 2^{H(P_i)} = \text{perplexity},\quad"
             r" p_{ij} = \frac{p_{j|i}+p_{i|j}}{2N}",
    "output": r"q_{ij} = \frac{(1+\lVert y_i-y_j\rVert^2)^{-1}}"
              r"{\sum_{k\ne l}(1+\lVert y_k-y_l\rVert^2)^{-1}}",
    "kl": r"\mathrm{KL}(P\,\Vert\,Q) = \sum_{i\ne j} p_{ij}\log\frac{p_{ij}}{q_{ij}}"
          r"\qquad(\text{first %d iterations: } \alpha\,p_{ij}\text{ instead of } p_{ij})"
          % EXAGGERATION_ITER,
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


def validate(x, perplexity: float) -> np.ndarray:
    """``x`` as ``float64[N, D]``; ValueError with what to change when t-SNE cannot run on it."""
    x = np.asarray(x, dtype=np.float64)
    if x.ndim != 2 or x.shape[1] < 2:
        raise ValueError(f"features must be a table of N points × D ≥ 2 numbers, got shape "
                         f"{x.shape}")
    bad = ~np.isfinite(x)
    if bad.any():
        raise ValueError(f"{int(bad.any(axis=1).sum())} of {len(x)} points have missing (NaN) "
                         f"or infinite values; remove or fill them first")
    if not perplexity > 0:
        raise ValueError(f"perplexity must be > 0, got {perplexity}")
    if len(x) <= 3 * perplexity:
        raise ValueError(f"perplexity {perplexity:g} needs more than 3 × {perplexity:g} = "
                         f"{3 * perplexity:g} points (each point's 3 × perplexity nearest "
                         f"neighbours), got {len(x)}; lower the perplexity below "
                         f"{len(x) / 3:g} or add points")
    return x


def tsne(x, params: TSNEParams = TSNEParams(), snapshot_every: int = 50,
         on_iteration: Callable[[int, int], None] | None = None) -> Embedding:
    """openTSNE on ``float[N, D]``: the map, a snapshot and the KL every ``snapshot_every``
    iterations, ``on_iteration(done, total)`` after each snapshot (a progress bar).

    Every core this process may use; neighbours and gradient method chosen by size (see the
    module docstring)."""
    from openTSNE import TSNE

    x = validate(x, params.perplexity)
    if params.metric not in METRICS or params.initialization not in INITIALIZATIONS:
        raise ValueError(f"metric must be one of {METRICS} and initialization one of "
                         f"{INITIALIZATIONS}; got {params.metric!r}, {params.initialization!r}")
    if EXAGGERATION_ITER % snapshot_every or params.n_iter % snapshot_every or params.n_iter < 1:
        raise ValueError(f"snapshot_every ({snapshot_every}) must divide {EXAGGERATION_ITER} "
                         f"and the iterations ({params.n_iter})")
    total = EXAGGERATION_ITER + params.n_iter
    snapshots, kl_curve = [], []

    def record(_iteration_in_phase, error, embedding):
        done = (len(snapshots) + 1) * snapshot_every
        snapshots.append((done, np.array(embedding)))
        kl_curve.append((done, float(error)))
        if on_iteration is not None:
            on_iteration(done, total)

    model = TSNE(perplexity=params.perplexity, early_exaggeration=params.early_exaggeration,
                 early_exaggeration_iter=EXAGGERATION_ITER, n_iter=params.n_iter,
                 initialization=params.initialization, metric=params.metric,
                 neighbors="exact" if len(x) <= EXACT_NEIGHBOURS_UP_TO else "annoy",
                 negative_gradient_method="bh" if len(x) <= BH_UP_TO else "fft",
                 theta=BH_THETA, random_state=params.seed,
                 n_jobs=usable_cores(), callbacks=record,
                 callbacks_every_iters=snapshot_every).fit(x)
    model.gradient_descent_params["callbacks"] = None   # a closure: would stop pickling
    return Embedding(np.array(model), snapshots, kl_curve, model)


def usable_cores() -> int:
    """The cores this process may run on (its affinity mask on Linux), at least 1."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


def transform(embedding: Embedding, x_new) -> np.ndarray:
    """``float[M, D]`` new points -> ``float[M, 2]`` placed into the finished map (the old
    points stay fixed; each new point is optimised against them alone, openTSNE defaults)."""
    x_new = np.atleast_2d(np.asarray(x_new, dtype=np.float64))
    reference = pickle.loads(pickle.dumps(embedding.model))   # leave the shown map as it is
    placed = np.array(reference.transform(x_new))
    # openTSNE 1.0.4's transform translates the reference map it optimises against; undo the
    # (rigid) shift so the new points sit in the frame of the map shown.
    return placed - (np.asarray(reference) - embedding.points).mean(axis=0)


def pca(x, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """``float[N, D]`` -> (``float[N, 2]`` first two principal components, their explained
    variance ratios ``float[2]``), by sklearn.decomposition.PCA."""
    from sklearn.decomposition import PCA
    model = PCA(n_components=2, random_state=seed)
    return model.fit_transform(np.asarray(x, dtype=np.float64)), model.explained_variance_ratio_


def trustworthiness(x, points, metric: str = "euclidean", k: int = 5) -> float:
    """sklearn.manifold.trustworthiness: 1 when every 2-D k-neighbourhood was one in ``x``."""
    from sklearn.manifold import trustworthiness as sk_trustworthiness
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


def digits_input_spec():
    """Recipe turning any image into a digits-pixels row: grey, ink centred, 8×8, in [0, 1]."""
    from explorer.images import InputSpec
    return InputSpec(1, 8, (0.0,), (1.0,), digit_like=True, resize=8)


def read_table(data: bytes):
    """CSV bytes -> pandas DataFrame; ValueError naming the problem for an unreadable file."""
    import pandas as pd
    try:
        table = pd.read_csv(io.BytesIO(data))
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as err:
        raise ValueError(f"could not read the file as CSV ({str(err).splitlines()[0]}); "
                         f"upload a comma-separated table with a header row") from None
    if table.empty:
        raise ValueError("the CSV has a header but no rows; upload one row per point")
    return table


def features_from_table(table, label_column: str | None = None) -> FeatureSet:
    """A DataFrame of numeric feature columns (and an optional label column) -> FeatureSet."""
    import pandas as pd
    features = table.drop(columns=[label_column]) if label_column else table
    text = [str(c) for c in features.columns if not pd.api.types.is_numeric_dtype(features[c])]
    if text:
        raise ValueError(f"column(s) {', '.join(text)} hold text, not numbers; choose one of "
                         f"them as the label column or remove them")
    missing = [str(c) for c in features.columns if features[c].isna().any()]
    if missing:
        raise ValueError(f"column(s) {', '.join(missing)} have missing (NaN) values in "
                         f"{int(features.isna().any(axis=1).sum())} rows; fill or drop them")
    labels, classes = None, []
    if label_column:
        codes, uniques = pd.factorize(table[label_column], sort=True)
        if (codes < 0).any():
            raise ValueError(f"the label column {label_column!r} has empty cells")
        labels, classes = codes.astype(np.int64), [str(u) for u in uniques]
    return FeatureSet("uploaded features", features.to_numpy(np.float64), labels, classes)


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
    labels, 5-NN accuracy on the map and on the input features."""
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
