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
