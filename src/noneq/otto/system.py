"""The finite-time quantum Otto machine as the noneq system ``otto``: parameters, outputs and one run.

Given the Carnot COP ``cop_carnot`` and the cold temperature T_c (so T_h = T_c (1 + 1 / cop_carnot)), a run finds
the optimal time allocation (eq. (20) plus the 1-d maximization of F, `noneq.otto.closed_form.optimal_times`; or
the given tau_c, tau_h when both are > 0) and the optimal frequencies: for two levels with the structured solver
of `noneq.otto.optimum` (chi for the refrigerator, power for the engine), for n_levels > 2 (equally spaced
spectrum w (1, 2, ..., n)) by direct maximization over the master-equation limit cycle (`noneq.otto.nlevel`). It
reports the cycle at that optimum (or at the given w_a, w_b): what it does (``mode``, one of
`noneq.otto.observables.MODES`: with ideal adiabats a refrigerator for w_b / w_a > T_h / T_c, an engine below,
idle at equality), limit-cycle populations along the cycle, heats, entropy production, the measures of the mode
it runs in (cop, chi for a refrigerator; eta, power for an engine) and the reference values of the requested
machine. A given cycle that does not run as the requested machine is reported as what it is, with a
`noneq.core.errors.NoneqWarning`. hbar = k_B = 1; heats absorbed by the working substance, W done on it.
Energies, rates and times lie in [1e-100, 1e100] (any unit), cop_carnot in [1e-6, 1e3].

Examples
--------
>>> ds = SYSTEM.run({"cop_carnot": 2.0, "machine": "engine"})        # defaults for the other parameters
>>> bool(float(ds.eta_carnot) / 2 < float(ds.eta_star) < float(ds.eta_carnot))
True
"""

from __future__ import annotations

import warnings
from typing import Mapping

import numpy as np
import xarray as xr

from noneq.core.errors import NoneqWarning, bad_value
from noneq.core.params import Parameter
from noneq.core.progress import SILENT, Progress
from noneq.core.results import labelled, provenance
from noneq.core.system import Output, Resources, System
from noneq.otto import observables as obs
from noneq.otto.closed_form import cop_ca, cop_plus, eta_ca, optimal_times
from noneq.otto.counting import CURRENTS
from noneq.otto.counting_cycles import DISTRIBUTION_COPIES, distribution_size, heat_distribution
from noneq.otto.cycle import limit_cycle, populations_along_cycle
from noneq.otto.model import OttoCycle
from noneq.otto.nlevel import optimal_frequencies_numeric
from noneq.otto.optimum import optimal_engine, optimal_refrigerator
from noneq.otto.uncertainty import counting_statistics

__all__ = ["OUTPUTS", "PARAMETERS", "SYSTEM", "check_combination", "estimate", "run_otto"]

ALONG_CYCLE_POINTS = 201

SCALE_MIN, SCALE_MAX = 1e-100, 1e100  # energies, rates and times: any unit, within these bounds
COP_CARNOT_MIN, COP_CARNOT_MAX = 1e-6, 1e3  # where both optima (chi, power) converge (docs/notes/otto.md)
_SCALE = f"in [{SCALE_MIN:g}, {SCALE_MAX:g}]"
CUMULANT_ORDER = 4  # scaled cumulants 1..4 per cycle (statistics = cumulants or distribution)
MAX_DISTRIBUTION_CYCLES = 10 ** 4  # larger distributions are refused by the estimate anyway (memory)


def _zero_or_scale(value: float) -> str | None:
    return None if value == 0 or SCALE_MIN <= value <= SCALE_MAX else f"0 or a number {_SCALE}"


def _scale_parameter(name: str, default: float, unit: str, description: str, *, zero: bool = False) -> Parameter:
    """A positive energy, rate or time (0 too with ``zero``: 'choose it optimally')."""
    if zero:
        return Parameter(name, default, unit, description, minimum=0.0, maximum=SCALE_MAX, check=_zero_or_scale,
                         allowed_text=f"0 or a finite real number {_SCALE}")
    return Parameter(name, default, unit, description, minimum=SCALE_MIN, maximum=SCALE_MAX)


