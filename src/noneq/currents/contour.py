"""Eqs. (67)-(68) of the paper: contour integrals for SEP with the step 1 | 0 (sites <= 0 full, sites >= 1 empty).

Exposes `step_density` (eq. 67) and `step_pair_correlation` (eq. 68). Corrected forms (docs/papers/currents.md:
contours, and z'^j for the paper's z^j in eq. (68); the paper's normalisation of eq. (68) is confirmed against
the closed two-point equations of `noneq.currents.lattice`):

    <tau_i(t)>          = oint_{|z| = r < 1} dz / (2 pi i z) e^{t (z + 1/z - 2)} z^i / (1 - z)                 (67)
    <tau_i tau_j>_c(t)  = oint oint dz dz' / (4 pi^2 z z') e^{t (z + 1/z + z' + 1/z' - 4)}
                          z^i z'^j / (z z' + 1 - 2 z'),     i < j,  |z'| = r' > 1,  |z| = r > 2 + 1/r'         (68)

Note dz dz' / (4 pi^2 z z') = -dz dz' / ((2 pi i)^2 z z') = -d theta d theta' / (4 pi^2): eq. (68) is minus the
angular mean of its integrand (a (2 pi i)^-2 normalisation would flip the sign of SEP's negative correlations).
Expanding (67): <tau_i> = sum_{m >= i} e^{-2t} I_m(2t), the free-walker profile.

Numerics: z = r e^{i theta}, dz / (2 pi i z) = d theta / (2 pi), so each integral is the mean of the integrand over
equally spaced angles (trapezoid rule), which converges exponentially for these analytic periodic integrands. The
number of angles is doubled until two successive values agree within CONTOUR_TOLERANCE (NumericalError after
MAX_ANGLES). The radii minimise the largest modulus of the integrand on the contours (the rounding error is
eps times that modulus; it grows like e^{1.4 t} for eq. (68), so t <~ 15 keeps ~1e-9 accuracy).

Examples
--------
>>> round(step_density(0, 1.0), 6)  # = sum_{m >= 0} e^{-2} I_m(2)
0.654254
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import minimize, minimize_scalar

from noneq.core.errors import NumericalError, bad_value
from noneq.core.validation import integer, real

CONTOUR_TOLERANCE = 1e-13  # absolute change between successive angle doublings at which the rule has converged
FIRST_ANGLES = 32  # angles per circle in the first trapezoid rule
MAX_ANGLES = 4096  # per circle; eq. (68) evaluates MAX_ANGLES^2 points at most (~0.5 GB of complex numbers)
ROUNDING_FACTOR = 10.0  # changes below 10 eps max|integrand| between doublings are rounding noise (measured:
# the error of the converged mean is ~1-2 eps max|integrand|)
ROUNDING_LIMIT = 1e-9  # eps max|integrand| above this: the result would not be good to ~1e-8 (NumericalError)
LOG_RADIUS_BOUNDS = (-8.0, 3.0)  # log(r' - 1), log(r - 2 - 1/r' - MIN_GAP) searched within these bounds
DEFORMED_RADIUS = 1.2  # |z'| of the deformed route: pole z* = 2 - 1/z' stays >= 1.17 from 0 (|z| = 1 contour),
# integrand growth e^{t (r' + 1/r' - 2)} = e^{0.033 t}
MIN_GAP = 1e-3  # smallest r - (2 + 1/r') allowed to the optimiser (the pole z = 2 - 1/z' stays inside)


def _check(t: float, *sites: int) -> tuple:
    """(t, *sites) validated: a finite time > 0 and integer lattice sites."""
    return (real("t", t, minimum=0.0, exclusive_minimum=True),
            *(integer(name, site, allowed="an integer lattice site") for name, site in zip(("i", "j"), sites)))


def _converged(evaluate, label: str) -> float:
    """Double the angles until two successive trapezoid values agree within CONTOUR_TOLERANCE or, when larger,
    the rounding floor ROUNDING_FACTOR * eps * max |integrand| (``evaluate`` returns (mean, max modulus))."""
    angles = FIRST_ANGLES
    previous, _ = evaluate(angles)
    while angles < MAX_ANGLES:
        angles *= 2
        value, largest = evaluate(angles)
        if not (np.isfinite(value) and np.isfinite(largest)):
            raise NumericalError(f"{label}: the integrand overflowed on the contour")
        rounding = np.finfo(float).eps * largest
        if abs(value - previous) < max(CONTOUR_TOLERANCE, ROUNDING_FACTOR * rounding):
            if rounding > ROUNDING_LIMIT:
                raise NumericalError(f"{label}: rounding error ~{rounding:.1e} (eps times the largest integrand "
                                     f"{largest:.1e}) exceeds {ROUNDING_LIMIT:g}: the time is too large for the "
                                     f"direct contour (use noneq.currents.lattice)")
            return float(value.real)
        previous = value
    raise NumericalError(f"{label}: trapezoid rule not converged with {MAX_ANGLES} angles per circle "
                         f"(last change {abs(value - previous):.1e}); the time is too large for this route")


def _circle(radius: float, angles: int) -> np.ndarray:
    return radius * np.exp(2j * np.pi * np.arange(angles) / angles)


def step_density(i: int, t: float) -> float:
    """<tau_i(t)> for the step 1 | 0 by eq. (67) (trapezoid rule on |z| = r < 1).

    Parameters
    ----------
    i : int
        Lattice site.
    t : float
        Time > 0.

    Returns
    -------
    float

    Examples
    --------
    >>> round(step_density(0, 1.0) + step_density(1, 1.0), 12)  # particle-hole symmetry of the step
    1.0
    """
    t, i = _check(t, i)

    def log_bound(r: float) -> float:  # log max |integrand| on |z| = r (at z = r)
        return t * (r + 1 / r - 2) + i * np.log(r) - np.log(1 - r)

    r = float(minimize_scalar(log_bound, bounds=(1e-3, 1 - 1e-3), method="bounded").x)

    def evaluate(angles: int) -> tuple[complex, float]:
        z = _circle(r, angles)
        values = np.exp(t * (z + 1 / z - 2)) * z ** i / (1 - z)
        return np.mean(values), float(np.abs(values).max())

    return _converged(evaluate, f"eq. (67) at i = {i}, t = {t:g}")


def step_pair_correlation(i: int, j: int, t: float, *, method: str = "deformed", reflect: bool = True) -> float:
    """<tau_i(t) tau_j(t)>_c, i != j, for the step 1 | 0 by eq. (68) as corrected in the module docstring
    (symmetric in i, j: the smaller site goes with z).

    method "direct": trapezoid rule on the contours of eq. (68) (|z| > 2 + 1/|z'|; rounding grows like e^{1.2 t},
    refused beyond ROUNDING_LIMIT, t >~ 12). method "deformed" (default): the z contour shrunk to |z| = 1 inside
    the pole z* = 2 - 1/z' (|z'| = DEFORMED_RADIUS), plus the residue there,
        (68) = oint oint_{|z| = 1} (same integrand) - oint dz' / (2 pi i z') e^{t (z' + 1/z' + z* + 1/z* - 4)}
               z'^(j - 1) z*^(i - 1),
    whose integrands stay O(e^{0.03 t}): good at any t (the angles needed grow like t).
    ``reflect``: evaluate pairs with i + j > 1 through the exact symmetry tau_i <-> 1 - tau_{1-i} of the step,
    where the integrand (z'^j, |z'| > 1) is smaller.

    Examples
    --------
    >>> c = step_pair_correlation(0, 1, 1.0)
    >>> c < 0, round(c - step_pair_correlation(0, 1, 1.0, method="direct"), 9)  # exclusion: anticorrelated
    (True, 0.0)
    """
    t, i, j = _check(t, i, j)
    if method not in PAIR_METHODS:
        raise bad_value("method", method, "one of " + ", ".join(PAIR_METHODS))
    if i == j:
        raise bad_value("j", j, f"a site different from i = {i} (eq. 68 is the off-diagonal correlation; the "
                                f"diagonal is <tau_i> (1 - <tau_i>))")
    i, j = min(i, j), max(i, j)
    if reflect and i + j > 1:  # particle-hole + reflection symmetry of the step 1 | 0: C_ij = C_{1-j, 1-i}
        i, j = 1 - j, 1 - i
    return PAIR_METHODS[method](i, j, t)


def _double_mean(i: int, j: int, t: float, r: float, rp: float, angles: int) -> tuple[complex, float]:
    """Eq. (68)'s double integral on |z| = r, |z'| = rp (trapezoid: minus the angular mean), and the largest
    modulus of the integrand."""
    z = _circle(r, angles)[:, None]
    zp = _circle(rp, angles)[None, :]
    values = np.exp(t * (z + 1 / z + zp + 1 / zp - 4)) * z ** i * zp ** j / (z * zp + 1 - 2 * zp)
    return -np.mean(values), float(np.abs(values).max())  # dz dz' / (4 pi^2 z z') = -d theta d theta' / (4 pi^2)


def _pair_direct(i: int, j: int, t: float) -> float:
    def radii(p: np.ndarray) -> tuple[float, float]:
        r_prime = 1 + np.exp(p[0])
        return 2 + 1 / r_prime + MIN_GAP + np.exp(p[1]), r_prime

    def log_bound(p: np.ndarray) -> float:  # log of a bound on |integrand| over both circles
        r, rp = radii(p)
        gap = rp * (r - 2 - 1 / rp)  # min |z z' + 1 - 2 z'| = |z'| min |z - (2 - 1/z')|
        return t * (r + 1 / r + rp + 1 / rp - 4) + i * np.log(r) + j * np.log(rp) - np.log(gap)

    best = minimize(log_bound, np.array([-1.0, -1.0]), method="Nelder-Mead", bounds=[LOG_RADIUS_BOUNDS] * 2)
    r, rp = radii(best.x)
    return _converged(lambda angles: _double_mean(i, j, t, r, rp, angles),
                      f"eq. (68) at i = {i}, j = {j}, t = {t:g}")


def _pair_deformed(i: int, j: int, t: float) -> float:
    rp = DEFORMED_RADIUS

    def evaluate(angles: int) -> tuple[complex, float]:
        inner, largest = _double_mean(i, j, t, 1.0, rp, angles)
        zp = _circle(rp, angles)
        pole = 2 - 1 / zp
        residue = np.exp(t * (zp + 1 / zp + pole + 1 / pole - 4)) * zp ** (j - 1) * pole ** (i - 1)
        return inner - np.mean(residue), max(largest, float(np.abs(residue).max()))  # same -1 normalisation

    return _converged(evaluate, f"eq. (68), deformed contour, at i = {i}, j = {j}, t = {t:g}")


PAIR_METHODS = {"deformed": _pair_deformed, "direct": _pair_direct}
