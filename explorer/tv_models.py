"""Any torchvision ImageNet classifier by name, with ImageNet weights, random ones, or yours.

Model references (``explorer.refs``)::

    "tv:<arch>"              ImageNet weights from torch's hub cache (refused when absent:
                             Predict's button or ``python -m explorer.data get tv:<arch>``
                             downloads them, ``explorer.download``)
    "tv:<arch>:random"       random weights (seed 0), labelled so everywhere
    "tv:<arch>:<import id>"  a state dict the user uploaded (``import_weights``), kept in
                             ``<runs folder>/.tv/<import id>/`` with its architecture and class
                             names (a hidden folder: the Training lab's run list skips it, the
                             runs folder's size limit counts it)

Architectures are ``torchvision.models.list_models(module=torchvision.models)`` whose ImageNet
weights file is at most ``budget.MAX_TV_WEIGHTS_BYTES`` (their meta's ``_file_size``, known
without a download): resnet18 (45 MB) to convnext_tiny (109 MB); vit_b_16 (330 MB) and
vit_h_14 (2.4 GB) are left out. googlenet and inception_v3 are left out as well: their
auxiliary classifiers make the state dict depend on how they were built.

Each model takes its weights' own preprocessing (``weights.transforms()``: resize, centre
crop, ImageNet mean/std) as an ``InputSpec``. Its head is its last Linear layer (squeezenet's
last Conv2d); ``penultimate`` is what feeds the head (t-SNE's features). Uploaded files go
through ``explorer.weights``' checks (size, zip directory, weights_only=True, finite values)
and must match the architecture tensor by tensor; only the head may have another number of
classes, named by a ``classes.json`` (a list of names, ``{"classes": [...]}``, ImageFolder's
``{"name": index}`` or ``{"index": "name"}``) or a ``"classes"`` list saved next to the state
dict (``torch.save({"state_dict": sd, "classes": [...]})``).
"""
from __future__ import annotations

import functools
import io
import json
import re
import time
from dataclasses import dataclass
from pathlib import Path

import torch
from torch import nn

from explorer import refs
from explorer.budget import MAX_CLASSES, MAX_TV_WEIGHTS_BYTES
from explorer.errors import InputError
from explorer.images import InputSpec

IMAGENET, RANDOM = refs.TV_IMAGENET, refs.TV_RANDOM
EXCLUDED = ("googlenet", "inception_v3")   # auxiliary classifiers: see the module docstring
IMPORTS = ".tv"                            # under the runs folder
WEIGHTS_FILE, META_FILE = "weights.pt", "model.json"
MAX_CLASSES_JSON_BYTES = 2**20
MAX_CLASS_NAME = 200                       # characters of one class name
IMPORT_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,99}")

# Refusals a page shows, as templates (ui/strings/model_picker.py's MESSAGES_ZH translates them).
UPLOADED = "the uploaded file"
NOT_CACHED = ("{arch}'s ImageNet weights ({file}, {mb} MB) are not on this machine: get them "
              "on Predict, or put {url} in {folder}; or pick random weights")
DOES_NOT_FIT = ("{what} does not fit {arch}: {missing} of its {total} tensors are missing "
                "({some_missing}) and {extra} are not {arch}'s ({some_extra}). {hint}")
FITS_OTHER = "It fits {other}: pick that architecture"
ANOTHER_ARCH = "Is it a state dict of another architecture?"
WRONG_SHAPE = "{what} does not fit {arch}: tensor {key} has shape {got} where {arch} has {shape}"
HEAD_SIZE = "{what}: its head {head} has {count} outputs; a classifier has 2 to {most}"
CLASS_COUNT = ("{what}: the head has {count} outputs, but the class names given are {names}; "
               "they must match one to one")
NOT_JSON = "{what} is not valid JSON (give a list of class names, like [\"cat\", \"dog\"])"
NO_CLASS_LIST = ("{what} holds no list of class names (give a JSON list of texts, like "
                 "[\"cat\", \"dog\"], in the order of the outputs)")
CLASS_RANGE = "{what} names {n} classes; a classifier has 2 to {most}"
NAMES_DIFFER = ("{what}: class names must differ from each other and be at most {most} "
                "characters")


@dataclass(frozen=True)
class Architecture:
    name: str
    file_bytes: int        # its ImageNet weights file (meta _file_size, MiB -> bytes)
    params: int            # meta num_params
    weights: str           # torchvision's default weights, e.g. "IMAGENET1K_V1"
    file: str              # the file torch's hub cache keeps them as: resnet18-f37072fd.pth
    url: str
    spec: InputSpec        # from weights.transforms()


