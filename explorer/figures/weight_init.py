"""Figures of the Weight-init page: std through depth, activation violins, symmetry, training."""
from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from plotly.colors import qualitative
from plotly.subplots import make_subplots

PALETTE = qualitative.Plotly


def _positive(values: np.ndarray) -> np.ndarray:
    """Log axes cannot show 0, inf or nan: those points become gaps."""
    out = np.asarray(values, dtype=float).copy()
    out[~np.isfinite(out) | (out <= 0)] = np.nan
    return out


def depth_profile(results: dict) -> go.Figure:
    """{label: Propagation} -> forward std of z_l and backward std of ∂loss/∂z_l per layer,
    log scale; dashed = mean-field theory; ✕ at the top = a layer with inf/nan values, ▽ at
    the bottom = a layer whose values are all exactly 0 (a log axis has no 0)."""
    fig = make_subplots(1, 2, subplot_titles=("forward: std of pre-activations z_l",
                                              "backward: std of ∂loss/∂z_l"),
                        horizontal_spacing=0.08)
    top, bottom = 1.0, 1.0
    for result in results.values():
        both = np.concatenate([_positive(result.forward_std), _positive(result.backward_std)])
        if np.isfinite(both).any():
            top, bottom = max(top, np.nanmax(both)), min(bottom, np.nanmin(both))
    for i, (label, result) in enumerate(results.items()):
        colour = PALETTE[i % len(PALETTE)]
        layers = np.arange(1, len(result.forward_std) + 1)
        theory = (result.theory_forward, result.theory_backward)
        for col, values, finite, zero in (
                (1, result.forward_std, result.forward_finite, result.forward_zero),
                (2, result.backward_std, result.backward_finite, result.backward_zero)):
            shown = _positive(values)
            legend = col == 1 and bool(np.isfinite(_positive(result.forward_std)).any())
            fig.add_scatter(x=layers, y=shown, name=label, legendgroup=label,
                            mode="lines", line=dict(color=colour, width=2), row=1, col=col,
                            showlegend=legend)
            if theory[col - 1] is not None:
                fig.add_scatter(x=layers, y=_positive(theory[col - 1]), name=f"{label} theory",
                                legendgroup=label, mode="lines", showlegend=False, row=1,
                                col=col, line=dict(color=colour, dash="dash", width=1.5),
                                hovertemplate="theory %{y:.3g}<extra></extra>")
            for mask, y, symbol, what in ((~finite, top * 10, "x", "inf/nan"),
                                          (zero, bottom / 10, "triangle-down", "exactly 0")):
                if mask.any():
                    fig.add_scatter(x=layers[mask], y=np.full(int(mask.sum()), y),
                                    mode="markers", row=1, col=col, name=f"{label}: {what}",
                                    marker=dict(symbol=symbol, color=colour, size=8),
                                    legendgroup=label, showlegend=col == 1,
                                    hovertemplate=f"layer %{{x}}: {what}<extra></extra>")
    fig.update_yaxes(type="log", exponentformat="power")
    fig.update_xaxes(title_text="layer")
    fig.update_layout(height=420, margin=dict(t=40, b=10, l=10, r=10),
                      legend=dict(orientation="h", y=-0.18, x=0))
    return fig


def layer_violins(samples: dict[int, np.ndarray], label: str,
                  title: str = "activations h_l, {label}", layer: str = "layer {layer}"
                  ) -> go.Figure:
    """Distribution of post-activation values at a few layers; ``title`` and ``layer`` are
    templates (a page passes them in the reader's language)."""
    fig = go.Figure([go.Violin(y=values, name=layer.format(layer=n), box_visible=True,
                               meanline_visible=True, points=False, spanmode="hard")
                     for n, values in samples.items()])
    fig.update_layout(height=360, margin=dict(t=40, b=10, l=10, r=10), showlegend=False,
                      title=dict(text=title.format(label=label), font=dict(size=14)),
                      yaxis_title="value")
    return fig


def gradient_matrices(panels: dict,
                      subtitle: str = "rank {rank}, {rows} distinct row(s)") -> go.Figure:
    """{title: Symmetry} -> heatmaps of ∂loss/∂W (rows: hidden units, columns: inputs);
    ``subtitle`` a template under each title (a page passes it in the reader's language)."""
    fig = make_subplots(1, len(panels), subplot_titles=[
        f"{t}<br>{subtitle.format(rank=s.rank, rows=s.distinct_rows)}"
        for t, s in panels.items()],
        horizontal_spacing=0.06)
    for i, symmetry in enumerate(panels.values(), start=1):
        g = symmetry.gradient
        scale = float(np.abs(g).max()) or 1.0
        fig.add_heatmap(z=g, zmin=-scale, zmax=scale, colorscale="RdBu", showscale=False,
                        row=1, col=i, hovertemplate="unit %{y}, input %{x}: %{z:.2e}<extra></extra>")
    fig.update_xaxes(title_text="input pixel")
    fig.update_yaxes(title_text="hidden unit", autorange="reversed", col=1)
    fig.update_yaxes(autorange="reversed")
    fig.update_layout(height=350, margin=dict(t=70, b=10, l=10, r=10))
    return fig


def training_curves(curves: dict[str, tuple[list, list]]) -> go.Figure:
    """{label: (epochs, validation losses)} overlaid."""
    fig = go.Figure([go.Scatter(x=x, y=y, name=label, mode="lines+markers",
                                line=dict(color=PALETTE[i % len(PALETTE)]))
                     for i, (label, (x, y)) in enumerate(curves.items())])
    fig.add_hline(y=float(np.log(10)), line=dict(dash="dot", color="grey"),
                  annotation_text="ln 10: guessing among 10 classes")
    fig.update_layout(height=340, margin=dict(t=30, b=10, l=10, r=10), xaxis_title="epoch",
                      yaxis_title="validation loss", legend=dict(orientation="h", y=-0.25))
    return fig
