"""The thermodynamic uncertainty ratio of the integrated current Q(t) through the origin bond during the relaxation
from a step (docs/papers/currents.md, "Beyond the paper: the uncertainty relation of the relaxation").

Exposes `tur_statistics` (lattice exact, annealed or quenched, a labelled Dataset over time) and
`tur_ratio_large_t` (its t -> infinity limit from the closed forms).

    ratio R(t)         = Var(Q) Sigma(t) / (2 <Q>^2)        (the steady-state TUR would demand R >= 1)
    pseudo ratio       = Var(Q) Sigma_ps(t) / (2 <Q>^2)     (<= R: Sigma_ps <= Sigma)
    relaxation bound   = (t d<Q>/dt / <Q>)^2                (pseudo ratio >= relaxation bound, a theorem)

Sigma, Sigma_ps: `noneq.currents.entropy` (for SEP, Sigma is the local-equilibrium entropy production, an upper
bound on the exact one, so R is an upper bound on the exact ratio and the pseudo ratio a lower bound). The first
two cumulants are the exact lattice ones: closed forms for walkers (`closed_forms`; the derivatives at 0 of the
CGF mu(B) = h(t) [rho_a (e^B - 1) + rho_b (e^-B - 1)] annealed, sum_k rho_k ln(1 + (e^{+-B} - 1) p_k(t))
quenched), the two-point equations for SEP (`lattice`). The relaxation bound tends to 1/4 (<Q> ~ sqrt(t)).

Examples
--------
>>> ds = tur_statistics(CurrentsModel("independent", 0.8, 0.2), [0.01, 40.0])
>>> [bool(r > 1) for r in ds.tur_ratio.values], bool((ds.tur_ratio_pseudo >= ds.relaxation_bound).all())
([True, False], True)
"""

from __future__ import annotations

import numpy as np
import xarray as xr

from noneq.core.errors import bad_value
from noneq.core.results import labelled, provenance
from noneq.currents import closed_forms as cf
from noneq.currents.entropy import (current_rate, entropy_production, entropy_production_large_t,
                                    pseudo_entropy_production)
from noneq.currents.lattice import lattice_correlations
from noneq.currents.model import CurrentsModel, check_average, check_lattice_times, check_model, check_times

MIN_TIME = 1e-6  # earliest time: the O(t) cumulants and entropy production are differences of O(1) densities
# (relative rounding ~1e-16 / t); the ratio tends to its one-bond limit (A + B) ln(A/B) / (2 (A - B)) as t -> 0


def _check_step(rho_a: float, rho_b: float) -> None:
    if rho_a == rho_b:
        raise bad_value("rho_b", rho_b, f"a density other than rho_a = {rho_a:g} (at equilibrium the mean current "
                        "and the entropy production vanish: the ratio is undefined)")


def _walkers(model: CurrentsModel, t: np.ndarray, average: str) -> dict[str, np.ndarray]:
    variance = np.array([cf.lattice_covariance("independent", model.rho_a, model.rho_b, s, s, average) for s in t])
    return {"mean": cf.lattice_mean(model.rho_a, model.rho_b, t), "variance": variance,
            "entropy_production": entropy_production(model, t),
            "pseudo_entropy_production": pseudo_entropy_production(model, t)}


def _sep(model: CurrentsModel, t: np.ndarray, average: str, half_width: int | None) -> dict[str, np.ndarray]:
    ds = lattice_correlations(model, t, half_width=half_width)
    key = "covariance" if average == "annealed" else "covariance_quenched"
    return {"mean": ds["mean"].values, "variance": np.diag(ds[key].values),
            "entropy_production": ds.entropy_production.values,
            "pseudo_entropy_production": ds.pseudo_entropy_production.values}


