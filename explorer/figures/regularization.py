"""Figures of the Regularisation page."""
from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from explorer.figures.activations import colour

_LEGEND = dict(orientation="h", y=1.12, x=0)
_MARGIN = dict(t=40, b=10, l=10, r=10)


def weight_histograms(runs: list, limit: float = 0.4, bins: int = 81) -> go.Figure:
    """Overlaid histograms of every weight, one per penalty; counts on a log axis so the
    spike of L1's zeros and the tails both show. Weights beyond ±limit land in the end bins."""
    edges = np.linspace(-limit, limit, bins + 1)
    centres = (edges[:-1] + edges[1:]) / 2
    traces = []
    for i, r in enumerate(runs):
        counts, _ = np.histogram(np.clip(r.weights, -limit, limit), edges)
        label = "no penalty" if r.kind == "none" else f"{r.kind}, λ = {r.strength:g}"
        traces.append(go.Scatter(x=centres, y=np.maximum(counts, 0.8), name=label,
                                 mode="lines", line=dict(shape="hvh", color=colour(i),
                                                         width=2)))
    return go.Figure(data=traces, layout=dict(
        height=380, margin=_MARGIN, legend=_LEGEND, xaxis_title="weight value",
        yaxis=dict(title="number of weights", type="log")))


def overfit_curves(epochs: list[dict], best: int, stop: int) -> go.Figure:
    """Train and validation loss per epoch; the best epoch and the early-stopping epoch."""
    x = [r["epoch"] for r in epochs]
    figure = go.Figure(data=[
        go.Scatter(x=x, y=[r["train_loss"] for r in epochs], name="train loss",
                   line=dict(color=colour(0))),
        go.Scatter(x=x, y=[r["val_loss"] for r in epochs], name="validation loss",
                   line=dict(color=colour(1)))],
        layout=dict(height=400, margin=_MARGIN, legend=_LEGEND, hovermode="x unified",
                    xaxis=dict(title="epoch", range=[0.5, len(x) + 0.5]),
                    yaxis=dict(title="cross-entropy", type="log")))
    figure.add_vline(x=best, line=dict(color="green", dash="dash"),
                     annotation_text=f"best val (epoch {best}): weights kept",
                     annotation_position="top left")
    figure.add_vline(x=stop, line=dict(color="black", dash="dot"),
                     annotation_text=f"early stop (epoch {stop})",
                     annotation_position="bottom right")
    return figure
