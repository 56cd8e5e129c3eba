"""The exact-KL judge against scikit-learn's own exact KL (dense P, every pair)."""
import numpy as np
import pytest
from scipy.spatial.distance import squareform
from sklearn.datasets import load_digits
from sklearn.manifold._t_sne import _kl_divergence

from explorer.tsne_kl import affinities, exact_kl, normaliser


@pytest.fixture(scope="module")
def small():
    x = load_digits().data[:300] / 16
    return x, affinities(x, perplexity=20)


def test_p_is_a_symmetric_distribution(small):
    _, p = small
    assert abs(p.sum() - 1) < 1e-9
    assert abs(p - p.T).max() < 1e-12


@pytest.mark.parametrize("chunk", [1, 7, 1000])
def test_normaliser_equals_the_dense_sum(chunk):
    y = np.random.default_rng(0).normal(size=(50, 2)) * 3
    d2 = ((y[:, None] - y[None]) ** 2).sum(-1)
    dense = (1 / (1 + d2)).sum() - len(y)
    assert normaliser(y, chunk) == pytest.approx(dense, rel=1e-12)


@pytest.mark.parametrize("seed", [0, 1])
def test_kl_equals_sklearns_exact_kl_divergence(small, seed):
    x, p = small
    y = np.random.default_rng(seed).normal(size=(len(x), 2)) * 5
    dense = squareform(p.toarray(), checks=False)          # condensed, as sklearn takes P
    theirs, _ = _kl_divergence(y.ravel(), dense, 1.0, len(x), 2, compute_error=True)
    assert exact_kl(p, y) == pytest.approx(theirs, rel=1e-6)


def test_a_good_map_scores_lower_than_noise(small):
    from sklearn.manifold import TSNE
    x, p = small
    good = TSNE(perplexity=20, random_state=0, init="pca").fit_transform(x)
    noise = np.random.default_rng(0).normal(size=good.shape) * good.std()
    assert exact_kl(p, good) < exact_kl(p, noise) / 2
