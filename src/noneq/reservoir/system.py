"""The spin-GORM model as the noneq system ``reservoir``: parameters, outputs, and one run as a labelled dataset
(exact thermodynamics next to the Redfield (QME) prediction).

Quantities (hbar = k_B = 1, entropies in nats, heat Q = <H_r>_0 - <H_r>_t leaves the reservoir;
`noneq.reservoir.observables`): exact Delta_i S (eq. (10), via total-entropy conservation), exact Delta_i S_bar
(eq. (25)) and the QME Delta_i S_bar from eq. (30) with the N -> infinity rates (corrected eq. (33),
`noneq.reservoir.redfield`). Methods (``method=``; the outputs keep their names whatever the method):

* "eigh": one dense 2N x 2N eigendecomposition, exact to rounding (`noneq.reservoir.spin_gorm`); O(N^3) time,
  about 4 (2N)^2 doubles of memory.
* "typicality": random-phase states propagated by Chebyshev (`noneq.reservoir.typicality`); O(N^2) per
  mat-vec, memory ~ 8 N^2 bytes; unbiased, with jackknife standard errors over the ``samples`` vectors in the
  ``*_error`` outputs.
* "components": the thermal components themselves, exact up to the discarded Boltzmann weight
  ``truncated_weight`` (an error bound on every <A> with ||A|| <= 1).
* "auto": "eigh" for N <= AUTO_EIGH_MAX_N, "typicality" above.

`estimate_reservoir` gives the peak memory and the time of a run from its parameters alone (models and their
calibration: docs/notes/reservoir.md); `System.execute` refuses a run that does not fit before it allocates.
"""

from __future__ import annotations

from typing import Any, Mapping

import numpy as np
import xarray as xr

from noneq.core import validation
from noneq.core.errors import NoneqInputError
from noneq.core.params import Parameter
from noneq.core.progress import SILENT, Progress
from noneq.core.results import labelled, provenance
from noneq.core.system import Output, Resources, System
from noneq.reservoir.model import (MAX_BETA, MAX_DIMENSION, MAX_ENERGY, MAX_N, MAX_PHASE, SYSTEM_NAME, SpinGorm,
                                   check_instance, check_times, max_phase_time)
from noneq.reservoir.observables import entropy_production, entropy_production_bar, heat, spin_entropy
from noneq.reservoir.redfield import (qme_entropy_production_bar, redfield_rates_finite, redfield_rates_infinite,
                                      redfield_sz)
from noneq.reservoir.exact import Eigensystem
from noneq.reservoir.spin_gorm import (SpinGormSeries, eigh_memory, eigh_seconds, spin_gorm_eigensystem,
                                       spin_gorm_series)
from noneq.reservoir.statistics import MAX_BINS, tpm_cumulants, tpm_memory, tpm_seconds
from noneq.reservoir.transitions import tpm_distribution
from noneq.reservoir.typicality import (DEFAULT_SAMPLES, component_count, jackknife_error, propagation_cost,
                                        spin_gorm_components, spin_gorm_typicality)

