"""Figures of the PR curves page: score histograms, PR + ROC with the operating point,
confusion matrix, AP interpolation, per-class PR curves. Class names may come from an uploaded
CSV: plotly renders tags such as ``<a href>`` and ``<b>`` in names, so they are HTML-escaped."""
from __future__ import annotations

from html import escape

import numpy as np
import plotly.graph_objects as go
from plotly.colors import qualitative
from plotly.subplots import make_subplots

POSITIVE, NEGATIVE, MARK, BEST = "#d62728", "#1f77b4", "black", "#ff7f0e"


def _layout(fig: go.Figure, height: int) -> go.Figure:
    fig.update_layout(height=height, margin=dict(t=40, b=10, l=10, r=10),
                      legend=dict(orientation="h", y=1.14, x=0))
    return fig


def score_histograms(edges: np.ndarray, negatives: np.ndarray, positives: np.ndarray,
                     threshold: float, score_title: str = "score",
                     threshold_text: str | None = None) -> go.Figure:
    """Binned scores of each class; everything right of the line is predicted positive.
    ``threshold_text`` labels the line (default "threshold <t>")."""
    centres, widths = edges[:-1] / 2 + edges[1:] / 2, np.diff(edges)   # no overflow near 1e308
    fig = go.Figure([go.Bar(x=centres, y=counts, width=widths, name=name, marker_color=colour,
                            opacity=0.55)
                     for counts, name, colour in ((negatives, "negatives (y=0)", NEGATIVE),
                                                  (positives, "positives (y=1)", POSITIVE))])
    fig.add_vline(x=threshold, line=dict(color=MARK, width=2))
    # the label sits inside the plot (the legend is above it), on the line's roomier side
    right = threshold > edges[0] / 2 + edges[-1] / 2
    fig.add_annotation(x=threshold, y=1, yref="paper",
                       text=threshold_text or f"threshold {threshold:.3g}", showarrow=False,
                       xanchor="right" if right else "left", xshift=-4 if right else 4,
                       yanchor="top", bgcolor="rgba(255,255,255,0.8)")
    fig.update_layout(barmode="overlay", bargap=0, xaxis_title=score_title, yaxis_title="count")
    return _layout(fig, 300)


CONFUSION_CELLS = (("TN", "FP (type I)"), ("FN (type II)", "TP"))
CONFUSION_AXES = (("predicted 0", "predicted 1"), ("true 0", "true 1"))


def confusion(counts: np.ndarray, cells=CONFUSION_CELLS, axes=CONFUSION_AXES) -> go.Figure:
    """2×2 confusion matrix [[TN, FP], [FN, TP]] (rows: truth, columns: prediction);
    ``cells`` names the four cells and ``axes`` the (prediction, truth) categories. A name's
    bracketed part ("FP (type I)", "FP（第一类错误）") goes on a line of its own, so that it fits
    a third of a 1280-px page."""
    def lines(name: str) -> str:
        return escape(name).replace(" (", "<br>(").replace("（", "<br>（")
    text = [[f"{lines(cells[i][j])}<br>{counts[i, j]:,}" for j in range(2)] for i in range(2)]
    fig = go.Figure(go.Heatmap(z=counts, x=list(axes[0]), y=list(axes[1]), text=text,
                               texttemplate="%{text}",
                               colorscale="Blues", showscale=False))
    fig.update_yaxes(autorange="reversed")
    fig.update_layout(height=260, margin=dict(t=10, b=10, l=10, r=10))
    return fig


