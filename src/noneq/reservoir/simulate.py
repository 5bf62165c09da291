"""One spin-GORM run as a labelled dataset: exact thermodynamics next to the Redfield (QME) prediction.

Quantities (hbar = k_B = 1, entropies in nats, heat Q = <H_r>_0 - <H_r>_t leaves the reservoir):
exact Delta_i S = Delta S - beta Q (eq. (10), via total-entropy conservation), exact Delta_i S_bar =
Delta S - beta (D/2)(<sz>_t - <sz>_0) (eq. (25)), and the QME Delta_i S_bar from eq. (30) with the N -> infinity
rates (corrected eq. (33), `noneq.reservoir.redfield`). The scalar outputs (for ``noneq run reservoir --json``)
are ``gamma_redfield``, ``sz_eq_redfield``, ``entropy_production_min``, ``entropy_production_final``,
``entropy_production_bar_min``, ``sz_final``.

Solvers (``solver=``; the outputs keep their names whatever the solver):

* "eigh": one dense 2N x 2N eigendecomposition, exact to rounding (`noneq.reservoir.spin_gorm`); O(N^3) time,
  ~4 (2N)^2 doubles of memory (N = 10^4: ~13 GB, ~20-30 min on 2 cores).
* "typicality": random-phase states propagated by Chebyshev (`noneq.reservoir.typicality`); O(N^2) per
  mat-vec, memory ~ R (8 N^2 bytes; N = 10^4: ~4 min on 2 cores, 2.7 GB); unbiased, with jackknife standard
  errors over the ``samples`` vectors in the ``*_error`` outputs (``sz_error``, ``system_entropy_error``,
  ``heat_error``, ``entropy_production_error``, ``entropy_production_bar_error``,
  ``entropy_production_final_error``, ``sz_final_error``).
* "components": the thermal components themselves, exact up to the discarded Boltzmann weight
  ``truncated_weight`` (an error bound on every <A> with ||A|| <= 1); as costly as all N propagations at the
  paper's beta = 10.
* "auto": "eigh" for N <= AUTO_EIGH_MAX_N, "typicality" above.

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
from noneq.reservoir.exact import check_times
from noneq.reservoir.redfield import (qme_entropy_production_bar, redfield_rates_finite, redfield_rates_infinite,
                                      redfield_sz)
from noneq.reservoir.spin_gorm import SpinGorm, spin_gorm_series, spin_state
from noneq.reservoir.thermo import entropy_nats
from noneq.reservoir.typicality import (DEFAULT_SAMPLES, jackknife_error, spin_gorm_components,
                                        spin_gorm_typicality)

SYSTEM = "reservoir"
MAX_TIMES = 100000  # time points per run (the cost is O(N^2) per time point)
AUTO_EIGH_MAX_N = 2048  # solver "auto": exact eigh up to here (N = 2000: 45 s wall vs 11 s for typicality);
# above, eigh grows as N^3 and needs ~4 (2N)^2 doubles, typicality as N^2 (N = 10^4: 233 s, 2.7 GB)
SOLVERS = ("auto", "eigh", "typicality", "components")


def _solve_eigh(model: SpinGorm, t: np.ndarray, samples: int) -> dict:
    return spin_gorm_series(model, t)


def _solve_typicality(model: SpinGorm, t: np.ndarray, samples: int) -> dict:
    return spin_gorm_typicality(model, t, samples=samples)


def _solve_components(model: SpinGorm, t: np.ndarray, samples: int) -> dict:
    return spin_gorm_components(model, t)


SOLVER_FUNCTIONS = {"eigh": _solve_eigh, "typicality": _solve_typicality, "components": _solve_components}


def resolve_solver(solver: str, N: int) -> str:
    """The solver actually used: ``solver`` itself, or for "auto" "eigh" up to AUTO_EIGH_MAX_N, then
    "typicality"."""
    if solver not in SOLVERS:
        raise NoneqInputError(f"parameter 'solver' = {solver!r}: must be one of {', '.join(SOLVERS)}")
    if solver == "auto":
        return "eigh" if N <= AUTO_EIGH_MAX_N else "typicality"
    return solver


def _entropy(means: np.ndarray) -> np.ndarray:
    """S of the spin state with Bloch vector means[0:3] (each (n_t,))."""
    return entropy_nats(spin_state(means[0], means[1], means[2]))


def spin_gorm_thermodynamics(model: SpinGorm, times, *, solver: str = "eigh",
                             samples: int = DEFAULT_SAMPLES) -> xr.Dataset:
    """Exact and QME time series of the spin-GORM model at ``times`` (dim ``time``), with provenance.
    ``solver`` and ``samples`` (random vectors of "typicality"): see the module docstring."""
    method = resolve_solver(solver, model.N)
    s = SOLVER_FUNCTIONS[method](model, check_times(times), samples)
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
    if "per_vector" in s:
        _add_errors(ds, s["per_vector"], beta, delta)
    if "truncated_weight" in s:
        ds["truncated_weight"] = labelled(s["truncated_weight"], (), "1", "discarded Boltzmann weight: bound on "
                                          "the error of every <A>, ||A|| <= 1 (solver components)")
    ds.attrs = provenance(SYSTEM, {"N": model.N, "delta": delta, "beta": beta, "lam": model.lam,
                                   "seed": model.seed}, seed=model.seed, method=method)
    return ds


def _add_errors(ds: xr.Dataset, per_vector: np.ndarray, beta: float, delta: float) -> None:
    """Jackknife standard errors (over the random vectors) of the typicality estimates; per_vector holds each
    vector's <sx>, <sy>, <sz>, <H_r> (4, M, n_t)."""
    S0 = float(ds.system_entropy[0])

    def production(m):
        return _entropy(m) - S0 + beta * (m[3] - m[3][0])

    def production_bar(m):
        return _entropy(m) - S0 - beta * 0.5 * delta * (m[2] - m[2][0])

    errors = {
        "sz_error": (jackknife_error(per_vector, lambda m: m[2]), "1", "<sigma_z>_t"),
        "system_entropy_error": (jackknife_error(per_vector, _entropy), "nat", "S(t)"),
        "heat_error": (jackknife_error(per_vector, lambda m: m[3][0] - m[3]), "energy", "Q(t)"),
        "entropy_production_error": (jackknife_error(per_vector, production), "nat", "Delta_i S"),
        "entropy_production_bar_error": (jackknife_error(per_vector, production_bar), "nat", "Delta_i S_bar"),
    }
    for name, (value, unit, text) in errors.items():
        ds[name] = labelled(value, "time", unit, f"statistical (jackknife) standard error of {text} (typicality)")
    ds["entropy_production_final_error"] = labelled(float(errors["entropy_production_error"][0][-1]), (), "nat",
                                                    "standard error of entropy_production_final")
    ds["sz_final_error"] = labelled(float(errors["sz_error"][0][-1]), (), "1", "standard error of sz_final")
    ds["samples"] = labelled(per_vector.shape[1], (), "1", "random-phase vectors (typicality)")