MAX_TIMES = 100000  # time points per run (the cost is O(N^2) per time point)
AUTO_EIGH_MAX_N = 2048  # method "auto": exact eigh up to here; above, typicality (N^2 instead of N^3 time)
METHODS = ("auto", "eigh", "typicality", "components")
# estimate_reservoir: a run's peak memory beyond the solver's, and its time on one core (docs/notes/reservoir.md)
FLOAT = 8  # bytes per double
DATASET_SERIES = 64  # time series of n_times doubles alive at once while the dataset is assembled (with copies)
JACKKNIFE_COPIES = 2  # (samples, n_times) arrays alive in jackknife_error
MEMORY_MARGIN = 1.25  # the estimate is the sum of the largest arrays alive at once, times this,
BASE_MEMORY = 64 * 2 ** 20  # plus this for BLAS/LAPACK buffers and small arrays
GOE_SECONDS = 3e-8  # per element of R: its three draws (solver, finite Redfield rates) and the histograms
JACKKNIFE_SECONDS = (2.5e-4, 2e-6)  # per sample and function (5 functions): a constant and per output time
TIME_POINT_SECONDS = 1e-5  # per output time: entropies of the spin states, the dataset
BASE_SECONDS = 0.05
STATISTICS_SECONDS = 0.2  # the two-point statistics' fixed cost: ~15 phase series, bases, datasets (measured
# 0.4 s in total at N = 100 on one core)
SOLVERS = {  # method -> solver(model, times, samples)
    "eigh": lambda model, t, samples: spin_gorm_series(model, t),
    "typicality": lambda model, t, samples: spin_gorm_typicality(model, t, samples=samples),
    "components": lambda model, t, samples: spin_gorm_components(model, t),
}
STATISTICS = ("mean", "cumulants", "distribution")
CUMULANT_ORDER = 4  # cumulants 1..4 of the two-point quantities (statistics = cumulants or distribution)
MAX_STATISTICS_N = MAX_DIMENSION // 2  # the two-point statistics use the dense general basis (dimension 2N)
DEFAULT_BINS = 201
SHAPE_VARIANCE_FLOOR = 1e-20  # heat variance below this times (energy scale)^2 is rounding (standard deviation
# < 1e-10 of the scale): the skewness and kurtosis are then reported as 0


def resolve_method(method: str, N: int) -> str:
    """The method actually used: ``method`` itself, or for "auto" "eigh" up to AUTO_EIGH_MAX_N, then "typicality".

    >>> resolve_method("auto", 100), resolve_method("auto", 10_000)
    ('eigh', 'typicality')
    """
    method = validation.choice("method", method, METHODS)
    if method == "auto":
        return "eigh" if N <= AUTO_EIGH_MAX_N else "typicality"
    return method