@functools.cache
def catalogue() -> dict[str, Architecture]:
    """Every classification architecture of torchvision (offered or not), by name."""
    import torchvision
    found = {}
    for name in torchvision.models.list_models(module=torchvision.models):
        weights = torchvision.models.get_model_weights(name).DEFAULT
        preset = weights.transforms()
        spec = InputSpec(3, preset.crop_size[0], tuple(preset.mean), tuple(preset.std),
                         resize=preset.resize_size[0])
        found[name] = Architecture(name, round(weights.meta["_file_size"] * 2**20),
                                   weights.meta["num_params"], weights.name,
                                   weights.url.rsplit("/", 1)[-1], weights.url, spec)
    return found


def architectures() -> tuple[str, ...]:
    """The names offered, sorted: weights within ``MAX_TV_WEIGHTS_BYTES``, not ``EXCLUDED``."""
    return tuple(sorted(n for n, a in catalogue().items()
                        if a.file_bytes <= MAX_TV_WEIGHTS_BYTES and n not in EXCLUDED))


def check_arch(name) -> Architecture:
    """The offered architecture ``name``; InputError saying why another is not offered."""
    known = catalogue()
    if name not in known:
        raise InputError("choice", f"unknown torchvision classifier {name!r}; expected one of "
                         f"{', '.join(architectures())}", name="architecture", value=name,
                         options=architectures())
    if name in EXCLUDED:
        raise InputError("other", f"{name} is not offered: its auxiliary classifiers make its "
                         f"state dict depend on how it was built", name=name)
    arch = known[name]
    if arch.file_bytes > MAX_TV_WEIGHTS_BYTES:
        raise InputError("budget", f"{name}'s weights take {arch.file_bytes / 2**20:,.0f} MB, "
                         f"over the {MAX_TV_WEIGHTS_BYTES // 2**20} MB this server allows a "
                         f"model; pick a smaller architecture (resnet18: 45 MB)",
                         what=f"{name} weights", needed=arch.file_bytes,
                         limit=MAX_TV_WEIGHTS_BYTES)
    return arch


def build(name: str, num_classes: int = 1000, meta: bool = False) -> nn.Module:
    """Architecture ``name`` with ``num_classes`` outputs, random weights (seed 0), eval mode;
    on the meta device (shapes only, no memory) with ``meta``."""
    import torchvision
    check_arch(name)
    torch.manual_seed(0)
    try:
        with torch.device("meta" if meta else "cpu"):
            model = torchvision.models.get_model(name, weights=None, num_classes=num_classes)
    except NotImplementedError:   # RegNet computes its widths with tensors: not on meta
        model = torchvision.models.get_model(name, weights=None, num_classes=num_classes)
        model = model.to("meta")
    model.tv_arch = name          # what ``penultimate`` and the pages go by
    return model.eval()


def head_name(model: nn.Module) -> str:
    """The module that outputs the logits: the last Linear, else the last Conv2d."""
    linear = conv = None
    for name, module in model.named_modules():
        if isinstance(module, nn.Linear):
            linear = name
        elif isinstance(module, nn.Conv2d):
            conv = name
    return linear or conv


@functools.cache
def _penultimate_node(arch: str) -> str:
    """The graph node whose output feeds the head (the node just before it)."""
    from torchvision.models.feature_extraction import get_graph_node_names
    model = build(arch, meta=True)
    nodes = get_graph_node_names(model)[1]
    return nodes[nodes.index(head_name(model)) - 1]


def is_tv(model) -> bool:
    """Whether ``model`` is a torchvision classifier that ``build`` made."""
    return isinstance(getattr(model, "tv_arch", None), str)


def penultimate_extractor(model: nn.Module) -> nn.Module:
    """A traced copy of ``model`` returning ``{node: what the head takes}`` (trace it once,
    call it per batch)."""
    from torchvision.models.feature_extraction import create_feature_extractor
    arch = getattr(model, "tv_arch", None)
    if arch is None:
        raise InputError("other", f"{type(model).__name__} was not built by "
                         f"explorer.tv_models.build", name="model")
    return create_feature_extractor(model, [_penultimate_node(arch)])


@torch.no_grad()
def penultimate(model: nn.Module, x: torch.Tensor, extract: nn.Module | None = None
                ) -> torch.Tensor:
    """``Tensor[N, 3, H, W]`` -> ``Tensor[N, D]``: what ``model``'s head takes, flattened
    (resnet18: the 512 pooled features; mobilenet_v3_small: the 1024 after its hidden Linear);
    ``extract``: ``penultimate_extractor(model)``, when one is at hand."""
    (out,) = (extract or penultimate_extractor(model))(x).values()
    return out.flatten(1)


