"""Exact statistics of a finite number of Otto cycles from the limit cycle: cumulants and distributions
(hbar = k_B = 1; two-point measurement of the energy at every stroke end, docs/papers/otto.md).

Over n cycles started in the limit cycle p (populations at the start of the cold isochore), with the tilted map
M(chi) of `noneq.otto.counting` (``scheme="two-point"``), a current J_n = a_c Q_c + a_h Q_h + f(x_n) - f(x_0)
(x_0, x_n the level at the start and at the end) has the generating function

    E[exp(chi J_n)] = sum_{x, y} exp(chi f(y)) [M(chi)^n]_{y x} exp(-chi f(x)) p_x.

The boundary f makes these exactly the per-trajectory sums of `noneq.otto.trajectories.cycle_fluctuations`:
f = 0 for Q_c and Q_h; the work of the energy switches, W_n = -(Q_c + Q_h)_n + E_a(x_n) - E_a(x_0), f = E_a; the
entropy production sigma_n = -beta_c Q_c - beta_h Q_h + ln p(x_0) - ln p(x_n), f = -ln p.
`cycle_cumulants` differentiates it at chi = 0 by propagating the Taylor coefficients of the state vector
(moments of J_n - n kappa_1, kappa_1 the scaled mean: no cancellation between large raw moments).
`heat_distribution` propagates the joint distribution of the numbers of quanta taken from each bath (levels
on a lattice: every level difference an integer multiple of the smallest gap).

Examples
--------
>>> from noneq.otto.model import OttoCycle
>>> c = OttoCycle(1.0, 2.0, 1.0, 1.5, 1.0, 1.0, 1.0, 1.0)
>>> k = cycle_cumulants(c, 1)
>>> from noneq.otto.cycle import limit_cycle
>>> bool(abs(k.sel(current="q_c", order=1) - limit_cycle(c).Q_c) < 1e-15)
True
"""

from __future__ import annotations

from dataclasses import asdict
from math import comb

import numpy as np
import xarray as xr

from noneq.core.errors import NumericalError, bad_value
from noneq.core.linalg import null_vector
from noneq.core.resources import check_memory
from noneq.core.results import labelled, provenance
from noneq.core.validation import integer
from noneq.otto.counting import CURRENTS, MAX_ORDER, current_weights, cumulant_array, cycle_strokes
from noneq.otto.model import OttoCycle, check_cycle
from noneq.stochastic import cumulants_from_moments

__all__ = ["cycle_cumulants", "distribution_size", "heat_distribution", "lattice_unit"]

SYSTEM = "otto"
LATTICE_TOLERANCE = 1e-9  # |level difference / unit - integer| accepted for a lattice spectrum
DISTRIBUTION_COPIES = 4  # arrays of the joint distribution's size alive at once


def _derivative_maps(strokes, a_c: float, a_h: float, order: int, shift: float) -> list[np.ndarray]:
    """d^k / d chi^k at 0 of exp(-chi shift) M(chi), k = 0..order, as dense (n, n) matrices."""
    one = np.eye(strokes.dimension)

    def stroke(change):
        return one if change is None else one + change

    S_exp, S_comp = stroke(strokes.expansion), stroke(strokes.compression)
    C = [strokes.isochore("c", k, weight=a_c) for k in range(order + 1)]
    H = [strokes.isochore("h", k, weight=a_h) for k in range(order + 1)]
    raw = [sum(comb(k, j) * (S_exp @ H[j] @ S_comp @ C[k - j]) for j in range(k + 1)) for k in range(order + 1)]
    return [sum(comb(k, i) * (-shift) ** (k - i) * raw[i] for i in range(k + 1)) for k in range(order + 1)]


