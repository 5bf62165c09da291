"""Entropy production of the relaxation from a step, and the pseudo entropy production of the uncertainty relation
for relaxing systems (docs/papers/currents.md, "Beyond the paper: the uncertainty relation of the relaxation").

Exposes `entropy_production` (Sigma(t)), `pseudo_entropy_production` (Sigma_ps(t), independent walkers; SEP's
comes with the lattice solve, `noneq.currents.lattice`), `entropy_production_large_t` (lim Sigma / sqrt(t)),
`current_rate` (d<Q>/dt), `density_offsets` and `relative_entropy`.

Both gases hop at rate 1 each way and obey detailed balance with respect to every product equilibrium measure
pi_m (Poisson(m) occupations for walkers, Bernoulli(m) for SEP), so no heat flows and the total entropy
production up to t is the decrease of the relative entropy to equilibrium (particle number is conserved, so the
choice of m drops out):

    Sigma(t) = D(p_0 || pi_m) - D(p_t || pi_m) = sum_j [d(rho_j(0) || m) - d(rho_j(t) || m)] - I(p_t),

d the relative entropy of one site's occupation, I(p_t) >= 0 the multi-information (correlations) of p_t. For
walkers started from Poisson occupations p_t stays a product of Poisson laws: I = 0 and the sum is exact. For
SEP the sum is the local-equilibrium entropy production, an upper bound (I = O(1) while Sigma ~ sqrt(t)).
The density is rho_j(t) = m + delta w_j(t), delta = rho_a - rho_b, with w_j = P(X_t >= j) - 1/2 for a free
walker's displacement X_t (both gases: the one-point function obeys the lattice heat equation).

Pseudo entropy production (the Fisher information of a time-rescaling perturbation of the hop rates, twice):

    Sigma_ps(t) = int_0^t ds sum_j 2 J_j(s)^2 / a_j(s) <= Sigma(t),

J_j = rho_j - rho_{j+1} = delta P(X_s = j) the mean current through bond j, a_j its mean activity (walkers:
rho_j + rho_{j+1}; SEP: <tau_j (1 - tau_{j+1}) + tau_{j+1} (1 - tau_j)>).

Everything is computed divided by delta^2 (no cancellation, no underflow for small steps) and multiplied back.

Examples
--------
>>> model = CurrentsModel("independent", 0.8, 0.2)
>>> bool(pseudo_entropy_production(model, [5.0])[0] < entropy_production(model, [5.0])[0])
True
"""

from __future__ import annotations

import numpy as np
from scipy.integrate import quad
from scipy.special import erf, ive, xlogy

from noneq.core.errors import NumericalError
from noneq.currents.model import (CurrentsModel, check_densities, check_lattice_times, check_model, check_process,
                                  check_times, exact_half_width)

SERIES_LIMIT = 0.01  # |u| below which g(1 + u) / u^2 is summed as a series (direct formula loses ~eps/u there)
SERIES_TERMS = 14  # terms of that series: the first omitted one is below 1e-28 relative
QUAD_RTOL = 1e-10  # relative accuracy of the time integral of the pseudo entropy production rate
QUAD_LIMIT = 200  # subintervals of that adaptive quadrature


def _g_over_square(u: np.ndarray) -> np.ndarray:
    """G(u) = g(1 + u) / u^2, g(r) = r ln r - r + 1 (the Poisson relative entropy per unit of the reference
    mean), for u in [-1, inf): G(u) = sum_{n >= 2} (-1)^n u^(n-2) / (n (n - 1)), G(-1) = 1."""
    u = np.asarray(u, dtype=float)
    small = np.abs(u) < SERIES_LIMIT
    out = np.empty_like(u)
    us = u[small]
    series = np.zeros_like(us)
    for n in range(SERIES_TERMS + 1, 1, -1):  # Horner from the highest term
        series = series * (-us) + 1.0 / (n * (n - 1))
    out[small] = series
    ub = u[~small]
    r = np.maximum(1 + ub, 0.0)  # occupations are >= 0: r < 0 only by rounding
    out[~small] = (xlogy(r, r) - ub) / ub ** 2
    return out


