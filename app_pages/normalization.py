"""BatchNorm and dropout: train() vs eval(), and small-batch noise."""
import numpy as np
import pandas as pd
import streamlit as st

from explorer import normalization as nz
from explorer.errors import SEED_MAX
from explorer.figures import normalization as figs
from ui import i18n, links, notes_panel, numbers
from ui.i18n import _, note_name

st.title(_("BatchNorm and dropout: train() vs eval()"))
st.caption(_("Both layers behave differently while training and at test time ({note}): "
             "forgetting `model.eval()` before predicting is a classic bug.",
             note=note_name("001")))
# The dropout-rule table's columns and rules (explorer.normalization.DropoutRules.rows)
COLUMNS = {"rule": _("rule"), "train() mean": _("train() mean"), "inference": _("inference"),
           "inference / train": _("inference / train")}
RULES = {
    "inverted dropout (nn.Dropout): × 1/(1−p) in train(), nothing at inference":
        _("inverted dropout (nn.Dropout): × 1/(1−p) in train(), nothing at inference"),
    "mask only, no rescaling at inference": _("mask only, no rescaling at inference"),
    "mask only, inference × drop ratio p (Note 1)":
        _("mask only, inference × drop ratio p (Note 1)"),
    "mask only, inference × keep ratio 1 − p (Srivastava et al.)":
        _("mask only, inference × keep ratio 1 − p (Srivastava et al.)")}


@st.cache_resource(max_entries=64, show_spinner=False)
def bn_view(batch_size, warm, shift, seed):
    r = nz.batchnorm_modes(batch_size, warm, shift=shift, seed=seed)
    return figs.batchnorm_modes(r), r


@st.cache_resource(max_entries=64, show_spinner=False)
def dropout_view(p, seed, kept_text):
    r = nz.dropout_modes(p, seed=seed)
    return figs.dropout_modes(r, kept_text=kept_text), r


@st.cache_resource(max_entries=64, show_spinner=False)
def rules_view(p, seed):
    curve = nz.dropout_rules(np.linspace(0, 0.95, 20), seed=seed)
    return figs.dropout_rules(curve), nz.dropout_rules([p], seed=seed).rows()


@st.cache_resource(max_entries=16, show_spinner=False)
def noise_view(seed):
    r = nz.batch_noise([2, 4, 8, 16, 32, 64, 128, 256], seed=seed)
    return figs.batch_noise(r), r


tab_bn, tab_drop, tab_noise = links.tabs(
    [_("BatchNorm modes"), _("Dropout scaling"), _("Small batches are noisy")],
    ["bn", "dropout", "noise"], key="tab")

with tab_bn:
    st.latex(r"\text{train(): } y = \frac{x - \mu_B}{\sqrt{\sigma_B^2 + \epsilon}}"
             r"\qquad \text{eval(): } y = \frac{x - \hat\mu}{\sqrt{\hat\sigma^2 + \epsilon}}"
             r"\qquad \hat\mu \leftarrow (1-m)\hat\mu + m\,\mu_B")
    c = st.columns(4)
    with c[0]:
        batch_size = links.slider(_("batch size"), 2, 128, 16, key="batch")
    with c[1]:
        warm = links.slider(_("warm-up batches"), 0, 200, 50, key="warm", help=_(
            "Batches seen before, in train() mode: each moves the running mean and variance "
            "by momentum m = 0.1 towards its statistics."))
    with c[2]:
        shift = links.slider(_("shift of the last batch"), -5.0, 5.0, 2.0, 0.5, key="shift",
                             help=_("Data were N(3, 2²); the batch looked at is shifted by "
                                    "this."))
    with c[3]:
        seed = links.number_input(_("random seed"), 0, SEED_MAX, 0, 1, key="seed")
    try:
        fig, r = bn_view(batch_size, warm, shift, int(seed))
    except ValueError as err:
        st.error(i18n.error_sentence(err))
    else:
        st.plotly_chart(i18n.figure(fig))
        c = st.columns(4)
        c[0].metric(_("batch mean $\\mu_B$"), numbers.fixed(r.batch_mean))
        c[1].metric(_("running mean μ̂"), numbers.fixed(r.running_mean))
        c[2].metric(_("batch variance $\\sigma^2_B$"), numbers.fixed(r.batch_var))
        c[3].metric(_("running variance σ̂²"), numbers.fixed(r.running_var))
        st.caption(_("train() output mean {train} (always 0: the batch normalises itself); "
                     "eval() output mean {eval} (the shift survives, as a test-time input "
                     "should). With 0 batches seen the running statistics are still "
                     "PyTorch's initial mean 0, variance 1.",
                     train=numbers.fixed(r.train_out.mean(), sign=True),
                     eval=numbers.fixed(r.eval_out.mean(), sign=True)))

