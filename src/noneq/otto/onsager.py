"""Linear irreversible (Onsager) description of the Otto refrigerator, computed from the model (paper Sec. IV).

Per cycle the working substance moves Phi = Q_c / w_a quanta (in units of the scaled spectrum) from the cold to
the hot bath; for any scaled spectrum Q_h = -(w_b / w_a) Q_c exactly (populations are the same at both ends of
the adiabats). The entropy production rate splits as sigma = J_1 X_1 + J_2 X_2 with

    J_1 = Phi / t_cycle,          X_1 = beta_c (w_b - w_a)      (so that J_1 X_1 = beta_c W / t_cycle),
    J_2 = -Q_h / t_cycle,         X_2 = beta_h - beta_c         (heat released to the hot bath per time),

the paper's eqs. (24)-(26) with the work flux written per quantum (J_1 X_1 is the paper's beta_c W / t_cycle).
Onsager coefficients L_ij = dJ_i / dX_j at equilibrium (beta_c = beta_h = beta, w_a = w_b = w) are computed by
central differences of the exact limit cycle; coupling strength q = L_12 / sqrt(L_11 L_22). Because J_2 = w_b J_1
identically, q = 1: the Otto cycle is tightly coupled, and the COP at maximum chi of a linear tight-coupling
refrigerator is cop_+ (eq. 23); for |q| < 1 it is lower (`lit_cop_at_max_chi`).

For two levels (gap w): L = (kappa / t_cycle) [[1, w], [w, w^2]], kappa = f sech^2(beta w / 2) / 4.

Examples
--------
>>> L = onsager_matrix(1.0, 1.0, 1.0, 1.0, 1.0, 1.0)
>>> round(coupling_strength(L), 6)
1.0
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import minimize_scalar

from noneq.core.errors import bad_value
from noneq.core.validation import real, real_array
from noneq.otto.cycle import heat_exchange
from noneq.otto.model import check_levels

__all__ = ["coupling_strength", "fluxes", "lit_cop_at_max_chi", "onsager_matrix"]

DIFFERENCE_STEP = 1e-5  # central-difference step in the forces: error O(step^2) ~ 1e-10, rounding ~ 1e-11


def _positive(name: str, value) -> float:
    return real(name, value, minimum=0.0, exclusive_minimum=True)


def fluxes(w_a, w_b, beta_c, beta_h, gamma_c, gamma_h, tau_c, tau_h, tau_adi=0.0, levels=(1.0, 2.0)) -> np.ndarray:
    """The fluxes (J_1, J_2) of the exact limit cycle (see the module docstring).

    Any w_a, w_b > 0 and beta_c, beta_h > 0, also at and across equilibrium (no range checks beyond the levels).

    Returns
    -------
    numpy.ndarray
        Shape (2,): J_1 (quanta per time), J_2 (energy per time).

    Examples
    --------
    >>> bool(np.allclose(fluxes(1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0), 0.0))   # equilibrium: no flux
    True
    """
    levels = np.asarray(check_levels(levels))
    w_a, w_b = _positive("w_a", w_a), _positive("w_b", w_b)
    tau_c, tau_h, tau_adi = _positive("tau_c", tau_c), _positive("tau_h", tau_h), real("tau_adi", tau_adi, minimum=0.0)
    Q_c, Q_h = heat_exchange(w_a * levels, w_b * levels, beta_c, beta_h, gamma_c, gamma_h, tau_c, tau_h)
    t = tau_c + tau_h + tau_adi
    return np.array([Q_c / w_a / t, -Q_h / t])


def onsager_matrix(beta: float, w: float, gamma_c: float, gamma_h: float, tau_c: float, tau_h: float,
                   tau_adi: float = 0.0, levels=(1.0, 2.0)) -> np.ndarray:
    """Onsager coefficients L_ij = dJ_i / dX_j at the equilibrium point (beta, w), by central differences.

    Parameters
    ----------
    beta, w : float
        Common inverse temperature and frequency of the equilibrium point, > 0.
    gamma_c, gamma_h, tau_c, tau_h : float
        Bath rates and isochore times, > 0.
    tau_adi : float, optional
        Total adiabat time, >= 0.
    levels : sequence of float, optional
        Scaled spectrum (default (1, 2)).

    Returns
    -------
    numpy.ndarray
        Shape (2, 2), rows the fluxes (J_1, J_2), columns the forces (X_1, X_2).

    Examples
    --------
    >>> L = onsager_matrix(1.0, 2.0, 1.0, 1.0, 1.0, 1.0)
    >>> round(float(L[1, 1] / L[0, 0]), 6)                            # L_22 / L_11 = w^2 (tight coupling)
    4.0
    """
    beta, w = _positive("beta", beta), _positive("w", w)
    for name, value in (("gamma_c", gamma_c), ("gamma_h", gamma_h), ("tau_c", tau_c), ("tau_h", tau_h)):
        _positive(name, value)
    real("tau_adi", tau_adi, minimum=0.0)
    h = DIFFERENCE_STEP

    def J(X1: float, X2: float) -> np.ndarray:
        return fluxes(w, w + X1 / beta, beta, beta + X2, gamma_c, gamma_h, tau_c, tau_h, tau_adi, levels)

    L = np.empty((2, 2))
    L[:, 0] = (J(h, 0.0) - J(-h, 0.0)) / (2 * h)
    L[:, 1] = (J(0.0, h) - J(0.0, -h)) / (2 * h)
    return L


def coupling_strength(L: np.ndarray) -> float:
    """Coupling strength q = L_12 / sqrt(L_11 L_22) of an Onsager matrix.

    Examples
    --------
    >>> coupling_strength(np.array([[1.0, 0.5], [0.5, 1.0]]))
    0.5
    """
    L = real_array("L", L, allowed="a finite 2 x 2 Onsager matrix with positive diagonal")
    if L.shape != (2, 2) or not (L[0, 0] > 0 and L[1, 1] > 0):
        raise bad_value("L", L.tolist() if L.size <= 8 else f"shape {L.shape}",
                        "a finite 2 x 2 Onsager matrix with positive diagonal")
    return float(L[0, 1] / np.sqrt(L[0, 0] * L[1, 1]))


def lit_cop_at_max_chi(cop_carnot: float, q: float) -> float:
    """COP at maximum chi of a linear irreversible refrigerator with coupling strength q.

    Parameters
    ----------
    cop_carnot : float
        Carnot COP, > 0.
    q : float
        Coupling strength in (0, 1].

    Returns
    -------
    float
        The COP at maximum chi; NaN when such a refrigerator cannot cool at these temperatures.

    Notes
    -----
    Units beta_c = 1, w = 1, L_11 = L_22 = 1: J_1 = X_1 + q X_2, J_2 = q X_1 + X_2, cooling rate
    J_2 - J_1 X_1 / beta_c, work rate J_1 X_1 / beta_c, cop = Q_c / W, chi = cop Q_c, maximized over X_1 at
    X_2 = -1 / (1 + cop_carnot). At q = 1 the result is cop_+ (eq. 23).

    Examples
    --------
    >>> round(lit_cop_at_max_chi(2.0, 1.0), 6)                        # cop_+(2) = 1
    1.0
    """
    cop_carnot = _positive("cop_carnot", cop_carnot)
    q = real("q", q, minimum=0.0, maximum=1.0, exclusive_minimum=True)
    X2 = -1.0 / (1.0 + cop_carnot)

    def parts(X1: float) -> tuple[float, float]:
        J1, J2 = X1 + q * X2, q * X1 + X2
        return J2 - J1 * X1, J1 * X1

    def minus_chi(X1: float) -> float:
        Qc, W = parts(X1)
        return 1e300 if (Qc <= 0 or W <= 0) else -(Qc * Qc / W)

    # Q_c-rate = -X_1^2 + q (1 - X_2) X_1 + X_2 > 0 between its two roots; W > 0 needs X_1 > -q X_2.
    disc = q * q * (1.0 - X2) ** 2 + 4.0 * X2
    if disc <= 0:
        return float("nan")  # weak coupling: this model cannot cool at these temperatures
    lo = max(-q * X2, 0.5 * (q * (1.0 - X2) - np.sqrt(disc)))
    hi = 0.5 * (q * (1.0 - X2) + np.sqrt(disc))
    res = minimize_scalar(minus_chi, bounds=(lo, hi), method="bounded", options={"xatol": 1e-14})
    Qc, W = parts(res.x)
    return float(Qc / W)
