"""t-SNE: our default (explorer.embedding.tsne = openTSNE, 100 early-exaggeration + 250
iterations, exact neighbours and Barnes-Hut θ = 0.8 up to 10,000 points, every core) vs
sklearn.manifold.TSNE with its defaults (Barnes-Hut θ = 0.5, 250 + 750 iterations, OpenMP on
every core), in one run.

Data: sklearn's 1,797 digits (pixels / 16), and 10,000 points made of the digits repeated with
small Gaussian noise (σ = 0.05 on [0, 1] pixels; no subsampling, every point embedded).
Quality: sklearn.manifold.trustworthiness, k = 5, on both maps, and the final KL(P‖Q) each
library reports (fewer iterations leave ours higher). One timing per method (a t-SNE run is
long; the machine is shared, so timings are noisy).
Run: ``python benchmarks/bench_tsne.py`` (numpy, scikit-learn and openTSNE).
"""
import sys
import time
from pathlib import Path

import numpy as np
from sklearn.datasets import load_digits
from sklearn.manifold import TSNE

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from explorer.embedding import TSNEParams, trustworthiness, tsne  # noqa: E402

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


if __name__ == "__main__":
    main()
