"""t-SNE wrapper, PCA, quality measures and feature sources, checked against sklearn/numpy."""
import io
import os
import re

import numpy as np
import pytest
from PIL import Image
from scipy.spatial.distance import pdist, squareform
from sklearn.datasets import load_digits

from explorer import embedding as emb
from explorer.errors import InputError
from tests.data.make_bad_csv import bad_csv_files

FAST = emb.TSNEParams(perplexity=10, n_iter=50)


@pytest.fixture(scope="module", autouse=True)
def one_thread():
    """openTSNE on one thread, as in the served app: on a shared 2-core machine its OpenMP
    threads spin against other processes (a 60-point map took 10 s on 2 threads, 0.1 s on 1)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("OMP_NUM_THREADS", "1")
        yield


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
    # the last snapshot is the returned map itself (it was one update before it)
    np.testing.assert_array_equal(digits_map.snapshots[-1][1], digits_map.points)


def _exact_kl(p, y):
    """KL(P‖Q) summed over all pairs, Q the Student-t similarities of the map ``y``."""
    w = 1 / (1 + squareform(pdist(y, "sqeuclidean")))
    np.fill_diagonal(w, 0)
    q = w / w.sum()
    mask = p > 0
    return float(np.sum(p[mask] * np.log(p[mask] / q[mask])))


def test_kl_equals_exact_kl_of_openTSNE_affinities(digits_map):
    """KL(P‖Q) from openTSNE (Barnes-Hut estimate) vs the exact sum over all pairs, for the
    returned map and for a snapshot during the plain-P phase."""
    p = digits_map.model.affinities.P.toarray()
    assert p.sum() == pytest.approx(1.0)
    assert digits_map.kl_divergence == pytest.approx(_exact_kl(p, digits_map.points), rel=0.05)
    (iteration, y), (_, kl) = digits_map.snapshots[-2], digits_map.kl_curve[-2]
    assert iteration > emb.EXAGGERATION_ITER
    assert kl == pytest.approx(_exact_kl(p, y), rel=0.05)


def test_the_final_kl_is_of_the_returned_map_with_fft_too(digits, monkeypatch):
    """Above BH_UP_TO points the repulsion is FFT-interpolated: the final KL uses it too."""
    monkeypatch.setattr(emb, "BH_UP_TO", 0)
    result = emb.tsne(digits.x[:300], FAST)
    assert result.model.gradient_descent_params["negative_gradient_method"] == "fft"
    p = result.model.affinities.P.toarray()
    assert result.kl_divergence == pytest.approx(_exact_kl(p, result.points), rel=0.05)
    np.testing.assert_array_equal(result.snapshots[-1][1], result.points)


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


@pytest.mark.parametrize("x, message", [
    (np.ones((200, 5)), "all 200 points are the same point: trustworthiness has nothing"),
    (np.tile([[1e308, -1e308], [-1e308, 1e308]], (100, 1)), "differ by up to inf"),
    (np.tile([[1e300, 0.0], [0.0, 1e300]], (100, 1)), "rescale the columns"),
    (np.where(np.eye(200, 4) > 0, np.inf, 1.0), "features holds NaN or inf"),
])
def test_trustworthiness_refuses_points_it_cannot_rank(x, message):
    """sklearn gives NaN ('Input X contains NaN') or a meaningless score for these."""
    with pytest.raises(InputError, match=re.escape(message)):
        emb.trustworthiness(x, np.random.default_rng(0).normal(size=(len(x), 2)))


def test_trustworthiness_refuses_a_map_of_another_shape():
    x = np.random.default_rng(0).normal(size=(50, 4))
    with pytest.raises(InputError, match=r"map must have shape \(50, 2\)"):
        emb.trustworthiness(x, x[:40, :2])


@pytest.mark.parametrize("x, perplexity, message", [
    (np.eye(50, 4), 30, "needs more than 3 × 30 = 90 points"),
    (np.where(np.eye(200, 4) > 0, np.nan, 1.0), 5, "4 of 200 points have missing"),
    (np.ones(10), 2, "table of N points"),
    (np.ones((0, 3)), 2, "there are no points"),
    (np.ones((100, 1)), 2, "at least two feature columns"),
    (np.eye(100, 4), 0, "perplexity=0 is outside"),
    (np.eye(100, 4), float("nan"), "perplexity must be a finite number"),
    (np.ones((100, 4)), 5, "all 100 points are the same point"),
    (np.eye(100, 4) * 1e13, 5, "rescale the columns"),
    (np.eye(100, 4) * 1e-300, 5, "rescale the columns"),
    (np.zeros((emb.MAX_TSNE_POINTS + 1, 2)), 5, "over the limit of 10,000"),
])
def test_validate_refuses_with_a_clear_message(x, perplexity, message):
    with pytest.raises(InputError, match=message.replace("(", r"\(")):
        emb.validate(x, perplexity)


@pytest.mark.parametrize("scale", [1e-90, 1, 1e10])
def test_extreme_but_allowed_scales_give_a_finite_map(scale):
    """Inside the magnitude limits the map is finite and still separates two blobs."""
    x = np.vstack([np.random.default_rng(0).normal(0, 1, (30, 4)),
                   np.random.default_rng(1).normal(8, 1, (30, 4))])
    result = emb.tsne(x * scale, emb.TSNEParams(perplexity=5, n_iter=50))
    assert np.isfinite(result.points).all() and np.isfinite(result.kl_divergence)
    assert emb.knn_accuracy(result.points, np.arange(60) >= 30) == 1.0


def test_a_few_distinct_points_repeated_still_embed():
    x = np.repeat(np.random.default_rng(0).normal(size=(3, 4)), 20, axis=0)
    assert emb.duplicates(x) == 57
    result = emb.tsne(x, emb.TSNEParams(perplexity=5, n_iter=50))
    assert np.isfinite(result.points).all()
    # copies of one point stay together: each point's map neighbour is one of its copies
    groups = np.arange(60) // 20
    near = [emb.nearest(result.points, result.points[i], 2)[1] for i in range(60)]
    assert (groups[near] == groups).mean() > 0.95


def test_duplicates_counts_rows_seen_before():
    x = np.array([[1, 2], [3, 4], [1, 2], [1, 2], [3, 5]])
    assert emb.duplicates(x) == 2
    assert emb.duplicates(np.eye(5)) == 0
    assert emb.duplicates([[0.0, 1.0], [-0.0, 1.0]]) == 1
    x = np.random.default_rng(0).integers(0, 3, size=(2000, 3)).astype(float)
    assert emb.duplicates(x) == len(x) - len(np.unique(x, axis=0))


@pytest.mark.parametrize("params, message", [
    (emb.TSNEParams(perplexity=5, metric="hamming"), "unknown metric 'hamming'"),
    (emb.TSNEParams(perplexity=5, initialization="spectral"), "unknown initialization"),
    (emb.TSNEParams(perplexity=5, early_exaggeration=float("inf")), "early_exaggeration"),
    (emb.TSNEParams(perplexity=5, n_iter=0), "n_iter=0 is outside"),
    (emb.TSNEParams(perplexity=5, seed=2**32), "seed=4294967296 is outside"),
])
def test_tsne_refuses_bad_settings(params, message):
    with pytest.raises(InputError, match=message):
        emb.tsne(np.eye(60, 4), params)


def test_tsne_refuses_snapshot_period_that_does_not_divide(digits):
    with pytest.raises(ValueError, match="snapshot_every"):
        emb.tsne(digits.x[:200], emb.TSNEParams(n_iter=120), snapshot_every=50)


@pytest.mark.parametrize("snapshot_every", [50, 25, 10])
def test_progress_every_few_iterations_snapshots_every_k(digits, snapshot_every):
    calls = []
    result = emb.tsne(digits.x[:100], emb.TSNEParams(perplexity=5, n_iter=100),
                      snapshot_every, on_iteration=lambda done, total: calls.append((done, total)))
    total = emb.EXAGGERATION_ITER + 100
    every = emb.PROGRESS_EVERY
    assert calls == [(done, total) for done in range(every, total + 1, every)]
    assert [i for i, _ in result.snapshots] == list(range(snapshot_every, total + 1,
                                                          snapshot_every))


class Stop(Exception):
    pass


def test_an_exception_from_on_iteration_stops_the_run_there(digits):
    """How a page stops a t-SNE: Streamlit raises its rerun request from the progress bar's
    update; nothing runs after it (no further call, no result)."""
    calls = []

    def stop_at_30(done, total):
        calls.append(done)
        if done == 30:
            raise Stop
    with pytest.raises(Stop):
        emb.tsne(digits.x[:100], emb.TSNEParams(perplexity=5, n_iter=1000), 50, stop_at_30)
    assert calls == [10, 20, 30]


def test_the_fewest_points_t_sne_takes_can_be_scored():
    """7 points (perplexity 2): sklearn's trustworthiness needs k < N / 2, so k = 3 here."""
    from sklearn.manifold import trustworthiness
    x = np.random.default_rng(0).normal(size=(7, 3))
    result = emb.tsne(x, emb.TSNEParams(perplexity=2))
    scores = emb.map_quality(x, result.points, np.array([0, 1, 0, 1, 0, 1, 0]))
    assert scores["trustworthiness"] == pytest.approx(
        trustworthiness(x, result.points, n_neighbors=3))
    assert 0 <= scores["5-NN accuracy (map)"] <= 1