def relative_entropy(process: str, rho, reference: float):
    """Relative entropy d(rho || m) of one site's occupation law (mean rho) to the equilibrium law of mean
    m = ``reference``: Poisson, m g(rho / m) (walkers); Bernoulli, m g(rho / m) + (1 - m) g((1 - rho) / (1 - m))
    (SEP); g(r) = r ln r - r + 1. Accurate (no cancellation) for rho near m.

    >>> float(relative_entropy("sep", 0.0, 0.5)) == float(np.log(2))
    True
    """
    process = check_process(process)
    rho = np.asarray(rho, dtype=float)
    return _scaled_relative_entropy(process, rho - reference, reference, 1.0)


def _scaled_relative_entropy(process: str, w: np.ndarray, m: float, delta: float) -> np.ndarray:
    """d(m + delta w || m) / delta^2 without forming delta^2 (w may be an array of offsets)."""
    w = np.asarray(w, dtype=float)
    value = w ** 2 * _g_over_square(delta * w / m) / m
    if process == "sep":
        value = value + w ** 2 * _g_over_square(-delta * w / (1 - m)) / (1 - m)
    return value


def density_offsets(t: float, sites: int) -> np.ndarray:
    """c_n(t) = P(X_t >= 1) + ... as the offsets of the step's profile: for n = 1..``sites``,
    c_n = P(X_t = 0) / 2 + sum_{k=1}^{n-1} P(X_t = k) (= 1/2 - P(X_t >= n)), so that
    rho_n(t) = m - delta c_n and rho_{1-n}(t) = m + delta c_n (m = (rho_a + rho_b) / 2, delta = rho_a - rho_b),
    summed from positive terms only (exact to rounding for every n).

    >>> density_offsets(0.0, 3).tolist()
    [0.5, 0.5, 0.5]
    """
    pmf = ive(np.arange(sites), 2.0 * t)  # P(X_t = k) = e^{-2t} I_k(2t)
    # a density stays within [rho_b, rho_a]: the rounding of the sum may exceed 1/2 by an ulp
    return np.minimum(np.concatenate([[0.5 * pmf[0]], 0.5 * pmf[0] + np.cumsum(pmf[1:])]), 0.5)


def _step(model: CurrentsModel) -> tuple[float, float]:
    return 0.5 * (model.rho_a + model.rho_b), model.rho_a - model.rho_b


def _scaled_entropy_production(model: CurrentsModel, t: float) -> float:
    """Sigma(t) / delta^2: sum over the pairs of sites n, 1 - n (module docstring)."""
    m, delta = _step(model)
    if delta == 0.0:
        return 0.0
    c = density_offsets(t, exact_half_width(t) + 2)
    initial = _scaled_relative_entropy(model.process, np.array([0.5, -0.5]), m, delta).sum()
    now = (_scaled_relative_entropy(model.process, c, m, delta)
           + _scaled_relative_entropy(model.process, -c, m, delta))
    return float(np.sum(initial - now))


def entropy_production(model: CurrentsModel, times) -> np.ndarray:
    """Sigma(t): total entropy production of the relaxation from the annealed step up to each time (nats).

    Exact for independent walkers; for SEP the local-equilibrium value, an upper bound on the exact one (module
    docstring). The same function of the mean profile serves the quenched average (docs/papers/currents.md).

    Parameters
    ----------
    model : CurrentsModel
    times : sequence of float
        Increasing times > 0 (at most 1e6).

    Returns
    -------
    numpy.ndarray
        Sigma at each time.

    Examples
    --------
    >>> sigma = entropy_production(CurrentsModel("independent", 1.0, 0.0), [1e-3])
    >>> round(float(sigma[0]) / 1e-3, 2)  # ~ t [1 - ln t] for the step 1 | 0 at short times
    7.91
    """
    model = check_model(model)
    t = check_times(times)
    check_lattice_times("times", t)
    delta = model.rho_a - model.rho_b
    return np.array([_scaled_entropy_production(model, float(s)) for s in t]) * delta ** 2


def current_rate(model: CurrentsModel, times) -> np.ndarray:
    """d<Q>/dt = rho_0(t) - rho_1(t) = (rho_a - rho_b) P(X_t = 0) = (rho_a - rho_b) e^{-2t} I_0(2t).

    >>> round(float(current_rate(CurrentsModel("sep", 1.0, 0.0), [0.0])[0]), 12)
    1.0
    """
    model = check_model(model)
    t = check_lattice_times("times", times)
    return (model.rho_a - model.rho_b) * ive(0, 2.0 * np.atleast_1d(t))


