"""The imbalanced toy: CE and balanced CE fits equal sklearn's logistic regression."""
import numpy as np
import pytest
from sklearn.linear_model import LogisticRegression

from explorer import imbalance
from explorer.errors import InputError


@pytest.fixture(scope="module")
def data():
    return imbalance.toy_data(n_negative=1000, ratio=25, seed=2)


def test_toy_data_has_the_asked_imbalance(data):
    assert data.x.shape == (1040, 2) and data.y.sum() == 40
    assert imbalance.balanced_alpha(data.y) == pytest.approx(1000 / 1040)


@pytest.mark.parametrize("balanced", [False, True])
def test_ce_and_balanced_ce_equal_sklearn_logistic_regression(data, balanced):
    alpha = imbalance.balanced_alpha(data.y)
    ours = imbalance.fit_logistic(data, "x", alpha=alpha if balanced else -1, gamma=0)
    weights = {1: alpha, 0: 1 - alpha} if balanced else None
    reference = LogisticRegression(C=np.inf, class_weight=weights, tol=1e-10,
                                   max_iter=10_000).fit(data.x, data.y)
    assert ours.weights == pytest.approx(reference.coef_[0], rel=1e-3)
    assert ours.bias == pytest.approx(reference.intercept_[0], rel=1e-3)


def test_balancing_raises_minority_recall_and_focal_moves_the_boundary(data):
    plain, balanced, focal = imbalance.compare_losses(data, gamma=2, alpha=0.25)
    assert balanced.recall > plain.recall
    assert balanced.precision < plain.precision
    assert not np.allclose(focal.weights, plain.weights, rtol=0.1)


def test_impossible_ratio_is_refused():
    with pytest.raises(ValueError, match="positives"):
        imbalance.toy_data(n_negative=100, ratio=80)


def test_bad_data_and_settings_are_refused_with_a_code():
    with pytest.raises(InputError) as err:
        imbalance.ToyData(np.array([[0.0, np.nan], [1.0, 1.0]]), np.array([0, 1]))
    assert err.value.code == "not_finite"
    with pytest.raises(InputError) as err:
        imbalance.balanced_alpha(np.zeros(4))
    assert err.value.code == "single_class"
    with pytest.raises(InputError) as err:
        imbalance.toy_data(seed=2**32)
    assert err.value.code == "out_of_range"
    data = imbalance.toy_data(n_negative=100, ratio=10)
    with pytest.raises(InputError) as err:
        imbalance.fit_logistic(data, "x", alpha=float("nan"), gamma=2)
    assert err.value.code == "not_finite" and err.value.params["name"] == "alpha"