def test_trustworthiness_of_many_points_scores_a_subset(monkeypatch):
    rng = np.random.default_rng(0)
    x = rng.normal(size=(500, 6))
    points = x[:, :2] + rng.normal(0, 0.1, (500, 2))
    monkeypatch.setattr(emb, "MAX_TRUST_POINTS", 200)
    rows = np.random.default_rng(3).choice(500, 200, replace=False)
    from sklearn.manifold import trustworthiness
    assert emb.trustworthiness(x, points, seed=3) == pytest.approx(
        trustworthiness(x[rows], points[rows], n_neighbors=5))


def test_csv_features_with_text_labels():
    csv = b"a,b,kind\n1,2,cat\n3,4,dog\n5,6,cat\n"
    table, notes = emb.read_table(csv)
    assert notes == []
    features = emb.features_from_table(table, "kind")
    np.testing.assert_array_equal(features.x, [[1, 2], [3, 4], [5, 6]])
    assert features.classes == ["cat", "dog"] and features.labels.tolist() == [0, 1, 0]
    assert emb.features_from_table(table.drop(columns="kind")).labels is None


# What each file of the hostile-CSV corpus gets: a message naming the problem (and the bad
# cell), or a table (with notes) that t-SNE accepts at perplexity 5.
CORPUS = {
    "empty.csv": "the file is empty (0 bytes)",
    "header_only.csv": "header but no rows",
    "one_column.csv": "at least two feature columns",
    "text_cells.csv": "column 'f2' holds text, not numbers (row 6: 'two')",
    "nan_cells.csv": "'f2', 'f4' have missing (NaN) values in 1 rows (first: row 8)",
    "inf_cells.csv": "'f2', 'f4' have infinite values in 1 rows (first: row 10)",
    "ragged_long.csv": "Expected 4 fields in line 5, saw 5",
    "ragged_short.csv": "'f3', 'f4' have missing (NaN) values in 1 rows (first: row 4)",
    "unterminated_quote.csv": "EOF inside string",
    "all_identical.csv": "all 100 points are the same point",
    "huge_values.csv": "rescale the columns",
    "binary.csv": "not a text file",
    "latin1.csv": "column 'étiquette' holds text",
    "decimal_comma.csv": "a decimal comma?",
    "formula_cells.csv": "column 'f1' holds text, not numbers (row 5: '=1+1')",
    "markdown_headers.csv": "column '<img src=http://evil.example/q.png>' holds text",
    "many_labels.csv": "200 different values, over the limit of 60 classes",
    "wide_5000_columns.csv": "5,000 columns, over the limit of 4,096",
    "line_10mb.csv": "header but no rows",
    "cell_10mb.csv": "column 'f2' holds text, not numbers (row 1: '9999",
    "too_few_points.csv": ((20, 4), []),
    "some_duplicates.csv": ((100, 4), []),
    "utf16_bom.csv": ((100, 4), ["Read as UTF-16 text."]),
    "utf8_bom.csv": ((100, 4), []),
    "semicolon.csv": ((100, 4), ["Columns separated by ';'."]),
    "formula_labels.csv": ((100, 4), []),
    "markdown_labels.csv": ((100, 4), []),
    "rows_200000.csv": ((10_000, 3), ["The file has more than 10,000 rows: the first 10,000 "
                                      "are used (the limit of 10,000 rows"]),
}


