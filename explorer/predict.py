"""Predict: a classifier with its input recipe, softmax with temperature, top-k, batch tables.

``p_i = softmax(z / T)_i = exp(z_i / T) / Σ_j exp(z_j / T)``: T = 1 is the model's own
belief, T → 0 puts all mass on the arg-max, T → ∞ flattens towards uniform 1/C. The arg-max,
hence the top-1 class, never changes with T (Hinton et al. 2015, "Distilling the knowledge").

Models come from three places: a run of the Training lab (``from_run``), the default digits
model that ``default_digits`` trains once with ``explorer.train.fit`` and caches, and the
torchvision ImageNet classifiers (``imagenet``), pretrained only when their weight file is
already in torch's cache (``explorer.offline``), otherwise randomly initialised and labelled
as such.
"""
from __future__ import annotations

import base64
import io
from dataclasses import dataclass

import numpy as np
import torch
from torch import nn

from explorer import offline, refs
from explorer.errors import InputError, check_choice, check_int, check_number
from explorer.images import ImageError, InputSpec, load_image, preprocess
from explorer.refs import CURRENT_MODEL_KEY, DEFAULT_REF, DEFAULT_RUN, IMAGENET_MODELS  # noqa: F401


@dataclass
class Classifier:
    model: nn.Module          # eval mode
    classes: list[str]
    spec: InputSpec
    title: str                # what the page shows, e.g. "resnet18: RANDOM weights (demo)"
    trained: bool             # False for a random-weight demo


def device() -> torch.device:
    return torch.device("cuda" if torch.cuda.is_available() else "cpu")


def softmax_t(logits: torch.Tensor, temperature: float) -> torch.Tensor:
    """``Tensor[..., C]`` logits -> probabilities ``softmax(z / T)`` over the last axis."""
    temperature = check_number("temperature", temperature, low=0, high=1e6, low_open=True)
    return torch.softmax(logits / temperature, dim=-1)


def top_k(probs: torch.Tensor, classes: list[str], k: int) -> list[tuple[str, float]]:
    """``Tensor[C]`` -> the k most probable (class, probability), most probable first."""
    values, indices = torch.topk(probs, min(check_int("k", k, 1), probs.numel()))
    return [(classes[i], float(v)) for v, i in zip(values.tolist(), indices.tolist())]


@torch.no_grad()
def logits(classifier: Classifier, x: torch.Tensor) -> torch.Tensor:
    """``Tensor[N, C, H, W]`` -> ``Tensor[N, classes]`` on the CPU."""
    model = classifier.model
    return model(x.to(next(model.parameters()).device)).cpu()


DEFAULT_CONFIG = {"dataset": "digits", "model": "lenet", "epochs": 8, "seed": 0}


def from_run(run_id: str) -> Classifier:
    """A Training-lab checkpoint with the input recipe of the data it was trained on."""
    from explorer import runs
    model, config, splits = runs.load_trained(run_id)
    summary = runs.get_run(run_id).summary
    accuracy = summary.get("test_accuracy")
    score = f", test accuracy {accuracy:.1%}" if isinstance(accuracy, float) else ""
    return Classifier(model.to(device()), list(splits.classes), input_spec(splits),
                      f"run {run_id}: {config.model} on {config.dataset}{score}", True)


def default_digits() -> Classifier:
    """LeNet-5 on the bundled digits, trained once by ``explorer.train.fit`` (seed 0, a few
    seconds on a CPU) into ``runs/default-digits-lenet/`` and loaded from there after; trained
    again, in a fresh folder, when that folder is damaged.

    On the CPU it trains on one thread: batches of 64 8×8 images are too small to gain from
    intra-op threads, and on a busy machine extra threads made it ~3× slower (measured)."""
    from explorer import runs, train
    from explorer.data import load_dataset
    run_dir = runs.runs_root() / DEFAULT_RUN
    if run_dir.is_dir() and runs.read_run(run_dir).status == runs.DAMAGED:
        import shutil
        shutil.rmtree(run_dir)
    if not (run_dir / runs.SUMMARY).exists():
        config = train.TrainConfig(**DEFAULT_CONFIG)
        splits = load_dataset(config.dataset, seed=config.seed)
        runs.write_json(run_dir / runs.CONFIG, train.run_config(config, splits))
        with train.single_cpu_thread():
            train.fit(config, splits=splits, run_dir=run_dir)
    return from_run(DEFAULT_RUN)


def classifier_from(ref: str) -> Classifier:
    """A model reference (``explorer.refs``) -> its Classifier: ``"default"`` (the digits
    LeNet), an ImageNet name, a ``tv:`` torchvision model (``explorer.tv_models``), or a
    Training-lab run id. The session's current model
    (``ui.current``) is such a ref, so every page loads the same model from it."""
    if ref == DEFAULT_REF:
        return default_digits()
    if ref in IMAGENET_MODELS:
        return imagenet(ref)
    if refs.kind(ref) == refs.TV:
        from explorer import tv_models
        return tv_models.load(ref)
    return from_run(ref)


def model_stamp(ref: str) -> int:
    """Changes when the model behind ``ref`` changes (a run's checkpoint mtime), else 0."""
    from explorer import runs
    if ref == DEFAULT_REF or ref in IMAGENET_MODELS:
        return 0
    if refs.kind(ref) == refs.TV:
        from explorer import tv_models
        return tv_models.stamp(ref)
    checkpoint = runs.runs_root() / ref / runs.CHECKPOINT
    return checkpoint.stat().st_mtime_ns if checkpoint.exists() else -1


