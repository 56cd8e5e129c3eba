"""Property tests of explorer.augment: for any image and setting, the transforms.v2 shapes, the
MixUp/CutMix label algebra and the closed forms hold, or an InputError explains; never NaN,
never another exception."""
import math

import numpy as np
import pytest
import torch
from hypothesis import given, settings, strategies as st
from PIL import Image

from explorer import augment as aug
from explorer.errors import InputError

FAST = settings(max_examples=20, deadline=None)
SEED = st.integers(0, 2**32 - 1)
SIDE = st.integers(1, 20)


@st.composite
def images(draw, batch=None):
    """A float32 [3, H, W] (or [B, 3, H, W]) image in [0, 1], from a seed."""
    h, w = draw(SIDE), draw(SIDE)
    shape = (3, h, w) if batch is None else (batch, 3, h, w)
    return torch.rand(shape, generator=torch.Generator().manual_seed(draw(SEED)))


@st.composite
def odd_tensors(draw):
    """Tensors that may be wrong in every way: shape, dtype, values."""
    shape = tuple(draw(st.lists(st.integers(0, 4), max_size=5)))
    dtype = draw(st.sampled_from([torch.float32, torch.float64, torch.uint8, torch.int64,
                                  torch.bool]))
    fill = draw(st.sampled_from([0.5, 1.0, 0.0, 2.0, -1.0, math.nan, math.inf]))
    if dtype.is_floating_point:
        return torch.full(shape, fill, dtype=dtype)
    return torch.ones(shape, dtype=dtype)


@FAST
@given(st.sampled_from(list(aug.SINGLE)), images(), SEED, st.integers(1, 3))
def test_single_keeps_the_v2_shape_and_is_reproducible(name, image, seed, samples):
    out = aug.single(name, image, seed, samples)
    expected = (3, aug.SIZE, aug.SIZE) if name.startswith("random crop") else image.shape
    assert len(out) == samples
    assert all(t.shape == expected and torch.isfinite(t).all() for t in out)
    assert all(torch.equal(a, b) for a, b in zip(out, aug.single(name, image, seed, samples)))
    if name == "horizontal flip":
        assert all(torch.equal(t, image) or torch.equal(t, image.flip(-1)) for t in out)
    if name.startswith("cutout"):          # pixels are either kept or set to 0
        assert all(((t == image) | (t == 0)).all() for t in out)
    shown = aug.to_display(out[0])
    assert shown.dtype == np.uint8 and shown.shape == (*expected[1:], 3)


@FAST
@given(st.sampled_from(["MixUp", "CutMix"]), st.integers(2, 4), SIDE, SIDE,
       st.floats(*aug.ALPHA_RANGE), SEED, st.integers(0, 3))
def test_mixing_is_a_convex_combination_with_matching_soft_labels(kind, batch, h, w, alpha, seed,
                                                                  extra_classes):
    x = torch.rand(batch, 3, h, w, generator=torch.Generator().manual_seed(seed))
    labels = torch.arange(batch)
    mixed, soft = aug.mix(kind, x, labels, batch + extra_classes, alpha, seed)
    assert mixed.shape == x.shape and soft.shape == (batch, batch + extra_classes)
    assert torch.isfinite(mixed).all() and torch.isfinite(soft).all() and (soft >= 0).all()
    torch.testing.assert_close(soft.sum(1), torch.ones(batch))
    for i in range(batch):
        lam = soft[i, i]
        assert torch.isclose(soft[i, (i - 1) % batch], 1 - lam)
        if kind == "MixUp":
            torch.testing.assert_close(mixed[i], lam * x[i] + (1 - lam) * x[i - 1],
                                       atol=1e-5, rtol=1e-5)
        else:               # the label weight is the share of pixels kept from image i
            own = (mixed[i] == x[i]).all(0).float().mean()
            assert torch.isclose(own, lam, atol=1e-6)