def spin_gorm_thermodynamics(model: SpinGorm, times, *, method: str = "eigh", samples: int = DEFAULT_SAMPLES,
                             eig: Eigensystem | None = None) -> xr.Dataset:
    """Exact and QME time series of the spin-GORM model at ``times`` (dim ``time``), with provenance.

    ``method``: see the module docstring; ``samples``: random-phase vectors of "typicality"; ``eig``: the
    `noneq.reservoir.spin_gorm.spin_gorm_eigensystem` of this model if already made (method "eigh"). Variables: the
    Bloch vector, S(t), Q(t), <V>, Delta_i S, Delta_i S_bar (exact), the Redfield <sz> and Delta_i S_bar, the
    rates of eq. (31) (N -> infinity and this reservoir's), scalar summaries, and for "typicality" the
    ``*_error`` standard errors, for "components" ``truncated_weight``.

    ``times`` start at 0 (the reference of every change) and include a time > 0; the ``*_min`` summaries are
    minima over t > 0 (at t = 0 every change vanishes).

    >>> ds = spin_gorm_thermodynamics(SpinGorm(N=16), [0.0, 25.0, 50.0])
    >>> bool(ds.entropy_production_min > 0), ds.attrs["method"]
    (True, 'eigh')
    """
    model = check_instance("model", model, SpinGorm)
    t = check_times(times, from_zero=True, scale=model.energy_scale())
    if not t[-1] > 0:
        raise NoneqInputError(f"parameter 'times' ends at {t[-1]!r}: must include a time > 0")
    method = resolve_method(method, model.N)
    samples = validation.integer("samples", samples, minimum=2)
    if eig is not None and method != "eigh":
        raise NoneqInputError(f"parameter 'eig' is given with method {method!r}: must be used with method eigh")
    solved = SOLVERS[method](model, t, samples) if eig is None else spin_gorm_series(model, t, eig=eig)
    s = solved.check_finite()
    t = s.times
    later = t > 0
    beta, delta = model.beta, model.delta
    S = spin_entropy(s.sx, s.sy, s.sz)
    gamma, sz_eq = redfield_rates_infinite(delta, beta, model.coupling)
    gamma_finite, sz_eq_finite = redfield_rates_finite(model)
    sz0 = float(s.sz[0])
    ds = xr.Dataset(coords={"time": labelled(t, "time", "1/energy", "time t (hbar = 1)")})
    for name in ("sx", "sy", "sz"):
        ds[name] = labelled(getattr(s, name), "time", "1", f"exact <sigma_{name[1]}>_t")
    ds["system_entropy"] = labelled(S, "time", "nat", "spin entropy S(t), eq. (4)")
    ds["heat"] = labelled(heat(s.reservoir_energy), "time", "energy",
                          "heat out of the reservoir Q = <H_r>_0 - <H_r>_t, eq. (9)")
    ds["interaction_energy"] = labelled(s.interaction_energy, "time", "energy", "<V>_t = lambda <sx R>_t")
    ds["entropy_production"] = labelled(entropy_production(S, ds.heat.values, beta), "time", "nat",
                                        "exact Delta_i S, eq. (10)")
    ds["entropy_production_bar"] = labelled(entropy_production_bar(S, s.system_energy, beta), "time", "nat",
                                            "exact Delta_i S_bar, eq. (25)")
    ds["sz_redfield"] = labelled(redfield_sz(t, gamma, sz_eq, sz0), "time", "1", "Redfield <sigma_z>_t, eq. (30)")
    ds["entropy_production_bar_qme"] = labelled(qme_entropy_production_bar(t, delta, beta, gamma, sz_eq, sz0),
                                                "time", "nat", "QME Delta_i S_bar (eqs. (25), (30))")
    scalars = {
        "gamma_redfield": (gamma, "energy", "Redfield rate gamma, eq. (31), N -> infinity alpha~"),
        "sz_eq_redfield": (sz_eq, "1", "Redfield <sigma_z>_eq, eq. (31)"),
        "gamma_redfield_finite": (gamma_finite, "energy", "gamma of eq. (31) from this finite reservoir's alpha~"),
        "sz_eq_redfield_finite": (sz_eq_finite, "1", "<sigma_z>_eq of eq. (31) from this finite reservoir"),
        "entropy_production_min": (ds.entropy_production[later].min(), "nat",
                                   "min over t > 0 of exact Delta_i S (t = 0 excluded: Delta_i S(0) = 0)"),
        "entropy_production_final": (ds.entropy_production[-1], "nat", "exact Delta_i S at t_max"),
        "entropy_production_bar_min": (ds.entropy_production_bar[later].min(), "nat",
                                       "min over t > 0 of exact Delta_i S_bar (t = 0 excluded: it is 0 there)"),
        "sz_final": (ds.sz[-1], "1", "exact <sigma_z> at t_max"),
    }
    for name, (value, unit, text) in scalars.items():
        ds[name] = labelled(float(value), (), unit, text)
    if s.per_sample is not None:
        _add_errors(ds, s, beta, delta)
    if s.truncated_weight is not None:
        ds["truncated_weight"] = labelled(s.truncated_weight, (), "1", "discarded Boltzmann weight: bound on "
                                          "the error of every <A>, ||A|| <= 1 (method components)")
    ds.attrs = provenance(SYSTEM_NAME, {"N": model.N, "delta": delta, "beta": beta, "coupling": model.coupling,
                                        "seed": model.seed}, seed=model.seed, method=method)
    return ds


def _add_errors(ds: xr.Dataset, s: SpinGormSeries, beta: float, delta: float) -> None:
    """Jackknife standard errors (over the random vectors) of the typicality estimates; s.per_sample holds each
    vector's <sx>, <sy>, <sz>, <H_r> (4, samples, n_t)."""
    def entropy(m):
        return spin_entropy(m[0], m[1], m[2])

    def production(m):
        return entropy_production(entropy(m), heat(m[3]), beta)

    def production_bar(m):
        return entropy_production_bar(entropy(m), 0.5 * delta * m[2], beta)

    errors = {
        "sz_error": (jackknife_error(s.per_sample, lambda m: m[2]), "1", "<sigma_z>_t"),
        "system_entropy_error": (jackknife_error(s.per_sample, entropy), "nat", "S(t)"),
        "heat_error": (jackknife_error(s.per_sample, lambda m: heat(m[3])), "energy", "Q(t)"),
        "entropy_production_error": (jackknife_error(s.per_sample, production), "nat", "Delta_i S"),
        "entropy_production_bar_error": (jackknife_error(s.per_sample, production_bar), "nat", "Delta_i S_bar"),
    }
    for name, (value, unit, text) in errors.items():
        ds[name] = labelled(value, "time", unit, f"statistical (jackknife) standard error of {text} (typicality)")
    ds["entropy_production_final_error"] = labelled(float(errors["entropy_production_error"][0][-1]), (), "nat",
                                                    "standard error of entropy_production_final")
    ds["sz_final_error"] = labelled(float(errors["sz_error"][0][-1]), (), "1", "standard error of sz_final")
    ds["samples"] = labelled(s.per_sample.shape[1], (), "1", "random-phase vectors (typicality)")


