"""Reliability diagrams and confidence histograms (Guo et al. 2017, figure 1)."""
from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from explorer.figures.activations import colour


def reliability(panels: dict[str, tuple], bar_name: str = "before (T = 1)",
                marker_name: str = "after temperature scaling") -> go.Figure:
    """One column per model: accuracy per confidence bin (top), examples per bin (bottom).

    panels: title -> (before, after), two ``CalibrationSummary`` of the same examples; bars
    show ``before``, markers ``after``. The diagonal is perfect calibration.
    """
    titles = [f"{name}<br><sup>ECE {b.ece:.3f} → {a.ece:.3f}</sup>"
              for name, (b, a) in panels.items()]
    figure = make_subplots(rows=2, cols=len(panels), row_heights=[0.68, 0.32],
                           shared_xaxes=True, vertical_spacing=0.06,
                           subplot_titles=titles + [""] * len(panels))
    for col, (before, after) in enumerate(panels.values(), start=1):
        edges = before.bins.edges
        centres, width = (edges[:-1] + edges[1:]) / 2, edges[1] - edges[0]
        first = col == 1
        figure.add_trace(go.Scatter(x=[0, 1], y=[0, 1], mode="lines", name="perfect",
                                    showlegend=first, line=dict(color="grey", dash="dash")),
                         row=1, col=col)
        figure.add_trace(go.Bar(x=centres, y=before.bins.accuracy, width=width, name=bar_name,
                                legendgroup="before", showlegend=first,
                                marker=dict(color=colour(0), line=dict(color="white", width=1)),
                                customdata=np.stack([before.bins.confidence,
                                                     before.bins.counts], axis=1),
                                hovertemplate="accuracy %{y:.3f}<br>mean confidence "
                                              "%{customdata[0]:.3f}<br>%{customdata[1]} "
                                              "examples<extra></extra>"),
                         row=1, col=col)
        # marker area ~ examples in the bin: a bin of 1 example jumping to 0 looks as small
        # as it is
        size = 4 + 16 * np.sqrt(after.bins.counts / max(after.bins.counts.max(), 1))
        figure.add_trace(go.Scatter(x=after.bins.confidence, y=after.bins.accuracy,
                                    mode="markers", name=marker_name, cliponaxis=False,
                                    legendgroup="after", showlegend=first,
                                    customdata=after.bins.counts,
                                    hovertemplate="accuracy %{y:.3f}<br>mean confidence "
                                                  "%{x:.3f}<br>%{customdata} examples"
                                                  "<extra></extra>",
                                    marker=dict(color=colour(1), size=size,
                                                line=dict(color="white", width=1))),
                         row=1, col=col)
        for summary, group, colr in ((before, "before", colour(0)), (after, "after", colour(1))):
            figure.add_trace(go.Bar(x=centres, y=summary.bins.counts, width=width,
                                    name=group, legendgroup=group, showlegend=False,
                                    marker=dict(color=colr, opacity=0.6)), row=2, col=col)
    figure.update_xaxes(range=[0, 1])
    figure.update_xaxes(title_text="confidence (top softmax probability)", row=2)
    figure.update_yaxes(range=[0, 1.02], row=1)
    figure.update_yaxes(title_text="accuracy", row=1, col=1)
    figure.update_yaxes(title_text="examples", row=2, col=1)
    return figure.update_layout(height=560, barmode="overlay", bargap=0,
                                margin=dict(t=70, b=10, l=10, r=10),
                                legend=dict(orientation="h", y=1.16, x=0))