def cycle_cumulants(cycle: OttoCycle, n_cycles: int, *, order: int = 4, tilt: float | None = None,
                    substeps: int = 0) -> xr.DataArray:
    """The exact cumulants of Q_c, Q_h, the work and the entropy production summed over ``n_cycles`` cycles
    from the limit cycle (module docstring; with the boundary terms of the quantum-jump trajectories).

    Parameters
    ----------
    cycle : OttoCycle
    n_cycles : int
        Number of cycles, >= 1.
    order : int, optional
        Highest order, 1..8 (default 4).
    tilt, substeps
        Finite-time unitary strokes measured at both ends (None: ideal adiabats), as in
        `noneq.otto.counting.cycle_strokes`.

    Returns
    -------
    xarray.DataArray
        dims (current, order), ``current`` one of `noneq.otto.counting.CURRENTS`.

    Examples
    --------
    >>> c = OttoCycle(1.0, 2.0, 1.0, 1.5, 1.0, 1.0, 1.0, 1.0)
    >>> k10, k20 = cycle_cumulants(c, 10, order=2), cycle_cumulants(c, 20, order=2)
    >>> from noneq.otto.counting import scaled_cumulants
    >>> slope = (k20 - k10) / 10                          # cumulants grow like n times the scaled cumulants
    >>> bool(np.allclose(slope, scaled_cumulants(c, order=2), rtol=1e-6, atol=1e-12))
    True
    """
    cycle = check_cycle(cycle)
    n_cycles = integer("n_cycles", n_cycles, minimum=1)
    order = integer("order", order, minimum=1, maximum=MAX_ORDER)
    strokes = cycle_strokes(cycle, tilt=tilt, substeps=substeps)
    change = strokes.change()
    p = null_vector(change, strokes.left).real
    if np.any(p <= 0):
        raise NumericalError("the limit cycle has an empty level: the entropy production's boundary term ln p is "
                             "undefined")
    scaled_mean = cumulant_array(cycle, order=1, strokes=strokes)[:, 0]
    E_a = cycle.energies(cycle.w_a)
    boundary = {"q_c": np.zeros_like(p), "q_h": np.zeros_like(p), "work": E_a, "sigma": -np.log(p)}
    out = np.empty((len(CURRENTS), order))
    for row, name in enumerate(CURRENTS):
        f = boundary[name]
        maps = _derivative_maps(strokes, *current_weights(cycle, name), order, scaled_mean[row])
        vectors = [p * (-f) ** k for k in range(order + 1)]
        for _ in range(n_cycles):
            vectors = [sum(comb(k, j) * (maps[j] @ vectors[k - j]) for j in range(k + 1)) for k in range(order + 1)]
        moments = [sum(comb(k, j) * (f ** j) @ vectors[k - j] for j in range(k + 1)) for k in range(order + 1)]
        kappa = cumulants_from_moments(moments[1:order + 1])
        kappa[0] += n_cycles * scaled_mean[row]
        out[row] = kappa
    if not np.all(np.isfinite(out)):
        raise NumericalError("non-finite cumulants over the cycles")
    array = xr.DataArray(labelled(out, ("current", "order"), "energy^order (sigma: nats^order)",
                                  f"cumulant over {n_cycles} cycles from the limit cycle"),
                         coords={"current": list(CURRENTS), "order": np.arange(1, order + 1)}, name="cumulants")
    array.attrs.update(provenance(SYSTEM, {**asdict(cycle), "n_cycles": n_cycles, "tilt": tilt}))
    return array


def lattice_unit(levels) -> tuple[float, np.ndarray]:
    """(unit, integer offsets): levels = levels[0] + unit * offsets, unit the smallest gap; `NoneqInputError` when
    a level difference is not an integer multiple of it (no lattice: the heats have no common quantum).

    >>> lattice_unit((1.0, 2.0, 4.0))
    (1.0, array([0, 1, 3]))
    """
    levels = np.asarray(levels, dtype=float)
    unit = float(np.min(np.diff(levels)))
    offsets = (levels - levels[0]) / unit
    rounded = np.rint(offsets)
    if np.max(np.abs(offsets - rounded)) > LATTICE_TOLERANCE * max(1.0, float(rounded[-1])):
        raise bad_value("levels", levels.tolist(), "level differences that are integer multiples of the "
                                                   "smallest gap (a lattice of heat quanta)")
    return unit, rounded.astype(int)


def distribution_size(n_levels: int, span: int, n_cycles: int) -> int:
    """Entries of the joint distribution: n_levels states x (2 n_cycles span + 1)^2 numbers of quanta.

    >>> distribution_size(2, 1, 10)
    882
    """
    return n_levels * (2 * n_cycles * span + 1) ** 2


