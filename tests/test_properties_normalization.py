"""Property tests of explorer.normalization: BatchNorm and dropout against numpy / torch for
any setting, or an InputError; never NaN, never another exception."""
import math

import numpy as np
import torch
from hypothesis import given, settings, strategies as st

from explorer import normalization as nz
from explorer.errors import InputError

FAST = settings(max_examples=25, deadline=None)
ANY_FLOAT = st.floats(allow_nan=True, allow_infinity=True)
# Sizes: small whole numbers, or values that must be refused (cheap either way).
ODD_SIZE = st.sampled_from([math.nan, math.inf, -math.inf, -1.0, 0.5, 2.5, 1e300, 10**12])
LIMIT = nz.VALUE_LIMIT
EPS = 1e-5
SEED = st.integers(0, 2**32 - 1)


@FAST
@given(st.integers(2, 40), st.integers(0, 10), st.floats(-LIMIT, LIMIT), st.floats(0, LIMIT),
       st.floats(-LIMIT, LIMIT), SEED, st.floats(0, 1))
def test_batchnorm_modes_equal_the_running_average_in_numpy(batch_size, warm, mean, std, shift,
                                                            seed, momentum):
    r = nz.batchnorm_modes(batch_size, warm, mean, std, shift, seed, momentum)
    values = [r.batch_mean, r.batch_var, r.running_mean, r.running_var]
    assert np.isfinite([*r.batch, *r.train_out, *r.eval_out, *values]).all()
    g = torch.Generator().manual_seed(seed)          # the same draws, statistics in numpy
    running_mean, running_var = 0.0, 1.0
    for _ in range(warm):
        b = (mean + std * torch.randn(batch_size, 1, generator=g, dtype=torch.float64)).numpy()
        running_mean = (1 - momentum) * running_mean + momentum * b.mean()
        running_var = (1 - momentum) * running_var + momentum * b.var(ddof=1)
    scale = abs(mean) + abs(shift) + std + 1
    np.testing.assert_allclose([r.running_mean, r.running_var], [running_mean, running_var],
                               rtol=1e-9, atol=1e-12 * scale ** 2)
    batch = r.batch
    np.testing.assert_allclose(r.batch_mean, batch.mean(), rtol=1e-12, atol=1e-12 * scale)
    np.testing.assert_allclose(r.batch_var, batch.var(), rtol=1e-9, atol=1e-12 * scale ** 2)
    train = (batch - batch.mean()) / np.sqrt(batch.var() + EPS)
    evaluated = (batch - r.running_mean) / np.sqrt(r.running_var + EPS)
    tol = 1e-9 * scale / math.sqrt(EPS)
    np.testing.assert_allclose(r.train_out, train, rtol=1e-6, atol=tol)
    np.testing.assert_allclose(r.eval_out, evaluated, rtol=1e-6, atol=tol)


@FAST
@given(st.one_of(st.integers(-3, 5), ODD_SIZE), st.one_of(st.integers(-3, 20), ODD_SIZE),
       ANY_FLOAT, ANY_FLOAT, st.one_of(SEED, st.integers(2**32, 2**64)), ANY_FLOAT)
def test_batchnorm_modes_refuses_or_stays_finite(batch_size, warm, mean, std, seed, momentum):
    try:
        r = nz.batchnorm_modes(batch_size, warm, mean, std, 0.0, seed, momentum)
    except InputError:
        ok = (float(batch_size).is_integer() and 2 <= batch_size <= 64_000_000
              and float(warm).is_integer() and 0 <= warm <= 10_000
              and abs(mean) <= LIMIT and 0 <= std <= LIMIT and seed < 2**32
              and 0 <= momentum <= 1)
        assert not ok
    else:
        assert np.isfinite([*r.train_out, *r.eval_out, r.running_mean, r.running_var]).all()


@FAST
@given(st.floats(0, 0.99), st.integers(1, 3000), SEED)
def test_dropout_modes_equal_torch_dropout(p, n, seed):
    r = nz.dropout_modes(p, n, seed)
    torch.manual_seed(seed)
    expected = torch.nn.functional.dropout(torch.ones(n, dtype=torch.float64), p, True)
    np.testing.assert_array_equal(r.train_out, expected.numpy())
    np.testing.assert_array_equal(r.eval_out, np.ones(n))
    kept = r.train_out != 0
    assert r.kept_fraction == kept.mean()
    np.testing.assert_allclose(r.train_out[kept], 1 / (1 - p), rtol=1e-12)
    assert r.expected_scale == 1 / (1 - p)
    assert (r.scale is None) == (not kept.any())
    if r.scale is not None:
        assert math.isclose(r.scale, 1 / (1 - p), rel_tol=1e-12)


