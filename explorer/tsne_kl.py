"""One judge for two t-SNE maps: the exact KL(P‖Q) of a 2-D map against a fixed P.

Each library reports its own KL estimate (Barnes-Hut or FFT, with its own P), so their figures
cannot be compared. Here P is the usual perplexity-calibrated affinity (van der Maaten 2014:
3·perplexity nearest neighbours, binary search per point, symmetrised, summing to 1), computed
once per data set by openTSNE, and Q is exact:

    q_ij = w_ij / Z,   w_ij = (1 + ‖y_i − y_j‖²)⁻¹,   Z = Σ_{k≠l} w_kl
    KL(P‖Q) = Σ_{p_ij > 0} p_ij log(p_ij / q_ij)

Z sums all N(N−1) pairs (10⁸ at 10,000 points) in row chunks, so memory stays at chunk × N.
"""
from __future__ import annotations

import numpy as np

from explorer.errors import check_array, check_int, check_number


def affinities(x, perplexity: float = 30.0, seed: int = 0):
    """``float[N, D]`` -> P as a scipy CSR matrix (symmetric, entries summing to 1)."""
    from openTSNE.affinity import PerplexityBasedNN
    x = check_array("x", x, ndim=2, min_size=2)
    check_number("perplexity", perplexity, 1, len(x) / 3)
    method = "exact" if len(x) <= 10_000 else "annoy"
    return PerplexityBasedNN(np.asarray(x, dtype=np.float64), perplexity=perplexity,
                             method=method, random_state=seed, n_jobs=1).P.tocsr()


def normaliser(points, chunk: int = 1000) -> float:
    """Z = Σ_{i≠j} (1 + ‖y_i − y_j‖²)⁻¹ over every ordered pair, in row chunks."""
    y = np.asarray(points, dtype=np.float64)
    check_int("chunk", chunk, 1)
    squared = (y ** 2).sum(1)
    total = 0.0
    for start in range(0, len(y), chunk):
        block = y[start:start + chunk]
        d2 = np.maximum(squared[start:start + chunk, None] + squared[None, :]
                        - 2 * block @ y.T, 0.0)
        total += (1.0 / (1.0 + d2)).sum() - len(block)   # minus the diagonal: w_ii = 1
    return total


def exact_kl(p, points, chunk: int = 1000) -> float:
    """KL(P‖Q) of ``float[N, 2]`` ``points`` against the sparse ``p`` of ``affinities``."""
    y = check_array("points", points, ndim=2, min_size=2)
    if p.shape != (len(y), len(y)):
        raise ValueError(f"P is {p.shape}, the map has {len(y)} points")
    coo = p.tocoo()
    keep = coo.data > 0
    rows, cols, pij = coo.row[keep], coo.col[keep], coo.data[keep]
    d2 = ((y[rows] - y[cols]) ** 2).sum(1)
    log_q = -np.log1p(d2) - np.log(normaliser(y, chunk))
    return float((pij * (np.log(pij) - log_q)).sum())
