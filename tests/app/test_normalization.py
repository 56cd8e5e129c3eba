"""AppTest: BatchNorm & dropout modes page."""
import pytest

from explorer import normalization as nz
from tests.app.apptest import open_page


def test_default_and_a_change_show_the_torch_statistics():
    at = open_page("normalization").run()
    assert not at.exception and not at.error
    r = nz.batchnorm_modes(16, 50, shift=2.0, seed=0)
    assert at.metric[0].value == f"{r.batch_mean:.3f}"
    assert at.metric[1].value == f"{r.running_mean:.3f}"
    at.slider[0].set_value(64).run()                     # batch size
    r = nz.batchnorm_modes(64, 50, shift=2.0, seed=0)
    assert at.metric[0].value == f"{r.batch_mean:.3f}"


def test_dropout_metrics_follow_p():
    at = open_page("normalization").run()
    at.slider[3].set_value(0.8).run()
    assert not at.exception
    assert at.metric[5].value == f"{1 / 0.2:.4f}"
    assert float(at.metric[4].value.rstrip("%")) == pytest.approx(20, abs=3)


def test_dropout_tab_relates_note_001_to_inverted_dropout():
    at = open_page("normalization").run()
    at.slider[3].set_value(0.9).run()
    assert not at.exception and not at.error
    table = at.dataframe[0].value.set_index("rule")
    expected = nz.dropout_rules([0.9], seed=0).rows()
    for row in expected:
        assert table.loc[row["rule"], "inference / train"] == pytest.approx(
            row["inference / train"])
    note = table.loc["mask only, inference × drop ratio p (Note 1)", "inference / train"]
    assert note == pytest.approx(9, rel=0.02)       # p/(1 − p): right only at p = 0.5
    assert len(at.get("plotly_chart")) == 4           # BN modes, dropout units, rules, noise


def test_a_link_opens_the_same_view_and_a_bad_value_falls_back_with_a_notice():
    at = open_page("normalization")
    at.query_params.update({"tab": "dropout", "batch": "64", "shift": "-1.5", "p": "0.8",
                            "warm": "lots"})
    at.run()
    assert not at.exception and not at.error
    assert [s.value for s in at.slider] == [64, 50, -1.5, 0.8]   # warm: the default
    assert any("warm=lots" in t.value for t in at.toast)
    r = nz.batchnorm_modes(64, 50, shift=-1.5, seed=0)
    assert at.metric[0].value == f"{r.batch_mean:.3f}"
    assert at.metric[5].value == f"{1 / 0.2:.4f}"


def test_chinese_shows_the_rules_and_cites_the_note_by_name():
    at = open_page("normalization")
    at.query_params["lang"] = "zh"
    at.session_state["lang"] = "zh"
    at.run()
    assert not at.exception
    assert "笔记1" in at.caption[0].value
    assert "只做掩码，推理时 × 失活比例 p（笔记1）" in set(at.dataframe[0].value["规则"])


def test_a_mean_that_is_zero_up_to_rounding_reads_zero():
    """The audit, batch 2, no warm-up, shift −5: train()'s output mean (−1e-17 or so) read
    "-0.000" beside "(always 0 …)"; the metric labels write μ_B and σ²_B as maths."""
    at = open_page("normalization")
    at.query_params.update(batch="2", warm="0", shift="-5.0")
    at.run()
    assert not at.exception
    r = nz.batchnorm_modes(2, 0, shift=-5.0, seed=0)
    caption = next(c.value for c in at.caption if c.value.startswith("train() output mean"))
    assert caption.startswith("train() output mean +0.000 (always 0")
    assert f"eval() output mean {r.eval_out.mean():+.3f}" in caption
    assert [m.label for m in at.metric[:4:2]] == ["batch mean $\\mu_B$",
                                                   "batch variance $\\sigma^2_B$"]
