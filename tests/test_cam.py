"""explorer.cam: pytorch-grad-cam's maps against independent autograd / SVD computations."""
import numpy as np
import pytest
import torch
from torch import nn

from explorer.cam import METHODS, cam_layers, class_activation_map, overlay
from explorer.errors import InputError


def _cnn():
    """Two 'same' convs keep the 12×12 grid, so the CAM needs no resizing to compare."""
    torch.manual_seed(0)
    return nn.Sequential(nn.Conv2d(1, 4, 3, padding=1), nn.ReLU(),
                         nn.Conv2d(4, 6, 3, padding=1), nn.ReLU(),
                         nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(6, 3)).eval()


def _input():
    return torch.randn(1, 1, 12, 12, generator=torch.Generator().manual_seed(1))


def _activations_and_gradient(model, x, class_index):
    a = model[:4](x).detach().requires_grad_()        # [1, K, h, w]: last conv after ReLU
    score = model[4:](a)[0, class_index]
    return a.detach()[0], torch.autograd.grad(score, a)[0][0]


def _minmax(m):
    m = m - m.min()
    return m / (m.max() + 1e-7)


def test_cam_layers_lists_convs_and_their_activations_in_order():
    assert cam_layers(_cnn()) == ["0", "1", "2", "3"]
    with_norm = nn.Sequential(nn.Conv2d(1, 2, 3), nn.BatchNorm2d(2), nn.ReLU())
    assert cam_layers(with_norm) == ["0"]                      # the ReLU follows BN, not conv


def test_grad_cam_equals_the_paper_formula():
    model, x = _cnn(), _input()
    a, g = _activations_and_gradient(model, x, class_index=2)
    expected = _minmax(torch.relu((g.mean((1, 2))[:, None, None] * a).sum(0))).numpy()
    got = class_activation_map(model, x, 2, "Grad-CAM")        # default: "3", its ReLU
    assert got.shape == (12, 12)
    np.testing.assert_allclose(got, expected, atol=1e-3)  # float32 numpy vs torch


def test_layer_cam_equals_the_paper_formula():
    model, x = _cnn(), _input()
    a, g = _activations_and_gradient(model, x, class_index=0)
    expected = _minmax(torch.relu((torch.relu(g) * a).sum(0))).numpy()
    np.testing.assert_allclose(class_activation_map(model, x, 0, "Layer-CAM"), expected,
                               atol=1e-3)  # float32 numpy vs torch


def test_eigen_cam_is_the_first_principal_component_projection():
    model, x = _cnn(), _input()
    a = model[:4](x).detach()[0].reshape(6, -1).T.numpy()       # [h*w, K]
    centred = a - a.mean(0)
    first = np.linalg.svd(centred)[2][0]
    projection = _minmax(torch.from_numpy(np.maximum(centred @ first, 0))).numpy()
    flipped = _minmax(torch.from_numpy(np.maximum(-centred @ first, 0))).numpy()
    got = class_activation_map(model, x, 0, "Eigen-CAM").ravel()
    assert min(np.abs(got - projection).max(), np.abs(got - flipped).max()) < 1e-4


@pytest.mark.parametrize("method", list(METHODS))
def test_every_method_gives_a_unit_range_map_and_removes_its_hooks(method):
    model = _cnn()
    cam = class_activation_map(model, _input(), 1, method)
    assert cam.shape == (12, 12) and cam.min() >= 0 and cam.max() <= 1 + 1e-6
    assert all(not m._forward_hooks and not m._backward_hooks for m in model.modules())


def test_bad_arguments_raise_clear_errors():
    with pytest.raises(ValueError, match="no Conv2d layer"):
        class_activation_map(nn.Sequential(nn.Flatten(), nn.Linear(4, 2)),
                             torch.zeros(1, 1, 2, 2), 0)
    with pytest.raises(ValueError, match="unknown CAM method 'Magic'"):
        class_activation_map(_cnn(), _input(), 0, "Magic")
    with pytest.raises(ValueError, match="unknown layer '6'; expected one of 0, 1, 2, 3"):
        class_activation_map(_cnn(), _input(), 0, layer="6")


