"""Property tests of explorer.cam: for any small CNN, image and class, every method gives a
finite [0, 1] map (Grad-CAM equal to the paper's formula by autograd) and removes its hooks, or
an InputError explains; never NaN, never another exception."""
import numpy as np
import torch
from hypothesis import given, settings, strategies as st
from hypothesis.extra import numpy as hnp
from torch import nn

from explorer.cam import METHODS, class_activation_map, overlay
from explorer.errors import InputError

FAST = settings(max_examples=20, deadline=None)
SEED = st.integers(0, 2**32 - 1)


def _cnn(seed, classes):
    """Two 'same' convs (the CAM keeps the input's grid), pooled, a linear head."""
    torch.manual_seed(seed % 2**31)
    return nn.Sequential(nn.Conv2d(1, 4, 3, padding=1), nn.ReLU(),
                         nn.Conv2d(4, 5, 3, padding=1), nn.ReLU(),
                         nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(5, classes)).eval()


def _no_hooks(model):
    return all(not m._forward_hooks and not m._backward_hooks for m in model.modules())


@FAST
@given(st.sampled_from(list(METHODS)), SEED, st.integers(2, 5), st.integers(2, 14),
       st.integers(2, 14), st.data())
def test_every_method_gives_a_finite_unit_map_of_the_input_size(method, seed, classes, h, w,
                                                                data):
    model = _cnn(seed, classes)
    x = torch.randn(1, 1, h, w, generator=torch.Generator().manual_seed(seed))
    class_index = data.draw(st.integers(0, classes - 1))
    cam = class_activation_map(model, x, class_index, method)
    assert cam.shape == (h, w) and np.isfinite(cam).all()
    assert cam.min() >= 0 and cam.max() <= 1 + 1e-6
    assert _no_hooks(model)
    if method == "Grad-CAM":          # ReLU(Σ_k mean(∂y_c/∂A_k) A_k), min-max scaled
        a = model[:4](x).detach().requires_grad_()
        g = torch.autograd.grad(model[4:](a)[0, class_index], a)[0][0]
        raw = torch.relu((g.mean((1, 2))[:, None, None] * a.detach()[0]).sum(0))
        span = float(raw.max() - raw.min())
        if span > 1e-4:   # below, the scaling's 1e-7 guard decides the values, not the map
            expected = ((raw - raw.min()) / (span + 1e-7)).numpy()
            np.testing.assert_allclose(cam, expected, atol=1e-3)


@FAST
@given(SEED, st.one_of(st.integers(-3, 8), st.floats(allow_nan=True), st.just("1")),
       st.one_of(st.just((1, 1, 6, 6)), st.just((1, 2, 6, 6)), st.just((2, 1, 6, 6)),
                 st.just((1, 1, 0, 6)), st.just((6, 6))),
       st.sampled_from([0.0, np.nan, np.inf]))
def test_bad_inputs_and_classes_are_refused_and_hooks_removed(seed, class_index, shape, fill):
    model = _cnn(seed, 3)
    x = torch.full(shape, fill)
    try:
        cam = class_activation_map(model, x, class_index)
    except InputError:
        pass
    else:
        assert shape == (1, 1, 6, 6) and fill == 0.0 and class_index in (0, 1, 2)
        assert np.isfinite(cam).all()
    assert _no_hooks(model)


@FAST
@given(hnp.arrays(np.float64, st.tuples(st.integers(1, 8), st.integers(1, 8), st.just(3)),
                  elements=st.floats(0, 1)),
       st.floats(0, 1, exclude_max=True), st.integers(0, 2**31))
def test_overlay_is_uint8_rescaled_to_full_range(image, weight, seed):
    cam = np.random.default_rng(seed).random(image.shape[:2])
    out = overlay(image, cam, weight)
    assert out.dtype == np.uint8 and out.shape == image.shape
    assert out.max() == 255                      # the blend is divided by its own maximum


@FAST
@given(hnp.arrays(np.float64, st.tuples(st.integers(0, 4), st.integers(0, 4),
                                        st.integers(1, 4)),
                  elements=st.floats(allow_nan=True, allow_infinity=True)),
       st.floats(allow_nan=True, allow_infinity=True))
def test_overlay_refuses_bad_images_maps_and_weights(image, weight):
    cam = np.full(image.shape[:2], 0.5)
    try:
        out = overlay(image, cam, weight)
    except InputError:
        ok = (image.shape[-1] == 3 and image.size and np.isfinite(image).all()
              and 0 <= image.min() and image.max() <= 1 and 0 <= weight < 1)
        assert not ok
    else:
        assert out.dtype == np.uint8
