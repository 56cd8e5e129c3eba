"""Optimizers on 2-D test functions, Hessian classification, and gradient noise vs batch size.

Every path is a real ``torch.optim`` run: the point (x, y) is one ``Tensor[2]`` parameter,
``loss = f(x, y)``, ``loss.backward()``, ``optimizer.step()``. A critical point is classified
by the eigenvalues λ of the Hessian H = ∇²f from ``torch.autograd.functional.hessian``
(seed 004): all λ > 0 local minimum, all λ < 0 local maximum, mixed signs saddle point.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np
import torch

from explorer.budget import check_elements, check_steps
from explorer.errors import check_array, check_choice, check_int, check_number, check_seed

DIVERGED = 1e6  # |coordinate| beyond this ends a run as diverged; starts must lie within it


@dataclass(frozen=True)
class Surface:
    f: Callable          # (x, y) tensors -> tensor, elementwise
    formula: str         # LaTeX
    start: tuple[float, float]
    box: tuple[float, float, float, float]   # x0, x1, y0, y1 of the contour plot
    lr_sgd: float        # default learning rates: SGD, momentum, Nesterov …
    lr_adaptive: float   # … and Adagrad, RMSprop, Adam, AdamW (steps of about lr each)
    minima: tuple[tuple[float, float], ...]
    log_contours: bool = False
    steps: int = 150     # default number of steps shown
    loss_range: tuple[float, float] | None = None   # f axis of the loss plot, if unbounded


SURFACES: dict[str, Surface] = {
    "ill-conditioned quadratic": Surface(
        lambda x, y: 0.5 * (x ** 2 + 20 * y ** 2), r"f = \tfrac12(x^2 + 20y^2)",
        (-4.0, 1.5), (-5, 5, -2.5, 2.5), 0.04, 0.3, ((0.0, 0.0),), log_contours=True),
    "Rosenbrock": Surface(
        lambda x, y: (1 - x) ** 2 + 100 * (y - x ** 2) ** 2, r"f = (1-x)^2 + 100(y-x^2)^2",
        (-1.5, 2.0), (-2, 2, -1, 3), 0.001, 0.05, ((1.0, 1.0),), log_contours=True,
        steps=1000),
    "saddle": Surface(
        lambda x, y: x ** 2 - y ** 2, r"f = x^2 - y^2",
        (-2.0, 0.01), (-2.5, 2.5, -2.5, 2.5), 0.05, 0.05, (), loss_range=(-8.0, 5.0)),
    "Himmelblau": Surface(
        lambda x, y: (x ** 2 + y - 11) ** 2 + (x + y ** 2 - 7) ** 2,
        r"f = (x^2+y-11)^2 + (x+y^2-7)^2",
        (0.0, -0.5), (-5, 5, -5, 5), 0.01, 0.1,
        ((3.0, 2.0), (-2.805118, 3.131312), (-3.779310, -3.283186), (3.584428, -1.848126)),
        log_contours=True),
}

ADAPTIVE = ("Adagrad", "RMSprop", "Adam", "AdamW")
OPTIMIZERS: dict[str, Callable] = {
    "SGD": lambda p, lr: torch.optim.SGD(p, lr=lr),
    "Momentum": lambda p, lr: torch.optim.SGD(p, lr=lr, momentum=0.9),
    "Nesterov": lambda p, lr: torch.optim.SGD(p, lr=lr, momentum=0.9, nesterov=True),
    "Adagrad": lambda p, lr: torch.optim.Adagrad(p, lr=lr),
    "RMSprop": lambda p, lr: torch.optim.RMSprop(p, lr=lr),
    "Adam": lambda p, lr: torch.optim.Adam(p, lr=lr),
    "AdamW": lambda p, lr: torch.optim.AdamW(p, lr=lr, weight_decay=0.1),
}


def surface(name: str) -> Surface:
    return SURFACES[check_choice("surface", name, tuple(SURFACES))]


def _check_point(name: str, point) -> np.ndarray:
    """(x, y): two finite numbers with |x|, |y| <= DIVERGED (f and its derivatives stay
    finite there on every surface)."""
    xy = check_array(name, point, shape=(2,))
    for axis, value in zip("xy", xy):
        check_number(f"{name} {axis}", float(value), -DIVERGED, DIVERGED)
    return xy.astype(float)


@dataclass
class Path:
    points: np.ndarray   # float64[K, 2], K <= steps + 1, the start first; all finite
    losses: np.ndarray   # float64[K]: f at each point
    diverged: bool       # stopped early: the next step left |x|, |y| <= DIVERGED (or was NaN)


def _outside(point: torch.Tensor) -> bool:
    """NaN, ±inf or beyond ±DIVERGED (one tensor read: ~6 µs, against ~60 µs for four ops)."""
    return not all(abs(v) <= DIVERGED for v in point.tolist())


def run(surface_name: str, optimizer: str, start: tuple[float, float], lr: float,
        steps: int) -> Path:
    """``steps`` updates of ``optimizer`` on ``surface_name`` from ``start``.

    A step that leaves |x|, |y| <= DIVERGED (or gives NaN) is not kept: the run stops there
    with ``diverged`` set, and the points and losses so far (all finite) are returned.
    """
    check_choice("optimizer", optimizer, tuple(OPTIMIZERS))
    lr = check_number("learning rate", lr, 0.0, low_open=True)
    steps = check_steps("optimizer path", check_int("steps", steps, 1), "lower the steps")
    f = surface(surface_name).f
    point = torch.tensor(_check_point("start", start), dtype=torch.float64, requires_grad=True)
    opt = OPTIMIZERS[optimizer]([point], lr)
    points, losses = [point.detach().clone()], []
    diverged = False
    for _ in range(steps):
        opt.zero_grad()
        loss = f(point[0], point[1])
        loss.backward()
        losses.append(loss.item())
        opt.step()
        if _outside(point):
            diverged = True
            break
        points.append(point.detach().clone())
    if not diverged:
        losses.append(f(*points[-1]).item())
    return Path(torch.stack(points).numpy(), np.array(losses[:len(points)]), diverged)


def grid(surface_name: str, n: int = 120, box: tuple[float, float, float, float] | None = None
         ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(xs float64[n], ys float64[n], z float64[n, n]) with z[i, j] = f(xs[j], ys[i]) on
    ``box`` (x0, x1, y0, y1; default the surface's own, coordinates within ±2·DIVERGED)."""
    s = surface(surface_name)
    n = check_int("n", n, 2)
    check_elements("surface grid", n * n, advice="use fewer grid points")
    box = s.box if box is None else tuple(check_number(f"box {i}", v, -2 * DIVERGED,
                                                       2 * DIVERGED) for i, v in enumerate(box))
    xs = torch.linspace(box[0], box[1], n, dtype=torch.float64)
    ys = torch.linspace(box[2], box[3], n, dtype=torch.float64)
    yy, xx = torch.meshgrid(ys, xs, indexing="ij")
    return xs.numpy(), ys.numpy(), s.f(xx, yy).numpy()


