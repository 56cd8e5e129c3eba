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
objects are used as context managers, so their hooks are always removed.
"""
from __future__ import annotations

import numpy as np
import torch
from pytorch_grad_cam import EigenCAM, GradCAM, GradCAMPlusPlus, LayerCAM, ScoreCAM
from pytorch_grad_cam.utils.image import show_cam_on_image
from pytorch_grad_cam.utils.model_targets import ClassifierOutputTarget
from torch import nn

METHODS = {"Grad-CAM": GradCAM, "Grad-CAM++": GradCAMPlusPlus, "Layer-CAM": LayerCAM,
           "Score-CAM": ScoreCAM, "Eigen-CAM": EigenCAM}


ACTIVATIONS = (nn.ReLU, nn.LeakyReLU, nn.ELU, nn.GELU, nn.SiLU, nn.Mish, nn.Tanh, nn.Sigmoid)


def cam_layers(model: nn.Module) -> list[str]:
    """CAM candidates, input side first: every ``Conv2d``, and right after it the activation
    that directly follows it (the rectified maps Grad-CAM was defined on: VGG's conv5_3
    after its ReLU in Selvaraju et al.). Pre-activation maps can be negative everywhere,
    which leaves ReLU(Σ_k α_k A_k) = 0."""
    names, previous = [], None
    for name, module in model.named_modules():
        if isinstance(module, nn.Conv2d) or (isinstance(module, ACTIVATIONS)
                                             and isinstance(previous, nn.Conv2d)):
            names.append(name)
        previous = module
    return names


def class_activation_map(model: nn.Module, x: torch.Tensor, class_index: int,
                         method: str = "Grad-CAM", layer: str | None = None) -> np.ndarray:
    """``Tensor[1, C, H, W]`` -> CAM ``float32[H, W]`` in [0, 1] for ``class_index``.

    ``layer`` defaults to the last of ``cam_layers`` (the most semantic maps still having a
    grid).
    """
    if method not in METHODS:
        raise ValueError(f"unknown CAM method {method!r}; expected one of {list(METHODS)}")
    layers = cam_layers(model)
    if not layers:
        raise ValueError(f"{type(model).__name__} has no Conv2d layer, so it has no spatial "
                         f"map to explain; pick a convolutional model (e.g. LeNet or a ResNet)")
    layer = layers[-1] if layer is None else layer
    if layer not in layers:
        raise ValueError(f"{layer!r} is not a conv layer of this model; pick one of {layers}")
    target = model.get_submodule(layer)
    with METHODS[method](model=model, target_layers=[target]) as cam:
        if method == "Score-CAM":
            cam.batch_size = 64
        maps = cam(input_tensor=x.to(cam.device),
                   targets=[ClassifierOutputTarget(class_index)])          # [1, H, W]
    return maps[0]


def overlay(image: np.ndarray, cam: np.ndarray, image_weight: float = 0.5) -> np.ndarray:
    """Jet-coloured CAM blended on ``image`` (``float[H, W, 3]`` in [0, 1])
    -> ``uint8[H, W, 3]``."""
    return show_cam_on_image(image.astype(np.float32), cam, use_rgb=True,
                             image_weight=image_weight)
