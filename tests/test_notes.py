"""The notes' claims catalogue (explorer.notes) as a whole, and notes 0, 2 and 4 claim by claim.

Notes 1 and 3 have their per-claim tests in tests/test_claims_001_003.py.
"""
from pathlib import Path

import pytest

from explorer.claims import note000 as n0, note002 as n2, note004 as n4
from explorer.notes import CLAIMS, NOTES, Verdict, by_id, claims_for
from ui.catalogue import PAGES

SEEDS_DIR = Path(__file__).resolve().parents[2] / "shared" / "seeds"
NOT_DEMOS = ("app_pages/home.py", "app_pages/notes.py")   # pages that demonstrate no claim


def note_text(seed: str) -> str:
    (path,) = SEEDS_DIR.glob(f"{seed}_*.txt")
    return path.read_text(encoding="utf-8")


# --- the catalogue ---
@pytest.mark.skipif(not SEEDS_DIR.is_dir(), reason="the study notes (../shared/seeds) are absent")
@pytest.mark.parametrize("claim", CLAIMS, ids=lambda c: c.id)
def test_anchor_occurs_verbatim_in_its_note(claim):
    assert len(claim.anchor_zh) < 20
    assert claim.anchor_zh in note_text(claim.seed)


def test_ids_unique_and_fields_filled():
    ids = [c.id for c in CLAIMS]
    assert len(ids) == len(set(ids))
    pages = {p.path for p in PAGES}
    for c in CLAIMS:
        assert c.seed in NOTES and c.page in pages and c.page not in NOT_DEMOS, c.id
        assert c.claim_en.strip() and c.claim_zh.strip(), c.id
        for key, value in c.link.items():     # a value, or a list for a repeated parameter
            values = value if isinstance(value, list) else [value]
            assert isinstance(key, str) and all(isinstance(v, str) for v in values), c.id
        assert by_id(c.id) is c


# issue 19's targets: 60 claims, 5 per note, 2 on every page but Home (and this map)
def test_at_least_60_claims():
    assert len(CLAIMS) >= 60


@pytest.mark.parametrize("seed", list(NOTES))
def test_at_least_5_claims_per_note(seed):
    assert sum(c.seed == seed for c in CLAIMS) >= 5


@pytest.mark.parametrize("page", [p.path for p in PAGES if p.path not in NOT_DEMOS])
def test_at_least_2_claims_per_page(page):
    assert len(claims_for(page)) >= 2


@pytest.mark.parametrize("claim", CLAIMS, ids=lambda c: c.id)
def test_every_check_runs_at_defaults(claim):
    verdict = claim.check()
    assert isinstance(verdict, Verdict)
    assert verdict.holds is None or type(verdict.holds) is bool
    assert verdict.figure and verdict.why_en and verdict.why_zh
    assert isinstance(claim.check(unknown_setting=1), Verdict)   # unknown settings ignored


# --- note 0 ---
def test_pipeline_default_run_standardised_and_scored():
    v = n0.pipeline()
    assert v.holds and "std 1.000" in v.figure
    assert n0.pipeline(data="moons").holds                     # a toy set: standardised too
    assert n0.pipeline(data="no-such-set").holds is None


def test_feature_map_channels_follow_the_input():
    assert n0.feature_map(channels=1).figure.startswith("1 input map(s) → 6 feature maps")
    v = n0.feature_map(channels=3)
    assert v.holds and "kernels 3×5×5" in v.figure


def test_iterations_per_epoch_exact_only_when_the_batch_divides():
    assert n0.iterations(b=[20, 50], epochs=5).holds            # 200 / 20 = 10 per epoch
    v = n0.iterations(b=[30], epochs=2)                          # ceil(200 / 30) = 7, not 6.67
    assert v.holds is False and v.figure.startswith("B = 30: 14 updates")


def test_kernel_channels_the_notes_example_and_another():
    v = n0.kernel_channels()
    assert v.holds and "32×3×5×5" in v.figure and "2,432 parameters" in v.figure
    assert n0.kernel_channels(cin=192, cout=16, sk=1).holds
    assert n0.kernel_channels(cin=0).holds is None


@pytest.mark.parametrize("between, linear", [("none", True), ("avgpool", True),
                                             ("ReLU", False), ("maxpool", False)])
def test_stacked_convs_linear_unless_a_nonlinearity_sits_between(between, linear):
    # the note lists pooling as the non-linearity; average pooling is linear
    assert n0.stacked_convs(between).holds is linear


def test_conv_is_a_sparse_shared_matrix():
    v = n0.conv_as_matrix()
    assert v.holds and v.figure == "36×36 matrix: 80% zeros, 9 distinct weights"
    assert n0.conv_as_matrix(wsize=12, wstride=2).holds
    assert n0.conv_as_matrix(wsize=1, wpad=0).holds is None


@pytest.mark.parametrize("model, holds", [("tree", False), ("rbf_svm", False),
                                          ("linear_svm", True), ("logistic", True)])
def test_only_linear_models_fail_xor(model, holds):
    assert n0.decision_tree_svm(model).holds is holds


def test_warmup_starts_small_and_none_without_it():
    v = n0.warmup(warmup=30, steps=300, lr=0.1)
    assert v.holds and v.figure.startswith("η: 0.0001 at step 0 → 0.1")
    assert n0.warmup(warmup=0).holds is None


