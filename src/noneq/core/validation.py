"""Validation of user inputs: one set of checks for every model, parameter table and public function.

Each check takes the parameter's ``name`` and the ``value`` given, returns the value in its canonical type
(``float``, ``int``, ``bool``, ``str`` or a float `numpy.ndarray`) and otherwise raises
`noneq.core.errors.NoneqInputError` with the standard message ``parameter 'name' = value: must be <allowed>``,
before any computation. Numbers may be Python or NumPy scalars of any precision (``np.float32(0.5)`` is a real
number); ``bool`` is never a number, and strings are never parsed here (the command line parses them first,
`noneq.core.params.Parameter.parse`).

Examples
--------
>>> real("kappa", 2.5)
2.5
>>> real("beta", 0.0, minimum=0.0)
0.0
>>> integer("kicks", 500.0, minimum=1)
500
>>> real("m", -1.0, minimum=0.0, exclusive_minimum=True)
Traceback (most recent call last):
...
noneq.core.errors.NoneqInputError: parameter 'm' = -1.0: must be a finite real number in (0, inf)
"""

from __future__ import annotations

import math
import numbers
import operator
from typing import Any, Sequence

import numpy as np

from noneq.core.errors import NoneqInputError, bad_value

__all__ = ["INT64_MAX", "boolean", "choice", "describe_value", "integer", "interval_text", "real", "real_array"]

INT64_MAX = 2 ** 63 - 1  # every integer input must fit in a signed 64-bit integer (NumPy, NetCDF)


def interval_text(*, kind: str = "real number", minimum: float | None = None, maximum: float | None = None,
                  exclusive_minimum: bool = False, exclusive_maximum: bool = False,
                  allow_infinity: bool = False) -> str:
    """The wording of an allowed interval, e.g. ``a finite real number in (0, inf)``.

    >>> interval_text(kind="integer", minimum=1, maximum=10)
    'a finite integer in [1, 10]'
    """
    lo = "-inf" if minimum is None else f"{minimum:g}"
    hi = "inf" if maximum is None else f"{maximum:g}"
    left = "(" if (minimum is None or exclusive_minimum) else "["
    right = ")" if (maximum is None or exclusive_maximum) else "]"
    finite = "" if allow_infinity else "finite "
    return f"a {finite}{kind} in {left}{lo}, {hi}{right}"


def describe_value(value: Any) -> str:
    """A short text of ``value`` for an error message: scalars as ``repr``, arrays by their shape."""
    if isinstance(value, numbers.Integral) and not isinstance(value, bool) and abs(int(value)) > 10 ** 20:
        return f"{float(value):.6g}"  # not hundreds of digits
    if isinstance(value, (numbers.Number, str, type(None), bool, np.generic)):
        return repr(value.item() if isinstance(value, np.generic) else value)
    try:
        array = np.asarray(value)
    except Exception:  # noqa: BLE001 - any object: fall back to its repr
        return repr(value)
    if array.ndim and array.size <= 8 and array.dtype != object:
        return repr(array.tolist())
    if array.ndim:
        return f"<array of shape {tuple(array.shape)}>"
    return repr(value)


def _error(name: str, value: Any, allowed: str) -> NoneqInputError:
    return NoneqInputError(f"parameter {name!r} = {describe_value(value)}: must be {allowed}")


def _is_number(value: Any) -> bool:
    if isinstance(value, (bool, np.bool_)):
        return False
    return isinstance(value, (numbers.Real, np.integer, np.floating))


def real(name: str, value: Any, *, minimum: float | None = None, maximum: float | None = None,
         exclusive_minimum: bool = False, exclusive_maximum: bool = False, allow_infinity: bool = False,
         allowed: str = "") -> float:
    """``value`` as a float, checked against the bounds (inclusive unless ``exclusive_*``).

    ``allow_infinity`` admits +inf (e.g. a coherence time "inf" meaning none); NaN is never admitted.
    ``allowed`` replaces the derived wording of the allowed set in the error message.

    >>> real("T2", float("inf"), minimum=0.0, exclusive_minimum=True, allow_infinity=True)
    inf
    """
    text = allowed or interval_text(minimum=minimum, maximum=maximum, exclusive_minimum=exclusive_minimum,
                                    exclusive_maximum=exclusive_maximum, allow_infinity=allow_infinity)
    if not _is_number(value):
        raise _error(name, value, text)
    try:
        number = float(value)
    except (OverflowError, ValueError, TypeError):
        raise _error(name, value, text) from None
    if math.isnan(number) or (math.isinf(number) and not (allow_infinity and number > 0)):
        raise _error(name, value, text)
    if minimum is not None and (number < minimum or (exclusive_minimum and number == minimum)):
        raise _error(name, value, text)
    if maximum is not None and (number > maximum or (exclusive_maximum and number == maximum)):
        raise _error(name, value, text)
    return number


