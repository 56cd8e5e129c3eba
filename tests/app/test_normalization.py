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
