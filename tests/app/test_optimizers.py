"""AppTest: Optimizers & saddle points page."""
import numpy as np

from explorer import optim_paths as op
from tests.app.apptest import open_page


def test_default_paths_change_of_surface_and_hessian():
    at = open_page("optimizers").run()
    assert not at.exception and not at.error
    table = at.dataframe[0].value
    assert list(table["optimizer"]) == ["SGD", "Momentum", "RMSprop", "Adam"]
    expected = op.run("ill-conditioned quadratic", "Adam", (-4.0, 1.5), 0.3, 150)
    adam = table.set_index("optimizer").loc["Adam"]
    assert np.isclose(adam["final x"], expected.points[-1, 0])
    # Hessian tab default: the saddle at the origin
    assert at.success[0].value == "Classification: **saddle point**"
    assert at.metric[2].value == "-2, 2"
    at.selectbox[0].set_value("Himmelblau").run()
    assert not at.exception
    table = at.dataframe[0].value.set_index("optimizer")
    shown = table.loc["Adam", ["final x", "final y"]].astype(float)
    np.testing.assert_allclose(shown, op.run("Himmelblau", "Adam", (0.0, -0.5), 0.1,
                                             150).points[-1])
    assert np.allclose(shown, (3.0, 2.0), atol=5e-3)   # the minimum it reached


def test_hessian_point_change_and_too_large_learning_rate():
    at = open_page("optimizers").run()
    at.number_input[4].set_value(3.0)
    at.number_input[5].set_value(2.0)
    at.selectbox[1].set_value("Himmelblau").run()
    assert at.success[0].value == "Classification: **local minimum**"
    at.number_input[2].set_value(0.5).run()          # SGD-family lr on the quadratic
    assert not at.exception
    assert "Diverged" in at.warning[0].value


def test_batch_size_tab_shows_one_row_per_size():
    at = open_page("optimizers").run()
    rows = at.dataframe[1].value
    assert list(rows["run"]) == ["full batch (200)", "batch 20", "batch 1"]
    assert list(rows["updates"]) == [5, 50, 1000]
