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


def _runs(mask: np.ndarray) -> np.ndarray:
    """Marker sizes for a row of flags: 9 where a run of True starts, 0 elsewhere (a long run
    reads as one line with a ▽ at each start instead of a band of overlapping triangles)."""
    starts = mask & ~np.concatenate([[False], mask[:-1]])
    return np.where(starts, 9, 0)


def _levels(results: dict, flagged) -> dict[str, int]:
    """{label: 0, 1, …} for the results with any layer ``flagged(result)`` marks."""
    return {label: i for i, label in enumerate(
        label for label, result in results.items() if flagged(result).any())}


def depth_profile(results: dict, zero_name: str = "{label}: exactly 0",
                  overflow_name: str = "{label}: inf/nan") -> go.Figure:
    """{label: Propagation} -> forward std of z_l and backward std of ∂loss/∂z_l per layer,
    log scale; dashed = mean-field theory. A log axis has no 0, inf or nan: layers whose values
    are all exactly 0 are a line with ▽ below the data, layers with inf/nan a line with ✕ above
    it, one level per initialisation (same colour), so ten of them do not hide each other.
    ``zero_name`` and ``overflow_name`` are templates for their legend entries (a page passes
    them in the reader's language)."""
    fig = make_subplots(1, 2, subplot_titles=("forward: std of pre-activations z<sub>l</sub>",
                                              "backward: std of ∂loss/∂z<sub>l</sub>"),
                        horizontal_spacing=0.08)
    top, bottom = 1.0, 1.0   # the rows of ▽ and ✕ go below and above every curve, theory too
    for result in results.values():
        drawn = [result.forward_std, result.backward_std, result.theory_forward,
                 result.theory_backward]
        every = np.concatenate([_positive(v) for v in drawn if v is not None])
        if np.isfinite(every).any():
            top, bottom = max(top, np.nanmax(every)), min(bottom, np.nanmin(every))
    # one level per initialisation that has such layers, spaced by a share of the data's decades
    spacing = 10.0 ** max(1.0, 0.04 * np.log10(top / bottom))
    levels = {"zero": _levels(results, lambda r: r.forward_zero | r.backward_zero),
              "bad": _levels(results, lambda r: ~(r.forward_finite & r.backward_finite))}
    for i, (label, result) in enumerate(results.items()):
        colour = PALETTE[i % len(PALETTE)]
        layers = np.arange(1, len(result.forward_std) + 1)
        theory = (result.theory_forward, result.theory_backward)
        for col, values, finite, zero in (
                (1, result.forward_std, result.forward_finite, result.forward_zero),
                (2, result.backward_std, result.backward_finite, result.backward_zero)):
            shown = _positive(values)
            legend = col == 1 and bool(np.isfinite(_positive(result.forward_std)).any())
            fig.add_scatter(x=layers, y=shown, name=label, legendgroup=label, legendrank=1,
                            mode="lines", line=dict(color=colour, width=2), row=1, col=col,
                            showlegend=legend)
            if theory[col - 1] is not None:
                fig.add_scatter(x=layers, y=_positive(theory[col - 1]), name=f"{label} theory",
                                legendgroup=label, mode="lines", showlegend=False, row=1,
                                col=col, line=dict(color=colour, dash="dash", width=1.5),
                                hovertemplate="theory %{y:.3g}<extra></extra>")
            for mask, kind, name, symbol in (
                    (~finite, "bad", overflow_name, "x"), (zero, "zero", zero_name,
                                                           "triangle-down")):
                if not mask.any():
                    continue
                level = levels[kind][label]
                y = top * 10 * spacing ** level if kind == "bad" else bottom / 10 / spacing ** level
                first = col == 1 or not (~result.forward_finite if kind == "bad"
                                         else result.forward_zero).any()
                fig.add_scatter(x=layers, y=np.where(mask, y, np.nan), mode="lines+markers",
                                row=1, col=col, name=name.format(label=label),
                                line=dict(color=colour, width=2),
                                marker=dict(symbol=symbol, color=colour, size=_runs(mask)),
                                legendgroup=label, legendrank=2, showlegend=first,
                                hovertemplate="%{fullData.name}: layer %{x}<extra></extra>")
    fig.update_yaxes(type="log", exponentformat="power")
    fig.update_xaxes(title_text="layer")
    fig.update_layout(height=440, margin=dict(t=40, b=10, l=10, r=10),
                      legend=dict(orientation="h", y=-0.18, x=0, traceorder="normal",
                                  entrywidth=0.25, entrywidthmode="fraction",
                                  itemsizing="constant"))
    return fig


def layer_violins(samples: dict[int, np.ndarray], label: str,
                  title: str = "activations h<sub>l</sub>, {label}", layer: str = "layer {layer}"
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
