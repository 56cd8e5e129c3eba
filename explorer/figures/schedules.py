"""Figures of the LR schedules page."""
from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from explorer.figures.activations import colour

# Below the x-axis title: above the plot, eight schedules and the lab's wrap into rows that
# covered the curves' start.
_LEGEND = dict(orientation="h", yanchor="top", y=-0.18, x=0)
_MARGIN = dict(t=40, b=10, l=10, r=10)


def lr_curves(curves: dict[str, np.ndarray], warmup_steps: int, log_y: bool,
              dotted: tuple[str, ...] = ()) -> go.Figure:
    """One line per schedule: learning rate against step; warmup shaded; the curves named in
    ``dotted`` (an overlay) drawn dotted."""
    figure = go.Figure(
        data=[go.Scatter(x=np.arange(len(lr)), y=lr, name=name, mode="lines",
                         line=dict(color=colour(i), width=2.5, dash="dot" if name in dotted
                                   else "solid"))
              for i, (name, lr) in enumerate(curves.items())],
        layout=dict(height=420, margin=_MARGIN, legend=_LEGEND, hovermode="x unified",
                    xaxis_title="training step t",
                    yaxis=dict(title="learning rate η<sub>t</sub>", exponentformat="power",
                               type="log" if log_y else "linear")))
    if warmup_steps:
        figure.add_vrect(x0=0, x1=warmup_steps, fillcolor="lightgrey", opacity=0.35,
                         line_width=0, layer="below", annotation_text="linear warmup",
                         annotation_position="top left")
    return figure
