"""Feature maps against direct computations: hand-made kernels, traced nodes, statistics."""
import numpy as np
import pytest
import torch
import torchvision
from scipy.ndimage import correlate

from explorer import featuremaps as fm
from explorer.conv_arithmetic import Layer, output_size
from explorer.errors import InputError
from explorer.models import build_model


@pytest.fixture(scope="module")
def resnet18():
    torch.manual_seed(0)
    return torchvision.models.resnet18().eval()


def test_handmade_kernels_equal_scipy_correlation():
    image = np.random.default_rng(0).random((12, 15)).astype(np.float32)
    model = fm.handmade([fm.KERNEL_PRESETS["Sobel x"], fm.KERNEL_PRESETS["Laplacian"]])
    nodes = fm.map_nodes(model, (1, 12, 15))
    assert [(n.name, n.shape) for n in nodes] == [("conv", (2, 12, 15)), ("relu", (2, 12, 15))]
    maps = fm.feature_maps(fm.extractor(model, nodes), torch.from_numpy(image)[None, None])
    for channel, name in enumerate(["Sobel x", "Laplacian"]):
        expected = correlate(image, np.array(fm.KERNEL_PRESETS[name]), mode="constant")
        np.testing.assert_allclose(maps["conv"][channel].numpy(), expected, atol=1e-5)
    torch.testing.assert_close(maps["relu"], maps["conv"].clamp_min(0))


def test_sobel_x_answers_a_vertical_edge_only():
    step = torch.zeros(1, 1, 9, 9)
    step[..., 5:] = 1.0
    model = fm.handmade([fm.KERNEL_PRESETS["Sobel x"], fm.KERNEL_PRESETS["Sobel y"]])
    maps = fm.feature_maps(fm.extractor(model, fm.map_nodes(model, (1, 9, 9))), step)["conv"]
    assert maps[0, 4, 4:6].tolist() == [4.0, 4.0] and maps[0, 4, :3].abs().sum() == 0
    assert maps[1, 1:-1].abs().sum() == 0     # inside rows: no horizontal edge


