"""explorer.models: every registered model runs, splits into penultimate + head, counts params."""
import pytest
import torch

from explorer.models import MODEL_NAMES, build_model, count_parameters


@pytest.mark.parametrize("name", MODEL_NAMES)
@pytest.mark.parametrize("shape", [(1, 8, 8), (1, 28, 28), (3, 32, 32)])
def test_forward_is_head_of_penultimate(name, shape):
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
    with pytest.raises(ValueError, match="bad option"):
        build_model("lenet", (1, 8, 8), 10, depth=3)
    with pytest.raises(ValueError, match="activation"):
        build_model("mlp", (2,), 2, activation="nope")