def _embeddable(data: bytes):
    table, notes = emb.read_table(data)
    features = emb.features_from_table(table, "label" if "label" in table.columns else None)
    emb.validate(features.x, 5)
    return features, notes


@pytest.fixture(scope="module")
def corpus():
    return bad_csv_files()


def test_the_corpus_is_covered(corpus):
    assert set(corpus) == set(CORPUS)


@pytest.mark.parametrize("name", CORPUS)
def test_hostile_csv_corpus(corpus, name):
    expected = CORPUS[name]
    if isinstance(expected, str):
        with pytest.raises(InputError) as caught:
            _embeddable(corpus[name])
        assert expected in str(caught.value)
        assert len(str(caught.value)) < 400          # a 10 MB cell is not pasted whole
        return
    shape, notes = expected
    features, got = _embeddable(corpus[name])
    assert features.x.shape == shape
    assert len(got) == len(notes) and all(g.startswith(n) for g, n in zip(got, notes))


def test_corpus_values_are_read_exactly(corpus):
    """UTF-16, BOM and semicolon files give the same numbers and labels as a plain CSV."""
    plain, _ = emb.read_table(corpus["utf8_bom.csv"])
    reference = emb.features_from_table(plain, "label")
    assert reference.classes == ["a", "b"] and reference.labels.tolist() == [0] * 50 + [1] * 50
    for name in ("utf16_bom.csv", "semicolon.csv"):
        table, _ = emb.read_table(corpus[name])
        other = emb.features_from_table(table, "label")
        np.testing.assert_array_equal(other.x, reference.x)
        np.testing.assert_array_equal(other.labels, reference.labels)
    table, _ = emb.read_table(corpus["rows_200000.csv"])
    full = np.loadtxt(io.BytesIO(corpus["rows_200000.csv"]), delimiter=",", skiprows=1,
                      max_rows=10_000)
    np.testing.assert_array_equal(table.to_numpy(), full)


