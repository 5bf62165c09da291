"""One run of the ``currents`` system: <Q(t1)>, <Q(t2)> and <Q(t1) Q(t2)>_c by the chosen method.

Methods (dispatch table ``METHODS``):
    exact       lattice-exact: independent walkers by closed forms (`closed_forms`), SEP by the closed two-point
                equations (`lattice`), annealed or quenched;
    mft         macroscopic (continuum) theory: independent particles for any step (exact continuum formulas),
                any model at equilibrium (eqs. 48-49). SEP with rho_a != rho_b needs the optimal-path solver of
                eqs. (8)-(11), not implemented: rejected with NoneqInputError;
    montecarlo  continuous-time Monte Carlo (`montecarlo`), with standard errors (stderr_* variables).
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
from noneq.currents.lattice import lattice_correlations
from noneq.currents.mft import TRANSPORT, equilibrium_covariance
from noneq.currents.model import CurrentsModel, check_half_width, check_times
from noneq.currents.montecarlo import simulate

SYSTEM_NAME = "currents"
QUENCHED_RUNS_PER_CONFIGURATION = 50  # default dynamical runs per initial configuration (quenched Monte Carlo)


def check_combination(values: Mapping[str, Any]) -> None:
    """Constraints that tie parameters together, checked before any computation."""
    CurrentsModel(values["model"], values["rho_a"], values["rho_b"])
    if not values["t2"] > values["t1"]:
        raise bad_value("t2", values["t2"], f"a time later than t1 = {values['t1']:g} (times must increase)")
    if values["method"] == "mft" and values["model"] == "sep" and values["rho_a"] != values["rho_b"]:
        raise NoneqInputError(
            "method 'mft' for model 'sep' with rho_a != rho_b needs the MFT optimal-path solver (eqs. 8-11), "
            "which is not implemented: available are method=mft with rho_a = rho_b (eqs. 48-49), "
            "method=exact (lattice-exact) and method=montecarlo")
    if values["half_width"]:
        sep_montecarlo = values["method"] == "montecarlo" and values["model"] == "sep"  # wall fronts: Poisson(t)
        check_half_width(values["half_width"], values["t2"], montecarlo=sep_montecarlo)
    if values["method"] == "montecarlo" and values["average"] == "quenched":
        configurations = _configurations(values)
        if configurations < 2 or values["realizations"] // configurations < 2:
            raise bad_value("configurations", values["configurations"],
                            "at least 2 configurations with at least 2 runs each (realizations >= 4)")


def _configurations(values: Mapping[str, Any]) -> int:
    return values["configurations"] or max(2, values["realizations"] // QUENCHED_RUNS_PER_CONFIGURATION)


def _exact(model: CurrentsModel, t: np.ndarray, average: str, values) -> dict[str, Any]:
    if model.model == "independent":
        mean = closed_forms.lattice_mean(model.rho_a, model.rho_b, t)
        cov = np.array([[closed_forms.lattice_covariance("independent", model.rho_a, model.rho_b, a, b, average)
                         for b in t] for a in t])
        return {"mean": mean, "covariance": cov}
    out = lattice_correlations(model, t, half_width=values["half_width"] or None)
    key = "covariance" if average == "annealed" else "covariance_quenched"
    return {"mean": out["mean"], "covariance": out[key], "half_width": out["half_width"]}


def _mft(model: CurrentsModel, t: np.ndarray, average: str, values) -> dict[str, Any]:
    mean = closed_forms.continuum_mean(model.rho_a, model.rho_b, t)
    if model.model == "independent":
        cov = closed_forms.continuum_covariance(model.rho_a, model.rho_b, t[:, None], t[None, :], average)
    else:
        cov = equilibrium_covariance(TRANSPORT["sep"], model.rho_a, t[:, None], t[None, :], average)
    return {"mean": mean, "covariance": np.asarray(cov)}


def _montecarlo(model: CurrentsModel, t: np.ndarray, average: str, values) -> dict[str, Any]:
    configurations = _configurations(values) if average == "quenched" else 0
    sim = simulate(model, t, realizations=values["realizations"], seed=values["seed"],
                   configurations=configurations, half_width=values["half_width"] or None)
    stats = quenched_moments(sim["Q"], configurations) if configurations else annealed_moments(sim["Q"])
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
