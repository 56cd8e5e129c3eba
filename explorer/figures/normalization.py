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
        go.Scatter(x=x, y=r.train_out[order], name="train(): batch μ<sub>B</sub>, σ²<sub>B</sub>",
                   mode="lines+markers", line=dict(color=colour(0))),
        go.Scatter(x=x, y=r.eval_out[order], name="eval(): running mean, var",
                   mode="lines+markers", line=dict(color=colour(1)))],
        layout=dict(height=360, margin=_MARGIN, legend=_LEGEND,
                    xaxis_title="input value x (one feature, one batch)",
                    yaxis_title="BatchNorm output y"))


def dropout_modes(r, shown: int = 40, kept: int = 5,
                  kept_text: str = "kept units: 1/(1−p) = {scale}") -> go.Figure:
    """The first units: input 1, train() output 0 or 1/(1−p) (dashed line), eval() output.
    At least ``shown`` units, more when needed to hold ``kept`` kept units (at p = 0.95 the
    first 40 are often all dropped). ``kept_text``: the dashed line's label, a template (a page
    passes it in the reader's language)."""
    where_kept = np.flatnonzero(r.train_out)
    if len(where_kept) >= kept:
        shown = max(shown, int(where_kept[kept - 1]) + 1)
    units = np.arange(min(shown, len(r.train_out)))
    figure = go.Figure(data=[
        go.Bar(x=units, y=r.train_out[units], name="train()", marker_color=colour(0)),
        go.Scatter(x=units, y=r.eval_out[units], name="eval() = input", mode="markers",
                   marker=dict(color=colour(1), size=9, symbol="line-ew-open",
                               line=dict(width=3)))],
        layout=dict(height=320, margin=_MARGIN, legend=_LEGEND, xaxis_title="unit",
                    yaxis_title="output"))
    figure.add_hline(y=r.expected_scale, line=dict(color="grey", dash="dash"),
                     annotation_text=kept_text.format(scale=f"{r.expected_scale:.4g}"),
                     annotation_position="top right")
    return figure


def dropout_rules(r) -> go.Figure:
    """Mean output of a unit (input 1) against p: the training mean without rescaling (1 − p,
    measured) and three inference rules; note 001's (× p) meets the training mean only at
    p = 0.5, the keep ratio's (× (1 − p)) everywhere; inverted dropout: 1 in both modes."""
    lines = [("train(), mask only: measured mean", r.vanilla_train, colour(0), "solid"),
             ("inference × keep ratio 1 − p", r.keep_eval, colour(2), "dot"),
             ("inference × drop ratio p (Note 1)", r.note_eval, colour(1), "solid"),
             ("inverted dropout (nn.Dropout): train() mean", r.inverted_train, colour(3),
              "solid"),
             ("inverted dropout: eval()", r.inverted_eval, colour(3), "dot")]
    figure = go.Figure(
        data=[go.Scatter(x=r.p, y=y, name=name, mode="lines+markers",
                         line=dict(color=c, dash=dash)) for name, y, c, dash in lines],
        layout=dict(height=380, margin=dict(t=70, b=10, l=10, r=10),
                    legend=dict(orientation="h", y=1.25, x=0), hovermode="x unified",
                    xaxis=dict(title="drop probability p", range=[0, 1]),
                    yaxis=dict(title="mean output (input x = 1)", range=[0, 1.1])))
    figure.add_vline(x=0.5, line=dict(color="grey", dash="dash"),
                     annotation_text="Note 1's rule holds only here",
                     annotation_position="bottom right")
    return figure


def batch_noise(r) -> go.Figure:
    """Spread (std over random batches) of μ_B, σ²_B and one sample's output vs batch size."""
    lines = [("batch mean μ<sub>B</sub>", r.mean_spread, "solid"),
             ("σ√(B−1)/B (closed form)", r.expected_mean_spread, "dot"),
             ("batch variance σ²<sub>B</sub>", r.var_spread, "solid"),
             ("BN output of one fixed sample", r.output_spread, "solid")]
    return go.Figure(
        data=[go.Scatter(x=r.batch_sizes, y=y, name=name, mode="lines+markers",
                         line=dict(color=colour(i if dash == "solid" else 0), dash=dash))
              for i, (name, y, dash) in enumerate(lines)],
        layout=dict(height=380, margin=_MARGIN, legend=_LEGEND,
                    xaxis=dict(title="batch size B", type="log", tickvals=r.batch_sizes),
                    yaxis=dict(title="std across batches", type="log", dtick="D2")))