with tab_drop:
    st.latex(r"\text{train(): } y_i = \frac{m_i\,x_i}{1-p},\ m_i \sim \mathrm{Bernoulli}(1-p)"
             r"\qquad \text{eval(): } y_i = x_i")
    c = st.columns(2)
    with c[0]:
        p = links.slider(_("dropout probability p"), 0.0, 0.95, 0.5, 0.05, key="p")
    with c[1]:
        d_seed = links.number_input(_("random seed"), 0, SEED_MAX, 0, 1, key="dseed")
    fig, r = dropout_view(p, int(d_seed), _("kept units: 1/(1−p) = {scale}"))
    st.plotly_chart(i18n.figure(fig))
    c = st.columns(3)
    c[0].metric(_("kept units (of 1000)"), f"{r.kept_fraction:.1%}",
                _("expected {share} (1 − p)", share=f"{1 - p:.0%}"),
                delta_color="off", delta_arrow="off")
    c[1].metric(_("value of a kept unit"),
                _("none kept") if r.scale is None else f"{r.scale:.4f}",
                f"1/(1−p) = {r.expected_scale:.4f}", delta_color="off", delta_arrow="off")
    c[2].metric(_("mean output in train()"), numbers.fixed(r.train_out.mean()),
                _("input mean 1.000"), delta_color="off", delta_arrow="off")
    st.caption(_("Scaling the kept units during training ('inverted dropout', what nn.Dropout "
                 "does) keeps the expected activation equal, so eval() needs no rescaling."))
    st.subheader(_("{note}: its rule and PyTorch's", note=note_name("001")))
    st.markdown(_("The note (model.train / model.eval): *训练时随机失活, 推理时全部开启, 同时最终"
                  "输出要乘以失活比例, 否则会导致最后的结果翻倍*: drop units while training, "
                  "keep them all at inference and multiply the output by the **drop ratio** p, "
                  "\"otherwise the result doubles\". Without rescaling, training sees on "
                  "average (1 − p)·x, so it is the **keep ratio** 1 − p that restores that "
                  "scale; the two agree only at p = 0.5, where the unscaled output is indeed "
                  "double. PyTorch moves the rescaling into training instead (× 1/(1 − p)) and "
                  "leaves eval() alone."))
    fig_rules, rows = rules_view(p, int(d_seed))
    st.plotly_chart(i18n.figure(fig_rules))
    table = pd.DataFrame(rows).replace({"rule": RULES}).rename(columns=COLUMNS)
    st.dataframe(table, hide_index=True, column_config={
        COLUMNS["rule"]: st.column_config.TextColumn(width="large"),
        **{COLUMNS[c]: st.column_config.NumberColumn(format="%.3f")
           for c in ("train() mean", "inference", "inference / train")}})
    st.caption(_("At p = {p}, measured on 100,000 units (random seed {seed}): inference / "
                 "train = 1 means inference sees the scale training saw.", p=f"{p:.2f}",
                 seed=int(d_seed)))

with tab_noise:
    st.markdown(_("In train() BatchNorm uses each batch's own mean and variance. With a small "
                  "batch these estimates wobble from batch to batch, so the *same* sample gets "
                  "a different output depending on its batch-mates: noise that hurts with "
                  "batches of 2–8 (why GroupNorm/LayerNorm exist). 300 random batches per "
                  "size; data N(0, 2²), the fixed sample is x₀ = 1."))
    with st.columns(4)[0]:
        n_seed = links.number_input(_("random seed"), 0, SEED_MAX, 0, 1, key="nseed")
    fig, r = noise_view(int(n_seed))
    st.plotly_chart(i18n.figure(fig))
    st.caption(_("Batch of 2: one sample's BN output varies with std {small}; batch of 256: "
                 "{large}.", small=f"{r.output_spread[0]:.2f}",
                 large=f"{r.output_spread[-1]:.3f}"))

notes_panel.show("app_pages/normalization.py", batch=batch_size, warm=warm, shift=shift,
                 seed=seed, p=p, dseed=d_seed, nseed=n_seed)