def _statistics(model: SpinGorm, times: np.ndarray, eig: Eigensystem, statistics: str, bins: int) -> xr.Dataset:
    """The two-point-measurement outputs of a run (`OUTPUTS`; `noneq.reservoir.statistics`): the system's
    reference state in Sigma is the spin's Gibbs state at the reservoir's beta (|down> is not full rank)."""
    system = model.open_system()
    ds = tpm_cumulants(system, times, order=CUMULANT_ORDER, reference_beta=model.beta, eig=eig)
    heat = ds.cumulants.sel(quantity="heat_0").isel(time=-1).values
    shaped = heat[1] > SHAPE_VARIANCE_FLOOR * model.energy_scale() ** 2  # else the ratios divide rounding
    out = ds.drop_vars("fluctuation_theorem_residual")
    scalars = {
        "fluctuation_theorem_residual_max": (float(np.max(np.abs(ds.fluctuation_theorem_residual))), "1",
                                             "max over t of |<exp(-Sigma)> - 1 + lambda(t)| (rounding)"),
        "heat_variance_final": (heat[1], "energy^2", "variance of the two-point heat at t_max"),
        "heat_skewness_final": (heat[2] / heat[1] ** 1.5 if shaped else 0.0, "1",
                                "skewness kappa_3 / kappa_2^(3/2) of the two-point heat at t_max (0 where the "
                                "variance is at rounding level)"),
        "heat_excess_kurtosis_final": (heat[3] / heat[1] ** 2 if shaped else 0.0, "1",
                                       "excess kurtosis kappa_4 / kappa_2^2 of the two-point heat at t_max (0 "
                                       "where the variance is at rounding level)"),
        "entropy_production_tpm_final": (float(ds.cumulants.sel(quantity="entropy_production", order=1)[-1]),
                                         "nat", "mean two-point entropy production <Sigma> at t_max"),
    }
    for name, (value, unit, text) in scalars.items():
        out[name] = labelled(float(value), (), unit, text)
    if statistics == "distribution":
        dist = tpm_distribution(system, times, bins=bins, reference_beta=model.beta, eig=eig)
        out = out.merge(dist.drop_vars("fluctuation_theorem").rename(normalization="distribution_normalization"))
    out.attrs = {}
    return out


def check_combination(values: Mapping[str, Any]) -> None:
    """Cross-parameter check for ``noneq run reservoir``: t_max times the energy scale of H at most MAX_PHASE
    (`noneq.reservoir.model.check_times`).

    >>> check_combination({"t_max": 500.0, "delta": 0.1, "coupling": 0.1}) is None
    True
    """
    statistics = values.get("statistics", "mean")
    if statistics != "mean":
        if values["N"] > MAX_STATISTICS_N:
            raise NoneqInputError(f"parameter 'N' = {values['N']!r}: must be at most {MAX_STATISTICS_N} for "
                                  f"statistics = {statistics} (exact two-point statistics, dense 2N x 2N)")
        if resolve_method(values["method"], values["N"]) != "eigh":
            raise NoneqInputError(f"parameter 'method' = {values['method']!r}: must be eigh or auto for statistics "
                                  f"= {statistics} (the two-point statistics share the exact eigendecomposition)")
    scale = _energy_scale(values)
    if not values["t_max"] <= max_phase_time(scale):
        raise NoneqInputError(f"parameter 't_max' = {values['t_max']!r}: must be at most {max_phase_time(scale):.3g} "
                              f"= {MAX_PHASE:g} / (1/2 + |delta|/2 + 1.5 |coupling|) (beyond, the rounding of the "
                              f"energies makes the phases e^(-iEt) meaningless)")


