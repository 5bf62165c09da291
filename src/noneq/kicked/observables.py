"""Observables of the kicked particles: pure functions of momentum data (no solving here).

- Diffusion coefficient D = <p1^2(t_f)> / t_f (NOTES.md: D_c classical, D_q quantum, t_f in kicks).
- Momentum-profile fits: Gaussian P(p) ~ exp(-p^2 / zeta) and exponential P(p) ~ exp(-|p| / xi), both as
  least-squares straight lines of log P against p^2 resp. |p|, over the points with P above a floor.
- Classical momentum histograms of an ensemble.
"""

from __future__ import annotations

import numpy as np

FIT_FLOOR = 1e-12  # probabilities below this are rounding noise in the log-linear fits


def diffusion_coefficient(p_sq: np.ndarray, kicks: int) -> float:
    """D = <p^2>(t_f) / t_f from the final value of a <p^2> time series (t_f = kicks)."""
    return float(np.asarray(p_sq)[-1]) / kicks


def fit_profile(momenta: np.ndarray, probabilities: np.ndarray, shape: str) -> tuple[float, float]:
    """Fit log P = log A - f(p) with f = p^2 / zeta (``gaussian``) or |p| / xi (``exponential``).

    Returns (width zeta or xi, r^2 of the log-linear fit). Points with P <= FIT_FLOOR are ignored.
    """
    p = np.abs(np.asarray(momenta, dtype=float))
    P = np.asarray(probabilities, dtype=float)
    keep = P > FIT_FLOOR
    variable = p[keep] ** 2 if shape == "gaussian" else p[keep]
    logs = np.log(P[keep])
    slope, intercept = np.polyfit(variable, logs, 1)
    residual = logs - (slope * variable + intercept)
    r2 = 1.0 - float(residual @ residual) / float(((logs - logs.mean()) ** 2).sum())
    return -1.0 / slope, r2


def histogram(momenta: np.ndarray, edges: np.ndarray) -> np.ndarray:
    """Probability per bin of |p| for an ensemble of momenta (normalized to the fraction inside the edges)."""
    counts, _ = np.histogram(np.abs(momenta), bins=edges)
    return counts / max(len(momenta), 1)
