"""Model references: one string names every model a page can load, so pages can pass a model
to each other (``ui.current``) and a link can carry it (``?model=<ref>``).

    "default"                     the digits LeNet-5 trained once here (``predict.DEFAULT_RUN``)
    "resnet18", ...               a torchvision ImageNet classifier (``IMAGENET_MODELS``)
    any other text                a Training-lab run id (imported weights become runs too)

New kinds take a prefix that no run folder name can start with, e.g. a later
``"tv:<architecture>"``; ``kind`` is the one place that tells them apart. This module does not
import torch, so the sidebar of every page (Home included) can name the current model.
"""
from __future__ import annotations

DEFAULT_REF = "default"
DEFAULT_RUN = "default-digits-lenet"    # the run folder the default model lives in
IMAGENET_MODELS = ("resnet18", "mobilenet_v3_small")
CURRENT_MODEL_KEY = "explorer.current_model"   # session-state key of the chosen model's ref

DEFAULT, IMAGENET, RUN = "default", "imagenet", "run"


def kind(ref: str) -> str:
    """``DEFAULT``, ``IMAGENET`` or ``RUN`` (the default model's own run folder is the default)."""
    if ref in (DEFAULT_REF, DEFAULT_RUN):
        return DEFAULT
    return IMAGENET if ref in IMAGENET_MODELS else RUN


def run_id(ref: str) -> str | None:
    """The run folder that holds ``ref``'s weights (the default's too), or None."""
    return {DEFAULT: DEFAULT_RUN, IMAGENET: None}.get(kind(ref), ref)
