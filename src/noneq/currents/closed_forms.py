"""Closed forms for the integrated current through the origin (conventions: `noneq.currents.model`).

Exposes the continuum and lattice means and covariances of non-interacting particles and of SEP at equilibrium,
the large-t step variances (annealed and quenched), the final-time generating functions (Derrida-Gerschenfeld),
the quenched cumulants of walkers as Bernoulli sums, and the exact kick solution of the P equation. Corrections
of the paper are derived in docs/papers/currents.md.

Continuum, non-interacting particles (D = 1, sigma = 2 rho), step densities rho_a | rho_b, t1 <= t2:

    <Q(t)>                      = (rho_a - rho_b) sqrt(t / pi)                     (corrected eq. (37))
    <Q(t1) Q(t2)>_c, annealed   = (rho_a + rho_b) / (2 sqrt(pi)) [sqrt(t1) + sqrt(t2) - sqrt(t2 - t1)]   (eq. 38)
    <Q(t1) Q(t2)>_c, quenched   = (rho_a + rho_b) / (2 sqrt(pi)) [sqrt(t1 + t2) - sqrt(t2 - t1)]   (after eq. 38)

Lattice (unit hop rate each way), h(t) = t e^{-2t} [I_0(2t) + I_1(2t)] = E|X_t| / 2 for a free walker:

    <Q(t)> = (rho_a - rho_b) h(t)                                   (SEP and independent walkers)
    walkers, annealed (Poisson):  (rho_a + rho_b) [h(t1) + h(t2) - h(t2 - t1)] / 2
    SEP, equilibrium, annealed:   rho (1 - rho) [h(t1) + h(t2) - h(t2 - t1)]
    quenched = annealed - sum_k Var(n_k) a_k(t1) a_k(t2),  a_k(t) = d<Q(t)>/d n_k(0)  (law of total covariance;
    exact because E[Q | init] is linear in the initial occupations for both processes).

Final time, lambda(t) = B delta(T - t), non-interacting (Derrida-Gerschenfeld):
    annealed mu = sqrt(T / pi) [rho_a (e^B - 1) + rho_b (e^-B - 1)],
    quenched mu = int_0^inf dx {rho_a ln[1 + (e^B - 1) p(x)] + rho_b ln[1 + (e^-B - 1) p(x)]},
    p(x) = erfc(x / sqrt(4T)) / 2.

Examples
--------
>>> round(float(lattice_h(50.0)) / float(np.sqrt(50 / np.pi)), 3)
0.999
"""

from __future__ import annotations

import numpy as np
from scipy.integrate import quad
from scipy.special import erfc, ive

from noneq.core.errors import bad_value
from noneq.core.validation import integer, real, real_array
from noneq.currents.model import (MAX_INDEPENDENT_DENSITY, MAX_LATTICE_TIME, check_average, check_densities,
                                  check_lattice_times, check_process, exact_half_width)

MAX_B = 700.0  # |B| of a final-time weight: e^B must stay finite


def _times(name: str, t) -> np.ndarray:
    return real_array(name, t, minimum=0.0, exclusive_minimum=True)

QUAD_TOLERANCE = 1e-12  # relative accuracy of the adaptive quadrature in the quenched final-time formula


def continuum_mean(rho_a: float, rho_b: float, t):
    """<Q(t)> = (rho_a - rho_b) sqrt(t / pi) in the continuum (D = 1; corrected eq. (37)).

    >>> round(float(continuum_mean(1.0, 0.0, np.pi)), 12)
    1.0
    """
    rho_a, rho_b = check_densities(rho_a, rho_b)
    return (rho_a - rho_b) * np.sqrt(_times("t", t) / np.pi)


def continuum_covariance(rho_a: float, rho_b: float, t1, t2, average: str):
    """<Q(t1) Q(t2)>_c for non-interacting particles in the continuum: eq. (38) (annealed) or its quenched
    counterpart (module docstring); t1, t2 broadcast, either order.

    >>> round(float(continuum_covariance(0.6, 0.3, 2.0, 2.0, "annealed")
    ...             / continuum_covariance(0.6, 0.3, 2.0, 2.0, "quenched")), 6)  # sqrt(2)
    1.414214
    """
    check_average(average)
    rho_a, rho_b = check_densities(rho_a, rho_b)
    t1, t2 = _times("t1", t1), _times("t2", t2)
    t1, t2 = np.minimum(t1, t2), np.maximum(t1, t2)
    lag = np.sqrt(t2 - t1)
    if average == "annealed":
        bracket = np.sqrt(t1) + np.sqrt(t2) - lag
    else:
        bracket = np.sqrt(t1 + t2) - lag
    return (rho_a + rho_b) / (2 * np.sqrt(np.pi)) * bracket


