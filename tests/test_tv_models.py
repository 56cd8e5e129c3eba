"""explorer.tv_models: torchvision classifiers by name, with ImageNet, random or uploaded weights.

Nothing is downloaded: ImageNet weights are a fake cached file (a seeded state dict saved
under torchvision's file name), uploads are state dicts made here (a resnet18 with a 5-class
head, plus classes.json), and hostile files come from tests/data/make_bad_weights.py."""
import io
import json

import numpy as np
import pytest
import torch
import torchvision
from PIL import Image

from explorer import predict, refs, runs, tv_models
from explorer.budget import MAX_TV_WEIGHTS_BYTES
from explorer.errors import InputError
from explorer.images import load_image, preprocess
from tests.data.make_bad_weights import corpus, saved

PETS = ["cat", "dog", "rabbit", "hamster", "parrot"]


@pytest.fixture
def root(tmp_path, monkeypatch):
    monkeypatch.setenv("EXPLORER_RUNS", str(tmp_path / "runs"))
    monkeypatch.setenv("TORCH_HOME", str(tmp_path / "torch"))
    return tmp_path


@pytest.fixture(scope="module")
def fine_tuned():
    """A resnet18 whose head was replaced by a 5-class one (as after fine-tuning)."""
    torch.manual_seed(1)
    model = torchvision.models.resnet18(num_classes=5).eval()
    return model


def _photo(side: int = 300) -> bytes:
    rng = np.random.default_rng(0)
    buffer = io.BytesIO()
    Image.fromarray(rng.integers(0, 255, (side, side + 40, 3), dtype=np.uint8)).save(buffer, "PNG")
    return buffer.getvalue()


def test_references_round_trip_and_are_no_runs():
    for weights in (refs.TV_IMAGENET, refs.TV_RANDOM, "20261130-120000-pets"):
        ref = refs.tv_ref("resnet18", weights)
        assert refs.kind(ref) == refs.TV and refs.run_id(ref) is None
        assert refs.tv_parts(ref) == ("resnet18", weights)
    assert refs.tv_ref("resnet18") == "tv:resnet18"
    assert refs.kind("resnet18") == refs.IMAGENET and refs.kind("20261130-x") == refs.RUN
    with pytest.raises(ValueError):
        refs.tv_parts("resnet18")


def test_allow_list_keeps_architectures_whose_weights_fit_the_limit():
    offered = tv_models.architectures()
    assert {"resnet18", "mobilenet_v3_small", "efficientnet_b0", "convnext_tiny",
            "swin_t"} <= set(offered)
    assert not {"vit_h_14", "vit_b_16", "vgg16", "googlenet"} & set(offered)
    for name in offered:
        assert tv_models.catalogue()[name].file_bytes <= MAX_TV_WEIGHTS_BYTES
    with pytest.raises(InputError) as err:
        tv_models.check_arch("vit_h_14")
    assert err.value.code == "budget" and "2,417 MB, over the 150 MB" in str(err.value)
    with pytest.raises(InputError) as err:
        tv_models.check_arch("resnet18; rm -rf /")
    assert err.value.code == "choice"


def test_random_weights_are_labelled_and_use_the_weights_preprocessing(root):
    c = predict.classifier_from("tv:mobilenet_v3_small:random")
    assert not c.trained and "RANDOM weights" in c.title
    preset = torchvision.models.MobileNet_V3_Small_Weights.DEFAULT.transforms()
    assert (c.spec.size, c.spec.resize) == (preset.crop_size[0], preset.resize_size[0])
    assert c.spec.mean == tuple(preset.mean) and c.spec.std == tuple(preset.std)
    assert len(c.classes) == 1000 and c.classes[0] == "tench"


def test_imagenet_weights_are_refused_until_cached_then_loaded(root):
    with pytest.raises(InputError) as err:
        predict.classifier_from("tv:resnet18")
    assert "resnet18-f37072fd.pth" in str(err.value) and "get them on Predict" in str(err.value)
    torch.manual_seed(7)
    cached = torchvision.models.resnet18().state_dict()
    folder = root / "torch" / "hub" / "checkpoints"
    folder.mkdir(parents=True)
    (folder / "resnet18-f37072fd.pth").write_bytes(saved(cached))
    c = predict.classifier_from("tv:resnet18")
    assert c.trained and "ImageNet weights (IMAGENET1K_V1)" in c.title
    torch.testing.assert_close(c.model.state_dict(), cached)
    assert predict.model_stamp("tv:resnet18") > 0


