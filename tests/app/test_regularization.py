"""AppTest: Regularisation & early stopping page."""
import pytest

from explorer import regularization as rg
from tests.app.apptest import open_page


@pytest.fixture
def at(tmp_path, monkeypatch):
    monkeypatch.setenv("EXPLORER_RUNS", str(tmp_path))
    return open_page("regularization", timeout=180).run()


def test_default_l1_sparser_than_l2_and_patience_moves_the_stop(at):
    assert not at.exception and not at.error
    table = at.dataframe[0].value.set_index("penalty")
    sparse = table[f"|w| < {rg.NEAR_ZERO:g}"]
    assert sparse["L1"] > 5 * sparse["L2"]
    records = rg.overfit_run(50, 60, 0)
    best, stop = rg.early_stopping_epoch([r["val_loss"] for r in records], 5)
    assert at.metric[0].value == str(stop)
    next(s for s in at.slider if s.label == "patience P").set_value(15).run()
    assert not at.exception
    best15, stop15 = rg.early_stopping_epoch([r["val_loss"] for r in records], 15)
    assert at.metric[0].value == str(stop15) and stop15 >= stop
    assert at.metric[0].delta == f"best epoch {best15}"


def test_a_run_that_patience_never_ended_says_so(at):
    """10 epochs, patience 5, best epoch 8: training ran every epoch (was 'early stop at
    epoch 10')."""
    records = rg.overfit_run(50, 10, 0)
    best, stop = rg.early_stopping_epoch([r["val_loss"] for r in records], 5)
    assert stop is None
    next(s for s in at.slider if s.label == "epochs").set_value(10).run()
    assert not at.exception
    assert at.metric[0].value == "none (ran all 10)"
    assert at.metric[0].delta == f"best epoch {best}"


def test_a_link_opens_the_same_view_and_a_bad_value_falls_back_with_a_notice(tmp_path,
                                                                             monkeypatch):
    monkeypatch.setenv("EXPLORER_RUNS", str(tmp_path))
    at = open_page("regularization", timeout=180)
    at.query_params.update({"tab": "early", "lam": "0.01", "n": "20", "epochs": "30",
                            "patience": "99"})
    at.run(timeout=180)
    assert not at.exception and not at.error
    assert next(s for s in at.select_slider if s.label == "penalty strength λ").value == 0.01
    assert next(s for s in at.select_slider if s.label == "training images").value == 20
    assert next(s for s in at.slider if s.label == "epochs").value == 30
    assert next(s for s in at.slider if s.label == "patience P").value == 5   # the default
    assert any("patience=99" in t.value for t in at.toast)
    assert at.dataframe[0].value.set_index("penalty").loc["L1", "λ"] == 0.01


def test_chinese_cites_the_note_and_names_the_penalties(tmp_path, monkeypatch):
    monkeypatch.setenv("EXPLORER_RUNS", str(tmp_path))
    at = open_page("regularization", timeout=180)
    at.query_params["lang"] = "zh"
    at.session_state["lang"] = "zh"
    at.run(timeout=180)
    assert not at.exception
    assert "笔记2" in at.caption[0].value
    assert list(at.dataframe[0].value["惩罚项"]) == ["无", "L1", "L2"]
