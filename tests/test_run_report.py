"""explorer.run_report: confusion matrix and mistakes of a saved run, against the fit itself."""
import re

import numpy as np
import pytest
from sklearn.metrics import confusion_matrix

from explorer.run_report import evaluate_run
from explorer.train import TrainConfig, start_run


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    import os
    os.environ["EXPLORER_RUNS"] = str(tmp_path_factory.mktemp("runs"))
    try:
        result = start_run(TrainConfig(epochs=1, model="mlp"))
        yield result, evaluate_run(result.run_dir.name)
    finally:
        del os.environ["EXPLORER_RUNS"]


def test_report_agrees_with_the_fit(trained):
    result, report = trained
    assert report.accuracy == pytest.approx(result.test_accuracy)
    predicted = result.model(result.splits.x_test).argmax(1).numpy()
    np.testing.assert_array_equal(
        report.confusion, confusion_matrix(result.splits.y_test.numpy(), predicted))
    assert report.classes == [str(i) for i in range(10)]


def test_mistakes_are_wrong_most_confident_first_and_enlarged(trained):
    _, report = trained
    wrong = int(report.confusion.sum() - np.trace(report.confusion))
    assert len(report.mistakes) == min(wrong, 24) > 0
    assert all(m.truth != m.predicted for m in report.mistakes)
    confidences = [m.confidence for m in report.mistakes]
    assert confidences == sorted(confidences, reverse=True)
    assert report.mistakes[0].pixels.shape == (80, 80)  # 8x8 digits, factor 84 // 8 = 10
    assert report.mistakes[0].pixels.dtype == np.uint8


@pytest.mark.parametrize("file, contents, words", [
    ("checkpoint.pt", "folder", "cannot be loaded: checkpoint.pt: is a folder, not a file"),
    ("config.json", '{"model": "mlp"}', "cannot be loaded: config.json: dataset must be one of"),
    ("checkpoint.pt", "nan", "holds NaN or inf values in tensor"),
    ("summary.json", "[1]", None),            # the model still loads: the report is made
])
def test_a_damaged_run_is_refused_with_its_problem_or_still_reported(trained, file, contents,
                                                                      words):
    import shutil

    import torch

    from explorer import runs
    result, report = trained
    copy = result.run_dir.with_name(f"{result.run_dir.name}-{file}-{contents}")
    shutil.copytree(result.run_dir, copy)
    path = copy / file
    if contents == "folder":
        path.unlink()
        path.mkdir()
    elif contents == "nan":
        runs.save_checkpoint(copy, {k: torch.full_like(v, float("nan")) for k, v in
                                    result.model.state_dict().items()})
    else:
        path.write_text(contents)
    if words is None:
        assert evaluate_run(copy.name).accuracy == report.accuracy
    else:
        with pytest.raises(ValueError, match=re.escape(words)):
            evaluate_run(copy.name)
