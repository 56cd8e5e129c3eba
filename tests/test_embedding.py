"""t-SNE wrapper, PCA, quality measures and feature sources, checked against sklearn/numpy."""
import numpy as np
import pytest
from PIL import Image
from scipy.spatial.distance import pdist, squareform
from sklearn.datasets import load_digits

from explorer import embedding as emb

FAST = emb.TSNEParams(perplexity=10, n_iter=50)


@pytest.fixture(scope="module")
def digits():
    return emb.digits_pixels()


@pytest.fixture(scope="module")
def digits_map(digits):
    return emb.tsne(digits.x, emb.TSNEParams(), snapshot_every=50)


def test_digits_pixels_are_sklearn_digits(digits):
    raw = load_digits()
    assert digits.x.shape == (1797, 64) and digits.images.shape == (1797, 8, 8)
    np.testing.assert_allclose(digits.x * 16, raw.data, atol=1e-5)
    np.testing.assert_array_equal(digits.labels, raw.target)
    assert digits.label_names()[:3] == ["0", "1", "2"]


def test_default_tsne_is_trustworthy_on_digits(digits, digits_map):
    assert digits_map.points.shape == (1797, 2)
    assert emb.trustworthiness(digits.x, digits_map.points) >= 0.95
    assert emb.knn_accuracy(digits_map.points, digits.labels) > 0.95


def test_snapshots_every_k_iterations_and_kl_falls(digits_map):
    iterations = [i for i, _ in digits_map.snapshots]
    assert iterations == list(range(50, emb.EXAGGERATION_ITER + 250 + 1, 50))
    assert [i for i, _ in digits_map.kl_curve] == iterations
    kl = [v for _, v in digits_map.kl_curve]
    assert kl[-1] < kl[len(kl) // 2] and all(v > 0 for v in kl)
    # the last snapshot is the map one gradient step before the end
    np.testing.assert_allclose(digits_map.snapshots[-1][1], digits_map.points, atol=0.5)


def test_kl_equals_exact_kl_of_openTSNE_affinities(digits_map):
    """KL(P‖Q) from openTSNE (Barnes-Hut estimate) vs the exact sum over all pairs."""
    p = digits_map.model.affinities.P.toarray()
    assert p.sum() == pytest.approx(1.0)
    y = digits_map.snapshots[-1][1]                      # the map the last KL was taken on
    w = 1 / (1 + squareform(pdist(y, "sqeuclidean")))
    np.fill_diagonal(w, 0)
    q = w / w.sum()
    mask = p > 0
    exact = float(np.sum(p[mask] * np.log(p[mask] / q[mask])))
    assert digits_map.kl_divergence == pytest.approx(exact, rel=0.05)


def test_same_seed_same_map_other_seed_other_map(digits):
    a = emb.tsne(digits.x[:400], FAST)
    b = emb.tsne(digits.x[:400], FAST)
    c = emb.tsne(digits.x[:400], emb.TSNEParams(perplexity=10, n_iter=50, seed=1,
                                                initialization="random"))
    np.testing.assert_array_equal(a.points, b.points)
    assert np.abs(a.points - c.points).max() > 1


def test_transform_places_a_training_point_next_to_itself(digits, digits_map):
    for i in (0, 500, 1200):
        placed = emb.transform(digits_map, digits.x[i])
        assert placed.shape == (1, 2)
        assert emb.nearest(digits_map.points, placed[0], 1)[0] == i


def test_nearest_matches_brute_force():
    rng = np.random.default_rng(0)
    points, query = rng.normal(size=(200, 2)), rng.normal(size=2)
    expected = np.argsort(np.linalg.norm(points - query, axis=1))[:7]
    np.testing.assert_array_equal(emb.nearest(points, query, 7), expected)


def test_pca_matches_svd(digits):
    points, ratio = emb.pca(digits.x)
    centred = digits.x - digits.x.mean(axis=0)
    _, s, vt = np.linalg.svd(centred, full_matrices=False)
    np.testing.assert_allclose(np.abs(points), np.abs(centred @ vt[:2].T), atol=1e-4)
    np.testing.assert_allclose(ratio, s[:2] ** 2 / np.sum(s ** 2), rtol=1e-5)


def test_knn_accuracy_and_trustworthiness_extremes():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(300, 5))
    labels = (x[:, 0] > 0).astype(int)
    assert emb.trustworthiness(x, x[:, :2] * 0 + rng.normal(size=(300, 2))) < 0.6
    assert emb.trustworthiness(x, x @ np.eye(5)[:, :2] * 1000 + x[:, 2:4] * 1e-9) > 0.7
    assert emb.knn_accuracy(x[:, :1], labels) > 0.97
    assert emb.knn_accuracy(rng.normal(size=(300, 2)), labels) < 0.65