def test_markdown_and_formula_labels_are_kept_as_written(corpus):
    table, _ = emb.read_table(corpus["markdown_labels.csv"])
    features = emb.features_from_table(table, "label")
    from tests.data.make_bad_csv import HOSTILE_NAMES
    assert sorted(features.classes) == sorted(HOSTILE_NAMES + ["b"])


def test_rows_are_capped_by_cells_when_columns_are_many(monkeypatch):
    monkeypatch.setattr(emb, "MAX_CSV_CELLS", 1000)
    data = ("\n".join([",".join(f"c{i}" for i in range(100))]
                      + [",".join(["1"] * 100)] * 50) + "\n").encode()
    table, notes = emb.read_table(data)
    assert table.shape == (10, 100)
    assert "100 columns × 10 rows is the limit of 1,000 cells" in notes[0]


@pytest.mark.parametrize("csv, label, message", [
    (b"a,b,kind\n1,2,cat\n3,4,dog\n", None, "column 'kind' holds text"),
    (b"a,b\n1,2\n3,\n", None, "'b' have missing"),
    (b"a,b,kind\n1,2,cat\n3,4,\n", "kind", "1 empty cells (first: row 2)"),
    (b"a,b\n1,2\n", "nope", "there is no column 'nope'"),
])
def test_bad_csv_gets_a_clear_message(csv, label, message):
    table, _ = emb.read_table(csv)
    with pytest.raises(InputError, match=re.escape(message)):
        emb.features_from_table(table, label)


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


