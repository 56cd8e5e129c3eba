"""Property tests of explorer.featuremaps: maps against scipy's correlation, statistics and
scalings against numpy, node shapes against a real forward pass, for any input; bad input
gives an InputError, never NaN or another exception."""
import math

import numpy as np
import torch
from hypothesis import given, settings, strategies as st
from hypothesis.extra import numpy as hnp
from scipy.ndimage import correlate

from explorer import featuremaps as fm
from explorer.errors import InputError
from explorer.models import build_model

FAST = settings(max_examples=25, deadline=None)
SEED = st.integers(0, 2**32 - 1)
BIG = float(np.float32(1e30))


def _maps(channels=(1, 5), side=(1, 9), elements=st.floats(-BIG, BIG, width=32)):
    return hnp.arrays(np.float32, st.tuples(st.integers(*channels), st.integers(*side),
                                            st.integers(*side)), elements=elements)


@FAST
@given(hnp.arrays(np.float64, st.tuples(st.integers(1, 4), st.just(3), st.just(3)),
                  elements=st.floats(-1e3, 1e3)),
       hnp.arrays(np.float32, st.tuples(st.integers(1, 12), st.integers(1, 12)),
                  elements=st.floats(-10, 10, width=32)))
def test_handmade_maps_equal_scipy_correlation(kernels, image):
    model = fm.handmade(kernels.tolist())
    nodes = fm.map_nodes(model, (1, *image.shape))
    assert [n.shape for n in nodes] == [(len(kernels), *image.shape)] * 2
    maps = fm.feature_maps(fm.extractor(model, nodes), torch.from_numpy(image)[None, None])
    for k, kernel in enumerate(kernels.astype(np.float32)):
        expected = correlate(image.astype(np.float64), kernel.astype(np.float64),
                             mode="constant")
        np.testing.assert_allclose(maps["conv"][k].numpy(), expected, rtol=1e-4,
                                   atol=1e-4 * (1 + np.abs(kernel).sum() * 10))
    torch.testing.assert_close(maps["relu"], maps["conv"].clamp_min(0))


@FAST
@given(st.one_of(st.lists(st.lists(st.lists(st.one_of(st.floats(), st.just("x")), max_size=4),
                                   max_size=4), max_size=3),
                 st.just([]), st.just(None), st.just(3.0)))
def test_handmade_refuses_anything_but_3x3_grids_of_numbers(kernels):
    try:
        model = fm.handmade(kernels)
    except InputError:
        return
    weight = model.conv.weight
    assert weight.shape[1:] == (1, 3, 3) and torch.isfinite(weight).all()


@FAST
@given(_maps())
def test_channel_stats_equal_numpy(maps):
    stats = fm.channel_stats(torch.from_numpy(maps))
    flat = maps.reshape(len(maps), -1).astype(np.float64)
    scale = np.abs(flat).max(1) + 1e-300
    np.testing.assert_allclose(stats.mean, flat.mean(1), rtol=1e-9, atol=1e-12 * scale.max())
    np.testing.assert_allclose(stats.std, flat.std(1), rtol=1e-6, atol=1e-9 * scale.max())
    np.testing.assert_array_equal(stats.minimum, flat.min(1))
    np.testing.assert_array_equal(stats.maximum, flat.max(1))
    np.testing.assert_array_equal(stats.nonpositive, (flat <= 0).mean(1))
    order = fm.channel_order(stats, "mean")
    assert sorted(order) == list(range(len(maps)))
    assert (np.diff(stats.mean[order]) <= 0).all()


@FAST
@given(_maps(), st.data())
def test_tiles_scale_each_channel_to_unit_range(maps, data):
    order = np.array(data.draw(st.permutations(range(len(maps)))), dtype=np.int64)
    out = fm.tiles(torch.from_numpy(maps), order)          # small maps: no pooling
    assert out.shape == maps.shape and out.dtype == np.float32 and np.isfinite(out).all()
    x = maps[order].astype(np.float64)
    low = x.min((1, 2), keepdims=True)
    span = np.maximum(x.max((1, 2), keepdims=True) - low, 1e-12)
    np.testing.assert_allclose(out, (x - low) / span, atol=1e-6)
    assert out.min() >= 0 and out.max() <= 1


@FAST
@given(_maps(channels=(1, 3), side=(5, 40), elements=st.floats(-1, 1, width=32)),
       st.integers(1, 400))
def test_tiles_shrink_to_the_budget(maps, budget):
    out = fm.tiles(torch.from_numpy(maps), np.arange(len(maps)), budget)
    largest = max(4, int((budget / len(maps)) ** 0.5))
    assert max(out.shape[1:]) <= max(largest, 1) or max(maps.shape[1:]) <= largest
    assert np.isfinite(out).all() and out.min() >= 0 and out.max() <= 1


@FAST
@given(st.one_of(_maps(), st.just(np.zeros((0, 2, 2), np.float32)),
                 st.just(np.full((1, 2, 2), np.nan, np.float32)),
                 st.just(np.zeros((2, 2), np.float32))),
       st.lists(st.integers(-2, 6), max_size=6), st.integers(-1, 10))