def heat_distribution(cycle: OttoCycle, n_cycles: int, *, tilt: float | None = None,
                      substeps: int = 0) -> xr.Dataset:
    """The exact joint distribution of the heat quanta taken from the cold and the hot bath in ``n_cycles``
    cycles from the limit cycle (two-point measurement at the stroke ends; module docstring).

    Q_c = w_a unit k_c, Q_h = w_b unit k_h, with unit the spectrum's smallest gap (`lattice_unit`).

    Parameters
    ----------
    cycle : OttoCycle
        With a lattice spectrum (e.g. the equally spaced ladders of the CLI).
    n_cycles : int
        Number of cycles, >= 1.
    tilt, substeps
        As in `cycle_cumulants`.

    Returns
    -------
    xarray.Dataset
        ``distribution`` (quanta_c, quanta_h), probabilities summing to 1; coordinates ``quanta_c``,
        ``quanta_h`` (integers) and the heats ``Q_c`` (quanta_c), ``Q_h`` (quanta_h).

    Examples
    --------
    >>> ds = heat_distribution(OttoCycle(1.0, 2.0, 1.0, 1.5, 1.0, 1.0, 1.0, 1.0), 1)
    >>> ds.distribution.shape, round(float(ds.distribution.sum()), 12)
    ((3, 3), 1.0)
    """
    cycle = check_cycle(cycle)
    n_cycles = integer("n_cycles", n_cycles, minimum=1)
    unit, offsets = lattice_unit(cycle.levels)
    span = int(offsets[-1])
    n = cycle.n_levels
    size = distribution_size(n, span, n_cycles)
    check_memory(DISTRIBUTION_COPIES * 8.0 * size, f"the joint distribution over {n_cycles} cycles ({size} numbers)",
                 "lower n_cycles")
    strokes = cycle_strokes(cycle, tilt=tilt, substeps=substeps)
    p = np.clip(null_vector(strokes.change(), strokes.left).real, 0.0, None)
    width = 2 * n_cycles * span + 1
    state = np.zeros((n, width, width))
    state[:, n_cycles * span, n_cycles * span] = p / p.sum()
    jumps = offsets[:, None] - offsets[None, :]  # quanta absorbed in the jump j -> i
    one = np.eye(n)

    def isochore(distribution, change, axis):
        K = one + change
        out = np.zeros_like(distribution)
        for i, j in zip(*np.nonzero(K)):
            shift = int(jumps[i, j])  # the lattice is wide enough: nothing leaves it
            source = [j, slice(None), slice(None)]
            target = [i, slice(None), slice(None)]
            source[axis] = slice(max(0, -shift), width - max(0, shift))
            target[axis] = slice(max(0, shift), width - max(0, -shift))
            out[tuple(target)] += K[i, j] * distribution[tuple(source)]
        return out

    for _ in range(n_cycles):
        state = isochore(state, strokes.change_c, 1)
        if strokes.compression is not None:
            state = np.tensordot(one + strokes.compression, state, axes=(1, 0))
        state = isochore(state, strokes.change_h, 2)
        if strokes.expansion is not None:
            state = np.tensordot(one + strokes.expansion, state, axes=(1, 0))
    joint = np.clip(state.sum(axis=0), 0.0, None)
    quanta = np.arange(-n_cycles * span, n_cycles * span + 1)
    ds = xr.Dataset(
        {"distribution": labelled(joint / joint.sum(), ("quanta_c", "quanta_h"), "1",
                                  f"joint probability of the heat quanta over {n_cycles} cycles")},
        coords={"quanta_c": quanta, "quanta_h": quanta,
                "Q_c": ("quanta_c", quanta * cycle.w_a * unit), "Q_h": ("quanta_h", quanta * cycle.w_b * unit)})
    ds["quanta_c"].attrs.update(units="1", long_name="quanta absorbed from the cold bath (Q_c / (w_a unit))")
    ds["quanta_h"].attrs.update(units="1", long_name="quanta absorbed from the hot bath (Q_h / (w_b unit))")
    ds["Q_c"].attrs.update(units="energy", long_name="heat absorbed from the cold bath")
    ds["Q_h"].attrs.update(units="energy", long_name="heat absorbed from the hot bath")
    ds.attrs.update(provenance(SYSTEM, {**asdict(cycle), "n_cycles": n_cycles, "tilt": tilt}))
    return ds
