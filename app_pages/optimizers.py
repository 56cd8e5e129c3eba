"""Optimizer paths on 2-D test functions, the Hessian at a point, and batch-size noise."""
import pandas as pd
import streamlit as st

from explorer import optim_paths as op
from explorer.errors import SEED_MAX
from explorer.figures import optim_paths as figs
from ui import i18n, links, notes_panel, numbers
from ui.i18n import _, note_name

st.title(_("Optimizers, saddle points and batch size"))
st.caption(_("Seven torch.optim optimizers start from the same point on classic test functions. "
             "The Hessian's eigenvalues tell a minimum from a maximum or a saddle; batch size "
             "trades gradient noise for speed (BGD vs SGD vs mini-batch). Both as in {note}.",
             note=note_name("004")))
SURFACE_NAMES = {"ill-conditioned quadratic": _("ill-conditioned quadratic"),
                 "saddle": _("saddle")}   # Rosenbrock and Himmelblau: names in both languages
SHORT = {"ill-conditioned quadratic": "quad", "Rosenbrock": "rosen", "saddle": "saddle",
         "Himmelblau": "himmel"}   # URL names of each surface's own settings
KINDS = {"local minimum": _("local minimum"), "local maximum": _("local maximum"),
         "saddle point": _("saddle point")}


def surface_name(name: str) -> str:
    return SURFACE_NAMES.get(name, name)


@st.cache_resource(max_entries=256, show_spinner=False)
def path(surface, optimizer, start, lr, steps):
    return op.run(surface, optimizer, start, lr, steps)


@st.cache_resource(max_entries=8, show_spinner=False)
def grid(surface, box=None):
    return op.grid(surface, box=box)


@st.cache_resource(max_entries=64, show_spinner=False)
def regression(batch_sizes, lr, epochs, seed, labels):
    """``labels``: one run name per batch size, in the reader's language."""
    runs = {label: op.regression_path(b, lr, epochs, seed)
            for b, label in zip(batch_sizes, labels)}
    return (figs.regression_paths(*op.regression_grid(seed=seed), runs, op.least_squares(seed)),
            figs.regression_losses(runs, epochs), runs)


tab_paths, tab_hessian, tab_batch = links.tabs(
    [_("Paths on a surface"), _("Hessian at a point"), _("Batch size and noise")],
    ["paths", "hessian", "batch"], key="tab")

with tab_paths:
    c = st.columns([2, 3])
    with c[0]:
        name = links.choice(st.selectbox, _("Surface"), list(op.SURFACES), key="surface",
                            format_func=surface_name)
    surface, short = op.SURFACES[name], SHORT[name]
    with c[1]:
        chosen = links.choices(st.multiselect, _("Optimizers"), list(op.OPTIMIZERS), key="opt",
                               default=["SGD", "Momentum", "RMSprop", "Adam"])
    c = st.columns(5)
    with c[0]:   # each surface keeps its own start, rates and steps (?x0_rosen=…)
        x0 = links.number_input(_("start x"), -op.DIVERGED, op.DIVERGED, surface.start[0], 0.5,
                                key=f"x0_{short}")
    with c[1]:
        y0 = links.number_input(_("start y"), -op.DIVERGED, op.DIVERGED, surface.start[1], 0.5,
                                key=f"y0_{short}")
    with c[2]:
        lr_sgd = links.number_input(_("lr, SGD family"), 0.0, 100.0, surface.lr_sgd,
                                    surface.lr_sgd / 2, key=f"lr_sgd_{short}", format="%.4f",
                                    help=_("SGD, Momentum and Nesterov"))
    with c[3]:
        lr_adaptive = links.number_input(_("lr, adaptive"), 0.0, 100.0, surface.lr_adaptive,
                                         surface.lr_adaptive / 2, key=f"lr_ad_{short}",
                                         format="%.4f", help=_("Adagrad, RMSprop, Adam and AdamW"))
    with c[4]:
        steps = links.slider(_("steps"), 10, 2000, surface.steps, 10, key=f"steps_{short}")
    st.latex(surface.formula)
    if not chosen:
        st.warning(_("Pick at least one optimizer."))
    else:
        progress, runs = st.progress(0.0), {}
        try:
            for i, o in enumerate(chosen):
                progress.progress(i / len(chosen), text=_(
                    "{optimizer}: {steps} steps (optimizer {i} of {n})", optimizer=o,
                    steps=steps, i=i + 1, n=len(chosen)))
                runs[o] = path(name, o, (x0, y0), lr_adaptive if o in op.ADAPTIVE else lr_sgd,
                               steps)
        except ValueError as err:
            st.error(i18n.error_sentence(err))
        else:
            progress.empty()
            left, right = st.columns([3, 2])
            left.plotly_chart(i18n.figure(figs.paths(*grid(name), surface.log_contours, runs,
                                                     (x0, y0), surface.minima, surface.box)))
            right.plotly_chart(i18n.figure(figs.losses(runs, surface.loss_range)))
            diverged = [o for o, p in runs.items() if p.diverged]
            if diverged:
                st.warning(_("Diverged (|x| or |y| > 10⁶, stopped early): {names}. ",
                             names=i18n.join(diverged))
                           + (_("x² − y² has no minimum: y runs off to ±∞.") if name == "saddle"
                              else _("Lower that learning rate.")))
            fx, fy, ff = _("final x"), _("final y"), _("final f")
            st.dataframe(pd.DataFrame([{_("optimizer"): o, fx: numbers.cell(p.points[-1, 0]),
                                        fy: numbers.cell(p.points[-1, 1]),
                                        ff: numbers.cell(p.losses[-1], ".3e"),
                                        _("steps run"): len(p.points) - 1}
                                       for o, p in runs.items()]),
                         hide_index=True, column_config=dict.fromkeys((fx, fy, ff),
                                                                      numbers.RIGHT))
            st.caption(_("AdamW here uses weight decay 0.1 (decoupled: it pulls the point "
                         "towards 0), momentum 0.9 for Momentum and Nesterov; other settings "
                         "are torch.optim's defaults."))


