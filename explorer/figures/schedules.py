"""Figures of the LR schedules page."""
from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from explorer.figures.activations import colour

# Below the x-axis title: above the plot, eight schedules and the lab's wrap into rows that
# covered the curves' start.
_LEGEND = dict(orientation="h", yanchor="top", y=-0.18, x=0)
_MARGIN = dict(t=40, b=10, l=10, r=10)


# Two curves "coincide" when they lie within 1 % of the plot's height of each other (of each
# value on a log axis) on at least a quarter of the steps, as cosine annealing and OneCycle's
# second phase do: the one drawn later is dashed so that the other shows. On a linear axis
# the bottom 5 % does not count: every decayed schedule ends there, on top of the others.
SAME_WITHIN, SAME_FRACTION, FLOOR = 0.01, 0.25, 0.05


def coincides(a: np.ndarray, b: np.ndarray, log_y: bool = False) -> bool:
    """Whether curves ``a`` and ``b`` (same length) lie on each other over much of the plot."""
    a, b = np.abs(np.asarray(a, dtype=float)), np.abs(np.asarray(b, dtype=float))
    if log_y:
        close = np.abs(a - b) <= SAME_WITHIN * np.maximum(a, b)
    else:
        height = max(a.max(initial=0), b.max(initial=0))
        close = (np.abs(a - b) <= SAME_WITHIN * height) & (np.maximum(a, b) > FLOOR * height)
    return bool(close.mean() >= SAME_FRACTION)


def lr_curves(curves: dict[str, np.ndarray], warmup_steps: int, log_y: bool,
              dotted: tuple[str, ...] = ()) -> go.Figure:
    """One line per schedule: learning rate against step; warmup shaded; the curves named in
    ``dotted`` (an overlay) drawn dotted; a curve that coincides with one drawn before it
    dashed, so that the earlier one shows between its dashes."""
    drawn, traces = [], []
    for i, (name, lr) in enumerate(curves.items()):
        dash = ("dot" if name in dotted else
                "dash" if any(coincides(lr, other, log_y) for other in drawn) else "solid")
        drawn += [lr] if name not in dotted else []
        traces.append(go.Scatter(x=np.arange(len(lr)), y=lr, name=name, mode="lines",
                                 line=dict(color=colour(i), width=2.5, dash=dash)))
    figure = go.Figure(
        data=traces,
        layout=dict(height=420, margin=_MARGIN, legend=_LEGEND, hovermode="x unified",
                    xaxis_title="training step t",
                    yaxis=dict(title="learning rate η<sub>t</sub>", exponentformat="power",
                               type="log" if log_y else "linear")))
    if warmup_steps:
        figure.add_vrect(x0=0, x1=warmup_steps, fillcolor="lightgrey", opacity=0.35,
                         line_width=0, layer="below", annotation_text="linear warmup",
                         annotation_position="top left")
    return figure