def _walkers_pseudo_rate(s: float, model: CurrentsModel, sites: int) -> float:
    """sum_j 2 P(X_s = j)^2 / a_j over the bonds j = -sites..sites-1, a_j = rho_j + rho_{j+1} (walkers)."""
    m, delta = _step(model)
    pmf = ive(np.arange(sites + 1), 2.0 * s)
    c = density_offsets(s, sites + 1)
    # bond j >= 0 joins sites j, j + 1: rho_j + rho_{j+1} = 2m - delta (c_j + c_{j+1}) (site 0 is the pair of n = 1)
    right = 2 * m - delta * (np.concatenate([[-c[0]], c[:-1]]) + c)  # bonds 0..sites
    left = 2 * m + delta * (c[1:] + c[:-1])  # bond -1-n joins sites -1-n, -n: offsets c_{n+2}, c_{n+1}
    current_right = pmf  # |J_j| / delta for bond j >= 0: P(X = j)
    current_left = pmf[1:]  # bond -1-n: P(X = -1-n) = P(X = n + 1)
    total = 0.0
    for current, activity in ((current_right, right), (current_left, left)):
        # a_j >= |J_j| (a = A + B >= |A - B|): the floor only matters for rounding-level a_j
        floor = np.maximum(activity, abs(delta) * current)
        total += float(np.sum(np.divide(2 * current ** 2, floor, out=np.zeros_like(floor), where=current > 0)))
    return total


def pseudo_entropy_production(model: CurrentsModel, times) -> np.ndarray:
    """Sigma_ps(t) of independent walkers (module docstring): int_0^t sum_j 2 J_j^2 / (rho_j + rho_{j+1}) ds.

    SEP's needs the pair correlations of neighbours: `noneq.currents.lattice.lattice_correlations` returns it
    (``pseudo_entropy_production``).

    >>> model = CurrentsModel("independent", 0.6, 0.4)
    >>> round(float(pseudo_entropy_production(model, [1e-4])[0]) / 1e-4, 4)  # 2 delta^2 / (rho_a + rho_b)
    0.08
    """
    model = check_model(model)
    if model.process != "independent":
        raise NotImplementedError("SEP's pseudo entropy production comes from noneq.currents.lattice")
    t = check_times(times)
    check_lattice_times("times", t)
    m, delta = _step(model)
    if delta == 0.0:
        return np.zeros(t.size)
    sites = exact_half_width(float(t[-1])) + 2
    out, total, start = [], 0.0, 0.0
    for stop in t:
        value, error = quad(_walkers_pseudo_rate, start, float(stop), args=(model, sites), epsabs=0.0,
                            epsrel=QUAD_RTOL, limit=QUAD_LIMIT)
        if not np.isfinite(value):
            raise NumericalError(f"pseudo entropy production not finite on [{start:g}, {stop:g}]")
        total += value
        out.append(total)
        start = float(stop)
    return np.array(out) * delta ** 2


def entropy_production_large_t(process: str, rho_a: float, rho_b: float) -> float:
    """lim Sigma(t) / sqrt(t) = int dxi [f(rho(xi, 0)) - f(rho(xi))] (continuum, xi = x / sqrt(t),
    rho(xi) = rho_b + (rho_a - rho_b) erfc(xi / 2) / 2, f the free energy density: rho ln rho for walkers,
    rho ln rho + (1 - rho) ln(1 - rho) for SEP); Sigma_ps / sqrt(t) has the same limit.

    >>> round(entropy_production_large_t("independent", 0.51, 0.49) / 0.02 ** 2, 4)  # 1/sqrt(2 pi) / rho
    0.7979
    """
    process = check_process(process)
    rho_a, rho_b = check_densities(rho_a, rho_b, maximum=1.0 if process == "sep" else 1e3)
    m, delta = 0.5 * (rho_a + rho_b), rho_a - rho_b
    if delta == 0.0:
        return 0.0
    initial = float(_scaled_relative_entropy(process, np.array([0.5, -0.5]), m, delta).sum())

    def integrand(xi: float) -> float:
        c = 0.5 * erf(xi / 2)
        now = _scaled_relative_entropy(process, np.array([c, -c]), m, delta).sum()
        return initial - float(now)

    return float(quad(integrand, 0.0, np.inf, epsabs=0.0, epsrel=QUAD_RTOL, limit=QUAD_LIMIT)[0]) * delta ** 2

