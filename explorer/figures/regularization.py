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


def _epoch_mark(figure: go.Figure, epoch: int, last: int, text: str, y: float,
                style: dict) -> None:
    """A vertical line at ``epoch`` and its label at height ``y`` (paper), written on the
    side with more room so it never covers the tick labels of the y axis."""
    figure.add_vline(x=epoch, line=style)
    right = epoch <= (last + 1) / 2
    figure.add_annotation(x=epoch, y=y, yref="paper", text=text, showarrow=False,
                          xanchor="left" if right else "right", xshift=4 if right else -4,
                          bgcolor="rgba(255,255,255,0.8)")


def overfit_curves(epochs: list[dict], best: int, stop: int | None,
                   best_text: str = "best val loss {loss} (epoch {epoch}): weights kept",
                   stop_text: str = "early stop (epoch {epoch})") -> go.Figure:
    """Train and validation loss per epoch on a linear axis (the validation loss's U: down to
    its best epoch, then up while the train loss keeps falling); the best epoch and, when
    patience ended the run, the early-stopping epoch. The axis stops at twice the best
    validation loss (or the highest loss, if lower), so the first epochs' large losses do not
    flatten the rise. ``best_text`` and ``stop_text`` are the marks' templates (a page passes
    them in the reader's language)."""
    x = [r["epoch"] for r in epochs]
    val = [r["val_loss"] for r in epochs]
    top = min(max(val + [r["train_loss"] for r in epochs]), 2 * val[best - 1])
    figure = go.Figure(data=[
        go.Scatter(x=x, y=[r["train_loss"] for r in epochs], name="train loss",
                   line=dict(color=colour(0))),
        go.Scatter(x=x, y=val, name="validation loss", line=dict(color=colour(1)))],
        layout=dict(height=400, margin=_MARGIN, legend=_LEGEND, hovermode="x unified",
                    xaxis=dict(title="epoch", range=[0.5, len(x) + 0.5]),
                    yaxis=dict(title="cross-entropy (linear)", range=[0, 1.05 * top or 1])))
    _epoch_mark(figure, best, len(x), best_text.format(loss=f"{val[best - 1]:.3f}", epoch=best),
                0.97, dict(color="green", dash="dash"))
    if stop is not None:
        _epoch_mark(figure, stop, len(x), stop_text.format(epoch=stop), 0.06,
                    dict(color="black", dash="dot"))
    return figure