@pytest.mark.parametrize("x, class_index, code, message", [
    (torch.zeros(1, 1, 12, 12), 3, "out_of_range", r"class_index=3 is outside \[0, 2\]"),
    (torch.zeros(1, 1, 12, 12), -1, "out_of_range", "class_index=-1"),
    (torch.zeros(1, 1, 12, 12), 1.5, "not_integer", "class_index"),
    (torch.zeros(1, 2, 12, 12), 0, "shape", "does not fit this model"),
    (torch.zeros(2, 1, 12, 12), 0, "shape", r"\[1, C, H, W\]"),
    (torch.zeros(1, 1, 0, 12), 0, "shape", r"\[1, C, H, W\]"),
    (torch.full((1, 1, 12, 12), float("nan")), 0, "not_finite", "x holds NaN"),
    (np.zeros((1, 1, 12, 12)), 0, "shape", "float tensor"),
])
def test_bad_inputs_and_classes_are_refused_before_the_library_runs(x, class_index, code,
                                                                   message):
    model = _cnn()
    with pytest.raises(InputError, match=message) as err:
        class_activation_map(model, x, class_index)
    assert err.value.code == code
    assert all(not m._forward_hooks and not m._backward_hooks for m in model.modules())


@pytest.mark.parametrize("method", list(METHODS))
def test_a_model_with_nan_weights_gives_no_map(method):
    """Eigen-CAM alone would answer an all-zero map, the others a NaN one."""
    model = _cnn()
    with torch.no_grad():
        model[2].weight.fill_(float("nan"))
    with pytest.raises(InputError, match="NaN or inf") as err:
        class_activation_map(model, _input(), 0, method)
    assert err.value.code == "not_finite"


@pytest.mark.parametrize("image, cam, weight, message", [
    (np.zeros((4, 4, 3)), np.ones((4, 5)), 0.5, r"cam must have shape \(4, 4\)"),
    (np.zeros((4, 4)), np.ones((4, 4)), 0.5, "image must have shape"),
    (np.full((4, 4, 3), 2.0), np.ones((4, 4)), 0.5, r"image values must lie in \[0, 1\]"),
    (np.zeros((4, 4, 3)), np.full((4, 4), np.nan), 0.5, "cam holds NaN"),
    (np.zeros((4, 4, 3)), np.ones((4, 4)), 1.0, r"image_weight=1 is outside \[0, 1\)"),
    (np.zeros((4, 4, 3)), np.ones((4, 4)), -0.1, "image_weight"),
])
def test_overlay_refuses_bad_arguments(image, cam, weight, message):
    with pytest.raises(InputError, match=message):
        overlay(image, cam, weight)


def test_overlay_blends_half_and_half():
    image = np.zeros((4, 4, 3), np.float32)
    out = overlay(image, np.ones((4, 4), np.float32))
    assert out.dtype == np.uint8 and out.shape == (4, 4, 3)
    from matplotlib import colormaps
    top = np.array(colormaps["viridis"](1.0)[:3])                # yellow (0.993, 0.906, 0.144)
    np.testing.assert_allclose(out[0, 0], 255 * top / top.max(), atol=2)   # rescaled to max 255


def test_score_cam_passes_are_the_channels_of_each_layer():
    import torchvision
    from explorer.cam import layer_channels
    resnet = torchvision.models.resnet18()
    channels = layer_channels(resnet)
    assert list(channels) == cam_layers(resnet)
    assert channels["layer4.1.conv2"] == 512 and channels["conv1"] == 64
    from explorer.models import build_model
    lenet = layer_channels(build_model("lenet", (1, 8, 8), 10))
    assert lenet == {"features.0.0": 6, "features.0.1": 6,     # a conv, then its ReLU's maps
                     "features.0.3": 16, "features.0.4": 16}


def test_a_non_finite_map_from_the_library_is_refused(monkeypatch):
    """Finite logits but a map that overflows (the library's own arithmetic) is not shown."""
    from pytorch_grad_cam import GradCAM

    from explorer import cam

    class OverflowingCAM(GradCAM):
        def __call__(self, *args, **kwargs):
            return np.full((1, 12, 12), np.inf, np.float32)

    monkeypatch.setitem(cam.METHODS, "Grad-CAM", OverflowingCAM)
    with pytest.raises(InputError, match="overflow"):
        class_activation_map(_cnn(), _input(), 0, "Grad-CAM")
