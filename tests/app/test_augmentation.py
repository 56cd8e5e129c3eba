"""AppTest: augmentation gallery."""
import torch

from explorer import augment as aug
from tests.app.apptest import open_page
from ui.text import md


def _captions(at) -> list[str]:
    return [img.caption for element in at.get("image") for img in element.proto.imgs]


def _shown_mix_labels(kind: str, alpha: float, seed: int) -> list[str]:
    photos = aug.sample_photos()   # default source: the sample photo china.png
    pool = [photos["china"], photos["china"], photos["flower"]]
    _, soft = aug.mix(kind, torch.stack(pool), torch.arange(3), 3, alpha, seed)
    return [aug.describe_label(s, ["china.png", "china", "flower"]) for s in soft]


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
    assert at.number_input(key="augmentation.seed").value == 1
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
    next(r for r in at.radio if r.label == "Image source").set_value("Upload").run()
    at.file_uploader[0].set_value([("truncated.png", (corpus / "truncated.png").read_bytes(),
                                    "image/png")]).run()
    assert not at.exception
    assert md("truncated.png") in at.error[0].value          # the name escaped (ui.text)
    at.file_uploader[0].set_value([("cmyk.jpg", (corpus / "cmyk.jpg").read_bytes(),
                                    "image/png")]).run()
    assert not at.exception and not at.error
    assert _captions(at).count("seed 0") == len(aug.SINGLE)
