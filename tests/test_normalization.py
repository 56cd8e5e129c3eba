"""BatchNorm and dropout modes against the formulas."""
import numpy as np
import pytest

from explorer import normalization as nz


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


@pytest.mark.parametrize("call, message", [
    (lambda: nz.batchnorm_modes(batch_size=1), "at least 2"),
    (lambda: nz.dropout_modes(1.0), r"\[0, 1\)"),
    (lambda: nz.batch_noise([1, 4]), "at least 2"),
])
def test_bad_arguments_are_explained(call, message):
    with pytest.raises(ValueError, match=message):
        call()
