"""One spin-GORM run as a labelled dataset: exact thermodynamics next to the Redfield (QME) prediction.

Quantities (hbar = k_B = 1, entropies in nats, heat Q = <H_r>_0 - <H_r>_t leaves the reservoir):
exact Delta_i S = Delta S - beta Q (eq. (10), via total-entropy conservation), exact Delta_i S_bar =
Delta S - beta (D/2)(<sz>_t - <sz>_0) (eq. (25)), and the QME Delta_i S_bar from eq. (30) with the N -> infinity
rates (corrected eq. (33), `noneq.reservoir.redfield`). The scalar outputs (for ``noneq run reservoir --json``)
are ``gamma_redfield``, ``sz_eq_redfield``, ``entropy_production_min``, ``entropy_production_final``,
``entropy_production_bar_min``, ``sz_final``.

Example
-------
>>> ds = run_reservoir(N=16, t_max=50.0, n_times=11)
>>> bool(ds.entropy_production_min >= -1e-10)
True
"""

from __future__ import annotations

from typing import Any, Mapping

import numpy as np
import xarray as xr

from noneq.core.errors import NoneqInputError
from noneq.core.progress import SILENT, Progress
from noneq.core.results import labelled, provenance
from noneq.reservoir.redfield import (qme_entropy_production_bar, redfield_rates_finite, redfield_rates_infinite,
                                      redfield_sz)
from noneq.reservoir.spin_gorm import SpinGorm, spin_gorm_series, spin_state
from noneq.reservoir.thermo import entropy_nats

SYSTEM = "reservoir"
MAX_TIMES = 100000  # time points per run (the cost is O(N^2) per time point)


def spin_gorm_thermodynamics(model: SpinGorm, times) -> xr.Dataset:
    """Exact and QME time series of the spin-GORM model at ``times`` (dim ``time``), with provenance."""
    s = spin_gorm_series(model, times)
    t = s["times"]
    beta, delta = model.beta, model.delta
    S = entropy_nats(spin_state(s["sx"], s["sy"], s["sz"]))
    dS = S - S[0]
    Q = s["reservoir_energy"][0] - s["reservoir_energy"]
    gamma, sz_eq = redfield_rates_infinite(delta, beta, model.lam)
    gamma_finite, sz_eq_finite = redfield_rates_finite(model)
    sz0 = float(s["sz"][0])
    ds = xr.Dataset(coords={"time": labelled(t, "time", "1/energy", "time t (hbar = 1)")})
    for name in ("sx", "sy", "sz"):
        ds[name] = labelled(s[name], "time", "1", f"exact <sigma_{name[1]}>_t")
    ds["system_entropy"] = labelled(S, "time", "nat", "spin entropy S(t), eq. (4)")
    ds["heat"] = labelled(Q, "time", "energy", "heat out of the reservoir Q = <H_r>_0 - <H_r>_t, eq. (9)")
    ds["interaction_energy"] = labelled(s["interaction_energy"], "time", "energy", "<V>_t = lambda <sx R>_t")
    ds["entropy_production"] = labelled(dS - beta * Q, "time", "nat", "exact Delta_i S, eq. (10)")
    ds["entropy_production_bar"] = labelled(dS - beta * 0.5 * delta * (s["sz"] - sz0), "time", "nat",
                                            "exact Delta_i S_bar, eq. (25)")
    ds["sz_redfield"] = labelled(redfield_sz(t, gamma, sz_eq, sz0), "time", "1", "Redfield <sigma_z>_t, eq. (30)")
    ds["entropy_production_bar_qme"] = labelled(qme_entropy_production_bar(t, delta, beta, gamma, sz_eq, sz0),
                                                "time", "nat", "QME Delta_i S_bar (eqs. (25), (30))")
    scalars = {
        "gamma_redfield": (gamma, "energy", "Redfield rate gamma, eq. (31), N -> infinity alpha~"),
        "sz_eq_redfield": (sz_eq, "1", "Redfield <sigma_z>_eq, eq. (31)"),
        "gamma_redfield_finite": (gamma_finite, "energy", "gamma of eq. (31) from this finite reservoir's alpha~"),
        "sz_eq_redfield_finite": (sz_eq_finite, "1", "<sigma_z>_eq of eq. (31) from this finite reservoir"),
        "entropy_production_min": (ds.entropy_production.min(), "nat", "min_t exact Delta_i S"),
        "entropy_production_final": (ds.entropy_production[-1], "nat", "exact Delta_i S at t_max"),
        "entropy_production_bar_min": (ds.entropy_production_bar.min(), "nat", "min_t exact Delta_i S_bar"),
        "sz_final": (ds.sz[-1], "1", "exact <sigma_z> at t_max"),
    }
    for name, (value, unit, text) in scalars.items():
        ds[name] = labelled(float(value), (), unit, text)
    ds.attrs = provenance(SYSTEM, {"N": model.N, "delta": delta, "beta": beta, "lam": model.lam,
                                   "seed": model.seed}, seed=model.seed, method="eigen")
    return ds


def check_combination(values: Mapping[str, Any]) -> None:
    """Cross-parameter checks for ``noneq run reservoir``."""
    if values["n_times"] > MAX_TIMES:
        raise NoneqInputError(f"parameter 'n_times' = {values['n_times']!r}: must be at most {MAX_TIMES}")


def run_reservoir(progress: Progress = SILENT, *, N: int = 200, delta: float = 0.1, beta: float = 10.0,
                  lam: float = 0.1, seed: int = 0, t_max: float = 500.0, n_times: int = 201) -> xr.Dataset:
    """Run the spin-GORM model: ``n_times`` equally spaced times in [0, t_max] (see module docstring)."""
    model = SpinGorm(N=N, delta=delta, beta=beta, lam=lam, seed=seed)
    with progress.task(f"spin-GORM N = {N}", 1) as advance:
        ds = spin_gorm_thermodynamics(model, np.linspace(0.0, t_max, n_times))
        advance(1)
    ds.attrs = provenance(SYSTEM, dict(N=N, delta=delta, beta=beta, lam=lam, seed=seed, t_max=t_max,
                                       n_times=n_times), seed=seed, method="eigen")
    return ds
