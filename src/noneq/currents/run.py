"""One run of the ``currents`` system: <Q(t1)>, <Q(t2)> and <Q(t1) Q(t2)>_c by the chosen method.

Methods (dispatch table ``METHODS``):
    exact       lattice-exact: independent walkers by closed forms (`closed_forms`), SEP by the closed two-point
                equations (`lattice`), annealed or quenched;
    mft         macroscopic (continuum) theory: at equilibrium (rho_a = rho_b) eqs. (48)-(49); with a step
                (rho_a != rho_b) the optimal-path equations (8)-(11) solved numerically at second order in lambda
                (`mft_solver.linear_response`: the linearised equations, exact at that order - no finite
                difference in lambda -, discretisation error O(dx^2) ~ 1e-4 relative);
    montecarlo  continuous-time Monte Carlo (`montecarlo`), with standard errors (stderr_* variables).

Bonds: Q(t1) is recorded at bond ``bond1`` and Q(t2) at ``bond2`` (bond b joins sites b and b + 1; default 0, 0,
the origin bond), so cov_q_t1_t2 = <Q_bond1(t1) Q_bond2(t2)>_c; other bonds with methods exact and montecarlo
only (`bond_pair_exact`, `bond_pair_montecarlo`).
"""

from __future__ import annotations

from typing import Any, Mapping

import numpy as np
import xarray as xr

from noneq.core.errors import NoneqInputError, bad_value
from noneq.core.progress import SILENT, Progress
from noneq.core.results import NO_SEED, labelled, provenance
from noneq.currents import closed_forms
from noneq.currents.estimators import annealed_moments, quenched_moments
from noneq.currents.lattice import bond_correlations, lattice_correlations
from noneq.currents.mft import TRANSPORT, equilibrium_covariance
from noneq.currents.mft_solver import grid_points, linear_response
from noneq.currents.model import CurrentsModel, check_half_width, check_times
from noneq.currents.montecarlo import simulate

SYSTEM_NAME = "currents"
QUENCHED_RUNS_PER_CONFIGURATION = 50  # default dynamical runs per initial configuration (quenched Monte Carlo)


def check_combination(values: Mapping[str, Any]) -> None:
    """Constraints that tie parameters together, checked before any computation."""
    CurrentsModel(values["model"], values["rho_a"], values["rho_b"])
    if not values["t2"] > values["t1"]:
        raise bad_value("t2", values["t2"], f"a time later than t1 = {values['t1']:g} (times must increase)")
    if values["method"] == "mft" and values["rho_a"] != values["rho_b"]:
        try:
            grid_points([values["t1"], values["t2"]])
        except NoneqInputError:
            raise bad_value("t1", values["t1"], f"a larger t1 for method=mft with t2 = {values['t2']:g}: the solver's "
                            "grid resolves sqrt(t1) (and sqrt(t2 - t1)) across a domain of size sqrt(t2), too many "
                            "points here; method=exact has no such limit") from None
    check_bond_pair(values)
    if values["half_width"]:
        sep_montecarlo = values["method"] == "montecarlo" and values["model"] == "sep"  # wall fronts: Poisson(t)
        check_half_width(values["half_width"], values["t2"], montecarlo=sep_montecarlo,
                         reach=max(abs(b) for b in bond_pair(values)))
    if values["method"] == "montecarlo" and values["average"] == "quenched":
        configurations = _configurations(values)
        if configurations < 2 or values["realizations"] // configurations < 2:
            raise bad_value("configurations", values["configurations"],
                            "at least 2 configurations with at least 2 runs each (realizations >= 4)")