def lattice_h(t):
    """h(t) = t e^{-2t} [I_0(2t) + I_1(2t)]: mean of max(X_t, 0) for a walker hopping at rate 1 each way.

    >>> round(float(lattice_h(1.0)), 4)
    0.5238
    """
    t = check_lattice_times("t", t)
    return t * (ive(0, 2 * t) + ive(1, 2 * t))


def lattice_mean(rho_a: float, rho_b: float, t):
    """<Q(t)> = (rho_a - rho_b) h(t) on the lattice (SEP and walkers: the density obeys the lattice heat equation).

    >>> round(float(lattice_mean(0.8, 0.2, 1.0)), 4)
    0.3143
    """
    rho_a, rho_b = check_densities(rho_a, rho_b)
    return (rho_a - rho_b) * lattice_h(t)


def _tail_overlap(t1: float, t2: float) -> float:
    """sum_{n >= 1} P(X_t1 >= n) P(X_t2 >= n) = sum over left sites of a_k(t1) a_k(t2) for a free walker."""
    from scipy.stats import skellam  # here, not at import: scipy.stats costs ~0.5 s of start-up

    n = np.arange(1, exact_half_width(max(t1, t2)) + 1)
    return float(np.sum(skellam.sf(n - 1, t1, t1) * skellam.sf(n - 1, t2, t2)))


def lattice_covariance(process: str, rho_a: float, rho_b: float, t1: float, t2: float, average: str) -> float:
    """Exact lattice <Q(t1) Q(t2)>_c: independent walkers (any rho_a, rho_b) or SEP at equilibrium.

    SEP with rho_a != rho_b has no closed form here (`NoneqInputError`): use
    `noneq.currents.lattice.lattice_correlations`.

    >>> round(lattice_covariance("sep", 0.5, 0.5, 1.0, 2.0, "annealed"), 4)
    0.1929
    """
    check_process(process)
    check_average(average)
    rho_a, rho_b = check_densities(rho_a, rho_b, maximum=1.0 if process == "sep" else MAX_INDEPENDENT_DENSITY)
    t1, t2 = (real(name, value, minimum=0.0, maximum=MAX_LATTICE_TIME) for name, value in (("t1", t1), ("t2", t2)))
    t1, t2 = min(t1, t2), max(t1, t2)
    pair = 0.5 * (lattice_h(t1) + lattice_h(t2) - lattice_h(t2 - t1))  # sum_n P(X_t1 >= n, X_t2 >= n)
    if process == "independent":
        annealed, weight = (rho_a + rho_b) * pair, rho_a + rho_b
    elif rho_a == rho_b:
        annealed = 2 * rho_a * (1 - rho_a) * pair
        weight = 2 * rho_a * (1 - rho_a)
    else:
        raise bad_value("rho_b", rho_b, f"rho_a = {rho_a:g} for SEP (a step has no closed form here: use "
                        "noneq.currents.lattice.lattice_correlations)")
    if average == "annealed":
        return float(annealed)
    return float(annealed - weight * _tail_overlap(t1, t2))


ERFC_SQUARE_INTEGRAL = (2 - np.sqrt(2)) / np.sqrt(np.pi)  # int_0^inf erfc(u)^2 du (tested against quadrature)


