"""explorer.models: every registered model runs, splits into penultimate + head, counts params."""
import re

import pytest
import torch

from explorer.errors import InputError
from explorer.models import MODEL_NAMES, build_model, count_parameters


@pytest.mark.parametrize("name", MODEL_NAMES)
@pytest.mark.parametrize("shape", [(1, 8, 8), (1, 28, 28), (3, 32, 32)])
def test_forward_is_head_of_penultimate(name, shape):
    if name == "note4_cnn" and shape[1] < 16:
        pytest.skip("note 4's CNN needs 16x16 or more (its refusal is tested below)")
    torch.manual_seed(0)
    model = build_model(name, shape, 10).eval()
    x = torch.randn(4, *shape)
    out = model(x)
    assert out.shape == (4, 10)
    torch.testing.assert_close(out, model.head(model.penultimate(x)))
    assert model.penultimate(x).shape == (4, model.head.in_features)


def test_lenet_parameter_count_matches_hand_count():
    # conv 1->6 k5: 6*25+6; conv 6->16 k5: 16*150+16; pads keep 28 -> 14 -> 7: 16*7*7=784
    expected = (6 * 25 + 6) + (16 * 150 + 16) + (784 * 120 + 120) + (120 * 84 + 84) + (84 * 10 + 10)
    assert count_parameters(build_model("lenet", (1, 28, 28), 10)) == expected


def test_mlp_options_and_residual_identity():
    mlp = build_model("mlp", (2,), 2, depth=3, width=16, batchnorm=True, dropout=0.1)
    assert sum(isinstance(m, torch.nn.BatchNorm1d) for m in mlp.modules()) == 3
    assert sum(isinstance(m, torch.nn.Dropout) for m in mlp.modules()) == 3
    resnet = build_model("resnet_small", (1, 8, 8), 10)
    block = resnet.features[3]  # first residual block: same shape, identity shortcut
    assert isinstance(block.shortcut, torch.nn.Identity)
    x = torch.randn(2, 16, 8, 8)
    block.eval()
    torch.testing.assert_close(block(x), torch.relu(block.residual(x) + x))


def test_bad_model_requests():
    with pytest.raises(ValueError, match="needs images"):
        build_model("lenet", (2,), 2)
    with pytest.raises(ValueError, match="unknown model"):
        build_model("transformer", (1, 8, 8), 10)
    with pytest.raises(InputError, match="lenet has no option 'depth'") as err:
        build_model("lenet", (1, 8, 8), 10, depth=3)
    assert err.value.code == "unknown_key" and err.value.params["options"] == ("activation",)
    with pytest.raises(ValueError, match="activation"):
        build_model("mlp", (2,), 2, activation="nope")


@pytest.mark.parametrize("name, shape, options, code, words", [
    ("lenet", (1, 3, 28), {}, "out_of_range", "at least 4×4, got 3×28"),
    ("vgg_small", (3, 2, 2), {}, "out_of_range", "at least 4×4"),
    ("mlp", (4,), {"width": 0}, "out_of_range", "width=0"),
    ("vgg_small", (3, 8, 8), {"width": 0}, "out_of_range", "width=0"),
    ("mlp", (4,), {"depth": 10**6}, "out_of_range", "depth=1000000"),
    ("resnet_small", (3, 8, 8), {"blocks": 0}, "out_of_range", "blocks=0"),
    ("mlp", (4,), {"width": 2.5}, "not_integer", "width"),
    ("mlp", (4,), {"dropout": 1.0}, "out_of_range", "dropout"),
    ("mlp", (4,), {"dropout": float("nan")}, "not_finite", "dropout"),
    ("mlp", (4,), {"batchnorm": "yes"}, "other", "batchnorm"),
    ("mlp", (4,), {"width": 10**5, "depth": 10}, "budget", "the weights of MLP"),
    ("lenet", (3, 4000, 4000), {}, "budget", "the weights of LeNet-5"),
    ("resnet_small", (3, 8, 8), {"width": 1000}, "budget", "the weights of resnet_small"),
    ("mlp", (0,), {}, "out_of_range", "input_shape=0"),
    ("mlp", (), {}, "shape", "input_shape"),
    ("mlp", 5, {}, "shape", "input_shape"),
])
def test_impossible_layer_settings_are_refused_before_building(name, shape, options, code,
                                                                words):
    with pytest.raises(InputError, match=re.escape(words)) as err:
        build_model(name, shape, 10, **options)
    assert err.value.code == code


def test_classes_and_smallest_inputs():
    with pytest.raises(InputError, match="num_classes=1"):
        build_model("mlp", (2,), 1)
    for name in ("lenet", "vgg_small", "resnet_small"):   # the smallest input each accepts
        side = 1 if name == "resnet_small" else 4
        model = build_model(name, (1, side, side), 3).eval()
        assert model(torch.zeros(2, 1, side, side)).shape == (2, 3)
    assert build_model("lenet", (1, 7, 9), 3).features[1].in_features == 16 * 1 * 2


def test_state_dict_keys_are_stable():
    """Saved runs and imported weights depend on these names."""
    keys = list(build_model("lenet", (1, 8, 8), 10).state_dict())
    assert keys[:2] == ["features.0.0.weight", "features.0.0.bias"]
    assert keys[-4:] == ["features.3.weight", "features.3.bias", "head.weight", "head.bias"]


def test_count_parameters_refuses_what_is_not_a_model():
    with pytest.raises(InputError, match="torch.nn.Module"):
        count_parameters({"weight": torch.zeros(3)})


def test_note4_cnn_is_the_notes_mnist_network():
    """Note 4: Conv2d(1, 10, 5), Conv2d(10, 20, 5), 2×2 max-pools, Linear(320, 10) on 28×28."""
    from torch import nn
    model = build_model("note4_cnn", (1, 28, 28), 10)
    convs = [m for m in model.modules() if isinstance(m, nn.Conv2d)]
    assert [(c.in_channels, c.out_channels, c.kernel_size) for c in convs] == \
        [(1, 10, (5, 5)), (10, 20, (5, 5))]
    assert (model.head.in_features, model.head.out_features) == (320, 10)
    assert count_parameters(model) == (1 * 25 * 10 + 10) + (10 * 25 * 20 + 20) + (320 * 10 + 10)
    import torch
    assert model(torch.zeros(3, 1, 28, 28)).shape == (3, 10)


def test_note4_cnn_refuses_inputs_too_small_for_its_unpadded_convs():
    with pytest.raises(InputError, match="at least 16×16") as err:
        build_model("note4_cnn", (1, 8, 8), 10)
    assert err.value.code == "out_of_range"
    assert build_model("note4_cnn", (3, 16, 16), 4).head.in_features == 20