PARAMETERS = (
    Parameter("cop_carnot", 2.0, "1", "Carnot COP T_c / (T_h - T_c); the optimum over w_a, w_b is computed",
              minimum=COP_CARNOT_MIN, maximum=COP_CARNOT_MAX),
    _scale_parameter("T_c", 1.0, "energy", "cold bath temperature (k_B = 1)"),
    _scale_parameter("gamma_c", 1.0, "1/time", "cold bath coupling rate gamma_c"),
    _scale_parameter("gamma_h", 1.0, "1/time", "hot bath coupling rate gamma_h"),
    _scale_parameter("tau_adi", 1.0, "time", "total time of both adiabats"),
    _scale_parameter("tau_c", 0.0, "time", "cold isochore time (0 with tau_h = 0: optimal allocation, eq. 20)",
                     zero=True),
    _scale_parameter("tau_h", 0.0, "time", "hot isochore time (0 with tau_c = 0: optimal allocation, eq. 20)",
                     zero=True),
    _scale_parameter("w_a", 0.0, "energy", "cold-isochore frequency (0 with w_b = 0: the optimum)", zero=True),
    _scale_parameter("w_b", 0.0, "energy", "hot-isochore frequency > w_a (0 with w_a = 0: the optimum)", zero=True),
    Parameter("n_levels", 2, "1", "levels of the working substance, spectrum w (1, 2, ..., n)", kind=int,
              minimum=2, maximum=30),
    Parameter("machine", "refrigerator", "",
              "optimize chi (refrigerator) or power (engine, eta_carnot = 1/(1 + cop_carnot))", kind=str,
              choices=("refrigerator", "engine")),
    Parameter("statistics", "mean", "",
              "mean: heats and work per cycle; cumulants: also their scaled cumulants per cycle and the "
              "uncertainty relations; distribution: also the joint distribution of the heat quanta over `cycles`",
              kind=str, choices=("mean", "cumulants", "distribution")),
    Parameter("cycles", 1, "1", "number of cycles of the heat distribution (statistics = distribution)", kind=int,
              minimum=1, maximum=MAX_DISTRIBUTION_CYCLES),
)

MODE_MEANINGS = " ".join(f"{code} {name}" for code, name in enumerate(obs.MODES))

OUTPUTS = (
    Output("mode", (), "1", f"what the reported cycle does ({MODE_MEANINGS}), from the signs of Q_c, Q_h, W"),
    Output("cop_star", (), "1", "COP at maximum chi (machine = refrigerator)"),
    Output("cop", (), "1", "COP Q_c / W of the reported cycle, where it runs as a refrigerator"),
    Output("cop_ca", (), "1", "Curzon-Ahlborn COP sqrt(1 + cop_carnot) - 1"),
    Output("cop_plus", (), "1", "upper bound (sqrt(9 + 8 cop_carnot) - 3) / 2"),
    Output("beta_c_w_a", (), "1", "beta_c w_a of the reported cycle (the optimum unless w_a, w_b are given)"),
    Output("beta_h_w_b", (), "1", "beta_h w_b of the reported cycle"),
    Output("Q_c", (), "energy", "heat absorbed from the cold bath per cycle"),
    Output("Q_h", (), "energy", "heat absorbed from the hot bath per cycle"),
    Output("W", (), "energy", "work done on the working substance per cycle"),
    Output("chi", (), "energy/time", "figure of merit cop Q_c / t_cycle, where it runs as a refrigerator"),
    Output("entropy_production", (), "1", "entropy production per cycle (nats)"),
    Output("eta_star", (), "1", "efficiency at maximum power (machine = engine)"),
    Output("eta", (), "1", "efficiency -W / Q_h of the reported cycle, where it runs as an engine"),
    Output("power", (), "energy/time", "power output -W / t_cycle, where it runs as an engine"),
    Output("populations", ("phase", "level"), "1", "limit-cycle populations along one cycle"),
    Output("time", ("phase",), "time", "time at each phase t / t_cycle of the cycle"),
    Output("cumulants", ("current", "order"), "energy^order (sigma: nats^order)",
           "statistics = cumulants or distribution: scaled cumulants per cycle of Q_c, Q_h, W and the entropy "
           "production (current = q_c, q_h, work, sigma; order 1..4)"),
    Output("tur_ratio", ("current",), "1", "kappa_2 <Sigma> / (2 kappa_1^2), where the cycle is not idle "
           "(steady-state TUR: >= 1; periodic driving can violate it)"),
    Output("tur_bound_periodic", ("current",), "1",
           "Koyuk-Seifert lower bound (d ln kappa_1 / d ln s)^2 on tur_ratio (s scales every stroke time)"),
    Output("dmean_dlog_time", ("current",), "energy (sigma: 1)", "d kappa_1 / d ln s, where the cycle is not idle"),
    Output("distribution", ("quanta_c", "quanta_h"), "1",
           "statistics = distribution: joint probability of the heat quanta over `cycles` cycles from the limit "
           "cycle (Q_c = w_a quanta_c, Q_h = w_b quanta_h)"),
)


