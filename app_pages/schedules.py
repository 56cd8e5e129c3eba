"""Learning-rate schedules, read off real torch.optim.lr_scheduler objects."""
import pandas as pd
import streamlit as st

from explorer import schedules as sch
from explorer.figures import schedules as figs
from ui import i18n, links, notes_panel
from ui.i18n import _, note_name

st.title(_("Learning-rate schedules"))
st.caption(_("Warmup (热身, {n0}; {n1}) starts small and climbs to the set learning rate; then "
             "the schedule lowers it as training goes on (学习率衰减, {n1}; {n2}). Every curve "
             "below is what a real `torch.optim.lr_scheduler` sets at each step.",
             n0=note_name("000"), n1=note_name("001"), n2=note_name("002")))

LAB = "Training lab cosine (make_schedule)"
# Shown names: the usual full ones (a bare "step" would read as a step count in Chinese).
NAMES = {"constant": _("constant"), "step": _("step decay"), "multistep": _("multi-step decay"),
         "exponential": _("exponential decay"), "cosine": _("cosine annealing"),
         "cosine restarts": _("cosine with restarts"), "polynomial": _("polynomial decay"),
         "onecycle": "OneCycle", LAB: _("Training lab cosine (make_schedule)")}


@st.cache_resource(max_entries=256, show_spinner=False)
def curve(name, total, base_lr, warmup, options):
    return sch.lr_curve(name, total, base_lr, warmup, **dict(options))


@st.cache_resource(max_entries=64, show_spinner=False)
def figure(names, total, base_lr, warmup, options, log_y, with_lab, labels):
    """``labels``: {id: shown name} in the reader's language (as a tuple of pairs)."""
    labels = dict(labels)
    curves = {labels[n]: curve(n, total, base_lr, warmup, sch.relevant_options(n, dict(options)))
              for n in names}
    if with_lab:
        curves[labels[LAB]] = sch.lab_overlay(total, base_lr, warmup)
    return figs.lr_curves(curves, warmup, log_y, dotted=(labels[LAB],)), curves


# A row of its own: eight chosen schedules' chips in Chinese fill five rows of a column.
names = links.choices(st.multiselect, _("Schedules to overlay"), list(sch.SCHEDULES),
                      key="s", default=["step", "cosine", "cosine restarts", "onecycle"],
                      format_func=lambda n: NAMES.get(n, n))
top = st.columns(3)
with top[0]:
    total = links.number_input(_("training steps"), 2, 5000, 300, 50, key="steps")
with top[1]:
    base_lr = links.number_input(_("base learning rate η₀"), 0.0, 10.0, 0.1, 0.01, key="lr",
                                 format="%.4f")
with top[2]:
    warmup = links.number_input(
        _("warmup steps"), 0, 5000, 30, 10, key="warmup",
        help=_("Linear warmup (LinearLR from η₀/1000 to η₀) chained before the schedule with "
               "SequentialLR; OneCycle's own first phase."))
with st.popover(_("Schedule parameters")):
    options = (("gamma", links.slider(_("γ (step, multistep)"), 0.05, 0.9, 0.1, 0.05,
                                      key="gamma")),
               ("step_fraction", links.slider(_("step size as a fraction of training (step)"),
                                              0.05, 0.9, 0.3, 0.05, key="step_frac")),
               ("restart_fraction", links.slider(_("first period T₀ as a fraction (restarts)"),
                                                 0.02, 0.5, 0.1, 0.02, key="t0")),
               ("power", links.slider(_("power p (polynomial)"), 0.5, 5.0, 2.0, 0.5,
                                      key="power")))
c = st.columns(2)
with c[0]:
    log_y = links.toggle(_("log-scale learning rate"), key="log")
with c[1]:
    with_lab = links.toggle(
        _("overlay the Training lab's cosine"), key="lab",
        help=_("The schedule fit() uses (explorer.train.make_schedule, up to 10 epochs that "
               "split the steps exactly, same warmup): it lies on the cosine curve."))

if not names:
    st.warning(_("Pick at least one schedule to draw."))
    st.stop()
try:
    fig, curves = figure(tuple(names), int(total), float(base_lr), int(warmup), options,
                         log_y, with_lab, tuple(NAMES.items()))
except ValueError as err:
    st.error(i18n.error_sentence(err))
    st.stop()
st.plotly_chart(i18n.figure(fig))

if with_lab:
    epochs, per_epoch = sch.lab_epochs(int(total))
    st.caption(_("Dotted: the Training lab's cosine, {epochs} epoch(s) of {steps} steps.",
                 epochs=epochs, steps=per_epoch))

quarter = sorted({0, int(warmup), int(total) // 2, int(total) - 1})   # columns in step order
schedule = _("schedule")
columns = {t: _("η at step {t}", t=t) for t in quarter}
st.dataframe(pd.DataFrame([{schedule: name}
                           | {columns[t]: lr[t] for t in quarter}
                           for name, lr in curves.items()]),
             hide_index=True, column_config={schedule: st.column_config.TextColumn(
                 width="large")} | {c: st.column_config.NumberColumn(format="%.3e")
                                    for c in columns.values()})
st.markdown(_("**Formulas** (t counts steps after the warmup, T the steps after the warmup)"))
FORMULA_NOTES = {"onecycle": _("two cosine phases: up over the warmup steps (30% of training "
                                "when the warmup is 0), then down to η₀/(25·10⁴)")}
for name in names:
    label, formula = st.columns([1, 5], vertical_alignment="center")
    label.markdown(f"**{NAMES.get(name, name)}**")
    formula.latex(sch.SCHEDULES[name].formula)
    if name in FORMULA_NOTES:
        formula.caption(FORMULA_NOTES[name])

notes_panel.show("app_pages/schedules.py", s=names, steps=total, lr=base_lr, warmup=warmup,
                 gamma=dict(options)["gamma"], step_frac=dict(options)["step_fraction"],
                 t0=dict(options)["restart_fraction"], power=dict(options)["power"])
