"""Learning-rate schedules, read off real torch.optim.lr_scheduler objects."""
import pandas as pd
import streamlit as st

from explorer import schedules as sch
from explorer.figures import schedules as figs

st.title("Learning-rate schedules")
st.caption("Warmup starts small and climbs to the set learning rate, then the schedule lowers "
           "it as training goes on (seed 002). Every curve below is what a real "
           "`torch.optim.lr_scheduler` sets at each step.")


@st.cache_resource(max_entries=256, show_spinner=False)
def curve(name, total, base_lr, warmup, options):
    return sch.lr_curve(name, total, base_lr, warmup, **dict(options))


@st.cache_resource(max_entries=64, show_spinner=False)
def figure(names, total, base_lr, warmup, options, log_y, with_lab):
    curves = {n: curve(n, total, base_lr, warmup, sch.relevant_options(n, dict(options)))
              for n in names}
    if with_lab:
        curves["Training lab cosine (make_schedule)"] = sch.training_lab_curve(
            "cosine", epochs=10, steps_per_epoch=total // 10, lr=base_lr,
            warmup_epochs=warmup / (total // 10))
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
                       help="The schedule fit() uses (explorer.train.make_schedule, 10 "
                            "epochs, same warmup): it lies on the cosine curve.")

if not names:
    st.warning("Pick at least one schedule to draw.")
    st.stop()
try:
    fig, curves = figure(tuple(names), int(total), float(base_lr), int(warmup), options,
                         log_y, with_lab and total >= 10)
except ValueError as err:
    st.error(f"{err}.")
    st.stop()
st.plotly_chart(fig)

quarter = [0, int(warmup), int(total) // 2, int(total) - 1]
# The lab's curve spans 10 whole epochs of total // 10 steps: it may end a few steps early.
st.dataframe(pd.DataFrame({name: {f"η at step {t}": lr[t] if t < len(lr) else None
                                  for t in quarter}
                           for name, lr in curves.items()}).T,
             column_config={c: st.column_config.NumberColumn(format="%.3e")
                            for c in (f"η at step {t}" for t in quarter)})
st.markdown("**Formulas** (t counts steps after the warmup, T the steps after the warmup)")
for name in names:
    label, formula = st.columns([1, 5], vertical_alignment="center")
    label.markdown(f"**{name}**")
    formula.latex(sch.SCHEDULES[name].formula)