def check_combination(values: Mapping) -> None:
    """Check the constraints between parameters: w_a, w_b (and tau_c, tau_h) are given together (both > 0) or
    both left at 0 (the optimum), and w_b > w_a.

    Examples
    --------
    >>> check_combination({"w_a": 1.0, "w_b": 0.0, "tau_c": 0.0, "tau_h": 0.0})
    Traceback (most recent call last):
    ...
    noneq.core.errors.NoneqInputError: parameter 'w_b' = 0.0: must be > 0 when w_a = 1 is given (or set both ...
    """
    if (values["w_a"] > 0) != (values["w_b"] > 0):
        given, missing = ("w_a", "w_b") if values["w_a"] > 0 else ("w_b", "w_a")
        raise bad_value(missing, 0.0, f"> 0 when {given} = {values[given]:g} is given "
                                      "(or set both to 0 for the optimal frequencies)")
    if values["w_a"] > 0 and values["w_b"] <= values["w_a"]:
        raise bad_value("w_b", values["w_b"], f"greater than w_a = {values['w_a']:g}")
    if (values["tau_c"] > 0) != (values["tau_h"] > 0):
        given, missing = ("tau_c", "tau_h") if values["tau_c"] > 0 else ("tau_h", "tau_c")
        raise bad_value(missing, 0.0, f"> 0 when {given} = {values[given]:g} is given "
                                      "(or set both to 0 for the optimal allocation, eq. 20)")



def _scalar(value, unit: str, name: str) -> xr.Variable:
    return labelled(float(value), (), unit, name)