def _state_bytes(model: nn.Module) -> int:
    return sum(t.numel() * t.element_size() for t in model.state_dict().values())


# ----------------------------------------------------------------------------- class names
IMAGENET_WEIGHTS_OF = "{arch}'s ImageNet weights"   # a weights refusal's what (UI translates)
CLASSES_TOO_BIG = "{what} is {mb:.1f} MB, over the 1 MB a list of class names needs"


def parse_classes(data: bytes, what: str = "classes.json") -> list[str]:
    """Class names from a small JSON: a list, ``{"classes": [...]}``, ``{"name": index}``
    (ImageFolder's class_to_idx) or ``{"index": "name"}``; InputError otherwise."""
    if len(data) > MAX_CLASSES_JSON_BYTES:
        raise InputError("budget", CLASSES_TOO_BIG.format(what=what, mb=len(data) / 2**20),
                         what=what, needed=len(data),
                         limit=MAX_CLASSES_JSON_BYTES)
    try:
        obj = json.loads(data)
    except (ValueError, RecursionError):
        raise InputError("file", NOT_JSON.format(what=what), name=what,
                         reason="not JSON") from None
    if isinstance(obj, dict) and isinstance(obj.get("classes"), list):
        obj = obj["classes"]
    elif isinstance(obj, dict) and obj and all(isinstance(v, int) and not isinstance(v, bool)
                                               for v in obj.values()):
        obj = sorted(obj, key=obj.get) if sorted(obj.values()) == list(range(len(obj))) else None
    elif isinstance(obj, dict) and obj and all(k.isdigit() for k in obj):
        obj = ([obj[str(i)] for i in range(len(obj))]
               if {int(k) for k in obj} == set(range(len(obj))) else None)
    return check_classes(obj, what)


def check_classes(names, what: str) -> list[str]:
    """``names``: a list of 2 to ``MAX_CLASSES`` different, non-empty texts."""
    if not (isinstance(names, list) and all(isinstance(n, str) and n.strip() for n in names)):
        raise InputError("file", NO_CLASS_LIST.format(what=what), name=what,
                         reason="no list of names")
    if not 2 <= len(names) <= MAX_CLASSES:
        raise InputError("file", CLASS_RANGE.format(what=what, n=len(names), most=MAX_CLASSES),
                         name=what, reason="class count")
    if len(set(names)) != len(names) or max(map(len, names)) > MAX_CLASS_NAME:
        raise InputError("file", NAMES_DIFFER.format(what=what, most=MAX_CLASS_NAME),
                         name=what, reason="names")
    return names


# ----------------------------------------------------------------------------- checking a file
def _examples(keys, n: int = 3) -> str:
    keys = sorted(keys)
    return ", ".join(keys[:n]) + (", …" if len(keys) > n else "")


@functools.cache
def _keys(arch: str) -> frozenset[str]:
    return frozenset(build(arch, meta=True).state_dict())


def fit_state_dict(arch: str, state: dict, what: str) -> int:
    """The number of classes of ``state``, a state dict for ``arch`` (checked tensor by
    tensor against the architecture; only the head may differ, in its output count)."""
    expected = build(arch, meta=True).state_dict()
    head = head_name(build(arch, meta=True))
    missing, unexpected = set(expected) - set(state), set(state) - set(expected)
    if missing or unexpected:
        match = next((n for n in architectures() if _keys(n) == frozenset(state)), None)
        hint = FITS_OTHER.format(other=match) if match else ANOTHER_ARCH
        raise InputError("file", DOES_NOT_FIT.format(
            what=what, arch=arch, missing=len(missing), total=len(expected),
            some_missing=_examples(missing), extra=len(unexpected),
            some_extra=_examples(unexpected), hint=hint), name=what, reason="architecture",
            fits=match)
    classes = state[f"{head}.weight"].shape[0]
    if not 2 <= classes <= MAX_CLASSES:
        raise InputError("file", HEAD_SIZE.format(what=what, head=head, count=classes,
                                                  most=MAX_CLASSES), name=what, reason="head")
    for key, tensor in expected.items():
        shape = tuple(tensor.shape)
        if key.startswith(f"{head}.") and shape:
            shape = (classes,) + shape[1:]
        if tuple(state[key].shape) != shape:
            raise InputError("file", WRONG_SHAPE.format(
                what=what, arch=arch, key=key, got=tuple(state[key].shape), shape=shape),
                name=what, reason="shape")
    return classes