def check_combination(values: Mapping[str, Any]) -> None:
    """Cross-parameter checks for ``noneq run reservoir``."""
    if values["n_times"] > MAX_TIMES:
        raise NoneqInputError(f"parameter 'n_times' = {values['n_times']!r}: must be at most {MAX_TIMES}")


def run_reservoir(progress: Progress = SILENT, *, N: int = 200, delta: float = 0.1, beta: float = 10.0,
                  lam: float = 0.1, seed: int = 0, t_max: float = 500.0, n_times: int = 201, solver: str = "auto",
                  samples: int = DEFAULT_SAMPLES) -> xr.Dataset:
    """Run the spin-GORM model: ``n_times`` equally spaced times in [0, t_max] (see module docstring)."""
    model = SpinGorm(N=N, delta=delta, beta=beta, lam=lam, seed=seed)
    method = resolve_solver(solver, N)
    with progress.task(f"spin-GORM N = {N} ({method})", 1) as advance:
        ds = spin_gorm_thermodynamics(model, np.linspace(0.0, t_max, n_times), solver=method, samples=samples)
        advance(1)
    ds.attrs = provenance(SYSTEM, dict(N=N, delta=delta, beta=beta, lam=lam, seed=seed, t_max=t_max,
                                       n_times=n_times, solver=solver, samples=samples), seed=seed, method=method)
    return ds