def sep_equal_time_variance_large_t(rho_a: float, rho_b: float, average: str = "annealed") -> float:
    """SEP step, lim <Q(t)^2>_c / sqrt(t).

    annealed (Derrida-Gerschenfeld):
        [rho_a + rho_b - 2 rho_a rho_b - (rho_a - rho_b)^2 / sqrt(2)] / sqrt(pi);
    quenched (`quenched_variance_deficit` subtracted; derived here, not copied):
        [(rho_a + rho_b) / sqrt(2) - (sqrt(2) - 1) (rho_a^2 + rho_b^2) - (2 - sqrt(2)) rho_a rho_b] / sqrt(pi).
    At rho_a = rho_b = rho these are eqs. (49) and (48) at t1 = t2 (sqrt(2) and 1 times sqrt(2) rho (1 - rho) /
    sqrt(pi)); at 1 | 0 the initial state is deterministic and they coincide (1 - 1/sqrt(2)) / sqrt(pi).

    >>> round(sep_equal_time_variance_large_t(1.0, 0.0), 4), round(sep_equal_time_variance_large_t(1.0, 0.0,
    ...                                                                                       "quenched"), 4)
    (0.1653, 0.1653)
    """
    check_average(average)
    annealed = (rho_a + rho_b - 2 * rho_a * rho_b - (rho_a - rho_b) ** 2 / np.sqrt(2)) / np.sqrt(np.pi)
    if average == "annealed":
        return float(annealed)
    return float(annealed - quenched_variance_deficit("sep", rho_a, rho_b))


def quenched_variance_deficit(process: str, rho_a: float, rho_b: float) -> float:
    """lim [<Q(t)^2>_c,annealed - <Q(t)^2>_c,quenched] / sqrt(t) for a step (SEP or independent walkers).

    Law of total variance, exact on the lattice because E[Q(t) | init] = sum_k a_k(t) n_k(0) is linear in the
    initial occupations (the one-point function obeys the free lattice heat equation for both models):
        annealed - quenched = Var(E[Q | init]) = sum_k Var(n_k) a_k(t)^2,
    a_k(t) -> +-erfc(|x| / sqrt(4t)) / 2 at large t, so sum_k a_k^2 -> 2 sqrt(t) ERFC_SQUARE_INTEGRAL / 2 per side:
        deficit = [v(rho_a) + v(rho_b)] (2 - sqrt(2)) / (2 sqrt(pi)),  v = rho (1 - rho) (SEP), rho (walkers).

    >>> round(quenched_variance_deficit("sep", 1.0, 0.0), 12)  # deterministic initial state
    0.0
    """
    variance = (lambda r: r * (1 - r)) if check_process(process) == "sep" else (lambda r: r)
    return float((variance(rho_a) + variance(rho_b)) * ERFC_SQUARE_INTEGRAL / 2)


def step_variance_large_t(process: str, rho_a: float, rho_b: float, average: str) -> float:
    """lim <Q(t)^2>_c / sqrt(t) for a step: SEP (`sep_equal_time_variance_large_t`) or independent walkers
    ((rho_a + rho_b) / sqrt(pi) annealed, (rho_a + rho_b) / sqrt(2 pi) quenched: eq. (38) and its quenched form).

    >>> round(float(step_variance_large_t("independent", 0.5, 0.5, "annealed") * np.sqrt(np.pi)), 12)
    1.0
    """
    check_average(average)
    if check_process(process) == "sep":
        return sep_equal_time_variance_large_t(rho_a, rho_b, average)
    annealed = (rho_a + rho_b) / np.sqrt(np.pi)
    return float(annealed if average == "annealed" else annealed - quenched_variance_deficit(process, rho_a, rho_b))


BERNOULLI_CUMULANTS = {1: lambda p: p, 2: lambda p: p * (1 - p), 3: lambda p: p * (1 - p) * (1 - 2 * p),
                       4: lambda p: p * (1 - p) * (1 - 6 * p * (1 - p))}  # kappa_n of a Bernoulli(p) variable


def walkers_quenched_cumulant(rho_a: float, rho_b: float, t: float, order: int) -> float:
    """Equal-time quenched cumulant of order 1..4 of Q(t) for independent walkers on the lattice (Poisson initial
    occupations), from the crossing probabilities p_k(t) = |a_k(t)|:

        <Q(t)^n>_c,quenched = sum_{k <= 0} rho_a kappa_n(p_k) + (-1)^n sum_{k >= 1} rho_b kappa_n(p_k),

    since given the initial configuration Q is a sum of independent +-Bernoulli(p_k) crossings (a walker on site
    k <= 0 adds +1 if it ends right of the bond, one on k >= 1 adds -1 if it ends left), and E[n_k] = rho_k.
    Independent of the PDE route of `noneq.currents.generating` (used to test it).

    >>> round(walkers_quenched_cumulant(0.8, 0.2, 1.0, 1), 4)  # the mean (rho_a - rho_b) h(1)
    0.3143
    """
    from scipy.stats import skellam

    order = integer("order", order, minimum=1, maximum=4)
    n = np.arange(1, exact_half_width(t) + 1)
    p = skellam.sf(n - 1, t, t)  # same on both sides by symmetry: P(X_t >= n) = P(X_t <= -n)
    kappa = np.sum(BERNOULLI_CUMULANTS[order](p))
    return float((rho_a + (-1) ** order * rho_b) * kappa)