def imagenet(name: str) -> Classifier:
    """torchvision ``name`` with ImageNet weights from the local torch cache, else random."""
    import torchvision

    check_choice("ImageNet model", name, IMAGENET_MODELS)
    weights = torchvision.models.get_model_weights(name).DEFAULT   # metadata only, no download
    torch.manual_seed(0)                                           # a reproducible demo
    model = torchvision.models.get_model(name, weights=None)
    status = offline.weights_status(name)
    if status.available:
        model.load_state_dict(torch.load(status.where / offline.WEIGHT_FILES[name],
                                         map_location="cpu", weights_only=True))
        title = f"{name}: ImageNet weights ({weights.name})"
    else:
        title = (f"{name}: RANDOM weights (demo: predictions mean nothing). Put "
                 f"{status.missing[0]} in {status.where} for the trained model")
    preset = weights.transforms()
    spec = InputSpec(3, preset.crop_size[0], tuple(preset.mean), tuple(preset.std),
                     resize=preset.resize_size[0])
    return Classifier(model.eval().to(device()), list(weights.meta["categories"]), spec,
                      title, status.available)


@dataclass
class Analysis:
    """What Predict shows for one image, all of it small (what a page may cache): the steps
    as display copies, the loader's notes, the model's input, what the CAM overlays, logits."""
    steps: list[tuple[str, object]]   # (title, PIL image whose long side ≤ DISPLAY_SIDE)
    notes: list[str]
    tensor: torch.Tensor              # [1, C, H, W], normalised, on the CPU
    model_view: np.ndarray            # [H, W, 3] float in [0, 1]
    logits: torch.Tensor              # [classes]


def analyse(classifier: Classifier, data: bytes, name: str) -> Analysis:
    """File bytes -> ``Analysis`` (``ImageError`` when the file cannot be used); the decoded
    image itself (up to the working size) is not kept."""
    loaded = load_image(data, name)
    prepared = preprocess(loaded.rgb, classifier.spec)
    return Analysis(loaded.steps + prepared.steps, loaded.notes, prepared.tensor,
                    prepared.model_view, logits(classifier, prepared.tensor)[0])


@dataclass
class Prediction:
    name: str
    logits: torch.Tensor | None   # [C], None when the file was refused
    error: str | None = None
    thumbnail: str | None = None  # PNG data URL, for a table cell


def _data_url(image, side: int = 64) -> str:
    thumb = image.copy()
    thumb.thumbnail((side, side))
    buffer = io.BytesIO()
    thumb.save(buffer, "PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


def predict_file(classifier: Classifier, name: str, data: bytes) -> Prediction:
    """One file's bytes -> its Prediction (logits and thumbnail), or its refusal message."""
    try:
        loaded = load_image(data, name)
    except ImageError as err:
        return Prediction(name, None, str(err))
    x = preprocess(loaded.rgb, classifier.spec).tensor
    return Prediction(name, logits(classifier, x)[0], thumbnail=_data_url(loaded.rgb))


def batch_table(predictions: list[Prediction], classes: list[str], temperature: float = 1.0):
    """pandas DataFrame: file, thumbnail, top-1, confidence (softmax at ``temperature``),
    runner-up, message. Only the softmax depends on T, so a table is cheap to redo."""
    import pandas as pd

    rows = []
    for p in predictions:
        best = (top_k(softmax_t(p.logits, temperature), classes, 2)
                if p.logits is not None else [])
        rows.append({"file": p.name, "thumbnail": p.thumbnail,
                     "top-1": best[0][0] if best else None,
                     "confidence": best[0][1] if best else None,
                     "runner-up": best[1][0] if len(best) > 1 else None,
                     "message": p.error or ""})
    return pd.DataFrame(rows)


def table_csv(table) -> bytes:
    """The batch table as CSV, without the thumbnail images; file names and classes that
    start like a spreadsheet formula are neutralised (explorer.tables.csv_bytes)."""
    from explorer.tables import csv_bytes
    return csv_bytes(table.drop(columns=["thumbnail"]))


def as_pixels(images: torch.Tensor) -> np.ndarray:
    """``Tensor[N, C, H, W]`` in [0, 1] -> ``uint8[N, H, W]`` (C = 1) or ``uint8[N, H, W, 3]``."""
    pixels = images.clamp(0, 1).mul(255).round().to(torch.uint8).permute(0, 2, 3, 1).numpy()
    return pixels[..., 0] if pixels.shape[-1] == 1 else pixels


POINTS_NOT_IMAGES = ("{dataset} is a 2-D point dataset, not images; pick a model trained on "
                     "digits, MNIST, Fashion-MNIST or CIFAR-10")


def input_spec(splits) -> InputSpec:
    """The recipe for a model trained on ``splits`` (whose pixels were in [0, 1] before
    normalising): grey sets are digit-like (bright ink on black, centred), colour sets
    (CIFAR-10) are photos resized to the training size."""
    if not splits.is_image:
        raise InputError("other", POINTS_NOT_IMAGES.format(dataset=splits.name),
                         name=splits.name)
    channels, size, _ = splits.input_shape
    return InputSpec(channels, size, tuple(splits.mean), tuple(splits.std),
                     digit_like=channels == 1, resize=size)


def test_set_images(dataset: str = "digits", seed: int = 0) -> list[tuple[np.ndarray, str]]:
    """The test split of ``dataset`` as displayable ``uint8`` pixels with their class names."""
    from explorer.data import denormalize, load_dataset
    splits = load_dataset(dataset, seed=seed)
    pixels = as_pixels(denormalize(splits.x_test, splits))
    return [(p, splits.classes[y]) for p, y in zip(pixels, splits.y_test.tolist())]
