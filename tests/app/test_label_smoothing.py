"""Label smoothing page under AppTest: default run, a change, bad input, the comparison."""
import pytest

from tests.app.apptest import open_page


@pytest.fixture
def at():
    return open_page("label_smoothing").run()


def _values(at, first_quantity):
    """The shown quantity/value table whose first row starts with ``first_quantity``."""
    table = next(d.value for d in at.dataframe
                 if "quantity" in d.value.columns
                 and d.value["quantity"].iloc[0].startswith(first_quantity))
    return table["value"].tolist()


def test_default_shows_targets_torch_check_and_the_optimal_gap(at):
    assert not at.exception and not at.error
    q_true, q_other, ours, torch_value = _values(at, "q_y")
    assert (q_true, q_other) == (pytest.approx(0.91), pytest.approx(0.01))
    assert ours == pytest.approx(torch_value, rel=1e-12)
    numeric, closed, seed, spread, loss, floor = _values(at, "numeric optimum")
    assert numeric == pytest.approx(closed, abs=1e-4) and closed == pytest.approx(4.5109, abs=1e-4)
    assert seed < closed and spread < 1e-4 and loss == pytest.approx(floor, abs=1e-7)


def test_changing_epsilon_and_n_updates_the_targets(at):
    next(n for n in at.number_input if n.label == "smoothing ε").set_value(0.5).run()
    next(n for n in at.number_input if n.label == "classes N").set_value(4).run()
    assert not at.exception
    q_true, q_other, *_ = _values(at, "q_y")
    assert (q_true, q_other) == (pytest.approx(0.625), pytest.approx(0.125))


@pytest.mark.parametrize("label, value, message", [
    ("smoothing ε", 1.0, "ε = 1 must lie in [0, 1)"),
    ("smoothing ε", -0.2, "ε = -0.2 must lie in [0, 1)"),
    ("classes N", 1, "N = 1 must be a whole number ≥ 2")])
def test_bad_epsilon_or_n_gives_a_clear_error(at, label, value, message):
    next(n for n in at.number_input if n.label == label).set_value(value).run()
    assert not at.exception
    assert message in at.error[0].value


def test_epsilon_zero_has_no_finite_optimum(at):
    next(n for n in at.number_input if n.label == "smoothing ε").set_value(0.0).run()
    assert not at.exception
    assert "no optimum" in at.info[0].value