def tur_statistics(model: CurrentsModel, times, *, average: str = "annealed",
                   half_width: int | None = None) -> xr.Dataset:
    """Lattice-exact uncertainty ratios of Q(t) (module docstring) at each time.

    Parameters
    ----------
    model : CurrentsModel
        Process and step densities (rho_a != rho_b).
    times : sequence of float
        Increasing times > 0.
    average : {"annealed", "quenched"}
        The variance's average; the entropy productions are those of the mean relaxation in both cases
        (docs/papers/currents.md: the quenched bound holds with them).
    half_width : int, optional
        Lattice half-width of the SEP solve (None: the smallest safe one).

    Returns
    -------
    xarray.Dataset
        Over ``time``: ``mean``, ``variance``, ``current_rate`` (d<Q>/dt), ``entropy_production``,
        ``pseudo_entropy_production``, ``tur_ratio``, ``tur_ratio_pseudo``, ``relaxation_bound``.

    Examples
    --------
    >>> ds = tur_statistics(CurrentsModel("sep", 0.8, 0.2), [1.0, 5.0], average="quenched")
    >>> bool((ds.tur_ratio >= ds.tur_ratio_pseudo).all() and (ds.tur_ratio_pseudo >= ds.relaxation_bound).all())
    True
    """
    model = check_model(model)
    average = check_average(average)
    _check_step(model.rho_a, model.rho_b)
    t = check_times(times)
    check_lattice_times("times", t)
    if t[0] < MIN_TIME:
        raise bad_value("times", float(t[0]), f"times >= {MIN_TIME:g} (earlier ones lose their digits to rounding; "
                        "the ratio tends to its one-bond limit there)")
    out = _walkers(model, t, average) if model.process == "independent" else _sep(model, t, average, half_width)
    mean, variance = out["mean"], out["variance"]
    rate = current_rate(model, t)
    data = {
        "mean": labelled(mean, "time", "particles", "<Q(t)>, lattice exact"),
        "variance": labelled(variance, "time", "particles^2", f"<Q(t)^2>_c, {average}, lattice exact"),
        "current_rate": labelled(rate, "time", "particles / (1/hop rate)", "d<Q>/dt (mean current at t)"),
        "entropy_production": labelled(out["entropy_production"], "time", "nats",
                                       "Sigma(t) of the relaxation (walkers exact; SEP local equilibrium, an "
                                       "upper bound)"),
        "pseudo_entropy_production": labelled(out["pseudo_entropy_production"], "time", "nats",
                                              "Sigma_ps(t) = int sum_j 2 J_j^2 / a_j dt <= Sigma(t)"),
        "tur_ratio": labelled(variance * out["entropy_production"] / (2 * mean ** 2), "time", "1",
                              "Var(Q) Sigma / (2 <Q>^2)"),
        "tur_ratio_pseudo": labelled(variance * out["pseudo_entropy_production"] / (2 * mean ** 2), "time", "1",
                                     "Var(Q) Sigma_ps / (2 <Q>^2)"),
        "relaxation_bound": labelled((t * rate / mean) ** 2, "time", "1",
                                     "(t d<Q>/dt / <Q>)^2: lower bound of both ratios (TUR of the relaxation)"),
    }
    ds = xr.Dataset(data, coords={"time": t})
    ds.attrs.update(provenance("currents", {"process": model.process, "rho_a": model.rho_a, "rho_b": model.rho_b,
                                            "average": average, "times": t}))
    return ds


def tur_ratio_large_t(process: str, rho_a: float, rho_b: float, average: str) -> float:
    """lim R(t) = pi v Sigma_inf / (2 (rho_a - rho_b)^2), v = lim <Q^2>_c / sqrt(t) (Derrida-Gerschenfeld's step
    variance for SEP annealed, its quenched counterpart, (rho_a + rho_b) / sqrt(pi) or / sqrt(2 pi) for walkers:
    `closed_forms.step_variance_large_t`), Sigma_inf = lim Sigma / sqrt(t) (`entropy_production_large_t`),
    <Q> ~ (rho_a - rho_b) sqrt(t / pi). The pseudo ratio has the same limit; the relaxation bound tends to 1/4.

    >>> round(tur_ratio_large_t("independent", 0.5 + 1e-4, 0.5 - 1e-4, "annealed"), 6)  # 1/sqrt(2) near equilibrium
    0.707107
    """
    check_average(average)
    _check_step(rho_a, rho_b)
    variance = cf.step_variance_large_t(process, rho_a, rho_b, average)
    return float(np.pi * variance * entropy_production_large_t(process, rho_a, rho_b) / (2 * (rho_a - rho_b) ** 2))
