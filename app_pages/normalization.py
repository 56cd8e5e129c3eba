"""BatchNorm and dropout: train() vs eval(), and small-batch noise."""
import numpy as np
import pandas as pd
import streamlit as st

from explorer import normalization as nz
from explorer.errors import SEED_MAX
from explorer.figures import normalization as figs

st.title("BatchNorm and dropout: train() vs eval()")
st.caption("Both layers behave differently while training and at test time (seed 001): "
           "forgetting `model.eval()` before predicting is a classic bug.")


@st.cache_resource(max_entries=64, show_spinner=False)
def bn_view(batch_size, warm, shift, seed):
    r = nz.batchnorm_modes(batch_size, warm, shift=shift, seed=seed)
    return figs.batchnorm_modes(r), r


@st.cache_resource(max_entries=64, show_spinner=False)
def dropout_view(p, seed):
    r = nz.dropout_modes(p, seed=seed)
    return figs.dropout_modes(r), r


@st.cache_resource(max_entries=64, show_spinner=False)
def rules_view(p, seed):
    curve = nz.dropout_rules(np.linspace(0, 0.95, 20), seed=seed)
    return figs.dropout_rules(curve), nz.dropout_rules([p], seed=seed).rows()


@st.cache_resource(max_entries=16, show_spinner=False)
def noise_view(seed):
    r = nz.batch_noise([2, 4, 8, 16, 32, 64, 128, 256], seed=seed)
    return figs.batch_noise(r), r


tab_bn, tab_drop, tab_noise = st.tabs(["BatchNorm modes", "Dropout scaling",
                                       "Small batches are noisy"])

with tab_bn:
    st.latex(r"\text{train(): } y = \frac{x - \mu_B}{\sqrt{\sigma_B^2 + \epsilon}}"
             r"\qquad \text{eval(): } y = \frac{x - \hat\mu}{\sqrt{\hat\sigma^2 + \epsilon}}"
             r"\qquad \hat\mu \leftarrow (1-m)\hat\mu + m\,\mu_B")
    c = st.columns(4)
    batch_size = c[0].slider("batch size", 2, 128, 16)
    warm = c[1].slider("warm-up batches", 0, 200, 50,
                       help="Batches seen before, in train() mode: each moves the running "
                            "mean and variance by momentum m = 0.1 towards its statistics.")
    shift = c[2].slider("shift of the last batch", -5.0, 5.0, 2.0, 0.5,
                        help="Data were N(3, 2²); the batch looked at is shifted by this.")
    seed = c[3].number_input("seed", value=0, min_value=0, max_value=SEED_MAX, step=1)
    try:
        fig, r = bn_view(batch_size, warm, shift, int(seed))
    except ValueError as err:
        st.error(f"{err}.")
    else:
        st.plotly_chart(fig)
        c = st.columns(4)
        c[0].metric("batch mean μ_B", f"{r.batch_mean:.3f}")
        c[1].metric("running mean μ̂", f"{r.running_mean:.3f}")
        c[2].metric("batch variance σ²_B", f"{r.batch_var:.3f}")
        c[3].metric("running variance σ̂²", f"{r.running_var:.3f}")
        st.caption(f"train() output mean {r.train_out.mean():+.3f} (always 0: the batch "
                   f"normalises itself); eval() output mean {r.eval_out.mean():+.3f} (the "
                   "shift survives, as a test-time input should). With 0 batches seen the "
                   "running statistics are still PyTorch's initial mean 0, variance 1.")

with tab_drop:
    st.latex(r"\text{train(): } y_i = \frac{m_i\,x_i}{1-p},\ m_i \sim \mathrm{Bernoulli}(1-p)"
             r"\qquad \text{eval(): } y_i = x_i")
    c = st.columns(2)
    p = c[0].slider("dropout probability p", 0.0, 0.95, 0.5, 0.05)
    d_seed = c[1].number_input("seed", value=0, min_value=0, max_value=SEED_MAX, step=1,
                                key="dropout.seed")
    fig, r = dropout_view(p, int(d_seed))
    st.plotly_chart(fig)
    c = st.columns(3)
    c[0].metric("kept units (of 1000)", f"{r.kept_fraction:.1%}", f"expected {1 - p:.0%} (1 − p)",
                delta_color="off", delta_arrow="off")
    c[1].metric("value of a kept unit", "none kept" if r.scale is None else f"{r.scale:.4f}",
                f"1/(1−p) = {r.expected_scale:.4f}",
                delta_color="off", delta_arrow="off")
    c[2].metric("mean output in train()", f"{r.train_out.mean():.3f}", "input mean 1.000",
                delta_color="off", delta_arrow="off")
    st.caption("Scaling the kept units during training ('inverted dropout', what nn.Dropout "
               "does) keeps the expected activation equal, so eval() needs no rescaling.")
    st.subheader("Note 001's rule and PyTorch's")
    st.markdown("Note 001 (model.train / model.eval): *训练时随机失活, 推理时全部开启, 同时最终"
                "输出要乘以失活比例, 否则会导致最后的结果翻倍*: drop units while training, keep "
                "them all at inference and multiply the output by the **drop ratio** p, "
                "\"otherwise the result doubles\". Without rescaling, training sees on average "
                "(1 − p)·x, so it is the **keep ratio** 1 − p that restores that scale; the two "
                "agree only at p = 0.5, where the unscaled output is indeed double. PyTorch "
                "moves the rescaling into training instead (× 1/(1 − p)) and leaves eval() "
                "alone.")
    fig_rules, rows = rules_view(p, int(d_seed))
    st.plotly_chart(fig_rules)
    st.dataframe(pd.DataFrame(rows), hide_index=True, column_config={
        "rule": st.column_config.TextColumn(width="large"),
        **{c: st.column_config.NumberColumn(format="%.3f")
           for c in ("train() mean", "inference", "inference / train")}})
    st.caption(f"At p = {p:.2f}, measured on 100,000 units (seed {int(d_seed)}): "
               "inference / train = 1 means inference sees the scale training saw.")

with tab_noise:
    st.markdown("In train() BatchNorm uses each batch's own mean and variance. With a small "
                "batch these estimates wobble from batch to batch, so the *same* sample gets a "
                "different output depending on its batch-mates: noise that hurts with batches "
                "of 2–8 (why GroupNorm/LayerNorm exist). 300 random batches per size; "
                "data N(0, 2²), the fixed sample is x₀ = 1.")
    n_seed = st.columns(4)[0].number_input("seed", value=0, min_value=0, max_value=SEED_MAX,
                                            step=1, key="noise.seed")
    fig, r = noise_view(int(n_seed))
    st.plotly_chart(fig)
    st.caption(f"Batch of 2: one sample's BN output varies with std {r.output_spread[0]:.2f}; "
               f"batch of 256: {r.output_spread[-1]:.3f}.")
