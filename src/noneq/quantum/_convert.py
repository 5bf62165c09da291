"""Input conversion and validation shared by the quantum modules (private).

Every public function of :mod:`noneq.quantum` that takes an operator or a state passes it through
:func:`as_array`, so a ``qutip.Qobj`` (anything with a callable ``full()``) is accepted without importing
qutip.  A qutip ket (``isket`` true, ``full()`` of shape ``(d, 1)``) is flattened to a vector of shape ``(d,)``.

>>> as_array([[1, 0], [0, 1]], "rho").dtype
dtype('float64')
"""

from __future__ import annotations

import numbers
from fractions import Fraction

import numpy as np

from noneq.core import validation
from noneq.core.errors import NoneqInputError, NumericalError, bad_value

__all__ = ["as_array", "input_error", "as_positive_int", "as_square", "as_density", "check_base",
           "check_density_batch", "is_qobj", "like_input", "spin_two_j"]

# Density-matrix checks (see measures.von_neumann_entropy): absolute tolerances on an O(1)-normalized state.
DENSITY_EIG_TOL = 1e-8  # most negative eigenvalue tolerated (rounding of an evolved / reduced state)
DENSITY_TRACE_TOL = 1e-8  # largest tolerated |Tr rho - 1| (or | <psi|psi> - 1 | for a vector)
DENSITY_HERM_TOL = 1e-8  # largest tolerated max|rho - rho^dagger| entry


def _describe(value) -> str:
    """A short description of ``value`` for error messages (arrays are not printed in full)."""
    arr = np.asarray(value) if not hasattr(value, "shape") else value
    if getattr(arr, "ndim", 0) == 0:
        return repr(value)
    if getattr(arr, "size", 99) <= 8:
        return repr(value) if isinstance(value, (list, tuple)) else repr(np.asarray(arr).tolist())
    return f"<array of shape {tuple(arr.shape)}>"


def input_error(name: str, value, allowed: str) -> NoneqInputError:
    """Standard bad-input error that does not dump large arrays into the message."""
    if isinstance(value, (numbers.Number, str, type(None))):
        return bad_value(name, value, allowed)
    if hasattr(value, "shape") or isinstance(value, (list, tuple)):
        try:
            desc = _describe(value)
        except Exception:  # pragma: no cover - exotic objects
            desc = repr(value)
        return NoneqInputError(f"parameter {name!r} = {desc}: must be {allowed}")
    return bad_value(name, value, allowed)


def as_array(x, name: str) -> np.ndarray:
    """``np.asarray(x.full())`` if ``x`` has a callable ``full`` (qutip.Qobj), else ``np.asarray(x)``.

    Complex and float dtypes are preserved; integer and boolean input becomes float64.  Raises
    NoneqInputError (naming ``name``) for non-numeric or non-finite input.
    """
    full = getattr(x, "full", None)
    if callable(full):
        arr = np.asarray(full())
        if getattr(x, "isket", False) and arr.ndim == 2 and arr.shape[1] == 1:
            arr = arr[:, 0]
    else:
        arr = np.asarray(x)
    if arr.dtype.kind in "biu":
        arr = arr.astype(np.float64)
    elif arr.dtype.kind not in "fc":
        raise input_error(name, x, "a numeric (float or complex) array")
    if not np.all(np.isfinite(arr)):
        raise input_error(name, x, "finite (no nan or inf entries)")
    return arr


def is_qobj(x) -> bool:
    """True for a ``qutip.Qobj`` (anything with a callable ``full()`` and ``dims``)."""
    return callable(getattr(x, "full", None)) and hasattr(x, "dims")


def like_input(result: np.ndarray, template, dims=None):
    """``result`` as a ``qutip.Qobj`` when ``template`` is one (with ``dims``, default the template's), else as
    given; qutip is reached through the template's own type, never imported here."""
    if not is_qobj(template):
        return result
    return type(template)(result, dims=template.dims if dims is None else dims)


def as_positive_int(x, name: str, minimum: int = 1) -> int:
    """Validate an integer parameter ``>= minimum`` (`noneq.core.validation.integer`)."""
    return validation.integer(name, x, minimum=minimum, allowed=f"an integer >= {minimum}")