def _energy_scale(values: Mapping[str, Any]) -> float:
    return SpinGorm(N=2, delta=values["delta"], coupling=values["coupling"]).energy_scale()


def estimate_reservoir(values: Mapping[str, Any]) -> Resources:
    """Peak memory and time on one core of a run with these (validated) parameters, from the sizes alone.

    Memory: the solver's largest arrays alive at once (eigh: `noneq.reservoir.spin_gorm.eigh_memory`; typicality
    and components: `noneq.reservoir.typicality.propagation_cost`), or the jackknife and the dataset after it,
    whichever is larger, times MEMORY_MARGIN plus BASE_MEMORY. Time: the solver's (`eigh_seconds`,
    `propagation_cost`), the GOE draws, the output times and the jackknife (docs/notes/reservoir.md: calibration
    and accuracy).

    >>> r = estimate_reservoir({"N": 200, "n_times": 201, "t_max": 500.0, "delta": 0.1, "beta": 10.0,
    ...                         "coupling": 0.1, "method": "auto", "samples": 32})
    >>> r.memory < 2 ** 30, r.seconds < 10
    (True, True)
    """
    N, n_t = int(values["N"]), int(values["n_times"])
    method = resolve_method(values["method"], N)
    samples = int(values["samples"])
    after = FLOAT * DATASET_SERIES * n_t
    seconds = BASE_SECONDS + GOE_SECONDS * N * N + TIME_POINT_SECONDS * n_t
    if method == "eigh":
        solver = eigh_memory(N, n_t)
        seconds += eigh_seconds(N, n_t)
        detail = f"eigh: dense {2 * N} x {2 * N} eigendecomposition, O(N^3)"
    else:
        model = SpinGorm(N=N, delta=values["delta"], beta=values["beta"], coupling=values["coupling"])
        vectors = samples if method == "typicality" else component_count(model)
        solver, propagation = propagation_cost(N, n_t, float(values["t_max"]), model.energy_scale(), vectors)
        seconds += propagation
        if method == "typicality":
            after += FLOAT * (4 + JACKKNIFE_COPIES) * samples * n_t
            seconds += 5 * samples * (JACKKNIFE_SECONDS[0] + JACKKNIFE_SECONDS[1] * n_t)
        detail = f"{method}: Chebyshev propagation of {vectors} vectors of length {2 * N}, O(N^2) per term"
    redfield = 2.0 * FLOAT * N * N  # the finite-reservoir Redfield rates draw R again after the solver
    statistics = values.get("statistics", "mean")
    if statistics != "mean":
        d = 2 * N
        solver = max(solver, eigh_memory(N, 0) + tpm_memory(d, n_t, order=CUMULANT_ORDER))
        seconds += STATISTICS_SECONDS + tpm_seconds(d, n_t, order=CUMULANT_ORDER) - tpm_seconds(d, 0, order=0,
                                                                                                quantities=0)
        detail += f"; two-point cumulants 1..{CUMULANT_ORDER} (3 quantities, O(N^2) per time)"
        if statistics == "distribution":
            bins = int(values["bins"])
            solver = max(solver, eigh_memory(N, 0) + tpm_memory(d, n_t, support=N, bins=bins,
                                                                 statistics="distribution"))
            seconds += tpm_seconds(d, n_t, support=N, bins=bins, statistics="distribution") \
                - tpm_seconds(d, 0, order=0, quantities=0)
            detail += f"; two-point distributions on {bins} bins (O(N^3) per time)"
    memory = MEMORY_MARGIN * max(solver, redfield + after) + BASE_MEMORY
    reduce = {"eigh": "reduce N or n_times, or use method typicality",
              "typicality": "reduce N, samples, n_times or the step t_max / (n_times - 1)",
              "components": "reduce N or the step t_max / (n_times - 1), or use method typicality"}[method]
    return Resources(memory=memory, seconds=seconds, reduce=reduce, detail=detail)


