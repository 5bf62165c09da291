"""The limit cycle of an Otto cycle with any scaled spectrum, from the classical master equation.

Isochores use the detailed-balance ladder rates of `noneq.stochastic.ladder_rates` (neighbouring levels of
E_k = w levels[k]; for two levels these are the corrected rates of the paper's eq. (4), docs/papers/otto.md).
Ideal adiabats keep the populations and rescale the energies. The limit cycle is the fixed point p_1 of the
one-cycle map M = exp(G_h tau_h) exp(G_c tau_c). Each stroke enters through its change D = exp(G tau) - 1, computed
without forming exp(G tau) first (expm1 on the spectrum of the symmetrized detailed-balance generator), and
M - 1 = D_h D_c + D_h + D_c: the limit cycle and the heats stay accurate for strokes of any length, down to
gamma tau ~ 1e-300 where exp(G tau) rounds to the identity.

Corners: p_1 start of the cold isochore, p_2 its end (= start of the compression), p_3 = p_2 start of the hot
isochore, p_4 its end (= p_1 after the expansion). Heats absorbed (`noneq.otto.model` convention):
Q_c = sum_k E_k(w_a) (p_2 - p_1)_k, Q_h = sum_k E_k(w_b) (p_4 - p_3)_k = -sum_k E_k(w_b) (p_2 - p_1)_k,
W = -(Q_c + Q_h). Each heat comes with the bound of its rounding error (`CycleResult.resolution`).

Result types: `limit_cycle` returns a `CycleResult` (also returned by
`noneq.otto.closed_form.closed_form_limit_cycle`); `populations_along_cycle` a Dataset over ``time``.

Examples
--------
>>> from noneq.otto.model import OttoCycle
>>> c = limit_cycle(OttoCycle(1.0, 2.0, 1.0, 1.5, 1.0, 1.0, 1.0, 1.0))
>>> c.Q_c > 0
True
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np
import xarray as xr

from scipy.linalg import expm

from noneq.core.errors import NumericalError, bad_value
from noneq.core.linalg import null_vector
from noneq.core.resources import check_memory
from noneq.core.results import labelled, provenance
from noneq.core.validation import integer, real, real_array
from noneq.otto.model import OttoCycle, check_cycle, check_levels
from noneq.stochastic import boltzmann, generator, ladder_rates
from noneq.stochastic.master import STOCHASTIC_TOLERANCE

__all__ = ["CycleResult", "check_result", "heat_exchange", "limit_cycle", "populations_along_cycle"]

SYSTEM = "otto"
# gamma tau beyond which a stroke has relaxed to double precision: the ladder's slowest rate is at least
# 2 gamma (1 - cos(pi / n)) ~ 0.01 gamma for n = 30 levels, and exp(-0.01 * 1e4) ~ 1e-44
SATURATED_STROKE = 1e4
SYMMETRIC_FLOOR = 1e-8  # smallest Boltzmann probability of the symmetric route: rounding grows as 1e-16 / sqrt(pi)
HEAT_ROUNDING = 1e-13  # rounding bound of a heat per level, energy and unit of |exp(G tau) - 1| (~500 eps; the
# heats of a cycle at the Carnot point, zero exactly, come out ~1e-17 per unit)


@dataclass(frozen=True)
class CycleResult:
    """The limit cycle of one `OttoCycle`: corner populations (levels ascending) and energy exchanges.

    Attributes
    ----------
    cycle : OttoCycle
    p1, p2 : numpy.ndarray
        Populations at the start and the end of the cold isochore, shape (n_levels,).
    Q_c, Q_h, W : float
        Heats absorbed from the cold and hot bath and work done on the working substance, per cycle (energy).
    resolution : tuple of float
        Bounds on the rounding error of (Q_c, Q_h) (energy): a heat below its bound is not resolved
        (`noneq.otto.observables.mode` counts it as zero); HEAT_ROUNDING * n_levels * max |E| * the smaller
        max |exp(G tau) - 1| of the two strokes. 0 for the closed forms.
    """

    cycle: OttoCycle
    p1: np.ndarray
    p2: np.ndarray
    Q_c: float
    Q_h: float
    W: float
    resolution: tuple[float, float] = (0.0, 0.0)

    def to_xarray(self) -> xr.Dataset:
        """The result as a labelled dataset (dim ``level``), with the cycle's parameters as provenance.

        Examples
        --------
        >>> r = limit_cycle(OttoCycle(1.0, 2.0, 1.0, 1.5, 1.0, 1.0, 1.0, 1.0))
        >>> r.to_xarray().p1.dims
        ('level',)
        """
        ds = xr.Dataset({
            "p1": labelled(self.p1, "level", "1", "populations at the start of the cold isochore"),
            "p2": labelled(self.p2, "level", "1", "populations at the end of the cold isochore"),
            "Q_c": labelled(self.Q_c, (), "energy", "heat absorbed from the cold bath per cycle"),
            "Q_h": labelled(self.Q_h, (), "energy", "heat absorbed from the hot bath per cycle"),
            "W": labelled(self.W, (), "energy", "work done on the working substance per cycle"),
        }, coords={"level": np.arange(self.p1.size)})
        ds["level"].attrs.update(units="1", long_name="level index k (energies w levels[k], ascending)")
        ds.attrs.update(provenance(SYSTEM, asdict(self.cycle)))
        return ds


def _stroke_change(E, beta: float, gamma: float, t: float) -> np.ndarray:
    """D = exp(G t) - 1 for the isochore with level energies E (ladder rates), accurate also where exp(G t)
    rounds to 1 (see module docstring).

    A stroke longer than SATURATED_STROKE / gamma is computed as that long (its propagator is the projector on
    the Boltzmann state to double precision; scipy's expm fails for norms beyond ~1e50). Where every Boltzmann
    probability is at least SYMMETRIC_FLOOR, D comes from the spectrum of the symmetrized generator with expm1;
    otherwise (the back-transform would amplify rounding by 1 / sqrt(min pi)) from the block exponential
    expm([[G t, 1], [0, 0]]), whose upper-right block phi_1(G t) gives D = G t phi_1(G t).
    """
    rates = ladder_rates(E, beta, gamma)
    t = min(t, SATURATED_STROKE / gamma)  # longer strokes equal the saturated one to double precision
    G = generator(rates)
    pi = boltzmann(E, beta)
    if np.min(pi) >= SYMMETRIC_FLOOR:
        root = np.sqrt(pi)
        S = G * root[None, :] / root[:, None]  # symmetric: D^{-1/2} G D^{1/2}, D = diag(pi)
        evals, V = np.linalg.eigh(0.5 * (S + S.T))
        evals = np.minimum(evals, 0.0)
        evals[-1], V[:, -1] = 0.0, root  # the stationary mode exactly: no drift over any stroke length
        return (root[:, None] * V) @ (np.expm1(evals * t)[:, None] * (V.T / root[None, :]))
    n = G.shape[0]
    block = np.zeros((2 * n, 2 * n))
    block[:n, :n], block[:n, n:] = G * t, np.eye(n)
    return (G * t) @ expm(block)[:n, n:]


def _fixed_point(first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """The probability vector p with (1 + second)(1 + first) p = p, from the null vector of
    second first + second + first (strokes given by their changes)."""
    with np.errstate(all="ignore"):
        p = null_vector(second @ first + second + first, np.ones(first.shape[0])).real
    if np.any(p < -STOCHASTIC_TOLERANCE):
        raise NumericalError("periodic steady state is not a probability vector fixed by the cycle map")
    return np.clip(p, 0.0, None) / np.clip(p, 0.0, None).sum()


def _corner_populations(E_a, E_b, beta_c, beta_h, gamma_c, gamma_h, tau_c, tau_h):
    """(p_1, p_2, change, rounding): the corners, the change p_2 - p_1 = p_4 - p_3 ... with opposite sign
    (the cold isochore's change; the hot one's is its negative), and the rounding bound of a heat per unit
    energy (see `CycleResult`). The change comes from the stroke whose exp(G tau) - 1 is smaller, the other
    stroke's being known to less absolute accuracy than the change itself when it is much larger."""
    with np.errstate(all="ignore"):
        D_c = _stroke_change(E_a, beta_c, gamma_c, tau_c)
        D_h = _stroke_change(E_b, beta_h, gamma_h, tau_h)
    if not (np.all(np.isfinite(D_c)) and np.all(np.isfinite(D_h))):
        raise NumericalError("the isochore propagators are not finite: the bath rates, times or beta w are "
                             "outside the range the master-equation solver handles")
    size_c, size_h = np.max(np.abs(D_c)), np.max(np.abs(D_h))
    if size_c <= size_h:
        p1 = _fixed_point(D_c, D_h)
        change = D_c @ p1
        p2 = p1 + change
    else:
        p2 = _fixed_point(D_h, D_c)
        change = -(D_h @ p2)  # p_4 - p_2 = -(p_2 - p_1) over the limit cycle
        p1 = p2 - change
    return p1, p2, change, HEAT_ROUNDING * len(E_a) * min(size_c, size_h)


def heat_exchange(E_a, E_b, beta_c: float, beta_h: float, gamma_c: float, gamma_h: float, tau_c: float,
                  tau_h: float) -> np.ndarray:
    """(Q_c, Q_h) of the limit cycle for level energies E_a (cold isochore) and E_b (hot isochore).

    Without `OttoCycle`'s range checks: any positive temperatures and frequencies, also at and across
    equilibrium (beta_c = beta_h, E_a = E_b), as needed for derivatives there (`noneq.otto.onsager`).

    Parameters
    ----------
    E_a, E_b : array_like
        Strictly increasing level energies during the cold and hot isochore, shape (n,).
    beta_c, beta_h, gamma_c, gamma_h, tau_c, tau_h : float
        Inverse bath temperatures, rates and isochore times (> 0).

    Returns
    -------
    numpy.ndarray
        Shape (2,): the heats Q_c, Q_h absorbed per cycle.

    Examples
    --------
    >>> q = heat_exchange([1.0, 2.0], [1.0, 2.0], 1.0, 1.0, 1.0, 1.0, 1.0, 1.0)   # equilibrium: nothing flows
    >>> bool(np.allclose(q, 0.0))
    True
    """
    E_a = np.asarray(check_levels(real_array("E_a", E_a, ndim=1)))
    E_b = np.asarray(check_levels(real_array("E_b", E_b, ndim=1)))
    if E_a.size != E_b.size:
        raise bad_value("E_b", f"{E_b.size} levels", f"as many levels as E_a ({E_a.size})")
    beta_c, beta_h, gamma_c, gamma_h, tau_c, tau_h = (
        real(name, value, minimum=0.0, exclusive_minimum=True) for name, value in
        (("beta_c", beta_c), ("beta_h", beta_h), ("gamma_c", gamma_c), ("gamma_h", gamma_h), ("tau_c", tau_c),
         ("tau_h", tau_h)))
    _, _, change, _ = _corner_populations(E_a, E_b, beta_c, beta_h, gamma_c, gamma_h, tau_c, tau_h)
    return np.array([float(E_a @ change), -float(E_b @ change)])


def limit_cycle(cycle: OttoCycle) -> CycleResult:
    """The periodic steady state of ``cycle`` and its Q_c, Q_h, W per cycle (see the module docstring).

    Parameters
    ----------
    cycle : OttoCycle

    Returns
    -------
    CycleResult

    Examples
    --------
    >>> r = limit_cycle(OttoCycle(1.0, 2.0, 1.0, 1.5, 1.0, 1.0, 1.0, 1.0, levels=(1, 2, 3)))
    >>> round(float(r.p1.sum()), 12), round(r.Q_c + r.Q_h + r.W, 12)
    (1.0, 0.0)
    """
    cycle = check_cycle(cycle)
    E_a, E_b = cycle.energies(cycle.w_a), cycle.energies(cycle.w_b)
    p1, p2, change, rounding = _corner_populations(E_a, E_b, cycle.beta_c, cycle.beta_h, cycle.gamma_c,
                                                   cycle.gamma_h, cycle.tau_c, cycle.tau_h)
    Q_c, Q_h = float(E_a @ change), -float(E_b @ change)
    return CycleResult(cycle=cycle, p1=p1, p2=p2, Q_c=Q_c, Q_h=Q_h, W=-(Q_c + Q_h),
                       resolution=(rounding * float(np.max(np.abs(E_a))), rounding * float(np.max(np.abs(E_b)))))


def populations_along_cycle(cycle: OttoCycle, n_points: int = 201) -> xr.Dataset:
    """Level populations and frequency over one period of the limit cycle, starting at p_1.

    Parameters
    ----------
    cycle : OttoCycle
    n_points : int, optional
        Number of equally spaced times in [0, t_cycle] (default 201).

    Returns
    -------
    xarray.Dataset
        ``populations`` (time, level) and ``frequency`` (time); the adiabats are drawn with the frequency
        changing linearly in time (populations constant).

    Examples
    --------
    >>> ds = populations_along_cycle(OttoCycle(1.0, 2.0, 1.0, 1.5, 1.0, 1.0, 1.0, 1.0, tau_adi=0.5), 11)
    >>> ds.populations.dims, float(ds.frequency.max())
    (('time', 'level'), 2.0)
    """
    cycle = check_cycle(cycle)
    n_points = integer("n_points", n_points, minimum=2)
    check_memory(16.0 * n_points * (cycle.n_levels + 2), f"{n_points} points along the cycle", "lower n_points")
    E_a, E_b = cycle.energies(cycle.w_a), cycle.energies(cycle.w_b)
    start = limit_cycle(cycle)
    t = np.linspace(0.0, cycle.t_cycle, n_points)
    half = cycle.tau_adi / 2.0
    t2, t3, t4 = cycle.tau_c, cycle.tau_c + half, cycle.tau_c + half + cycle.tau_h
    pops = np.empty((n_points, cycle.n_levels))
    freq = np.empty(n_points)
    for i, ti in enumerate(t):
        if ti <= t2:
            pops[i] = start.p1 + _stroke_change(E_a, cycle.beta_c, cycle.gamma_c, ti) @ start.p1
            freq[i] = cycle.w_a
        elif ti <= t3:
            pops[i] = start.p2
            freq[i] = cycle.w_a + (cycle.w_b - cycle.w_a) * (ti - t2) / half
        elif ti <= t4:
            pops[i] = start.p2 + _stroke_change(E_b, cycle.beta_h, cycle.gamma_h, ti - t3) @ start.p2
            freq[i] = cycle.w_b
        else:
            pops[i] = start.p1
            freq[i] = cycle.w_b - (cycle.w_b - cycle.w_a) * (ti - t4) / half
    ds = xr.Dataset({
        "populations": labelled(pops, ("time", "level"), "1", "limit-cycle level populations"),
        "frequency": labelled(freq, "time", "energy", "frequency w(t)"),
    }, coords={"time": t, "level": np.arange(cycle.n_levels)})
    ds["time"].attrs.update(units="time", long_name="time since the start of the cold isochore")
    ds["level"].attrs.update(units="1", long_name="level index k (energies w levels[k], ascending)")
    return ds


def check_result(result) -> CycleResult:
    """``result`` if it is a `CycleResult` (`NoneqInputError` naming ``result`` otherwise).

    >>> check_result(limit_cycle(OttoCycle(1.0, 2.0, 1.0, 1.5, 1.0, 1.0, 1.0, 1.0))).Q_c > 0
    True
    """
    if not isinstance(result, CycleResult):
        raise bad_value("result", type(result).__name__, "a noneq.otto.CycleResult (from limit_cycle)")
    return result
