"""Model references: one string names every model a page can load, so pages can pass a model
to each other (``ui.current``) and a link can carry it (``?model=<ref>``).

    "default"                     the digits LeNet-5 trained once here (``predict.DEFAULT_RUN``)
    "resnet18", ...               a torchvision ImageNet classifier (``IMAGENET_MODELS``)
    "tv:<arch>"                   any offered torchvision classifier (``explorer.tv_models``)
                                  with its ImageNet weights;
    "tv:<arch>:random"            ... with random weights;
    "tv:<arch>:<import id>"       ... with a state dict the user uploaded
    any other text                a Training-lab run id (imported weights become runs too)

A new kind takes a prefix that no run folder name can start with (as ``tv:``); ``kind`` is the
one place that tells them apart. This module does not import torch, so the sidebar of every
page (Home included) can name the current model.
"""
from __future__ import annotations

DEFAULT_REF = "default"
DEFAULT_RUN = "default-digits-lenet"    # the run folder the default model lives in
IMAGENET_MODELS = ("resnet18", "mobilenet_v3_small")
CURRENT_MODEL_KEY = "explorer.current_model"   # session-state key of the chosen model's ref
TV_PREFIX = "tv:"
TV_IMAGENET, TV_RANDOM = "imagenet", "random"  # the weights part of a tv: reference

DEFAULT, IMAGENET, RUN, TV = "default", "imagenet", "run", "tv"


def kind(ref: str) -> str:
    """``DEFAULT``, ``IMAGENET``, ``TV`` or ``RUN`` (the default model's own run folder is the
    default)."""
    if ref in (DEFAULT_REF, DEFAULT_RUN):
        return DEFAULT
    if isinstance(ref, str) and ref.startswith(TV_PREFIX):
        return TV
    return IMAGENET if ref in IMAGENET_MODELS else RUN


def run_id(ref: str) -> str | None:
    """The run folder that holds ``ref``'s weights (the default's too), or None."""
    return {DEFAULT: DEFAULT_RUN, IMAGENET: None, TV: None}.get(kind(ref), ref)


def tv_ref(arch: str, weights: str = TV_IMAGENET) -> str:
    """``"tv:<arch>"`` (ImageNet weights) or ``"tv:<arch>:<weights>"`` (random, an import id)."""
    return TV_PREFIX + arch + ("" if weights == TV_IMAGENET else f":{weights}")


def tv_parts(ref: str) -> tuple[str, str]:
    """``tv_ref``'s inverse: (architecture, weights); ValueError when ``ref`` is no tv: ref."""
    if kind(ref) != TV:
        raise ValueError(f"{ref!r} is not a torchvision model reference (tv:<architecture>)")
    arch, _, weights = ref.removeprefix(TV_PREFIX).partition(":")
    return arch, weights or TV_IMAGENET
