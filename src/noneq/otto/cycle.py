"""The limit cycle of an Otto cycle with any scaled spectrum, from the classical master equation.

Isochores use the detailed-balance ladder rates of `noneq.stochastic.ladder_rates` (neighbouring levels of
E_k = w levels[k]; for two levels these are the corrected rates of the paper's eq. (4), docs/papers/otto.md).
Ideal adiabats keep the populations and rescale the energies. The limit cycle is the fixed point p_1 of the
one-cycle map M = exp(G_h tau_h) exp(G_c tau_c) (`noneq.stochastic.periodic_steady_state`).

Corners: p_1 start of the cold isochore, p_2 its end (= start of the compression), p_3 = p_2 start of the hot
isochore, p_4 its end (= p_1 after the expansion). Heats absorbed (`noneq.otto.model` convention):
Q_c = sum_k E_k(w_a) (p_2 - p_1)_k, Q_h = sum_k E_k(w_b) (p_4 - p_3)_k, W = -(Q_c + Q_h).

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

from noneq.core.results import labelled, provenance
from noneq.otto.model import OttoCycle
from noneq.stochastic import (boltzmann, generator, ladder_rates, periodic_steady_state, propagator,
                              reversible_propagator)

__all__ = ["CycleResult", "heat_exchange", "limit_cycle", "populations_along_cycle"]

SYSTEM = "otto"


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
    """

    cycle: OttoCycle
    p1: np.ndarray
    p2: np.ndarray
    Q_c: float
    Q_h: float
    W: float

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


def _corner_populations(E_a, E_b, beta_c, beta_h, gamma_c, gamma_h, tau_c, tau_h):
    """(p_1, p_2, p_4) of the limit cycle (see module docstring)."""
    G_c = generator(ladder_rates(E_a, beta_c, gamma_c))
    G_h = generator(ladder_rates(E_b, beta_h, gamma_h))
    # ladder rates are in detailed balance with the Boltzmann state: symmetric eigen-decomposition, not expm
    P_c = reversible_propagator(G_c, boltzmann(E_a, beta_c), tau_c)
    P_h = reversible_propagator(G_h, boltzmann(E_b, beta_h), tau_h)
    p1 = periodic_steady_state(P_h @ P_c)
    p2 = P_c @ p1
    return p1, p2, P_h @ p2


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
    E_a, E_b = np.asarray(E_a, dtype=float), np.asarray(E_b, dtype=float)
    p1, p2, p4 = _corner_populations(E_a, E_b, beta_c, beta_h, gamma_c, gamma_h, tau_c, tau_h)
    return np.array([float(E_a @ (p2 - p1)), float(E_b @ (p4 - p2))])


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
    E_a, E_b = cycle.energies(cycle.w_a), cycle.energies(cycle.w_b)
    p1, p2, p4 = _corner_populations(E_a, E_b, cycle.beta_c, cycle.beta_h, cycle.gamma_c, cycle.gamma_h,
                                     cycle.tau_c, cycle.tau_h)
    Q_c, Q_h = float(E_a @ (p2 - p1)), float(E_b @ (p4 - p2))
    return CycleResult(cycle=cycle, p1=p1, p2=p2, Q_c=Q_c, Q_h=Q_h, W=-(Q_c + Q_h))


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
    G_c = generator(ladder_rates(cycle.energies(cycle.w_a), cycle.beta_c, cycle.gamma_c))
    G_h = generator(ladder_rates(cycle.energies(cycle.w_b), cycle.beta_h, cycle.gamma_h))
    start = limit_cycle(cycle)
    t = np.linspace(0.0, cycle.t_cycle, n_points)
    half = cycle.tau_adi / 2.0
    t2, t3, t4 = cycle.tau_c, cycle.tau_c + half, cycle.tau_c + half + cycle.tau_h
    pops = np.empty((n_points, cycle.n_levels))
    freq = np.empty(n_points)
    for i, ti in enumerate(t):
        if ti <= t2:
            pops[i], freq[i] = propagator(G_c, ti) @ start.p1, cycle.w_a
        elif ti <= t3:
            pops[i] = start.p2
            freq[i] = cycle.w_a + (cycle.w_b - cycle.w_a) * (ti - t2) / half
        elif ti <= t4:
            pops[i], freq[i] = propagator(G_h, ti - t3) @ start.p2, cycle.w_b
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
