"""What every property test of the evaluation maths checks (metrics, detection, calibration,
losses, imbalance, smoothing comparison): for any input a public function returns a finite,
correct result or raises ``InputError`` with a listed code; never NaN, never another
exception, never a numpy floating-point warning (overflow, 0/0, division by zero).

``EXPLORER_HYPOTHESIS_SCALE=10`` multiplies every test's number of examples (a longer hunt).
"""
from __future__ import annotations

import os
import re
import warnings

import numpy as np
from hypothesis import settings, strategies as st
from hypothesis.extra import numpy as hnp

import explorer.errors
from explorer.errors import InputError

SCALE = float(os.environ.get("EXPLORER_HYPOTHESIS_SCALE", "1"))
CODES = set(re.findall(r"^    (\w+) {2,}", explorer.errors.__doc__, re.MULTILINE))
REFUSED = "refused"     # what ``outcome`` returns for an InputError (a Refusal)

# Any float64, or one of the values that break arithmetic.
ANY_FLOAT = st.one_of(st.floats(), st.sampled_from([np.nan, np.inf, -np.inf, 0.0, -0.0, 1e308,
                                                    -1e308, 5e-324, 1e-300, 1e300]))
SEED = st.one_of(st.integers(0, 2**32 - 1), st.sampled_from([-1, 2**32, 2**64, 1.5, np.nan]))


def examples(n: int) -> settings:
    """``n`` examples (times EXPLORER_HYPOTHESIS_SCALE), no deadline."""
    return settings(max_examples=max(1, round(n * SCALE)), deadline=None)


def arrays(elements=ANY_FLOAT, dims=(1, 1), max_side: int = 6):
    """float64 arrays of ``dims`` = (min, max) dimensions, sides 0..max_side."""
    return hnp.arrays(np.float64, hnp.array_shapes(min_dims=dims[0], max_dims=dims[1], min_side=0,
                                                   max_side=max_side), elements=elements)


class Refusal(str):
    """Equal to REFUSED; ``code`` is the InputError's."""
    code: str


def outcome(call, *args, **kwargs):
    """``call(*args, **kwargs)``, or a Refusal (== REFUSED) when it raised InputError (whose
    code must be listed in explorer.errors and whose message must say something)."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        with np.errstate(divide="raise", over="raise", invalid="raise"):
            try:
                return call(*args, **kwargs)
            except InputError as err:
                assert err.code in CODES, err.code
                assert str(err), "an InputError without a message"
                refusal = Refusal(REFUSED)
                refusal.code = err.code
                return refusal


def finite(*values) -> bool:
    """Every number in ``values`` (numbers, arrays, tensors, lists of them) is finite."""
    return all(np.isfinite(np.asarray(v, dtype=np.float64)).all() for v in values)


def mostly_valid(valid: dict, hostile: dict):
    """Keyword arguments: each drawn from its ``valid`` strategy, then, in half the examples,
    one of them redrawn from its ``hostile`` strategy. Independent hostile draws for every
    argument would make nearly every example invalid, and leave the results untested."""
    @st.composite
    def arguments(draw):
        args = {name: draw(strategy) for name, strategy in valid.items()}
        field = draw(st.sampled_from([None] * len(hostile) + list(hostile)))
        if field is not None:
            args[field] = draw(hostile[field])
        return args
    return arguments()