def run_otto(*, cop_carnot: float, T_c: float, gamma_c: float, gamma_h: float, tau_adi: float, tau_c: float,
             tau_h: float, w_a: float, w_b: float, n_levels: int, machine: str, statistics: str = "mean",
             cycles: int = 1, progress: Progress = SILENT) -> xr.Dataset:
    """One run of ``noneq run otto``: the optimal refrigerator (or engine) between T_c and T_c (1 + 1/cop_carnot).

    Parameters are those of `PARAMETERS` (validated by `SYSTEM`); with w_a, w_b > 0 the reported cycle runs at
    those frequencies (the optimum is still reported). Returns the dataset described by `OUTPUTS` (plus the
    frequencies, times, heats and, for the engine, efficiencies and power), with the parameters as provenance.

    Examples
    --------
    >>> ds = run_otto(cop_carnot=2.0, T_c=1.0, gamma_c=1.0, gamma_h=1.0, tau_adi=1.0, tau_c=0.0, tau_h=0.0,
    ...               w_a=0.0, w_b=0.0, n_levels=2, machine="refrigerator")
    >>> round(float(ds.cop_star), 4), round(float(ds.cop_plus), 12), ds.populations.dims
    (0.7672, 1.0, ('phase', 'level'))
    """
    parameters = dict(cop_carnot=cop_carnot, T_c=T_c, gamma_c=gamma_c, gamma_h=gamma_h, tau_adi=tau_adi,
                      tau_c=tau_c, tau_h=tau_h, w_a=w_a, w_b=w_b, n_levels=n_levels, machine=machine,
                      statistics=statistics, cycles=cycles)
    check_combination(parameters)
    T_h = T_c * (1.0 + 1.0 / cop_carnot)
    eta_carnot = 1.0 - T_c / T_h
    if tau_c <= 0:
        allocation = optimal_times(gamma_c, gamma_h, tau_adi)
        tau_c, tau_h = allocation.tau_c, allocation.tau_h
    levels = tuple(float(k) for k in range(1, n_levels + 1))
    with progress.task("otto optimum", 1) as advance:
        if n_levels == 2:
            optimum = (optimal_refrigerator(cop_carnot) if machine == "refrigerator"
                       else optimal_engine(eta_carnot))
            w_a_opt, w_b_opt = float(optimum.beta_c_w_a[0]) * T_c, float(optimum.beta_h_w_b[0]) * T_h
        else:
            optimum = optimal_frequencies_numeric(T_c, T_h, gamma_c, gamma_h, tau_c, tau_h, tau_adi, levels,
                                                  machine=machine)
            w_a_opt, w_b_opt = float(optimum.w_a), float(optimum.w_b)
        advance(1)
    if w_a <= 0:
        w_a, w_b = w_a_opt, w_b_opt
    cycle = OttoCycle(w_a, w_b, T_c, T_h, gamma_c, gamma_h, tau_c, tau_h, tau_adi, levels)
    result = limit_cycle(cycle)
    running = obs.mode(result)
    if running != machine:
        warnings.warn(_mode_warning(machine, running, w_b / w_a, T_h / T_c), NoneqWarning, stacklevel=2)
    along = populations_along_cycle(cycle, ALONG_CYCLE_POINTS)
    t = along.time.values
    mode = labelled(obs.MODES.index(running), (), "1", f"mode of the reported cycle: {MODE_MEANINGS}")
    mode.attrs.update(flag_values=np.arange(len(obs.MODES)), flag_meanings=" ".join(obs.MODES))
    data = {
        "mode": mode,
        "cop_ca": _scalar(cop_ca(cop_carnot), "1", "Curzon-Ahlborn COP sqrt(1 + cop_carnot) - 1"),
        "cop_plus": _scalar(cop_plus(cop_carnot), "1", "upper bound (sqrt(9 + 8 cop_carnot) - 3) / 2"),
        "cop_carnot": _scalar(cop_carnot, "1", "Carnot COP T_c / (T_h - T_c)"),
        "beta_c_w_a": _scalar(w_a / T_c, "1", "beta_c w_a of the reported cycle"),
        "beta_h_w_b": _scalar(w_b / T_h, "1", "beta_h w_b of the reported cycle"),
        "w_a": _scalar(w_a, "energy", "frequency of the cold isochore"),
        "w_b": _scalar(w_b, "energy", "frequency of the hot isochore"),
        "T_h": _scalar(T_h, "energy", "hot bath temperature"),
        "tau_c": _scalar(tau_c, "time", "cold isochore time"),
        "tau_h": _scalar(tau_h, "time", "hot isochore time"),
        "Q_c": _scalar(result.Q_c, "energy", "heat absorbed from the cold bath per cycle"),
        "Q_h": _scalar(result.Q_h, "energy", "heat absorbed from the hot bath per cycle"),
        "W": _scalar(result.W, "energy", "work done on the working substance per cycle"),
        "entropy_production": _scalar(obs.entropy_production(result), "1",
                                      "entropy production per cycle -beta_c Q_c - beta_h Q_h (nats)"),
        "populations": labelled(along.populations.values, ("phase", "level"), "1",
                                "limit-cycle level populations along the cycle"),
        "frequency": labelled(along.frequency.values, ("phase",), "energy", "frequency w(t) along the cycle"),
        "time": labelled(t, ("phase",), "time", "time since the start of the cold isochore"),
    }
    if machine == "refrigerator":
        data["cop_star"] = _scalar(w_a_opt / (w_b_opt - w_a_opt), "1", "COP at maximum chi, w_a* / (w_b* - w_a*)")
    else:
        data.update({
            "eta_star": _scalar(1.0 - w_a_opt / w_b_opt, "1", "efficiency at maximum power 1 - w_a* / w_b*"),
            "eta_ca": _scalar(eta_ca(eta_carnot), "1", "Curzon-Ahlborn efficiency 1 - sqrt(1 - eta_carnot)"),
            "eta_carnot": _scalar(eta_carnot, "1", "Carnot efficiency 1 - T_c / T_h"),
        })
    if running == "refrigerator":  # the refrigerator's measures, only where the cycle cools
        data.update({
            "cop": _scalar(obs.cop(result), "1", "COP Q_c / W of the reported cycle"),
            "cooling_rate": _scalar(obs.cooling_rate(result), "energy/time", "R = Q_c / t_cycle"),
            "chi": _scalar(obs.chi(result), "energy/time", "figure of merit cop Q_c / t_cycle"),
        })
    elif running == "engine":
        data.update({
            "eta": _scalar(obs.efficiency(result), "1", "efficiency -W / Q_h of the reported cycle"),
            "power": _scalar(obs.power(result), "energy/time", "power output -W / t_cycle"),
        })
    if statistics != "mean":
        data.update(_statistics(cycle, running, statistics, cycles))
    # phase t / t_cycle (not the time itself) as the coordinate, so that runs with different cycle times align
    ds = xr.Dataset(data, coords={"phase": np.linspace(0.0, 1.0, t.size), "level": np.arange(n_levels)})
    if "current" in ds.dims:
        ds = ds.assign_coords(current=list(CURRENTS), order=np.arange(1, CUMULANT_ORDER + 1))
        ds["current"].attrs.update(units="", long_name="current: heat from the cold / hot bath, work on the "
                                                       "system, entropy production")
        ds["order"].attrs.update(units="1", long_name="cumulant order")
    if "quanta_c" in ds.dims:
        ds["quanta_c"].attrs.update(units="1", long_name="quanta absorbed from the cold bath (Q_c / w_a)")
        ds["quanta_h"].attrs.update(units="1", long_name="quanta absorbed from the hot bath (Q_h / w_b)")
    ds["phase"].attrs.update(units="1", long_name="phase t / t_cycle of the cycle")
    ds["level"].attrs.update(units="1", long_name="level index k (energies w k+1)")
    ds.attrs.update(provenance("otto", parameters))
    return ds


