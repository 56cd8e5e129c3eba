"""Class activation maps from pytorch-grad-cam (Gildenblat et al.), not hand-written hooks.

For a conv layer with activations ``A ∈ R^{K×h×w}`` and the class score ``y_c`` (the logit):

- Grad-CAM (Selvaraju et al. 2017): ``ReLU(Σ_k α_k A_k)``, ``α_k = mean_{ij} ∂y_c/∂A_k,ij``.
- Grad-CAM++ (Chattopadhay et al. 2018): ``α_k`` weights positive gradients per pixel with
  second- and third-order terms, so several instances of a class all light up.
- Layer-CAM (Jiang et al. 2021): ``ReLU(Σ_k ReLU(∂y_c/∂A_k) ⊙ A_k)``: per-pixel weights.
- Score-CAM (Wang et al. 2020): ``α = softmax_k(s_k)``, ``s_k`` the class score when the input
  is multiplied by the upsampled, min-max scaled ``A_k`` (no gradient; K extra forward passes).
- Eigen-CAM (Muhammad & Yeasin 2020): projection of ``A`` on its first principal component
  (class-agnostic: it shows what the layer finds salient, whatever the class).

Every map is min-max scaled to [0, 1] and resized to the input (``[H, W]``). The library's CAM
objects are used as context managers, so their hooks are always removed. Overlays use viridis
(perceptually uniform, readable in grey), not jet, whose bright bands invent edges.
"""
from __future__ import annotations

import cv2
import numpy as np
import torch
from pytorch_grad_cam import EigenCAM, GradCAM, GradCAMPlusPlus, LayerCAM, ScoreCAM
from pytorch_grad_cam.utils.image import show_cam_on_image
from pytorch_grad_cam.utils.model_targets import ClassifierOutputTarget
from torch import nn

from explorer.errors import InputError, check_array, check_choice, check_int, check_number

METHODS = {"Grad-CAM": GradCAM, "Grad-CAM++": GradCAMPlusPlus, "Layer-CAM": LayerCAM,
           "Score-CAM": ScoreCAM, "Eigen-CAM": EigenCAM}


ACTIVATIONS = (nn.ReLU, nn.LeakyReLU, nn.ELU, nn.GELU, nn.SiLU, nn.Mish, nn.Tanh, nn.Sigmoid)
SCORE_CAM_AUTO = 64   # Score-CAM runs by itself up to this many forward passes; more: on request


NO_CONV = ("{model} has no Conv2d layer, so it has no spatial map to explain; pick a "
           "convolutional model (e.g. LeNet or a ResNet)")   # a template: ui.i18n.message


def cam_layers(model: nn.Module) -> list[str]:
    """CAM candidates, input side first: every ``Conv2d``, and right after it the activation
    that directly follows it (the rectified maps Grad-CAM was defined on: VGG's conv5_3
    after its ReLU in Selvaraju et al.). Pre-activation maps can be negative everywhere,
    which leaves ReLU(Σ_k α_k A_k) = 0."""
    if not isinstance(model, nn.Module):
        raise InputError("other", f"model must be a torch.nn.Module, got {type(model).__name__}",
                         name="model")
    names, previous = [], None
    for name, module in model.named_modules():
        if isinstance(module, nn.Conv2d) or (isinstance(module, ACTIVATIONS)
                                             and isinstance(previous, nn.Conv2d)):
            names.append(name)
        previous = module
    return names


def layer_channels(model: nn.Module) -> dict[str, int]:
    """{layer of ``cam_layers``: K, the channels of its maps}: the forward passes Score-CAM
    needs there (one per channel; 512 on resnet18's last layer)."""
    channels, last = {}, None
    for name in cam_layers(model):
        module = model.get_submodule(name)
        last = module.out_channels if isinstance(module, nn.Conv2d) else last
        channels[name] = last
    return channels


def class_activation_map(model: nn.Module, x: torch.Tensor, class_index: int,
                         method: str = "Grad-CAM", layer: str | None = None) -> np.ndarray:
    """``Tensor[1, C, H, W]`` -> CAM ``float32[H, W]`` in [0, 1] for ``class_index``.

    ``layer`` defaults to the last of ``cam_layers`` (the most semantic maps still having a
    grid). ``class_index`` is checked against the model's outputs first (one forward pass):
    the library swallows an IndexError inside its context manager.
    """
    check_choice("CAM method", method, tuple(METHODS))
    layers = cam_layers(model)
    if not layers:
        raise InputError("other", NO_CONV.format(model=type(model).__name__), name="model")
    layer = layers[-1] if layer is None else check_choice("layer", layer, layers)
    if not isinstance(x, torch.Tensor) or not x.is_floating_point() or x.ndim != 4 \
            or len(x) != 1 or x.numel() == 0:
        raise InputError("shape", f"x must be a float tensor [1, C, H, W], got "
                         f"{tuple(getattr(x, 'shape', ()))}", name="x", expected="[1, C, H, W]",
                         got=tuple(getattr(x, "shape", ())))
    if not torch.isfinite(x).all():
        raise InputError("not_finite", "x holds NaN or inf values", name="x")
    device = next(model.parameters(), torch.empty(0)).device
    try:
        with torch.no_grad():
            logits = model(x.to(device))
    except RuntimeError as err:
        raise InputError("shape", f"x of shape {tuple(x.shape)} does not fit this model: {err}",
                         name="x", expected="what the model takes", got=tuple(x.shape)) from None
    if not torch.isfinite(logits).all():
        raise InputError("not_finite", "the model's outputs are NaN or inf for this image (its "
                         "weights or activations overflow): there is no class to explain",
                         name="model")
    classes = logits.shape[-1]
    class_index = check_int("class_index", class_index, 0, classes - 1)
    target = model.get_submodule(layer)
    with METHODS[method](model=model, target_layers=[target]) as cam:
        if method == "Score-CAM":
            cam.batch_size = 64
        maps = cam(input_tensor=x.to(cam.device),
                   targets=[ClassifierOutputTarget(class_index)])          # [1, H, W]
    if not np.isfinite(maps).all():
        raise InputError("not_finite", "the class activation map holds NaN or inf: the "
                         "model's activations or gradients overflow for this image",
                         name="model")
    return maps[0]


def overlay(image: np.ndarray, cam: np.ndarray, image_weight: float = 0.5) -> np.ndarray:
    """Viridis-coloured CAM (``float[H, W]`` in [0, 1]) blended on ``image`` (``float[H, W,
    3]`` in [0, 1]) -> ``uint8[H, W, 3]``: (1 − w)·viridis(cam) + w·image, rescaled to max 255;
    ``image_weight`` w in [0, 1) (at 1 the CAM would not show at all)."""
    image = check_array("image", image, shape=(None, None, 3))
    cam = check_array("cam", cam, shape=image.shape[:2])
    for name, values in (("image", image), ("cam", cam)):
        if values.min() < 0 or values.max() > 1:
            raise InputError("out_of_range", f"{name} values must lie in [0, 1], got "
                             f"[{values.min():g}, {values.max():g}]", name=name,
                             value=(float(values.min()), float(values.max())), low=0, high=1)
    image_weight = check_number("image_weight", image_weight, 0.0, 1.0, high_open=True)
    return show_cam_on_image(image.astype(np.float32), cam, use_rgb=True,
                             colormap=cv2.COLORMAP_VIRIDIS, image_weight=image_weight)