def pick_point():
    """A click on the Hessian chart (a point of its invisible grid) becomes the point."""
    clicked = st.session_state["hessian.chart"].selection.points
    if clicked:
        st.session_state["hx"] = float(clicked[0]["x"])
        st.session_state["hy"] = float(clicked[0]["y"])


with tab_hessian:
    st.markdown(_("At a critical point (∇f = 0) the Hessian $H = \\nabla^2 f$ decides: all "
                  "eigenvalues $> 0$ → **local minimum**, all $< 0$ → **local maximum**, mixed "
                  "signs → **saddle point** (gradient descent slows down there but can escape "
                  "along the negative-curvature direction)."))
    c = st.columns(3)
    with c[0]:
        h_name = links.choice(st.selectbox, _("Surface"), list(op.SURFACES), key="hs",
                              default="saddle", format_func=surface_name)
    with c[1]:
        hx = links.number_input(_("point x"), -op.DIVERGED, op.DIVERGED, 0.0, 0.1, key="hx",
                                format="%.6f")
    with c[2]:
        hy = links.number_input(_("point y"), -op.DIVERGED, op.DIVERGED, 0.0, 0.1, key="hy",
                                format="%.6f")
    st.caption(_("Click the surface to analyse a point, or type it. Try Himmelblau at "
                 "(−0.270845, −0.923039): its local maximum; or (3, 2): a minimum."))
    a = op.analyse(h_name, (hx, hy))
    left, right = st.columns([3, 2])
    view = op.view_box(h_name, (hx, hy))
    # log₁₀ contours suit the surface's own box; far off it f is nearly linear across the view
    # and log levels bunch up in one corner (Himmelblau at (1000, −1000) showed no contours)
    log = op.SURFACES[h_name].log_contours and view == op.SURFACES[h_name].box
    left.plotly_chart(i18n.figure(figs.hessian_point(*grid(h_name, view), log, a, (hx, hy), view)),
                      key="hessian.chart", on_select=pick_point, selection_mode="points")
    with right:
        c = st.columns(2)
        c[0].metric("f(x, y)", f"{a.value:.4g}")
        c[1].metric("|∇f|", f"{a.gradient_norm:.3g}")
        st.metric(_("eigenvalues of H"), ", ".join(f"{v:.4g}" for v in a.eigenvalues))
        kind = KINDS.get(a.kind, a.kind)
        if not a.critical:
            st.info(_("∇f = ({gx}, {gy}) ≠ 0, so this is not a critical point; the curvature "
                      "here is that of a {kind}. The rule classifies only points where the "
                      "gradient vanishes.", gx=f"{a.gradient[0]:.3g}",
                      gy=f"{a.gradient[1]:.3g}", kind=kind))
        else:
            st.success(_("Classification: **{kind}**", kind=kind))
        st.latex(r"H = \begin{pmatrix} %s & %s \\ %s & %s \end{pmatrix}"
                 % tuple(numbers.latex(v) for v in a.hessian.ravel()))
        st.caption(_("The lines through the point are H's eigenvectors: f curves up along a "
                     "blue one (λ > 0) and down along a red one (λ < 0). H from "
                     "torch.autograd.functional.hessian, eigenvectors from torch.linalg.eigh."))

with tab_batch:
    st.markdown(_("Linear regression $y = wx + b$ on 200 noisy points, plain SGD on the mean "
                  "squared error. **Full batch** follows the exact gradient: smooth but one "
                  "update per epoch. **Mini-batches** and **single samples** make many cheap "
                  "noisy updates and keep jittering near the optimum unless the learning rate "
                  "decays."))
    c = st.columns([2, 1, 1, 1])
    with c[0]:
        sizes = links.choices(st.multiselect, _("batch sizes"), [1, 5, 20, 50, 200], key="b",
                              default=[1, 20, 200])
    with c[1]:
        lr_r = links.slider(_("learning rate"), 0.005, 0.3, 0.05, 0.005, key="lr")
    with c[2]:
        epochs = links.slider(_("epochs"), 1, 30, 5, key="epochs")
    with c[3]:
        seed = links.number_input(_("random seed"), 0, SEED_MAX, 0, 1, key="seed")
    if not sizes:
        st.warning(_("Pick at least one batch size."))
    else:
        sizes = tuple(sorted(sizes, reverse=True))
        labels = tuple(_("batch {size}", size=b) if b < 200 else _("full batch (200)")
                       for b in sizes)
        fig_paths, fig_losses, reg_runs = regression(sizes, lr_r, epochs, int(seed), labels)
        left, right = st.columns(2)
        left.plotly_chart(i18n.figure(fig_paths))
        right.plotly_chart(i18n.figure(fig_losses))
        fw, fb, fm = _("final w"), _("final b"), _("final MSE")
        st.dataframe(pd.DataFrame([{_("run"): n, _("updates"): len(p.points) - 1,
                                    fw: p.points[-1, 0], fb: p.points[-1, 1],
                                    fm: p.losses[-1]} for n, p in reg_runs.items()]),
                     hide_index=True, column_config={
                         c: st.column_config.NumberColumn(format="%.4f") for c in (fw, fb, fm)})

notes_panel.show("app_pages/optimizers.py", surface=name, opt=chosen, hs=h_name, hx=hx, hy=hy,
                 b=sizes, lr=lr_r, epochs=epochs, seed=seed)