def _statistics(cycle: OttoCycle, running: str, statistics: str, cycles: int) -> dict:
    """The counting-statistics outputs of a run (`OUTPUTS`): the TUR measures only where the cycle is not idle
    (there every mean is at rounding level and the ratios are undefined)."""
    fcs = counting_statistics(cycle, order=CUMULANT_ORDER)
    data = {"cumulants": fcs.cumulants.variable}
    if running != "idle":
        data.update({name: fcs[name].variable for name in ("tur_ratio", "tur_bound_periodic", "dmean_dlog_time")})
    if statistics == "distribution":
        joint = heat_distribution(cycle, cycles)
        data["distribution"] = labelled(joint.distribution.values, ("quanta_c", "quanta_h"), "1",
                                        f"joint probability of the heat quanta over {cycles} cycles")
        data["quanta_c"] = ("quanta_c", joint.quanta_c.values)
        data["quanta_h"] = ("quanta_h", joint.quanta_h.values)
    return data


def _mode_warning(machine: str, running: str, ratio: float, carnot_ratio: float) -> str:
    """The one-line warning for a cycle that does not run as the requested machine.

    >>> _mode_warning("refrigerator", "engine", 1.2, 1.5)[:62]
    'the cycle is not a refrigerator but an engine (w_b / w_a = 1.2'
    """
    relation = "<" if ratio < carnot_ratio else (">" if ratio > carnot_ratio else "=")
    does = {"idle": "idle (no heat flows to double precision)", "engine": "an engine",
            "accelerator": "an accelerator"}.get(running, f"a {running}")
    needs = ("it cools only for w_b / w_a > T_h / T_c" if machine == "refrigerator"
             else "it gives work only for w_b / w_a < T_h / T_c")
    requested = "an engine" if machine == "engine" else "a refrigerator"
    return (f"the cycle is not {requested} but {does} (w_b / w_a = {ratio:.6g} {relation} T_h / T_c = "
            f"{carnot_ratio:.6g}; {needs}): its outputs describe that cycle")


