"""Fits and distances behind the claims of Figs. 2-5: straight lines in log coordinates, with standard errors.

Every fit here is an ordinary least-squares straight line y = a + b x (`line_fit`) in suitable coordinates:

- momentum profiles (Fig. 2(b)): Gaussian P(p) = A exp(-p^2 / zeta) is log P linear in p^2; exponential
  P(p) = A exp(-|p| / xi) is log P linear in |p|. The quantum profile fluctuates strongly from one sine mode to
  the next (a localized state is a random-looking superposition), so it is first averaged over momentum bins
  (`noneq.kicked.observables.binned_density`); both shapes are then fitted to the *same* points (bins whose
  density exceeds ``floor`` times the largest), and their rms residual in log P is comparable: two parameters
  each, same data. The smaller rms residual is the better shape.
- exponential decay y = A exp(-rate x) (R against hbar_eff, Fig. 4(a); purity against t, Fig. 5): log y linear
  in x, ``rate = -b``;
- power law y = A x^(-exponent) (purity, Fig. 5): log y linear in log x.

Standard errors are the usual OLS ones, s^2 = sum(residual^2) / (n - 2), var(b) = s^2 / sum((x - mean x)^2):
they measure the scatter about the line, not a statistical error of the data (which are deterministic).

`crossing` finds where a sampled curve first crosses a level (threshold hbar_eff at R = 0.9 and R = 0.1,
Fig. 4(b)), interpolating log y linearly between the bracketing samples. `total_variation` is the distance
0.5 sum |P - Q| between two distributions on a common support (Fig. 3(c)).

Examples
--------
>>> import numpy as np
>>> x = np.linspace(0.0, 1.0, 5)
>>> round(exponential_fit(x, 2.0 * np.exp(-3.0 * x)).rate, 6)
3.0
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from noneq.core.errors import bad_value

PROFILE_SHAPES = ("gaussian", "exponential")
MIN_POINTS = 3  # a line through two points has no residual: standard errors need at least three


@dataclass(frozen=True)
class LineFit:
    """y = intercept + slope x: estimates, OLS standard errors, rms residual, number of points."""

    slope: float
    intercept: float
    slope_stderr: float
    intercept_stderr: float
    rms: float
    points: int


@dataclass(frozen=True)
class DecayFit:
    """y = prefactor * exp(-rate x) (``power`` False) or prefactor * x^(-rate) (``power`` True), fitted in logs;
    ``rms`` is the rms residual of log y."""

    rate: float
    rate_stderr: float
    prefactor: float
    rms: float
    points: int


@dataclass(frozen=True)
class ProfileFit:
    """P(p) = amplitude * exp(-p^2 / width) (gaussian) or amplitude * exp(-|p| / width) (exponential)."""

    shape: str
    width: float
    width_stderr: float
    amplitude: float
    rms: float
    points: int


def line_fit(x, y) -> LineFit:
    """Ordinary least squares y = a + b x over finite pairs; at least MIN_POINTS of them."""
    x, y = np.asarray(x, dtype=float).ravel(), np.asarray(y, dtype=float).ravel()
    if x.shape != y.shape:
        raise bad_value("y", f"shape {y.shape}", f"the shape of x, {x.shape}")
    keep = np.isfinite(x) & np.isfinite(y)
    x, y = x[keep], y[keep]
    n = x.size
    if n < MIN_POINTS:
        raise bad_value("points", n, f"at least {MIN_POINTS} finite (x, y) pairs")
    spread = float(((x - x.mean()) ** 2).sum())
    if spread == 0.0:
        raise bad_value("x", "all equal", "at least two distinct x values")
    slope = float(((x - x.mean()) * (y - y.mean())).sum()) / spread
    intercept = float(y.mean()) - slope * float(x.mean())
    residual = y - intercept - slope * x
    s2 = float(residual @ residual) / (n - 2)
    return LineFit(slope, intercept, math.sqrt(s2 / spread), math.sqrt(s2 * (1.0 / n + x.mean() ** 2 / spread)),
                   math.sqrt(float(residual @ residual) / n), n)


def _positive_logs(name: str, y) -> np.ndarray:
    y = np.asarray(y, dtype=float)
    if np.any(y[np.isfinite(y)] <= 0.0):
        raise bad_value(name, "values <= 0", "positive values (the fit is made in log coordinates)")
    return np.log(y)


def exponential_fit(x, y) -> DecayFit:
    """y = A exp(-rate x): OLS line of log y against x."""
    line = line_fit(x, _positive_logs("y", y))
    return DecayFit(-line.slope, line.slope_stderr, math.exp(line.intercept), line.rms, line.points)


def power_law_fit(x, y) -> DecayFit:
    """y = A x^(-rate): OLS line of log y against log x (x > 0)."""
    line = line_fit(_positive_logs("x", x), _positive_logs("y", y))
    return DecayFit(-line.slope, line.slope_stderr, math.exp(line.intercept), line.rms, line.points)


def profile_fits(momenta, density, *, floor: float) -> dict[str, ProfileFit]:
    """Gaussian and exponential fits of a momentum profile on the same points (module docstring).

    ``momenta``, ``density``: e.g. bin centres and `noneq.kicked.observables.binned_density`. Non-finite entries
    are skipped, and so are points with density <= ``floor`` * max (0 < floor < 1: the tail below it is rounding
    noise or beyond the evolved time's reach).
    """
    if not (0.0 < floor < 1.0):
        raise bad_value("floor", floor, "a number in (0, 1)")
    p, D = np.abs(np.asarray(momenta, dtype=float)), np.asarray(density, dtype=float)
    finite = np.isfinite(D)
    keep = finite & (D > floor * D[finite].max())
    centres, logs = p[keep], np.log(D[keep])
    fits = {}
    for shape, variable in (("gaussian", centres ** 2), ("exponential", centres)):
        line = line_fit(variable, logs)
        width = -1.0 / line.slope if line.slope < 0.0 else math.inf
        fits[shape] = ProfileFit(shape, width, line.slope_stderr / line.slope ** 2, math.exp(line.intercept),
                                 line.rms, line.points)
    return fits


def crossing(x, y, level: float) -> float:
    """First x at which the sampled y (ordered by x) falls to or below ``level`` from above; log-linear
    interpolation between the bracketing samples. NaN if y never crosses (stays above or starts below)."""
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    order = np.argsort(x)
    x, y = x[order], y[order]
    if not level > 0.0:
        raise bad_value("level", level, "a number > 0")
    if y.size == 0 or not y[0] > level:
        return math.nan
    for k in range(1, y.size):
        if y[k] <= level:
            lo, hi = math.log(y[k - 1]), math.log(max(y[k], 1e-300))
            return float(x[k - 1] + (x[k] - x[k - 1]) * (lo - math.log(level)) / (lo - hi))
    return math.nan


def total_variation(P, Q) -> float:
    """0.5 sum |P - Q| of two non-negative weight vectors on the same support (e.g. densities on the same bins),
    each normalized to unit sum first; NaN entries (empty bins) count as 0. In [0, 1]."""
    P, Q = np.nan_to_num(np.asarray(P, dtype=float)), np.nan_to_num(np.asarray(Q, dtype=float))
    if P.shape != Q.shape:
        raise bad_value("Q", f"shape {Q.shape}", f"the shape of P, {P.shape}")
    if np.any(P < 0.0) or np.any(Q < 0.0) or P.sum() <= 0.0 or Q.sum() <= 0.0:
        raise bad_value("P, Q", "negative or all-zero weights", "non-negative weights with a positive sum")
    return 0.5 * float(np.abs(P / P.sum() - Q / Q.sum()).sum())