@pytest.mark.parametrize("kernels, message", [
    ([[[1, 2], [3, 4]]], "need one or more 3×3 kernels, got shape (1, 2, 2)"),
    ([[[1, 0, 0], [0, float("nan"), 0], [0, 0, 1]]], "not a number"),
])
def test_handmade_refuses_bad_kernels(kernels, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        fm.handmade(kernels)


def test_node_shapes_follow_the_size_formula(resnet18):
    nodes = {n.name: n.shape for n in fm.map_nodes(resnet18, (3, 96, 96))}
    conv1 = output_size(Layer("conv", 7, 2, 3), 96)
    pooled = output_size(Layer("maxpool", 3, 2, 1), conv1)
    assert nodes["conv1"] == (64, conv1, conv1) and nodes["maxpool"] == (64, pooled, pooled)
    assert nodes["layer4.1.relu_1"] == (512, 3, 3)
    assert "fc" not in nodes and "flatten" not in nodes      # not maps


def test_feature_maps_equal_running_the_model_by_hand(resnet18):
    x = torch.randn(1, 3, 64, 64, generator=torch.Generator().manual_seed(1))
    nodes = fm.map_nodes(resnet18, (3, 64, 64))
    maps = fm.feature_maps(fm.extractor(resnet18, nodes), x)
    with torch.no_grad():
        m = resnet18
        stem = m.maxpool(m.relu(m.bn1(m.conv1(x))))
        expected = m.layer2(m.layer1(stem))
        pre = m.bn1(m.conv1(x))
    torch.testing.assert_close(maps["layer2.1.relu_1"], expected[0])
    torch.testing.assert_close(maps["bn1"], pre[0])      # not overwritten by ReLU(inplace)
    assert maps["bn1"].min() < 0 and maps["relu"].min() == 0
    assert all(not mod._forward_hooks and not mod._forward_pre_hooks for mod in m.modules())
    assert m.relu.inplace                                 # the model itself is untouched


def test_activation_pairs_in_torchvision_and_registered_models(resnet18):
    nodes = fm.map_nodes(resnet18, (3, 64, 64))
    assert fm.activation_pair(resnet18, nodes, "bn1") == ("bn1", "relu")
    assert fm.activation_pair(resnet18, nodes, "layer1.0.relu_1") == ("layer1.0.add",
                                                                      "layer1.0.relu_1")
    assert fm.activation_pair(resnet18, nodes, "maxpool") is None
    small = build_model("resnet_small", (3, 32, 32), 10)
    small_nodes = fm.map_nodes(small, (3, 32, 32))
    assert fm.activation_pair(small, small_nodes, "features.3.relu") == ("features.3.add",
                                                                         "features.3.relu")
    assert fm.is_activation(small, "features.2") and not fm.is_activation(small, "features.1")


def test_mlp_has_no_maps():
    mlp = build_model("mlp", (1, 8, 8), 10)
    with pytest.raises(ValueError, match="no convolutional feature maps"):
        fm.extractor(mlp, fm.map_nodes(mlp, (1, 8, 8)))


def test_channel_stats_and_order_equal_numpy():
    maps = torch.randn(5, 4, 6, generator=torch.Generator().manual_seed(2)) + \
        torch.arange(5.0)[:, None, None] * torch.tensor([1, -1, 1, -1, 1])[:, None, None]
    stats = fm.channel_stats(maps)
    flat = maps.flatten(1).numpy().astype(float)
    np.testing.assert_allclose(stats.mean, flat.mean(1))
    np.testing.assert_allclose(stats.std, flat.std(1))
    np.testing.assert_allclose(stats.nonpositive, (flat <= 0).mean(1))
    order = fm.channel_order(stats, "mean")
    assert list(order) == list(np.argsort(-flat.mean(1))) and order[0] == 4
    assert list(fm.channel_order(stats, "index")) == [0, 1, 2, 3, 4]


def test_tiles_are_scaled_per_channel_and_shrunk():
    maps = torch.stack([torch.arange(100.0 * 100).reshape(100, 100), torch.full((100, 100), 3.0)])
    out = fm.tiles(maps, np.array([1, 0]), budget=2 * 25 * 25)
    assert out.shape == (2, 25, 25)
    assert out[0].max() == 0 and out[1].min() == 0 and out[1].max() == 1   # order applied
    assert fm.tiles(maps, np.array([0, 1])).shape == (2, 100, 100)       # under budget: as is


def test_montage_places_tiles_in_reading_order_with_gaps():
    images = np.arange(3 * 2 * 2, dtype=np.float32).reshape(3, 2, 2)
    grid = fm.montage(images, columns=2)
    assert grid.shape == (5, 5)
    np.testing.assert_array_equal(grid[3:, :2], images[2])
    assert np.isnan(grid[2]).all() and np.isnan(grid[3:, 3:]).all()


def test_kernels_of_every_conv_layer_per_input_channel_or_averaged(resnet18):
    weights = fm.conv_weights(resnet18)
    convs = [n for n, m in resnet18.named_modules() if isinstance(m, torch.nn.Conv2d)]
    assert list(weights) == convs and len(convs) == 20
    assert weights["conv1"].shape == (64, 3, 7, 7)
    rgb = fm.kernel_images(weights["conv1"])
    assert rgb.shape == (64, 7, 7, 3) and rgb.min() == 0 and rgb.max() == 1
    deep = weights["layer3.0.conv2"]                             # [256, 256, 3, 3]
    np.testing.assert_array_equal(fm.kernel_images(deep, 17), deep[:, 17].numpy())
    np.testing.assert_allclose(fm.kernel_images(deep), deep.double().mean(1).numpy(),
                               rtol=1e-6)
    with pytest.raises(InputError, match="input_channel"):
        fm.kernel_images(deep, 256)


def test_readable_layer_titles_number_each_kind_in_order():
    lenet = build_model("lenet", (1, 8, 8), 10)
    names = [n.name for n in fm.map_nodes(lenet, (1, 8, 8), vectors=True)]
    titles = fm.layer_titles(lenet, names)
    assert titles["features.0.3"] == "conv2 (Conv2d 6→16, 5×5)"
    assert titles["features.0.2"] == "pool1 (MaxPool2d 2×2)"
    assert titles["features.3"] == "fc2 (Linear 120→84)"
    assert titles["features.4"] == "relu4 (ReLU)"
    assert titles["head"] == "head (Linear 84→10)"
    small = build_model("resnet_small", (3, 32, 32), 10)
    titles = fm.layer_titles(small, [n.name for n in fm.map_nodes(small, (3, 32, 32))])
    assert titles["features.3.add"] == "add1 (residual + shortcut)"
    assert titles["features.4.residual.0"] == "conv4 (Conv2d 16→32, 3×3, stride 2)"
    assert titles["features.3.relu"] == "relu3 (function)"    # torch.relu, not a module
    assert len(set(titles.values())) == len(titles)


def test_vector_nodes_are_the_flat_layers_and_the_head_gives_the_logits():
    torch.manual_seed(0)
    lenet = build_model("lenet", (1, 8, 8), 10).eval()
    nodes = fm.map_nodes(lenet, (1, 8, 8), vectors=True)
    shapes = {n.name: n.shape for n in nodes}
    assert shapes["features.1"] == (120,) and shapes["head"] == (10,)
    assert shapes["features.0.0"] == (6, 8, 8)
    assert all(len(n.shape) == 3 for n in fm.map_nodes(lenet, (1, 8, 8)))   # maps only
    x = torch.randn(1, 1, 8, 8)
    maps = fm.feature_maps(fm.extractor(lenet, nodes), x)
    with torch.no_grad():
        torch.testing.assert_close(maps["head"], lenet(x)[0])
        torch.testing.assert_close(maps["features.1"],
                                   lenet.features[1](lenet.features[0](x))[0])


def test_random_cnn_is_reproducible_and_leaves_the_global_seed_alone():
    torch.manual_seed(5)
    expected = torch.rand(1)
    torch.manual_seed(5)
    first = fm.random_cnn("lenet", seed=3)
    assert torch.rand(1) == expected
    torch.testing.assert_close(fm.random_cnn("lenet", seed=3).state_dict(), first.state_dict())
    assert not torch.equal(fm.random_cnn("lenet", seed=4).features[0][0].weight,
                           first.features[0][0].weight)


@pytest.mark.parametrize("call, code, message", [
    (lambda: fm.handmade([[["a", 0, 0], [0, 0, 0], [0, 0, 0]]]), "other", "3×3 grids"),
    (lambda: fm.handmade([[[1, 2, 3], [4, 5]]]), "other", "3×3 grids"),
    (lambda: fm.handmade([]), "shape", "one or more"),
    (lambda: fm.handmade([[[1e300] * 3] * 3]), "not_finite", "not a number"),
    (lambda: fm.random_cnn("mlp"), "choice", "unknown model"),
    (lambda: fm.random_cnn("lenet", seed=2**32), "out_of_range", "seed"),
    (lambda: fm.map_nodes(fm.handmade([fm.KERNEL_PRESETS["Sobel x"]]), (3, 8, 8)), "shape",
     "cannot take an input of shape"),
    (lambda: fm.map_nodes(build_model("lenet", (1, 8, 8), 10), (1, 2, 2)), "shape",
     "cannot take"),
    (lambda: fm.map_nodes(fm.handmade([fm.KERNEL_PRESETS["Sobel x"]] * 8), (1, 3000, 3000)),
     "budget", "smaller input size"),
    (lambda: fm.map_nodes(fm.handmade([fm.KERNEL_PRESETS["Sobel x"]]), (1, 0, 8)),
     "out_of_range", "input_shape=0"),
    (lambda: fm.map_nodes(fm.handmade([fm.KERNEL_PRESETS["Sobel x"]]), (8, 8)), "shape",
     "(C, H, W)"),
    (lambda: fm.map_nodes("model", (1, 8, 8)), "other", "torch.nn.Module"),
    (lambda: fm.channel_stats(torch.zeros(0, 3, 3)), "empty", "maps are empty"),
    (lambda: fm.channel_stats(torch.tensor([[[float("nan")]]])), "not_finite", "maps"),
    (lambda: fm.channel_stats(torch.tensor([[[1e300]]], dtype=torch.float64)), "not_finite",
     "float32"),
    (lambda: fm.channel_stats(torch.zeros(3, 3)), "shape", r"\[C, h, w\]"),
    (lambda: fm.tiles(torch.zeros(2, 3, 3), np.array([0, 2])), "out_of_range", "order"),
    (lambda: fm.tiles(torch.zeros(2, 3, 3), np.array([0, 0])), "out_of_range", "distinct"),
    (lambda: fm.tiles(torch.zeros(2, 3, 3), np.array([0.5, 1])), "out_of_range", "order"),
    (lambda: fm.tiles(torch.zeros(2, 3, 3), np.array([0, 1]), budget=0), "out_of_range",
     "budget"),
    (lambda: fm.montage(np.zeros((2, 3, 3)), 0), "out_of_range", "columns=0"),
    (lambda: fm.montage(np.zeros((2, 3, 3, 2)), 1), "shape", "images"),
    (lambda: fm.montage(np.zeros((1, 3, 3)), 10**8), "budget", "fewer columns"),
    (lambda: fm.grid_columns(0), "out_of_range", "count=0"),
    (lambda: fm.grid_columns(3, float("nan")), "not_finite", "aspect"),
    (lambda: fm.kernel_images(torch.zeros(2, 3)), "shape", "weight"),
    (lambda: fm.kernel_images(torch.full((1, 3, 2, 2), float("inf"))), "not_finite", "kernels"),
])
def test_bad_arguments_are_explained(call, code, message):
    with pytest.raises(InputError, match=message) as err:
        call()
    assert err.value.code == code


def test_feature_maps_refuse_bad_inputs_and_non_finite_maps():
    model = fm.handmade([fm.KERNEL_PRESETS["Sobel x"]])
    extract = fm.extractor(model, fm.map_nodes(model, (1, 6, 6)))
    for x, code in [(torch.zeros(6, 6), "shape"), (torch.zeros(2, 1, 6, 6), "shape"),
                    (torch.full((1, 1, 6, 6), float("nan")), "not_finite"),
                    (torch.zeros(1, 3, 6, 6), "shape")]:
        with pytest.raises(InputError) as err:
            fm.feature_maps(extract, x)
        assert err.value.code == code
    with pytest.raises(InputError, match="overflow"):       # 3e38 · 4 overflows float32
        fm.feature_maps(extract, torch.full((1, 1, 6, 6), 3e38).triu())
    with pytest.raises(InputError, match="unknown layer"):
        fm.activation_pair(model, fm.map_nodes(model, (1, 6, 6)), "fc")


def test_kernel_images_and_tiles_do_not_overflow_at_float32_extremes():
    big = torch.finfo(torch.float32).max
    weight = torch.tensor([-big, big, 0.0, big]).view(1, 1, 2, 2).expand(1, 3, 2, 2)
    rgb = fm.kernel_images(weight)
    assert np.isfinite(rgb).all() and rgb.min() == 0 and rgb.max() == 1
    tile = fm.tiles(torch.tensor([[[-big, big], [0.0, big]]]), np.array([0]))
    np.testing.assert_allclose(tile, [[[0, 1], [0.5, 1]]])


def test_the_shape_strip_labels_powers_of_ten_only():
    """The log axis had minor labels 2 and 5 between the powers ("1M 5 2 100k 5 2")."""
    from explorer.figures.featuremaps import shape_strip
    fig = shape_strip(["conv1", "relu1"], [(6, 160, 160), (6, 160, 160)], "conv1")
    assert fig.layout.yaxis.type == "log" and fig.layout.yaxis.dtick == 1
