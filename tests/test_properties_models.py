"""Property tests of explorer.models.build_model: for any request, a model that runs on its
input shape (checked by torch itself) or an InputError that explains; never another
exception."""
import math

import torch
from hypothesis import assume, given, settings, strategies as st

from explorer.errors import InputError
from explorer.models import ACTIVATIONS, MODEL_NAMES, build_model, count_parameters

FAST = settings(max_examples=30, deadline=None)
ODD = st.sampled_from([math.nan, math.inf, -1, 0, 0.5, 2.5, 10**9, "3", None])


@st.composite
def requests(draw):
    """(name, input_shape, num_classes, options) from small valid values and odd ones."""
    name = draw(st.sampled_from(MODEL_NAMES + ("transformer",)))
    shape = draw(st.one_of(
        st.tuples(st.integers(1, 3), st.integers(1, 12), st.integers(1, 12)),
        st.tuples(st.integers(1, 20)),
        st.lists(st.one_of(st.integers(-1, 6), ODD), max_size=4).map(tuple)))
    classes = draw(st.one_of(st.integers(2, 12), st.integers(-1, 1), ODD))
    options = {}
    keys = {"mlp": ["depth", "width", "activation", "batchnorm", "dropout"], "lenet":
            ["activation"], "note4_cnn": ["activation"], "vgg_small": ["width"], "resnet_small": ["width", "blocks"]}
    for key in draw(st.lists(st.sampled_from(keys.get(name, []) + ["colour"]), max_size=3,
                             unique=True)):
        options[key] = draw({
            "depth": st.one_of(st.integers(1, 4), ODD), "width": st.one_of(st.integers(1, 16),
                                                                             ODD),
            "blocks": st.one_of(st.integers(1, 2), ODD),
            "activation": st.sampled_from(list(ACTIVATIONS) + ["nope", None]),
            "batchnorm": st.one_of(st.booleans(), ODD),
            "dropout": st.one_of(st.floats(0, 0.99), ODD, st.floats(allow_nan=True)),
            "colour": st.just("red")}[key])
    return name, shape, classes, options


@FAST
@given(requests())
def test_build_model_runs_on_its_input_or_explains(request):
    name, shape, classes, options = request
    try:
        model = build_model(name, shape, classes, **options)
    except InputError as err:
        assert err.code and str(err)
        return
    model.eval()
    x = torch.randn(2, *shape, generator=torch.Generator().manual_seed(0))
    with torch.no_grad():
        out = model(x)
        assert out.shape == (2, classes) and torch.isfinite(out).all()
        torch.testing.assert_close(out, model.head(model.penultimate(x)))
    assert count_parameters(model) == sum(p.numel() for p in model.parameters())


@FAST
@given(st.sampled_from(["lenet", "vgg_small"]), st.integers(1, 3), st.integers(1, 9),
       st.integers(1, 9))
def test_pooled_networks_accept_exactly_inputs_of_at_least_4x4(name, channels, height, width):
    try:
        model = build_model(name, (channels, height, width), 3).eval()
    except InputError as err:
        assert min(height, width) < 4 and err.code == "out_of_range" and "4×4" in str(err)
    else:
        assert min(height, width) >= 4
        with torch.no_grad():
            assert model(torch.zeros(1, channels, height, width)).shape == (1, 3)


@FAST
@given(st.sampled_from(MODEL_NAMES), st.integers(1, 3), st.integers(4, 20), st.integers(4, 20),
       st.integers(2, 12), st.integers(1, 16), st.integers(1, 3),
       st.sampled_from(list(ACTIVATIONS)), st.floats(0, 0.99))
def test_every_valid_request_builds(name, channels, height, width, classes, size, layers,
                                    activation, dropout):
    assume(name != "note4_cnn" or min(height, width) >= 16)
    options = {"mlp": dict(depth=layers, width=size, activation=activation, dropout=dropout),
               "lenet": dict(activation=activation), "note4_cnn": dict(activation=activation),
               "vgg_small": dict(width=size),
               "resnet_small": dict(width=size, blocks=layers)}[name]
    model = build_model(name, (channels, height, width), classes, **options).eval()
    with torch.no_grad():
        assert model(torch.zeros(1, channels, height, width)).shape == (1, classes)