def read_upload(arch: str, data: bytes, what: str = UPLOADED,
                classes_json: bytes | None = None) -> tuple[dict, list[str]]:
    """(state dict, class names) of an uploaded file for ``arch``, after every check."""
    from explorer.weights import _read, _state_dict, check_archive
    check_arch(arch)
    check_archive(data, _state_bytes(build(arch, meta=True)), what, MAX_TV_WEIGHTS_BYTES)
    obj = _read(data, what)
    state = _state_dict(obj, what)
    count = fit_state_dict(arch, state, what)
    if classes_json is not None:
        names = parse_classes(classes_json)
    elif isinstance(obj, dict) and "classes" in obj:
        names = check_classes(obj["classes"], f"{what}'s classes")
    elif count == 1000:
        names = list(_imagenet_categories(arch))
    else:
        names = [f"class {i}" for i in range(count)]
    if len(names) != count:
        raise InputError("file", CLASS_COUNT.format(what=what, count=count, names=len(names)),
                         name=what, reason="class count")
    return state, names


def _imagenet_categories(arch: str) -> list[str]:
    import torchvision
    return torchvision.models.get_model_weights(arch).DEFAULT.meta["categories"]


# ----------------------------------------------------------------------------- imports
def imports_root() -> Path:
    from explorer.runs import runs_root
    return runs_root() / IMPORTS


def import_weights(arch: str, data: bytes, file_name: str, classes_json: bytes | None = None
                   ) -> str:
    """Check an uploaded state dict for ``arch`` and keep it; returns its model reference
    ``tv:<arch>:<import id>``. InputError (nothing written) when it cannot be used or the
    runs folder is full."""
    from explorer import runs
    runs.check_space()
    state, names = read_upload(arch, data, UPLOADED, classes_json)
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", Path(str(file_name)).stem).strip("-")[:40] or "weights"
    base = f"{time.strftime('%Y%m%d-%H%M%S')}-{stem}"
    for n in range(1000):
        folder = imports_root() / (base if n == 0 else f"{base}-{n}")
        try:
            folder.mkdir(parents=True)
            break
        except FileExistsError:
            continue
    buffer = io.BytesIO()
    torch.save(state, buffer)
    runs.atomic_write(folder / WEIGHTS_FILE, buffer.getvalue())
    runs.write_json(folder / META_FILE, {"arch": arch, "classes": names,
                                         "source": str(file_name)[:200]})
    return refs.tv_ref(arch, folder.name)


@dataclass(frozen=True)
class Imported:
    id: str
    arch: str
    classes: list[str]
    source: str

    @property
    def ref(self) -> str:
        return refs.tv_ref(self.arch, self.id)


def read_import(import_id: str) -> Imported:
    """The checked model.json of an import; InputError when it is missing or damaged."""
    if not isinstance(import_id, str) or not IMPORT_ID.fullmatch(import_id):
        raise InputError("other", f"{import_id!r} is not an import id", name="import_id",
                         value=import_id)
    path = imports_root() / import_id / META_FILE
    try:
        meta = json.loads(path.read_bytes()[:MAX_CLASSES_JSON_BYTES + 1000])
    except (OSError, ValueError, RecursionError):
        raise InputError("file", f"imported weights {import_id}: {META_FILE} is missing or "
                         f"damaged", name=import_id, reason=META_FILE) from None
    if not isinstance(meta, dict):
        raise InputError("file", f"imported weights {import_id}: {META_FILE} is not an object",
                         name=import_id, reason=META_FILE)
    check_arch(meta.get("arch"))
    names = check_classes(meta.get("classes"), f"{import_id}/{META_FILE}")
    return Imported(import_id, meta["arch"], names, str(meta.get("source", "")))


def imports() -> list[Imported]:
    """Every readable import, newest first (damaged ones are skipped)."""
    root = imports_root()
    found = []
    for folder in sorted(root.iterdir(), reverse=True) if root.is_dir() else ():
        try:
            found.append(read_import(folder.name))
        except InputError:
            continue
    return found


