"""Augmentations against torchvision's own definitions and hand computations."""
import numpy as np
import pytest
import torch
from PIL import Image

from explorer import augment as aug
from explorer.errors import InputError

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


def test_mosaic_stays_in_the_unit_range_so_its_boxes_can_be_drawn():
    """Antialiased resizing overshoots 1 by ~2e-7 (seed 838560815 on these photos, found by the
    widget fuzzer); the canvas is clamped, so draw_boxes accepts it."""
    images = [torch.ones(3, S, S) if k % 2 else torch.zeros(3, S, S) for k in range(4)]
    images[0][:, :, S // 2:] = 1.0                         # a hard edge: the resize rings
    m = aug.mosaic(images, seed=838560815)
    assert 0 <= float(m.image.min()) and float(m.image.max()) <= 1
    aug.draw_boxes(m.image, m.boxes, [])


@pytest.mark.parametrize("seed", [0, 1, 7])
def test_mosaic_boxes_follow_their_objects_through_the_crops(seed):
    """Each image is black with one white rectangle, boxed: after the mosaic every surviving
    box bounds the white pixels of its tile (to the resize's 1-pixel blur), and an object
    whose white pixels are all cut away has no box."""
    rects = [(20, 30, 90, 100), (100, 10, 150, 60), (5, 5, 25, 150), (60, 60, 100, 100)]
    images = []
    for x0, y0, x1, y1 in rects:
        picture = torch.zeros(3, S, S)
        picture[:, y0:y1, x0:x1] = 1
        images.append(picture)
    boxes = [torch.tensor([rect], dtype=torch.float32) for rect in rects]
    m = aug.mosaic(images, seed, size=2 * S, boxes=boxes)
    found = {k for k, _ in m.sources}
    for k, x0, y0, x1, y1 in m.tiles:
        white = m.image[0, y0:y1, x0:x1] > 0.5
        if k not in found:
            assert not white.any()
            continue
        box = m.boxes[m.sources.index((k, 0))]
        ys, xs = torch.nonzero(white, as_tuple=True)
        seen = torch.tensor([xs.min() + x0, ys.min() + y0, xs.max() + 1 + x0, ys.max() + 1 + y0])
        torch.testing.assert_close(box, seen.float(), atol=1.5, rtol=0)
    assert m.areas_before == [(r[2] - r[0]) * (r[3] - r[1]) / S ** 2
                              for r in (rects[k] for k, _ in m.sources)]


def test_mosaic_rows_give_the_share_of_each_picture_a_box_covers():
    m = aug.Mosaic(torch.zeros(3, 100, 100), (50, 50), [], torch.tensor([[0., 0, 10, 20]]),
                   [(2, 1)], [0.5])
    assert aug.mosaic_rows(m, [[], [], ["x", "cat"], []]) == [
        {"object": "cat", "tile": 3, "share of its image": 0.5, "share of the mosaic": 0.02}]


def test_sample_scenes_are_four_different_pictures_with_boxes_inside():
    scenes = aug.sample_scenes()
    assert list(scenes) == ["pagoda", "lake", "dahlia", "bud"]
    pictures = [picture for picture, _, _ in scenes.values()]
    for i, a in enumerate(pictures):
        assert a.shape == (3, S, S) and 0 <= a.min() and a.max() <= 1
        assert all((a - b).abs().mean() > 0.05 for b in pictures[i + 1:])
    for name, (_, boxes, labels) in scenes.items():
        scene = aug.SCENES[name]
        x0, y0, x1, y1 = scene.crop
        scale = S / (x1 - x0)
        expected = torch.tensor([[(min(max(v, lo), hi) - lo) * scale for v, lo, hi in
                                  zip(box, (x0, y0, x0, y0), (x1, y1, x1, y1))]
                                 for _, box in scene.objects])
        torch.testing.assert_close(boxes, expected, atol=0.5, rtol=0)   # clamp, then scale
        assert labels == [label for label, _ in scene.objects]


def test_draw_boxes_outlines_each_box_and_labels_it_black_on_yellow():
    out = aug.draw_boxes(torch.zeros(3, 60, 60), torch.tensor([[5., 30, 50, 55]]), ["a"])
    assert out.shape == (60, 60, 3) and out.dtype == np.uint8
    yellow = (out == [255, 255, 0]).all(-1)
    assert yellow[30, 5:50].all() and yellow[30:55, 5].all() and yellow[54, 5:50].all()
    tab = out[:30, :20]                    # the label sits above the box: yellow and black
    assert yellow[:30].any() and ((tab == 0).all(-1) & ~yellow[:30, :20]).any()
    assert not yellow[40:50, 10:45].any()  # inside the box untouched


def test_copy_paste_changes_only_pixels_under_the_scaled_mask(image):
    source = torch.ones(3, S, S)
    mask = aug.ellipse_mask()
    out = aug.copy_paste(image, source, mask, seed=4)
    changed = (out != image).any(0)
    assert torch.allclose(out[:, changed], torch.ones(()), atol=1e-5)
    side = changed.any(0).sum()
    assert 0.3 * S * 0.8 <= side <= 0.6 * S  # pasted object's width, ellipse 0.6 of its box


def _rgb(width, height):
    return Image.new("RGB", (width, height), (10, 200, 30))


@pytest.mark.parametrize("call, code, message", [
    (lambda: aug.single("blur", torch.rand(3, S, S), 0), "choice", "unknown augmentation"),
    (lambda: aug.single("horizontal flip", torch.rand(3, S, S), 2**32), "out_of_range", "seed"),
    (lambda: aug.single("horizontal flip", torch.rand(3, S, S), 0, 0), "out_of_range",
     "samples=0"),
    (lambda: aug.single("horizontal flip", torch.rand(3, S, S), 0, 10**6), "budget",
     "fewer samples"),
    (lambda: aug.single("horizontal flip", torch.rand(1, S, S), 0), "shape", r"\[3, H, W\]"),
    (lambda: aug.single("horizontal flip", torch.rand(3, 0, S), 0), "empty", "no pixel"),
    (lambda: aug.single("horizontal flip", torch.full((3, 4, 4), float("nan")), 0),
     "not_finite", "image"),
    (lambda: aug.single("horizontal flip", torch.full((3, 4, 4), 2.0), 0), "out_of_range",
     r"\[0, 1\]"),
    (lambda: aug.single("horizontal flip", torch.zeros(3, 4, 4, dtype=torch.uint8), 0),
     "other", "float tensor"),
    (lambda: aug.mix("MixUp", torch.rand(2, 3, S, S), torch.tensor([0, 1]), 2, 0.0, 0),
     "out_of_range", "α=0"),
    (lambda: aug.mix("MixUp", torch.rand(2, 3, S, S), torch.tensor([0, 1]), 2, float("nan"), 0),
     "not_finite", "α"),
    (lambda: aug.mix("MixUp", torch.rand(1, 3, S, S), torch.tensor([0]), 2, 1.0, 0), "shape",
     "at least 2"),
    (lambda: aug.mix("MixUp", torch.rand(2, 3, 8, 8), torch.tensor([0, 5]), 2, 1.0, 0),
     "out_of_range", r"labels must lie in \[0, 1\]"),
    (lambda: aug.mix("MixUp", torch.rand(2, 3, 8, 8), torch.tensor([0.0, 1.0]), 2, 1.0, 0),
     "other", "whole class numbers"),
    (lambda: aug.mix("MixUp", torch.rand(2, 3, 8, 8), torch.tensor([0]), 2, 1.0, 0), "shape",
     "one per image"),
    (lambda: aug.mix("MixUp", torch.rand(2, 3, 8, 8), torch.tensor([0, 1]), 10**8, 1.0, 0),
     "budget", "fewer classes"),
    (lambda: aug.mix("Blend", torch.rand(2, 3, 8, 8), torch.tensor([0, 1]), 2, 1.0, 0),
     "choice", "kind"),
    (lambda: aug.mosaic([torch.rand(3, S, S)] * 3, 0), "shape", "exactly 4"),
    (lambda: aug.mosaic(torch.rand(4, 3, S, S), 0), "shape", "exactly 4 images, got Tensor"),
    (lambda: aug.mosaic([torch.rand(3, 8, 8)] * 4, 0, size=3), "out_of_range", "size=3"),
    (lambda: aug.mosaic([torch.rand(3, 8, 8)] * 4, 0, size=10**5), "budget", "mosaic"),
    (lambda: aug.mosaic([torch.rand(3, 8, 8)] * 4, 0, boxes=[torch.zeros(0, 4)] * 3), "shape",
     "list of 4 box tensors"),
    (lambda: aug.mosaic([torch.rand(3, 8, 8)] * 4, 0, boxes=[torch.tensor([[0., 0, 9, 4]])]
                        + [torch.zeros(0, 4)] * 3), "degenerate", "x1 <= 8"),
    (lambda: aug.mosaic([torch.rand(3, 8, 8)] * 4, 0, boxes=[torch.tensor([[4., 0, 2, 4]])]
                        + [torch.zeros(0, 4)] * 3), "degenerate", "x0 < x1"),
    (lambda: aug.mosaic([torch.rand(3, 8, 8)] * 4, 0, boxes=[torch.tensor([[0., 0, 2]])]
                        + [torch.zeros(0, 4)] * 3), "shape", "boxes of image 0"),
    (lambda: aug.mosaic([torch.rand(3, 8, 8)] * 4, 0, boxes=[torch.tensor(
        [[0., 0, float("nan"), 4]])] + [torch.zeros(0, 4)] * 3), "not_finite", "boxes"),
    (lambda: aug.ellipse_mask(0), "out_of_range", "size=0"),
    (lambda: aug.ellipse_mask(8, 0.0), "out_of_range", "fraction"),
    (lambda: aug.copy_paste(torch.rand(3, 8, 8), torch.rand(3, 8, 8), torch.ones(8, 8), 0),
     "shape", "bool tensor"),
    (lambda: aug.copy_paste(torch.rand(3, 8, 8), torch.rand(3, 8, 8), aug.ellipse_mask(9), 0),
     "shape", r"source's size \(8, 8\)"),
    (lambda: aug.copy_paste(torch.rand(3, 8, 8), torch.rand(3, 8, 8), aug.ellipse_mask(8), 0,
                            (0.6, 0.3)), "out_of_range", "scale high"),
    (lambda: aug.describe_label(torch.tensor([0.5, float("nan")]), ["a", "b"]), "not_finite",
     "soft label"),
    (lambda: aug.describe_label(torch.tensor([0.5, 0.5]), ["a"]), "shape", "class names"),
    (lambda: aug.describe_label(torch.tensor([1.5, -0.5]), ["a", "b"]), "out_of_range",
     r"\[0, 1\]"),
    (lambda: aug.to_tensor(_rgb(4, 4).convert("L")), "other", "RGB mode"),
    (lambda: aug.to_tensor(np.zeros((4, 4, 3))), "other", "PIL image"),
    (lambda: aug.to_tensor(_rgb(0, 4)), "empty", "no pixel"),
    (lambda: aug.to_display(torch.full((3, 2, 2), float("inf"))), "not_finite", "image"),
])
def test_bad_arguments_are_explained(call, code, message):
    with pytest.raises(InputError, match=message) as err:
        call()
    assert err.value.code == code


def test_to_tensor_crops_the_centred_square_before_resizing():
    image = np.zeros((6, 600, 3), np.uint8)          # 600 wide, 6 high: aspect 100:1
    image[:, 297:303] = 255                          # a white centred 6×6 square
    out = aug.to_tensor(Image.fromarray(image))
    assert out.shape == (3, S, S) and torch.allclose(out, torch.ones(()))
    out = aug.to_tensor(_rgb(1, 50_000))             # nothing larger than 1×1 before resizing
    assert out.shape == (3, S, S)
    torch.testing.assert_close(out[:, 0, 0], torch.tensor([10, 200, 30]) / 255.0)


def test_copy_paste_on_a_wide_target_stays_inside_it():
    target = torch.zeros(3, 10, 40)
    for seed in range(20):
        out = aug.copy_paste(target, torch.ones(3, 8, 8), torch.ones(8, 8, dtype=torch.bool),
                             seed, (1.0, 1.0))
        changed = (out != 0).any(0)
        assert changed.sum() == 10 * 10             # side = min(H, W): a full 10×10 square
