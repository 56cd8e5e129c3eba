"""t-SNE: our default (explorer.embedding.tsne = openTSNE, 100 early-exaggeration + 250
iterations, exact neighbours and Barnes-Hut θ = 0.8 up to 10,000 points, every core) vs
sklearn.manifold.TSNE with its defaults (Barnes-Hut θ = 0.5, 250 + 750 iterations, OpenMP on
every core), in one run.

Data: sklearn's 1,797 digits (pixels / 16), and 10,000 points made of the digits repeated with
small Gaussian noise (σ = 0.05 on [0, 1] pixels; no subsampling, every point embedded).
Quality: sklearn.manifold.trustworthiness, k = 5, on both maps, and the final KL(P‖Q) each
library reports (fewer iterations leave ours higher). One timing per method (a t-SNE run is
long; the machine is shared, so timings are noisy).
Bounds on uploaded data: reading a 200,000-row CSV with ``read_table`` (at most
``MAX_CSV_ROWS`` rows parsed) against pandas reading all of it, and one t-SNE at that row cap on
one thread, as the served app runs it (app.py sets OMP_NUM_THREADS=1).
Run: ``python benchmarks/bench_tsne.py`` (numpy, pandas, scikit-learn and openTSNE).
"""
import io
import os
import sys
import time
from pathlib import Path

import numpy as np
from sklearn.datasets import load_digits
from sklearn.manifold import TSNE

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from explorer.embedding import (MAX_TSNE_POINTS, TSNEParams, read_table,  # noqa: E402
                                trustworthiness, tsne)

NOISE, LARGE = 0.05, 10_000


def datasets() -> dict[str, np.ndarray]:
    digits = load_digits().data / 16
    rng = np.random.default_rng(0)
    repeated = digits[np.arange(LARGE) % len(digits)]
    return {f"digits ({len(digits):,})": digits,
            f"noisy digits ({LARGE:,})": repeated + rng.normal(0, NOISE, repeated.shape)}


def timed(fn):
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def main():
    for name, x in datasets().items():
        ours_s, ours = timed(lambda: tsne(x, TSNEParams()))
        ref_s, ref = timed(lambda: TSNE(random_state=0).fit(x))
        ours_t = trustworthiness(x, ours.points)
        ref_t = trustworthiness(x, ref.embedding_)
        print(f"{name}: ours (openTSNE) {ours_s:.2f} s, sklearn TSNE {ref_s:.2f} s, "
              f"speed-up {ref_s / ours_s:.2f}x; trustworthiness ours {ours_t:.4f}, "
              f"sklearn {ref_t:.4f}, difference {ours_t - ref_t:+.4f}; KL ours "
              f"{ours.kl_divergence:.3f}, sklearn {ref.kl_divergence_:.3f}", flush=True)


def bounds():
    rng = np.random.default_rng(0)
    big = "f1,f2,f3\n" + "\n".join(",".join(f"{v:.3f}" for v in row)
                                  for row in rng.normal(size=(200_000, 3))) + "\n"
    data = big.encode()
    import pandas as pd
    ours_s, (table, _) = timed(lambda: read_table(data))
    ref_s, full = timed(lambda: pd.read_csv(io.BytesIO(data)))
    print(f"200,000-row CSV ({len(data) / 1e6:.1f} MB): read_table {ours_s:.3f} s "
          f"({len(table):,} rows kept), pandas reading all {ref_s:.3f} s ({len(full):,} rows), "
          f"ratio {ref_s / ours_s:.1f}x", flush=True)
    os.environ["OMP_NUM_THREADS"] = "1"
    x = table.to_numpy()[:MAX_TSNE_POINTS]
    one_s, result = timed(lambda: tsne(x, TSNEParams()))
    print(f"t-SNE at the {len(x):,}-point cap, one thread (the served app): {one_s:.1f} s, "
          f"KL {result.kl_divergence:.3f}", flush=True)


if __name__ == "__main__":
    main()
    bounds()