@FAST
@given(st.one_of(ANY_FLOAT, st.integers(-1, 2)), st.one_of(st.integers(-2, 5), ODD_SIZE),
       st.one_of(SEED, st.integers(2**32, 2**40)))
def test_dropout_modes_refuses_or_stays_finite(p, n, seed):
    try:
        r = nz.dropout_modes(p, n, seed)
    except InputError:
        assert not (0 <= p < 1 and float(n).is_integer() and 1 <= n <= 64_000_000
                    and seed < 2**32)
    else:
        assert np.isfinite(r.train_out).all() and (r.scale is None or math.isfinite(r.scale))


@FAST
@given(st.lists(st.integers(2, 24), min_size=1, max_size=4), st.integers(2, 40),
       st.floats(0, LIMIT), SEED)
def test_batch_noise_equals_numpy_on_the_same_draws(sizes, trials, std, seed):
    r = nz.batch_noise(sizes, trials, std, seed)
    unique = sorted(set(sizes))
    assert list(r.batch_sizes) == unique
    g = torch.Generator().manual_seed(seed)
    rows = []
    for b in unique:
        data = (std * torch.randn(trials, b, generator=g, dtype=torch.float64)).numpy()
        data[:, 0] = 1.0
        out = (data[:, 0] - data.mean(1)) / np.sqrt(data.var(1) + EPS)
        rows.append((data.mean(1).std(ddof=1), data.var(1).std(ddof=1), out.std(ddof=1)))
    scale = (std + 1) ** 2
    for got, want in zip((r.mean_spread, r.var_spread, r.output_spread), zip(*rows)):
        assert np.isfinite(got).all()
        np.testing.assert_allclose(got, want, rtol=1e-6, atol=1e-9 * scale)
    np.testing.assert_allclose(r.expected_mean_spread, std * np.sqrt(np.array(unique) - 1)
                               / np.array(unique))


@FAST
@given(st.one_of(st.lists(st.one_of(st.integers(-2, 6), ODD_SIZE), max_size=3),
                 st.none(), st.just("abc")),
       st.one_of(st.integers(-1, 4), ODD_SIZE), ANY_FLOAT)
def test_batch_noise_refuses_or_stays_finite(sizes, trials, std):
    try:
        r = nz.batch_noise(sizes, trials, std)
    except InputError:
        ok = (isinstance(sizes, list) and sizes
              and all(float(b).is_integer() and b >= 2 for b in sizes)
              and float(trials).is_integer() and trials >= 2 and 0 <= std <= LIMIT
              and trials * sum(set(sizes)) <= 64_000_000)
        assert not ok
    else:
        assert np.isfinite(r.output_spread).all() and np.isfinite(r.var_spread).all()


@FAST
@given(st.lists(st.floats(0, 0.99), min_size=1, max_size=5), st.integers(1, 2000), SEED)
def test_dropout_rules_are_the_masks_of_torch_dropout(ps, n, seed):
    """Training means are those of F.dropout's masks on the same seed; inference outputs are
    p and 1 − p; ratios are finite or None (a mask that kept nothing)."""
    r = nz.dropout_rules(ps, n, seed)
    torch.manual_seed(seed)
    for i, p in enumerate(ps):
        out = torch.nn.functional.dropout(torch.ones(n, dtype=torch.float64), p, True)
        assert math.isclose(r.inverted_train[i], out.mean().item(), rel_tol=1e-12)
        assert math.isclose(r.vanilla_train[i], (out != 0).double().mean().item(),
                            rel_tol=1e-9, abs_tol=1e-15)
        for row in r.rows(i):
            ratio = row["inference / train"]
            assert ratio is None or math.isfinite(ratio)
    np.testing.assert_array_equal(r.note_eval, ps)
    np.testing.assert_allclose(r.keep_eval, 1 - np.array(ps))
    np.testing.assert_array_equal(r.inverted_eval, 1.0)


@FAST
@given(st.one_of(st.lists(st.one_of(ANY_FLOAT, st.integers(-1, 2)), max_size=3), st.none(),
                 st.just("abc")), st.one_of(st.integers(-2, 5), ODD_SIZE))
def test_dropout_rules_refuse_or_answer(ps, n):
    try:
        r = nz.dropout_rules(ps, n)
    except InputError:
        ok = (isinstance(ps, list) and ps and all(0 <= p < 1 for p in ps)
              and float(n).is_integer() and 1 <= n <= 64_000_000 // max(len(ps), 1))
        assert not ok
    else:
        assert len(r.p) == len(ps) and np.isfinite(r.inverted_train).all()
