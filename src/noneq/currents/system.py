"""The ``currents`` system's CLI / sweep face: its parameters, outputs and run function (`SYSTEM`).

One run computes <Q(t1)>, <Q(t2)> and <Q(t1) Q(t2)>_c by the chosen method (dispatch table ``METHODS``):

    exact       lattice-exact: independent walkers by closed forms (`closed_forms`), SEP by the closed two-point
                equations (`lattice`), annealed or quenched;
    mft         macroscopic (continuum) theory: at equilibrium (rho_a = rho_b) eqs. (48)-(49); with a step the
                optimal-path equations (8)-(11) solved numerically at second order in lambda
                (`noneq.currents.mft.linear_response`: exact at that order, discretisation error O(dx^2));
    montecarlo  continuous-time Monte Carlo (`montecarlo`), with standard errors (stderr_* variables).

``statistics=tur`` adds, at t1 and t2, the entropy production of the relaxation and the thermodynamic uncertainty
ratio Var(Q) Sigma / (2 <Q>^2) with its lower bound (t d<Q>/dt / <Q>)^2 (`noneq.currents.tur`; docs/papers/
currents.md): lattice exact (method exact, montecarlo: the Monte Carlo ratio uses the exact Sigma) or continuum
(mft: Sigma ~ sqrt(t), bound 1/4).

Bonds: Q(t1) is recorded at bond ``bond1`` and Q(t2) at ``bond2`` (bond b joins sites b and b + 1; default 0, 0,
the origin bond), so cov_q_t1_t2 = <Q_bond1(t1) Q_bond2(t2)>_c; other bonds with methods exact and montecarlo
only. Conventions: `noneq.currents.model`.

Examples
--------
>>> ds = SYSTEM.run(process="sep", rho_a=0.5, rho_b=0.5, t1=1.0, t2=2.0)
>>> round(float(ds.cov_q_t1_t2), 4)
0.1929
"""

from __future__ import annotations

from typing import Any, Mapping

import numpy as np
import xarray as xr

from noneq.core.errors import NoneqInputError, NumericalError, bad_value
from noneq.core.params import Parameter
from noneq.core.progress import SILENT, Progress
from noneq.core.results import NO_SEED, labelled, provenance
from noneq.core.system import Output, Resources, System
from noneq.currents import closed_forms
from noneq.currents.lattice import bond_correlations, lattice_correlations, lattice_memory
from noneq.currents.entropy import (current_rate, entropy_production, entropy_production_large_t,
                                    pseudo_entropy_production)
from noneq.currents.mft import TRANSPORT, equilibrium_covariance, grid_points, linear_response
from noneq.currents.mft.response import BYTES_PER_POINT as MFT_BYTES_PER_POINT
from noneq.currents.model import (AVERAGES, MAX_BOND_DISTANCE, PROCESSES, CurrentsModel, check_half_width, check_times,
                                  exact_half_width, montecarlo_half_width)
from noneq.currents.montecarlo import montecarlo_memory, simulate
from noneq.currents.observables import annealed_moments, quenched_moments, tur_ratio_estimate
from noneq.currents.tur import MIN_TIME as TUR_MIN_TIME

SYSTEM_NAME = "currents"
MAX_TIME = 200.0  # the exact SEP solve grows as (2L)^2 correlations, L ~ t: keep single runs to a few seconds
QUENCHED_RUNS_PER_CONFIGURATION = 50  # default dynamical runs per initial configuration (quenched Monte Carlo)
STATISTICS = ("cumulants", "tur")
TUR_MIN_STEP = 1e-6  # statistics=tur: |rho_a - rho_b| below this is left to the library (the exact solve's absolute
# tolerance 1e-12 would dominate the variance of so dilute a step, and the ratio is undefined at rho_a = rho_b)

