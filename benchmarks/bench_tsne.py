"""t-SNE: our default (explorer.embedding.tsne = openTSNE, 250 early-exaggeration + 250
iterations, Barnes-Hut below 10,000 points and FFT interpolation from 10,000, one thread) vs
sklearn.manifold.TSNE with its defaults (Barnes-Hut, 1,000 iterations), in one run.

Data: sklearn's 1,797 digits (pixels / 16), and 10,000 points made of the digits repeated with
small Gaussian noise (σ = 0.05 on [0, 1] pixels; no subsampling, every point embedded).
Quality: sklearn.manifold.trustworthiness, k = 5, on both maps. One timing per method (a
t-SNE run is long; the machine is shared, so timings are noisy).
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
    points = fn()
    return time.perf_counter() - start, points


def main():
    for name, x in datasets().items():
        ours_s, ours = timed(lambda: tsne(x, TSNEParams()).points)
        ref_s, ref = timed(lambda: TSNE(random_state=0).fit_transform(x))
        ours_t, ref_t = trustworthiness(x, ours), trustworthiness(x, ref)
        print(f"{name}: ours (openTSNE) {ours_s:.2f} s, sklearn TSNE {ref_s:.2f} s, "
              f"speed-up {ref_s / ours_s:.2f}x; trustworthiness ours {ours_t:.4f}, "
              f"sklearn {ref_t:.4f}, difference {ours_t - ref_t:+.4f}", flush=True)


if __name__ == "__main__":
    main()