def final_time_mu(rho_a: float, rho_b: float, T: float, B: float, average: str) -> float:
    """mu for lambda = B delta(T - t), non-interacting particles, D = 1 (module docstring).

    >>> round(final_time_mu(0.5, 0.5, np.pi, 0.1, "annealed"), 6)  # cosh(0.1) - 1
    0.005004
    """
    check_average(average)
    rho_a, rho_b = check_densities(rho_a, rho_b)
    T, B = _final_time(T, B)
    if average == "annealed":
        return float(np.sqrt(T / np.pi) * (rho_a * np.expm1(B) + rho_b * np.expm1(-B)))

    def integrand(x: float) -> float:
        p = 0.5 * erfc(x / np.sqrt(4 * T))
        return rho_a * np.log1p(np.expm1(B) * p) + rho_b * np.log1p(np.expm1(-B) * p)

    return float(quad(integrand, 0, np.inf, epsrel=QUAD_TOLERANCE, limit=200)[0])


def _final_time(T, B) -> tuple[float, float]:
    return (real("T", T, minimum=0.0, exclusive_minimum=True),
            real("B", B, minimum=-MAX_B, maximum=MAX_B, allowed=f"a finite amplitude with |B| <= {MAX_B:g}"))


def sep_annealed_mu(rho_a: float, rho_b: float, T: float, B: float) -> float:
    """Derrida-Gerschenfeld's exact SEP result (Bethe ansatz; J. Stat. Phys. 136, 1 (2009)), step rho_a | rho_b,
    annealed, lambda = B delta(T - t), large T: mu = sqrt(T) F(omega),
    omega = rho_a (e^B - 1) + rho_b (e^-B - 1) + rho_a rho_b (e^B - 1)(e^-B - 1) > -1,
    F(omega) = sum_{n >= 1} (-1)^(n+1) omega^n / (sqrt(pi) n^(3/2)) = -Li_{3/2}(-omega) / sqrt(pi)
             = (2 / pi) int_0^inf sqrt(u) omega e^-u / (1 + omega e^-u) du   (Fermi-Dirac form, all omega > -1).
    (A reference value for the solver: MFT reproduces it, Derrida-Gerschenfeld, J. Stat. Phys. 137, 978 (2009).)

    >>> round(sep_annealed_mu(0.5, 0.5, 1.0, 1e-3) / 1e-6, 3)  # B^2 / 2 times eq. (49) at t = 1: 0.1410
    0.141
    """
    rho_a, rho_b = check_densities(rho_a, rho_b, maximum=1.0)
    T, B = _final_time(T, B)
    up, down = np.expm1(B), np.expm1(-B)
    omega = rho_a * up + rho_b * down + rho_a * rho_b * up * down
    integral = quad(lambda u: np.sqrt(u) * omega * np.exp(-u) / (1 + omega * np.exp(-u)), 0, np.inf,
                    epsabs=0.0, epsrel=QUAD_TOLERANCE, limit=200)[0]
    return float(np.sqrt(T) * 2 / np.pi * integral)


def delta_kick_solution(x, t, t1: float, B: float):
    """Exact P_lambda for lambda = B delta(t - t1), t < t1 (the paper's Appendix A is first order only;
    docs/papers/currents.md): P(x, t) = 1 + (e^B - 1) erfc(-x / sqrt(4 (t1 - t))) / 2.

    >>> float(delta_kick_solution(0.0, 0.0, 1.0, np.log(3.0)))  # 1 + 2 / 2
    2.0
    """
    return 1 + np.expm1(B) * 0.5 * erfc(-np.asarray(x, float) / np.sqrt(4 * (t1 - t)))