@FAST
@given(st.one_of(odd_tensors(), images(batch=2)),
       st.one_of(st.just(torch.tensor([0, 1])), st.just(torch.tensor([0.0, 1.0])),
                 st.just(torch.tensor([0, 7])), st.just(torch.tensor([1]))),
       st.one_of(st.integers(-1, 3), st.just(10**9)),
       st.floats(allow_nan=True, allow_infinity=True), st.integers(-1, 2**33))
def test_mix_refuses_anything_else(images_, labels, classes, alpha, seed):
    try:
        mixed, soft = aug.mix("CutMix", images_, labels, classes, alpha, seed)
    except InputError:
        return
    assert torch.isfinite(mixed).all() and torch.isfinite(soft).all()
    assert 0 <= seed < 2**32 and aug.ALPHA_RANGE[0] <= alpha <= aug.ALPHA_RANGE[1]


@FAST
@given(st.sampled_from(list(aug.SINGLE)), odd_tensors(), st.integers(-2, 2**33),
       st.integers(-1, 3))
def test_single_and_to_display_refuse_anything_else(name, image, seed, samples):
    try:
        out = aug.single(name, image, seed, samples)
    except InputError:
        pass
    else:
        assert image.shape[0] == 3 and image.ndim == 3 and image.dtype.is_floating_point
        assert torch.isfinite(image).all() and 0 <= image.min() and image.max() <= 1
        assert all(torch.isfinite(t).all() for t in out)
    try:
        shown = aug.to_display(image)
    except InputError:
        assert not (image.ndim == 3 and image.shape[0] == 3 and image.numel()
                    and image.dtype.is_floating_point and torch.isfinite(image).all())
    else:
        expected = (image.clamp(0, 1) * 255).round().to(torch.uint8).permute(1, 2, 0).numpy()
        np.testing.assert_array_equal(shown, expected)


@settings(max_examples=15, deadline=None)
@given(st.integers(1, 200), st.integers(1, 200), st.tuples(*[st.integers(0, 255)] * 3))
def test_to_tensor_of_a_plain_colour_is_that_colour(width, height, colour):
    out = aug.to_tensor(Image.new("RGB", (width, height), colour))
    assert out.shape == (3, aug.SIZE, aug.SIZE) and out.dtype == torch.float32
    torch.testing.assert_close(out, (torch.tensor(colour) / 255.0)[:, None, None].expand_as(out),
                               atol=1e-6, rtol=0)


@FAST
@given(st.lists(images(), min_size=4, max_size=4), SEED, st.integers(4, 48))
def test_mosaic_tiles_the_canvas_around_a_centre_in_the_middle_half(pictures, seed, size):
    m = aug.mosaic(pictures, seed, size)
    cx, cy = m.centre
    assert m.image.shape == (3, size, size) and torch.isfinite(m.image).all()
    assert m.image.min() >= -1e-6 and m.image.max() <= 1 + 1e-6
    assert size // 4 <= cx <= 3 * size // 4 and size // 4 <= cy <= 3 * size // 4
    covered = torch.zeros(size, size, dtype=torch.int64)
    for k, x0, y0, x1, y1 in m.tiles:
        assert x1 > x0 and y1 > y0
        covered[y0:y1, x0:x1] += 1
    assert (covered == 1).all()                      # four tiles, no gap, no overlap


@st.composite
def boxed(draw):
    """An image and 0–3 valid XYXY boxes inside it."""
    image = draw(images())
    height, width = image.shape[1:]
    boxes = []
    for _ in range(draw(st.integers(0, 3))):
        x0, x1 = sorted(draw(st.lists(st.floats(0, width, width=32), min_size=2, max_size=2,
                                      unique=True)))
        y0, y1 = sorted(draw(st.lists(st.floats(0, height, width=32), min_size=2, max_size=2,
                                      unique=True)))
        boxes.append([x0, y0, x1, y1])
    return image, torch.tensor(boxes, dtype=torch.float32).reshape(-1, 4)