def test_validation_picks_the_kept_epoch():
    v = n0.validation_selects()
    assert v.holds and v.figure.startswith("kept epoch")


def test_end_to_end_prediction_and_a_bad_index():
    v = n0.end_to_end(index=0)
    assert v.holds and "→" in v.figure
    assert n0.end_to_end(index=10 ** 6).holds is None


# --- note 2 ---
def test_tanh_is_not_2_sigmoid_minus_1():
    v = n2.tanh_identity()
    assert v.holds is False and v.figure.startswith("max |tanh − (2σ − 1)| = 0.3")
    assert n2.tanh_identity(x_min=-1e-6, x_max=1e-6).holds    # equal only near x = 0


def test_binary_cross_entropy_is_focal_at_gamma_0():
    assert n2.binary_cross_entropy(gamma=0.0, alpha=-1.0).holds
    assert n2.binary_cross_entropy(gamma=2.0, alpha=0.25).holds is False


def test_softmax_cross_entropy_with_and_without_smoothing():
    assert n2.softmax_cross_entropy(eps=0.0).holds
    assert n2.softmax_cross_entropy(eps=0.1).holds is False


def test_mse_is_the_gaussian_likelihood_not_the_laplace_one():
    assert n2.mse_gaussian("gaussian").holds
    assert n2.mse_gaussian("laplace").holds is False


def test_split_ratio_of_digits():
    v = n2.split_ratio()
    assert v.holds and v.figure == "1,257 / 360 / 180 = 70% / 20% / 10%"


def test_early_stopping_val_loss_turns_up():
    v = n2.early_stopping()
    assert v.holds and "at epoch 8" in v.figure
    assert n2.early_stopping(n=20, epochs=30).holds              # fewer images: same turn


def test_lr_decay_two_or_three_drops():
    assert n2.lr_decay().figure.startswith("3 drops of ×0.1")
    assert n2.lr_decay().holds
    assert n2.lr_decay(step_frac=0.1).holds is False            # nine drops


def test_minibatch_gradients_average_to_the_full_one():
    assert n2.minibatch_estimate(b=[1, 20, 200]).holds
    assert n2.minibatch_estimate(b=[30]).holds is False          # last batch smaller: biased mean
    assert n2.minibatch_estimate(b=[0]).holds is None


def test_weight_decay_ends_nearer_the_origin():
    assert n2.weight_decay().holds
    assert n2.weight_decay(surface="saddle").holds


def test_nchw_layout():
    assert n2.nchw("NCHW").holds
    assert n2.nchw("NHWC").holds is False


# --- note 4 ---
def test_inception_sum_is_12_443_648():
    v = n4.inception_sum()
    assert v.holds is False and v.figure.endswith("= 12,443,648")
    assert n4.inception_sum(cmid=32).holds is None


def test_inception_cost_falls_to_a_tenth_only_with_a_narrow_middle():
    assert n4.inception_tenth().holds
    assert n4.inception_tenth(cmid=64).holds is False


def test_inception_88_channels():
    assert n4.inception_channels().figure == "88×28×28"
    assert n4.inception_channels(cin=3, hw=7).holds


def test_epoch_formula_only_when_the_batch_divides():
    assert n4.epoch_formula(batch=32).holds is False              # 32 × 40 = 1,280 ≠ 1,257
    assert n4.epoch_formula(batch=3).holds                        # 1,257 = 3 × 419
    assert n4.epoch_formula(batch=0).holds is None


def test_zero_grad_or_accumulate():
    assert n4.template_zero_grad(zero_grad=True).holds
    v = n4.template_zero_grad(zero_grad=False)
    assert v.holds is False and "×2.000" in v.figure


def test_to_tensor_scales_only_8_bit_images():
    assert n4.to_tensor("uint8").holds
    assert n4.to_tensor("float32").holds is False


def test_hessian_rule_at_a_saddle_a_minimum_and_a_non_critical_point():
    assert n4.hessian_rule(hs="saddle", hx=0.0, hy=0.0).figure.endswith("saddle point")
    assert n4.hessian_rule(hs="Himmelblau", hx=3.0, hy=2.0).holds
    assert n4.hessian_rule(hs="Himmelblau", hx=0.0, hy=0.0).holds is None


def test_max_minima_is_a_maximum():
    assert n4.max_minima().holds
    assert n4.max_minima(hs="saddle", hx=0.0, hy=0.0).holds is None


def test_saddle_escaped_unless_started_on_its_ridge():
    assert n4.saddle_escape(y0=0.01).holds
    assert n4.saddle_escape(y0=0.0).holds is False
    assert n4.saddle_escape(surface="Rosenbrock").holds is None


def test_sgd_is_slower_only_at_a_large_rate():
    assert n4.sgd_slower(lr=0.05, epochs=5).holds is False
    assert n4.sgd_slower(lr=0.3, epochs=5).holds


def test_residual_gradient_survives_depth():
    for depth in (1, 30, 100):
        assert n4.residual(depth=depth).holds
    assert n4.residual(depth=0).holds is None


def test_mnist_sizes_when_mnist_is_on_this_machine():
    from explorer.data import unavailable_reason
    assert n4.mnist_sizes(data="digits").holds is None
    assert n4.mnist_sizes().holds is (None if unavailable_reason("mnist") else True)