PARAMETERS = (
    Parameter("process", "sep", "", "particles: independent walkers or symmetric simple exclusion", kind=str,
              choices=PROCESSES),
    Parameter("method", "exact", "", "exact (lattice), mft (macroscopic), montecarlo", kind=str,
              choices=("exact", "mft", "montecarlo")),
    Parameter("average", "annealed", "", "annealed (random initial state) or quenched (fixed initial state)",
              kind=str, choices=AVERAGES),
    Parameter("rho_a", 0.5, "1", "mean density left of the origin (sites <= 0); in [0, 1] for SEP",
              minimum=0.0),
    Parameter("rho_b", 0.5, "1", "mean density right of the origin (sites >= 1); in [0, 1] for SEP",
              minimum=0.0),
    Parameter("t1", 5.0, "1/hop rate", "first observation time", minimum=0.0, exclusive_minimum=True,
              maximum=MAX_TIME),
    Parameter("t2", 10.0, "1/hop rate", "second observation time (> t1)", minimum=0.0, exclusive_minimum=True,
              maximum=MAX_TIME),
    Parameter("seed", 12345, "1", "root seed of the Monte Carlo", kind=int, minimum=0),
    Parameter("samples", 20000, "1", "Monte Carlo samples", kind=int, minimum=40, maximum=10 ** 8),
    Parameter("configurations", 0, "1", "quenched Monte Carlo: initial configurations (0: samples / 50)",
              kind=int, minimum=0),
    Parameter("bond1", 0, "sites", "bond of Q(t1): bond b joins sites b and b + 1 (0: the origin bond)", kind=int,
              minimum=-MAX_BOND_DISTANCE, maximum=MAX_BOND_DISTANCE),
    Parameter("bond2", 0, "sites", "bond of Q(t2) (cov_q_t1_t2 = <Q_bond1(t1) Q_bond2(t2)>_c)", kind=int,
              minimum=-MAX_BOND_DISTANCE, maximum=MAX_BOND_DISTANCE),
    Parameter("half_width", 0, "sites", "lattice half-width L (0: the smallest safe one for t2)", kind=int,
              minimum=0),
    Parameter("statistics", "cumulants", "", "cumulants: means, variances, covariance; tur: also the entropy "
              "production and the uncertainty ratio at t1, t2 (a step rho_a != rho_b, origin bond)", kind=str,
              choices=STATISTICS),
)

OUTPUTS = (
    Output("mean_q_t1", (), "particles", "<Q(t1)> (at bond1)"),
    Output("mean_q_t2", (), "particles", "<Q(t2)> (at bond2)"),
    Output("var_q_t1", (), "particles^2", "<Q(t1)^2>_c (at bond1)"),
    Output("var_q_t2", (), "particles^2", "<Q(t2)^2>_c (at bond2)"),
    Output("cov_q_t1_t2", (), "particles^2", "<Q_bond1(t1) Q_bond2(t2)>_c"),
    Output("stderr_*", (), "", "Monte Carlo standard errors of the above (method=montecarlo)"),
    Output("entropy_production_t1", (), "nats", "statistics=tur: Sigma(t1) of the relaxation (walkers exact; SEP "
           "local equilibrium, an upper bound; mft: continuum)"),
    Output("entropy_production_t2", (), "nats", "statistics=tur: Sigma(t2)"),
    Output("pseudo_entropy_production_t1", (), "nats", "statistics=tur, methods exact and mft: Sigma_ps(t1) = "
           "int sum_j 2 J_j^2 / a_j dt <= Sigma(t1)"),
    Output("pseudo_entropy_production_t2", (), "nats", "statistics=tur, methods exact and mft: Sigma_ps(t2)"),
    Output("tur_ratio_t1", (), "1", "statistics=tur: Var(Q(t1)) Sigma(t1) / (2 <Q(t1)>^2) (steady-state TUR: >= 1)"),
    Output("tur_ratio_t2", (), "1", "statistics=tur: the same at t2"),
    Output("tur_bound_t1", (), "1", "statistics=tur: (t1 d<Q>/dt / <Q>)^2, the relaxation's lower bound of "
           "tur_ratio_t1"),
    Output("tur_bound_t2", (), "1", "statistics=tur: the same at t2"),
)


