"""BatchNorm and dropout modes against the formulas."""
import numpy as np
import pytest
import torch

from explorer import normalization as nz
from explorer.errors import InputError


def test_batchnorm_train_uses_batch_stats_and_eval_running_stats():
    r = nz.batchnorm_modes(batch_size=16, warm_batches=40, shift=2.0, seed=1)
    eps = 1e-5
    np.testing.assert_allclose(r.train_out, (r.batch - r.batch.mean())
                               / np.sqrt(r.batch.var() + eps), rtol=1e-9)
    np.testing.assert_allclose(r.eval_out, (r.batch - r.running_mean)
                               / np.sqrt(r.running_var + eps), rtol=1e-9)
    assert abs(r.train_out.mean()) < 1e-12 and r.eval_out.mean() > 0.5  # shift shows in eval
    assert abs(r.running_mean - 3.0) < 0.5 and abs(r.running_var - 4.0) < 1.5


def test_dropout_scales_kept_units_by_one_over_one_minus_p():
    r = nz.dropout_modes(0.3, n=20000, seed=0)
    assert set(np.unique(r.train_out)) == {0.0, 1 / 0.7}
    assert r.scale == pytest.approx(1 / 0.7)
    assert r.kept_fraction == pytest.approx(0.7, abs=0.01)
    assert r.train_out.mean() == pytest.approx(1.0, abs=0.02)
    np.testing.assert_array_equal(r.eval_out, r.x)


def test_small_batches_make_statistics_noisy_as_predicted():
    r = nz.batch_noise([2, 8, 64], trials=2000, data_std=2.0)
    np.testing.assert_allclose(r.mean_spread, r.expected_mean_spread, rtol=0.06)
    assert (np.diff(r.output_spread) < 0).all()


@pytest.mark.parametrize("call, code, message", [
    (lambda: nz.batchnorm_modes(batch_size=1), "out_of_range", r"batch size=1 .*\[2"),
    (lambda: nz.batchnorm_modes(batch_size=10**9), "budget", "BatchNorm batch"),
    (lambda: nz.batchnorm_modes(warm_batches=10**6), "budget", "fewer warm-up batches"),
    (lambda: nz.batchnorm_modes(data_std=float("nan")), "not_finite", "data std"),
    (lambda: nz.batchnorm_modes(data_mean=1e300), "out_of_range", "data mean"),
    (lambda: nz.batchnorm_modes(momentum=2.0), "out_of_range", "momentum"),
    (lambda: nz.batchnorm_modes(seed=2**32), "out_of_range", "seed"),
    (lambda: nz.dropout_modes(1.0), "out_of_range", r"\[0, 1\)"),
    (lambda: nz.dropout_modes(float("nan")), "not_finite", "dropout probability"),
    (lambda: nz.dropout_modes(0.5, n=0), "out_of_range", "n=0"),
    (lambda: nz.dropout_modes(0.5, seed=2**40), "out_of_range", "seed"),
    (lambda: nz.batch_noise([1, 4]), "out_of_range", "batch size=1"),
    (lambda: nz.batch_noise([]), "empty", "batch sizes"),
    (lambda: nz.batch_noise([2.5]), "not_integer", "batch size"),
    (lambda: nz.batch_noise([4], trials=1), "out_of_range", "trials"),
    (lambda: nz.batch_noise([10**6], trials=100), "budget", "fewer trials"),
])
def test_bad_arguments_are_explained(call, code, message):
    with pytest.raises(InputError, match=message) as err:
        call()
    assert err.value.code == code


def test_dropout_that_keeps_nothing_has_no_measured_scale_and_leaves_the_global_seed():
    torch.manual_seed(3)
    expected = torch.rand(1)
    torch.manual_seed(3)
    kept_none = next(r for r in (nz.dropout_modes(0.9, n=1, seed=s) for s in range(50))
                     if r.kept_fraction == 0)
    assert kept_none.scale is None and kept_none.expected_scale == pytest.approx(10)
    assert torch.rand(1) == expected


@pytest.mark.parametrize("p", [0.9, 0.95])
def test_dropout_figure_shows_kept_units_even_at_high_p(p):
    """Seed 0 at p >= 0.9 dropped all of the first 40 units: the figure widens until five
    kept units (height 1/(1 − p)) are drawn, and marks that height."""
    from explorer.figures.normalization import dropout_modes
    r = nz.dropout_modes(p, seed=0)
    bars = dropout_modes(r).data[0]
    heights = np.asarray(bars.y)
    assert np.count_nonzero(heights) == 5 and len(heights) >= 40
    np.testing.assert_allclose(heights[heights > 0], 1 / (1 - p))
    np.testing.assert_array_equal(heights, r.train_out[:len(heights)])
    assert f"1/(1−p) = {1 / (1 - p):.4g}" in dropout_modes(r).layout.annotations[0].text


def test_dropout_rules_note_001_holds_only_at_one_half():
    ps = np.linspace(0, 0.95, 20)
    r = nz.dropout_rules(ps, n=200_000, seed=0)
    std = np.sqrt(ps * (1 - ps) / 200_000)          # binomial standard error of the mean
    assert np.all(np.abs(r.vanilla_train - (1 - ps)) <= 5 * std + 1e-12)
    assert np.all(np.abs(r.inverted_train - 1) <= 5 * std / (1 - ps) + 1e-12)
    np.testing.assert_array_equal(r.inverted_eval, 1.0)
    np.testing.assert_allclose(r.keep_eval, 1 - ps)
    np.testing.assert_allclose(r.note_eval, ps)
    # note 001's inference output equals the training mean only near p = 0.5 …
    matches = np.abs(r.note_eval - r.vanilla_train) < 0.01
    np.testing.assert_allclose(ps[matches], [0.5])
    np.testing.assert_allclose(r.note_over_train, ps / (1 - ps))
    assert r.note_over_train[ps == 0.9] == pytest.approx(9)
    # … where no rescaling at all gives double the training mean ("结果翻倍")
    half = nz.dropout_rules([0.5], seed=1).rows()
    assert half[1]["inference / train"] == pytest.approx(2, abs=0.02)
    assert half[2]["inference / train"] == pytest.approx(1, abs=0.01)
    high = nz.dropout_rules([0.9], seed=1).rows()
    assert [round(row["inference / train"]) for row in high] == [1, 10, 9, 1]


@pytest.mark.parametrize("call, code", [
    (lambda: nz.dropout_rules([]), "empty"), (lambda: nz.dropout_rules(None), "empty"),
    (lambda: nz.dropout_rules([1.0]), "out_of_range"),
    (lambda: nz.dropout_rules([float("nan")]), "not_finite"),
    (lambda: nz.dropout_rules([0.5], n=10**9), "budget")])
def test_dropout_rules_refuse_bad_arguments(call, code):
    with pytest.raises(InputError) as err:
        call()
    assert err.value.code == code


def test_batch_noise_axes_label_the_batch_sizes_not_every_minor_tick():
    """The log axes printed 2 3 4 … 9 in every decade, overlapping at 1280 px."""
    from explorer.figures.normalization import batch_noise
    r = nz.batch_noise([2, 8, 64], trials=5)
    layout = batch_noise(r).layout
    assert list(layout.xaxis.tickvals) == [2, 8, 64] and layout.yaxis.dtick == "D2"
