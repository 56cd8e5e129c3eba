"""AppTest: LR schedules page."""
import math

from tests.app.apptest import open_page


def _table(at):
    return at.dataframe[0].value


def test_default_shows_the_torch_curves_and_a_change_updates_them():
    at = open_page("schedules").run()
    assert not at.exception and not at.error
    table = _table(at)
    assert {"step", "cosine", "cosine restarts", "onecycle"} <= set(table.index)
    # warmup of 30 steps: every schedule but OneCycle is at η₀ = 0.1 at step 30
    assert math.isclose(table.loc["cosine", "η at step 30"], 0.1)
    next(w for w in at.number_input if w.label.startswith("warmup")).set_value(0).run()
    assert not at.exception
    table = _table(at)
    assert math.isclose(table.loc["cosine", "η at step 0"], 0.1)
    # cosine at T/2 is η₀/2
    assert math.isclose(table.loc["cosine", "η at step 150"], 0.05, rel_tol=1e-9)


def test_warmup_longer_than_training_is_explained():
    at = open_page("schedules").run()
    next(w for w in at.number_input if w.label.startswith("warmup")).set_value(400).run()
    assert not at.exception
    assert "shorter than training" in at.error[0].value


def test_no_schedule_gives_a_warning():
    at = open_page("schedules").run()
    at.multiselect[0].set_value([]).run()
    assert not at.exception and "at least one schedule" in at.warning[0].value