def view_box(surface_name: str, point) -> tuple[float, float, float, float]:
    """The surface's box if it holds ``point``, else a box of the same size centred on it."""
    box = surface(surface_name).box
    x, y = _check_point("point", point)
    if box[0] <= x <= box[1] and box[2] <= y <= box[3]:
        return box
    half_x, half_y = (box[1] - box[0]) / 2, (box[3] - box[2]) / 2
    return (x - half_x, x + half_x, y - half_y, y + half_y)


@dataclass
class PointAnalysis:
    value: float
    gradient: np.ndarray      # float64[2]
    hessian: np.ndarray       # float64[2, 2]
    eigenvalues: np.ndarray   # float64[2], ascending
    eigenvectors: np.ndarray  # float64[2, 2]: column i (unit length) goes with eigenvalues[i]
    kind: str                 # classify(eigenvalues): what the curvature says

    @property
    def critical(self) -> bool:
        """∇f = 0 here (to 1e-3), so ``kind`` classifies the point itself."""
        return self.gradient_norm < 1e-3

    @property
    def gradient_norm(self) -> float:
        return float(np.linalg.norm(self.gradient))


def classify(eigenvalues: np.ndarray, tol: float = 1e-6) -> str:
    """Seed 004's rule on the Hessian's eigenvalues; it classifies a point only where ∇f = 0."""
    eigenvalues = check_array("eigenvalues", eigenvalues, ndim=1)
    tol = check_number("tol", tol, 0.0)
    if np.all(eigenvalues > tol):
        return "local minimum"
    if np.all(eigenvalues < -tol):
        return "local maximum"
    if eigenvalues.min() < -tol and eigenvalues.max() > tol:
        return "saddle point"
    return "degenerate (a zero eigenvalue: the Hessian cannot tell)"