def pr_and_roc(recall, precision, fpr, tpr, point: dict, best: dict, baseline: float,
               iso_lines: dict[float, tuple[np.ndarray, np.ndarray]],
               baseline_name: str | None = None) -> go.Figure:
    """PR curve in sklearn's order (steps-post) with iso-F1 lines and the no-skill line at
    the prevalence (named ``baseline_name``, default "no skill (prevalence <p>)"); ROC curve
    with the chance diagonal. ``point`` = {recall, precision, fpr} at the threshold, ``best``
    = the same at the best-F1 threshold."""
    fig = make_subplots(rows=1, cols=2, horizontal_spacing=0.08,
                        subplot_titles=("Precision–recall", "ROC"))
    for i, (f1, (r, p)) in enumerate(iso_lines.items()):
        fig.add_trace(go.Scatter(x=r, y=p, mode="lines", line=dict(color="lightgrey", width=1),
                                 name="iso-F1 lines", legendgroup="iso", showlegend=i == 0,
                                 hoverinfo="skip"), row=1, col=1)
        last = np.flatnonzero(~np.isnan(p))
        if last.size:
            fig.add_annotation(x=r[last[-1]], y=p[last[-1]], text=f"F1={f1:g}",
                               showarrow=False, font=dict(size=10, color="grey"),
                               xanchor="right", yanchor="bottom", row=1, col=1)
    fig.add_trace(go.Scatter(x=[0, 1], y=[baseline, baseline], mode="lines",
                             line=dict(color="grey", dash="dash"),
                             name=baseline_name or f"no skill (prevalence {baseline:.2f})"), row=1, col=1)
    fig.add_trace(go.Scatter(x=recall, y=precision, mode="lines", line_shape="hv",
                             line=dict(color=POSITIVE, width=2.5), name="PR curve"), row=1, col=1)
    fig.add_trace(go.Scatter(x=[0, 1], y=[0, 1], mode="lines", showlegend=False,
                             line=dict(color="grey", dash="dash")), row=1, col=2)
    fig.add_trace(go.Scatter(x=fpr, y=tpr, mode="lines", line=dict(color=NEGATIVE, width=2.5),
                             name="ROC curve"), row=1, col=2)
    for spot, colour, symbol, name in ((best, BEST, "star", "best F1"),
                                       (point, MARK, "circle", "threshold")):
        fig.add_trace(go.Scatter(x=[spot["recall"]], y=[spot["precision"]], mode="markers",
                                 marker=dict(color=colour, size=13, symbol=symbol), name=name,
                                 legendgroup=name), row=1, col=1)
        fig.add_trace(go.Scatter(x=[spot["fpr"]], y=[spot["recall"]], mode="markers",
                                 marker=dict(color=colour, size=13, symbol=symbol),
                                 showlegend=False, legendgroup=name), row=1, col=2)
    fig.update_xaxes(title_text="recall", range=[0, 1.02], row=1, col=1)
    fig.update_yaxes(title_text="precision", range=[0, 1.05], row=1, col=1)
    fig.update_xaxes(title_text="false-positive rate", range=[0, 1.02], row=1, col=2)
    fig.update_yaxes(title_text="true-positive rate (recall)", range=[0, 1.05], row=1, col=2)
    return _layout(fig, 440)


def ap_interpolation(recall, precision, envelope, sampled: dict[str, tuple]) -> go.Figure:
    """Raw operating points (what the step AP sums), the precision envelope (all-point AP is
    the area under it) and the sampled recall levels of the 11/101-point APs."""
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=np.r_[0.0, recall], y=np.r_[envelope[0], envelope],
                             mode="lines", line_shape="vh", fill="tozeroy",
                             fillcolor="rgba(255,127,14,0.15)",
                             line=dict(color=BEST, width=2), name="envelope max P(R' ≥ R)"))
    fig.add_trace(go.Scatter(x=recall, y=precision, mode="lines", line=dict(
        color=POSITIVE, width=1.5), name="raw precision"))
    for (name, (levels, values)), symbol in zip(sampled.items(), ("circle", "x")):
        fig.add_trace(go.Scatter(x=levels, y=values, mode="markers", name=name,
                                 marker=dict(symbol=symbol, size=9 if symbol == "circle" else 4,
                                             color=MARK if symbol == "circle" else NEGATIVE)))
    fig.update_layout(xaxis_title="recall", yaxis_title="precision", yaxis_range=[0, 1.05])
    return _layout(fig, 380)


def per_class_pr(curves: dict[str, tuple[np.ndarray, np.ndarray]]) -> go.Figure:
    """One PR curve per class (one-vs-rest); names shown literally (escaped). Tableau's ten
    distinct hues (plotly's default ten has two pinks); past ten classes the hues come back
    dashed, then dotted."""
    fig = go.Figure()
    for i, (name, (recall, precision)) in enumerate(curves.items()):
        line = dict(color=qualitative.T10[i % 10], dash=("solid", "dash", "dot")[i // 10 % 3])
        fig.add_trace(go.Scatter(x=recall, y=precision, mode="lines", line_shape="hv",
                                 name=escape(name), line=line))
    fig.update_layout(xaxis_title="recall", yaxis_title="precision", yaxis_range=[0, 1.05])
    return _layout(fig, 380)