def run_reservoir(progress: Progress = SILENT, *, N: int = 200, delta: float = 0.1, beta: float = 10.0,
                  coupling: float = 0.1, seed: int = 0, t_max: float = 500.0, n_times: int = 201,
                  method: str = "auto", samples: int = DEFAULT_SAMPLES, statistics: str = "mean",
                  bins: int = DEFAULT_BINS) -> xr.Dataset:
    """Run the spin-GORM model at ``n_times`` equally spaced times in [0, t_max] (module docstring).

    The parameters are validated as on the command line (`PARAMETERS`, `check_combination`).

    >>> ds = run_reservoir(N=16, t_max=50.0, n_times=11)
    >>> bool(ds.entropy_production_min > 0), ds.attrs["method"]
    (True, 'eigh')
    """
    given = dict(N=N, delta=delta, beta=beta, coupling=coupling, seed=seed, t_max=t_max, n_times=n_times,
                 method=method, samples=samples, statistics=statistics, bins=bins)
    values = {p.name: p.validate(given[p.name]) for p in PARAMETERS}  # Python values: no string parsing
    check_combination(values)
    N, t_max, n_times, method, samples = (values[k] for k in ("N", "t_max", "n_times", "method", "samples"))
    model = SpinGorm(N=N, delta=values["delta"], beta=values["beta"], coupling=values["coupling"],
                     seed=values["seed"])
    resolved = resolve_method(method, model.N)
    times = np.linspace(0.0, t_max, n_times)
    statistics = values["statistics"]
    with progress.task(f"spin-GORM N = {N} ({resolved})", 2 if statistics != "mean" else 1) as advance:
        eig = spin_gorm_eigensystem(model) if statistics != "mean" else None
        ds = spin_gorm_thermodynamics(model, times, method=resolved, samples=samples, eig=eig)
        advance(1)
        if statistics != "mean":
            ds = ds.merge(_statistics(model, times, eig, statistics, values["bins"]))
            advance(1)
    ds.attrs = provenance(SYSTEM_NAME, values, seed=values["seed"], method=resolved)
    return ds


PARAMETERS = (
    Parameter("N", 200, "1", "number of reservoir levels (equally spaced in [-1/2, 1/2])", kind=int,
              minimum=2, maximum=MAX_N),
    Parameter("delta", 0.1, "energy", "spin splitting Delta (H_s = Delta sigma_z / 2)", minimum=-MAX_ENERGY,
              maximum=MAX_ENERGY),
    Parameter("beta", 10.0, "1/energy", "initial inverse temperature of the reservoir", minimum=0.0,
              maximum=MAX_BETA),
    Parameter("coupling", 0.1, "energy", "system-reservoir coupling strength lambda (V = lambda sigma_x R)",
              minimum=-MAX_ENERGY, maximum=MAX_ENERGY),
    Parameter("seed", 0, "1", "seed of the GOE draw of R (and of the typicality phases)", kind=int, minimum=0),
    Parameter("t_max", 500.0, "1/energy", f"final time (hbar = 1); t_max (1/2 + |delta|/2 + 1.5 |coupling|) at "
              f"most {MAX_PHASE:g}", minimum=0.0, exclusive_minimum=True),
    Parameter("n_times", 201, "1", "number of equally spaced output times in [0, t_max]", kind=int,
              minimum=2, maximum=MAX_TIMES),
    Parameter("method", "auto", "1", f"eigh (exact, dense 2N x 2N), typicality (Chebyshev, random-phase states, "
              f"error bars), components (Chebyshev, thermal components) or auto (eigh up to N = {AUTO_EIGH_MAX_N})",
              kind=str, choices=METHODS),
    Parameter("samples", DEFAULT_SAMPLES, "1", "random-phase vectors of the typicality method", kind=int,
              minimum=2),
    Parameter("statistics", "mean", "", "mean: the mean thermodynamics; cumulants: also the exact two-point-"
              "measurement cumulants of the heat, spin energy change and entropy production and the fluctuation "
              f"theorem (N <= {MAX_STATISTICS_N}); distribution: also their distributions on `bins` energy bins",
              kind=str, choices=STATISTICS),
    Parameter("bins", DEFAULT_BINS, "1", "number of symmetric bins of each distribution (odd: the middle one is "
              "centred on 0; statistics = distribution)", kind=int, minimum=1, maximum=MAX_BINS,
              check=lambda value: None if value % 2 else "an odd number of bins",
              allowed_text=f"an odd integer in [1, {MAX_BINS}]"),
)

