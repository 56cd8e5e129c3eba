"""Learning-rate schedules, read off real torch.optim.lr_scheduler objects."""
import pandas as pd
import streamlit as st

from explorer import schedules as sch
from explorer.figures import schedules as figs

st.title("Learning-rate schedules")
st.caption("Warmup (热身, seeds 000 and 001) starts small and climbs to the set learning rate; "
           "then the schedule lowers it as training goes on (学习率衰减, seeds 001 and 002). "
           "Every curve below is what a real `torch.optim.lr_scheduler` sets at each step.")

LAB = "Training lab cosine (make_schedule)"


@st.cache_resource(max_entries=256, show_spinner=False)
def curve(name, total, base_lr, warmup, options):
    return sch.lr_curve(name, total, base_lr, warmup, **dict(options))


@st.cache_resource(max_entries=64, show_spinner=False)
def figure(names, total, base_lr, warmup, options, log_y, with_lab):
    curves = {n: curve(n, total, base_lr, warmup, sch.relevant_options(n, dict(options)))
              for n in names}
    if with_lab:
        curves[LAB] = sch.lab_overlay(total, base_lr, warmup)
    return figs.lr_curves(curves, warmup, log_y), curves


top = st.columns([3, 1, 1, 1])
names = top[0].multiselect("Schedules to overlay", list(sch.SCHEDULES),
                           default=["step", "cosine", "cosine restarts", "onecycle"])
total = top[1].number_input("training steps", min_value=2, max_value=5000, value=300, step=50)
base_lr = top[2].number_input("base learning rate η₀", min_value=0.0, max_value=10.0, value=0.1,
                              step=0.01, format="%.4f")
warmup = top[3].number_input("warmup steps", min_value=0, max_value=5000, value=30, step=10,
                             help="Linear warmup (LinearLR from η₀/1000 to η₀) chained before "
                                  "the schedule with SequentialLR; OneCycle's own first phase.")
with st.popover("Schedule parameters"):
    options = (("gamma", st.slider("γ (step, multistep)", 0.05, 0.9, 0.1, 0.05)),
               ("step_fraction", st.slider("step size as a fraction of training (step)",
                                           0.05, 0.9, 0.3, 0.05)),
               ("restart_fraction", st.slider("first period T₀ as a fraction (restarts)",
                                              0.02, 0.5, 0.1, 0.02)),
               ("power", st.slider("power p (polynomial)", 0.5, 5.0, 2.0, 0.5)))
c = st.columns(2)
log_y = c[0].toggle("log-scale learning rate")
with_lab = c[1].toggle("overlay the Training lab's cosine",
                       help="The schedule fit() uses (explorer.train.make_schedule, up to 10 "
                            "epochs that split the steps exactly, same warmup): it lies on "
                            "the cosine curve.")

if not names:
    st.warning("Pick at least one schedule to draw.")
    st.stop()
try:
    fig, curves = figure(tuple(names), int(total), float(base_lr), int(warmup), options,
                         log_y, with_lab)
except ValueError as err:
    st.error(f"{err}.")
    st.stop()
st.plotly_chart(fig)

if with_lab:
    epochs, per_epoch = sch.lab_epochs(int(total))
    st.caption(f"Dotted: the Training lab's cosine, {epochs} epoch(s) of {per_epoch} steps.")

quarter = list(dict.fromkeys([0, int(warmup), int(total) // 2, int(total) - 1]))
st.dataframe(pd.DataFrame([{"schedule": name} | {f"η at step {t}": lr[t] for t in quarter}
                           for name, lr in curves.items()]),
             hide_index=True, column_config={"schedule": st.column_config.TextColumn(
                 width="large")} | {c: st.column_config.NumberColumn(format="%.3e")
                                    for c in (f"η at step {t}" for t in quarter)})
st.markdown("**Formulas** (t counts steps after the warmup, T the steps after the warmup)")
for name in names:
    label, formula = st.columns([1, 5], vertical_alignment="center")
    label.markdown(f"**{name}**")
    formula.latex(sch.SCHEDULES[name].formula)