def as_square(x, name: str, *, batch: bool = False, vector: bool = True) -> np.ndarray:
    """Array of shape (d, d) (or (..., d, d) when ``batch``); a 1D vector becomes |psi><psi| if ``vector``."""
    arr = as_array(x, name)
    if arr.ndim == 1 and vector:
        if arr.shape[0] == 0:
            raise input_error(name, x, "a non-empty state vector or square matrix")
        return np.outer(arr, arr.conj())
    ok = arr.ndim >= 2 if batch else arr.ndim == 2
    if not ok or arr.shape[-1] != arr.shape[-2] or arr.shape[-1] == 0:
        shape = "(..., d, d)" if batch else "(d, d)"
        vec = " or a state vector (d,)" if vector else ""
        raise input_error(name, x, f"a square matrix of shape {shape}{vec}")
    return arr


def as_density(x, name: str):
    """Validate a density matrix (d, d) or a normalized state vector (d,).

    Returns ``(rho, eigenvalues, eigenvectors)``; for a vector the eigen-data are ``(None, None)`` and
    ``rho`` is the vector itself.  Raises NoneqInputError for a bad shape and NumericalError when the
    state is not Hermitian, has an eigenvalue < -DENSITY_EIG_TOL or a trace (norm) off by more than
    DENSITY_TRACE_TOL.
    """
    arr = as_array(x, name)
    if arr.ndim == 1:
        if arr.shape[0] == 0:
            raise input_error(name, x, "a non-empty state vector or square matrix")
        norm2 = float(np.vdot(arr, arr).real)
        if abs(norm2 - 1.0) > DENSITY_TRACE_TOL:
            raise NumericalError(f"state vector {name!r} has squared norm {norm2!r}, not 1")
        return arr, None, None
    arr = as_square(arr, name)
    if np.max(np.abs(arr - arr.conj().T)) > DENSITY_HERM_TOL:
        raise NumericalError(f"density matrix {name!r} is not Hermitian")
    herm = 0.5 * (arr + arr.conj().T)
    evals, evecs = np.linalg.eigh(herm)
    if evals[0] < -DENSITY_EIG_TOL:
        raise NumericalError(f"density matrix {name!r} has a negative eigenvalue {evals[0]!r}")
    trace = float(np.sum(evals))
    if abs(trace - 1.0) > DENSITY_TRACE_TOL:
        raise NumericalError(f"density matrix {name!r} has trace {trace!r}, not 1")
    return herm, evals, evecs


def check_density_batch(states: np.ndarray, evals: np.ndarray, name: str) -> None:
    """The checks of `as_density` for a batch (..., d, d) with its eigenvalues (..., d): NumericalError naming
    the first bad state."""
    asym = np.max(np.abs(states - np.conj(np.swapaxes(states, -1, -2))), axis=(-2, -1))
    lowest = evals[..., 0]
    trace = np.sum(evals, axis=-1)
    for problem, text in ((asym > DENSITY_HERM_TOL, "is not Hermitian"),
                          (lowest < -DENSITY_EIG_TOL, "has a negative eigenvalue"),
                          (np.abs(trace - 1.0) > DENSITY_TRACE_TOL, "has a trace other than 1")):
        if np.any(problem):
            index = tuple(int(i) for i in np.argwhere(problem)[0])
            raise NumericalError(f"density matrix {name}[{', '.join(map(str, index))}] {text} "
                                 f"(lowest eigenvalue {float(lowest[index]):.3g}, trace {float(trace[index]):.12g})")


def check_base(base) -> float:
    """Return ln(base) for base in {2, e} (``np.e`` or the string "e")."""
    if isinstance(base, str):
        if base == "e":
            return 1.0
        raise bad_value("base", base, "2 or e (np.e or 'e')")
    if isinstance(base, (numbers.Real,)) and not isinstance(base, (bool, np.bool_)):
        if float(base) == 2.0:
            return float(np.log(2.0))
        if float(base) == float(np.e):
            return 1.0
    raise bad_value("base", base, "2 or e (np.e or 'e')")


def spin_two_j(j) -> int:
    """Validate a spin quantum number j (int, float such as 1.5, or Fraction) and return the integer 2j >= 1."""
    if isinstance(j, (bool, np.bool_)):
        raise bad_value("j", j, "a positive integer or half-integer (2j a positive integer)")
    if isinstance(j, numbers.Rational):
        two_j = Fraction(j) * 2
        ok = two_j.denominator == 1
        two_j = int(two_j) if ok else 0
    elif isinstance(j, numbers.Real) and np.isfinite(float(j)):
        two_j_f = 2.0 * float(j)
        ok = two_j_f.is_integer()
        two_j = int(two_j_f) if ok else 0
    else:
        ok, two_j = False, 0
    if not ok or two_j < 1:
        raise bad_value("j", j, "a positive integer or half-integer (2j a positive integer)")
    return two_j