def analyse(surface_name: str, point: tuple[float, float]) -> PointAnalysis:
    """f, ∇f (autograd), H (torch.autograd.functional.hessian) and its eigenvalues and unit
    eigenvectors (torch.linalg.eigh: H v = λ v) at point (|x|, |y| <= DIVERGED)."""
    f = surface(surface_name).f
    p = torch.tensor(_check_point("point", point), dtype=torch.float64, requires_grad=True)
    value = f(p[0], p[1])
    (gradient,) = torch.autograd.grad(value, p)
    hessian = torch.autograd.functional.hessian(lambda q: f(q[0], q[1]), p.detach())
    eigenvalues, eigenvectors = torch.linalg.eigh(hessian)
    return PointAnalysis(value.item(), gradient.numpy(), hessian.numpy(), eigenvalues.numpy(),
                         eigenvectors.numpy(), classify(eigenvalues.numpy()))


# --- gradient noise: full batch vs mini-batch vs single-sample SGD on a linear regression ---

TRUE_WEIGHTS = (2.0, -1.0)   # y = w x + b + noise, (w, b)


def regression_data(n: int = 200, seed: int = 0) -> tuple[torch.Tensor, torch.Tensor]:
    """x ~ U(-2, 2), y = 2x − 1 + N(0, 0.5²); float64[n] each (n >= 2)."""
    n = check_int("n", n, 2)
    check_elements("regression data", n, advice="use fewer points")
    g = torch.Generator().manual_seed(check_seed(seed))
    x = torch.rand(n, generator=g, dtype=torch.float64) * 4 - 2
    y = TRUE_WEIGHTS[0] * x + TRUE_WEIGHTS[1] + 0.5 * torch.randn(n, generator=g,
                                                                   dtype=torch.float64)
    return x, y


def regression_path(batch_size: int, lr: float, epochs: int, seed: int = 0,
                    n: int = 200) -> Path:
    """Plain SGD on MSE(w x + b, y) from (w, b) = (−2, 2), one point per update.

    batch_size = n is full-batch gradient descent, 1 is stochastic gradient descent.
    An update that leaves |w|, |b| <= DIVERGED ends the run with ``diverged`` set (as ``run``).
    """
    x, y = regression_data(n, seed)
    batch_size = check_int("batch size", batch_size, 1, n)
    lr = check_number("learning rate", lr, 0.0, low_open=True)
    epochs = check_int("epochs", epochs, 1)
    check_steps("regression path", epochs * -(-n // batch_size),
                "lower the epochs or raise the batch size")
    wb = torch.tensor([-2.0, 2.0], dtype=torch.float64, requires_grad=True)
    opt = torch.optim.SGD([wb], lr=lr)
    g = torch.Generator().manual_seed(seed + 1)
    points, diverged = [wb.detach().clone()], False
    for _ in range(epochs):
        order = torch.randperm(n, generator=g)
        for i in range(0, n, batch_size):
            idx = order[i:i + batch_size]
            opt.zero_grad()
            torch.mean((wb[0] * x[idx] + wb[1] - y[idx]) ** 2).backward()
            opt.step()
            if _outside(wb):
                diverged = True
                break
            points.append(wb.detach().clone())
        if diverged:
            break
    points = torch.stack(points)
    losses = torch.mean((points[:, :1] * x + points[:, 1:] - y) ** 2, dim=1)
    return Path(points.numpy(), losses.numpy(), diverged)


def regression_grid(n_grid: int = 80, seed: int = 0, n: int = 200):
    """(ws, bs, full-data MSE float64[n_grid, n_grid]) around the least-squares solution."""
    x, y = regression_data(n, seed)
    n_grid = check_int("n_grid", n_grid, 2)
    check_elements("regression grid", n_grid * n_grid * n, advice="use fewer grid points")
    ws = torch.linspace(-3, 4, n_grid, dtype=torch.float64)
    bs = torch.linspace(-3, 3, n_grid, dtype=torch.float64)
    bb, ww = torch.meshgrid(bs, ws, indexing="ij")
    mse = ((ww[..., None] * x + bb[..., None] - y) ** 2).mean(-1)
    return ws.numpy(), bs.numpy(), mse.numpy()


def least_squares(seed: int = 0, n: int = 200) -> np.ndarray:
    """The exact minimiser (w, b) from torch.linalg.lstsq."""
    x, y = regression_data(n, seed)
    design = torch.stack([x, torch.ones_like(x)], 1)
    return torch.linalg.lstsq(design, y[:, None]).solution[:, 0].numpy()