def test_a_fine_tuned_5_class_resnet18_predicts_with_its_class_names(root, fine_tuned):
    ref = tv_models.import_weights("resnet18", saved(fine_tuned.state_dict()), "pets.pt",
                                   json.dumps(PETS).encode())
    assert refs.tv_parts(ref)[0] == "resnet18"
    (imported,) = tv_models.imports()
    assert imported.ref == ref and imported.classes == PETS and imported.source == "pets.pt"
    assert runs.list_runs() == []        # a hidden folder: not a Training-lab run
    c = predict.classifier_from(ref)
    assert c.trained and c.classes == PETS and "pets.pt" in c.title and "5 classes" in c.title
    x = preprocess(load_image(_photo(), "photo.png").rgb, c.spec).tensor
    assert x.shape == (1, 3, 224, 224)
    with torch.no_grad():
        expected = fine_tuned(x)[0]
    got = predict.logits(c, x)[0]
    torch.testing.assert_close(got, expected)
    best = predict.top_k(predict.softmax_t(got, 1.0), c.classes, 1)[0][0]
    assert best == PETS[int(expected.argmax())]


@pytest.mark.parametrize("classes_json", [
    {"classes": PETS}, {name: i for i, name in enumerate(PETS)},
    {str(i): name for i, name in enumerate(PETS)}])
def test_class_names_come_in_the_usual_json_shapes(classes_json):
    assert tv_models.parse_classes(json.dumps(classes_json).encode()) == PETS


@pytest.mark.parametrize("data, words", [
    (b"[1, 2]", "no list of class names"), (b"{\"a\": 0, \"b\": 5}", "no list of class names"),
    (b"not json", "not valid JSON"), (b"[\"cat\"]", "names 1 classes"),
    (b"[\"cat\", \"cat\"]", "must differ"), (b" " * (2**20 + 1), "over the 1 MB")])
def test_bad_class_lists_are_refused(data, words):
    with pytest.raises(InputError, match=words):
        tv_models.parse_classes(data)


def test_classes_saved_beside_the_state_dict_are_used(root, fine_tuned):
    data = saved({"state_dict": fine_tuned.state_dict(), "classes": PETS})
    state, names = tv_models.read_upload("resnet18", data)
    assert names == PETS and set(state) == set(fine_tuned.state_dict())
    _, unnamed = tv_models.read_upload("resnet18", saved(fine_tuned.state_dict()))
    assert unnamed == [f"class {i}" for i in range(5)]


def test_wrong_architecture_and_wrong_head_are_refused_and_nothing_is_written(root,
                                                                            fine_tuned):
    other = torchvision.models.mobilenet_v3_small().state_dict()
    with pytest.raises(InputError, match="does not fit resnet18: 122 of its 122 tensors are "
                                         r"missing \(bn1.bias.*It fits mobilenet_v3_small: "
                                         "pick that architecture") as err:
        tv_models.import_weights("resnet18", saved(other), "other.pt")
    assert err.value.code == "file"
    alien = {"encoder.weight": torch.zeros(3, 3)}
    with pytest.raises(InputError, match="another architecture"):
        tv_models.import_weights("resnet18", saved(alien), "alien.pt")
    with pytest.raises(InputError, match="the head has 5 outputs, but the class names given "
                                         "are 3"):
        tv_models.import_weights("resnet18", saved(fine_tuned.state_dict()), "pets.pt",
                                 json.dumps(PETS[:3]).encode())
    narrow = {**fine_tuned.state_dict(), "conv1.weight": torch.zeros(32, 3, 7, 7)}
    with pytest.raises(InputError, match=r"tensor conv1.weight has shape \(32, 3, 7, 7\) where "
                                         r"resnet18 has \(64, 3, 7, 7\)"):
        tv_models.import_weights("resnet18", saved(narrow), "narrow.pt")
    assert tv_models.imports() == [] and not (root / "runs" / tv_models.IMPORTS).exists()