def test_tiles_refuse_bad_maps_or_orders(maps, order, budget):
    try:
        out = fm.tiles(torch.from_numpy(maps), np.array(order, dtype=np.int64), budget)
    except InputError:
        ok = (maps.ndim == 3 and maps.size and np.isfinite(maps).all() and order
              and len(set(order)) == len(order) and 0 <= min(order)
              and max(order) < len(maps) and budget >= 1)
        assert not ok
    else:
        assert np.isfinite(out).all() and len(out) == len(order)


@FAST
@given(hnp.arrays(np.float32, st.tuples(st.integers(1, 7), st.integers(1, 4),
                                        st.integers(1, 4)), elements=st.floats(-5, 5, width=32)),
       st.integers(1, 8))
def test_montage_places_every_tile_in_reading_order(images, columns):
    grid = fm.montage(images, columns)
    n, h, w = images.shape
    rows = -(-n // columns)
    assert grid.shape == (rows * (h + 1) - 1, columns * (w + 1) - 1)
    for i, image in enumerate(images):
        r, c = divmod(i, columns)
        np.testing.assert_array_equal(grid[r * (h + 1):r * (h + 1) + h,
                                           c * (w + 1):c * (w + 1) + w], image)
    assert np.isnan(grid).sum() == grid.size - images.size


@FAST
@given(st.integers(1, 500), st.floats(1e-3, 1e3))
def test_grid_columns_is_the_closest_aspect(count, aspect):
    columns = fm.grid_columns(count, aspect)
    assert 1 <= columns <= count
    assert columns == max(1, min(count, round(math.sqrt(count * aspect))))


@FAST
@given(hnp.arrays(np.float32, st.tuples(st.integers(1, 4), st.sampled_from([1, 2, 3]),
                                        st.integers(1, 5), st.integers(1, 5)),
                  elements=st.floats(width=32, allow_nan=False, allow_infinity=False)))
def test_kernel_images_rgb_share_one_scale_grey_is_the_channel_mean(weight):
    out = fm.kernel_images(torch.from_numpy(weight))
    assert np.isfinite(out).all()
    w = weight.astype(np.float64)
    if weight.shape[1] == 3:
        span = max(w.max() - w.min(), 1e-12)
        np.testing.assert_allclose(out, ((w - w.min()) / span).transpose(0, 2, 3, 1),
                                   atol=1e-6)
    else:
        # the images are float32: a mean below its smallest subnormal (1e-45 and 0) is 0
        np.testing.assert_allclose(out, w.mean(1).astype(np.float32), rtol=1e-6)


@settings(max_examples=12, deadline=None)
@given(st.sampled_from(fm.CNN_NAMES), st.integers(1, 3), st.integers(1, 12), st.integers(1, 12),
       SEED)
def test_node_shapes_are_the_shapes_a_forward_pass_gives(name, channels, height, width, seed):
    torch.manual_seed(seed % 1000)
    smallest = 16 if name == "note4_cnn" else 4    # two unpadded 5x5 convs, two pools
    try:
        model = build_model(name, (channels, max(height, smallest), max(width, smallest)),
                            3).eval()
        nodes = fm.map_nodes(model, (channels, height, width))
    except InputError as err:
        assert err.code in ("shape", "out_of_range") and min(height, width) < smallest
        return
    x = torch.randn(1, channels, height, width, generator=torch.Generator().manual_seed(seed))
    maps = fm.feature_maps(fm.extractor(model, nodes), x)
    assert [tuple(maps[n.name].shape) for n in nodes] == [n.shape for n in nodes]
    assert all(torch.isfinite(m).all() for m in maps.values())


@settings(max_examples=10, deadline=None)
@given(st.sampled_from(fm.CNN_NAMES), SEED)
def test_random_cnn_is_a_function_of_its_seed(name, seed):
    a, b = fm.random_cnn(name, seed), fm.random_cnn(name, seed)
    torch.testing.assert_close(a.state_dict(), b.state_dict())


@settings(max_examples=10, deadline=None)
@given(st.sampled_from(fm.CNN_NAMES), st.data())
def test_activation_pairs_join_a_non_activation_to_the_activation_after_it(name, data):
    model = fm.random_cnn(name)
    nodes = fm.map_nodes(model, (3, fm.RANDOM_INPUT.size, fm.RANDOM_INPUT.size))
    names = [n.name for n in nodes]
    picked = data.draw(st.sampled_from(names))
    pair = fm.activation_pair(model, nodes, picked)
    if pair is not None:
        before, after = pair
        assert picked in pair and names.index(after) == names.index(before) + 1
        assert fm.is_activation(model, after) and not fm.is_activation(model, before)
    for odd in (None, "", 3):
        try:
            fm.is_activation(model, odd)
        except InputError as err:
            assert err.code == "other"
        else:
            raise AssertionError(f"{odd!r} accepted as a node name")
