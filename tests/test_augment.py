"""Augmentations against torchvision's own definitions and hand computations."""
import pytest
import torch

from explorer import augment as aug

S = aug.SIZE


@pytest.fixture
def image():
    torch.manual_seed(0)
    return torch.rand(3, S, S)


def test_every_single_augmentation_keeps_the_shape_and_is_reproducible(image):
    for name in aug.SINGLE:
        first = aug.single(name, image, seed=3, samples=2)
        again = aug.single(name, image, seed=3, samples=2)
        assert all(t.shape == (3, S, S) for t in first), name
        assert all(torch.equal(a, b) for a, b in zip(first, again)), name


def test_flip_is_either_identity_or_the_mirror_image(image):
    outs = aug.single("horizontal flip", image, seed=0, samples=8)
    mirrored = [torch.equal(o, image.flip(-1)) for o in outs]
    assert all(m or torch.equal(o, image) for m, o in zip(mirrored, outs))
    assert 0 < sum(mirrored) < 8


def test_cutout_blacks_out_a_square_of_one_sixteenth(image):
    (out,) = aug.single("cutout (square 1/16 of the area)", image, seed=1, samples=1)
    zero = (out == 0).all(0)
    rows, cols = zero.any(1).nonzero(), zero.any(0).nonzero()
    side = S // 4
    assert zero.sum() == side * side
    assert rows.max() - rows.min() + 1 == side and cols.max() - cols.min() + 1 == side
    assert torch.equal(out[:, ~zero], image[:, ~zero])


def test_mixup_is_a_convex_combination_with_matching_labels():
    torch.manual_seed(1)
    images, labels = torch.rand(3, 3, S, S), torch.tensor([0, 1, 2])
    mixed, soft = aug.mix("MixUp", images, labels, 3, alpha=1.0, seed=5)
    lam = soft[0, 0]
    assert torch.allclose(soft.sum(1), torch.ones(3))
    for i in range(3):
        assert torch.isclose(soft[i, labels[i]], lam)
        assert torch.isclose(soft[i, labels[i - 1]], 1 - lam)
        assert torch.allclose(mixed[i], lam * images[i] + (1 - lam) * images[i - 1], atol=1e-6)


def test_cutmix_label_weight_is_the_area_share():
    images = torch.stack([torch.full((3, S, S), v) for v in (0.0, 0.5, 1.0)])
    mixed, soft = aug.mix("CutMix", images, torch.tensor([0, 1, 2]), 3, alpha=1.0, seed=2)
    for i in range(3):
        own = (mixed[i] == images[i, 0, 0, 0]).all(0).float().mean()
        assert torch.isclose(soft[i, i], own, atol=1e-6)
    assert aug.describe_label(torch.tensor([0.25, 0.0, 0.75]), ["a", "b", "c"]) == \
        "0.75 c + 0.25 a"


def test_mosaic_puts_each_image_in_its_quadrant():
    images = [torch.full((3, S, S), k / 4) for k in range(4)]
    m = aug.mosaic(images, seed=7)
    cx, cy = m.centre
    assert S // 4 <= cx <= 3 * S // 4 and S // 4 <= cy <= 3 * S // 4
    area = 0
    for k, x0, y0, x1, y1 in m.tiles:
        assert torch.allclose(m.image[:, y0:y1, x0:x1], torch.tensor(k / 4))
        area += (x1 - x0) * (y1 - y0)
    assert area == S * S


def test_copy_paste_changes_only_pixels_under_the_scaled_mask(image):
    source = torch.ones(3, S, S)
    mask = aug.ellipse_mask()
    out = aug.copy_paste(image, source, mask, seed=4)
    changed = (out != image).any(0)
    assert torch.allclose(out[:, changed], torch.ones(()), atol=1e-5)
    side = changed.any(0).sum()
    assert 0.3 * S * 0.8 <= side <= 0.6 * S  # pasted object's width, ellipse 0.6 of its box


@pytest.mark.parametrize("call, message", [
    (lambda: aug.single("blur", torch.rand(3, S, S), 0), "unknown augmentation"),
    (lambda: aug.mix("MixUp", torch.rand(2, 3, S, S), torch.tensor([0, 1]), 2, 0.0, 0), "> 0"),
    (lambda: aug.mix("MixUp", torch.rand(1, 3, S, S), torch.tensor([0]), 2, 1.0, 0),
     "at least 2"),
    (lambda: aug.mosaic([torch.rand(3, S, S)] * 3, 0), "exactly 4"),
])
def test_bad_arguments_are_explained(call, message):
    with pytest.raises(ValueError, match=message):
        call()