def test_threads_follow_omp_num_threads(monkeypatch):
    monkeypatch.setenv("OMP_NUM_THREADS", "3")
    assert emb.usable_cores() == 3
    monkeypatch.delenv("OMP_NUM_THREADS")
    assert emb.usable_cores() == len(os.sched_getaffinity(0))


def test_animation_rows_all_or_a_seeded_subset():
    np.testing.assert_array_equal(emb.animation_rows(50), np.arange(50))
    rows = emb.animation_rows(10_000, seed=3)
    assert len(rows) == emb.ANIMATION_POINTS == len(set(rows.tolist()))
    assert (np.diff(rows) > 0).all() and rows.max() < 10_000
    np.testing.assert_array_equal(rows, emb.animation_rows(10_000, seed=3))
    assert not np.array_equal(rows, emb.animation_rows(10_000, seed=4))


@pytest.mark.parametrize("x, message", [
    (np.ones((5, 3)), "every column constant"),
    (np.ones((1, 3)), "got shape (1, 3)"),
    ([[np.inf, 1], [1, 2]], "x holds NaN or inf"),
    (np.ones(4), "must have 2 dimension"),
])
def test_pca_refuses_what_has_no_two_components(x, message):
    with pytest.raises(InputError, match=re.escape(message)):
        emb.pca(x)


def test_transform_refuses_bad_rows_and_a_map_without_model(digits, digits_map):
    with pytest.raises(InputError, match="x_new holds NaN"):
        emb.transform(digits_map, np.full(64, np.nan))
    with pytest.raises(InputError, match=re.escape("shape (None, 64), got (1, 3)")):
        emb.transform(digits_map, [1, 2, 3])
    from dataclasses import replace
    with pytest.raises(InputError, match="without its openTSNE model"):
        emb.transform(replace(digits_map, model=None), digits.x[0])


# --- the default map, computed once per installation ---
def test_persisted_map_is_computed_once_and_read_back_equal(digits, digits_map, tmp_path,
                                                           monkeypatch):
    """The page's default map goes through explorer.disk_cache: the first call computes it
    (the same map as tsne's), later calls, in this process or another, read the same arrays
    back; another data set or other settings are other entries."""
    monkeypatch.setenv("EXPLORER_CACHE", str(tmp_path))
    calls = []
    real = emb.tsne
    monkeypatch.setattr(emb, "tsne", lambda *a: calls.append(1) or real(*a))
    first = emb.persisted_tsne(digits.x)
    again = emb.persisted_tsne(digits.x.copy())
    assert calls == [1] and len(list(tmp_path.glob("tsne-*.npz"))) == 1
    for result in (first, again):
        np.testing.assert_array_equal(result.points, digits_map.points)
        assert [i for i, _ in result.snapshots] == [i for i, _ in digits_map.snapshots]
        np.testing.assert_array_equal(result.snapshots[2][1], digits_map.snapshots[2][1])
        assert result.kl_curve == digits_map.kl_curve and result.model is None
    emb.persisted_tsne(digits.x[:300], emb.TSNEParams(perplexity=10, n_iter=50))
    assert calls == [1, 1] and len(list(tmp_path.glob("tsne-*.npz"))) == 2


def test_a_map_read_from_disk_places_points_as_its_own_model_does(digits, digits_map):
    """with_model rebuilds the openTSNE model around a stored map: transform then places the
    training points where the original model places them."""
    from dataclasses import replace
    rebuilt = emb.with_model(replace(digits_map, model=None), digits.x, emb.TSNEParams())
    np.testing.assert_allclose(emb.transform(rebuilt, digits.x[:5]),
                               emb.transform(digits_map, digits.x[:5]), atol=1e-6)
    assert emb.with_model(digits_map, digits.x, emb.TSNEParams()) is digits_map
    with pytest.raises(InputError, match="the map has 1797 points, the features 10"):
        emb.with_model(replace(digits_map, model=None), digits.x[:10], emb.TSNEParams(3))


