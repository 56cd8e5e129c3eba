"""Figures of the BatchNorm & dropout page."""
from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from explorer.figures.activations import colour

_LEGEND = dict(orientation="h", y=1.14, x=0)
_MARGIN = dict(t=40, b=10, l=10, r=10)


def batchnorm_modes(r) -> go.Figure:
    """Each value of the batch (x) against its BN output in train() and eval() mode."""
    order = np.argsort(r.batch)
    x = r.batch[order]
    return go.Figure(data=[
        go.Scatter(x=x, y=r.train_out[order], name="train(): batch μ_B, σ²_B",
                   mode="lines+markers", line=dict(color=colour(0))),
        go.Scatter(x=x, y=r.eval_out[order], name="eval(): running mean, var",
                   mode="lines+markers", line=dict(color=colour(1)))],
        layout=dict(height=360, margin=_MARGIN, legend=_LEGEND,
                    xaxis_title="input value x (one feature, one batch)",
                    yaxis_title="BatchNorm output y"))


def dropout_modes(r, shown: int = 40) -> go.Figure:
    """The first ``shown`` units: input 1, train() output 0 or 1/(1−p), eval() output."""
    units = np.arange(shown)
    return go.Figure(data=[
        go.Bar(x=units, y=r.train_out[:shown], name="train()", marker_color=colour(0)),
        go.Scatter(x=units, y=r.eval_out[:shown], name="eval() = input", mode="markers",
                   marker=dict(color=colour(1), size=9, symbol="line-ew-open",
                               line=dict(width=3)))],
        layout=dict(height=320, margin=_MARGIN, legend=_LEGEND, xaxis_title="unit",
                    yaxis_title="output"))


def batch_noise(r) -> go.Figure:
    """Spread (std over random batches) of μ_B, σ²_B and one sample's output vs batch size."""
    lines = [("batch mean μ_B", r.mean_spread, "solid"),
             ("σ√(B−1)/B (closed form)", r.expected_mean_spread, "dot"),
             ("batch variance σ²_B", r.var_spread, "solid"),
             ("BN output of one fixed sample", r.output_spread, "solid")]
    return go.Figure(
        data=[go.Scatter(x=r.batch_sizes, y=y, name=name, mode="lines+markers",
                         line=dict(color=colour(i if dash == "solid" else 0), dash=dash))
              for i, (name, y, dash) in enumerate(lines)],
        layout=dict(height=380, margin=_MARGIN, legend=_LEGEND,
                    xaxis=dict(title="batch size B", type="log"),
                    yaxis=dict(title="std across batches", type="log")))