ESTIMATE_BASE = 2 ** 20  # bytes: the dataset, scalars and solver temporaries of any run (measured peaks ~0.3 MiB)
FIRST_RUN_ALLOWANCE = 32 * 2 ** 20  # what the first run of a process loads (lazy imports): measured ~9 MiB
SECONDS_BASE, SECONDS_PER_LEVEL_SQUARED = 0.02, 0.005  # one core; measured within a factor ~3 (docs/notes/otto.md)


STATISTICS_SECONDS = 0.02  # the scaled cumulants and the TUR measures of one cycle (measured ~3 ms, n <= 30)
DISTRIBUTION_SECONDS_PER_OP = 4e-9  # per cycle, jump pair and lattice site (measured 0.7-1.7e-9 s)


def estimate(values: Mapping) -> Resources:
    """Peak memory and time of one run: a few n x n matrices and the (201, n) populations along the cycle; the
    optimum's search costs ~n^2 per limit cycle (n = n_levels; two levels: closed-form optimum); the counting
    statistics a few more n x n matrices, and the distribution over N = cycles cycles n (2 N (n - 1) + 1)^2
    numbers, each visited by ~(2n - 1) n jump pairs per cycle.

    Examples
    --------
    >>> estimate(SYSTEM.resolve({"n_levels": 30})).memory < 2 ** 26
    True
    >>> estimate(SYSTEM.resolve({"statistics": "distribution", "cycles": 10000})).memory > 2 ** 30
    True
    """
    n = int(values["n_levels"])
    memory = FIRST_RUN_ALLOWANCE + ESTIMATE_BASE + 8 * (40 * n * n + 10 * ALONG_CYCLE_POINTS * n)
    seconds = SECONDS_BASE + (SECONDS_PER_LEVEL_SQUARED * n * n if n > 2 else 0.0)
    detail = f"{n} levels: n x n matrices and {ALONG_CYCLE_POINTS} phases of populations"
    reduce = "lower n_levels"
    if values.get("statistics", "mean") != "mean":
        seconds += STATISTICS_SECONDS
    if values.get("statistics") == "distribution":
        cycles = int(values["cycles"])
        size = distribution_size(n, n - 1, cycles)
        memory += DISTRIBUTION_COPIES * 8.0 * size
        seconds += DISTRIBUTION_SECONDS_PER_OP * cycles * (2 * n - 1) * n * size
        detail += f"; the joint distribution of {size:.3g} numbers over {cycles} cycles"
        reduce = "lower cycles or n_levels"
    return Resources(memory, seconds, reduce=reduce, detail=detail)


SYSTEM = System(
    name="otto",
    title="Finite-time quantum Otto refrigerator (and engine) with a two-level or N-level working substance",
    paper="Yuan, Wang, He, Ma, Wang, arXiv:1408.4917 (2014)",
    parameters=PARAMETERS,
    outputs=OUTPUTS,
    run_function=run_otto,
    check_combination=check_combination,
    estimate=estimate,
)