# --- the classic map: all of MNIST, or as many generated points of its shape ---
def test_generated_mnist_shaped_points_are_a_structured_ten_class_mixture():
    points = emb.mnist_shaped(2000, seed=1)
    assert points.x.shape == (2000, 784) and points.images.shape == (2000, 28, 28)
    assert points.x.dtype == np.float32 and 0 <= points.x.min() and points.x.max() <= 1
    assert sorted(set(points.labels)) == list(range(10)) and points.classes[3] == "3"
    np.testing.assert_array_equal(np.round(points.x[:5] * 255).reshape(5, 28, 28),
                                  points.images[:5])
    np.testing.assert_array_equal(emb.mnist_shaped(2000, seed=1).x, points.x)   # seeded
    assert not np.array_equal(emb.mnist_shaped(2000, seed=2).x, points.x)
    assert emb.knn_accuracy(points.x, points.labels) > 0.9    # classes, not pure noise
    shuffled = np.random.default_rng(0).permutation(points.labels)
    assert emb.knn_accuracy(points.x, shuffled) < 0.2


def test_mnist_points_are_real_mnist_when_on_disk(tmp_path, monkeypatch):
    from tests.test_data import _mnist_files
    raw = _mnist_files(tmp_path)
    monkeypatch.setenv("EXPLORER_DATA", str(tmp_path))
    points, real = emb.mnist_points()
    assert real and points.name == emb.MNIST_ALL and points.x.shape == (130, 50)
    pixels = np.frombuffer((raw / "train-images-idx3-ubyte").read_bytes()[16:], np.uint8)
    test_pixels = np.frombuffer((raw / "t10k-images-idx3-ubyte").read_bytes()[16:], np.uint8)
    every = np.concatenate([pixels, test_pixels]).reshape(130, 784)
    # the same 130 images (in the splits' order), pixels back to 0..255 exactly
    assert sorted(map(bytes, points.images.reshape(130, -1))) == sorted(map(bytes, every))
    assert sorted(points.labels) == sorted(np.r_[np.arange(100) % 10, np.arange(30) % 10])
    np.testing.assert_allclose(points.x, emb.principal_components(
        points.images.reshape(130, -1) / 255, 50), atol=1e-3)


def test_mnist_points_are_generated_and_said_so_without_mnist(tmp_path, monkeypatch):
    monkeypatch.setenv("EXPLORER_DATA", str(tmp_path))
    real_shaped = emb.mnist_shaped
    monkeypatch.setattr(emb, "mnist_shaped", lambda seed: real_shaped(600, seed))
    points, real = emb.mnist_points()
    assert not real and points.name == emb.MNIST_GENERATED and points.x.shape == (600, 50)
    assert emb.point_limit(points.name) == emb.MNIST_POINTS == 70_000
    assert emb.point_limit(emb.DIGITS_PIXELS) == emb.MAX_TSNE_POINTS


def test_the_classic_map_may_take_more_points_than_any_other(monkeypatch):
    x = np.random.default_rng(0).normal(size=(emb.MAX_TSNE_POINTS + 1, 2))
    with pytest.raises(InputError, match="over the limit of 10,000"):
        emb.tsne(x, FAST)
    with pytest.raises(InputError, match="over the limit of 70,000"):
        emb.validate(np.zeros((emb.MNIST_POINTS + 1, 2)), 30, emb.MNIST_POINTS)
    assert emb.validate(x, 30, emb.MNIST_POINTS).shape == x.shape


def test_scores_of_a_large_map_use_a_seeded_subset(monkeypatch):
    monkeypatch.setattr(emb, "MAX_TRUST_POINTS", 300)
    rng = np.random.default_rng(0)
    x, labels = rng.normal(size=(1000, 5)), rng.integers(0, 3, 1000)
    rows = np.random.default_rng(0).choice(1000, 300, replace=False)
    scores = emb.map_quality(x, x[:, :2], labels)
    assert scores == emb.map_quality(x[rows], x[rows, :2], labels[rows])