def _configurations(values: Mapping[str, Any]) -> int:
    return values["configurations"] or max(2, values["realizations"] // QUENCHED_RUNS_PER_CONFIGURATION)


def _exact(model: CurrentsModel, t: np.ndarray, average: str, values) -> dict[str, Any]:
    if bond_pair(values) != (0, 0):
        return bond_pair_exact(model, t, average, values)
    if model.model == "independent":
        mean = closed_forms.lattice_mean(model.rho_a, model.rho_b, t)
        cov = np.array([[closed_forms.lattice_covariance("independent", model.rho_a, model.rho_b, a, b, average)
                         for b in t] for a in t])
        return {"mean": mean, "covariance": cov}
    out = lattice_correlations(model, t, half_width=values["half_width"] or None)
    key = "covariance" if average == "annealed" else "covariance_quenched"
    return {"mean": out["mean"], "covariance": out[key], "half_width": out["half_width"]}


def _mft(model: CurrentsModel, t: np.ndarray, average: str, values) -> dict[str, Any]:
    transport = TRANSPORT[model.model]
    if model.equilibrium:
        cov = equilibrium_covariance(transport, model.rho_a, t[:, None], t[None, :], average)
        return {"mean": np.zeros(t.size), "covariance": np.asarray(cov)}
    response = linear_response(transport, model.rho_a, model.rho_b, t, average=average)
    return {"mean": response.mean, "covariance": response.covariance}


def _montecarlo(model: CurrentsModel, t: np.ndarray, average: str, values) -> dict[str, Any]:
    configurations = _configurations(values) if average == "quenched" else 0
    if bond_pair(values) != (0, 0):
        return bond_pair_montecarlo(model, t, configurations, values)
    sim = simulate(model, t, realizations=values["realizations"], seed=values["seed"],
                   configurations=configurations, half_width=values["half_width"] or None)
    stats = quenched_moments(sim["Q"], configurations) if configurations else annealed_moments(sim["Q"])
    return {**stats, "half_width": sim["half_width"], "hop_attempts": sim["hop_attempts"],
            "configurations": configurations}


# --- two bonds (bond1, bond2): <Q_bond1(t1) Q_bond2(t2)>_c by the exact and montecarlo routes -----------------

def bond_pair(values: Mapping[str, Any]) -> tuple[int, int]:
    """(bond1, bond2): Q(t1) is recorded at bond1, Q(t2) at bond2 (bond b joins sites b, b + 1); (0, 0) default."""
    return int(values.get("bond1", 0)), int(values.get("bond2", 0))


def check_bond_pair(values: Mapping[str, Any]) -> None:
    """Bonds other than the origin: exact and montecarlo only (`check_combination` checks the lattice reach)."""
    bonds = bond_pair(values)
    if bonds == (0, 0):
        return
    if values["method"] not in ("exact", "montecarlo"):
        raise bad_value("bond1" if bonds[0] else "bond2", bonds[0] or bonds[1],
                        f"0 for method {values['method']!r} (bonds away from the origin: method exact or "
                        f"montecarlo)")


def bond_pair_exact(model: CurrentsModel, t: np.ndarray, average: str, values) -> dict[str, Any]:
    """Lattice-exact two-bond, two-time statistics (`noneq.currents.lattice.bond_correlations`, both models)."""
    out = bond_correlations(model, t, bond_pair(values), half_width=values["half_width"] or None)
    full = out["covariance" if average == "annealed" else "covariance_quenched"]  # (bond, bond, time, time)
    cov = np.array([[full[0, 0, 0, 0], full[0, 1, 0, 1]], [full[1, 0, 1, 0], full[1, 1, 1, 1]]])
    return {"mean": np.array([out["mean"][0, 0], out["mean"][1, 1]]), "covariance": cov,
            "half_width": out["half_width"]}


def bond_pair_montecarlo(model: CurrentsModel, t: np.ndarray, configurations: int, values) -> dict[str, Any]:
    """Monte Carlo of Q_bond1(t1), Q_bond2(t2) (`noneq.currents.montecarlo.simulate` with two bonds)."""
    sim = simulate(model, t, realizations=values["realizations"], seed=values["seed"],
                   configurations=configurations, half_width=values["half_width"] or None, bonds=bond_pair(values))
    samples = np.stack([sim["Q_bonds"][:, 0, 0], sim["Q_bonds"][:, 1, 1]], axis=1)
    stats = quenched_moments(samples, configurations) if configurations else annealed_moments(samples)
    return {**stats, "half_width": sim["half_width"], "hop_attempts": sim["hop_attempts"],
            "configurations": configurations}


METHODS = {"exact": _exact, "mft": _mft, "montecarlo": _montecarlo}


def run_currents(*, progress: Progress = SILENT, **values: Any) -> xr.Dataset:
    """Validated parameters (see `noneq.currents.system.PARAMETERS`) -> Dataset of scalar results."""
    model = CurrentsModel(values["model"], values["rho_a"], values["rho_b"])
    t = check_times([values["t1"], values["t2"]], "t2")
    with progress.task(f"currents {values['method']}", total=1) as advance:
        out = METHODS[values["method"]](model, t, values["average"], values)
        advance(1)
    mean, cov = out["mean"], out["covariance"]
    average = values["average"]
    data = {
        "mean_q_t1": labelled(mean[0], (), "particles", "<Q(t1)>, mean integrated current through the origin"),
        "mean_q_t2": labelled(mean[1], (), "particles", "<Q(t2)>"),
        "var_q_t1": labelled(cov[0, 0], (), "particles^2", f"<Q(t1)^2>_c ({average})"),
        "var_q_t2": labelled(cov[1, 1], (), "particles^2", f"<Q(t2)^2>_c ({average})"),
        "cov_q_t1_t2": labelled(cov[0, 1], (), "particles^2", f"<Q(t1) Q(t2)>_c ({average})"),
    }
    if "mean_stderr" in out:
        se, ce = out["mean_stderr"], out["covariance_stderr"]
        for name, value in (("mean_q_t1", se[0]), ("mean_q_t2", se[1]), ("var_q_t1", ce[0, 0]),
                            ("var_q_t2", ce[1, 1]), ("cov_q_t1_t2", ce[0, 1])):
            data[f"stderr_{name}"] = labelled(value, (), data[name].attrs["units"],
                                              f"Monte Carlo standard error of {name}")
        data["hop_attempts"] = labelled(out["hop_attempts"], (), "1", "SEP bond updates simulated")
        data["configurations"] = labelled(out["configurations"], (), "1",
                                          "initial configurations (quenched; 0 = annealed)")
    if "half_width" in out:
        data["half_width"] = labelled(out["half_width"], (), "sites", "lattice half-width L (sites -L+1..L)")
    seed = values["seed"] if values["method"] == "montecarlo" else NO_SEED
    ds = xr.Dataset(data)
    ds.attrs.update(provenance(SYSTEM_NAME, values, seed=seed))
    return ds