@pytest.mark.parametrize("x, perplexity, message", [
    (np.ones((50, 4)), 30, "needs more than 3 × 30 = 90 points"),
    (np.where(np.eye(200, 4) > 0, np.nan, 1.0), 5, "4 of 200 points have missing"),
    (np.ones(10), 2, "table of N points"),
    (np.ones((100, 4)), 0, "perplexity must be > 0"),
])
def test_validate_refuses_with_a_clear_message(x, perplexity, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(")):
        emb.validate(x, perplexity)


def test_tsne_refuses_snapshot_period_that_does_not_divide(digits):
    with pytest.raises(ValueError, match="snapshot_every"):
        emb.tsne(digits.x[:200], emb.TSNEParams(n_iter=120), snapshot_every=50)


def test_progress_callback_reaches_the_total(digits):
    calls = []
    emb.tsne(digits.x[:300], emb.TSNEParams(perplexity=10, n_iter=100), 50,
             on_iteration=lambda done, total: calls.append((done, total)))
    total = emb.EXAGGERATION_ITER + 100
    assert calls == [(done, total) for done in range(50, total + 1, 50)]


def test_csv_features_with_text_labels():
    csv = b"a,b,kind\n1,2,cat\n3,4,dog\n5,6,cat\n"
    table = emb.read_table(csv)
    features = emb.features_from_table(table, "kind")
    np.testing.assert_array_equal(features.x, [[1, 2], [3, 4], [5, 6]])
    assert features.classes == ["cat", "dog"] and features.labels.tolist() == [0, 1, 0]
    assert emb.features_from_table(table.drop(columns="kind")).labels is None


@pytest.mark.parametrize("csv, label, message", [
    (b"a,b,kind\n1,2,cat\n3,4,dog\n", None, "kind hold text"),
    (b"a,b\n1,2\n3,\n", None, "b have missing"),
    (b"a,b\n", None, "no rows"),
    (b"", None, "could not read"),
])
def test_bad_csv_gets_a_clear_message(csv, label, message):
    with pytest.raises(ValueError, match=message):
        emb.features_from_table(emb.read_table(csv), label)


def test_an_image_becomes_its_digits_row(digits):
    """A test-set-style 8×8 picture of digit 0 comes back as the same 64 pixel values."""
    rgb = Image.fromarray(digits.images[0]).convert("RGB")
    (row,) = emb.image_rows(rgb)
    np.testing.assert_allclose(row[0], digits.x[0], atol=1 / 255 + 1e-6)


def test_network_features_raw_and_learned(tmp_path, monkeypatch):
    monkeypatch.setenv("EXPLORER_RUNS", str(tmp_path))
    import torch

    from explorer.train import TrainConfig, start_run
    result = start_run(TrainConfig(dataset="digits", model="lenet", epochs=1, seed=0))
    run_id = result.run_dir.name
    raw, learned = emb.network_features(run_id, max_points=300)
    splits = result.splits
    np.testing.assert_allclose(raw.x, splits.x_train[:300].flatten(1).numpy())
    with torch.no_grad():
        expected = result.model.cpu().penultimate(splits.x_train[:300]).numpy()
    np.testing.assert_allclose(learned.x, expected, atol=1e-5)
    np.testing.assert_array_equal(raw.labels, splits.y_train[:300].numpy())
    assert raw.images.shape == (300, 8, 8) and raw.images.dtype == np.uint8
    rgb = Image.fromarray(raw.images[0]).convert("RGB")
    pixels, features = emb.image_rows(rgb, run_id)
    np.testing.assert_allclose(pixels[0], raw.x[0], atol=0.05)
    assert features.shape == (1, learned.x.shape[1])
