"""t-SNE at MNIST scale (issue 22 item 3): ours (explorer.embedding.tsne, openTSNE) on all
70,000 points against scikit-learn's TSNE, whose time is *estimated* from a 10,000-point run.

Data: all 70,000 MNIST images (train + test) when MNIST is on this machine
(``explorer.data``), else 70,000 *generated* points of its shape (``embedding.mnist_shaped``:
sklearn's digits enlarged to 28×28 plus pixel noise, 10 classes); the output says which. Both
methods embed the same ``MNIST_COMPONENTS`` = 50 principal components of the pixels (the
usual recipe, as the page does; the PCA's time is printed apart).
Ours: the page's defaults (perplexity 30, 100 + 250 iterations, Annoy neighbours and FFT
repulsion beyond 10,000 points). sklearn: its defaults (Barnes-Hut θ = 0.5, 1,000 iterations)
on a seeded random 10,000 of the points, its time scaled to 70,000 by Barnes-Hut's
O(N log N): × (70,000 · ln 70,000) / (10,000 · ln 10,000) = 8.5 (an estimate, not a run).
Both on 2 threads (OMP_NUM_THREADS=2, sklearn n_jobs=2). Quality: trustworthiness (k = 5) of
each map on a seeded 5,000 of its points. One run each; the load average is printed (the
machine is shared, so the times are noisy).

Run: ``python benchmarks/bench_tsne_mnist.py`` (many minutes on 2 loaded cores).
"""
import math
import os
import sys
import time
from pathlib import Path

os.environ["OMP_NUM_THREADS"] = "2"     # before numpy/openTSNE/sklearn start their threads

import numpy as np  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from explorer import embedding as emb  # noqa: E402

SAMPLE, THREADS = 10_000, 2


def load() -> str:
    return "load average " + ", ".join(f"{v:.1f}" for v in os.getloadavg())


def main() -> None:
    from sklearn.manifold import TSNE
    print(f"start: {load()}", flush=True)
    start = time.perf_counter()
    points, real = emb.mnist_points()
    prep_s = time.perf_counter() - start
    what = "MNIST (all 70,000 images)" if real else "70,000 GENERATED points of MNIST's shape " \
        "(MNIST is not on this machine)"
    print(f"data: {what}; pixels -> {points.x.shape[1]} principal components in {prep_s:.1f} s",
          flush=True)
    x = points.x

    start = time.perf_counter()
    ours = emb.tsne(x, emb.TSNEParams(), limit=emb.MNIST_POINTS)
    ours_s = time.perf_counter() - start
    ours_t = emb.trustworthiness(x, ours.points)
    print(f"ours (openTSNE, {emb.usable_cores()} threads) on {len(x):,} points: {ours_s:.1f} s, "
          f"trustworthiness {ours_t:.4f} ({load()})", flush=True)

    rows = np.random.default_rng(0).choice(len(x), SAMPLE, replace=False)
    start = time.perf_counter()
    theirs = TSNE(random_state=0, n_jobs=THREADS).fit_transform(x[rows])
    sample_s = time.perf_counter() - start
    theirs_t = emb.trustworthiness(x[rows], theirs)
    scale = len(x) * math.log(len(x)) / (SAMPLE * math.log(SAMPLE))
    estimate = sample_s * scale
    print(f"sklearn TSNE on {SAMPLE:,} of them: {sample_s:.1f} s, trustworthiness "
          f"{theirs_t:.4f}; estimated at {len(x):,} points by N log N (x {scale:.2f}): "
          f"{estimate:.0f} s ({load()})", flush=True)
    print(f"ratio: ours {ours_s:.0f} s vs sklearn's estimated {estimate:.0f} s = "
          f"{estimate / ours_s:.1f}x faster", flush=True)


if __name__ == "__main__":
    main()
