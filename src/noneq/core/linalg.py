"""Linear algebra shared by every layer: the stationary vector of a rank-deficient generator and the fixed
point of a linear map, with uniqueness checked.

Used for the steady state of a Lindblad generator (`noneq.quantum.steady_state`), the periodic steady state of
a classical master equation (`noneq.stochastic.periodic_steady_state`) and the limit cycle of a driven open
quantum system (the Otto cycle). Both functions take a ``normalization`` vector w and return x with w . x = 1:
``vec(1)`` for unit trace, ones for a probability vector.

Examples
--------
>>> import numpy as np
>>> fixed_point(np.array([[0.9, 0.2], [0.1, 0.8]]), np.ones(2))
array([0.66666667, 0.33333333])
"""

from __future__ import annotations

import numpy as np
import scipy.linalg

from noneq.core.errors import NoneqInputError, NumericalError

__all__ = ["fixed_point", "null_vector"]

NULL_TOLERANCE = 1e-10  # singular values below this fraction of the largest count as zero (null space)
FIXED_POINT_RESIDUAL = 1e-9  # largest |M x - x| (relative to max |x|) accepted for a computed fixed point


def _square(matrix, name: str) -> np.ndarray:
    array = np.asarray(matrix)
    if array.ndim != 2 or array.shape[0] != array.shape[1] or array.shape[0] == 0 \
            or array.dtype.kind not in "biufc" or not np.all(np.isfinite(array)):
        raise NoneqInputError(f"parameter {name!r} of shape {array.shape}: must be a finite square matrix")
    return array


def null_vector(A, normalization) -> np.ndarray:
    """The unique x with ``A x = 0`` and ``normalization @ x = 1``.

    Uniqueness is checked on the singular values of A (exactly one below ``NULL_TOLERANCE`` times the
    largest); `NumericalError` otherwise (no null vector, or a degenerate null space: several stationary
    states). ``normalization`` is a vector of the same length (``vec(1)`` for unit trace, ones for a
    probability vector).

    >>> null_vector(np.array([[-1.0, 2.0], [1.0, -2.0]]), np.ones(2))
    array([0.66666667, 0.33333333])
    """
    A = _square(A, "A")
    w = np.asarray(normalization)
    if w.shape != (A.shape[0],):
        raise NoneqInputError(f"parameter 'normalization' of shape {w.shape}: must be a vector of length "
                              f"{A.shape[0]}")
    _, singular, vh = scipy.linalg.svd(A)
    scale = singular[0] if singular[0] > 0 else 1.0
    if singular[-1] > NULL_TOLERANCE * scale or (singular.size > 1 and singular[-2] <= NULL_TOLERANCE * scale):
        raise NumericalError(f"no unique stationary vector: smallest singular values {singular[-2:]} "
                             f"(relative to {scale:.3g}); a unique one needs exactly one zero")
    x = vh[-1].conj()
    norm = w @ x
    if abs(norm) < NULL_TOLERANCE:
        raise NumericalError("the stationary vector has zero normalization (normalization . x = 0)")
    return x / norm


def fixed_point(M, normalization) -> np.ndarray:
    """The unique fixed point ``M x = x`` with ``normalization @ x = 1`` of a linear map M (e.g. a one-period
    map of a driven open system, or a column-stochastic matrix); `NumericalError` when it is not unique or
    the computed x fails ``|M x - x| <= FIXED_POINT_RESIDUAL |x|``.

    >>> fixed_point(np.array([[0.9, 0.2], [0.1, 0.8]]), np.ones(2))
    array([0.66666667, 0.33333333])
    """
    M = _square(M, "M")
    x = null_vector(M - np.eye(M.shape[0]), normalization)
    residual = float(np.max(np.abs(M @ x - x)))
    if residual > FIXED_POINT_RESIDUAL * max(1.0, float(np.max(np.abs(x)))):
        raise NumericalError(f"fixed point not reached: max |M x - x| = {residual:.3g}")
    return x
