"""One error type for bad arguments, and the checks every public function shares.

``InputError`` is a ``ValueError`` (so ``except ValueError`` keeps working) that carries a
short stable ``code`` and its ``params`` beside the English message, so a page can show the
same refusal in another language without touching ``explorer/``::

    try:
        ap = all_point_ap(precision, recall)
    except InputError as err:
        err.code, err.params     # "not_finite", {"name": "recall"}
        str(err)                 # "recall holds NaN or inf; ..."

Codes used across the package:

    not_finite     an argument holds NaN or ±inf              params: name
    empty          an array has no element                    params: name
    shape          wrong number of dimensions / sizes         params: name, expected, got
    out_of_range   a number outside its allowed interval      params: name, value, low, high
    not_integer    a whole number was expected                params: name, value
    choice         a name outside the allowed set             params: name, value, options
    budget         an input would allocate more than allowed  params: what, needed, limit
    unknown_key    a misspelt keyword / parameter name        params: name, options
    single_class   labels hold one class where two are needed params: name, value
    not_sorted     values must be in non-decreasing order     params: name
    degenerate     a shape with no extent (flat box, collinear points)  params: name
    file           an uploaded file cannot be used            params: name, reason
    other          anything else; the message says what       params: (free)
"""
from __future__ import annotations

import math
import numbers

import numpy as np


class InputError(ValueError):
    """A bad argument: ``code`` (short, stable), ``params`` (what a translation needs) and
    the English message (what is wrong and what to do)."""

    def __init__(self, code: str, message: str, **params) -> None:
        super().__init__(message)
        self.code = code
        self.params = params


def check_finite(name: str, values) -> np.ndarray:
    """``values`` as an array; InputError("not_finite") when any element is NaN or ±inf."""
    array = np.asarray(values)
    if array.dtype.kind in "fc" and not np.isfinite(array).all():
        raise InputError("not_finite", f"{name} holds NaN or inf values; give finite numbers",
                         name=name)
    if array.dtype.kind not in "biufc":   # objects, strings, dates
        raise InputError("other", f"{name} must be numbers, got {array.dtype}", name=name)
    return array


def check_array(name: str, values, ndim: int | None = None, min_size: int = 1,
                shape: tuple | None = None) -> np.ndarray:
    """Finite, non-empty, numeric array of ``ndim`` dimensions (and ``shape``, where an entry
    of None matches any size)."""
    try:
        array = np.asarray(values, dtype=float) if not isinstance(values, np.ndarray) else values
    except (TypeError, ValueError):
        raise InputError("other", f"{name} must be an array of numbers", name=name) from None
    if ndim is not None and array.ndim != ndim:
        raise InputError("shape", f"{name} must have {ndim} dimension(s), got shape "
                         f"{tuple(array.shape)}", name=name, expected=ndim, got=array.shape)
    if shape is not None and (array.ndim != len(shape) or any(
            want is not None and want != got for want, got in zip(shape, array.shape))):
        raise InputError("shape", f"{name} must have shape {shape}, got {tuple(array.shape)}",
                         name=name, expected=shape, got=array.shape)
    if array.size < min_size:
        raise InputError("empty", f"{name} is empty; give at least {min_size} value(s)",
                         name=name)
    return check_finite(name, array)


def check_number(name: str, value, low: float = -math.inf, high: float = math.inf,
                 low_open: bool = False, high_open: bool = False) -> float:
    """A finite real number in [low, high] (an open end excludes it); returns it as float."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise InputError("other", f"{name} must be a number, got {value!r}", name=name)
    value = float(value)
    if not math.isfinite(value):
        raise InputError("not_finite", f"{name} must be a finite number, got {value}",
                         name=name)
    too_low = value <= low if low_open else value < low
    too_high = value >= high if high_open else value > high
    if too_low or too_high:
        interval = f"{'(' if low_open else '['}{low:g}, {high:g}{')' if high_open else ']'}"
        raise InputError("out_of_range", f"{name}={value:g} is outside {interval}",
                         name=name, value=value, low=low, high=high)
    return value


def check_int(name: str, value, low: int | None = None, high: int | None = None) -> int:
    """A whole number in [low, high]; 3.0 is accepted as 3, 3.5 is refused."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or (
            isinstance(value, float) and not value.is_integer()):
        raise InputError("not_integer", f"{name} must be a whole number, got {value!r}",
                         name=name, value=value)
    value = int(value)
    if (low is not None and value < low) or (high is not None and value > high):
        bounds = f"[{'-inf' if low is None else low}, {'inf' if high is None else high}]"
        raise InputError("out_of_range", f"{name}={value} is outside {bounds}",
                         name=name, value=value, low=low, high=high)
    return value


def check_choice(name: str, value, options) -> str:
    """``value`` must be one of ``options``."""
    if value not in options:
        raise InputError("choice", f"unknown {name} {value!r}; expected one of "
                         f"{', '.join(map(str, options))}", name=name, value=value,
                         options=tuple(options))
    return value


SEED_MAX = 2**32 - 1   # numpy's and torch's generators take seeds in [0, 2**32)


def check_seed(value, name: str = "seed") -> int:
    return check_int(name, value, 0, SEED_MAX)
