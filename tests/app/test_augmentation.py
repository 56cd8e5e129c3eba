"""AppTest: augmentation gallery."""
import torch

from explorer import augment as aug
from tests.app.apptest import open_page
from ui.text import md


def _captions(at) -> list[str]:
    return [img.caption for element in at.get("image") for img in element.proto.imgs]


def _shown_mix_labels(kind: str, alpha: float, seed: int) -> list[str]:
    """Default source: the sample photo china.png, paired with the other photo only (it
    was mixed with itself: '0.88 china + 0.12 china.png'), both named alike (it read
    '0.70 china.png + 0.30 flower')."""
    photos = aug.sample_photos()
    pool = [photos["china"], photos["flower"]]
    _, soft = aug.mix(kind, torch.stack(pool), torch.arange(2), 2, alpha, seed)
    labels = [aug.describe_label(s, ["china", "flower"]) for s in soft]
    assert all("china" in label and "flower" in label and ".png" not in label
               for label in labels)
    return labels


def test_default_gallery_shows_v2_soft_labels_and_reroll_changes_them():
    at = open_page("augmentation").run()
    assert not at.exception and not at.error
    captions = _captions(at)
    assert "original (160×160)" in captions
    assert captions.count("seed 0") == len(aug.SINGLE)
    for label in _shown_mix_labels("MixUp", 1.0, 0):
        assert label in captions
    at.button[0].click().run()                    # re-roll: seed 0 -> 1
    assert not at.exception
    assert at.number_input(key="seed").value == 1
    captions = _captions(at)
    assert "seed 1" in captions and "seed 0" not in captions
    for label in _shown_mix_labels("MixUp", 1.0, 1):
        assert label in captions


def test_cutmix_labels_and_no_augmentation_chosen():
    at = open_page("augmentation").run()
    next(r for r in at.radio if r.label == "Mixing").set_value("CutMix").run()
    assert not at.exception
    for label in _shown_mix_labels("CutMix", 1.0, 0):
        assert label in _captions(at)
    at.multiselect[0].set_value([]).run()
    assert not at.exception
    assert "Pick at least one augmentation" in at.warning[0].value


def test_a_bad_upload_is_explained_and_a_cmyk_one_still_augments():
    from tests.app.apptest import ROOT
    corpus = ROOT / "tests" / "data" / "bad_images"
    at = open_page("augmentation").run()
    next(r for r in at.radio if r.label == "Image source").set_value("upload").run()
    at.file_uploader[0].set_value([("truncated.png", (corpus / "truncated.png").read_bytes(),
                                    "image/png")]).run()
    assert not at.exception
    assert md("truncated.png") in at.error[0].value          # the name escaped (ui.text)
    at.file_uploader[0].set_value([("cmyk.jpg", (corpus / "cmyk.jpg").read_bytes(),
                                    "image/png")]).run()
    assert not at.exception and not at.error
    assert _captions(at).count("seed 0") == len(aug.SINGLE)


def test_default_mosaic_uses_four_different_scenes_and_carries_their_boxes():
    at = open_page("augmentation").run()
    assert not at.exception and not at.error
    text = " ".join(m.value for m in at.markdown)
    assert "four different images (pagoda, lake, dahlia, bud)" in text
    rows = next(d.value for d in at.dataframe if "share of the mosaic" in d.value.columns)
    scenes = aug.sample_scenes()
    m = aug.mosaic([s[0] for s in scenes.values()], 0, size=2 * aug.SIZE,
                   boxes=[s[1] for s in scenes.values()])
    assert list(rows["object"]) == [r["object"] for r in aug.mosaic_rows(
        m, [s[2] for s in scenes.values()])]
    assert {"pagoda", "dahlia"} <= set(rows["object"])
    assert (rows["share of the mosaic"] < rows["share of its image"]).all()   # smaller


def test_an_uploaded_image_is_mixed_with_both_photos_and_fills_a_mosaic_tile():
    from tests.app.apptest import ROOT
    corpus = ROOT / "tests" / "data" / "bad_images"
    at = open_page("augmentation").run()
    next(r for r in at.radio if r.label == "Image source").set_value("upload").run()
    at.file_uploader[0].set_value([("cmyk.jpg", (corpus / "cmyk.jpg").read_bytes(),
                                    "image/jpeg")]).run()
    assert not at.exception and not at.error
    captions = _captions(at)
    mixed = [c for c in captions if " + " in c]
    # image i is mixed with image i − 1: each label names two different images
    assert [[part.split(" ", 1)[1] for part in c.split(" + ")] for c in mixed] == [
        ["cmyk.jpg", "flower"], ["china", "cmyk.jpg"], ["flower", "china"]]
    text = " ".join(m.value for m in at.markdown)
    assert f"four different images ({md('cmyk.jpg')}, lake, dahlia, bud)" in text


def test_link_opens_the_same_view_and_a_bad_value_falls_back():
    at = open_page("augmentation")
    at.query_params.update({"seed": "7", "tab": "mix", "mix": "CutMix", "alpha": "2.5",
                            "img": "photo", "photo": "flower.png",
                            "aug": ["horizontal_flip", "cutout", "sepia"]})   # sepia: unknown
    at.run()
    assert not at.exception and not at.error
    assert at.number_input(key="seed").value == 7
    assert at.multiselect(key="aug").value == ["horizontal_flip", "cutout"]
    assert at.radio(key="mix").value == "CutMix"
    assert at.slider(key="alpha").value == 2.5
    captions = _captions(at)
    assert captions.count("seed 7") == 2 and "seed 0" not in captions
    assert any("flower" in c and "china" in c for c in captions)        # CutMix of the flower
    assert "aug=sepia" in " ".join(t.value for t in at.toast)


def test_chinese_names_the_augmentations():
    at = open_page("augmentation")
    at.query_params["lang"] = "zh"
    at.session_state["lang"] = "zh"
    at.run()
    assert not at.exception and not at.error
    assert at.title[0].value == "数据增强"
    assert "**水平翻转**" in [m.value for m in at.markdown]
    assert "随机种子 0" in _captions(at)