def integer(name: str, value: Any, *, minimum: int | None = None, maximum: int | None = None,
            allowed: str = "") -> int:
    """``value`` as an int: an integer, or a float with an integral value (``500.0``), within the bounds and
    within the signed 64-bit range (``|value| <= INT64_MAX``) whatever the bounds.

    >>> integer("modes1", 0, minimum=0)
    0
    """
    maximum = INT64_MAX if maximum is None else min(maximum, INT64_MAX)
    minimum = -INT64_MAX if minimum is None else max(minimum, -INT64_MAX)
    text = allowed or interval_text(kind="integer", minimum=minimum, maximum=maximum)
    if not _is_number(value):
        raise _error(name, value, text)
    try:
        number = operator.index(value)
    except TypeError:
        number_f = float(value)
        if not math.isfinite(number_f) or not number_f.is_integer():
            raise _error(name, value, text) from None
        number = int(number_f)
    if (minimum is not None and number < minimum) or (maximum is not None and number > maximum):
        raise _error(name, value, text)
    return int(number)


def boolean(name: str, value: Any) -> bool:
    """``value`` as a bool: True/False (also NumPy's) or the integers 0 and 1.

    >>> boolean("strict", 1)
    True
    """
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if _is_number(value) and value in (0, 1):
        return bool(value)
    raise bad_value(name, value, "true or false")


def choice(name: str, value: Any, choices: Sequence[str]) -> str:
    """``value`` if it is one of the strings ``choices``.

    >>> choice("average", "quenched", ("annealed", "quenched"))
    'quenched'
    """
    if not isinstance(value, str) or value not in choices:
        raise bad_value(name, value, "one of " + ", ".join(choices))
    return value


def real_array(name: str, value: Any, *, ndim: int | None = None, minimum: float | None = None,
               maximum: float | None = None, exclusive_minimum: bool = False, nonempty: bool = True,
               increasing: bool = False, allowed: str = "") -> np.ndarray:
    """``value`` as a finite float array (a copy), with optional dimension, bounds and strict increase.

    >>> real_array("times", [0, 1.5, 3], ndim=1, minimum=0.0, increasing=True)
    array([0. , 1.5, 3. ])
    """
    parts = [f"{ndim}-dimensional" if ndim is not None else "", "non-empty" if nonempty else ""]
    bounds = ""
    if minimum is not None or maximum is not None:
        bounds = " in " + interval_text(minimum=minimum, maximum=maximum,
                                        exclusive_minimum=exclusive_minimum).split(" in ", 1)[1]
    order = ", strictly increasing" if increasing else ""
    text = allowed or f"a {' '.join(p for p in parts if p)} array of finite real numbers{bounds}{order}".replace(
        "a  ", "a ")
    if isinstance(value, (str, bytes)) or (isinstance(value, (list, tuple)) and any(
            isinstance(v, (str, bytes)) for v in value)):
        raise _error(name, value, text)  # numbers, not numeric text
    try:
        array = np.array(value, dtype=float)
    except (TypeError, ValueError, OverflowError):
        raise _error(name, value, text) from None
    if np.asarray(value).dtype.kind in "USO" and array.size:
        raise _error(name, value, text)
    if ndim is not None and array.ndim != ndim:
        raise _error(name, value, text)
    if (nonempty and array.size == 0) or not np.all(np.isfinite(array)):
        raise _error(name, value, text)
    if minimum is not None and np.any(array < minimum if not exclusive_minimum else array <= minimum):
        raise _error(name, value, text)
    if maximum is not None and np.any(array > maximum):
        raise _error(name, value, text)
    if increasing and np.any(np.diff(array.ravel()) <= 0):
        raise _error(name, value, text)
    return array
