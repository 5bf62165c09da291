"""Weak-coupling (Redfield) description of the spin-GORM model and its bath correlation function (hbar = k_B = 1).

Bath correlation function (eq. (32)) and its Fourier transform, in the convention of docs/papers/reservoir.md:

    alpha(t) = Tr_r rho_r^eq e^{i H_r t} R e^{-i H_r t} R = sum_nm p_n R_nm^2 e^{i (E_n - E_m) t},
    alpha~(w) = (1/2pi) int dt e^{i w t} alpha(t) = sum_nm p_n R_nm^2 delta(w - (E_m - E_n)),

so alpha~(w > 0) is the reservoir absorbing energy w. For N -> infinity (GOE average, <R_nm^2> = 1/(8N), level
density N on [-1/2, 1/2]) the corrected eq. (33) (the printed one is garbled; see docs/papers/reservoir.md):

    alpha~(|w|) = (1/8) (e^{b/2} - e^{-b/2} e^{b|w|}) / (e^{b/2} - e^{-b/2})  for |w| <= 1, 0 beyond,
    alpha~(-|w|) = e^{-b|w|} alpha~(|w|)  (detailed balance),
    alpha(t) = (1/8) <e^{i E t}>_beta sin(t/2) / (t/2)   (its Fourier transform).

Redfield rates (eq. (31)): gamma = 2 pi lambda^2 (alpha~(D) + alpha~(-D)) and
<sz>_eq = (alpha~(-D) - alpha~(D)) / (alpha~(-D) + alpha~(D)) (= -tanh(beta D/2) with the N -> infinity form);
the spin relaxes as eq. (30) and its QME entropy production is eq. (25) evaluated on the (diagonal) QME state:
Delta_i S_bar = Delta S - beta (D/2) (<sz>_t - <sz>_0), increasing and concave, saturating at
D[rho_s(0) || rho_s^eq] (= ln(1 + e^{-beta D}) from the lower state). Entropies in nats.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np
from noneq.core import validation
from noneq.core.errors import bad_value
from noneq.core.resources import check_memory
from noneq.quantum import binary_entropy
from noneq.reservoir.model import SpinGorm, check_instance, invalid, real_values

HISTOGRAM_ROWS = 256  # rows of p_n R_nm^2 histogrammed at a time
PV_TOLERANCE = 1e-12  # absolute quadrature tolerance of the principal values (alpha~ <= 1/8)
BOX_EDGE = 1e-300  # exactly at a box edge the log-singular Hilbert kernel is capped (measure-zero event)
FLOAT = 8  # bytes per double
BLOCH_TOLERANCE = 1e-6  # |<sz>| of an estimated state may exceed 1 by rounding (typicality: ~1e-8)
DEFAULT_WIDTH = 0.05  # energy window over which a finite reservoir's delta peaks are smoothed (golden rule)


class RedfieldRates(NamedTuple):
    """The two numbers of eq. (31): the relaxation rate ``gamma`` (energy units) and ``sz_eq``."""

    gamma: float
    sz_eq: float


def _beta(beta) -> float:
    return validation.real("beta", beta, minimum=0.0)


def alpha_tilde_infinite(omega, beta: float) -> np.ndarray:
    """N -> infinity alpha~(omega) of the module docstring (corrected eq. (33)); array like ``omega``.

    >>> np.round(alpha_tilde_infinite([0.0, 0.5, -0.5, 1.5], 0.0), 6)
    array([0.125 , 0.0625, 0.0625, 0.    ])
    """
    b = _beta(beta)
    omega = real_values("omega", omega)
    w = np.abs(omega)
    inside = w <= 1.0
    wc = np.where(inside, w, 1.0)
    if b == 0.0:
        up = (1.0 - wc) / 8.0
    else:
        up = np.expm1(-b * (1.0 - wc)) / np.expm1(-b) / 8.0
    up = np.where(inside, up, 0.0)
    return np.where(omega >= 0, up, np.exp(-b * w) * up)


def alpha_infinite(times, beta: float) -> np.ndarray:
    """N -> infinity alpha(t) = (1/8) <e^{iEt}>_beta sinc(t/2) (complex, like ``times``).

    >>> complex(np.round(alpha_infinite(0.0, 10.0), 12))
    (0.125+0j)
    """
    b = _beta(beta)
    t = real_values("times", times)
    z = 1j * t - b
    small = np.abs(z) < 1e-8
    zs = np.where(small, 1.0, z)
    mean_x = np.where(small, 1.0, np.expm1(zs) / zs)             # int_0^1 e^{z x} dx
    norm = 1.0 if b == 0.0 else -math.expm1(-b) / b                 # int_0^1 e^{-b x} dx
    characteristic = np.exp(-0.5j * t) * mean_x / norm
    return characteristic * np.sinc(t / (2.0 * np.pi)) / 8.0


def alpha_finite(model: SpinGorm, times) -> np.ndarray:
    """alpha(t) of eq. (32) from the finite reservoir itself (complex, shape like ``times``); O(N^2 n_t).

    >>> model = SpinGorm(N=5, seed=1)
    >>> R = model.coupling_matrix()
    >>> bool(np.isclose(alpha_finite(model, 0.0), model.populations() @ np.diag(R @ R)))
    True
    """
    model = check_instance("model", model, SpinGorm)
    t = np.atleast_1d(real_values("times", times))
    check_memory(FLOAT * (3.0 * model.N ** 2 + 8.0 * model.N * t.size), f"alpha(t) of N = {model.N} levels at "
                 f"{t.size} times", "reduce the number of times")
    E, p, R = model.levels(), model.populations(), model.coupling_matrix()
    inner = (R * R) @ np.exp(-1j * np.outer(E, t))                    # sum_m R_nm^2 e^{-i E_m t}
    return np.einsum("n,nt->t", p * 1.0, np.exp(1j * np.outer(E, t)) * inner).reshape(np.shape(times))


def alpha_tilde_finite(model: SpinGorm, edges) -> np.ndarray:
    """alpha~ of the finite reservoir on frequency bins ``edges``: histogram of the weights p_n R_nm^2 at
    w = E_m - E_n, divided by the bin width (the bin-averaged spectral density); shape (len(edges) - 1,).

    >>> model = SpinGorm(N=5, seed=1)
    >>> total = float(alpha_tilde_finite(model, [-1.5, 1.5])[0] * 3.0)   # one bin holding every weight
    >>> bool(np.isclose(total, alpha_finite(model, 0.0).real))
    True
    """
    model = check_instance("model", model, SpinGorm)
    edges = validation.real_array("edges", edges, ndim=1, increasing=True)
    if edges.size < 2:
        raise invalid("edges", edges, "at least two increasing bin edges")
    E, p, R = model.levels(), model.populations(), model.coupling_matrix()
    hist = np.zeros(edges.size - 1)
    for start in range(0, model.N, HISTOGRAM_ROWS):  # row blocks: O(N) extra memory instead of 3 N x N arrays
        rows = slice(start, start + HISTOGRAM_ROWS)
        weights = p[rows, None] * R[rows] ** 2
        omega = E[None, :] - E[rows, None]
        hist += np.histogram(omega.ravel(), bins=edges, weights=weights.ravel())[0]
    return hist / np.diff(edges)


def lamb_shift_infinite(omega, beta: float) -> np.ndarray:
    """Principal part of the N -> infinity bath correlation spectrum, per lambda^2:

        s(w) = P int dw' alpha~(w') / (w - w') = Im int_0^inf ds e^{i w s} alpha(s),

    so that Gamma(w) = int_0^inf ds e^{iws} <B(s) B> = lambda^2 (pi alpha~(w) + i s(w)) and the Lamb-shift
    Hamiltonian of the QME is lambda^2 sum_w s(w) A(w)^dagger A(w) (`noneq.reservoir.qme`). Quadrature with the
    singularity subtracted: P int f(x)/(w - x) dx = int (f(x) - f(w))/(w - x) dx + f(w) ln|(w + 1)/(w - 1)| on
    the band [-1, 1] (f continuous, with a kink at 0); outside the band the integrand is regular. |w| = 1 (the
    band edge, log-singular) is refused.

    >>> round(float(lamb_shift_infinite(0.0, 0.0)), 9)   # alpha~ even at beta = 0: no shift at w = 0
    0.0
    """
    b = _beta(beta)
    w = np.atleast_1d(real_values("omega", omega))
    out = np.empty(w.shape)
    for i, wi in enumerate(w.ravel()):
        out.flat[i] = _principal_value(lambda x: float(alpha_tilde_infinite(x, b)), float(wi))
    return out.reshape(np.shape(omega))


def _principal_value(f, w: float) -> float:
    """P int_{-1}^{1} f(x) / (w - x) dx for f continuous on [-1, 1] with a kink at 0 (`lamb_shift_infinite`)."""
    from scipy.integrate import quad

    if abs(w) >= 1.0:
        if abs(w) == 1.0:
            raise bad_value("omega", w, "a frequency off the band edges +-1 (the principal value is log "
                                        "singular there)")
        value, _ = quad(lambda x: f(x) / (w - x), -1.0, 1.0, points=[0.0], limit=200, epsabs=PV_TOLERANCE)
        return value
    fw = f(w)
    points = sorted({0.0, w})
    value, _ = quad(lambda x: (f(x) - fw) / (w - x) if x != w else 0.0, -1.0, 1.0, points=points, limit=200,
                    epsabs=PV_TOLERANCE)
    return value + fw * math.log((1.0 + w) / (1.0 - w))


def lamb_shift_finite(model: SpinGorm, omega, width: float = DEFAULT_WIDTH) -> np.ndarray:
    """s(w) of `lamb_shift_infinite` for the finite reservoir itself, with each delta peak of alpha~ smoothed
    by a box of ``width`` (as in `redfield_rates_finite`): s(w) = sum_nm p_n R_nm^2 h(w - (E_m - E_n)),
    h(x) = P int box(x') / (x - x') dx' = ln|(x + width/2) / (x - width/2)| / width.

    >>> lamb_shift_finite(SpinGorm(N=20, seed=1), [0.1, -0.1]).shape
    (2,)
    """
    model = check_instance("model", model, SpinGorm)
    width = validation.real("width", width, minimum=0.0, exclusive_minimum=True)
    w = np.atleast_1d(real_values("omega", omega))
    E, p, R = model.levels(), model.populations(), model.coupling_matrix()
    out = np.zeros(w.shape)
    for start in range(0, model.N, HISTOGRAM_ROWS):
        rows = slice(start, start + HISTOGRAM_ROWS)
        weights = p[rows, None] * R[rows] ** 2
        omega_nm = E[None, :] - E[rows, None]
        for i, wi in enumerate(w.ravel()):
            out.flat[i] += np.sum(weights * box_hilbert(wi - omega_nm, width))
    return out.reshape(np.shape(omega))


def box_hilbert(x, width: float) -> np.ndarray:
    """Principal value of the unit-area box of ``width`` against 1/(x - x'): ln|(x + w/2)/(x - w/2)| / w.

    >>> np.round(box_hilbert([0.0, 1.0], 1.0), 6)
    array([0.      , 1.098612])
    """
    h = 0.5 * validation.real("width", width, minimum=0.0, exclusive_minimum=True)
    x = real_values("x", x)
    return np.log(np.maximum(np.abs(x + h), BOX_EDGE) / np.maximum(np.abs(x - h), BOX_EDGE)) / width


def redfield_rates(coupling: float, alpha_plus: float, alpha_minus: float) -> RedfieldRates:
    """(gamma, <sz>_eq) of eq. (31) from alpha~(Delta) = ``alpha_plus`` and alpha~(-Delta) = ``alpha_minus``;
    (0, nan) when the bath has no weight at +-Delta (no relaxation, no equilibrium value).

    >>> rates = redfield_rates(0.1, 0.1, 0.05)
    >>> round(rates.gamma, 6), round(rates.sz_eq, 6)
    (0.009425, -0.333333)
    """
    coupling = validation.real("coupling", coupling)
    alpha_plus = validation.real("alpha_plus", alpha_plus, minimum=0.0)
    alpha_minus = validation.real("alpha_minus", alpha_minus, minimum=0.0)
    total = alpha_plus + alpha_minus
    if total <= 0:
        return RedfieldRates(0.0, math.nan)
    return RedfieldRates(2.0 * math.pi * coupling ** 2 * total, (alpha_minus - alpha_plus) / total)


def redfield_rates_finite(model: SpinGorm, width: float = DEFAULT_WIDTH) -> RedfieldRates:
    """(gamma, <sz>_eq) of eq. (31) with alpha~(+-D) of the finite reservoir itself: the weights p_n R_nm^2
    with E_m - E_n within +-width/2 of +-D, divided by ``width`` (a finite reservoir's alpha~ is a sum of
    delta peaks; the golden rule sees it smoothed over the transition width, here ``width``, widened to two
    level spacings 2 / (N - 1) for very small reservoirs so that a bin is never empty by construction). No weight
    at +-D (D beyond the band): gamma = 0 and the Gibbs <sz>_eq, as in `redfield_rates_infinite`.

    >>> rates = redfield_rates_finite(SpinGorm(N=400, seed=1))
    >>> bool(-1.0 < rates.sz_eq < 0.0 < rates.gamma)
    True
    """
    model = check_instance("model", model, SpinGorm)
    width = validation.real("width", width, minimum=0.0, exclusive_minimum=True)
    d, h = model.delta, 0.5 * max(width, 2.0 / (model.N - 1))
    plus = float(alpha_tilde_finite(model, [d - h, d + h])[0])
    minus = float(alpha_tilde_finite(model, [-d - h, -d + h])[0])
    return _with_gibbs(redfield_rates(model.coupling, plus, minus), model.delta, model.beta)


def redfield_rates_infinite(delta: float, beta: float, coupling: float) -> RedfieldRates:
    """(gamma, <sz>_eq) of eq. (31) with the N -> infinity alpha~; <sz>_eq = -tanh(beta delta / 2). For
    |delta| >= 1 (beyond the band) gamma = 0 and <sz>_eq is the Gibbs value all the same.

    >>> rates = redfield_rates_infinite(0.1, 10.0, 0.1)
    >>> round(rates.gamma, 6), round(rates.sz_eq, 6)
    (0.010742, -0.462117)
    >>> redfield_rates_infinite(2.0, 1.0, 0.1)
    RedfieldRates(gamma=0.0, sz_eq=-0.7615941559557649)
    """
    delta = validation.real("delta", delta)
    coupling = validation.real("coupling", coupling)
    a = alpha_tilde_infinite(np.array([delta, -delta]), beta)
    return _with_gibbs(redfield_rates(coupling, float(a[0]), float(a[1])), delta, _beta(beta))


def _with_gibbs(rates: RedfieldRates, delta: float, beta: float) -> RedfieldRates:
    """No bath weight at +-Delta (|Delta| beyond the band): no relaxation (gamma = 0, <sz>_t = <sz>_0), and
    <sz>_eq is reported as the Gibbs value -tanh(beta Delta / 2), the limit of eq. (31) by detailed balance."""
    if rates.gamma > 0:
        return rates
    return RedfieldRates(0.0, -math.tanh(0.5 * beta * delta))


def redfield_sz(times, gamma: float, sz_eq: float, sz0: float = -1.0) -> np.ndarray:
    """Eq. (30): <sz>_t = <sz>_eq + (<sz>_0 - <sz>_eq) e^{-gamma t}.

    >>> redfield_sz([0.0, np.inf], 0.01, -0.5)
    array([-1. , -0.5])
    """
    t = real_values("times", times, minimum=0.0, allow_infinity=True)
    gamma = validation.real("gamma", gamma, minimum=0.0)
    bloch = 1.0 + BLOCH_TOLERANCE
    sz_eq = validation.real("sz_eq", sz_eq, minimum=-bloch, maximum=bloch)
    sz0 = validation.real("sz0", sz0, minimum=-bloch, maximum=bloch)
    return sz_eq + (sz0 - sz_eq) * np.exp(-gamma * t)


def qme_entropy_production_bar(times, delta: float, beta: float, gamma: float, sz_eq: float,
                               sz0: float = -1.0) -> np.ndarray:
    """Eq. (25) on the Redfield state: Delta S - beta (delta/2) (<sz>_t - <sz>_0) with the entropy of the
    diagonal spin state, populations (1 +- <sz>)/2 (nats).

    >>> gamma, sz_eq = redfield_rates_infinite(0.1, 10.0, 0.1)
    >>> round(float(qme_entropy_production_bar([1e6], 0.1, 10.0, gamma, sz_eq)[0]), 6)   # ln(1 + e^{-1})
    0.313262
    """
    delta = validation.real("delta", delta)
    beta = _beta(beta)
    sz = redfield_sz(times, gamma, sz_eq, sz0)
    sz0 = float(sz0)
    dS = binary_entropy(0.5 * (1.0 + sz), base="e") - binary_entropy(0.5 * (1.0 + sz0), base="e")
    return dS - beta * 0.5 * delta * (sz - sz0)


def energy_shell_sz(delta: float, beta: float) -> float:
    """Long-time <sz> of the exact weak-coupling dynamics with a finite flat-band reservoir (N -> infinity,
    then lambda -> 0), spin starting in |down>: an estimate that explains why the exact value differs from
    Redfield's -tanh(beta D/2).

    Energy is conserved component by component: |down, n> (weight p_n) can only exchange the quantum D with
    reservoir levels at E_n - D, which exist iff E_n - D >= -1/2. The flat density of states makes both spin
    states equally likely in such a shell (p_up = 1/2, an infinite microcanonical temperature); otherwise the
    spin stays down. With x = E_n + 1/2 distributed as beta e^{-beta x} / (1 - e^{-beta}) on [0, 1]:

        <sz>_shell = -1 + P(x >= D) = -1 + (e^{-beta D} - e^{-beta}) / (1 - e^{-beta}),   0 <= D <= 1.

    >>> round(energy_shell_sz(0.1, 10.0), 6)
    -0.632149
    """
    b = _beta(beta)
    d = validation.real("delta", delta, minimum=0.0, maximum=1.0,
                        allowed="a real number in [0, 1] (the bandwidth) for the energy-shell estimate")
    if b == 0.0:
        return -1.0 + (1.0 - d)
    return -1.0 + (math.exp(-b * d) - math.exp(-b)) / -math.expm1(-b)
