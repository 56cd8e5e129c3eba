"""Figures of the Train page: live curves, run comparison, K-class confusion matrix."""
from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from plotly.colors import qualitative
from plotly.subplots import make_subplots

TRAIN, VAL = "#1f77b4", "#d62728"


def live_curves(steps: list[dict], epochs: list[dict], log_loss: bool = False) -> go.Figure:
    """Loss, accuracy and learning rate against epochs: train every few steps (thin line),
    validation after each epoch (markers); ``log_loss``: the loss on a log axis."""
    fig = make_subplots(1, 3, subplot_titles=("loss", "accuracy", "learning rate"),
                        horizontal_spacing=0.07)
    x = [s["epoch"] for s in steps]
    ex = [e["epoch"] for e in epochs]
    mode = "lines" if len(steps) > 2 else "lines+markers"   # one window (a run that diverged
    for col, key, val_key in ((1, "loss", "val_loss"), (2, "accuracy", "val_acc")):  # at once)
        fig.add_scatter(x=x, y=[s[key] for s in steps], name=f"train {key}", mode=mode,
                        line=dict(color=TRAIN, width=1.5), row=1, col=col,
                        legendgroup="train", showlegend=col == 1)
        fig.add_scatter(x=ex, y=[e[val_key] for e in epochs], name="validation",
                        mode="lines+markers", line=dict(color=VAL, width=2), row=1, col=col,
                        legendgroup="val", showlegend=col == 1)
    fig.add_scatter(x=x, y=[s["lr"] for s in steps], name="lr", mode=mode,
                    line=dict(color="#2ca02c"), row=1, col=3, showlegend=False)
    fig.update_xaxes(title_text="epoch", rangemode="tozero")
    fig.update_yaxes(range=[0, 1.02], row=1, col=2)
    # from 0, so a lone point (1.8e10) is not drawn on ticks of 18.00803166B … 18.00803167B
    fig.update_yaxes(rangemode="tozero", exponentformat="e", row=1, col=1)
    fig.update_yaxes(rangemode="tozero", row=1, col=3)
    if log_loss:   # ticks at 1, 2, 5 per decade; only the decades past 3 of them (1e15)
        losses = [v for v in [s["loss"] for s in steps] + [e["val_loss"] for e in epochs]
                  if v > 0]
        decades = np.log10(max(losses) / min(losses)) if losses else 0.0
        fig.update_yaxes(type="log", exponentformat="power", dtick=1 if decades > 3 else "D2",
                         row=1, col=1)
    fig.update_layout(height=340, margin=dict(t=70, b=10, l=10, r=10), uirevision="live",
                      legend=dict(orientation="h", y=1.3, x=0))
    return fig


def run_comparison(curves: dict[str, tuple[list, list, list]]) -> go.Figure:
    """Validation loss and accuracy per epoch, one colour per run: {label: (epoch, loss, acc)}."""
    fig = make_subplots(1, 2, subplot_titles=("validation loss", "validation accuracy"))
    palette = qualitative.Plotly + [c for c in qualitative.Alphabet
                                    if c not in qualitative.Plotly]   # 36 runs before a repeat
    for i, (label, (epoch, loss, acc)) in enumerate(curves.items()):
        colour = palette[i % len(palette)]
        for col, y in ((1, loss), (2, acc)):
            fig.add_scatter(x=epoch, y=y, name=label, mode="lines+markers", row=1, col=col,
                            line=dict(color=colour), legendgroup=label, showlegend=col == 1)
    fig.update_xaxes(title_text="epoch")
    fig.update_layout(height=340, margin=dict(t=40, b=10, l=10, r=10),
                      legend=dict(orientation="h", y=-0.25, x=0))
    return fig


def confusion_matrix(counts: np.ndarray, classes: list[str]) -> go.Figure:
    """K x K counts, rows = true class, columns = predicted; the diagonal is what it got right."""
    fig = go.Figure(go.Heatmap(z=counts, x=classes, y=classes, text=counts,
                               texttemplate="%{text}", colorscale="Blues", showscale=False,
                               hovertemplate="true %{y}, predicted %{x}: %{z}<extra></extra>"))
    fig.update_xaxes(title_text="predicted", type="category", side="top")
    fig.update_yaxes(title_text="true", type="category", autorange="reversed")
    fig.update_layout(height=420, margin=dict(t=40, b=10, l=10, r=10))
    return fig
