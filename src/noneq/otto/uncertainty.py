"""Thermodynamic uncertainty relations of the Otto cycle in the limit cycle (hbar = k_B = 1; docs/papers/otto.md).

From the scaled cumulants per cycle (`noneq.otto.counting`) of a current J (Q_c, Q_h, the work or the entropy
production Sigma = -beta_c Q_c - beta_h Q_h):

    TUR ratio                  R_J = kappa_2(J) kappa_1(Sigma) / (2 kappa_1(J)^2),
    periodic-driving bound     R_J >= B_J = (d ln |kappa_1(J)| / d ln s)^2.

R_J >= 1 is the thermodynamic uncertainty relation of steady states (Barato and Seifert 2015); a periodically
driven machine such as the Otto cycle can violate it. R_J >= B_J is the bound of Koyuk and Seifert for
time-dependent driving (Phys. Rev. Lett. 125, 260604 (2020)) in the periodic steady state over many cycles, i.e.
kappa_2(J) kappa_1(Sigma) >= 2 (d kappa_1(J) / d ln s)^2: s scales every stroke duration (tau_c, tau_h, tau_adi)
at fixed rates, energies and temperatures (the inverse of their speed parameter), so B_J measures how the mean
per cycle responds to slower driving (B -> 1 for fast driving, where the mean grows like s; B -> 0 for slow
driving, where it saturates). It is proved for classical Markov jump processes: the cycle with ideal adiabats.
The derivative is a central difference with step `LOG_SCALE_STEP` in ln s (relative error ~1e-9: truncation
h^2 / 6, rounding eps / h).

Result type: `counting_statistics` returns a labelled `xarray.Dataset`.

Examples
--------
>>> from noneq.otto.model import OttoCycle
>>> ds = counting_statistics(OttoCycle(1.0, 2.0, 1.0, 1.5, 1.0, 1.0, 1.0, 1.0))
>>> bool(ds.tur_ratio.sel(current="q_c") >= ds.tur_bound_periodic.sel(current="q_c"))
True
"""

from __future__ import annotations

from dataclasses import asdict, replace
from typing import Sequence

import numpy as np
import xarray as xr

from noneq.core.errors import bad_value
from noneq.core.results import labelled, provenance
from noneq.core.validation import integer
from noneq.otto.counting import CURRENTS, MAX_ORDER, cumulant_array
from noneq.otto.counting_batch import batch_cumulants, batchable
from noneq.otto.model import OttoCycle

__all__ = ["LOG_SCALE_STEP", "counting_statistics", "scaled_in_time"]

SYSTEM = "otto"
LOG_SCALE_STEP = 1e-4  # central difference in ln s: truncation ~h^2/6 ~ 2e-9, rounding ~1e-16/h ~ 1e-12 (relative)


def scaled_in_time(cycle: OttoCycle, s: float) -> OttoCycle:
    """The same cycle with every stroke duration multiplied by ``s`` (rates, energies, temperatures kept).

    >>> scaled_in_time(OttoCycle(1.0, 2.0, 1.0, 1.5, 1.0, 1.0, 1.0, 2.0, tau_adi=0.5), 2.0).t_cycle
    7.0
    """
    return replace(cycle, tau_c=cycle.tau_c * s, tau_h=cycle.tau_h * s, tau_adi=cycle.tau_adi * s)


def _point(cycle: OttoCycle, order: int, options: dict) -> tuple[np.ndarray, np.ndarray]:
    kappa = cumulant_array(cycle, order=order, **options)
    step = LOG_SCALE_STEP
    up = cumulant_array(scaled_in_time(cycle, np.exp(step)), order=1, **options)[:, 0]
    down = cumulant_array(scaled_in_time(cycle, np.exp(-step)), order=1, **options)[:, 0]
    return kappa, (up - down) / (2.0 * step)