OUTPUTS = (
    Output("sz", ("time",), "1", "exact <sigma_z>_t (also sx, sy)"),
    Output("system_entropy", ("time",), "nat", "spin entropy S(t)"),
    Output("heat", ("time",), "energy", "heat out of the reservoir Q = <H_r>_0 - <H_r>_t"),
    Output("entropy_production", ("time",), "nat", "exact Delta_i S, eq. (10)"),
    Output("entropy_production_bar", ("time",), "nat", "exact Delta_i S_bar, eq. (25)"),
    Output("entropy_production_bar_qme", ("time",), "nat", "Redfield (QME) Delta_i S_bar"),
    Output("sz_redfield", ("time",), "1", "Redfield <sigma_z>_t, eq. (30)"),
    Output("gamma_redfield", (), "energy", "Redfield rate gamma, eq. (31) (N -> infinity bath)"),
    Output("sz_eq_redfield", (), "1", "Redfield equilibrium <sigma_z>"),
    Output("entropy_production_min", (), "nat", "minimum over t > 0 of exact Delta_i S (t = 0, where it is 0 by "
           "definition, excluded)"),
    Output("entropy_production_final", (), "nat", "exact Delta_i S at t_max"),
    Output("entropy_production_bar_min", (), "nat", "minimum over t > 0 of exact Delta_i S_bar (t = 0 excluded; "
           "negative when the weak-coupling definition fails)"),
    Output("sz_final", (), "1", "exact <sigma_z> at t_max"),
    Output("entropy_production_error", ("time",), "nat", "method typicality only: standard error of Delta_i S "
           "(also sz_error, system_entropy_error, heat_error, entropy_production_bar_error)"),
    Output("entropy_production_final_error", (), "nat", "method typicality only: standard error of "
           "entropy_production_final (also sz_final_error)"),
    Output("truncated_weight", (), "1", "method components only: discarded Boltzmann weight (error bound)"),
    Output("cumulants", ("time", "quantity", "order"), "energy^order (entropy production: nat^order)",
           "statistics = cumulants or distribution: two-point cumulants 1..4 of system_energy_change, heat_0 (out "
           "of the reservoir) and entropy_production (Sigma)"),
    Output("fluctuation_theorem", ("time",), "1", "statistics != mean: <exp(-Sigma)> (= 1 - absolute_"
           "irreversibility: the spin starts in |down>, not full rank)"),
    Output("absolute_irreversibility", ("time",), "1", "statistics != mean: lambda(t) = Tr[P_up U^dagger p~ U]"),
    Output("fluctuation_theorem_residual_max", (), "1", "statistics != mean: max_t |<exp(-Sigma)> - 1 + lambda|"),
    Output("heat_variance_final", (), "energy^2", "statistics != mean: variance of the heat at t_max (also "
           "heat_skewness_final, heat_excess_kurtosis_final, entropy_production_tpm_final)"),
    Output("heat_0_distribution", ("time", "heat_0_bin"), "1", "statistics = distribution: probability of the heat "
           "in each bin (also system_energy_change_distribution, entropy_production_distribution)"),
)

SYSTEM = System(
    name=SYSTEM_NAME,
    title="Entropy production with finite reservoirs (spin-GORM)",
    paper="Esposito, Lindenberg & Van den Broeck, New J. Phys. 12, 013013 (2010)",
    parameters=PARAMETERS,
    outputs=OUTPUTS,
    run_function=run_reservoir,
    check_combination=check_combination,
    estimate=estimate_reservoir,
)