@FAST
@given(st.lists(boxed(), min_size=4, max_size=4), SEED, st.integers(4, 48))
def test_mosaic_boxes_stay_inside_their_tiles_and_name_their_source(pictures, seed, size):
    m = aug.mosaic([p for p, _ in pictures], seed, size, boxes=[b for _, b in pictures])
    assert len(m.boxes) == len(m.sources) == len(m.areas_before)
    for box, (k, i), before in zip(m.boxes, m.sources, m.areas_before):
        _, x0, y0, x1, y1 = m.tiles[k]
        assert x0 - 1e-4 <= box[0] and box[2] <= x1 + 1e-4          # clamped to its tile
        assert y0 - 1e-4 <= box[1] and box[3] <= y1 + 1e-4
        assert box[2] - box[0] >= 1 and box[3] - box[1] >= 1        # cut-away boxes dropped
        image, boxes = pictures[k]
        source = boxes[i]
        assert math.isclose(before, float((source[2] - source[0]) * (source[3] - source[1]))
                            / (image.shape[1] * image.shape[2]), rel_tol=1e-6)
    rows = aug.mosaic_rows(m, [[f"{k}.{i}" for i in range(len(b))]
                               for k, (_, b) in enumerate(pictures)])
    assert [r["object"] for r in rows] == [f"{k}.{i}" for k, i in m.sources]
    assert all(0 < r["share of the mosaic"] <= 1 + 1e-6 for r in rows)


@FAST
@given(st.integers(1, 64), st.floats(1e-3, 1.0))
def test_ellipse_mask_is_the_closed_form(size, fraction):
    mask = aug.ellipse_mask(size, fraction)
    r = np.linspace(-1, 1, size)
    inside = (r[None, :] / fraction) ** 2 + (r[:, None] / (0.8 * fraction)) ** 2 <= 1
    assert mask.dtype == torch.bool and mask.shape == (size, size)
    assert (mask.numpy() != inside).sum() <= 2 * size   # float32 vs float64 on the rim only
    assert torch.equal(mask, mask.flip(0)) or size % 2 == 0


@FAST
@given(images(), images(), SEED, st.floats(0.05, 1.0), st.floats(0.0, 1.0), SEED)
def test_copy_paste_changes_only_one_square_inside_the_target(target, source, mask_seed, low,
                                                              spread, seed):
    high = low + (1 - low) * spread
    mask = torch.rand(source.shape[1:], generator=torch.Generator().manual_seed(mask_seed)) > 0.5
    out = aug.copy_paste(target, source, mask, seed, (low, high))
    assert out.shape == target.shape and torch.isfinite(out).all()
    changed = (out != target).any(0).nonzero()
    if len(changed):
        short = min(target.shape[1:])
        extent = changed.max(0).values - changed.min(0).values + 1
        assert (extent <= short).all()


@FAST
@given(st.lists(st.floats(0, 1), min_size=1, max_size=6))
def test_describe_label_lists_the_weights_largest_first(weights):
    names = [f"c{i}" for i in range(len(weights))]
    text = aug.describe_label(torch.tensor(weights, dtype=torch.float64), names)
    kept = sorted(((w, n) for w, n in zip(weights, names) if w > 1e-4), reverse=True)
    assert text == " + ".join(f"{w:.2f} {n}" for w, n in kept)


@pytest.mark.parametrize("call", [
    lambda: aug.ellipse_mask(2.5), lambda: aug.ellipse_mask(8, math.nan),
    lambda: aug.mosaic([torch.rand(3, 4, 4)] * 4, -1),
    lambda: aug.copy_paste(torch.rand(3, 4, 4), torch.rand(3, 4, 4),
                           torch.ones(4, 4, dtype=torch.bool), 0, (math.nan, 1.0)),
    lambda: aug.copy_paste(torch.rand(3, 4, 4), torch.rand(3, 4, 4),
                           torch.ones(4, 4, dtype=torch.bool), 0, (0.5,)),
])
def test_odd_settings_are_refused(call):
    with pytest.raises(InputError):
        call()