def counting_statistics(cycles: OttoCycle | Sequence[OttoCycle], *, order: int = 4, tilt: float | None = None,
                        scheme: str = "two-point", substeps: int = 0, dim: str = "point") -> xr.Dataset:
    """Scaled cumulants, TUR ratio and the periodic-driving ratio (module docstring) of one cycle or a curve.

    Parameters
    ----------
    cycles : OttoCycle or sequence of OttoCycle
        One cycle, or several (a parameter curve: dimension ``dim``).
    order : int, optional
        Highest cumulant order, 2..8 (default 4).
    tilt, scheme, substeps
        The adiabatic strokes, as in `noneq.otto.counting.cycle_strokes`.
    dim : str, optional
        Name of the dimension over several cycles (default ``point``).

    Returns
    -------
    xarray.Dataset
        ``cumulants`` (current, order), ``entropy_production`` (kappa_1 of Sigma, nats per cycle), and per
        current ``tur_ratio``, ``tur_bound_periodic`` and ``dmean_dlog_time`` (d kappa_1 / d ln s); with ``dim``
        first for several cycles. The ratio and the bound are inf or nan where kappa_1 = 0 (an idle cycle).

    Examples
    --------
    >>> c = OttoCycle(1.0, 2.0, 1.0, 1.5, 1.0, 1.0, 1.0, 1.0)
    >>> ds = counting_statistics([scaled_in_time(c, s) for s in (0.1, 1.0, 10.0)], order=2, dim="scale")
    >>> ds.tur_ratio.dims
    ('scale', 'current')
    """
    single = isinstance(cycles, OttoCycle)
    items = [cycles] if single else list(cycles)
    if not items or not all(isinstance(c, OttoCycle) for c in items):
        raise bad_value("cycles", type(cycles).__name__, "an OttoCycle or a non-empty sequence of them")
    order = integer("order", order, minimum=2, maximum=MAX_ORDER)
    options = {"tilt": tilt, "scheme": scheme, "substeps": substeps}
    if tilt is None and batchable(items):  # ideal adiabats: all points at once
        kappa = batch_cumulants(items, order=order)
        up, down = (batch_cumulants(items, order=1, scale=np.exp(h))[:, :, 0] for h in (LOG_SCALE_STEP,
                                                                                      -LOG_SCALE_STEP))
        slope = (up - down) / (2.0 * LOG_SCALE_STEP)
    else:
        results = [_point(c, order, options) for c in items]
        kappa = np.array([r[0] for r in results])
        slope = np.array([r[1] for r in results])
    sigma = kappa[:, CURRENTS.index("sigma"), 0]
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):  # in this order: no overflow at any scale
        mean = kappa[:, :, 0]
        tur = (kappa[:, :, 1] / mean) * (sigma[:, None] / mean) / 2.0
        bound = (slope / mean) ** 2
    lead = () if single else (dim,)
    pick = (lambda a: a[0]) if single else (lambda a: a)
    data = {
        "cumulants": labelled(pick(kappa), lead + ("current", "order"), "energy^order (sigma: nats^order)",
                              "scaled cumulant per cycle in the limit cycle"),
        "entropy_production": labelled(pick(sigma), lead, "1", "mean entropy production per cycle (nats)"),
        "tur_ratio": labelled(pick(tur), lead + ("current",), "1",
                              "TUR ratio kappa_2 <Sigma> / (2 kappa_1^2) (steady-state bound: >= 1)"),
        "dmean_dlog_time": labelled(pick(slope), lead + ("current",), "energy (sigma: 1)",
                                    "d kappa_1 / d ln s, s scaling every stroke duration"),
        "tur_bound_periodic": labelled(pick(bound), lead + ("current",), "1",
                                       "lower bound (d ln kappa_1 / d ln s)^2 on the TUR ratio (Koyuk-Seifert)"),
    }
    ds = xr.Dataset(data, coords={"current": list(CURRENTS), "order": np.arange(1, order + 1)})
    ds["current"].attrs.update(units="", long_name="current: heat from the cold / hot bath, work on the system, "
                                                   "entropy production")
    ds["order"].attrs.update(units="1", long_name="cumulant order")
    parameters = asdict(items[0]) if single else {"points": len(items)}
    ds.attrs.update(provenance(SYSTEM, {**parameters, "order": order, **options}))
    return ds