# ----------------------------------------------------------------------------- loading
def load(ref: str):
    """A ``tv:`` reference -> ``explorer.predict.Classifier`` (model in eval mode with its
    ``tv_arch``, classes, the weights' preprocessing, a title, whether trained)."""
    from explorer import offline
    from explorer.predict import Classifier, device
    from explorer.weights import load_weights
    arch_name, weights = refs.tv_parts(ref)
    arch = check_arch(arch_name)
    if weights == RANDOM:
        model, classes = build(arch_name), _imagenet_categories(arch_name)
        title = (f"{arch_name}: RANDOM weights (untrained, seed 0: its predictions and maps "
                 f"mean nothing)")
    elif weights == IMAGENET:
        path = offline.weights_dir() / arch.file
        if not path.is_file():
            raise InputError("file", NOT_CACHED.format(
                arch=arch_name, file=arch.file, mb=f"{arch.file_bytes / 2**20:.0f}",
                url=arch.url, folder=path.parent), name=arch.file, reason="missing")
        model, classes = build(arch_name), _imagenet_categories(arch_name)
        load_weights(model, path, IMAGENET_WEIGHTS_OF.format(arch=arch_name), MAX_TV_WEIGHTS_BYTES)
        title = f"{arch_name}: ImageNet weights ({arch.weights})"
    else:
        imported = read_import(weights)
        if imported.arch != arch_name:
            raise InputError("other", f"imported weights {weights} are for {imported.arch}, "
                             f"not {arch_name}", name=weights)
        model, classes = build(arch_name, len(imported.classes)), imported.classes
        load_weights(model, imports_root() / weights / WEIGHTS_FILE,
                     f"imported weights {weights}", MAX_TV_WEIGHTS_BYTES)
        shown = ", ".join(classes[:5]) + (", …" if len(classes) > 5 else "")
        title = (f"{arch_name}: your weights {imported.source or weights} "
                 f"({len(classes)} classes: {shown})")
    return Classifier(model.eval().to(device()), list(classes), arch.spec, title,
                      weights != RANDOM)


def stamp(ref: str) -> int:
    """Changes when the file behind ``ref`` changes (its mtime), else 0."""
    from explorer import offline
    arch_name, weights = refs.tv_parts(ref)
    if weights == RANDOM:
        return 0
    try:
        path = (offline.weights_dir() / check_arch(arch_name).file if weights == IMAGENET
                else imports_root() / weights / WEIGHTS_FILE)
        return path.stat().st_mtime_ns
    except (OSError, ValueError):
        return -1


# ----------------------------------------------------------------------------- t-SNE points
TSNE_POINTS = 200      # images a torchvision model runs over for t-SNE, each at its own crop
                       # (resnet18 at 224², ~1.8 GFLOP an image): 64 of them took 45 s, loading
                       # included, on 2 cores at load 20; 500 did not finish in 2 minutes
BATCH = 32


POINTS_NOT_IMAGES = ("{dataset} is a 2-D point dataset, not images; pick digits, MNIST, CIFAR-10 "
                     "or an image folder")   # a template: ui.i18n.message translates it


@torch.no_grad()
def network_features(ref: str, dataset: str = "digits", max_points: int | None = None):
    """(raw pixels, penultimate features) ``explorer.embedding.FeatureSet``s of the first
    ``max_points`` (``TSNE_POINTS``) images of ``dataset`` (train, val, then test) through the
    model ``ref``: grey images repeated to RGB, resized to the model's crop, normalised with its
    mean/std."""
    from explorer.budget import check_elements
    from explorer.data import denormalize, load_dataset
    from explorer.embedding import FeatureSet
    from explorer.errors import check_int
    from explorer.predict import as_pixels
    max_points = check_int("max_points", TSNE_POINTS if max_points is None else max_points, 1,
                           10_000)
    classifier = load(ref)
    splits = load_dataset(dataset)
    if not splits.is_image:
        raise InputError("other", POINTS_NOT_IMAGES.format(dataset=dataset), name=dataset)
    x = torch.cat([splits.x_train, splits.x_val, splits.x_test])[:max_points]
    y = torch.cat([splits.y_train, splits.y_val, splits.y_test])[:max_points].numpy()
    spec = classifier.spec
    check_elements("one batch at the model's input size", BATCH * 3 * spec.size ** 2)
    mean = torch.tensor(spec.mean).view(1, 3, 1, 1)
    std = torch.tensor(spec.std).view(1, 3, 1, 1)
    model = classifier.model
    device = next(model.parameters()).device
    parts, extract = [], penultimate_extractor(model)
    for batch in denormalize(x, splits).clamp(0, 1).split(BATCH):
        rgb = batch.expand(-1, 3, -1, -1) if batch.shape[1] == 1 else batch
        resized = torch.nn.functional.interpolate(rgb, size=(spec.size, spec.size),
                                                  mode="bilinear", antialias=True)
        parts.append(penultimate(model, ((resized - mean) / std).to(device), extract).cpu())
    images = as_pixels(denormalize(x, splits))
    arch = refs.tv_parts(ref)[0]
    raw = FeatureSet(f"{dataset} pixels", x.flatten(1).numpy(), y, splits.classes, images)
    return raw, FeatureSet(f"{arch} penultimate layer", torch.cat(parts).numpy(), y,
                           splits.classes, images)