HOSTILE = {name: entry for name, entry in corpus(
    torchvision.models.resnet18(num_classes=5).state_dict(), {}).items()
    if name not in ("wrong_shapes.pt", "too_big.pt")}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_files_are_refused_with_their_reason(root, name):
    data, words = HOSTILE[name]
    with pytest.raises(InputError) as err:
        tv_models.import_weights("resnet18", data, name)
    assert words in str(err.value)
    assert tv_models.imports() == []


def test_a_file_over_the_upload_limit_is_refused_before_reading(root):
    with pytest.raises(InputError, match="is 150.0 MB, over the 150 MB limit") as err:
        tv_models.read_upload("resnet18", bytes(MAX_TV_WEIGHTS_BYTES + 1))
    assert err.value.code == "budget"


def test_damaged_imports_are_skipped_in_the_list_and_refused_by_reference(root, fine_tuned):
    ref = tv_models.import_weights("resnet18", saved(fine_tuned.state_dict()), "pets.pt",
                                   json.dumps(PETS).encode())
    folder = tv_models.imports_root() / refs.tv_parts(ref)[1]
    (folder / tv_models.META_FILE).write_text('{"arch": "vit_h_14", "classes": []}')
    assert tv_models.imports() == []
    with pytest.raises(InputError, match="vit_h_14's weights take"):
        predict.classifier_from(ref)
    for bad in ("tv:resnet18:../../etc", "tv:resnet18:.hidden", "tv:resnet18:nope"):
        with pytest.raises(InputError):
            predict.classifier_from(bad)


@pytest.mark.parametrize("arch", ["resnet18", "mobilenet_v3_small", "efficientnet_b0",
                                  "convnext_tiny", "swin_t"])
def test_penultimate_features_are_what_the_head_takes(arch):
    model = tv_models.build(arch, num_classes=7)
    x = torch.randn(2, 3, 64, 64)
    features = tv_models.penultimate(model, x)
    head = model.get_submodule(tv_models.head_name(model))
    with torch.no_grad():
        torch.testing.assert_close(head(features), model(x))
    assert features.shape == (2, head.in_features)


def test_tsne_points_are_the_penultimate_features_of_the_resized_images(root):
    from explorer.data import denormalize, load_dataset
    raw, learned = tv_models.network_features("tv:mobilenet_v3_small:random", "digits", 40)
    splits = load_dataset("digits")
    assert raw.x.shape == (40, 64) and learned.x.shape == (40, 1024)
    assert learned.classes == splits.classes and (learned.labels == raw.labels).all()
    model = tv_models.build("mobilenet_v3_small")
    first = denormalize(splits.x_train[:1], splits).clamp(0, 1).expand(-1, 3, -1, -1)
    first = torch.nn.functional.interpolate(first, size=(224, 224), mode="bilinear",
                                            antialias=True)
    preset = torchvision.models.MobileNet_V3_Small_Weights.DEFAULT.transforms()
    x = (first - torch.tensor(preset.mean).view(1, 3, 1, 1)) / torch.tensor(
        preset.std).view(1, 3, 1, 1)
    torch.testing.assert_close(torch.from_numpy(learned.x[:1]), tv_models.penultimate(model, x),
                               atol=1e-4, rtol=1e-4)
    with pytest.raises(InputError, match="not images"):
        tv_models.network_features("tv:mobilenet_v3_small:random", "moons", 10)


def test_refusals_read_in_chinese_with_the_same_facts(root, fine_tuned):
    from ui.i18n import translate_message
    other = torchvision.models.mobilenet_v3_small().state_dict()
    with pytest.raises(InputError) as wrong:
        tv_models.read_upload("resnet18", saved(other))
    zh = translate_message(str(wrong.value))
    assert zh.startswith("上传的文件 与 resnet18 不吻合：它的 122 个张量中缺了 122 个")
    assert zh.endswith("它与 mobilenet_v3_small 吻合：请选这个网络结构")
    with pytest.raises(InputError) as missing:
        predict.classifier_from("tv:resnet18")
    assert translate_message(str(missing.value)).startswith(
        "resnet18 的 ImageNet 权重（resnet18-f37072fd.pth，45 MB）不在这台机器上：请在“预测”页下载")