def _bonds(values: Mapping[str, Any]) -> tuple[int, int]:
    """(bond1, bond2): Q(t1) is recorded at bond1, Q(t2) at bond2 (bond b joins sites b, b + 1)."""
    return int(values.get("bond1", 0)), int(values.get("bond2", 0))


def _configurations(values: Mapping[str, Any]) -> int:
    return values["configurations"] or max(2, values["samples"] // QUENCHED_RUNS_PER_CONFIGURATION)


def check_combination(values: Mapping[str, Any]) -> None:
    """Constraints that tie parameters together, checked before any computation (`NoneqInputError`).

    >>> check_combination(SYSTEM.resolve({}) | {"t1": 3.0, "t2": 2.0})
    Traceback (most recent call last):
    ...
    noneq.core.errors.NoneqInputError: parameter 't2' = 2.0: must be a time later than t1 = 3 (times must increase)
    """
    CurrentsModel(values["process"], values["rho_a"], values["rho_b"])
    if not values["t2"] > values["t1"]:
        raise bad_value("t2", values["t2"], f"a time later than t1 = {values['t1']:g} (times must increase)")
    if values["method"] == "mft" and values["rho_a"] != values["rho_b"]:
        try:
            grid_points([values["t1"], values["t2"]])
        except NoneqInputError:
            raise bad_value("t1", values["t1"], f"a larger t1 for method=mft with t2 = {values['t2']:g}: the solver's "
                            "grid resolves sqrt(t1) (and sqrt(t2 - t1)) across a domain of size sqrt(t2), too many "
                            "points here; method=exact has no such limit") from None
    bonds = _bonds(values)
    if bonds != (0, 0) and values["method"] not in ("exact", "montecarlo"):
        raise bad_value("bond1" if bonds[0] else "bond2", bonds[0] or bonds[1],
                        f"0 for method {values['method']!r} (bonds away from the origin: method exact or "
                        f"montecarlo)")
    if values["half_width"]:
        sep_montecarlo = values["method"] == "montecarlo" and values["process"] == "sep"  # wall fronts: Poisson(t)
        check_half_width(values["half_width"], values["t2"], montecarlo=sep_montecarlo,
                         reach=max(abs(b) for b in bonds))
    if values.get("statistics", "cumulants") == "tur":
        _check_tur(values, bonds)
    if values["method"] == "montecarlo" and values["average"] == "quenched":
        configurations = _configurations(values)
        if configurations < 2 or values["samples"] // configurations < 2:
            raise bad_value("configurations", values["configurations"],
                            "at least 2 configurations with at least 2 runs each (samples >= 4)")


def _check_tur(values: Mapping[str, Any], bonds: tuple[int, int]) -> None:
    """statistics=tur needs a step and the origin bond."""
    if abs(values["rho_a"] - values["rho_b"]) < TUR_MIN_STEP:
        raise bad_value("rho_b", values["rho_b"], f"|rho_a - rho_b| >= {TUR_MIN_STEP:g} with statistics=tur (rho_a = "
                        f"{values['rho_a']:g}; at equilibrium the mean current and the entropy production vanish "
                        "and the uncertainty ratio is undefined)")
    if bonds != (0, 0):
        raise bad_value("bond1" if bonds[0] else "bond2", bonds[0] or bonds[1],
                        "0 with statistics=tur (the ratio is computed at the origin bond)")
    if values["t1"] < TUR_MIN_TIME:
        raise bad_value("t1", values["t1"], f"t1 >= {TUR_MIN_TIME:g} with statistics=tur (earlier times lose their "
                        "digits to rounding; the ratio tends to its one-bond limit there)")


def _exact(model: CurrentsModel, t: np.ndarray, average: str, values: Mapping[str, Any]) -> dict[str, Any]:
    """Lattice-exact mean and covariance of (Q_bond1(t1), Q_bond2(t2))."""
    half_width = values["half_width"] or None
    key = "covariance" if average == "annealed" else "covariance_quenched"
    if _bonds(values) != (0, 0):
        out = bond_correlations(model, t, _bonds(values), half_width=half_width)
        full = out[key].values  # (bond, bond2, time, time2)
        cov = np.array([[full[0, 0, 0, 0], full[0, 1, 0, 1]], [full[1, 0, 1, 0], full[1, 1, 1, 1]]])
        return {"mean": np.array([out["mean"].values[0, 0], out["mean"].values[1, 1]]), "covariance": cov,
                "half_width": int(out.half_width)}
    if model.process == "independent":
        mean = closed_forms.lattice_mean(model.rho_a, model.rho_b, t)
        cov = np.array([[closed_forms.lattice_covariance("independent", model.rho_a, model.rho_b, a, b, average)
                         for b in t] for a in t])
        return {"mean": mean, "covariance": cov}
    out = lattice_correlations(model, t, half_width=half_width)
    return {"mean": out["mean"].values, "covariance": out[key].values, "half_width": int(out.half_width),
            "pseudo_entropy_production": out.pseudo_entropy_production.values}


def _mft(model: CurrentsModel, t: np.ndarray, average: str, values: Mapping[str, Any]) -> dict[str, Any]:
    """Equilibrium closed forms (48)-(49), or the solver's second order with a step."""
    transport = TRANSPORT[model.process]
    if model.equilibrium:
        cov = equilibrium_covariance(transport, model.rho_a, t[:, None], t[None, :], average)
        return {"mean": np.zeros(t.size), "covariance": np.asarray(cov)}
    response = linear_response(transport, model.rho_a, model.rho_b, t, average=average)
    return {"mean": response.mean, "covariance": response.covariance}


def _montecarlo(model: CurrentsModel, t: np.ndarray, average: str, values: Mapping[str, Any]) -> dict[str, Any]:
    """Monte Carlo mean and covariance of (Q_bond1(t1), Q_bond2(t2)) with standard errors."""
    configurations = _configurations(values) if average == "quenched" else 0
    bonds = _bonds(values)
    sim = simulate(model, t, samples=values["samples"], seed=values["seed"], configurations=configurations,
                   half_width=values["half_width"] or None, bonds=bonds if bonds != (0, 0) else (0,))
    Q = sim.Q.values  # (sample, bond, time)
    columns = np.stack([Q[:, 0, 0], Q[:, 1, 1]], axis=1) if bonds != (0, 0) else Q[:, 0]
    stats = quenched_moments(columns, configurations) if configurations else annealed_moments(columns)
    return {**{name: stats[name].values for name in stats.data_vars}, "half_width": int(sim.half_width),
            "hop_attempts": int(sim.hop_attempts), "configurations": configurations, "samples": columns}


def _tur(model: CurrentsModel, t: np.ndarray, values: Mapping[str, Any], out: Mapping[str, Any]) -> dict[str, Any]:
    """statistics=tur outputs at t1, t2 (module docstring): Sigma, Sigma_ps, the ratio and its bound."""
    method = values["method"]
    if method == "mft":  # continuum: Sigma = Sigma_ps = Sigma_inf sqrt(t), <Q> ~ sqrt(t)
        sigma = entropy_production_large_t(model.process, model.rho_a, model.rho_b) * np.sqrt(t)
        pseudo, bound = sigma, np.full(t.size, 0.25)
    else:
        sigma = entropy_production(model, t)
        pseudo = out.get("pseudo_entropy_production")
        if pseudo is None and method == "exact":
            pseudo = pseudo_entropy_production(model, t)  # walkers (SEP's comes with the lattice solve)
        bound = (t * current_rate(model, t) / closed_forms.lattice_mean(model.rho_a, model.rho_b, t)) ** 2
    if method == "montecarlo":
        estimate = tur_ratio_estimate(out["samples"], sigma, configurations=out["configurations"])
        ratio, error = estimate.tur_ratio.values, estimate.tur_ratio_stderr.values
        if not np.all(np.isfinite(ratio) & np.isfinite(error)):
            raise NumericalError("the Monte Carlo mean current vanishes at t1 or t2 in these samples: the "
                                 "uncertainty ratio is undefined (more samples or later times)")
    else:
        ratio = np.diag(out["covariance"]) * sigma / (2 * out["mean"] ** 2)
    data = {}
    for i, name in enumerate(("t1", "t2")):
        data[f"entropy_production_{name}"] = labelled(sigma[i], (), "nats", f"Sigma({name}) of the relaxation")
        if pseudo is not None:
            data[f"pseudo_entropy_production_{name}"] = labelled(pseudo[i], (), "nats",
                                                                 f"Sigma_ps({name}) <= Sigma({name})")
        data[f"tur_ratio_{name}"] = labelled(ratio[i], (), "1", f"Var(Q) Sigma / (2 <Q>^2) at {name} "
                                             f"({values['average']})")
        data[f"tur_bound_{name}"] = labelled(bound[i], (), "1", f"(t d<Q>/dt / <Q>)^2 at {name}: lower bound of "
                                             "the ratio during the relaxation")
        if method == "montecarlo":
            data[f"stderr_tur_ratio_{name}"] = labelled(error[i], (), "1", f"Monte Carlo standard error of "
                                                        f"tur_ratio_{name}")
    return data


METHODS = {"exact": _exact, "mft": _mft, "montecarlo": _montecarlo}


def run_currents(*, progress: Progress = SILENT, **values: Any) -> xr.Dataset:
    """One run: validated parameters (see `PARAMETERS`) -> Dataset of scalar results (see `OUTPUTS`).

    >>> ds = run_currents(**SYSTEM.resolve({"process": "independent", "rho_a": 0.8, "rho_b": 0.2, "t1": 1.0,
    ...                                      "t2": 2.0}))
    >>> round(float(ds.mean_q_t1), 4)  # (rho_a - rho_b) h(1)
    0.3143
    """
    model = CurrentsModel(values["process"], values["rho_a"], values["rho_b"])
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
    if values.get("statistics", "cumulants") == "tur":
        data.update(_tur(model, t, values, out))
    seed = values["seed"] if values["method"] == "montecarlo" else NO_SEED
    ds = xr.Dataset(data)
    ds.attrs.update(provenance(SYSTEM_NAME, values, seed=seed))
    return ds


# seconds on one core, calibrated on runs of docs/notes/currents.md (within a factor ~3)
SECONDS_BASE = 0.1
SECONDS_PER_SITE_PAIR_TIME = 3e-6  # exact lattice solve: RK45 steps ~ t2, each O((2L)^2)
SECONDS_PER_GRID_POINT = 1.5e-6  # MFT linear response, per cell x time node (plus MFT_SECONDS_BASE)
MFT_SECONDS_BASE = 0.5  # its fixed cost (transport coefficients, the first sweeps)
SECONDS_PER_BOND_UPDATE = 5e-9  # SEP Monte Carlo: (2L - 1) t2 bond updates per sample
SECONDS_PER_HOP = 2e-8  # walkers' Monte Carlo: ~2 t2 hops per walker, 2 L mean_density walkers per sample
TUR_SECONDS = 0.1  # statistics=tur: entropy productions (measured ~0.035 s at t2 = 200)
SMALL = 2 ** 21  # bytes of a run that allocates nothing that grows (closed forms)
FIRST_RUN_ALLOWANCE = 32 * 2 ** 20  # what the first run of a process loads (imports, compiled kernels): ~9-24 MiB


def _half_width(values: Mapping[str, Any], montecarlo: bool) -> int:
    """The lattice half-width a run uses (the given one, or the smallest safe one for t2 and the bonds)."""
    reach = max(abs(b) for b in _bonds(values))
    need = (montecarlo_half_width(values["t2"]) if montecarlo else exact_half_width(values["t2"])) + reach
    return max(need, values["half_width"]) if montecarlo and values["process"] == "independent" else \
        (values["half_width"] or need)


def estimate(values: Mapping[str, Any]) -> Resources:
    """Peak memory and time of a run (`method_estimate`), with what the first run of a process loads.

    Examples
    --------
    >>> r = estimate(SYSTEM.resolve({"half_width": 10 ** 6}))
    >>> r.memory > 2 ** 40, r.reduce
    (True, 'lower half_width (0: the smallest safe one) or t2')
    """
    needed = method_estimate(values)
    seconds, detail = needed.seconds, needed.detail
    if values.get("statistics", "cumulants") == "tur":  # sums over ~2L sites and a quadrature in time
        seconds, detail = seconds + TUR_SECONDS, detail + "; uncertainty ratio"
    return Resources(FIRST_RUN_ALLOWANCE + needed.memory, seconds, needed.reduce, detail)


def method_estimate(values: Mapping[str, Any]) -> Resources:
    """Peak memory and time (one core) of the method's computation, from the validated parameters (the memory
    models `noneq.currents.lattice.lattice_memory`, `noneq.currents.montecarlo.montecarlo_memory`, the MFT grid).

    >>> method_estimate(SYSTEM.resolve({})).detail
    'exact lattice solve, half-width 37: (2L)^2 = 5.48e+03 pair correlations'
    """
    method, process, t2 = values["method"], values["process"], values["t2"]
    lattice_exact = method == "exact" and (process == "sep" or _bonds(values) != (0, 0))
    if lattice_exact:
        L = _half_width(values, montecarlo=False)
        pairs = (2.0 * L) ** 2
        return Resources(lattice_memory(L, 2, 2), SECONDS_BASE + SECONDS_PER_SITE_PAIR_TIME * pairs * t2,
                         "lower half_width (0: the smallest safe one) or t2",
                         f"exact lattice solve, half-width {L}: (2L)^2 = {pairs:.3g} pair correlations")
    if method == "montecarlo":
        model = CurrentsModel(process, values["rho_a"], values["rho_b"])
        L, samples = _half_width(values, montecarlo=True), values["samples"]
        nb = 1 if _bonds(values) == (0, 0) else 2
        work = (SECONDS_PER_BOND_UPDATE * (2 * L - 1) * t2 if process == "sep"
                else SECONDS_PER_HOP * 2 * L * model.mean_density * 2 * t2)
        return Resources(montecarlo_memory(process, samples, L, 2, nb, model.mean_density),
                         SECONDS_BASE + samples * work, "lower samples (or half_width)",
                         f"Monte Carlo, {samples} samples on a lattice of half-width {L}")
    if method == "mft" and values["rho_a"] != values["rho_b"]:
        points = grid_points([values["t1"], t2])
        return Resources(MFT_BYTES_PER_POINT * points + SMALL, MFT_SECONDS_BASE + SECONDS_PER_GRID_POINT * points,
                         "spread t1 and t2", f"MFT linear response on {points} grid points")
    return Resources(SMALL, SECONDS_BASE, "", "closed forms")


SYSTEM = System(
    name=SYSTEM_NAME,
    title="Multi-time correlations of the integrated current in 1D diffusive systems (SEP, independent walkers)",
    paper="Multi-time correlation of integrated current in diffusive system on infinite line (unpublished draft; "
          "our account and its corrections: docs/papers/currents.md)",
    parameters=PARAMETERS,
    outputs=OUTPUTS,
    run_function=run_currents,
    check_combination=check_combination,
    estimate=estimate,
)
